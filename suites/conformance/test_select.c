/*
 * test_select.c — gr_select and gr_select_try (SPEC.md "Select").  The
 * fairness, double-select and select-vs-close stress tests are in
 * test_stress.c; bad dir / NULL cases and closed send cases in test_misuse.c.
 *
 * Invariants: each test builds its cases on its own stack; every
 * "blocked" check is an ordering fact (a flag that cannot be set earlier).
 */
#include "ct.h"

#include <stdlib.h>

GR_TEST(SEL_READY_1, "the one ready case is chosen: receive stores, send delivers")
{
    gr_chan *a = ct_chan_int(1), *b = ct_chan_int(1), *s = ct_chan_int(1);
    ct_send_int(a, 5);
    int va = 0, vb = 0;
    gr_case cs[2] = {{.ch = a, .dir = GR_RECV, .elem = &va}, {.ch = b, .dir = GR_RECV, .elem = &vb}};
    ASSERT_EQ(gr_select(cs, 2), 0);
    ASSERT_EQ(va, 5);
    ASSERT_TRUE(cs[0].ok);
    ct_send_int(b, 6);
    ASSERT_EQ(gr_select_try(cs, 2), 1);
    ASSERT_EQ(vb, 6);
    ASSERT_TRUE(cs[1].ok);
    int out = 77;
    gr_case snd[2] = {{.ch = b, .dir = GR_RECV, .elem = &vb}, {.ch = s, .dir = GR_SEND, .elem = &out}};
    ASSERT_EQ(gr_select(snd, 2), 1);
    ASSERT_EQ(ct_recv_int(s), 77);
    gr_chan_release(a);
    gr_chan_release(b);
    gr_chan_release(s);
}

struct blocked_sel {
    gr_chan *a, *b;
    _Atomic int done;
    int idx, val;
};

static void select_two(void *arg)
{
    struct blocked_sel *x = arg;
    int va = -1, vb = -1;
    gr_case cs[2] = {{.ch = x->a, .dir = GR_RECV, .elem = &va},
                     {.ch = x->b, .dir = GR_RECV, .elem = &vb}};
    x->idx = gr_select(cs, 2);
    x->val = x->idx == 0 ? va : vb;
    atomic_store(&x->done, 1);
}

GR_TEST(SEL_BLOCK_1, "a select with nothing ready blocks, then commits the case that became ready")
{
    struct blocked_sel x = {.a = ct_chan_int(0), .b = ct_chan_int(0)};
    GO(select_two, &x);
    gr_sleep(30 * CT_MS);
    ASSERT_EQ(atomic_load(&x.done), 0);
    ct_send_int(x.b, 31);
    ct_wait_flag(&x.done, 10, "the select");
    ASSERT_EQ(x.idx, 1);
    ASSERT_EQ(x.val, 31);
    gr_chan_release(x.a);
    gr_chan_release(x.b);
}

GR_TEST(SEL_DEFAULT_1, "select_try returns GR_EAGAIN with no effect when nothing is ready")
{
    gr_chan *a = ct_chan_int(0), *full = ct_chan_int(1);
    ct_send_int(full, 1);
    int v = 42, out = 9;
    gr_case cs[2] = {{.ch = a, .dir = GR_RECV, .elem = &v, .ok = true},
                     {.ch = full, .dir = GR_SEND, .elem = &out}};
    for (int i = 0; i < 100; i++)
        ASSERT_ERR(gr_select_try(cs, 2), GR_EAGAIN);
    ASSERT_EQ(v, 42);
    ASSERT_TRUE(cs[0].ok);
    ASSERT_EQ(gr_chan_len(full), 1);
    ASSERT_EQ(ct_recv_int(full), 1);
    ASSERT_ERR(gr_chan_tryrecv(full, NULL, NULL), GR_EAGAIN);
    gr_chan_release(a);
    gr_chan_release(full);
}

GR_TEST(SEL_NIL_1, "a NULL case is never chosen")
{
    gr_chan *a = ct_chan_int(1);
    int v = 0, out = 3;
    for (int i = 0; i < 200; i++) {
        ct_send_int(a, i);
        gr_case cs[3] = {{.ch = NULL, .dir = GR_RECV, .elem = &v},
                         {.ch = a, .dir = GR_RECV, .elem = &v},
                         {.ch = NULL, .dir = GR_SEND, .elem = &out}};
        ASSERT_EQ(i % 2 ? gr_select(cs, 3) : gr_select_try(cs, 3), 1);
        ASSERT_EQ(v, i);
    }
    gr_case none[2] = {{.ch = NULL, .dir = GR_RECV, .elem = &v}, {.ch = NULL, .dir = GR_SEND, .elem = &out}};
    ASSERT_ERR(gr_select_try(none, 2), GR_EAGAIN);
    gr_chan_release(a);
}

static void empty_select_main(void *arg)
{
    if (arg) {
        int v;
        gr_case cs[2] = {{.ch = NULL, .dir = GR_RECV, .elem = &v}, {.ch = NULL, .dir = GR_SEND, .elem = &v}};
        gr_select(cs, 2);
    } else {
        gr_select(NULL, 0);
    }
}

GR_TEST(SEL_EMPTY_1, "select {} and an all-NULL select block forever", .raw = true)
{
    for (int k = 0; k < 2; k++) {
        ct_capture_begin();
        int rc = gr_run(NULL, empty_select_main, k ? &k : NULL);
        free(ct_capture_end());
        ASSERT_ERR(rc, GR_EDEADLK);
    }
}

GR_TEST(SEL_EMPTY_2, "select_try(NULL, 0) is select { default: }")
{
    ASSERT_ERR(gr_select_try(NULL, 0), GR_EAGAIN);
}

static void close_later(void *arg)
{
    gr_sleep(20 * CT_MS);
    ASSERT_OK(gr_chan_close(arg));
}

GR_TEST(SEL_CLOSED_1, "a receive case on a closed channel is ready, with ok=false and zero")
{
    gr_chan *c = ct_chan_int(0), *never = ct_chan_int(0);
    ASSERT_OK(gr_chan_close(c));
    int v = 5, w = 6;
    gr_case cs[2] = {{.ch = never, .dir = GR_RECV, .elem = &w}, {.ch = c, .dir = GR_RECV, .elem = &v, .ok = true}};
    ASSERT_EQ(gr_select_try(cs, 2), 1);
    ASSERT_EQ(v, 0);
    ASSERT_FALSE(cs[1].ok);
    v = 5;
    cs[1].ok = true;
    ASSERT_EQ(gr_select(cs, 2), 1);
    ASSERT_EQ(v, 0);
    ASSERT_FALSE(cs[1].ok);
    gr_chan *d = ct_chan_int(0); /* a blocked select is woken by the close */
    GO(close_later, d);
    gr_case bl[2] = {{.ch = never, .dir = GR_RECV, .elem = &w}, {.ch = d, .dir = GR_RECV, .elem = &v, .ok = true}};
    ASSERT_EQ(gr_select(bl, 2), 1);
    ASSERT_FALSE(bl[1].ok);
    ASSERT_EQ(w, 6);
    gr_chan_release(c);
    gr_chan_release(d);
    gr_chan_release(never);
}

GR_TEST(SEL_ONE_1, "exactly one case commits")
{
    gr_chan *a = ct_chan_int(1), *b = ct_chan_int(1);
    for (int i = 0; i < 200; i++) {
        ct_send_int(a, 1);
        ct_send_int(b, 2);
        int va = 0, vb = 0;
        gr_case cs[2] = {{.ch = a, .dir = GR_RECV, .elem = &va}, {.ch = b, .dir = GR_RECV, .elem = &vb}};
        int k = i % 2 ? gr_select(cs, 2) : gr_select_try(cs, 2);
        ASSERT_TRUE(k == 0 || k == 1);
        ASSERT_EQ(gr_chan_len(a) + gr_chan_len(b), 1);
        ASSERT_EQ(k == 0 ? va : vb, k == 0 ? 1 : 2);
        ASSERT_EQ(k == 0 ? vb : va, 0);
        ASSERT_OK(gr_chan_tryrecv(k == 0 ? b : a, NULL, NULL));
    }
    gr_chan_release(a);
    gr_chan_release(b);
}

GR_TEST(SEL_UNLINK_1, "a completed select leaves no waiter on its other channels", .procs = 4)
{
    for (int round = 0; round < 100; round++) {
        struct blocked_sel x = {.a = ct_chan_int(0), .b = ct_chan_int(0)};
        GO(select_two, &x);
        ct_send_int(x.b, round); /* completes the select through b */
        ct_wait_flag(&x.done, 10, "the select");
        ASSERT_EQ(x.idx, 1);
        ASSERT_EQ(x.val, round);
        int v = 1;
        ASSERT_ERR(gr_chan_trysend(x.a, &v), GR_EAGAIN); /* no stale receiver on a */
        ASSERT_ERR(gr_chan_trysend(x.b, &v), GR_EAGAIN);
        gr_chan_release(x.a);
        gr_chan_release(x.b);
    }
}

struct dup {
    gr_chan *c, *d, *e;
};

static void dup_select(void *arg)
{
    struct dup *x = arg;
    int v;
    gr_case cs[3] = {{.ch = x->c, .dir = GR_RECV, .elem = &v},
                     {.ch = x->c, .dir = GR_RECV, .elem = &v},
                     {.ch = x->d, .dir = GR_RECV, .elem = &v}};
    int k = gr_select(cs, 3);
    ct_send_int(x->e, k == 2 ? v : -1);
}

static void plain_recv_c(void *arg)
{
    struct dup *x = arg;
    ct_send_int(x->e, 1000 + ct_recv_int(x->c));
}

GR_TEST(SEL_SAME_1, "the same channel in two cases: one delivery, no stale waiter")
{
    struct dup x = {.c = ct_chan_int(0), .d = ct_chan_int(0), .e = ct_chan_int(0)};
    GO(dup_select, &x);
    gr_sleep(10 * CT_MS);
    GO(plain_recv_c, &x);
    gr_sleep(10 * CT_MS);
    ct_send_int(x.d, 7);          /* completes the select through d */
    ASSERT_EQ(ct_recv_int(x.e), 7);
    ct_send_int(x.c, 8);          /* must reach the plain receiver, not the dead select */
    ASSERT_EQ(ct_recv_int(x.e), 1008);
    /* And a delivery through the duplicated channel happens once. */
    GO(dup_select, &x);
    ct_send_int(x.c, 9);
    ASSERT_EQ(ct_recv_int(x.e), -1);
    int v = 1;
    ASSERT_ERR(gr_chan_trysend(x.c, &v), GR_EAGAIN);
    gr_chan_release(x.c);
    gr_chan_release(x.d);
    gr_chan_release(x.e);
}

struct self_sel {
    gr_chan *c;
    int p;
    size_t cap;
    gr_waitgroup *wg;
};

static void self_select(void *arg)
{
    struct self_sel *s = arg;
    for (int i = 0; i < 1000; i++) {
        int out = s->p, in = -1;
        gr_case cs[2] = {{.ch = s->c, .dir = GR_SEND, .elem = &out}, {.ch = s->c, .dir = GR_RECV, .elem = &in}};
        if (s->p == 1 && i % 2) {
            gr_case t = cs[0];
            cs[0] = cs[1];
            cs[1] = t;
        }
        int k = gr_select(cs, 2);
        ASSERT_TRUE(k == 0 || k == 1);
        if (cs[k].dir == GR_RECV && s->cap == 0)
            ASSERT_MSG(in != s->p, "goroutine %d received its own value (self receive)", s->p);
    }
    gr_wg_done(s->wg);
}

GR_TEST(SEL_SAME_2, "send and receive on one channel in one select never pair with themselves",
        .procs = 2)
{
    static const size_t caps[] = {0, 10};
    for (int k = 0; k < 2; k++) {
        gr_chan *c = ct_chan_int(caps[k]);
        gr_waitgroup wg = {0};
        struct self_sel s[2] = {{.c = c, .p = 0, .cap = caps[k], .wg = &wg},
                                {.c = c, .p = 1, .cap = caps[k], .wg = &wg}};
        ASSERT_OK(gr_wg_add(&wg, 2));
        GO(self_select, &s[0]);
        GO(self_select, &s[1]);
        gr_wg_wait(&wg);
        gr_chan_release(c);
    }
}

static void recv_into(void *arg)
{
    void **a = arg;
    *(int *)a[1] = ct_recv_int(a[0]);
    atomic_store((_Atomic int *)a[2], 1);
}

/* SEL-LARGE-1: 20 cases over 10 channels; case i and case i + 10 share
 * channel i, and every fifth case is NULL. */
enum { LARGE_CASES = 20, LARGE_CHANS = LARGE_CASES / 2 };

struct large_sel {
    gr_chan *ch[LARGE_CHANS];
    int v[LARGE_CASES];
    gr_case cs[LARGE_CASES];
    _Atomic int done;
    int idx;
};

static void large_cases(struct large_sel *x)
{
    for (int i = 0; i < LARGE_CASES; i++)
        x->cs[i] = (gr_case){.ch = i % 5 == 4 ? NULL : x->ch[i % LARGE_CHANS],
                             .dir = GR_RECV, .elem = &x->v[i]};
}

static void large_select(void *arg)
{
    struct large_sel *x = arg;
    large_cases(x);
    x->idx = gr_select(x->cs, LARGE_CASES);
    atomic_store(&x->done, 1);
}

GR_TEST(SEL_LARGE_1, "a 20-case select: ready at once, one commit, blocks, no stale waiter",
        .procs = 4)
{
    /* Ready at once: one buffered value, taken exactly once. */
    struct large_sel r = {0};
    for (int j = 0; j < LARGE_CHANS; j++)
        r.ch[j] = ct_chan_int(1);
    ct_send_int(r.ch[3], 7);
    large_cases(&r);
    int k = gr_select_try(r.cs, LARGE_CASES);
    ASSERT_TRUE(k == 3 || k == 13);
    ASSERT_EQ(r.v[k], 7);
    ASSERT_TRUE(r.cs[k].ok);
    ASSERT_ERR(gr_select_try(r.cs, LARGE_CASES), GR_EAGAIN);
    for (int j = 0; j < LARGE_CHANS; j++)
        gr_chan_release(r.ch[j]);

    /* Nothing ready: it blocks, one send completes it, and no case stays
     * queued (a trysend on any unbuffered channel finds no receiver). */
    for (int round = 0; round < 20; round++) {
        struct large_sel x = {0};
        for (int j = 0; j < LARGE_CHANS; j++)
            x.ch[j] = ct_chan_int(0);
        GO(large_select, &x);
        if (round == 0) {
            gr_sleep(30 * CT_MS);
            ASSERT_EQ(atomic_load(&x.done), 0);
        }
        /* channels 4 and 9 are in no case (theirs are the NULL ones) */
        const int j = round % 4 == 3 ? 6 : round % 4;
        ct_send_int(x.ch[j], 100 + round);
        ct_wait_flag(&x.done, 10, "the 20-case select");
        ASSERT_TRUE(x.idx == j || x.idx == j + LARGE_CHANS);
        ASSERT_EQ(x.v[x.idx], 100 + round);
        int v = 1;
        for (int m = 0; m < LARGE_CHANS; m++)
            ASSERT_ERR(gr_chan_trysend(x.ch[m], &v), GR_EAGAIN);
        for (int m = 0; m < LARGE_CHANS; m++)
            gr_chan_release(x.ch[m]);
    }
}

GR_TEST(SEL_SEND_1, "a blocked send case completes when a receiver arrives")
{
    gr_chan *a = ct_chan_int(0), *b = ct_chan_int(0);
    int got = 0, vb = 0, out = 4242;
    _Atomic int done = 0;
    void *args[3] = {a, &got, &done};
    gr_case cs[2] = {{.ch = b, .dir = GR_RECV, .elem = &vb}, {.ch = a, .dir = GR_SEND, .elem = &out}};
    GO(recv_into, args);
    ASSERT_EQ(gr_select(cs, 2), 1);
    ct_wait_flag(&done, 10, "the receiver");
    ASSERT_EQ(got, 4242);
    gr_chan_release(a);
    gr_chan_release(b);
}

GR_TEST(SEL_OK_1, "receive case elem may be NULL; ok is set only on the chosen case")
{
    gr_chan *a = ct_chan_int(1), *closed = ct_chan_int(0), *never = ct_chan_int(0);
    ASSERT_OK(gr_chan_close(closed));
    ct_send_int(a, 1);
    gr_case cs[2] = {{.ch = a, .dir = GR_RECV, .elem = NULL, .ok = false},
                     {.ch = never, .dir = GR_RECV, .elem = NULL, .ok = true}};
    ASSERT_EQ(gr_select(cs, 2), 0);
    ASSERT_TRUE(cs[0].ok);
    ASSERT_TRUE(cs[1].ok); /* untouched */
    ASSERT_EQ(gr_chan_len(a), 0);
    gr_case cz[2] = {{.ch = never, .dir = GR_RECV, .elem = NULL, .ok = true},
                     {.ch = closed, .dir = GR_RECV, .elem = NULL, .ok = true}};
    ASSERT_EQ(gr_select_try(cz, 2), 1);
    ASSERT_FALSE(cz[1].ok);
    ASSERT_TRUE(cz[0].ok);
    gr_chan_release(a);
    gr_chan_release(closed);
    gr_chan_release(never);
}

GR_TEST(SEL_TIMEOUT_1, "a gr_after case times a select out, not early")
{
    gr_chan *never = ct_chan_int(0);
    int64_t t0 = gr_now();
    gr_chan *t = gr_after(50 * CT_MS);
    ASSERT_NOT_NULL(t);
    int v = 0;
    int64_t fired = 0;
    gr_case cs[2] = {{.ch = never, .dir = GR_RECV, .elem = &v}, {.ch = t, .dir = GR_RECV, .elem = &fired}};
    ASSERT_EQ(gr_select(cs, 2), 1);
    ASSERT_GE(gr_now() - t0, 50 * CT_MS);
    ASSERT_GE(fired - t0, 50 * CT_MS);
    gr_chan_release(t);
    gr_chan_release(never);
}
