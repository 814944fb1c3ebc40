/*
 * exec.c — runs one case in a forked child with a timeout and turns the
 * child's fate into a verdict (libuv's runner and pipewire's pwtest work the
 * same way; this is an independent implementation).
 *
 * The child's stdout and stderr go to an unlinked temporary file (no pipe,
 * so a chatty child can never block on a full pipe); the parent polls
 * waitpid() with a short back-off until the child exits or the timeout
 * passes, then kills the child's process group with SIGKILL.
 *
 * Verdicts: exit 0 = pass (if .stderr_has is found), 77 = skip, 1..4 = fail
 * with the reason of ct.h's CT_EXIT_*, a signal = crash; a .death test
 * inverts this: it passes when the child exits non-zero (not 77) or is
 * killed by a signal, and its output has .stderr_has.  A timeout is always
 * a failure.  Invariants: the parent never calls into libgr between fork
 * and wait; every child is reaped; the temp file is closed on every path.
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(int fd)
{
    off_t len = lseek(fd, 0, SEEK_END);
    if (len < 0)
        return NULL;
    char *s = malloc((size_t)len + 1);
    if (!s)
        return NULL;
    ssize_t got = pread(fd, s, (size_t)len, 0);
    s[got > 0 ? got : 0] = '\0';
    return s;
}

__attribute__((format(printf, 2, 3))) static void reason(ct_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
}

ct_result ct_exec(const ct_case *c, int default_timeout_s)
{
    ct_result r = {.verdict = CT_FAIL};
    int timeout = c->t->timeout_s > 0 ? c->t->timeout_s : default_timeout_s;
    char tmpl[] = "/tmp/gr-ct-out-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) {
        reason(&r, "runner: mkstemp failed: %s", strerror(errno));
        return r;
    }
    unlink(tmpl);
    fflush(NULL);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        close(fd);
        reason(&r, "runner: fork failed: %s", strerror(errno));
        return r;
    }
    if (pid == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        setvbuf(stdout, NULL, _IONBF, 0);
        ct_child(c);
    }
    setpgid(pid, pid); /* also from the parent, so the kill below cannot miss */
    int status = 0;
    bool timed_out = false;
    long nap_us = 50;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            reason(&r, "runner: waitpid failed: %s", strerror(errno));
            break;
        }
        if (now_s() - t0 > timeout) {
            timed_out = true;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        usleep((useconds_t)nap_us);
        if (nap_us < 10000)
            nap_us *= 2;
    }
    r.seconds = now_s() - t0;
    r.output = slurp(fd);
    close(fd);
    const char *out = r.output ? r.output : "";
    const char *want = c->t->stderr_has ? c->t->stderr_has : "";
    bool has = !c->t->stderr_has || strstr(out, c->t->stderr_has) != NULL;

    if (timed_out) {
        reason(&r, "timed out after %d s", timeout);
        return r;
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (c->t->death && has) {
            r.verdict = CT_PASS;
            return r;
        }
        if (c->t->death)
            reason(&r, "died as expected (%s), but the output lacks \"%s\"", strsignal(sig), want);
        else
            reason(&r, "crashed: killed by signal %d (%s)", sig, strsignal(sig));
        return r;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == CT_EXIT_SKIP) {
        r.verdict = CT_SKIP;
        const char *p = strstr(out, "CT-SKIP: ");
        if (p) {
            p += 9;
            size_t n = strcspn(p, "\n");
            snprintf(r.why, sizeof r.why, "%.*s", (int)n, p);
        } else {
            snprintf(r.why, sizeof r.why, "skipped");
        }
        return r;
    }
    if (c->t->death) {
        if (code != 0 && has)
            r.verdict = CT_PASS;
        else if (code == 0)
            reason(&r, "expected the process to die, but it exited with status 0");
        else
            reason(&r, "died as expected (exit status %d), but the output lacks \"%s\"", code, want);
        return r;
    }
    switch (code) {
    case CT_EXIT_PASS:
        if (has)
            r.verdict = CT_PASS;
        else
            reason(&r, "the output lacks the expected text \"%s\"", want);
        break;
    case CT_EXIT_FAIL: reason(&r, "assertion failed"); break;
    case CT_EXIT_LEAK: reason(&r, "goroutines leaked (gr_numgoroutine() did not return to 1 within 1 s)"); break;
    case CT_EXIT_DEADLOCK: reason(&r, "deadlock: gr_run returned GR_EDEADLK"); break;
    case CT_EXIT_RUNERR: reason(&r, "gr_run returned an error"); break;
    default: reason(&r, "exited with unexpected status %d", code); break;
    }
    return r;
}
