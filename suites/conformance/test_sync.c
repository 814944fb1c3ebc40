/*
 * test_sync.c — WaitGroup, Mutex, RWMutex, Once, Cond (SPEC.md sections of
 * the same names).  Misuse (negative counter, bad unlocks) is in
 * test_misuse.c; mutex starvation and WaitGroup-as-barrier in test_stress.c.
 *
 * Invariants: sync objects start as all-zero storage, as users write them;
 * "blocked" is always an ordering fact, never a timing guess.
 */
#include "ct.h"

/* ---- WaitGroup ---- */

struct wg_work {
    gr_waitgroup *wg;
    int *slot;
};

static void wg_worker(void *arg)
{
    struct wg_work *w = arg;
    gr_sleep(5 * CT_MS);
    *w->slot = 1; /* plain write: Done must publish it to Wait */
    gr_wg_done(w->wg);
}

GR_TEST(WG_WAIT_1, "zeroed WaitGroup; Wait returns after every Done, seeing their writes", .procs = 4)
{
    gr_waitgroup wg = {0};
    int slots[16] = {0};
    struct wg_work w[16];
    ASSERT_OK(gr_wg_add(&wg, 16));
    for (int i = 0; i < 16; i++) {
        w[i] = (struct wg_work){&wg, &slots[i]};
        GO(wg_worker, &w[i]);
    }
    gr_wg_wait(&wg);
    for (int i = 0; i < 16; i++)
        ASSERT_EQ(slots[i], 1);
}

static void wg_waiter(void *arg)
{
    void **a = arg;
    gr_wg_wait(a[0]);
    atomic_fetch_add((_Atomic int *)a[1], 1);
}

GR_TEST(WG_WAIT_2, "Wait at zero returns at once; all waiters are released")
{
    gr_waitgroup wg = {0};
    gr_wg_wait(&wg);
    _Atomic int released = 0;
    void *a[2] = {&wg, &released};
    ASSERT_OK(gr_wg_add(&wg, 1));
    for (int i = 0; i < 5; i++)
        GO(wg_waiter, a);
    gr_sleep(20 * CT_MS);
    ASSERT_EQ(atomic_load(&released), 0);
    ASSERT_OK(gr_wg_done(&wg));
    ct_wait_goroutines(1, 10);
    ASSERT_EQ(atomic_load(&released), 5);
}

/* ---- Mutex ---- */

static gr_mutex hammer_mu;
static long hammer_count;

static void hammer(void *arg)
{
    for (int i = 0; i < 2000; i++) {
        if (i % 3 == 0 && gr_mutex_trylock(&hammer_mu)) {
            hammer_count++;
            ASSERT_OK(gr_mutex_unlock(&hammer_mu));
            continue;
        }
        gr_mutex_lock(&hammer_mu);
        long c = hammer_count;
        if (i % 64 == 0)
            gr_yield();
        hammer_count = c + 1;
        ASSERT_OK(gr_mutex_unlock(&hammer_mu));
    }
    gr_wg_done(arg);
}

GR_TEST(MU_EXCL_1, "mutual exclusion: no increment under the lock is lost", .procs = 4)
{
    gr_waitgroup wg = {0};
    ASSERT_OK(gr_wg_add(&wg, 8));
    for (int i = 0; i < 8; i++)
        GO(hammer, &wg);
    gr_wg_wait(&wg);
    ASSERT_EQ(hammer_count, 8 * 2000);
}

struct mu_flag {
    gr_mutex *mu;
    _Atomic int got;
};

static void lock_and_flag(void *arg)
{
    struct mu_flag *f = arg;
    gr_mutex_lock(f->mu);
    atomic_store(&f->got, 1);
    ASSERT_OK(gr_mutex_unlock(f->mu));
}

GR_TEST(MU_BLOCK_1, "lock of a held mutex blocks until unlock")
{
    gr_mutex mu = {0};
    struct mu_flag f = {.mu = &mu};
    gr_mutex_lock(&mu);
    GO(lock_and_flag, &f);
    gr_sleep(30 * CT_MS);
    ASSERT_EQ(atomic_load(&f.got), 0);
    ASSERT_OK(gr_mutex_unlock(&mu));
    ct_wait_flag(&f.got, 10, "the waiting lock");
}

static void try_from_other(void *arg)
{
    void **a = arg;
    *(bool *)a[1] = gr_mutex_trylock(a[0]);
    atomic_store((_Atomic int *)a[2], 1);
}

GR_TEST(MU_TRY_1, "TryLock takes a free mutex, fails on a held one with no effect")
{
    gr_mutex mu = {0};
    ASSERT_TRUE(gr_mutex_trylock(&mu));
    ASSERT_FALSE(gr_mutex_trylock(&mu));
    bool other = true;
    _Atomic int done = 0;
    void *a[3] = {&mu, &other, &done};
    GO(try_from_other, a);
    ct_wait_flag(&done, 10, "the other goroutine's TryLock");
    ASSERT_FALSE(other);
    ASSERT_OK(gr_mutex_unlock(&mu)); /* still held once: the failed TryLocks did nothing */
    ASSERT_ERR(gr_mutex_unlock(&mu), GR_EPERM);
    ASSERT_TRUE(gr_mutex_trylock(&mu));
    ASSERT_OK(gr_mutex_unlock(&mu));
}

static void unlock_for_me(void *arg)
{
    ASSERT_OK(gr_mutex_unlock(arg));
}

GR_TEST(MU_UNLOCK_2, "a mutex locked by one goroutine may be unlocked by another")
{
    gr_mutex mu = {0};
    gr_mutex_lock(&mu);
    GO(unlock_for_me, &mu);
    gr_mutex_lock(&mu); /* acquired once the other goroutine unlocked */
    ASSERT_OK(gr_mutex_unlock(&mu));
}

/* ---- RWMutex ---- */

static void reader_at_barrier(void *arg)
{
    void **a = arg;
    gr_rwmutex_rlock(a[0]);
    ASSERT_OK(gr_wg_done(a[1])); /* everyone holds the read lock ... */
    gr_wg_wait(a[1]);            /* ... at the same time, or this never returns */
    ASSERT_OK(gr_rwmutex_runlock(a[0]));
    gr_wg_done(a[2]);
}

GR_TEST(RW_READERS_1, "several readers hold the read lock at once")
{
    gr_rwmutex rw = {0};
    gr_waitgroup barrier = {0}, done = {0};
    void *a[3] = {&rw, &barrier, &done};
    ASSERT_OK(gr_wg_add(&barrier, 4));
    ASSERT_OK(gr_wg_add(&done, 4));
    for (int i = 0; i < 4; i++)
        GO(reader_at_barrier, a);
    gr_wg_wait(&done);
    ASSERT_TRUE(gr_rwmutex_trylock(&rw));
    ASSERT_OK(gr_rwmutex_unlock(&rw));
}

static gr_rwmutex hrw;
static _Atomic int activity; /* readers +1, writers +10000 */

static void rw_reader(void *arg)
{
    for (int i = 0; i < 500; i++) {
        gr_rwmutex_rlock(&hrw);
        int n = atomic_fetch_add(&activity, 1) + 1;
        ASSERT_MSG(n >= 1 && n < 10000, "a reader saw a writer: activity = %d", n);
        if (i % 16 == 0)
            gr_yield();
        atomic_fetch_sub(&activity, 1);
        ASSERT_OK(gr_rwmutex_runlock(&hrw));
    }
    gr_wg_done(arg);
}

static void rw_writer(void *arg)
{
    for (int i = 0; i < 200; i++) {
        gr_rwmutex_lock(&hrw);
        int n = atomic_fetch_add(&activity, 10000) + 10000;
        ASSERT_MSG(n == 10000, "a writer was not alone: activity = %d", n);
        if (i % 16 == 0)
            gr_yield();
        atomic_fetch_sub(&activity, 10000);
        ASSERT_OK(gr_rwmutex_unlock(&hrw));
    }
    gr_wg_done(arg);
}

GR_TEST(RW_WRITER_1, "a writer excludes readers and writers", .procs = 4)
{
    gr_waitgroup wg = {0};
    ASSERT_OK(gr_wg_add(&wg, 8));
    for (int i = 0; i < 2; i++)
        GO(rw_writer, &wg);
    for (int i = 0; i < 6; i++)
        GO(rw_reader, &wg);
    gr_wg_wait(&wg);
    ASSERT_EQ(atomic_load(&activity), 0);
}

static _Atomic int order_seq;

struct rw_order {
    gr_rwmutex *rw;
    _Atomic int at; /* order_seq value when it acquired */
};

static void writer_pending(void *arg)
{
    struct rw_order *o = arg;
    gr_rwmutex_lock(o->rw);
    atomic_store(&o->at, atomic_fetch_add(&order_seq, 1) + 1);
    gr_sleep(10 * CT_MS);
    ASSERT_OK(gr_rwmutex_unlock(o->rw));
}

static void late_reader(void *arg)
{
    struct rw_order *o = arg;
    gr_rwmutex_rlock(o->rw);
    atomic_store(&o->at, atomic_fetch_add(&order_seq, 1) + 1);
    ASSERT_OK(gr_rwmutex_runlock(o->rw));
}

GR_TEST(RW_PENDING_1, "a pending writer blocks new readers")
{
    gr_rwmutex rw = {0};
    struct rw_order w = {.rw = &rw}, r = {.rw = &rw};
    gr_rwmutex_rlock(&rw);
    GO(writer_pending, &w);
    /* Wait until the writer is pending: TryRLock starts failing. */
    int64_t end = gr_now() + 10 * CT_SEC;
    while (gr_rwmutex_tryrlock(&rw)) {
        ASSERT_OK(gr_rwmutex_runlock(&rw));
        ASSERT_MSG(gr_now() < end, "liveness: the writer never became pending");
        gr_sleep(CT_MS);
    }
    GO(late_reader, &r);
    gr_sleep(20 * CT_MS);
    ASSERT_EQ(atomic_load(&r.at), 0); /* blocked behind the pending writer */
    ASSERT_EQ(atomic_load(&w.at), 0); /* and the writer behind our read lock */
    ASSERT_FALSE(gr_rwmutex_tryrlock(&rw));
    ASSERT_OK(gr_rwmutex_runlock(&rw));
    ct_wait_flag(&r.at, 10, "the late reader");
    ASSERT_EQ(atomic_load(&w.at), 1);
    ASSERT_EQ(atomic_load(&r.at), 2);
}

static void try_rw_other(void *arg)
{
    void **a = arg;
    bool *res = a[1];
    res[0] = gr_rwmutex_tryrlock(a[0]);
    if (res[0])
        ASSERT_OK(gr_rwmutex_runlock(a[0]));
    res[1] = gr_rwmutex_trylock(a[0]);
    if (res[1])
        ASSERT_OK(gr_rwmutex_unlock(a[0]));
    atomic_store((_Atomic int *)a[2], 1);
}

GR_TEST(RW_TRY_1, "TryRLock and TryLock succeed and fail as Go's do")
{
    gr_rwmutex rw = {0};
    ASSERT_TRUE(gr_rwmutex_tryrlock(&rw));
    ASSERT_TRUE(gr_rwmutex_tryrlock(&rw)); /* two readers */
    ASSERT_FALSE(gr_rwmutex_trylock(&rw));
    bool res[2];
    _Atomic int done = 0;
    void *a[3] = {&rw, res, &done};
    GO(try_rw_other, a);
    ct_wait_flag(&done, 10, "the other goroutine");
    ASSERT_TRUE(res[0]);
    ASSERT_FALSE(res[1]);
    ASSERT_OK(gr_rwmutex_runlock(&rw));
    ASSERT_OK(gr_rwmutex_runlock(&rw));
    ASSERT_TRUE(gr_rwmutex_trylock(&rw));
    ASSERT_FALSE(gr_rwmutex_trylock(&rw));
    ASSERT_FALSE(gr_rwmutex_tryrlock(&rw));
    atomic_store(&done, 0);
    GO(try_rw_other, a);
    ct_wait_flag(&done, 10, "the other goroutine");
    ASSERT_FALSE(res[0]);
    ASSERT_FALSE(res[1]);
    ASSERT_OK(gr_rwmutex_unlock(&rw));
    ASSERT_ERR(gr_rwmutex_unlock(&rw), GR_EPERM); /* the failed tries left nothing held */
}

/* ---- Once ---- */

static gr_once once;
static _Atomic int once_runs;
static int once_value; /* plain: published by the Once */

static void once_body(void *arg)
{
    gr_sleep(20 * CT_MS); /* late callers must wait */
    once_value = *(int *)arg;
    atomic_fetch_add(&once_runs, 1);
}

static void once_caller(void *arg)
{
    void **a = arg;
    gr_once_do(&once, once_body, a[0]);
    ASSERT_EQ(once_value, 7); /* ONCE-2: returns only after fn returned */
    gr_wg_done(a[1]);
}

GR_TEST(ONCE_1, "fn runs exactly once, with the first caller's arg", .also = "ONCE-2", .procs = 4)
{
    int first = 7, other = 8;
    gr_waitgroup wg = {0};
    void *a[2] = {&first, &wg}, *b[2] = {&other, &wg};
    ASSERT_OK(gr_wg_add(&wg, 10));
    gr_once_do(&once, once_body, &first);
    for (int i = 0; i < 10; i++)
        GO(once_caller, i ? b : a);
    gr_wg_wait(&wg);
    ASSERT_EQ(atomic_load(&once_runs), 1);
    ASSERT_EQ(once_value, 7);
}

static gr_once once2;
static _Atomic int once2_runs;
static int once2_value;

static void once2_body(void *arg)
{
    (void)arg;
    gr_sleep(30 * CT_MS);
    once2_value = 5;
    atomic_fetch_add(&once2_runs, 1);
}

static void once2_caller(void *arg)
{
    gr_once_do(&once2, once2_body, NULL);
    ASSERT_EQ(once2_value, 5);
    gr_wg_done(arg);
}

GR_TEST(ONCE_2, "concurrent first callers all wait for the one call of fn", .procs = 4)
{
    gr_waitgroup wg = {0};
    ASSERT_OK(gr_wg_add(&wg, 8));
    for (int i = 0; i < 8; i++)
        GO(once2_caller, &wg);
    gr_wg_wait(&wg);
    ASSERT_EQ(atomic_load(&once2_runs), 1);
}

/* ---- Cond ---- */

struct cv {
    gr_mutex mu;
    gr_cond c;
    int waiting, woken, gen;
    int order[8];
    int norder;
};

static void cv_wait_once(void *arg)
{
    struct cv *v = arg;
    gr_mutex_lock(&v->mu);
    v->waiting++;
    int gen = v->gen;
    while (v->gen == gen)
        gr_cond_wait(&v->c, &v->mu);
    v->woken++;
    ASSERT_OK(gr_mutex_unlock(&v->mu)); /* held again on return (else GR_EPERM) */
}

static int waiting_now(struct cv *v)
{
    gr_mutex_lock(&v->mu);
    int n = v->waiting;
    gr_mutex_unlock(&v->mu);
    return n;
}

static void wait_for_waiters(struct cv *v, int n)
{
    int64_t end = gr_now() + 10 * CT_SEC;
    while (waiting_now(v) < n) {
        ASSERT_MSG(gr_now() < end, "liveness: waiters never arrived");
        gr_sleep(CT_MS);
    }
}

GR_TEST(COND_WAIT_1, "Wait releases the mutex while parked and re-holds it on return")
{
    struct cv v = {0};
    GO(cv_wait_once, &v);
    wait_for_waiters(&v, 1); /* waiting_now() locks mu: Wait must have released it */
    gr_mutex_lock(&v.mu);
    v.gen++;
    gr_cond_signal(&v.c); /* sent after the waiter released mu: not lost */
    ASSERT_OK(gr_mutex_unlock(&v.mu));
    ct_wait_goroutines(1, 10);
    ASSERT_EQ(v.woken, 1);
}

static void cv_wait_signal(void *arg)
{
    struct cv *v = arg;
    gr_mutex_lock(&v->mu);
    v->waiting++;
    gr_cond_wait(&v->c, &v->mu);
    v->woken++;
    gr_mutex_unlock(&v->mu);
}

static int woken_now(struct cv *v)
{
    gr_mutex_lock(&v->mu);
    int n = v->woken;
    gr_mutex_unlock(&v->mu);
    return n;
}

GR_TEST(COND_SIGNAL_1, "Signal wakes one waiter; with none waiting it is not remembered")
{
    struct cv v = {0};
    gr_cond_signal(&v.c); /* nobody waits: no effect */
    for (int i = 0; i < 3; i++)
        GO(cv_wait_signal, &v);
    wait_for_waiters(&v, 3);
    gr_sleep(20 * CT_MS);
    ASSERT_EQ(woken_now(&v), 0); /* the early signal was not remembered */
    for (int k = 1; k <= 3; k++) {
        gr_cond_signal(&v.c);
        int64_t end = gr_now() + 10 * CT_SEC;
        while (woken_now(&v) < k) {
            ASSERT_MSG(gr_now() < end, "liveness: a signal woke nobody");
            gr_sleep(CT_MS);
        }
        gr_sleep(20 * CT_MS);
        ASSERT_EQ(woken_now(&v), k); /* exactly one per signal */
    }
}

struct gen_arg {
    struct cv *v;
    int id;
};

static void cv_wait_gen(void *arg)
{
    struct gen_arg *g = arg;
    struct cv *v = g->v;
    gr_mutex_lock(&v->mu);
    v->waiting++;
    gr_cond_wait(&v->c, &v->mu);
    v->order[v->norder++] = g->id;
    gr_mutex_unlock(&v->mu);
}

GR_TEST(COND_SIGNAL_2, "signals wake waiters in the order they started waiting")
{
    struct cv v = {0};
    struct gen_arg g[5];
    for (int i = 0; i < 5; i++) {
        g[i] = (struct gen_arg){&v, i};
        GO(cv_wait_gen, &g[i]);
        wait_for_waiters(&v, i + 1); /* waiter i is parked before i+1 starts */
    }
    for (int i = 0; i < 5; i++) {
        gr_cond_signal(&v.c);
        int64_t end = gr_now() + 10 * CT_SEC;
        for (;;) {
            gr_mutex_lock(&v.mu);
            int n = v.norder;
            gr_mutex_unlock(&v.mu);
            if (n > i)
                break;
            ASSERT_MSG(gr_now() < end, "liveness: signal %d woke nobody", i);
            gr_sleep(CT_MS);
        }
    }
    for (int i = 0; i < 5; i++)
        ASSERT_EQ(v.order[i], i);
}

GR_TEST(COND_BCAST_1, "Broadcast wakes every waiter")
{
    struct cv v = {0};
    for (int i = 0; i < 6; i++)
        GO(cv_wait_once, &v);
    wait_for_waiters(&v, 6);
    gr_mutex_lock(&v.mu);
    v.gen++;
    gr_cond_broadcast(&v.c);
    ASSERT_OK(gr_mutex_unlock(&v.mu));
    ct_wait_goroutines(1, 10);
    ASSERT_EQ(v.woken, 6);
}
