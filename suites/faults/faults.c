/*
 * faults.c — fault-handling checks, one per command-line case, run on the
 * backend that LD_LIBRARY_PATH selects (Meson registers each case once per
 * backend):
 *
 *   faults stack    a goroutine recursing without bound must kill the
 *                   process with a non-zero status after printing
 *                   "goroutine stack overflow" (RT-STACK-1);
 *   faults nomem    under an address-space limit (RLIMIT_AS, set in the
 *                   child) gr_go must return GR_ENOMEM and gr_chan_make
 *                   NULL, never abort, and the runtime must still work
 *                   under the same limit once memory is freed;
 *   faults threads  at a thread limit (RLIMIT_NPROC, see threads.c for how
 *                   that is made safe on a shared machine) gr_go must
 *                   return GR_ENOMEM, or succeed without needing a thread
 *                   (M:N), never abort; the runtime still works after.
 *
 * Each case runs in a forked child (the parent never calls into libgr, so
 * it stays single-threaded and fork is safe) whose output goes to a
 * temporary file; the parent enforces a timeout and judges.  Exit status:
 * 0 pass, 1 fail, 77 skip (a limit that cannot be set here), 2 usage.
 */
#include "faults.h"

#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Run fn in a child; fills *status and returns its output (malloc'd). */
static char *run_child(int (*fn)(void), int timeout_s, int *status, bool *hung)
{
    sc_child ch;
    int f = sc_fork(&ch);
    if (f < 0)
        return NULL;
    if (f == 1)
        _exit(fn());
    *hung = sc_wait(&ch, timeout_s, status, NULL);
    return sc_output(&ch);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: faults stack|nomem|threads\n");
        return 2;
    }
    const char *c = argv[1];
    int (*fn)(void) = !strcmp(c, "stack")     ? fault_stack_child
                      : !strcmp(c, "nomem")   ? fault_nomem_child
                      : !strcmp(c, "threads") ? fault_threads_child
                                              : NULL;
    if (!fn) {
        fprintf(stderr, "faults: unknown case %s\n", c);
        return 2;
    }
    int status = 0;
    bool hung = false;
    char *out = run_child(fn, 120, &status, &hung);
    const char *text = out ? out : "";
    printf("%s", text);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    bool pass;
    if (hung) {
        printf("faults %s: FAIL: no result within 120 s\n", c);
        pass = false;
    } else if (!strcmp(c, "stack")) {
        bool died = WIFSIGNALED(status) || code != 0;
        bool said = strstr(text, "goroutine stack overflow") != NULL;
        pass = died && said && !strstr(text, "fault-stack: survived");
        printf("faults stack: %s: %s %d, %s \"goroutine stack overflow\"\n", pass ? "ok" : "FAIL",
               WIFSIGNALED(status) ? "killed by signal" : "exit status",
               WIFSIGNALED(status) ? WTERMSIG(status) : code, said ? "printed" : "did NOT print");
    } else if (code == FAULT_SKIP) {
        printf("faults %s: skipped\n", c);
        free(out);
        return FAULT_SKIP;
    } else {
        pass = WIFEXITED(status) && code == 0;
        if (WIFSIGNALED(status))
            printf("faults %s: FAIL: killed by signal %d (%s)\n", c, WTERMSIG(status),
                   strsignal(WTERMSIG(status)));
        else
            printf("faults %s: %s (exit status %d)\n", c, pass ? "ok" : "FAIL", code);
    }
    free(out);
    return pass ? 0 : 1;
}
