/*
 * port_bf.c — the boostfiber backend's port table (port.h): goroutines are
 * Boost.Fiber fibers, scheduled by one of Boost's algorithms on `procs`
 * worker threads (fiber.cc).  This file holds what the port needs beyond
 * Boost: the goroutine table, park/ready over Boost's suspend-with-spinlock,
 * the deadlock check, the timer thread that drives the core's timer heap,
 * and the end-of-run "stop the world".  README.md has the design.
 *
 * park / ready (the race Go's gopark avoids by unlocking on g0): park takes
 * the G's spinlock (Boost's detail::spinlock), runs unlockf while holding
 * it, and suspends through context::suspend(lk), which releases the lock on
 * the context switched to, after this one is saved — the primitive Boost's
 * own mutex and condition_variable are built on.  ready takes the same lock
 * first, so it can only schedule a fiber whose switch has completed.
 *
 * Deadlock: S.word packs (epoch << 32 | nactive), nactive = goroutines
 * running or runnable; every spawn, exit, park and ready changes it by one
 * and bumps the epoch, in one atomic add.  An idle worker (and the timer
 * thread after each heap run) reads the word, sees nactive == 0, checks the
 * timer heap is idle, and reads the word again: unchanged means that at the
 * moment of the heap check no goroutine could run and no timer could wake
 * one, which stays true for ever: GR_EDEADLK.
 *
 * Invariants:
 *   - a bf_g is on S.allg [glock] from spawn until its function returned;
 *     S.ngo is that list's length (release stores, acquire loads);
 *   - a G of an earlier gr_run (g->gen != S.gen) is never readied and,
 *     if Boost runs it again (it was queued when its run ended), freezes at
 *     once; so do all Gs at their next park, yield or resume once S.done is
 *     set, which is how run_main stops the world before it returns;
 *   - the per-thread current G (tls_curg) and the stack-guard bounds are
 *     set after every resume, by noinline code (a fiber may resume on
 *     another thread); both are NULL on a worker's main fiber.
 */
#include "bf.h"

#include "lock.h"
#include "port.h"
#include "runtime.h"
#include "stack.h"
#include "timerheap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if BF_ALGO == BF_SHARED_WORK
#define BF_NAME "boostfiber-shared"
#elif BF_ALGO == BF_WORK_STEALING
#define BF_NAME "boostfiber-ws"
#else
#error "BF_ALGO must be BF_SHARED_WORK or BF_WORK_STEALING"
#endif

#define BF_DEFAULT_STACK ((size_t)64 * 1024)

enum bf_gstatus { BF_G_RUNNABLE = 0, BF_G_RUNNING, BF_G_PARKED };

typedef struct bf_g {
    gr_g g;                   /* MUST be first: the core casts gr_g * <-> bf_g * */
    void *ctx;                /* its boost::fibers::context, set when it first runs */
    bf_lock lk;               /* the park/ready handshake */
    _Atomic int status;       /* enum bf_gstatus; relaxed (g_runnable, a snapshot) */
    gr__stack stack;          /* bounds of its protected_fixedsize_stack */
    void (*fn)(void *);
    void *arg;
    struct bf_g *allnext, *allprev; /* S.allg or S.pending [glock] */
    uint64_t gen;             /* S.gen of the run that spawned it */
    bool is_main;
} bf_g;

struct bf_sched {
    int procs;
    size_t stack_size;
    /* The run's generation: written by init before any worker runs (the
     * go handshake publishes it), read relaxed by goroutines. */
    _Atomic uint64_t gen;
    /* The result is decided: set once (CAS false -> true, acq_rel) by
     * main's exit or the deadlock check; read with acquire at every switch
     * point to freeze goroutines. */
    _Atomic bool done;
    _Atomic bool main_started; /* release by worker 0; acquire by checks */
    int result;                /* written by the CAS winner before `finished` */
    _Atomic uint32_t finished; /* 0 -> 1, release; run_main's futex (acquire) */
    /* epoch << 32 | nactive; seq_cst adds and loads (the deadlock check
     * compares two loads around the heap check). */
    _Atomic uint64_t word;
    void (*main_fn)(void *);
    void *main_arg;

    gr__lock glock;            /* leaf lock: allg, pending, leaked */
    bf_g *allg;                /* live goroutines [glock] */
    bf_g *pending;             /* spawned before the run began [glock] */
    bf_g *leaked;              /* from earlier runs, kept reachable [glock] */
    _Atomic long ngo;          /* length of allg + pending: release/acquire */

    /* The timer thread (timers below). */
    gr__theap theap;
    pthread_t ttid;
    bool tstarted;
    _Atomic uint32_t tkick;    /* bumped by each kick; the thread's futex */
    _Atomic int64_t tsleep;    /* the deadline it sleeps to (seq_cst) */
    _Atomic bool tstop;        /* shutdown (release/acquire) */

    _Atomic uint64_t nspawn;   /* relaxed: a statistic */
    bool dispatch;             /* spawn's launch policy: set by init, read-only in a run */
};

static struct bf_sched S = {.glock = GR__LOCK_INIT};

/* ---- per-thread state ----------------------------------------------------
 * initial-exec TLS, reached only through noinline functions: a goroutine
 * may resume on another thread, and a cached TLS address would name the
 * old one (the brief's pitfall). */
static _Thread_local bf_g *tls_curg __attribute__((tls_model("initial-exec")));

static GR__NOINLINE bf_g *bf_getg(void)
{
    __asm__ __volatile__("" ::: "memory");
    return tls_curg;
}

/* After every resume of g on whichever thread it runs on now. */
static GR__NOINLINE void bf_resumed(bf_g *g)
{
    __asm__ __volatile__("" ::: "memory");
    tls_curg = g;
    gr__stack_set_current(&g->stack);
    atomic_store_explicit(&g->status, BF_G_RUNNING, memory_order_relaxed);
    /* relaxed gen: fixed for the run, published by the go handshake;
     * acquire done: pairs with the winner's release (bf_finish). */
    if (GR__UNLIKELY(g->gen != atomic_load_explicit(&S.gen, memory_order_relaxed) ||
                     atomic_load_explicit(&S.done, memory_order_acquire)))
        bfx_suspend_forever(); /* leaked: it never runs user code again */
}

static GR__NOINLINE void bf_setg_none(void)
{
    __asm__ __volatile__("" ::: "memory");
    tls_curg = NULL;
    gr__stack_set_current(NULL);
}

/* ---- the activity word ------------------------------------------------- */

#define BF_EPOCH ((uint64_t)1 << 32)

static inline void act_inc(void)
{
    atomic_fetch_add_explicit(&S.word, BF_EPOCH + 1, memory_order_seq_cst);
}

static inline void act_dec(void)
{
    atomic_fetch_add_explicit(&S.word, BF_EPOCH - 1, memory_order_seq_cst);
}

/* Decide run_main's result once and wake run_main.  Any thread. */
static void bf_finish(int result)
{
    bool no = false;
    if (!atomic_compare_exchange_strong_explicit(&S.done, &no, true, memory_order_acq_rel,
                                                 memory_order_acquire))
        return;
    S.result = result;
    atomic_store_explicit(&S.finished, 1, memory_order_release);
    gr__futex_wake(&S.finished, 1);
}

/* The deadlock check (see the file comment).  A worker's dispatcher or the
 * timer thread; takes only the heap's lock. */
static void bf_check_deadlock(void)
{
    if (!atomic_load_explicit(&S.main_started, memory_order_acquire) ||
        atomic_load_explicit(&S.done, memory_order_acquire))
        return;
    uint64_t w1 = atomic_load_explicit(&S.word, memory_order_seq_cst);
    if ((uint32_t)w1 != 0)
        return;
    if (!gr__theap_idle(&S.theap))
        return;
    if (atomic_load_explicit(&S.word, memory_order_seq_cst) != w1)
        return;
    bf_finish(GR_EDEADLK);
}

void bf_worker_idle(void)
{
    bf_check_deadlock();
}

void bf_thread_init(void)
{
    gr__stack_thread_init();
}

/* ---- the goroutine table ----------------------------------------------- */

static void ngo_add(long d) /* glock held */
{
    atomic_store_explicit(&S.ngo, atomic_load_explicit(&S.ngo, memory_order_relaxed) + d,
                          memory_order_release);
}

static void list_push(bf_g **head, bf_g *g) /* glock held */
{
    g->allprev = NULL;
    g->allnext = *head;
    if (*head)
        (*head)->allprev = g;
    *head = g;
}

static void list_del(bf_g **head, bf_g *g) /* glock held */
{
    if (g->allprev)
        g->allprev->allnext = g->allnext;
    else
        *head = g->allnext;
    if (g->allnext)
        g->allnext->allprev = g->allprev;
    g->allnext = g->allprev = NULL;
}

static bf_g *bf_g_new(void (*fn)(void *), void *arg)
{
    bf_g *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->g.start_fn = fn;
    g->g.id = gr__goid();
    g->fn = fn;
    g->arg = arg;
    g->gen = atomic_load_explicit(&S.gen, memory_order_relaxed); /* relaxed: fixed for the run */
    bfx_lock_init(&g->lk);
    atomic_store_explicit(&g->status, BF_G_RUNNABLE, memory_order_relaxed);
    return g;
}

/* Start g's fiber on this worker.  Worker; g is on allg and counted. */
static int bf_start(bf_g *g)
{
    /* From a goroutine, launch::dispatch (unless GR_BOOSTFIBER_LAUNCH=post)
     * switches to the child at once and queues the parent, which may then
     * resume on another thread: so its TLS and stack bounds are set again.
     * From a worker's main fiber (main and the pending goroutines), post. */
    bf_g *self = bf_getg();
    bool dispatch = self && S.dispatch;
    int rc = bfx_spawn(g, S.stack_size, &g->stack, dispatch);
    if (rc == 0)
        atomic_fetch_add_explicit(&S.nspawn, 1, memory_order_relaxed); /* relaxed: statistic */
    if (dispatch)
        bf_resumed(self);
    return rc;
}

/* Take a G that did not start out of the table again. */
static void bf_g_unspawn(bf_g *g)
{
    gr__lock_acquire(&S.glock);
    list_del(&S.allg, g);
    ngo_add(-1);
    gr__lock_release(&S.glock);
    act_dec();
    free(g);
}

void bf_entry(void *p)
{
    bf_g *g = p;
    g->ctx = bfx_self();
    bf_resumed(g);
    g->fn(g->arg);

    /* Exit.  Off the table first, so run_main's caller counts main as
     * gone; main decides the result before its activity drops, so the
     * deadlock check cannot fire in between. */
    gr__lock_acquire(&S.glock);
    list_del(&S.allg, g);
    ngo_add(-1);
    gr__lock_release(&S.glock);
    if (g->is_main)
        bf_finish(GR_OK);
    act_dec();
    free(g);
    bf_setg_none();
    /* returning ends the fiber: Boost frees its stack */
}

void bf_worker_joined(int index)
{
    bf_setg_none();
    if (index != 0)
        return;
    bf_g *g = bf_g_new(S.main_fn, S.main_arg);
    if (!g) {
        bf_finish(GR_ENOMEM);
        return;
    }
    g->is_main = true;
    gr__lock_acquire(&S.glock);
    list_push(&S.allg, g);
    ngo_add(1);
    bf_g *pend = S.pending;
    S.pending = NULL;
    gr__lock_release(&S.glock);
    act_inc();
    if (bf_start(g) != 0) {
        bf_g_unspawn(g);
        bf_finish(GR_ENOMEM);
        return;
    }
    /* release: a check that sees main started sees its activity. */
    atomic_store_explicit(&S.main_started, true, memory_order_release);
    /* Goroutines spawned from the gr_run thread before run_main. */
    while (pend) {
        bf_g *n = pend->allnext;
        gr__lock_acquire(&S.glock);
        list_push(&S.allg, pend);
        gr__lock_release(&S.glock);
        if (bf_start(pend) != 0) /* counted already; keep the count honest */
            bf_g_unspawn(pend);
        pend = n;
    }
}

void bf_worker_left(int index)
{
    (void)index;
    bf_setg_none();
}

/* ---- timers: one heap, one thread ---------------------------------------
 * The timer thread sleeps until the heap's earliest deadline, runs the due
 * timers (their fire() readies goroutines through schedule_from_remote),
 * and re-checks for deadlock.  A kick always bumps tkick, and wakes the
 * thread when the new deadline is before the one it sleeps to: the thread
 * stores tsleep then reads tkick, a kicker bumps tkick then reads tsleep
 * (both seq_cst), so either the thread sees the bump or the kicker sees
 * the deadline; and the futex waits only while tkick still holds the value
 * read before the heap was run. */

static void *bf_timer_main(void *arg)
{
    (void)arg;
    for (;;) {
        uint32_t k = atomic_load_explicit(&S.tkick, memory_order_seq_cst);
        if (atomic_load_explicit(&S.tstop, memory_order_acquire))
            break;
        int64_t next = gr__theap_run(&S.theap, gr__nanotime());
        bf_check_deadlock();
        if (next != INT64_MAX && next <= gr__nanotime())
            continue;
        atomic_store_explicit(&S.tsleep, next, memory_order_seq_cst);
        if (atomic_load_explicit(&S.tkick, memory_order_seq_cst) == k)
            gr__futex_wait(&S.tkick, k, next == INT64_MAX ? -1 : next);
        atomic_store_explicit(&S.tsleep, INT64_MIN, memory_order_seq_cst);
    }
    return NULL;
}

/* Port op timer_heap.  Any context. */
static struct gr__theap *bf_timer_heap(void)
{
    return &S.theap;
}

/* Port op timer_kick.  Any context, no lock held. */
static void bf_timer_kick(struct gr__theap *h, int64_t when)
{
    (void)h;
    atomic_fetch_add_explicit(&S.tkick, 1, memory_order_seq_cst);
    if (when < atomic_load_explicit(&S.tsleep, memory_order_seq_cst))
        gr__futex_wake(&S.tkick, 1);
}

static void bf_timers_stop(void)
{
    if (!S.tstarted)
        return;
    atomic_store_explicit(&S.tstop, true, memory_order_release);
    atomic_fetch_add_explicit(&S.tkick, 1, memory_order_seq_cst);
    gr__futex_wake(&S.tkick, 1);
    pthread_join(S.ttid, NULL);
    S.tstarted = false;
    gr__theap_destroy(&S.theap);
}

/* ---- the port ops -------------------------------------------------------- */

/* Port op init.  The gr_run thread; no lock held; may block. */
static int bf_init(int procs, size_t stack_size)
{
    S.procs = procs;
    S.stack_size = gr__stack_round(stack_size ? stack_size : BF_DEFAULT_STACK);
    /* relaxed: no worker is in a run; bfx_run_begin's release publishes. */
    atomic_store_explicit(&S.gen, atomic_load_explicit(&S.gen, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    /* relaxed, all of these: no worker is in a run and no timer thread
     * exists; pthread_create and bfx_run_begin's release publish them. */
    atomic_store_explicit(&S.done, false, memory_order_relaxed);
    atomic_store_explicit(&S.main_started, false, memory_order_relaxed);
    atomic_store_explicit(&S.finished, 0, memory_order_relaxed);
    atomic_store_explicit(&S.word, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nspawn, 0, memory_order_relaxed);
    S.result = GR_OK;

    gr__theap_init(&S.theap);
    atomic_store_explicit(&S.tstop, false, memory_order_relaxed);
    atomic_store_explicit(&S.tsleep, INT64_MIN, memory_order_relaxed);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 256 * 1024);
    int rc = pthread_create(&S.ttid, &a, bf_timer_main, NULL);
    pthread_attr_destroy(&a);
    if (rc != 0) {
        gr__theap_destroy(&S.theap);
        return GR_ENOMEM;
    }
    S.tstarted = true;
    gr__stack_guard_install();
    bfx_stack_kind_from_env();
    /* GR_BOOSTFIBER_LAUNCH: "dispatch" (the default) or "post" (Boost's
     * default policy); anything else is refused before the run begins. */
    const char *launch = getenv("GR_BOOSTFIBER_LAUNCH");
    if (launch && *launch && strcmp(launch, "dispatch") && strcmp(launch, "post")) {
        fprintf(stderr, "gr: GR_BOOSTFIBER_LAUNCH=%s: expected dispatch or post\n", launch);
        bf_timers_stop();
        return GR_EINVAL;
    }
    S.dispatch = !(launch && !strcmp(launch, "post"));
    if (bfx_pool_ensure(procs, BF_ALGO) != 0) {
        bf_timers_stop();
        return GR_ENOMEM;
    }
    return GR_OK;
}

/* Port op run_main.  The gr_run thread; no lock held; blocks. */
static int bf_run_main(void (*fn)(void *), void *arg)
{
    S.main_fn = fn;
    S.main_arg = arg;
    bfx_run_begin(S.procs);
    /* acquire: pairs with bf_finish's release; S.result is then visible. */
    while (atomic_load_explicit(&S.finished, memory_order_acquire) == 0)
        gr__futex_wait(&S.finished, 0, -1);
    /* Stop the world: every worker's main fiber runs again once the
     * goroutine on it parks, yields or exits (they freeze from now on). */
    bfx_run_end();
    return S.result;
}

/* Port op shutdown.  The gr_run thread; no worker is in a run. */
static void bf_shutdown(void)
{
    bf_timers_stop();
    gr__lock_acquire(&S.glock);
    /* Leaked Gs are kept (their stacks may hold waiter records that core
     * objects point to), reachable, so LeakSanitizer reports the user's
     * leak and not our bookkeeping. */
    for (bf_g **head = &S.allg; head; head = head == &S.allg ? &S.pending : NULL) {
        while (*head) {
            bf_g *g = *head;
            list_del(head, g);
            list_push(&S.leaked, g);
        }
    }
    atomic_store_explicit(&S.ngo, 0, memory_order_relaxed); /* relaxed: no run; glock held */
    gr__lock_release(&S.glock);
    bfx_stack_cache_drain(); /* GR_BOOSTFIBER_STACK=pool: the stacks freed in the run */
    gr__stack_pool_drain();  /* ... and unmap the idle ones */
}

/* Port op spawn.  G context (a worker), or the gr_run thread between init
 * and run_main (then worker 0 starts it after main). */
static int bf_spawn(void (*fn)(void *), void *arg)
{
    bf_g *g = bf_g_new(fn, arg);
    if (!g)
        return GR_ENOMEM;
    if (!bf_getg()) { /* not on a goroutine: the gr_run thread */
        gr__lock_acquire(&S.glock);
        list_push(&S.pending, g);
        ngo_add(1);
        gr__lock_release(&S.glock);
        act_inc();
        return GR_OK;
    }
    gr__lock_acquire(&S.glock);
    list_push(&S.allg, g);
    ngo_add(1);
    gr__lock_release(&S.glock);
    act_inc();
    if (bf_start(g) != 0) {
        bf_g_unspawn(g);
        return GR_ENOMEM;
    }
    return GR_OK;
}

/* Port op current.  Any context. */
static gr_g *bf_current(void)
{
    bf_g *g = bf_getg();
    return g ? &g->g : NULL;
}

/* Port op park.  G context; the caller may hold core locks that unlockf
 * releases.  unlockf runs under the G's spinlock, which the switch
 * releases only once this G is saved: a ready() in between waits for it. */
static void bf_park(bool (*unlockf)(gr_g *, void *), void *arg)
{
    bf_g *g = bf_getg();
    bfx_lock(&g->lk);
    atomic_store_explicit(&g->status, BF_G_PARKED, memory_order_relaxed);
    if (!unlockf(&g->g, arg)) {
        atomic_store_explicit(&g->status, BF_G_RUNNING, memory_order_relaxed);
        bfx_unlock(&g->lk);
        return;
    }
    act_dec();
    bfx_suspend_unlock(&g->lk);
    bf_resumed(g);
}

/* Port op ready.  Any context; takes g's spinlock briefly. */
static void bf_ready(gr_g *gg)
{
    bf_g *g = (bf_g *)gg;
    /* relaxed: S.gen only changes between runs, when no ready can run */
    if (g->gen != atomic_load_explicit(&S.gen, memory_order_relaxed))
        return; /* leaked by an earlier gr_run: it never runs again */
    bfx_lock(&g->lk); /* its switch away has completed */
    atomic_store_explicit(&g->status, BF_G_RUNNABLE, memory_order_relaxed);
    act_inc();
    bfx_unlock(&g->lk);
    bfx_schedule(g->ctx);
}

/* Port op yield.  G context; no lock held. */
static void bf_yield(void)
{
    bf_g *g = bf_getg();
    if (!g)
        return;
    if (atomic_load_explicit(&S.done, memory_order_acquire))
        bfx_suspend_forever(); /* the world is stopping */
    atomic_store_explicit(&g->status, BF_G_RUNNABLE, memory_order_relaxed);
    bfx_yield();
    bf_resumed(g);
}

/* Port op numgoroutine.  Any context. */
static long bf_numgoroutine(void)
{
    return atomic_load_explicit(&S.ngo, memory_order_acquire);
}

/* Port op each_g.  Any context; holds glock during the walk. */
static void bf_each_g(void (*fn)(gr_g *, void *), void *arg)
{
    gr__lock_acquire(&S.glock);
    for (bf_g *g = S.allg; g; g = g->allnext)
        fn(&g->g, arg);
    for (bf_g *g = S.pending; g; g = g->allnext)
        fn(&g->g, arg);
    gr__lock_release(&S.glock);
}

/* Port op g_runnable.  Any context, no lock (a snapshot). */
static bool bf_g_runnable(gr_g *gg)
{
    bf_g *g = (bf_g *)gg;
    return atomic_load_explicit(&g->status, memory_order_relaxed) == BF_G_RUNNABLE;
}

/* Port op stats.  Any context. */
static void bf_stats(gr_port_stats *out)
{
    memset(out, 0, sizeof *out);
    out->spawns = atomic_load_explicit(&S.nspawn, memory_order_relaxed); /* relaxed: statistic */
    out->threads = bfx_threads() + 1; /* the pool + the timer thread */
}

/* syscall_enter / syscall_exit are NULL (port.h: no-op): Boost.Fiber has no
 * way to hand a thread's fibers to another thread while one of them blocks
 * in the kernel, so the other goroutines of that worker wait (README.md;
 * the conformance clause that needs it is declined). */
const struct gr_port gr__port = {
    .name = BF_NAME,
    .init = bf_init,
    .run_main = bf_run_main,
    .shutdown = bf_shutdown,
    .spawn = bf_spawn,
    .current = bf_current,
    .park = bf_park,
    .ready = bf_ready,
    .yield = bf_yield,
    .timer_heap = bf_timer_heap,
    .timer_kick = bf_timer_kick,
    .syscall_enter = NULL,
    .syscall_exit = NULL,
    .numgoroutine = bf_numgoroutine,
    .each_g = bf_each_g,
    .g_runnable = bf_g_runnable,
    .stats = bf_stats,
};
