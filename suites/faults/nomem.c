/*
 * nomem.c — the memory-exhaustion case.  Inside gr_run, main lowers this
 * process's RLIMIT_AS to what it uses now plus 96 MiB, then:
 *   1. starts goroutines that block until gr_go fails: it must fail with
 *      GR_ENOMEM (not abort, not another code) before 200,000;
 *   2. makes 1 MiB channels until gr_chan_make returns NULL (before 4,096),
 *      and checks that an overflowing size (SIZE_MAX/2 x 4) gives NULL;
 *   3. frees all of it (releases the channels, closes the blockers'
 *      channel, waits for them to exit) and checks, still under the limit,
 *      that the runtime works: a spawn and a channel round trip.
 * The limit is per process and set only in this forked child; nothing else
 * on the machine is affected.  Skipped (77) when RLIMIT_AS cannot be set.
 */
#include "faults.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define HEADROOM (96L << 20)
#define MAX_GO 200000
#define MAX_CHANS 4096

static int result = 1;

static long vm_size(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmSize:", 7) == 0)
            kb = atol(line + 7);
    if (f)
        fclose(f);
    return kb * 1024;
}

static bool exhaust_goroutines(gr_chan *block)
{
    long n = 0;
    int rc;
    while ((rc = gr_go(fault_blocker, block)) == GR_OK && n < MAX_GO)
        n++;
    printf("nomem: %ld goroutines started, then gr_go returned %d (%s)\n", n, rc,
           gr_strerror(rc));
    return rc == GR_ENOMEM;
}

static bool exhaust_channels(void)
{
    static gr_chan *cs[MAX_CHANS];
    int m = 0;
    while (m < MAX_CHANS && (cs[m] = gr_chan_make(1024, 1024)) != NULL)
        m++;
    printf("nomem: %d channels of 1 MiB made, then gr_chan_make returned NULL: %s\n", m,
           m < MAX_CHANS ? "yes" : "NO");
    gr_chan *huge = gr_chan_make(SIZE_MAX / 2, 4);
    printf("nomem: gr_chan_make(SIZE_MAX/2, 4) returned %s\n", huge ? "a channel (WRONG)" : "NULL");
    for (int i = 0; i < m; i++)
        gr_chan_release(cs[i]);
    gr_chan_release(huge);
    return m < MAX_CHANS && !huge;
}

static void main_fn(void *arg)
{
    (void)arg;
    struct rlimit old;
    getrlimit(RLIMIT_AS, &old);
    long vm = vm_size();
    struct rlimit lim = {.rlim_cur = (rlim_t)(vm + HEADROOM), .rlim_max = old.rlim_max};
    printf("nomem: VmSize %ld MiB, limiting the address space to %ld MiB\n", vm >> 20,
           (long)(lim.rlim_cur >> 20));
    gr_chan *block = gr_chan_make(0, 0);
    if (vm < 0 || !block || setrlimit(RLIMIT_AS, &lim) != 0) {
        printf("nomem: cannot set RLIMIT_AS here: skipped\n");
        result = FAULT_SKIP;
        return;
    }
    bool go_ok = exhaust_goroutines(block);
    bool chan_ok = exhaust_channels();
    gr_chan_close(block);
    bool drained = fault_wait_main_only(60);
    printf("nomem: every blocked goroutine exited after the close: %s\n", drained ? "yes" : "NO");
    bool usable = fault_runtime_usable("under the same limit after freeing");
    gr_chan_release(block);
    setrlimit(RLIMIT_AS, &old);
    result = go_ok && chan_ok && drained && usable ? 0 : 1;
}

int fault_nomem_child(void)
{
    gr_config cfg = {.procs = 2};
    setvbuf(stdout, NULL, _IONBF, 0);
    int rc = gr_run(&cfg, main_fn, NULL);
    if (rc != GR_OK) {
        printf("nomem: gr_run returned %d (%s)\n", rc, gr_strerror(rc));
        return 1;
    }
    return result;
}
