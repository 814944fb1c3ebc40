/*
 * outside.c — ABI calls made outside gr_run, each checked against
 * RT-OUTSIDE-1: int-returning calls give GR_EINVAL, pointer-returning ones
 * NULL, size/long ones 0, bool ones false, void ones do nothing; objects
 * touched outside are unchanged when used inside later.  Which calls run
 * is chosen by the bits of one input byte.
 *
 * Invariant: nothing here may start a runtime or leave state behind.
 */
#include "fuzz.h"

static void noop(void *arg) { (void)arg; }

void fz_outside(unsigned sel)
{
    gr_waitgroup wg = {0};
    gr_mutex mu = {0};
    gr_case cs[1] = {{.ch = NULL, .dir = GR_RECV}};
    if (sel & 1) {
        FZ_CHECK(gr_go(noop, NULL) == GR_EINVAL, "gr_go outside gr_run");
        FZ_CHECK(gr_procs() == GR_EINVAL, "gr_procs outside gr_run");
        FZ_CHECK(gr_numgoroutine() == 0, "gr_numgoroutine outside gr_run");
    }
    if (sel & 2) {
        FZ_CHECK(gr_chan_make(4, 1) == NULL, "gr_chan_make outside gr_run");
        FZ_CHECK(gr_chan_close(NULL) == GR_EINVAL, "gr_chan_close outside gr_run");
        FZ_CHECK(gr_chan_len(NULL) == 0 && gr_chan_cap(NULL) == 0, "len/cap outside");
    }
    if (sel & 4) {
        FZ_CHECK(gr_wg_add(&wg, 1) == GR_EINVAL && gr_wg_done(&wg) == GR_EINVAL, "wg outside");
        gr_wg_wait(&wg);
        FZ_CHECK(gr_mutex_unlock(&mu) == GR_EINVAL, "mutex unlock outside");
        gr_mutex_lock(&mu);
        FZ_CHECK(!gr_mutex_trylock(&mu), "trylock outside");
    }
    if (sel & 8) {
        FZ_CHECK(gr_select(cs, 1) == GR_EINVAL && gr_select_try(cs, 1) == GR_EINVAL,
                 "select outside gr_run");
        FZ_CHECK(gr_after(1) == NULL && gr_timer_new(1) == NULL && gr_ticker_new(1) == NULL,
                 "timers outside gr_run");
        FZ_CHECK(gr_ctx_with_cancel(gr_ctx_background()) == NULL, "context outside gr_run");
    }
    if (sel & 16) {
        FZ_CHECK(gr_run(NULL, NULL, NULL) == GR_EINVAL, "gr_run(main_fn NULL)");
        gr_config bad = {.procs = -1};
        FZ_CHECK(gr_run(&bad, noop, NULL) == GR_EINVAL, "gr_run(procs -1)");
    }
}
