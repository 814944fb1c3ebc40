/*
 * test_stress.c — stress tests that run as ordinary tests, each at procs 1
 * and 4 (.multi), sized to finish in a few seconds on a slow 2-core VM:
 * many-to-many exactly-once delivery, select fairness, double-select,
 * select racing with close, mutex starvation freedom, WaitGroup reuse,
 * 100 contexts cancelled at once.
 *
 * Invariants: every check is on outcomes (counts, orders, errors), never on
 * speed; the only statistical check (SEL-FAIR-1) states its bound and its
 * false-failure probability.
 */
#include "ct.h"

#include <stdlib.h>

/* ---- CHAN-MANY-1 ---- */

enum { PRODUCERS = 8, CONSUMERS = 8, PER_PRODUCER = 1500 };

struct many {
    gr_chan *c;
    _Atomic unsigned char *seen;
    gr_waitgroup prod, cons;
    int base;
};

static void many_producer(void *arg)
{
    struct many *m = arg;
    int p = __atomic_fetch_add(&m->base, 1, __ATOMIC_RELAXED);
    for (int i = 0; i < PER_PRODUCER; i++)
        ct_send_int(m->c, p * PER_PRODUCER + i);
    gr_wg_done(&m->prod);
}

static void many_consumer(void *arg)
{
    struct many *m = arg;
    for (;;) {
        int v = -1;
        bool ok = false;
        ASSERT_OK(gr_chan_recv(m->c, &v, &ok));
        if (!ok)
            break;
        ASSERT_MSG(v >= 0 && v < PRODUCERS * PER_PRODUCER, "received a value never sent: %d", v);
        int before = atomic_fetch_add(&m->seen[v], 1);
        ASSERT_MSG(before == 0, "value %d received twice", v);
    }
    gr_wg_done(&m->cons);
}

GR_TEST(CHAN_MANY_1, "8 producers x 8 consumers: every value received exactly once", .multi = true)
{
    static const size_t caps[] = {0, 16};
    for (int k = 0; k < 2; k++) {
        struct many m = {.c = ct_chan_int(caps[k])};
        m.seen = calloc(PRODUCERS * PER_PRODUCER, 1);
        ASSERT_NOT_NULL(m.seen);
        ASSERT_OK(gr_wg_add(&m.prod, PRODUCERS));
        ASSERT_OK(gr_wg_add(&m.cons, CONSUMERS));
        for (int i = 0; i < CONSUMERS; i++)
            GO(many_consumer, &m);
        for (int i = 0; i < PRODUCERS; i++)
            GO(many_producer, &m);
        gr_wg_wait(&m.prod);
        ASSERT_OK(gr_chan_close(m.c));
        gr_wg_wait(&m.cons);
        for (int v = 0; v < PRODUCERS * PER_PRODUCER; v++)
            ASSERT_MSG(m.seen[v] == 1, "value %d received %d times (cap %zu)", v, m.seen[v], caps[k]);
        free((void *)m.seen);
        gr_chan_release(m.c);
    }
}

/* ---- SEL-FAIR-1 ----
 * 4 cases, always all ready, N = 40,000 selects: each count X_i is
 * Binomial(N, 1/4).  Hoeffding: P(|X_i - N/4| >= t) <= 2 exp(-2 t^2 / N).
 * With t = 1,000 (10% of the mean): 2 exp(-50) ~ 3.9e-22 per count, so
 * < 1.6e-21 for the 4 counts of one run and < 1e-20 for the whole test:
 * a failure is a biased select, not bad luck. */
enum { FAIR_CASES = 4, FAIR_N = 40000, FAIR_T = 1000 };

static void fairness(bool try_variant)
{
    gr_chan *c[FAIR_CASES];
    gr_case cs[FAIR_CASES];
    int v[FAIR_CASES];
    long count[FAIR_CASES] = {0};
    for (int i = 0; i < FAIR_CASES; i++) {
        c[i] = ct_chan_int(1);
        ct_send_int(c[i], i);
        cs[i] = (gr_case){.ch = c[i], .dir = GR_RECV, .elem = &v[i]};
    }
    for (int n = 0; n < FAIR_N; n++) {
        int k = try_variant ? gr_select_try(cs, FAIR_CASES) : gr_select(cs, FAIR_CASES);
        ASSERT_TRUE(k >= 0 && k < FAIR_CASES);
        ASSERT_EQ(v[k], k);
        count[k]++;
        ct_send_int(c[k], k); /* keep every case ready */
    }
    for (int i = 0; i < FAIR_CASES; i++) {
        ASSERT_MSG(labs(count[i] - FAIR_N / FAIR_CASES) < FAIR_T,
                   "%s: case %d chosen %ld times of %d (expected %d +- %d); counts %ld %ld %ld %ld",
                   try_variant ? "gr_select_try" : "gr_select", i, count[i], FAIR_N,
                   FAIR_N / FAIR_CASES, FAIR_T, count[0], count[1], count[2], count[3]);
        gr_chan_release(c[i]);
    }
}

GR_TEST(SEL_FAIR_1, "select chooses uniformly among ready cases (Hoeffding bound)", .multi = true)
{
    fairness(false);
    fairness(true);
}

/* ---- SEL-DOUBLE-1 ---- */

enum { DS_PRODUCERS = 4, DS_CONSUMERS = 4, DS_PER = 1500 };

struct dsel {
    gr_chan *a, *b;
    _Atomic unsigned char *seen;
    gr_waitgroup prod, cons;
    _Atomic int next;
};

static void ds_producer(void *arg)
{
    struct dsel *d = arg;
    int p = atomic_fetch_add(&d->next, 1);
    for (int i = 0; i < DS_PER; i++) {
        int v = p * DS_PER + i;
        ct_send_int(i % 2 ? d->a : d->b, v);
    }
    gr_wg_done(&d->prod);
}

static void ds_consumer(void *arg)
{
    struct dsel *d = arg;
    int va = -1, vb = -1;
    gr_case cs[2] = {{.ch = d->a, .dir = GR_RECV, .elem = &va}, {.ch = d->b, .dir = GR_RECV, .elem = &vb}};
    while (cs[0].ch || cs[1].ch) {
        int k = gr_select(cs, 2);
        ASSERT_TRUE(k == 0 || k == 1);
        if (!cs[k].ok) {
            cs[k].ch = NULL; /* closed: turn the case off */
            continue;
        }
        int v = k == 0 ? va : vb;
        ASSERT_MSG(v >= 0 && v < DS_PRODUCERS * DS_PER, "received a value never sent: %d", v);
        ASSERT_MSG(atomic_fetch_add(&d->seen[v], 1) == 0, "value %d delivered twice", v);
    }
    gr_wg_done(&d->cons);
}

GR_TEST(SEL_DOUBLE_1, "selecting consumers on two channels: no value lost or duplicated", .multi = true)
{
    struct dsel d = {.a = ct_chan_int(0), .b = ct_chan_int(3)};
    d.seen = calloc(DS_PRODUCERS * DS_PER, 1);
    ASSERT_NOT_NULL(d.seen);
    ASSERT_OK(gr_wg_add(&d.prod, DS_PRODUCERS));
    ASSERT_OK(gr_wg_add(&d.cons, DS_CONSUMERS));
    for (int i = 0; i < DS_CONSUMERS; i++)
        GO(ds_consumer, &d);
    for (int i = 0; i < DS_PRODUCERS; i++)
        GO(ds_producer, &d);
    gr_wg_wait(&d.prod);
    ASSERT_OK(gr_chan_close(d.a));
    ASSERT_OK(gr_chan_close(d.b));
    gr_wg_wait(&d.cons);
    for (int v = 0; v < DS_PRODUCERS * DS_PER; v++)
        ASSERT_MSG(d.seen[v] == 1, "value %d delivered %d times", v, d.seen[v]);
    free((void *)d.seen);
    gr_chan_release(d.a);
    gr_chan_release(d.b);
}

/* ---- SEL-DEFAULT-2 (TestNonblockRecvRace, TestNonblockSelectRace) ---- */

static void must_be_ready(void *arg)
{
    void **a = arg;
    gr_case cs[1] = {{.ch = a[0], .dir = GR_RECV}};
    int k = gr_select_try(cs, 1);
    ASSERT_MSG(k == 0, "select_try took the default on a channel that is closed or has a value (%d)", k);
    gr_wg_done(a[1]);
}

static void one_of_two_ready(void *arg)
{
    void **a = arg;
    gr_case cs[2] = {{.ch = a[0], .dir = GR_RECV}, {.ch = a[1], .dir = GR_RECV}};
    int k = gr_select_try(cs, 2);
    ct_send_int(a[2], k);
}

GR_TEST(SEL_DEFAULT_2, "a select racing with close (or a receive) never takes the default",
        .multi = true)
{
    for (int i = 0; i < 400; i++) {
        gr_chan *c = ct_chan_int(1);
        gr_waitgroup wg = {0};
        void *a[2] = {c, &wg};
        ct_send_int(c, 1);
        ASSERT_OK(gr_wg_add(&wg, 1));
        GO(must_be_ready, a);
        ASSERT_OK(gr_chan_close(c));
        ASSERT_OK(gr_chan_recv(c, NULL, NULL));
        gr_wg_wait(&wg);
        gr_case cs[1] = {{.ch = c, .dir = GR_RECV}};
        ASSERT_EQ(gr_select_try(cs, 1), 0); /* after the close returned */
        gr_chan_release(c);
    }
    gr_chan *done = ct_chan_int(0);
    for (int i = 0; i < 400; i++) {
        gr_chan *c1 = ct_chan_int(1), *c2 = ct_chan_int(1);
        void *a[3] = {c1, c2, done};
        ct_send_int(c1, 1);
        GO(one_of_two_ready, a);
        ct_send_int(c2, 1);
        gr_case cs[2] = {{.ch = c1, .dir = GR_RECV}, {.ch = c2, .dir = GR_RECV}};
        int k = gr_select(cs, 2);
        ASSERT_TRUE(k == 0 || k == 1);
        int other = ct_recv_int(done);
        ASSERT_MSG(other == 0 || other == 1, "no channel was ready (select_try = %d)", other);
        gr_chan_release(c1);
        gr_chan_release(c2);
    }
    gr_chan_release(done);
}

/* ---- MU-FAIR-1 (TestMutexFairness) ---- */

static gr_mutex fair_mu;
static _Atomic int fair_stop;

static void mutex_hog(void *arg)
{
    while (!atomic_load(&fair_stop)) {
        gr_mutex_lock(&fair_mu);
        gr_sleep(100 * 1000);
        ASSERT_OK(gr_mutex_unlock(&fair_mu));
    }
    gr_wg_done(arg);
}

static void mutex_polite(void *arg)
{
    for (int i = 0; i < 10; i++) {
        gr_sleep(100 * 1000);
        gr_mutex_lock(&fair_mu);
        ASSERT_OK(gr_mutex_unlock(&fair_mu));
    }
    ct_send_int(arg, 1);
}

GR_TEST(MU_FAIR_1, "a waiter acquires a hogged mutex 10 times within 10 s", .multi = true)
{
    gr_waitgroup wg = {0};
    gr_chan *done = ct_chan_int(1);
    ASSERT_OK(gr_wg_add(&wg, 1));
    GO(mutex_hog, &wg);
    GO(mutex_polite, done);
    gr_chan *limit = gr_after(10 * CT_SEC);
    int v;
    gr_case cs[2] = {{.ch = done, .dir = GR_RECV, .elem = &v}, {.ch = limit, .dir = GR_RECV}};
    int k = gr_select(cs, 2);
    ASSERT_MSG(k == 0, "can't acquire the mutex in 10 seconds (starvation)");
    atomic_store(&fair_stop, 1);
    gr_wg_wait(&wg);
    gr_chan_release(limit);
    gr_chan_release(done);
}

/* ---- WG-REUSE-1 (TestWaitGroup) ---- */

struct barrier {
    gr_waitgroup wg1, wg2;
    gr_chan *exited;
};

static void barrier_member(void *arg)
{
    struct barrier *b = arg;
    ASSERT_OK(gr_wg_done(&b->wg1));
    gr_wg_wait(&b->wg2);
    ASSERT_OK(gr_chan_send(b->exited, NULL));
}

GR_TEST(WG_REUSE_1, "a WaitGroup reused as a barrier for many rounds", .multi = true)
{
    enum { N = 8, ROUNDS = 60 };
    struct barrier b = {.exited = gr_chan_make(0, N)};
    for (int r = 0; r < ROUNDS; r++) {
        ASSERT_OK(gr_wg_add(&b.wg1, N));
        ASSERT_OK(gr_wg_add(&b.wg2, N));
        for (int i = 0; i < N; i++)
            GO(barrier_member, &b);
        gr_wg_wait(&b.wg1);
        for (int i = 0; i < N; i++) {
            ASSERT_MSG(gr_chan_len(b.exited) == 0, "WaitGroup released the group too soon (round %d)", r);
            ASSERT_OK(gr_wg_done(&b.wg2));
        }
        for (int i = 0; i < N; i++)
            ASSERT_OK(gr_chan_recv(b.exited, NULL, NULL));
    }
    gr_chan_release(b.exited);
}

/* ---- CTX-MANY-1 (TestSimultaneousCancels) ---- */

enum { TREE = 100 };

struct tree {
    gr_ctx *node[TREE];
    gr_waitgroup woke;
    gr_chan *gate;
};

static void build_tree(struct tree *t)
{
    static int key;
    t->node[0] = gr_ctx_with_cancel(gr_ctx_background());
    for (int i = 1; i < TREE; i++) {
        gr_ctx *p = t->node[(i - 1) / 3];
        switch (i % 3) {
        case 0: t->node[i] = gr_ctx_with_cancel(p); break;
        case 1: t->node[i] = gr_ctx_with_timeout(p, 3600 * CT_SEC); break;
        default: {
            gr_ctx *v = gr_ctx_with_value(p, &key, t);
            t->node[i] = gr_ctx_with_cancel(v);
            gr_ctx_release(v); /* the child holds it */
        }
        }
        ASSERT_NOT_NULL(t->node[i]);
    }
}

static void wait_node(void *arg)
{
    void **a = arg;
    gr_ctx *c = a[0];
    bool ok = true;
    ASSERT_OK(gr_chan_recv(gr_ctx_done(c), NULL, &ok));
    ASSERT_FALSE(ok);
    ASSERT_ERR(gr_ctx_err(c), GR_ECANCELED);
    gr_wg_done(a[1]);
}

struct canceller {
    struct tree *t;
    int from;
};

static void cancel_some(void *arg)
{
    struct canceller *k = arg;
    ASSERT_OK(gr_chan_recv(k->t->gate, NULL, NULL)); /* all start together */
    for (int i = k->from; i < TREE; i += 7)
        gr_ctx_cancel(k->t->node[i]);
    gr_ctx_cancel(k->t->node[0]);
    gr_wg_done(&k->t->woke);
}

GR_TEST(CTX_MANY_1, "100 contexts in a tree are all cancelled by one cancel; concurrent cancels",
        .multi = true)
{
    struct tree t = {0};
    build_tree(&t);
    void *args[TREE][2];
    ASSERT_OK(gr_wg_add(&t.woke, TREE));
    for (int i = 0; i < TREE; i++) {
        args[i][0] = t.node[i];
        args[i][1] = &t.woke;
        GO(wait_node, args[i]);
    }
    gr_sleep(10 * CT_MS);
    gr_ctx_cancel(t.node[0]);
    gr_wg_wait(&t.woke);
    for (int i = TREE - 1; i >= 0; i--)
        gr_ctx_release(t.node[i]);

    /* Many goroutines cancel nodes of one tree at the same time. */
    struct tree u = {.gate = gr_chan_make(0, 0)};
    build_tree(&u);
    struct canceller k[7];
    ASSERT_OK(gr_wg_add(&u.woke, 7));
    for (int i = 0; i < 7; i++) {
        k[i] = (struct canceller){&u, i};
        GO(cancel_some, &k[i]);
    }
    ASSERT_OK(gr_chan_close(u.gate));
    gr_wg_wait(&u.woke);
    for (int i = 0; i < TREE; i++) {
        ASSERT_ERR(gr_ctx_err(u.node[i]), GR_ECANCELED);
        bool ok = true;
        ASSERT_OK(gr_chan_recv(gr_ctx_done(u.node[i]), NULL, &ok));
        ASSERT_FALSE(ok);
    }
    for (int i = TREE - 1; i >= 0; i--)
        gr_ctx_release(u.node[i]);
    gr_chan_release(u.gate);
}
