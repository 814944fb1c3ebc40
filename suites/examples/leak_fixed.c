/*
 * leak_fixed.c — guide §8 "Safe with context": the fix for leak.c.  The
 * sender selects on its send and on ctx's done channel, so cancelling the
 * context lets it return instead of blocking forever.
 *
 * Output (exact): "clean exit" (printed by the sender on its way out, Go's
 * `defer fmt.Println("clean exit")`).  With GR_DEBUG=leaks there is no leak
 * report.  Difference from the Go snippet: main waits for the sender on a
 * WaitGroup after cancel(), so "clean exit" is always printed.
 * Invariants: the sender holds its own reference on ctx (gr_ctx_retain), as
 * a goroutine that may outlive its creator's reference must.
 */
#include "ex.h"

struct sender {
    gr_ctx *ctx;
    gr_chan *ch;
    gr_waitgroup wg;
};

void safe_sender(void *arg);

void safe_sender(void *arg)
{
    struct sender *s = arg;
    int v = 1;
    gr_case cases[] = {
        {.ch = s->ch, .dir = GR_SEND, .elem = &v},
        {.ch = gr_ctx_done(s->ctx), .dir = GR_RECV},
    };
    gr_select(cases, 2); /* case ch <- 1: / case <-ctx.Done(): return */
    printf("clean exit\n");
    gr_ctx_release(s->ctx);
    gr_wg_done(&s->wg);
}

static void leak_fixed_main(void *arg)
{
    (void)arg;
    gr_ctx *ctx = gr_ctx_with_cancel(gr_ctx_background());
    struct sender s = {.ctx = gr_ctx_retain(ctx), .ch = ex_chan(sizeof(int), 0)};
    gr_wg_add(&s.wg, 1);
    ex_go(safe_sender, &s);
    gr_ctx_cancel(ctx);
    gr_ctx_release(ctx);
    gr_wg_wait(&s.wg);
    gr_chan_release(s.ch);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, leak_fixed_main, NULL);
}
