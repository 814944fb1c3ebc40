/*
 * bench_sched.c — scheduler benchmarks: SpawnJoin, SpawnBurst, Yield and
 * SyscallHandoff.
 *
 * Invariants: each body mirrors the Go function of the same name in
 * suites/go/bench/bench_test.go (one op stated above each); every goroutine
 * a body starts has exited before the body returns; a gr_go failure is
 * reported as an error, never ignored.
 */
#define _GNU_SOURCE
#include "gbench.h"

#include <gr.h>

#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static void wg_done_fn(void *wg)
{
    gr_wg_done(wg);
}

static void report_go_failure(gb_state *st, int rc, const char *bench)
{
    char msg[160];
    snprintf(msg, sizeof msg, "%s: gr_go: %s", bench, gr_strerror(rc));
    gb_error(st, msg);
}

/* ---- SpawnJoin: one op = start a goroutine that only calls wg.Done(), and
 * wait for it (wg.Add(1); go ...; wg.Wait()). ---- */

static void bench_spawn_join(gb_state *st)
{
    gr_waitgroup wg = {0};
    int rc = GR_OK;
    const int64_t n = gb_begin(st);
    for (int64_t i = 0; i < n; i++) {
        gr_wg_add(&wg, 1);
        if ((rc = gr_go(wg_done_fn, &wg)) != GR_OK) {
            gr_wg_done(&wg);
            break;
        }
        gr_wg_wait(&wg);
    }
    gb_end(st);
    if (rc != GR_OK)
        report_go_failure(st, rc, "SpawnJoin");
}
GB_BENCHMARK(SpawnJoin, bench_spawn_join)

/* ---- SpawnBurst: one op = one goroutine of a burst: start up to 1000
 * goroutines (each only calls wg.Done()), then wait for all of them. ---- */

enum { BURST = 1000 };

static void bench_spawn_burst(gb_state *st)
{
    gr_waitgroup wg = {0};
    int rc = GR_OK;
    const int64_t n = gb_begin(st);
    for (int64_t done = 0; done < n && rc == GR_OK;) {
        int64_t k = n - done < BURST ? n - done : BURST;
        gr_wg_add(&wg, k);
        for (int64_t j = 0; j < k; j++) {
            if ((rc = gr_go(wg_done_fn, &wg)) != GR_OK) {
                gr_wg_add(&wg, -(k - j));
                break;
            }
        }
        gr_wg_wait(&wg);
        done += k;
    }
    gb_end(st);
    if (rc != GR_OK)
        report_go_failure(st, rc, "SpawnBurst");
}
GB_BENCHMARK(SpawnBurst, bench_spawn_burst)

/* ---- Yield: one op = one gr_yield() (runtime.Gosched) by one of two
 * goroutines that yield in turn; at procs=1 each op is one switch. ---- */

typedef struct {
    int64_t count;
    gr_waitgroup *wg;
} yielder;

static void yield_loop(void *arg)
{
    yielder *y = arg;
    for (int64_t i = 0; i < y->count; i++)
        gr_yield();
    gr_wg_done(y->wg);
}

static void bench_yield(gb_state *st)
{
    gr_waitgroup wg = {0};
    const int64_t n = gb_n(st);
    yielder a = {n / 2, &wg}, b = {n - n / 2, &wg};
    gb_begin(st);
    gr_wg_add(&wg, 2);
    gr_go(yield_loop, &a);
    gr_go(yield_loop, &b);
    gr_wg_wait(&wg);
    gb_end(st);
}
GB_BENCHMARK(Yield, bench_yield)

/* ---- SyscallHandoff: one op = one PingPong round trip between two
 * goroutines while a third sits in a real blocking system call (poll() on a
 * pipe nobody writes until the end) bracketed by gr_syscall_enter/exit.
 * Each poll is bounded (20 ms) and the blocker yields between polls, so a
 * backend that keeps its only P blocked still terminates, at a low rate.
 * Counter blocked_polls = polls that ran to their timeout. ---- */

enum { POLL_MS = 20 };

typedef struct {
    int fd;
    _Atomic bool stop;
    _Atomic bool entered;
    _Atomic long timeouts;
    gr_chan *ping, *pong;
    gr_waitgroup exited;
} handoff;

static void handoff_blocker(void *arg)
{
    handoff *h = arg;
    while (!atomic_load(&h->stop)) {
        struct pollfd pfd = {.fd = h->fd, .events = POLLIN};
        atomic_store(&h->entered, true);
        gr_syscall_enter();
        int r = poll(&pfd, 1, POLL_MS);
        gr_syscall_exit();
        if (r == 0)
            atomic_fetch_add(&h->timeouts, 1);
        gr_yield();
    }
    gr_wg_done(&h->exited);
}

static void handoff_partner(void *arg)
{
    handoff *h = arg;
    int v;
    bool ok;
    while (gr_chan_recv(h->ping, &v, &ok) == GR_OK && ok)
        gr_chan_send(h->pong, &v);
    gr_wg_done(&h->exited);
}

static void bench_syscall_handoff(gb_state *st)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        gb_error(st, "SyscallHandoff: pipe2 failed");
        return;
    }
    handoff h = {.fd = fds[0], .ping = gr_chan_make(sizeof(int), 0),
                 .pong = gr_chan_make(sizeof(int), 0)};
    gr_wg_add(&h.exited, 2);
    gr_go(handoff_blocker, &h);
    gr_go(handoff_partner, &h);
    while (!atomic_load(&h.entered)) /* the blocker is about to poll */
        gr_sleep(100000);
    gr_sleep(1000000); /* ... and is inside poll() by now */
    long t0 = atomic_load(&h.timeouts);

    const int64_t n = gb_begin(st);
    for (int64_t i = 0; i < n; i++) {
        int v = (int)i;
        gr_chan_send(h.ping, &v);
        gr_chan_recv(h.pong, &v, NULL);
    }
    gb_end(st);

    long timeouts = atomic_load(&h.timeouts) - t0;
    atomic_store(&h.stop, true);
    if (write(fds[1], "x", 1) != 1)
        gb_error(st, "SyscallHandoff: write to the pipe failed");
    gr_chan_close(h.ping);
    gr_wg_wait(&h.exited);
    close(fds[0]);
    close(fds[1]);
    gr_chan_release(h.ping);
    gr_chan_release(h.pong);
    gb_counter(st, "blocked_polls", (double)timeouts, GB_COUNTER_PLAIN);
}
GB_BENCHMARK(SyscallHandoff, bench_syscall_handoff)
