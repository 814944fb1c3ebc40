/*
 * bench_chan.c — channel and select benchmarks: Channel (the seed guide's
 * §10, RunParallel), PingPong, ChanSPSC, ChanProdCons/0|10|100 (Go's
 * runtime.BenchmarkChanProdCons*), Select2 (Go's SelectUncontended) and
 * SelectContended (Go's SelectAsyncContended).
 *
 * Invariants: each body mirrors the Go function of the same name in
 * suites/go/bench/bench_test.go (one op stated above each); every goroutine
 * a body starts has exited before the body returns; channels are released.
 */
#include "gbench.h"

#include <gr.h>

#include <stdatomic.h>
#include <stdint.h>

static void fail_if(gb_state *st, bool bad, const char *what)
{
    if (bad)
        gb_error(st, what);
}

/* ---- Channel: one op = one send of an int on a shared buffered channel
 * (cap 1024), drained by one goroutine that selects on {done, ch}. ---- */

typedef struct {
    gr_chan *ch, *done;
    gr_waitgroup exited;
} channel_bench;

static void channel_drain(void *arg)
{
    channel_bench *b = arg;
    int v;
    for (;;) {
        gr_case cs[2] = {{.ch = b->done, .dir = GR_RECV}, {.ch = b->ch, .dir = GR_RECV, .elem = &v}};
        if (gr_select(cs, 2) == 0)
            break;
    }
    gr_wg_done(&b->exited);
}

static void channel_body(gb_pb *pb, void *arg)
{
    channel_bench *b = arg;
    const int one = 1;
    while (gb_pb_next(pb))
        gr_chan_send(b->ch, &one);
}

static void bench_channel(gb_state *st)
{
    channel_bench b = {.ch = gr_chan_make(sizeof(int), 1024), .done = gr_chan_make(0, 0)};
    gr_wg_add(&b.exited, 1);
    gr_go(channel_drain, &b);
    gb_run_parallel(st, channel_body, &b);
    gr_chan_close(b.done);
    gr_wg_wait(&b.exited);
    gr_chan_release(b.ch);
    gr_chan_release(b.done);
}
GB_BENCHMARK(Channel, bench_channel)

/* ---- PingPong: one op = one round trip over two unbuffered channels
 * (main sends on ping; the partner receives it and sends it back on pong). */

typedef struct {
    gr_chan *ping, *pong;
    gr_waitgroup exited;
} pingpong;

static void pingpong_partner(void *arg)
{
    pingpong *p = arg;
    int v;
    bool ok;
    while (gr_chan_recv(p->ping, &v, &ok) == GR_OK && ok)
        gr_chan_send(p->pong, &v);
    gr_wg_done(&p->exited);
}

static void bench_pingpong(gb_state *st)
{
    pingpong p = {.ping = gr_chan_make(sizeof(int), 0), .pong = gr_chan_make(sizeof(int), 0)};
    gr_wg_add(&p.exited, 1);
    gr_go(pingpong_partner, &p);
    int bad = 0;
    const int64_t n = gb_begin(st);
    for (int64_t i = 0; i < n; i++) {
        int v = (int)i, w = -1;
        gr_chan_send(p.ping, &v);
        gr_chan_recv(p.pong, &w, NULL);
        bad |= w != v;
    }
    gb_end(st);
    gr_chan_close(p.ping);
    gr_wg_wait(&p.exited);
    gr_chan_release(p.ping);
    gr_chan_release(p.pong);
    fail_if(st, bad, "PingPong: a value came back changed");
}
GB_BENCHMARK(PingPong, bench_pingpong)

/* ---- ChanSPSC: one op = one int passed from one producer goroutine to the
 * main goroutine through a channel of cap 128 (send + receive). ---- */

typedef struct {
    gr_chan *ch;
    int64_t n;
    gr_waitgroup exited;
} spsc;

static void spsc_producer(void *arg)
{
    spsc *s = arg;
    for (int64_t i = 0; i < s->n; i++)
        gr_chan_send(s->ch, &i);
    gr_wg_done(&s->exited);
}

static void bench_chan_spsc(gb_state *st)
{
    spsc s = {.ch = gr_chan_make(sizeof(int64_t), 128), .n = gb_n(st)};
    gr_wg_add(&s.exited, 1);
    int64_t sum = 0, v = 0;
    const int64_t n = gb_begin(st);
    gr_go(spsc_producer, &s);
    for (int64_t i = 0; i < n; i++) {
        gr_chan_recv(s.ch, &v, NULL);
        sum += v;
    }
    gb_end(st);
    gr_wg_wait(&s.exited);
    gr_chan_release(s.ch);
    fail_if(st, sum != n * (n - 1) / 2, "ChanSPSC: wrong sum received");
}
GB_BENCHMARK(ChanSPSC, bench_chan_spsc)

/* ---- ChanProdCons/S: Go's benchmarkChanProdCons(b, S, 0).  gr_procs()
 * producers and as many consumers share one channel of cap S; producers
 * claim rounds of up to 1000 sends from a shared count of the N sends left;
 * one op = one of the N values passed (a 0 ends a consumer).  Go's rounds
 * are N/1000 and drop the remainder, which at Go's b.N is noise but would
 * make a count of N and one of N+100 do the same work (the instruction
 * metric divides by their difference); here the last round is short.
 */

enum { CALLS_PER_SCHED = 1000 };

typedef struct {
    _Atomic int64_t left; /* sends not yet claimed */
    gr_chan *myc, *c;
} prodcons;

static void pc_producer(void *arg)
{
    prodcons *p = arg;
    const int one = 1, zero = 0;
    const bool t = true;
    for (;;) {
        /* relaxed: a count only; the channel carries the values. */
        int64_t k = atomic_fetch_sub_explicit(&p->left, CALLS_PER_SCHED, memory_order_relaxed);
        if (k <= 0)
            break;
        for (int64_t g = 0; g < (k < CALLS_PER_SCHED ? k : CALLS_PER_SCHED); g++)
            gr_chan_send(p->myc, &one);
    }
    gr_chan_send(p->myc, &zero);
    gr_chan_send(p->c, &t);
}

static void pc_consumer(void *arg)
{
    prodcons *p = arg;
    const bool t = true;
    int v = 0;
    do
        gr_chan_recv(p->myc, &v, NULL);
    while (v != 0);
    gr_chan_send(p->c, &t);
}

static void bench_chan_prodcons(gb_state *st)
{
    const int procs = gr_procs();
    prodcons p = {.myc = gr_chan_make(sizeof(int), (size_t)gb_arg(st)),
                  .c = gr_chan_make(sizeof(bool), 2 * (size_t)procs)};
    atomic_init(&p.left, gb_n(st));
    gb_begin(st);
    for (int i = 0; i < procs; i++) {
        gr_go(pc_producer, &p);
        gr_go(pc_consumer, &p);
    }
    for (int i = 0; i < 2 * procs; i++)
        gr_chan_recv(p.c, NULL, NULL);
    gb_end(st);
    gr_chan_release(p.myc);
    gr_chan_release(p.c);
}
GB_BENCHMARK_ARG(ChanProdCons, bench_chan_prodcons, 0)
GB_BENCHMARK_ARG(ChanProdCons, bench_chan_prodcons, 10)
GB_BENCHMARK_ARG(ChanProdCons, bench_chan_prodcons, 100)

/* ---- Select2: one op = one 2-case select that receives from one of two
 * private cap-1 channels, plus the buffered send to the other (Go's
 * runtime.BenchmarkSelectUncontended; RunParallel, nothing shared). ---- */

static void select2_body(gb_pb *pb, void *arg)
{
    (void)arg;
    gr_chan *c1 = gr_chan_make(sizeof(int), 1), *c2 = gr_chan_make(sizeof(int), 1);
    int v = 0;
    gr_chan_send(c1, &v);
    while (gb_pb_next(pb)) {
        gr_case cs[2] = {{.ch = c1, .dir = GR_RECV, .elem = &v}, {.ch = c2, .dir = GR_RECV, .elem = &v}};
        if (gr_select(cs, 2) == 0)
            gr_chan_send(c2, &v);
        else
            gr_chan_send(c1, &v);
    }
    gr_chan_release(c1);
    gr_chan_release(c2);
}

static void bench_select2(gb_state *st)
{
    gb_run_parallel(st, select2_body, NULL);
}
GB_BENCHMARK(Select2, bench_select2)

/* ---- SelectContended: the same select and send, but on two channels of
 * cap procs shared by all RunParallel goroutines (Go's
 * runtime.BenchmarkSelectAsyncContended).  One op = one select + send. -- */

typedef struct {
    gr_chan *c1, *c2;
} select_pair;

static void select_contended_body(gb_pb *pb, void *arg)
{
    select_pair *sp = arg;
    int v = 0;
    gr_chan_send(sp->c1, &v);
    while (gb_pb_next(pb)) {
        gr_case cs[2] = {{.ch = sp->c1, .dir = GR_RECV, .elem = &v},
                         {.ch = sp->c2, .dir = GR_RECV, .elem = &v}};
        if (gr_select(cs, 2) == 0)
            gr_chan_send(sp->c2, &v);
        else
            gr_chan_send(sp->c1, &v);
    }
}

static void bench_select_contended(gb_state *st)
{
    const size_t procs = (size_t)gr_procs();
    select_pair sp = {gr_chan_make(sizeof(int), procs), gr_chan_make(sizeof(int), procs)};
    gb_run_parallel(st, select_contended_body, &sp);
    gr_chan_release(sp.c1);
    gr_chan_release(sp.c2);
}
GB_BENCHMARK(SelectContended, bench_select_contended)
