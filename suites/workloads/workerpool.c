/*
 * workerpool.c — a fixed pool of WORKERS (8) goroutines fed by a buffered
 * jobs channel, with graceful shutdown: the producer closes `jobs` after
 * SIZE (default 100000) jobs, each worker finishes what it took and leaves
 * when the channel is drained, a closer goroutine closes `results` after
 * the last worker leaves (WaitGroup), and main collects until `results` is
 * closed.  Checked: every job ran exactly once, and every result arrived.
 *
 * Output: `workerpool: procs=P jobs=N workers=W ran=N results=N once=ok ok`.
 * See wl.h for exit codes.  Invariant: no goroutine outlives the run.
 */
#include "wl.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

enum { WORKERS = 8, QUEUE = 64 };

typedef struct {
    gr_chan *jobs, *results;
    _Atomic int *ran; /* ran[id]: how many times job id ran */
    int64_t n;
    gr_waitgroup workers, all;
} pool;

static void producer(void *p)
{
    pool *w = p;
    for (int64_t id = 0; id < w->n; id++)
        gr_chan_send(w->jobs, &id);
    gr_chan_close(w->jobs); /* graceful shutdown starts here */
    gr_wg_done(&w->all);
}

static void worker(void *p)
{
    pool *w = p;
    int64_t id;
    bool ok;
    while (gr_chan_recv(w->jobs, &id, &ok) == GR_OK && ok) {
        atomic_fetch_add(&w->ran[id], 1);
        int64_t result = id * 2 + 1; /* the "work" */
        gr_chan_send(w->results, &result);
    }
    gr_wg_done(&w->workers);
    gr_wg_done(&w->all);
}

static void closer(void *p)
{
    pool *w = p;
    gr_wg_wait(&w->workers);
    gr_chan_close(w->results);
    gr_wg_done(&w->all);
}

static void run(void *p)
{
    const wl_args *a = p;
    wl_require_goroutines("workerpool", WORKERS + 3);
    pool w = {.jobs = gr_chan_make(sizeof(int64_t), QUEUE),
              .results = gr_chan_make(sizeof(int64_t), QUEUE),
              .ran = calloc((size_t)a->size, sizeof(_Atomic int)),
              .n = a->size};
    if (w.jobs == NULL || w.results == NULL || w.ran == NULL)
        wl_fail("workerpool: out of memory");
    gr_wg_add(&w.workers, WORKERS);
    gr_wg_add(&w.all, WORKERS + 2);
    wl_go(producer, &w);
    for (int i = 0; i < WORKERS; i++)
        wl_go(worker, &w);
    wl_go(closer, &w);

    int64_t results = 0, sum = 0, v;
    bool ok;
    while (gr_chan_recv(w.results, &v, &ok) == GR_OK && ok) {
        results++;
        sum += v;
    }
    gr_wg_wait(&w.all);

    int64_t ran = 0;
    for (int64_t id = 0; id < w.n; id++) {
        int c = atomic_load(&w.ran[id]);
        if (c != 1)
            wl_fail("workerpool: job %lld ran %d times", (long long)id, c);
        ran += c;
    }
    if (results != w.n || sum != w.n * w.n)
        wl_fail("workerpool: %lld results (sum %lld) for %lld jobs", (long long)results,
                (long long)sum, (long long)w.n);
    printf("workerpool: procs=%d jobs=%lld workers=%d ran=%lld results=%lld once=ok ok\n",
           gr_procs(), (long long)w.n, WORKERS, (long long)ran, (long long)results);
    gr_chan_release(w.jobs);
    gr_chan_release(w.results);
    free(w.ran);
}

int main(int argc, char **argv)
{
    wl_args a;
    wl_parse(argc, argv, "workerpool", 100000, "how many jobs (default 100000)", &a);
    wl_run(&a, run, &a);
    return WL_EXIT_OK;
}
