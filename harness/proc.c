/* proc.c — fork/exec with timeout, process groups, redirection and rusage.
 * Invariants: see proc.h.  The parent polls wait4(WNOHANG) with a short sleep
 * so it can enforce the timeout and react to proc_interrupted without
 * touching the SIGCHLD disposition. */
#define _GNU_SOURCE
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t proc_interrupted;

static void on_signal(int sig)
{
    (void)sig;
    proc_interrupted = 1;
}

void proc_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static int open_out(const char *path)
{
    return open(path ? path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int proc_run(const proc_spec *spec, proc_result *res)
{
    memset(res, 0, sizeof *res);
    int efd[2];
    if (pipe2(efd, O_CLOEXEC) != 0)
        return err("pipe: %s", strerror(errno));
    int ofd = open_out(spec->stdout_path);
    if (ofd < 0) {
        int e = errno;
        close(efd[0]);
        close(efd[1]);
        return err("cannot open %s: %s", spec->stdout_path, strerror(e));
    }
    int edf;
    if (spec->stderr_path && spec->stdout_path && strcmp(spec->stderr_path, spec->stdout_path) == 0)
        edf = dup(ofd);
    else
        edf = open_out(spec->stderr_path);
    if (edf < 0) {
        int e = errno;
        close(ofd);
        close(efd[0]);
        close(efd[1]);
        return err("cannot open %s: %s", spec->stderr_path, strerror(e));
    }

    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(ofd);
        close(edf);
        close(efd[0]);
        close(efd[1]);
        return err("fork: %s", strerror(e));
    }
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        int nfd = open("/dev/null", O_RDONLY);
        if (nfd >= 0) {
            dup2(nfd, 0);
            close(nfd);
        }
        dup2(ofd, 1);
        dup2(edf, 2);
        if (spec->cwd && chdir(spec->cwd) != 0)
            goto fail;
        if (spec->env)
            for (char *const *e = spec->env; *e; e++) {
                char *eq = strchr(*e, '=');
                if (!eq)
                    continue;
                char *k = strndup(*e, (size_t)(eq - *e));
                if (k) {
                    setenv(k, eq + 1, 1);
                    free(k);
                }
            }
        execvp(spec->argv[0], spec->argv);
    fail:;
        int e = errno;
        ssize_t w = write(efd[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    setpgid(pid, pid); /* both sides set it: no race with kill(-pid) */
    close(ofd);
    close(edf);
    close(efd[1]);
    int child_errno = 0;
    ssize_t r = read(efd[0], &child_errno, sizeof child_errno);
    close(efd[0]);

    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    bool timed_out = false, interrupted = false;
    double kill_at = 0;
    long nap = 1;
    for (;;) {
        pid_t w = wait4(pid, &status, WNOHANG, &ru);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            err("wait4: %s", strerror(errno));
            break;
        }
        double t = now_s();
        if (!timed_out && !interrupted) {
            if (spec->timeout_s > 0 && t - t0 > spec->timeout_s)
                timed_out = true;
            if (proc_interrupted)
                interrupted = true;
            if (timed_out || interrupted) {
                kill(-pid, SIGTERM);
                kill(pid, SIGTERM);
                kill_at = t + 1.0;
            }
        } else if (kill_at > 0 && t > kill_at) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            kill_at = 0;
        }
        sleep_ms(nap);
        if (nap < 20)
            nap *= 2;
    }
    if (timed_out || interrupted)
        kill(-pid, SIGKILL); /* any straggler in the group */
    res->wall_s = now_s() - t0;
    res->maxrss_kib = ru.ru_maxrss;
    if (r == (ssize_t)sizeof child_errno) {
        res->how = PROC_EXEC_FAILED;
        res->code = child_errno;
    } else if (timed_out) {
        res->how = PROC_TIMEOUT;
        res->code = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    } else if (interrupted) {
        res->how = PROC_INTERRUPTED;
        res->code = 0;
    } else if (WIFSIGNALED(status)) {
        res->how = PROC_SIGNALED;
        res->code = WTERMSIG(status);
    } else {
        res->how = PROC_EXITED;
        res->code = WEXITSTATUS(status);
    }
    return 0;
}

char *proc_capture(char *const *argv, char *const *env, const char *cwd, double timeout_s,
                   bool merge_stderr, bool allow_fail, proc_result *resp)
{
    char tmpl[] = "/tmp/grbench-capture-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        err("mkstemp: %s", strerror(errno));
        return NULL;
    }
    close(fd);
    proc_spec sp = {.argv = argv,
                    .env = env,
                    .cwd = cwd,
                    .stdout_path = tmpl,
                    .stderr_path = merge_stderr ? tmpl : NULL,
                    .timeout_s = timeout_s};
    proc_result res;
    char *out = NULL;
    if (proc_run(&sp, &res) == 0) {
        if (resp)
            *resp = res;
        if (allow_fail || (res.how == PROC_EXITED && res.code == 0)) {
            int saved = errno;
            out = read_file(tmpl, NULL);
            errno = saved;
        }
    }
    unlink(tmpl);
    return out;
}

char *proc_describe(const proc_result *r, double timeout_s)
{
    switch (r->how) {
    case PROC_EXITED:
        return xasprintf("exit %d", r->code);
    case PROC_SIGNALED:
        return xasprintf("killed by signal %d (%s)", r->code, strsignal(r->code));
    case PROC_TIMEOUT:
        return xasprintf("timed out after %.0fs", timeout_s);
    case PROC_INTERRUPTED:
        return xstrdup("interrupted");
    case PROC_EXEC_FAILED:
        return xasprintf("could not start: %s", strerror(r->code));
    }
    return xstrdup("?");
}
