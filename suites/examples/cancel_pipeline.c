/*
 * cancel_pipeline.c — guide §4 (goroutine/examples/cancel_pipeline.go): a
 * pipeline gen -> sq -> main, stopped by cancelling its context.
 *
 * gen sends 1, 2, 3, ... forever; sq squares what it receives; main prints
 * the first five squares, cancels, and drains the pipeline until it closes.
 * Output (exact): 1 4 9 16 25, one per line, then
 * "pipeline stopped: context canceled".
 * Invariants: every stage sends inside a select with ctx's done channel, so
 * cancellation unblocks it; a stage closes its output when it exits, so
 * main's drain ends exactly when every stage has finished (no leak).  Each
 * stage holds its own references on ctx and its channels, and waits for its
 * upstream stage to close before it closes its own output.
 */
#include "ex.h"

#include <stdlib.h>

struct stage {
    gr_ctx *ctx;
    gr_chan *in; /* NULL for gen */
    gr_chan *out;
};

/* Send v on s->out unless ctx is done first; false once canceled. */
static bool send_or_done(struct stage *s, int v)
{
    gr_case cases[] = {
        {.ch = s->out, .dir = GR_SEND, .elem = &v},
        {.ch = gr_ctx_done(s->ctx), .dir = GR_RECV},
    };
    return gr_select(cases, 2) == 0;
}

/* Receive and discard until c is closed. */
static void drain(gr_chan *c)
{
    bool ok = true;
    while (ok)
        gr_chan_recv(c, NULL, &ok);
}

/* Wait for the upstream stage to finish (it closes s->in), then close. */
static void stage_exit(struct stage *s)
{
    if (s->in)
        drain(s->in);
    gr_chan_close(s->out); /* Go's `defer close(out)` */
    gr_chan_release(s->out);
    gr_chan_release(s->in);
    gr_ctx_release(s->ctx);
    free(s);
}

static void gen_loop(void *arg)
{
    struct stage *s = arg;
    for (int n = 1; send_or_done(s, n); n++)
        ;
    stage_exit(s);
}

static void sq_loop(void *arg)
{
    struct stage *s = arg;
    int n;
    bool ok;
    while (gr_chan_recv(s->in, &n, &ok) == GR_OK && ok && send_or_done(s, n * n))
        ;
    stage_exit(s);
}

/* Start loop(stage) and return its output channel (one reference). */
static gr_chan *start(void (*loop)(void *), gr_ctx *ctx, gr_chan *in)
{
    struct stage *s = malloc(sizeof *s);
    if (!s)
        exit(1);
    *s = (struct stage){gr_ctx_retain(ctx), gr_chan_retain(in), ex_chan(sizeof(int), 0)};
    gr_chan *out = gr_chan_retain(s->out);
    ex_go(loop, s);
    return out;
}

static void pipeline_main(void *arg)
{
    (void)arg;
    gr_ctx *ctx = gr_ctx_with_cancel(gr_ctx_background());
    gr_chan *nums = start(gen_loop, ctx, NULL);
    gr_chan *squares = start(sq_loop, ctx, nums);
    gr_chan_release(nums);

    for (int i = 0; i < 5; i++) {
        int v;
        gr_chan_recv(squares, &v, NULL);
        printf("%d\n", v);
    }
    gr_ctx_cancel(ctx);
    drain(squares); /* ends when sq closed its output: every stage is done */
    printf("pipeline stopped: %s\n", gr_strerror(gr_ctx_err(ctx)));
    gr_chan_release(squares);
    gr_ctx_release(ctx);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, pipeline_main, NULL);
}
