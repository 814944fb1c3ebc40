/*
 * ticker_done.c — guide §3 "a minimal done channel": a goroutine prints
 * "tick " every 50 ms until main closes a done channel, then prints "stop".
 *
 * Output: "tick " a few times (about 4: main waits 200 ms), then "stop\n".
 * The count depends on timing; the shape (tick )*stop does not.
 * Difference from the Go original: Go's main sleeps another 50 ms and hopes
 * the goroutine printed "stop" by then; here main waits for it on a
 * WaitGroup, so "stop" is always printed and nothing leaks.
 * Invariant: the ticker is stopped and released by the goroutine that
 * created it (Go's `defer t.Stop()`), before that goroutine finishes.
 */
#include "ex.h"

static gr_waitgroup stopped;

static void ticker(void *arg)
{
    gr_chan *done = arg;
    gr_ticker *t = gr_ticker_new(50 * EX_MS);
    gr_case cases[] = {
        {.ch = gr_ticker_chan(t), .dir = GR_RECV},
        {.ch = done, .dir = GR_RECV},
    };
    while (gr_select(cases, 2) == 0) {
        printf("tick ");
        fflush(stdout);
    }
    printf("stop\n");
    gr_ticker_release(t);
    gr_wg_done(&stopped);
}

static void ticker_main(void *arg)
{
    (void)arg;
    gr_chan *done = ex_chan(0, 0); /* chan struct{} */
    gr_wg_add(&stopped, 1);
    ex_go(ticker, done);
    gr_sleep(200 * EX_MS);
    gr_chan_close(done);
    gr_wg_wait(&stopped);
    gr_chan_release(done);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, ticker_main, NULL);
}
