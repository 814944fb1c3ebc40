/*
 * bench_ctx_timer.c — context and timer benchmarks: ContextCancelFanout100
 * and TimerAfter.
 *
 * Invariants: each body mirrors the Go function of the same name in
 * suites/go/bench/bench_test.go (one op stated above each); every goroutine
 * and context a body creates is gone before the body returns.
 */
#include "gbench.h"

#include <gr.h>

#include <stdio.h>
#include <stdlib.h>

/* ---- ContextCancelFanout100: one op = make a cancelable root, 100 child
 * contexts of it each with one goroutine waiting on its Done channel, wait
 * until all 100 have started, cancel the root once, and wait until all 100
 * goroutines have seen it and exited. ---- */

enum { FANOUT = 100 };

typedef struct {
    gr_ctx *ctx;
    gr_waitgroup *ready, *exited;
} ctx_waiter;

static void ctx_wait(void *arg)
{
    ctx_waiter *w = arg;
    gr_chan *done = gr_ctx_done(w->ctx);
    gr_wg_done(w->ready);
    gr_chan_recv(done, NULL, NULL);
    gr_wg_done(w->exited);
}

typedef struct {
    gr_waitgroup ready, exited;
    ctx_waiter w[FANOUT];
} fanout;

static void bench_context_cancel_fanout(gb_state *st)
{
    fanout *f = calloc(1, sizeof *f);
    if (f == NULL) {
        gb_error(st, "ContextCancelFanout100: out of memory");
        return;
    }
    int rc = GR_OK, bad = 0;
    const int64_t n = gb_begin(st);
    for (int64_t i = 0; i < n && rc == GR_OK; i++) {
        gr_ctx *root = gr_ctx_with_cancel(gr_ctx_background());
        gr_wg_add(&f->ready, FANOUT);
        gr_wg_add(&f->exited, FANOUT);
        for (int k = 0; k < FANOUT; k++) {
            f->w[k] = (ctx_waiter){gr_ctx_with_cancel(root), &f->ready, &f->exited};
            if (rc == GR_OK)
                rc = gr_go(ctx_wait, &f->w[k]);
            if (rc != GR_OK) { /* keep the counts right, then stop */
                gr_wg_done(&f->ready);
                gr_wg_done(&f->exited);
            }
        }
        gr_wg_wait(&f->ready);
        gr_ctx_cancel(root);
        gr_wg_wait(&f->exited);
        for (int k = 0; k < FANOUT; k++) {
            bad |= gr_ctx_err(f->w[k].ctx) != GR_ECANCELED;
            gr_ctx_release(f->w[k].ctx);
        }
        gr_ctx_release(root);
    }
    gb_end(st);
    free(f);
    if (rc != GR_OK) {
        char msg[128];
        snprintf(msg, sizeof msg, "ContextCancelFanout100: gr_go: %s", gr_strerror(rc));
        gb_error(st, msg);
    } else if (bad) {
        gb_error(st, "ContextCancelFanout100: a child was not canceled");
    }
}
GB_BENCHMARK(ContextCancelFanout100, bench_context_cancel_fanout)

/* ---- TimerAfter: one op = <-time.After(1ns): make a one-shot timer
 * channel, receive its tick, release it. ---- */

static void bench_timer_after(gb_state *st)
{
    const int64_t n = gb_begin(st);
    int bad = 0;
    for (int64_t i = 0; i < n; i++) {
        gr_chan *c = gr_after(1);
        int64_t fired = 0;
        bad |= c == NULL || gr_chan_recv(c, &fired, NULL) != GR_OK || fired <= 0;
        gr_chan_release(c);
    }
    gb_end(st);
    if (bad)
        gb_error(st, "TimerAfter: a timer channel failed or carried no fire time");
}
GB_BENCHMARK(TimerAfter, bench_timer_after)
