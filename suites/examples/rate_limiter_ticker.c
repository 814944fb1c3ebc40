/*
 * rate_limiter_ticker.c — guide §7 (goroutine/examples/
 * rate_limiter_ticker.go): a token bucket refilled by a ticker.
 *
 * The bucket is a buffered channel of capacity 3 (the burst), full at the
 * start; a refill goroutine adds one token per 50 ms tick and drops the
 * token when the bucket is full (a non-blocking send).  main serves 10
 * requests, each taking a token, and prints "request N served at +T ms".
 * Output: requests 1..10 in order; 1-3 come at once (the burst), the others
 * at the refill rate, so request N (N > 3) is served at T >= (N-3)*50 ms.
 * Invariants: every token either came from the initial burst or from one
 * tick, so no more than 3 + ticks requests are ever served; the refill
 * goroutine stops its ticker and is joined before main returns.
 */
#include "ex.h"

#define BURST 3
#define PERIOD (50 * EX_MS)

struct limiter {
    gr_chan *bucket; /* chan struct{}, cap BURST: one element per token */
    gr_chan *done;
    gr_waitgroup refill_done;
};

static void refill(void *arg)
{
    struct limiter *l = arg;
    gr_ticker *t = gr_ticker_new(PERIOD);
    gr_case cases[] = {
        {.ch = gr_ticker_chan(t), .dir = GR_RECV},
        {.ch = l->done, .dir = GR_RECV},
    };
    while (gr_select(cases, 2) == 0)
        (void)gr_chan_trysend(l->bucket, NULL); /* GR_EAGAIN: full, drop it */
    gr_ticker_release(t);
    gr_wg_done(&l->refill_done);
}

static void limiter_main(void *arg)
{
    (void)arg;
    struct limiter l = {.bucket = ex_chan(0, BURST), .done = ex_chan(0, 0)};
    for (int i = 0; i < BURST; i++)
        gr_chan_send(l.bucket, NULL);
    int64_t t0 = gr_now();
    gr_wg_add(&l.refill_done, 1);
    ex_go(refill, &l);

    for (int n = 1; n <= 10; n++) {
        gr_chan_recv(l.bucket, NULL, NULL); /* take a token: wait for one */
        printf("request %d served at +%lld ms\n", n, ex_ms_since(t0));
    }
    gr_chan_close(l.done);
    gr_wg_wait(&l.refill_done);
    gr_chan_release(l.done);
    gr_chan_release(l.bucket);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, limiter_main, NULL);
}
