/* proc.h — run one child program with fork/exec: its own process group, a
 * wall-clock timeout, stdout/stderr to files, extra environment, and the
 * child's rusage from wait4() (peak RSS).
 *
 * Invariants: no shell is ever involved (argv goes to execvp as is); on
 * timeout or interruption the whole process group gets SIGTERM, then SIGKILL
 * after a grace second, so no grandchild outlives its cell; proc_run always
 * reaps the child before it returns. */
#ifndef GRBENCH_PROC_H
#define GRBENCH_PROC_H

#include <signal.h>
#include <stdbool.h>

typedef enum {
    PROC_EXITED,
    PROC_SIGNALED,
    PROC_TIMEOUT,
    PROC_INTERRUPTED,
    PROC_EXEC_FAILED
} proc_how;

typedef struct {
    char *const *argv;       /* argv[0] is looked up on PATH */
    char *const *env;        /* "K=V" entries set in the child, or NULL */
    const char *cwd;         /* NULL: inherit */
    const char *stdout_path; /* NULL: /dev/null */
    const char *stderr_path; /* NULL: /dev/null; may equal stdout_path */
    double timeout_s;        /* <= 0: none */
} proc_spec;

typedef struct {
    proc_how how;
    int code; /* exit status, or signal number */
    double wall_s;
    long maxrss_kib; /* ru_maxrss of the child (and its waited-for descendants) */
} proc_result;

/* Set by the SIGINT/SIGTERM handler that main installs; a running child is
 * then stopped and proc_run returns PROC_INTERRUPTED. */
extern volatile sig_atomic_t proc_interrupted;
void proc_install_signal_handlers(void);

/* Returns 0 when the child was started and reaped (whatever its status),
 * -1 when it could not be started at all (reported). */
int proc_run(const proc_spec *spec, proc_result *res);

/* Run and capture stdout (and stderr if merge) into a malloc'd string.
 * Returns NULL if it could not run, timed out or exited non-zero, unless
 * allow_fail; *res is filled when given. */
char *proc_capture(char *const *argv, char *const *env, const char *cwd, double timeout_s,
                   bool merge_stderr, bool allow_fail, proc_result *res);

/* A one-line human description: "exit 3", "killed by SIGSEGV", "timed out after 60s". */
char *proc_describe(const proc_result *r, double timeout_s);

#endif
