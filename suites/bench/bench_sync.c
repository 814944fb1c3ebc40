/*
 * bench_sync.c — the shared-state benchmarks, all RunParallel as in Go:
 * Mutex and Atomic (the seed guide's §10 pair, plus atomic),
 * WaitGroupAddDone and RWMutexReadMostly (Go's sync package benchmarks).
 *
 * Invariant: each body mirrors the Go function of the same name in
 * suites/go/bench/bench_test.go; one op is stated above each.
 */
#include "gbench.h"

#include <gr.h>

#include <stdatomic.h>

/* ---- Mutex: one op = mu.Lock(); n++; mu.Unlock() on one shared mutex. -- */

typedef struct {
    gr_mutex mu;
    long n;
} counter;

static void mutex_body(gb_pb *pb, void *arg)
{
    counter *c = arg;
    while (gb_pb_next(pb)) {
        gr_mutex_lock(&c->mu);
        c->n++;
        gr_mutex_unlock(&c->mu);
    }
}

static void bench_mutex(gb_state *st)
{
    counter c = {0};
    gb_run_parallel(st, mutex_body, &c);
    if (c.n != gb_n(st))
        gb_error(st, "Mutex: the counter lost updates");
}
GB_BENCHMARK(Mutex, bench_mutex)

/* ---- Atomic: one op = one atomic add (seq_cst) on one shared int64. ---- */

static void atomic_body(gb_pb *pb, void *arg)
{
    _Atomic int64_t *n = arg;
    while (gb_pb_next(pb))
        atomic_fetch_add(n, 1);
}

static void bench_atomic(gb_state *st)
{
    _Atomic int64_t n = 0;
    gb_run_parallel(st, atomic_body, &n);
}
GB_BENCHMARK(Atomic, bench_atomic)

/* ---- WaitGroupAddDone: one op = wg.Add(1); wg.Done() on one shared
 * WaitGroup (Go's sync.BenchmarkWaitGroupAddDone). ---- */

static void wg_body(gb_pb *pb, void *arg)
{
    gr_waitgroup *wg = arg;
    while (gb_pb_next(pb)) {
        gr_wg_add(wg, 1);
        gr_wg_done(wg);
    }
}

static void bench_wg_add_done(gb_state *st)
{
    gr_waitgroup wg = {0};
    gb_run_parallel(st, wg_body, &wg);
}
GB_BENCHMARK(WaitGroupAddDone, bench_wg_add_done)

/* ---- RWMutexReadMostly: one op = RLock+RUnlock, except every 100th op of
 * each goroutine, which is Lock+Unlock (Go's sync.BenchmarkRWMutexWrite100:
 * benchmarkRWMutex(b, localWork=0, writeRatio=100)). ---- */

static void rw_body(gb_pb *pb, void *arg)
{
    gr_rwmutex *rw = arg;
    long foo = 0;
    while (gb_pb_next(pb)) {
        foo++;
        if (foo % 100 == 0) {
            gr_rwmutex_lock(rw);
            gr_rwmutex_unlock(rw);
        } else {
            gr_rwmutex_rlock(rw);
            gr_rwmutex_runlock(rw);
        }
    }
}

static void bench_rwmutex_read_mostly(gb_state *st)
{
    gr_rwmutex rw = {0};
    gb_run_parallel(st, rw_body, &rw);
}
GB_BENCHMARK(RWMutexReadMostly, bench_rwmutex_read_mostly)
