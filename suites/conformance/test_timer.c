/*
 * test_timer.c — gr_after, gr_timer_*, gr_ticker_* (SPEC.md "Timers").
 * Bad ticker periods are in test_misuse.c.
 *
 * Invariants: only lower bounds ("not early") and liveness bounds of
 * seconds are asserted; "never fires" is checked after several times the
 * duration, which is a statement about a stopped timer, not about timing.
 */
#include "ct.h"

static int64_t recv_time(gr_chan *c)
{
    int64_t t = 0;
    bool ok = false;
    ASSERT_OK(gr_chan_recv(c, &t, &ok));
    ASSERT_TRUE(ok);
    return t;
}

GR_TEST(TIMER_AFTER_1, "gr_after sends its fire time once, not early")
{
    int64_t t0 = gr_now();
    gr_chan *c = gr_after(40 * CT_MS);
    ASSERT_NOT_NULL(c);
    ASSERT_EQ(gr_chan_cap(c), 1);
    int64_t fired = recv_time(c);
    int64_t got = gr_now();
    ASSERT_GE(got - t0, 40 * CT_MS);
    ASSERT_GE(fired - t0, 40 * CT_MS);
    ASSERT_LE(fired, got);
    gr_sleep(60 * CT_MS);
    ASSERT_ERR(gr_chan_tryrecv(c, NULL, NULL), GR_EAGAIN); /* exactly one value */
    gr_chan_release(c);
}

GR_TEST(TIMER_ZERO_1, "zero and negative durations fire at once")
{
    int64_t t0 = gr_now();
    gr_chan *a = gr_after(0), *b = gr_after(-CT_SEC);
    gr_timer *t = gr_timer_new(0), *u = gr_timer_new(-1);
    ASSERT_NOT_NULL(a);
    ASSERT_NOT_NULL(b);
    ASSERT_NOT_NULL(t);
    ASSERT_NOT_NULL(u);
    recv_time(a);
    recv_time(b);
    recv_time(gr_timer_chan(t));
    recv_time(gr_timer_chan(u));
    ASSERT_LT(gr_now() - t0, 5 * CT_SEC);
    gr_chan_release(a);
    gr_chan_release(b);
    gr_timer_release(t);
    gr_timer_release(u);
}

GR_TEST(TIMER_NEW_1, "a timer fires once, not early, on its cap-1 channel")
{
    int64_t t0 = gr_now();
    gr_timer *t = gr_timer_new(30 * CT_MS);
    ASSERT_NOT_NULL(t);
    gr_chan *c = gr_timer_chan(t);
    ASSERT_NOT_NULL(c);
    ASSERT_PTR_EQ(gr_timer_chan(t), c);
    ASSERT_EQ(gr_chan_cap(c), 1);
    int64_t fired = recv_time(c);
    ASSERT_GE(fired - t0, 30 * CT_MS);
    ASSERT_GE(gr_now() - t0, 30 * CT_MS);
    gr_sleep(60 * CT_MS);
    ASSERT_ERR(gr_chan_tryrecv(c, NULL, NULL), GR_EAGAIN);
    gr_timer_release(t);
}

GR_TEST(TIMER_ORDER_1, "timers fire in deadline order")
{
    enum { N = 12 };
    /* Deadlines 10..120 ms, created in a scrambled order. */
    static const int perm[N] = {7, 2, 11, 0, 5, 9, 3, 10, 1, 8, 6, 4};
    gr_chan *c[N];
    int64_t t0 = gr_now();
    for (int i = 0; i < N; i++)
        c[perm[i]] = gr_after((perm[i] + 1) * 10 * CT_MS);
    int64_t fired[N];
    for (int i = 0; i < N; i++) {
        fired[i] = recv_time(c[i]);
        ASSERT_GE(fired[i] - t0, (i + 1) * 10 * CT_MS);
    }
    for (int i = 1; i < N; i++)
        ASSERT_MSG(fired[i] >= fired[i - 1], "timer %d (%d ms) fired at %lld, before timer %d at %lld",
                   i, (i + 1) * 10, (long long)(fired[i] - t0), i - 1, (long long)(fired[i - 1] - t0));
    for (int i = 0; i < N; i++)
        gr_chan_release(c[i]);
}

GR_TEST(TIMER_STOP_1, "Stop of a pending timer returns true; it never fires")
{
    gr_timer *t = gr_timer_new(30 * CT_MS);
    ASSERT_TRUE(gr_timer_stop(t));
    gr_sleep(100 * CT_MS);
    ASSERT_ERR(gr_chan_tryrecv(gr_timer_chan(t), NULL, NULL), GR_EAGAIN);
    ASSERT_FALSE(gr_timer_stop(t)); /* already stopped */
    gr_timer_release(t);
}

GR_TEST(TIMER_STOP_2, "Stop of a fired timer returns false; the value stays in the channel")
{
    gr_timer *t = gr_timer_new(CT_MS);
    gr_sleep(50 * CT_MS);
    int64_t end = gr_now() + 10 * CT_SEC;
    while (gr_chan_len(gr_timer_chan(t)) == 0) { /* liveness: wait for the fire */
        ASSERT_MSG(gr_now() < end, "liveness: the timer never fired");
        gr_sleep(CT_MS);
    }
    ASSERT_FALSE(gr_timer_stop(t));
    ASSERT_OK(gr_chan_tryrecv(gr_timer_chan(t), NULL, NULL)); /* classic: value kept */
    ASSERT_FALSE(gr_timer_stop(t));
    gr_timer_release(t);
}

GR_TEST(TIMER_RESET_1, "Reset returns whether it was pending and re-arms from now")
{
    /* Pending: true, and it does not fire at the old deadline. */
    int64_t t0 = gr_now();
    gr_timer *t = gr_timer_new(20 * CT_MS);
    int64_t reset_at = gr_now(); /* before the call: the deadline is set inside it */
    ASSERT_TRUE(gr_timer_reset(t, 150 * CT_MS));
    int64_t fired = recv_time(gr_timer_chan(t));
    ASSERT_GE(fired - reset_at, 150 * CT_MS);
    ASSERT_GE(gr_now() - t0, 150 * CT_MS);
    /* Expired (value received): false, and it fires once more. */
    reset_at = gr_now();
    ASSERT_FALSE(gr_timer_reset(t, 20 * CT_MS));
    fired = recv_time(gr_timer_chan(t));
    ASSERT_GE(fired - reset_at, 20 * CT_MS);
    /* Stopped: false, and it fires after the new duration. */
    ASSERT_FALSE(gr_timer_stop(t));
    gr_timer *s = gr_timer_new(3600 * CT_SEC);
    ASSERT_TRUE(gr_timer_stop(s));
    reset_at = gr_now();
    ASSERT_FALSE(gr_timer_reset(s, 20 * CT_MS));
    fired = recv_time(gr_timer_chan(s));
    ASSERT_GE(fired - reset_at, 20 * CT_MS);
    gr_sleep(50 * CT_MS);
    ASSERT_ERR(gr_chan_tryrecv(gr_timer_chan(s), NULL, NULL), GR_EAGAIN); /* once */
    gr_timer_release(s);
    gr_timer_release(t);
}

GR_TEST(TIMER_RELEASE_1, "release stops pending timers and leaves nothing behind")
{
    long before = gr_numgoroutine();
    for (int i = 0; i < 200; i++) {
        gr_timer *t = gr_timer_new((i % 4) * 10 * CT_MS + 1);
        ASSERT_NOT_NULL(t);
        gr_timer_release(t);
    }
    gr_chan *c[4];
    for (int i = 0; i < 4; i++) {
        gr_timer *t = gr_timer_new(20 * CT_MS);
        c[i] = gr_chan_retain(gr_timer_chan(t));
        gr_timer_release(t);
    }
    gr_sleep(80 * CT_MS);
    for (int i = 0; i < 4; i++) {
        ASSERT_ERR(gr_chan_tryrecv(c[i], NULL, NULL), GR_EAGAIN); /* no late send */
        gr_chan_release(c[i]);
    }
    ASSERT_EQ(gr_numgoroutine(), before);
}

GR_TEST(TICK_1, "the k-th tick comes no earlier than k periods after the start")
{
    int64_t t0 = gr_now();
    gr_ticker *t = gr_ticker_new(20 * CT_MS);
    ASSERT_NOT_NULL(t);
    gr_chan *c = gr_ticker_chan(t);
    ASSERT_EQ(gr_chan_cap(c), 1);
    int64_t prev = 0;
    for (int k = 1; k <= 5; k++) {
        int64_t fired = recv_time(c);
        ASSERT_GE(gr_now() - t0, k * 20 * CT_MS);
        ASSERT_GE(fired - t0, k * 20 * CT_MS);
        ASSERT_GE(fired, prev);
        prev = fired;
    }
    gr_ticker_stop(t);
    gr_ticker_release(t);
}

GR_TEST(TICK_DROP_1, "a ticker drops ticks for a slow receiver")
{
    const int64_t period = 10 * CT_MS;
    gr_ticker *t = gr_ticker_new(period);
    gr_chan *c = gr_ticker_chan(t);
    gr_sleep(30 * period);
    int64_t drain0 = gr_now();
    int drained = 0;
    while (gr_chan_tryrecv(c, NULL, NULL) == GR_OK)
        drained++;
    int64_t draining = gr_now() - drain0;
    /* One buffered tick, plus at most one per period that passed while draining. */
    int64_t bound = 1 + 1 + draining / period;
    ASSERT_GE(drained, 1);
    ASSERT_LE(drained, bound);
    gr_ticker_stop(t);
    gr_ticker_release(t);
}

GR_TEST(TICK_STOP_1, "no tick after Stop")
{
    gr_ticker *t = gr_ticker_new(10 * CT_MS);
    gr_chan *c = gr_ticker_chan(t);
    recv_time(c);
    gr_ticker_stop(t);
    gr_chan_tryrecv(c, NULL, NULL); /* one tick may have been buffered before Stop */
    gr_sleep(60 * CT_MS);
    ASSERT_ERR(gr_chan_tryrecv(c, NULL, NULL), GR_EAGAIN);
    gr_ticker_release(t);
}

GR_TEST(TICK_RESET_1, "Reset changes the period, and restarts a stopped ticker")
{
    gr_ticker *t = gr_ticker_new(3600 * CT_SEC);
    gr_chan *c = gr_ticker_chan(t);
    int64_t t0 = gr_now();
    ASSERT_OK(gr_ticker_reset(t, 20 * CT_MS));
    int64_t f1 = recv_time(c);
    int64_t f2 = recv_time(c);
    ASSERT_GE(f1 - t0, 20 * CT_MS);
    ASSERT_GE(gr_now() - t0, 40 * CT_MS);
    ASSERT_GE(f2, f1);
    gr_ticker_stop(t);
    gr_chan_tryrecv(c, NULL, NULL);
    t0 = gr_now();
    ASSERT_OK(gr_ticker_reset(t, 15 * CT_MS));
    int64_t f3 = recv_time(c);
    ASSERT_GE(f3 - t0, 15 * CT_MS);
    gr_ticker_stop(t);
    gr_ticker_release(t);
}
