/*
 * fanin_context.c — guide §7 (goroutine/examples/fanin_context.go): fan-in
 * of three sources into one channel, stopped by context cancellation.
 *
 * Source k (k = 0, 1, 2) sends {k, 0}, {k, 1}, ... every (k+1)*5 ms; one
 * forwarder per source copies its messages to the merged channel; a closer
 * closes the merged channel when every forwarder is done.  main prints the
 * first 10 merged messages as "source K: SEQ", cancels, drains, and prints
 * "received 10 messages; fan-in stopped: context canceled".
 * Invariants (checked by the test): the interleaving varies, but each
 * source's sequence numbers arrive in order, 0, 1, 2, ... without gaps (a
 * forwarder keeps its source's order).  Every goroutine ends before main
 * returns: a source closes its channel on cancel, its forwarder drains it
 * to the close, and the closer waits for the forwarders.
 */
#include "ex.h"


#define NSOURCES 3

struct msg {
    int source, seq;
};

struct fanin {
    gr_ctx *ctx;
    gr_chan *src[NSOURCES]; /* source k -> forwarder k */
    gr_chan *merged;        /* forwarders -> main */
    gr_waitgroup forwarders;
    gr_waitgroup all; /* every goroutine, for main */
};

struct task {
    struct fanin *f;
    int k;
};

/* Sends on f->src[k] until canceled, then closes it. */
static void source(void *arg)
{
    struct task *t = arg;
    gr_chan *out = t->f->src[t->k];
    for (int seq = 0;; seq++) {
        struct msg m = {t->k, seq};
        gr_case cases[] = {
            {.ch = out, .dir = GR_SEND, .elem = &m},
            {.ch = gr_ctx_done(t->f->ctx), .dir = GR_RECV},
        };
        if (gr_select(cases, 2) == 1)
            break;
        gr_sleep((t->k + 1) * 5 * EX_MS);
    }
    gr_chan_close(out);
    gr_wg_done(&t->f->all);
}

/* Copies src[k] to merged; after cancellation it drops what it receives,
 * and returns when the source has closed src[k]. */
static void forward(void *arg)
{
    struct task *t = arg;
    struct msg m;
    bool ok;
    while (gr_chan_recv(t->f->src[t->k], &m, &ok) == GR_OK && ok) {
        gr_case cases[] = {
            {.ch = t->f->merged, .dir = GR_SEND, .elem = &m},
            {.ch = gr_ctx_done(t->f->ctx), .dir = GR_RECV},
        };
        gr_select(cases, 2);
    }
    gr_wg_done(&t->f->forwarders);
    gr_wg_done(&t->f->all);
}

static void close_merged(void *arg)
{
    struct fanin *f = arg;
    gr_wg_wait(&f->forwarders);
    gr_chan_close(f->merged);
    gr_wg_done(&f->all);
}

static void fanin_main(void *arg)
{
    (void)arg;
    struct fanin f = {.ctx = gr_ctx_with_cancel(gr_ctx_background()),
                      .merged = ex_chan(sizeof(struct msg), 0)};
    struct task tasks[NSOURCES];
    gr_wg_add(&f.forwarders, NSOURCES);
    gr_wg_add(&f.all, 2 * NSOURCES + 1);
    for (int k = 0; k < NSOURCES; k++) {
        f.src[k] = ex_chan(sizeof(struct msg), 0);
        tasks[k] = (struct task){&f, k};
        ex_go(source, &tasks[k]);
        ex_go(forward, &tasks[k]);
    }
    ex_go(close_merged, &f);

    int n = 0;
    struct msg m;
    for (; n < 10 && gr_chan_recv(f.merged, &m, NULL) == GR_OK; n++)
        printf("source %d: %d\n", m.source, m.seq);
    gr_ctx_cancel(f.ctx);
    bool ok = true;
    while (ok)
        gr_chan_recv(f.merged, NULL, &ok);
    gr_wg_wait(&f.all); /* f and tasks live on this stack: wait for every user */
    printf("received %d messages; fan-in stopped: %s\n", n, gr_strerror(gr_ctx_err(f.ctx)));
    for (int k = 0; k < NSOURCES; k++)
        gr_chan_release(f.src[k]);
    gr_chan_release(f.merged);
    gr_ctx_release(f.ctx);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, fanin_main, NULL);
}
