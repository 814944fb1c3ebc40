/*
 * with_timeout.c — guide §4 "Cancellation with context.Context": doWork
 * prints "work " every 50 ms until its 200 ms WithTimeout context ends it.
 *
 * Output: "work " a few times (about 3), then "ended\n".  The count depends
 * on timing; the shape (work )*ended and a run of at least 200 ms do not.
 * Invariant: each time.After channel is released once its select is over;
 * the context is canceled and released before main returns (Go's
 * `defer cancel()`).
 */
#include "ex.h"

/* Returns ctx's error (GR_ETIMEDOUT here) once ctx is done. */
static int do_work(gr_ctx *ctx)
{
    for (;;) {
        gr_chan *after = gr_after(50 * EX_MS);
        gr_case cases[] = {
            {.ch = gr_ctx_done(ctx), .dir = GR_RECV},
            {.ch = after, .dir = GR_RECV},
        };
        int chosen = gr_select(cases, 2);
        gr_chan_release(after);
        if (chosen == 0)
            return gr_ctx_err(ctx);
        printf("work ");
        fflush(stdout);
    }
}

static void with_timeout_main(void *arg)
{
    (void)arg;
    gr_ctx *ctx = gr_ctx_with_timeout(gr_ctx_background(), 200 * EX_MS);
    (void)do_work(ctx);
    printf("ended\n");
    gr_ctx_cancel(ctx);
    gr_ctx_release(ctx);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, with_timeout_main, NULL);
}
