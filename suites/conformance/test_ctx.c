/*
 * test_ctx.c — contexts: background, cancel and its propagation, removal
 * from the parent, references, done channels, deadlines, values, causes
 * (SPEC.md "Context").  The 100-context stress test is in test_stress.c,
 * the NULL-parent misuse in test_misuse.c.
 *
 * Invariants: every context a test makes is released (cancel + release is
 * Go's `defer cancel()`), so the leak check also covers timer goroutines.
 */
#include "ct.h"

/* Is the done channel of ctx closed (a receive ready with ok == false)? */
static bool is_done(gr_ctx *ctx)
{
    gr_chan *d = gr_ctx_done(ctx);
    if (!d)
        return false;
    bool ok = true;
    int rc = gr_chan_tryrecv(d, NULL, &ok);
    if (rc == GR_EAGAIN)
        return false;
    ASSERT_OK(rc);
    ASSERT_FALSE(ok);
    return true;
}

static void wait_done(gr_ctx *ctx)
{
    bool ok = true;
    ASSERT_OK(gr_chan_recv(gr_ctx_done(ctx), NULL, &ok));
    ASSERT_FALSE(ok);
}

GR_TEST(CTX_BG_1, "Background is never canceled")
{
    gr_ctx *bg = gr_ctx_background();
    ASSERT_NOT_NULL(bg);
    ASSERT_PTR_EQ(gr_ctx_background(), bg);
    ASSERT_EQ(gr_ctx_err(bg), 0);
    ASSERT_NULL(gr_ctx_done(bg));
    int64_t dl = 12345;
    ASSERT_FALSE(gr_ctx_deadline(bg, &dl));
    static int key;
    ASSERT_NULL(gr_ctx_value(bg, &key));
    ASSERT_EQ(gr_ctx_cause(bg), 0);
    gr_ctx_cancel(bg);
    gr_ctx_cancel_cause(bg, GR_EPERM);
    ASSERT_PTR_EQ(gr_ctx_retain(bg), bg);
    gr_ctx_release(bg);
    gr_ctx_release(bg);
    ASSERT_EQ(gr_ctx_err(bg), 0);
    ASSERT_EQ(gr_ctx_cause(bg), 0);
    gr_ctx *c = gr_ctx_with_cancel(bg); /* still usable as a parent */
    ASSERT_NOT_NULL(c);
    ASSERT_EQ(gr_ctx_err(c), 0);
    gr_ctx_cancel(c);
    gr_ctx_release(c);
}

static void wait_ctx(void *arg)
{
    wait_done(arg);
    ASSERT_ERR(gr_ctx_err(arg), GR_ECANCELED);
}

GR_TEST(CTX_CANCEL_1, "cancel closes done for every receiver and sets GR_ECANCELED")
{
    gr_ctx *c = gr_ctx_with_cancel(gr_ctx_background());
    ASSERT_NOT_NULL(c);
    ASSERT_EQ(gr_ctx_err(c), 0);
    ASSERT_NOT_NULL(gr_ctx_done(c));
    ASSERT_FALSE(is_done(c));
    for (int i = 0; i < 4; i++)
        GO(wait_ctx, c);
    gr_sleep(10 * CT_MS);
    gr_ctx_cancel(c);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    ASSERT_TRUE(is_done(c));
    ct_wait_goroutines(1, 10);
    gr_ctx_release(c);
}

GR_TEST(CTX_CANCEL_2, "cancel is idempotent")
{
    gr_ctx *c = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx_cancel(c);
    gr_ctx_cancel(c);
    gr_ctx_cancel_cause(c, GR_EPERM);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    ASSERT_ERR(gr_ctx_cause(c), GR_ECANCELED);
    ASSERT_TRUE(is_done(c));
    gr_ctx_release(c);
}

static int key_a, key_b;

GR_TEST(CTX_CANCEL_3, "cancel reaches every descendant, through value and timeout contexts")
{
    gr_ctx *root = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx *v1 = gr_ctx_with_value(root, &key_a, "a");
    gr_ctx *t1 = gr_ctx_with_timeout(v1, 3600 * CT_SEC);
    gr_ctx *c1 = gr_ctx_with_cancel(t1);
    gr_ctx *v2 = gr_ctx_with_value(c1, &key_b, "b");
    gr_ctx *c2 = gr_ctx_with_cancel(v2);
    gr_ctx *all[] = {root, v1, t1, c1, v2, c2};
    for (int i = 0; i < 6; i++) {
        ASSERT_NOT_NULL(all[i]);
        ASSERT_EQ(gr_ctx_err(all[i]), 0);
    }
    gr_ctx_cancel(root);
    for (int i = 0; i < 6; i++) {
        ASSERT_ERR(gr_ctx_err(all[i]), GR_ECANCELED);
        ASSERT_TRUE(is_done(all[i]));
    }
    for (int i = 5; i >= 0; i--)
        gr_ctx_release(all[i]);
}

GR_TEST(CTX_CANCEL_4, "cancel of a child leaves its parent and siblings alone")
{
    gr_ctx *p = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx *a = gr_ctx_with_cancel(p), *b = gr_ctx_with_cancel(p);
    gr_ctx *aa = gr_ctx_with_cancel(a);
    gr_ctx_cancel(a);
    ASSERT_ERR(gr_ctx_err(a), GR_ECANCELED);
    ASSERT_ERR(gr_ctx_err(aa), GR_ECANCELED);
    ASSERT_EQ(gr_ctx_err(p), 0);
    ASSERT_EQ(gr_ctx_err(b), 0);
    ASSERT_FALSE(is_done(p));
    ASSERT_FALSE(is_done(b));
    gr_ctx_cancel(p);
    ASSERT_ERR(gr_ctx_err(b), GR_ECANCELED);
    gr_ctx_release(aa);
    gr_ctx_release(a);
    gr_ctx_release(b);
    gr_ctx_release(p);
}

GR_TEST(CTX_CANCEL_5, "a child of a canceled parent is canceled at once")
{
    gr_ctx *p = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx_cancel_cause(p, GR_EPERM);
    gr_ctx *c = gr_ctx_with_cancel(p);
    gr_ctx *t = gr_ctx_with_timeout(p, 3600 * CT_SEC);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    ASSERT_ERR(gr_ctx_cause(c), GR_EPERM);
    ASSERT_TRUE(is_done(c));
    ASSERT_ERR(gr_ctx_err(t), GR_ECANCELED);
    ASSERT_TRUE(is_done(t));
    gr_ctx_release(t);
    gr_ctx_release(c);
    gr_ctx_release(p);
}

GR_TEST(CTX_REMOVE_1, "canceled and released children are detached from the parent")
{
    gr_ctx *p = gr_ctx_with_cancel(gr_ctx_background());
    for (int i = 0; i < 20000; i++) {
        gr_ctx *c = i % 2 ? gr_ctx_with_cancel(p) : gr_ctx_with_timeout(p, 3600 * CT_SEC);
        ASSERT_NOT_NULL(c);
        if (i % 3)
            gr_ctx_cancel(c);
        gr_ctx_release(c);
    }
    gr_ctx *kept = gr_ctx_with_cancel(p);
    gr_ctx_cancel(p); /* touches only `kept` (ASan/valgrind see any use after free) */
    ASSERT_ERR(gr_ctx_err(kept), GR_ECANCELED);
    gr_ctx_release(kept);
    gr_ctx_release(p);
}

static void hold_and_check(void *arg)
{
    void **a = arg;
    gr_ctx *c = a[0];
    gr_chan *step = a[1];
    ASSERT_EQ(ct_recv_int(step), 1); /* the creator released its reference */
    ASSERT_EQ(gr_ctx_err(c), 0);
    ASSERT_FALSE(is_done(c));
    ct_send_int(step, 2);
    wait_done(c); /* the parent's cancel still reaches it */
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    gr_ctx_release(c);
    ct_send_int(step, 3);
}

GR_TEST(CTX_RELEASE_1, "release drops a reference and does not cancel")
{
    gr_ctx *p = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx *c = gr_ctx_with_cancel(p);
    gr_chan *step = ct_chan_int(0);
    void *a[2] = {gr_ctx_retain(c), step};
    GO(hold_and_check, a);
    gr_ctx_release(c);
    ct_send_int(step, 1);
    ASSERT_EQ(ct_recv_int(step), 2);
    gr_ctx_cancel(p);
    ASSERT_EQ(ct_recv_int(step), 3);
    gr_ctx_release(p);
    gr_chan_release(step);
}

GR_TEST(CTX_RETAIN_1, "retain returns ctx and keeps it alive; NULL-safe")
{
    gr_ctx *c = gr_ctx_with_value(gr_ctx_background(), &key_a, "v");
    ASSERT_PTR_EQ(gr_ctx_retain(c), c);
    gr_ctx_release(c);
    ASSERT_PTR_EQ(gr_ctx_value(c, &key_a), "v"); /* still alive: one reference left */
    gr_ctx_release(c);
    ASSERT_NULL(gr_ctx_retain(NULL));
    gr_ctx_release(NULL);
}

GR_TEST(CTX_DONE_1, "done is stable; a value context shares its parent's done")
{
    gr_ctx *c = gr_ctx_with_cancel(gr_ctx_background());
    gr_chan *d = gr_ctx_done(c);
    ASSERT_NOT_NULL(d);
    ASSERT_PTR_EQ(gr_ctx_done(c), d);
    gr_ctx *v = gr_ctx_with_value(c, &key_a, "x");
    ASSERT_PTR_EQ(gr_ctx_done(v), d);
    gr_ctx *vb = gr_ctx_with_value(gr_ctx_background(), &key_a, "y");
    ASSERT_NULL(gr_ctx_done(vb));
    gr_ctx_cancel(c);
    ASSERT_PTR_EQ(gr_ctx_done(c), d);
    ASSERT_TRUE(is_done(v));
    gr_ctx_release(vb);
    gr_ctx_release(v);
    gr_ctx_release(c);
}

GR_TEST(CTX_DEADLINE_1, "a timeout context is done no earlier than its timeout, with GR_ETIMEDOUT")
{
    int64_t t0 = gr_now();
    gr_ctx *c = gr_ctx_with_timeout(gr_ctx_background(), 50 * CT_MS);
    ASSERT_NOT_NULL(c);
    ASSERT_EQ(gr_ctx_err(c), 0);
    wait_done(c);
    ASSERT_GE(gr_now() - t0, 50 * CT_MS);
    ASSERT_ERR(gr_ctx_err(c), GR_ETIMEDOUT);
    gr_ctx_cancel(c); /* after the deadline: changes nothing */
    ASSERT_ERR(gr_ctx_err(c), GR_ETIMEDOUT);
    gr_ctx_release(c);
    int64_t dl = gr_now() + 30 * CT_MS;
    gr_ctx *d = gr_ctx_with_deadline(gr_ctx_background(), dl);
    wait_done(d);
    ASSERT_GE(gr_now(), dl);
    ASSERT_ERR(gr_ctx_err(d), GR_ETIMEDOUT);
    gr_ctx_release(d);
}

GR_TEST(CTX_DEADLINE_2, "the earlier of the parent's and the child's deadline wins")
{
    int64_t now = gr_now(), got = 0;
    gr_ctx *c = gr_ctx_with_cancel(gr_ctx_background());
    ASSERT_FALSE(gr_ctx_deadline(c, &got));
    gr_ctx *p = gr_ctx_with_deadline(gr_ctx_background(), now + 100 * CT_SEC);
    ASSERT_TRUE(gr_ctx_deadline(p, &got));
    ASSERT_EQ(got, now + 100 * CT_SEC);
    gr_ctx *later = gr_ctx_with_deadline(p, now + 200 * CT_SEC);
    ASSERT_TRUE(gr_ctx_deadline(later, &got));
    ASSERT_EQ(got, now + 100 * CT_SEC);
    gr_ctx *earlier = gr_ctx_with_deadline(p, now + 50 * CT_SEC);
    ASSERT_TRUE(gr_ctx_deadline(earlier, &got));
    ASSERT_EQ(got, now + 50 * CT_SEC);
    gr_ctx *v = gr_ctx_with_value(earlier, &key_a, NULL);
    gr_ctx *cc = gr_ctx_with_cancel(v);
    ASSERT_TRUE(gr_ctx_deadline(cc, &got));
    ASSERT_EQ(got, now + 50 * CT_SEC);
    gr_ctx *t = gr_ctx_with_timeout(p, 10 * CT_SEC);
    ASSERT_TRUE(gr_ctx_deadline(t, &got));
    ASSERT_GE(got, now + 10 * CT_SEC);
    ASSERT_LE(got, gr_now() + 10 * CT_SEC);
    gr_ctx *all[] = {t, cc, v, earlier, later, p, c};
    for (int i = 0; i < 7; i++) {
        gr_ctx_cancel(all[i]);
        gr_ctx_release(all[i]);
    }
}

GR_TEST(CTX_DEADLINE_3, "a past deadline or a timeout <= 0 is done at once")
{
    gr_ctx *a = gr_ctx_with_deadline(gr_ctx_background(), gr_now() - CT_SEC);
    gr_ctx *b = gr_ctx_with_timeout(gr_ctx_background(), 0);
    gr_ctx *c = gr_ctx_with_timeout(gr_ctx_background(), -5);
    gr_ctx *all[] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        ASSERT_NOT_NULL(all[i]);
        ASSERT_ERR(gr_ctx_err(all[i]), GR_ETIMEDOUT);
        ASSERT_TRUE(is_done(all[i]));
        gr_ctx_release(all[i]);
    }
}

GR_TEST(CTX_DEADLINE_4, "a cancel before the deadline wins")
{
    gr_ctx *c = gr_ctx_with_timeout(gr_ctx_background(), 20 * CT_MS);
    gr_ctx_cancel(c);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    gr_sleep(50 * CT_MS);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    ASSERT_ERR(gr_ctx_cause(c), GR_ECANCELED);
    gr_ctx_release(c);
}

GR_TEST(CTX_DEADLINE_5, "a parent's timeout cancels a child with GR_ETIMEDOUT")
{
    gr_ctx *p = gr_ctx_with_timeout(gr_ctx_background(), 20 * CT_MS);
    gr_ctx *c = gr_ctx_with_cancel(p);
    wait_done(c);
    ASSERT_ERR(gr_ctx_err(c), GR_ETIMEDOUT);
    ASSERT_ERR(gr_ctx_err(p), GR_ETIMEDOUT);
    gr_ctx_release(c);
    gr_ctx_release(p);
}

GR_TEST(CTX_VALUE_1, "values: the nearest key wins; keys compare by pointer")
{
    static int k1, k2, k3;
    gr_ctx *a = gr_ctx_with_value(gr_ctx_background(), &k1, "a1");
    gr_ctx *b = gr_ctx_with_value(a, &k2, "b2");
    gr_ctx *c = gr_ctx_with_cancel(b);
    gr_ctx *d = gr_ctx_with_value(c, &k1, "d1"); /* shadows a */
    gr_ctx *e = gr_ctx_with_timeout(d, 3600 * CT_SEC);
    ASSERT_PTR_EQ(gr_ctx_value(e, &k1), "d1");
    ASSERT_PTR_EQ(gr_ctx_value(e, &k2), "b2");
    ASSERT_NULL(gr_ctx_value(e, &k3));
    ASSERT_PTR_EQ(gr_ctx_value(c, &k1), "a1");
    ASSERT_NULL(gr_ctx_value(a, &k2));
    gr_ctx_cancel(c); /* values stay readable after cancel */
    ASSERT_PTR_EQ(gr_ctx_value(e, &k1), "d1");
    gr_ctx *all[] = {e, d, c, b, a};
    for (int i = 0; i < 5; i++)
        gr_ctx_release(all[i]);
}

GR_TEST(CTX_CAUSE_1, "cancel_cause: the first cancel's cause wins; 0 means GR_ECANCELED")
{
    gr_ctx *c = gr_ctx_with_cancel(gr_ctx_background());
    ASSERT_EQ(gr_ctx_cause(c), 0);
    gr_ctx_cancel_cause(c, GR_EPERM);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    ASSERT_ERR(gr_ctx_cause(c), GR_EPERM);
    gr_ctx_cancel_cause(c, GR_EAGAIN);
    gr_ctx_cancel(c);
    ASSERT_ERR(gr_ctx_cause(c), GR_EPERM);
    gr_ctx_release(c);
    gr_ctx *z = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx_cancel_cause(z, 0);
    ASSERT_ERR(gr_ctx_err(z), GR_ECANCELED);
    ASSERT_ERR(gr_ctx_cause(z), GR_ECANCELED);
    gr_ctx_release(z);
}

GR_TEST(CTX_CAUSE_2, "cause is 0, then err, or the ancestor's cause")
{
    gr_ctx *p = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx *v = gr_ctx_with_value(p, &key_a, NULL);
    gr_ctx *c = gr_ctx_with_cancel(v);
    ASSERT_EQ(gr_ctx_cause(c), 0);
    gr_ctx_cancel_cause(p, GR_ENOTSUP);
    ASSERT_ERR(gr_ctx_cause(c), GR_ENOTSUP);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    gr_ctx *q = gr_ctx_with_cancel(gr_ctx_background());
    gr_ctx_cancel(q);
    ASSERT_ERR(gr_ctx_cause(q), GR_ECANCELED);
    gr_ctx *t = gr_ctx_with_timeout(gr_ctx_background(), CT_MS);
    wait_done(t);
    ASSERT_ERR(gr_ctx_cause(t), GR_ETIMEDOUT);
    gr_ctx_release(t);
    gr_ctx_release(q);
    gr_ctx_release(c);
    gr_ctx_release(v);
    gr_ctx_release(p);
}
