/*
 * pipeline.c — fan-out / fan-in with context cancellation.  A generator
 * sends 1..SIZE (default 200000); WORKERS (4) goroutines square the values
 * (fan-out); their outputs merge into one channel that a closer goroutine
 * closes when all workers are gone (fan-in); every stage selects on
 * ctx Done.
 *   Run 1: consume everything; the sum of squares (mod 2^64) is checked.
 *   Run 2: consume SIZE/2 values, cancel the context, drain; checked: every
 *          stage exits (WaitGroup), the merged channel closes, and no more
 *          than SIZE values were ever produced.
 *
 * Output: `pipeline: procs=P n=N workers=W sum=S expected=S canceled_after=K ok`.
 * See wl.h for exit codes.  Invariant: no goroutine of a run outlives it.
 */
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>

enum { WORKERS = 4 };

typedef struct {
    gr_ctx *ctx;
    gr_chan *nums, *squares;
    int64_t n;
    gr_waitgroup workers; /* the fan-out stage, for the closer */
    gr_waitgroup all;     /* every goroutine of the run */
} pipe_run;

/* Send v on ch unless ctx is canceled first; false when canceled. */
static bool send_ctx(gr_ctx *ctx, gr_chan *ch, uint64_t v)
{
    gr_case cs[2] = {{.ch = ch, .dir = GR_SEND, .elem = &v},
                     {.ch = gr_ctx_done(ctx), .dir = GR_RECV}};
    return gr_select(cs, 2) == 0;
}

static void generator(void *p)
{
    pipe_run *r = p;
    for (int64_t i = 1; i <= r->n; i++)
        if (!send_ctx(r->ctx, r->nums, (uint64_t)i))
            break;
    gr_chan_close(r->nums);
    gr_wg_done(&r->all);
}

static void squarer(void *p)
{
    pipe_run *r = p;
    uint64_t v;
    for (;;) {
        gr_case cs[2] = {{.ch = r->nums, .dir = GR_RECV, .elem = &v},
                         {.ch = gr_ctx_done(r->ctx), .dir = GR_RECV}};
        int i = gr_select(cs, 2);
        if (i != 0 || !cs[0].ok)
            break;
        if (!send_ctx(r->ctx, r->squares, v * v))
            break;
    }
    gr_wg_done(&r->workers);
    gr_wg_done(&r->all);
}

static void closer(void *p)
{
    pipe_run *r = p;
    gr_wg_wait(&r->workers);
    gr_chan_close(r->squares);
    gr_wg_done(&r->all);
}

/* One run: consume at most `limit` values, then cancel and drain.  Returns
 * the sum (mod 2^64) of the values consumed before the cancel; *total
 * counts every value received, drained ones included. */
static uint64_t run_once(int64_t n, int64_t limit, int64_t *total)
{
    pipe_run *r = calloc(1, sizeof *r);
    if (r == NULL)
        wl_fail("pipeline: out of memory");
    r->ctx = gr_ctx_with_cancel(gr_ctx_background());
    r->nums = gr_chan_make(sizeof(uint64_t), 0);
    r->squares = gr_chan_make(sizeof(uint64_t), 0);
    r->n = n;
    gr_wg_add(&r->workers, WORKERS);
    gr_wg_add(&r->all, WORKERS + 2);
    wl_go(generator, r);
    for (int i = 0; i < WORKERS; i++)
        wl_go(squarer, r);
    wl_go(closer, r);

    uint64_t sum = 0, v;
    int64_t got = 0;
    bool ok;
    while (got < limit && gr_chan_recv(r->squares, &v, &ok) == GR_OK && ok) {
        sum += v;
        got++;
    }
    gr_ctx_cancel(r->ctx);
    while (gr_chan_recv(r->squares, &v, &ok) == GR_OK && ok) /* drain until the closer closes */
        got++;
    gr_wg_wait(&r->all);
    *total = got;
    gr_chan_release(r->nums);
    gr_chan_release(r->squares);
    gr_ctx_release(r->ctx);
    free(r);
    return sum;
}

static void run(void *p)
{
    const wl_args *a = p;
    const int64_t n = a->size;
    wl_require_goroutines("pipeline", WORKERS + 3);

    uint64_t expected = 0;
    for (int64_t i = 1; i <= n; i++)
        expected += (uint64_t)i * (uint64_t)i;
    int64_t total = 0;
    uint64_t sum = run_once(n, n, &total);
    if (sum != expected || total != n)
        wl_fail("pipeline: sum=%llu expected=%llu values=%lld of %lld", (unsigned long long)sum,
                (unsigned long long)expected, (long long)total, (long long)n);

    const int64_t k = n / 2;
    run_once(n, k, &total);
    if (total < k || total > n)
        wl_fail("pipeline: after cancel at %lld received %lld values (n=%lld)", (long long)k,
                (long long)total, (long long)n);
    printf("pipeline: procs=%d n=%lld workers=%d sum=%llu expected=%llu canceled_after=%lld ok\n",
           gr_procs(), (long long)n, WORKERS, (unsigned long long)sum,
           (unsigned long long)expected, (long long)k);
}

int main(int argc, char **argv)
{
    wl_args a;
    wl_parse(argc, argv, "pipeline", 200000, "how many values flow through (default 200000)", &a);
    wl_run(&a, run, &a);
    return WL_EXIT_OK;
}
