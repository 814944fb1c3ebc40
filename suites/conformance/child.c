/*
 * child.c — what a forked test child does: run the test body (inside a
 * gr_run unless the test is .raw), check for leaked goroutines, and turn
 * the outcome into an exit code (ct.h CT_EXIT_*).
 *
 * Leak check (goleak's VerifyNone): after the body returns, poll
 * gr_numgoroutine() until it is back to 1 (only main), sleeping 1 ms between
 * polls, for at most 1 s; if goroutines remain, print a goroutine dump and
 * exit CT_EXIT_LEAK.  Invariants: the child never returns into the runner;
 * every path ends in _exit() after flushing stdio.
 */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const ct_case *current;

static void test_main(void *arg)
{
    const ct_case *c = arg;
    c->t->body();
    if (c->t->no_leak_check)
        return;
    int64_t deadline = gr_now() + CT_SEC;
    long n;
    while ((n = gr_numgoroutine()) > 1 && gr_now() < deadline)
        gr_sleep(CT_MS);
    if (n > 1) {
        printf("leak check: %ld goroutine(s) still alive 1 s after the test returned:\n", n - 1);
        fflush(stdout);
        gr_dump(stdout);
        fflush(stdout);
        _exit(CT_EXIT_LEAK);
    }
}

_Noreturn void ct_child(const ct_case *c)
{
    current = c;
    if (c->t->raw) {
        c->t->body();
        fflush(NULL);
        _exit(CT_EXIT_PASS);
    }
    gr_config cfg = {.procs = c->procs};
    int rc = gr_run(&cfg, test_main, (void *)c);
    fflush(NULL);
    if (rc == GR_EDEADLK) {
        printf("gr_run returned GR_EDEADLK: all goroutines are asleep (dump above)\n");
        fflush(NULL);
        _exit(CT_EXIT_DEADLOCK);
    }
    if (rc != GR_OK) {
        printf("gr_run returned %d (%s)\n", rc, gr_strerror(rc));
        fflush(NULL);
        _exit(CT_EXIT_RUNERR);
    }
    _exit(CT_EXIT_PASS);
}
