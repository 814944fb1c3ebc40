/*
 * gbench_parallel.c — gb_run_parallel: Go's b.RunParallel on gr goroutines.
 *
 * gr_procs() worker goroutines share N ops through one atomic counter, each
 * taking batches of `grain` ops (gb_pb_next), exactly as testing.PB does.
 * grain is Go's: the number of ops that took ~100 us in the previous run of
 * the same benchmark, clamped to [1, 10000] (1 on the first run).
 *
 * Invariants: the timed region is the spawn of the workers, their bodies
 * and the join, nothing else; every op is handed out exactly once; the call
 * returns only after every worker goroutine has finished.
 */
#include "gbench.h"

#include <gr.h>

#include <stdio.h>
#include <stdlib.h>

typedef struct worker {
    gb_pb pb;
    void (*body)(gb_pb *, void *);
    void *arg;
    gr_waitgroup *wg;
} __attribute__((aligned(64))) worker;

bool gb_pb_refill_(gb_pb *pb)
{
    const int64_t got = atomic_fetch_add(pb->global, pb->grain) + pb->grain;
    if (got <= pb->n) {
        pb->cache = pb->grain;
        return true;
    }
    if (got < pb->n + pb->grain) { /* the last, partial batch */
        pb->cache = pb->n + pb->grain - got;
        return true;
    }
    return false;
}

static void worker_main(void *p)
{
    worker *w = p;
    w->body(&w->pb, w->arg);
    gr_wg_done(w->wg);
}

static int64_t grain_for(const int64_t *memo)
{
    int64_t grain = 1;
    if (memo[0] > 0 && memo[1] > 0)
        grain = (int64_t)(1e5 * (double)memo[0] / (double)memo[1]);
    if (grain < 1)
        grain = 1;
    if (grain > 10000)
        grain = 10000;
    return grain;
}

void gb_run_parallel(gb_state *st, void (*body)(gb_pb *pb, void *arg), void *arg)
{
    int nw = gr_procs();
    if (nw < 1)
        nw = 1;
    int64_t *memo = gb_parallel_memo_(st);
    worker *ws = aligned_alloc(64, sizeof(worker) * (size_t)nw);
    if (ws == NULL) {
        gb_error(st, "RunParallel: out of memory");
        return;
    }
    _Atomic int64_t global = 0;
    gr_waitgroup wg = {0};
    const int64_t grain = grain_for(memo);
    for (int i = 0; i < nw; i++)
        ws[i] = (worker){.pb = {.grain = grain, .global = &global, .worker = i},
                         .body = body, .arg = arg, .wg = &wg};

    const int64_t n = gb_begin(st);
    if (n == 0) {
        gb_end(st);
        free(ws);
        return;
    }
    const int64_t t0 = gr_now();
    int started = 0;
    for (int i = 0; i < nw; i++) {
        ws[i].pb.n = n;
        gr_wg_add(&wg, 1);
        if (gr_go(worker_main, &ws[i]) != GR_OK) {
            gr_wg_done(&wg);
            break;
        }
        started++;
    }
    gr_wg_wait(&wg);
    const int64_t elapsed = gr_now() - t0;
    gb_end(st);
    memo[0] = n;
    memo[1] = elapsed;
    free(ws);

    char msg[128];
    if (started < nw) {
        snprintf(msg, sizeof msg, "RunParallel: gr_go failed after %d of %d workers", started, nw);
        gb_error(st, msg);
    } else if (atomic_load(&global) < n) {
        gb_error(st, "RunParallel: a body returned before gb_pb_next() returned false");
    }
}
