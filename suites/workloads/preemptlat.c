/*
 * preemptlat.c — PreemptLatency: how late a sleeping goroutine wakes up
 * behind a CPU hog that never calls into the runtime.
 *
 * Main starts a sleeper that loops on gr_sleep(1 ms) and records how late
 * each wake-up is (the time past its deadline), then spins in plain C for
 * SIZE ms (default 1000): no runtime call, the clock read once per 2^18
 * iterations.  The run asks for asynchronous preemption
 * (GR_FLAG_PREEMPT_ASYNC); a backend that answers GR_ENOTSUP runs without
 * it, and then at procs=1 the sleeper cannot wake until the hog is done:
 * the run is bounded by SIZE, and the stall shows in the result.
 *
 * Output: `preemptlat: procs=P ms=SIZE preempt=async|none wakes=N
 *          late_p50_us=A late_p99_us=B late_max_us=C stalled=0|1 ok`
 *   wakes     sleeps that ended while the hog still ran;
 *   late_*    over every sleep that started while the hog ran (the last
 *             one may end after it), in microseconds;
 *   stalled   1 when no sleep ended while the hog ran.
 * Invariants: at most one sleep is in flight; the sleeper starts no sleep
 * after the hog ended; main reads the samples only after the sleeper's
 * WaitGroup.  See wl.h for exit codes.
 */
#include "wl.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define SLEEP_NS 1000000LL
#define MAX_SAMPLES 200000

static struct {
    int64_t late[MAX_SAMPLES];
    long n;              /* samples in late[] (sleeper only, then main) */
    long wakes;          /* sleeps that ended while the hog ran */
    _Atomic int hogging; /* set by main before the hog, cleared after */
    _Atomic int started; /* the sleeper is in its loop */
    gr_waitgroup done;
    long ms;
} P;

static void sleeper(void *arg)
{
    (void)arg;
    atomic_store(&P.started, 1);
    while (atomic_load(&P.hogging)) {
        int64_t t = gr_now();
        gr_sleep(SLEEP_NS);
        int64_t late = gr_now() - t - SLEEP_NS;
        if (P.n < MAX_SAMPLES)
            P.late[P.n++] = late < 0 ? 0 : late;
        if (atomic_load(&P.hogging))
            P.wakes++;
    }
    gr_wg_done(&P.done);
}

/* The hog: arithmetic in a loop, the clock once per 2^18 iterations, so
 * nearly every instruction it runs is in this program's own text. */
static __attribute__((noinline)) void hog(int64_t ns)
{
    volatile uint64_t x = 1;
    int64_t end = gr_now() + ns;
    for (uint64_t i = 1;; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        if ((i & ((1u << 18) - 1)) == 0 && gr_now() >= end)
            break;
    }
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void run(void *arg)
{
    (void)arg;
    atomic_store(&P.hogging, 1);
    gr_wg_add(&P.done, 1);
    wl_go(sleeper, NULL);
    while (!atomic_load(&P.started)) /* a parent-first scheduler runs it now */
        gr_yield();
    hog(P.ms * 1000000LL);
    atomic_store(&P.hogging, 0);
    gr_wg_wait(&P.done);
}

int main(int argc, char **argv)
{
    wl_args a;
    wl_parse(argc, argv, "preemptlat", 1000, "how long the hog spins, in ms (default 1000)", &a);
    P.ms = a.size;
    a.flags = GR_FLAG_PREEMPT_ASYNC;
    const char *mode = "async";
    int rc = wl_run_rc(&a, run, NULL);
    if (rc == GR_ENOTSUP) { /* this backend has no asynchronous preemption */
        a.flags = 0;
        mode = "none";
        rc = wl_run_rc(&a, run, NULL);
    }
    if (rc != GR_OK)
        wl_fail("preemptlat: gr_run: %s", gr_strerror(rc));
    if (P.n == 0)
        wl_fail("preemptlat: the sleeper recorded no sleep");
    qsort(P.late, (size_t)P.n, sizeof P.late[0], cmp64);
    long p99 = (P.n * 99 + 99) / 100 - 1; /* nearest rank */
    printf("preemptlat: procs=%d ms=%ld preempt=%s wakes=%ld late_p50_us=%lld late_p99_us=%lld "
           "late_max_us=%lld stalled=%d ok\n",
           a.procs > 0 ? a.procs : gr_numcpu(), P.ms, mode, P.wakes,
           (long long)(P.late[(P.n - 1) / 2] / 1000), (long long)(P.late[p99] / 1000),
           (long long)(P.late[P.n - 1] / 1000), P.wakes == 0);
    return WL_EXIT_OK;
}
