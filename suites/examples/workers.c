/*
 * workers.c — guide §3 "Launching and Waiting": 5 workers, each sleeps
 * 100 ms and reports, and main waits for all of them with a WaitGroup.
 *
 * Output: five lines "done: N" for N = 0..4, in any order.  The sleeps
 * overlap (a sleeping goroutine is parked), so the run takes about 100 ms,
 * never less.
 * Invariant: each worker's argument block lives on main's stack, which
 * outlives every worker because main waits on the WaitGroup.
 */
#include "ex.h"

struct worker_arg {
    int id;
    gr_waitgroup *wg;
};

static void worker(void *arg)
{
    struct worker_arg *w = arg;
    gr_sleep(100 * EX_MS);
    printf("done: %d\n", w->id);
    gr_wg_done(w->wg);
}

static void workers_main(void *arg)
{
    (void)arg;
    gr_waitgroup wg = {0};
    struct worker_arg args[5];
    for (int i = 0; i < 5; i++) {
        args[i] = (struct worker_arg){.id = i, .wg = &wg};
        gr_wg_add(&wg, 1);
        ex_go(worker, &args[i]);
    }
    gr_wg_wait(&wg);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, workers_main, NULL);
}
