/*
 * timer.c — gr_sleep, gr_after, gr_timer and gr_ticker over the core's
 * timer records (timerheap.h).  Go's time.Sleep/After/NewTimer/NewTicker,
 * with the classic cap-1 channel: a fired value stays buffered until read,
 * and a ticker drops ticks while its buffer is full.
 *
 * Invariants: a gr_timer/gr_ticker object is freed by its record's destroy
 * hook, i.e. after the user's release AND after any in-flight fire()
 * returned; its channel reference is dropped there too, so fire() never
 * sends on a freed channel.
 */
#include "chan.h"
#include "timerheap.h"

#include <stdlib.h>

struct gr_timer {
    gr__tmr tmr; /* first: fire/destroy get the object back by cast */
    gr_chan *c;
};
struct gr_ticker {
    gr__tmr tmr;
    gr_chan *c;
};

static void send_time(gr__tmr *t, int64_t now)
{
    (void)now;
    gr_chan *c = ((struct gr_timer *)t)->c;
    int64_t fired = gr__nanotime();
    gr__chan_trysend(c, &fired); /* full: the reader is slow; drop */
}

static void destroy_timer(gr__tmr *t)
{
    struct gr_timer *tm = (struct gr_timer *)t;
    gr_chan_release(tm->c);
    free(tm);
}

static inline int64_t deadline_after(int64_t ns)
{
    int64_t now = gr__nanotime();
    if (ns <= 0)
        return now;
    return ns > INT64_MAX - now ? INT64_MAX : now + ns;
}

static struct gr_timer *timer_make(void)
{
    if (!gr__running())
        return NULL;
    struct gr_timer *tm = malloc(sizeof *tm);
    if (!tm)
        return NULL;
    tm->c = gr_chan_make(sizeof(int64_t), 1);
    if (!tm->c) {
        free(tm);
        return NULL;
    }
    gr__tmr_init(&tm->tmr, send_time, destroy_timer);
    return tm;
}

/* Arm or free: returns false (and frees tm) when the heap cannot grow. */
static bool arm_or_free(struct gr_timer *tm, int64_t when, int64_t period)
{
    bool enomem;
    gr__tmr_arm(&tm->tmr, when, period, &enomem);
    if (enomem) {
        gr__tmr_unref(&tm->tmr);
        return false;
    }
    return true;
}

GR_EXTERN gr_timer *gr_timer_new(int64_t ns)
{
    struct gr_timer *tm = timer_make();
    if (!tm || !arm_or_free(tm, deadline_after(ns), 0))
        return NULL;
    return tm;
}

GR_EXTERN gr_chan *gr_timer_chan(gr_timer *t)
{
    return t ? t->c : NULL;
}

GR_EXTERN bool gr_timer_stop(gr_timer *t)
{
    return t && gr__running() && gr__tmr_disarm(&t->tmr);
}

GR_EXTERN bool gr_timer_reset(gr_timer *t, int64_t ns)
{
    if (!t || !gr__running())
        return false;
    return gr__tmr_arm(&t->tmr, deadline_after(ns), 0, NULL);
}

GR_EXTERN void gr_timer_release(gr_timer *t)
{
    if (!t)
        return;
    gr__tmr_disarm(&t->tmr);
    gr__tmr_unref(&t->tmr);
}

GR_EXTERN gr_chan *gr_after(int64_t ns)
{
    struct gr_timer *tm = timer_make();
    if (!tm)
        return NULL;
    gr_chan *c = gr_chan_retain(tm->c);
    if (!arm_or_free(tm, deadline_after(ns), 0)) {
        gr_chan_release(c);
        return NULL;
    }
    gr__tmr_unref(&tm->tmr); /* the heap keeps it alive until it fires */
    return c;
}

/* ---- tickers ----------------------------------------------------------- */

GR_EXTERN gr_ticker *gr_ticker_new(int64_t period)
{
    if (period <= 0)
        return NULL;
    struct gr_timer *tm = timer_make();
    if (!tm || !arm_or_free(tm, deadline_after(period), period))
        return NULL;
    return (gr_ticker *)tm;
}

GR_EXTERN gr_chan *gr_ticker_chan(gr_ticker *t)
{
    return t ? t->c : NULL;
}

GR_EXTERN void gr_ticker_stop(gr_ticker *t)
{
    if (t && gr__running())
        gr__tmr_disarm(&t->tmr);
}

GR_EXTERN int gr_ticker_reset(gr_ticker *t, int64_t period)
{
    if (!t || period <= 0 || !gr__running())
        return GR_EINVAL;
    bool enomem;
    gr__tmr_arm(&t->tmr, deadline_after(period), period, &enomem);
    return enomem ? GR_ENOMEM : GR_OK;
}

GR_EXTERN void gr_ticker_release(gr_ticker *t)
{
    gr_timer_release((gr_timer *)t);
}

/* ---- sleep ------------------------------------------------------------- */

struct sleeper {
    gr__tmr tmr;
    gr_g *g;
    int64_t when;
};

static void wake_sleeper(gr__tmr *t, int64_t now)
{
    (void)now;
    gr__port.ready(((struct sleeper *)t)->g);
}

static void free_sleeper(gr__tmr *t)
{
    free(t);
}

/* park's unlock function: arm only once the G is parked, so the wakeup can
 * never come before the park (Go's resetForSleep). */
static bool arm_sleeper(gr_g *g, void *arg)
{
    (void)g;
    struct sleeper *s = arg;
    bool enomem;
    gr__tmr_arm(&s->tmr, s->when, 0, &enomem);
    return !enomem; /* no memory for the heap: resume and poll instead */
}

GR_EXTERN void gr_sleep(int64_t ns)
{
    gr_g *g = gr__cur();
    if (!g)
        return;
    if (ns <= 0) {
        gr__port.yield();
        return;
    }
    int64_t when = deadline_after(ns);
    /* Heap-allocated: the timer runner touches the record after fire()
     * (the unref), possibly after this goroutine has resumed. */
    struct sleeper *s = malloc(sizeof *s);
    if (s) {
        gr__tmr_init(&s->tmr, wake_sleeper, free_sleeper);
        s->g = g;
        s->when = when;
        gr__park(g, GR__WAIT_SLEEP, NULL, arm_sleeper, s);
        gr__tmr_unref(&s->tmr);
    }
    while (gr__nanotime() < when) /* only without memory for a timer */
        gr__port.yield();
}
