/*
 * generator_fixed.c — guide §7 (goroutine/examples/generator_fixed.go): a
 * cancellable generator.  The leaky version sends on an unbuffered channel
 * forever, so a consumer that stops early leaves it blocked; the fixed one
 * selects on ctx's done channel and closes its output when it returns.
 *
 * Output (exact): 0 1 2 3 4 5, one per line, then
 * "generator stopped: context canceled".
 * Invariant: after cancel, main drains the channel until it is closed, so
 * the generator has finished before main returns (GR_DEBUG=leaks is quiet).
 */
#include "ex.h"

struct gen {
    gr_ctx *ctx;
    gr_chan *out;
};

/* Owns one reference on g->out (taken by main for it); g itself belongs to
 * main and is not touched once the channel is closed. */
static void generate(void *arg)
{
    struct gen *g = arg;
    gr_chan *out = g->out;
    for (int i = 0;; i++) {
        gr_case cases[] = {
            {.ch = out, .dir = GR_SEND, .elem = &i},
            {.ch = gr_ctx_done(g->ctx), .dir = GR_RECV},
        };
        if (gr_select(cases, 2) == 1)
            break;
    }
    gr_chan_close(out); /* Go's `defer close(ch)` */
    gr_chan_release(out);
}

static void generator_main(void *arg)
{
    (void)arg;
    struct gen g = {gr_ctx_with_cancel(gr_ctx_background()), ex_chan(sizeof(int), 0)};
    gr_chan_retain(g.out); /* the generator's own reference */
    ex_go(generate, &g);
    int v;
    bool ok;
    while (gr_chan_recv(g.out, &v, &ok) == GR_OK && ok) {
        printf("%d\n", v);
        if (v == 5)
            break;
    }
    gr_ctx_cancel(g.ctx);
    while (ok) /* the generator may still be sending: drain until it closes */
        gr_chan_recv(g.out, NULL, &ok);
    printf("generator stopped: %s\n", gr_strerror(gr_ctx_err(g.ctx)));
    gr_chan_release(g.out);
    gr_ctx_release(g.ctx);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, generator_main, NULL);
}
