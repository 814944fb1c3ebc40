/*
 * race.c — guide §10 "Race detector quickcheck" (goroutine/race/race.go):
 * 1000 goroutines increment one int with no synchronisation.  THIS PROGRAM
 * IS WRONG ON PURPOSE: it is the data race that ThreadSanitizer must find.
 *
 * Output: the final count, at most 1000 (increments are lost when two
 * goroutines run `x++` at once; on a 1-proc M:N backend it is usually 1000).
 * Built with -fsanitize=thread it must report
 * "WARNING: ThreadSanitizer: data race" on `x` (suites/examples/race/).
 * Invariant: the WaitGroup orders every goroutine's `x++` before main's
 * final read, so the only race is between the goroutines themselves.
 */
#include "ex.h"

static int x; /* shared, unprotected: the bug */
static gr_waitgroup wg;

void increment(void *arg);

void increment(void *arg)
{
    (void)arg;
    x++; /* racy read-modify-write */
    gr_wg_done(&wg);
}

static void race_main(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        gr_wg_add(&wg, 1);
        ex_go(increment, NULL);
    }
    gr_wg_wait(&wg);
    printf("%d\n", x);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, race_main, NULL);
}
