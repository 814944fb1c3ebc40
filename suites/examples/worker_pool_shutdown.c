/*
 * worker_pool_shutdown.c — guide §7 (goroutine/examples/
 * worker_pool_shutdown.go): a worker pool with graceful shutdown.
 *
 * main accepts jobs 1, 2, 3, ... into a buffered queue until a shutdown
 * signal (a 100 ms WithTimeout context stands in for SIGTERM); then it
 * stops accepting, closes the queue, and waits.  Three workers take jobs
 * from the queue, "process" each for 10 ms, and print
 * "worker W finished job J".  Last line:
 * "shutdown: accepted A jobs, completed C".
 * Invariants (checked by the test): C == A and the finished jobs are exactly
 * 1..A, each once — a job is accepted only when the send into the queue
 * succeeds, and the workers drain the closed queue before they exit.
 */
#include "ex.h"

#include <stdatomic.h>

struct pool {
    gr_chan *queue;
    gr_waitgroup workers;
    atomic_int completed;
};

struct worker_arg {
    struct pool *p;
    int id;
};

static void worker(void *arg)
{
    struct worker_arg *w = arg;
    int job;
    bool ok;
    while (gr_chan_recv(w->p->queue, &job, &ok) == GR_OK && ok) {
        gr_sleep(10 * EX_MS);
        printf("worker %d finished job %d\n", w->id, job);
        atomic_fetch_add(&w->p->completed, 1);
    }
    gr_wg_done(&w->p->workers);
}

static void pool_main(void *arg)
{
    (void)arg;
    struct pool p = {.queue = ex_chan(sizeof(int), 5)};
    struct worker_arg args[3];
    gr_wg_add(&p.workers, 3);
    for (int i = 0; i < 3; i++) {
        args[i] = (struct worker_arg){&p, i + 1};
        ex_go(worker, &args[i]);
    }

    gr_ctx *shutdown = gr_ctx_with_timeout(gr_ctx_background(), 100 * EX_MS);
    int accepted = 0;
    for (int job = 1;; job++) {
        gr_case cases[] = {
            {.ch = p.queue, .dir = GR_SEND, .elem = &job},
            {.ch = gr_ctx_done(shutdown), .dir = GR_RECV},
        };
        if (gr_select(cases, 2) == 1)
            break;
        accepted = job;
    }
    gr_chan_close(p.queue); /* stop accepting; queued jobs still run */
    gr_wg_wait(&p.workers);
    printf("shutdown: accepted %d jobs, completed %d\n", accepted, atomic_load(&p.completed));
    gr_ctx_release(shutdown);
    gr_chan_release(p.queue);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, pool_main, NULL);
}
