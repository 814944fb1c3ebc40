/*
 * ops_sync.c — sync, context, timer and runtime operations of the fuzz
 * target, checked against the model of fuzz.h: mutex lock/unlock/trylock
 * (GR_EPERM when unlocked), rwmutex (GR_EPERM for unheld unlocks, trylock
 * answers), WaitGroup add/done (GR_EINVAL below zero, no change), wait only
 * at zero, NULL objects (GR_EINVAL), context trees (cancel reaches
 * children; NULL parents give NULL), timers and tickers (stop answers, bad
 * periods), gr_go(NULL), a nested gr_run, and helper goroutines that
 * ping-pong on their own channel.
 *
 * Invariant: a lock call is only made when the model says it is free (main
 * is the only party, so anything else would block forever).
 */
#include "fuzz.h"

static void helper(void *arg)
{
    gr_waitgroup *wg = arg;
    gr_chan *c = gr_chan_make(sizeof(int), 0);
    gr_chan *d = gr_chan_make(0, 1);
    int v = 7;
    gr_chan_send(d, NULL);
    gr_chan_recv(d, NULL, NULL);
    gr_yield();
    gr_chan_trysend(c, &v); /* nobody receives: GR_EAGAIN */
    gr_chan_release(c);
    gr_chan_release(d);
    gr_wg_done(wg);
}

static void nested(void *arg) { (void)arg; }

static void ctx_op(fz_state *s, unsigned b)
{
    int i = (int)(b % 3);
    switch ((b >> 2) % 4) {
    case 0: /* cancel: reaches the children of ctx[0] */
        gr_ctx_cancel(s->ctx[i]);
        s->ctx_canceled[i] = true;
        if (i == 0)
            s->ctx_canceled[1] = s->ctx_canceled[2] = true;
        break;
    case 1:
        FZ_CHECK(gr_ctx_err(s->ctx[i]) == (s->ctx_canceled[i] ? GR_ECANCELED : 0),
                 "ctx[%d] err %d, model canceled=%d", i, gr_ctx_err(s->ctx[i]), s->ctx_canceled[i]);
        break;
    case 2:
        FZ_CHECK(gr_ctx_with_cancel(NULL) == NULL && gr_ctx_with_timeout(NULL, 1) == NULL &&
                     gr_ctx_with_value(NULL, s, s) == NULL,
                 "a context with a NULL parent was made");
        break;
    default: {
        gr_ctx *v = gr_ctx_with_value(s->ctx[i], s, s);
        FZ_CHECK(v && gr_ctx_value(v, s) == s && gr_ctx_done(v) == gr_ctx_done(s->ctx[i]),
                 "value context");
        gr_ctx_release(v);
    }
    }
}

static void timer_op(unsigned b)
{
    if (b & 1) {
        gr_timer *t = gr_timer_new(3600LL * 1000000000);
        FZ_CHECK(t && gr_timer_stop(t) && !gr_timer_stop(t), "timer stop answers");
        gr_timer_release(t);
    } else {
        FZ_CHECK(gr_ticker_new(-(int64_t)(b >> 1)) == NULL, "ticker with period <= 0");
        gr_ticker *t = gr_ticker_new(3600LL * 1000000000);
        FZ_CHECK(t && gr_ticker_reset(t, 0) == GR_EINVAL, "ticker reset(0)");
        gr_ticker_stop(t);
        gr_ticker_release(t);
    }
}

void fz_sync_op(fz_state *s, unsigned op, fz_in *in)
{
    unsigned b = fz_byte(in);
    switch (op % 9) {
    case 0:
        if (!s->mu_locked)
            gr_mutex_lock(&s->mu);
        else
            FZ_CHECK(!gr_mutex_trylock(&s->mu), "trylock of a locked mutex succeeded");
        s->mu_locked = true;
        break;
    case 1:
        FZ_CHECK(gr_mutex_unlock(&s->mu) == (s->mu_locked ? GR_OK : GR_EPERM), "mutex unlock");
        s->mu_locked = false;
        break;
    case 2:
        if (b & 1) {
            bool free_ = !s->rw_writer && s->rw_readers == 0;
            if ((b & 2) && free_)
                gr_rwmutex_lock(&s->rw);
            else
                FZ_CHECK(gr_rwmutex_trylock(&s->rw) == free_, "rwmutex trylock");
            s->rw_writer |= free_;
        } else if (!s->rw_writer && s->rw_readers < 3) {
            if (b & 2)
                gr_rwmutex_rlock(&s->rw);
            else
                FZ_CHECK(gr_rwmutex_tryrlock(&s->rw), "rwmutex tryrlock with no writer");
            s->rw_readers++;
        } else {
            FZ_CHECK(gr_rwmutex_tryrlock(&s->rw) == !s->rw_writer, "tryrlock");
            s->rw_readers += !s->rw_writer;
        }
        break;
    case 3:
        if (b & 1) {
            FZ_CHECK(gr_rwmutex_unlock(&s->rw) == (s->rw_writer ? GR_OK : GR_EPERM), "rw unlock");
            s->rw_writer = false;
        } else {
            FZ_CHECK(gr_rwmutex_runlock(&s->rw) == (s->rw_readers ? GR_OK : GR_EPERM), "runlock");
            s->rw_readers -= s->rw_readers > 0;
        }
        break;
    case 4: {
        long d = (long)(b % 7) - 3;
        int rc = (b & 0x80) ? gr_wg_done(&s->wg) : gr_wg_add(&s->wg, d);
        if (b & 0x80)
            d = -1;
        bool neg = s->wg_count + d < 0;
        FZ_CHECK(rc == (neg ? GR_EINVAL : GR_OK), "wg add %ld at %ld returned %d", d, s->wg_count, rc);
        s->wg_count += neg ? 0 : d;
        if (s->wg_count == 0)
            gr_wg_wait(&s->wg); /* at zero: returns at once */
        break;
    }
    case 5:
        FZ_CHECK(gr_wg_add(NULL, 1) == GR_EINVAL && gr_wg_done(NULL) == GR_EINVAL &&
                     gr_mutex_unlock(NULL) == GR_EINVAL && gr_rwmutex_unlock(NULL) == GR_EINVAL &&
                     gr_rwmutex_runlock(NULL) == GR_EINVAL,
                 "a NULL sync object was not GR_EINVAL");
        FZ_CHECK(gr_go(NULL, s) == GR_EINVAL, "gr_go(NULL) != GR_EINVAL");
        FZ_CHECK(gr_run(NULL, nested, NULL) == GR_EINVAL, "nested gr_run != GR_EINVAL");
        break;
    case 6: ctx_op(s, b); break;
    case 7: timer_op(b); break;
    default:
        if (gr_wg_add(&s->helpers, 1) == GR_OK && gr_go(helper, &s->helpers) != GR_OK)
            fz_fail("gr_go(helper) failed");
        break;
    }
}

void fz_sync_fini(fz_state *s)
{
    if (s->mu_locked)
        FZ_CHECK(gr_mutex_unlock(&s->mu) == GR_OK, "final mutex unlock");
    if (s->rw_writer)
        FZ_CHECK(gr_rwmutex_unlock(&s->rw) == GR_OK, "final rw unlock");
    for (; s->rw_readers > 0; s->rw_readers--)
        FZ_CHECK(gr_rwmutex_runlock(&s->rw) == GR_OK, "final runlock");
    gr_wg_wait(&s->helpers);
    for (int i = 2; i >= 0; i--)
        gr_ctx_release(s->ctx[i]);
}
