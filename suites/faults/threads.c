/*
 * threads.c — the thread-limit case.  The child puts itself under a small
 * RLIMIT_NPROC (the tasks its user already has + 48), so the kernel refuses
 * clone() with EAGAIN after a few dozen threads, then starts blocking
 * goroutines until gr_go fails or 2,000 run.  Pass: gr_go returned
 * GR_ENOMEM (a 1:1 backend at the limit), or all 2,000 started (an M:N
 * backend needs no thread per goroutine); never an abort or another code.
 * Then everything is freed and the runtime must still work.
 *
 * Safety on a shared machine: the real thread limit is never approached.
 * RLIMIT_NPROC does not bind root, so a root child first drops to the
 * unprivileged uid/gid 65534 ("nobody") after setting the limit; the
 * limit counts only that uid's tasks and is set in this forked child only,
 * so it caps our own threads and nothing else.  A non-root child keeps
 * its uid.  Skipped (77) when the uid cannot be changed.
 */
#include "faults.h"

#include <dirent.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define NOBODY 65534
#define HEADROOM 48
#define MAX_GO 2000

static int result = 1;

/* Tasks (threads) whose real uid is `uid`, summed over /proc. */
static long tasks_of(uid_t uid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    long n = 0;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        char path[300], line[256];
        snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
        FILE *f = fopen(path, "r");
        long real = -1, threads = 0;
        while (f && fgets(line, sizeof line, f)) {
            if (strncmp(line, "Uid:", 4) == 0)
                real = atol(line + 4);
            else if (strncmp(line, "Threads:", 8) == 0)
                threads = atol(line + 8);
        }
        if (f)
            fclose(f);
        if (real == (long)uid)
            n += threads;
    }
    if (d)
        closedir(d);
    return n;
}

static void main_fn(void *arg)
{
    (void)arg;
    gr_chan *block = gr_chan_make(0, 0);
    long n = 0;
    int rc = GR_OK;
    while (n < MAX_GO && (rc = gr_go(fault_blocker, block)) == GR_OK)
        n++;
    printf("threads: %ld goroutines started; last gr_go returned %d (%s)\n", n, rc,
           gr_strerror(rc));
    bool go_ok = rc == GR_ENOMEM || (rc == GR_OK && n == MAX_GO);
    gr_chan_close(block);
    bool drained = fault_wait_main_only(60);
    printf("threads: every blocked goroutine exited after the close: %s\n", drained ? "yes" : "NO");
    bool usable = fault_runtime_usable("at the thread limit after freeing");
    gr_chan_release(block);
    result = go_ok && drained && usable ? 0 : 1;
}

int fault_threads_child(void)
{
    uid_t uid = getuid() == 0 ? NOBODY : getuid();
    long have = tasks_of(uid);
    struct rlimit lim = {.rlim_cur = (rlim_t)(have + HEADROOM), .rlim_max = (rlim_t)(have + HEADROOM)};
    setvbuf(stdout, NULL, _IONBF, 0);
    if (setrlimit(RLIMIT_NPROC, &lim) != 0) {
        printf("threads: cannot set RLIMIT_NPROC: skipped\n");
        return FAULT_SKIP;
    }
    if (getuid() == 0 &&
        (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0)) {
        printf("threads: cannot drop root to uid %d (RLIMIT_NPROC would not bind): skipped\n",
               NOBODY);
        return FAULT_SKIP;
    }
    printf("threads: uid %d has %ld task(s); RLIMIT_NPROC set to %ld\n", (int)uid, have,
           (long)lim.rlim_cur);
    gr_config cfg = {.procs = 2};
    int rc = gr_run(&cfg, main_fn, NULL);
    if (rc != GR_OK) {
        printf("threads: gr_run returned %d (%s)\n", rc, gr_strerror(rc));
        return 1;
    }
    return result;
}
