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

#include "capture.h"

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
    sc_child ch;
    int f = sc_fork(&ch);
    if (f < 0) {
        reason(&r, "runner: mkstemp/fork failed: %s", strerror(errno));
        return r;
    }
    if (f == 1)
        ct_child(c); /* never returns */
    int status;
    bool timed_out = sc_wait(&ch, timeout, &status, &r.seconds);
    r.output = sc_output(&ch);
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
