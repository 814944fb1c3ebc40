/*
 * port_pthread.c — the pthread backend: 1:1 scheduling, one OS thread per
 * goroutine, over the core's port (backends/core/port.h).
 *
 * Design:
 *   - a goroutine is a pooled OS thread on a core stack (mmap'd, guard page,
 *     stack.h), so a finished goroutine's thread and stack serve the next
 *     gr_go instead of paying pthread_create (~44 us here) again; the pool
 *     is process-wide and outlives gr_run, so a second gr_run reuses it;
 *   - `procs` is enforced with P tokens: a goroutine holds one while it runs
 *     user code and gives it back when it parks, yields or enters a syscall.
 *     Tokens pass FIFO from hand to hand (a releaser gives its token straight
 *     to the longest waiter), so gr_yield really lets the others run;
 *   - parking is a futex on the G's `wake` word: 0 idle, 1 readied,
 *     2 sleeping in the kernel; a ready before the sleep is never lost;
 *   - timers live in one global heap served by a timer thread;
 *   - the thread that called gr_run is the watcher: it sleeps until main
 *     returns or the last active goroutine parks, then runs the deadlock
 *     check (below);
 *   - asynchronous preemption (GR_FLAG_PREEMPT_ASYNC): the kernel already
 *     preempts threads, but a goroutine that spins keeps its P token, so
 *     at procs=1 nobody else runs.  With the flag, a monitor thread looks
 *     every millisecond, while someone waits for a token, for a goroutine
 *     that has held its token for 10 ms and sends its thread SIGURG; the
 *     handler, at a safe point (core/safepoint.h: the interrupted PC is in
 *     the main program), hands the token to the longest waiter and waits
 *     for it again, on the same thread, with nothing but the token lock
 *     and futex calls (async-signal-safe here: the interrupted code is not
 *     inside libgr).  A declined signal is retried 1 ms later.
 *
 * Deadlock check: `nactive` counts goroutines that are not parked (running,
 * runnable, waiting for a token, or in a syscall); `wakeups` counts every
 * ready and spawn.  The watcher declares deadlock when it reads, in order,
 *     w1 = wakeups, nactive == 0, the heap idle (nothing pending or firing),
 *     wakeups == w1.
 * Nothing but a ready or spawn makes a goroutine active, and nothing but an
 * active goroutine or a firing timer arms a timer, so that state can never
 * change again.  All of these atomics are seq_cst for that argument.
 *
 * Invariants: a `sched` lives as long as any goroutine created under it
 * (it is leaked, not freed, when goroutines leak), so a leaked thread that
 * wakes later finds valid state; after shutdown no P token is ever granted
 * again under that sched, so leaked goroutines stop at their next park,
 * yield or syscall.
 */
#include "list.h"
#include "lock.h"
#include "port.h"
#include "runtime.h"
#include "safepoint.h"
#include "sanitizer.h"
#include "stack.h"
#include "timerheap.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_STACK ((size_t)256 * 1024)
/* glibc puts the thread's static TLS and descriptor at the top of a stack
 * given with pthread_attr_setstack; ThreadSanitizer's runtime needs far more. */
#ifdef GR__TSAN
#define TLS_RESERVE ((size_t)2 * 1024 * 1024)
#else
#define TLS_RESERVE ((size_t)64 * 1024)
#endif
#define POOL_MAX 256 /* idle threads kept for reuse */
/* Asynchronous preemption: the time slice, and how often the monitor looks
 * (and retries a declined signal). */
#define PREEMPT_NS 10000000LL
#define PREEMPT_POLL_NS 1000000LL
#if !defined(GR__TSAN)
#define P_HAVE_ASYNC_PREEMPT 1 /* TSan delivers signals only at its interceptors */
#endif

typedef struct sched sched;

typedef struct pg {
    gr_g g;                   /* first: the core's view */
    sched *s;
    pthread_t th;
    gr__stack stack;
    _Atomic uint32_t wake;    /* park token: 0 idle, 1 readied, 2 sleeping */
    _Atomic uint32_t work;    /* pooled thread: 0 idle, 1 run fn, 2 exit */
    void (*fn)(void *);
    void *arg;
    bool is_main;
    gr__link all;                   /* on s->all, the live list [s->glock] */
    struct pg *free_next;           /* idle pool, under pool_lock */
    struct pg *pwait_next;          /* P-token queue, under s->plock */
    _Atomic uint32_t granted;       /* P token handed to us (futex word) */
    /* Asynchronous preemption: when this goroutine got its token, 0 while
     * it holds none (written by its own thread; release store, read by the
     * monitor with acquire, which then also sees `self`). */
    _Atomic int64_t tok_since;
    pthread_t self;                 /* pthread_self(), set by the thread itself */
    int64_t sig_at;                 /* the monitor's last signal to it (monitor only) */
} pg;

struct sched {
    /* P tokens */
    gr__lock plock;
    int tokens;               /* free tokens, under plock */
    bool closed;              /* shutdown: never grant again, under plock */
    pg *pwait_head, *pwait_tail;
    /* goroutines */
    gr__lock glock;
    gr__list all;             /* live goroutines (pg.all) [glock] */
    _Atomic long ngoroutines; /* release on exit, acquire in numgoroutine (port.h) */
    _Atomic long nactive;     /* seq_cst: deadlock check (header comment) */
    _Atomic uint64_t wakeups; /* seq_cst: deadlock check */
    size_t stack_size;
    /* the watcher */
    _Atomic uint32_t watch;   /* futex word, bumped on each event */
    _Atomic bool main_done;   /* release: main returned */
    /* timers */
    gr__theap heap;
    pthread_t timer_th;
    _Atomic uint32_t timer_seq; /* futex word: bumped by kicks and shutdown */
    _Atomic bool timer_stop;
    sched *retired_next;      /* the retired list (see p_shutdown) */
    /* asynchronous preemption: on for this run (set by init, read-only) */
    bool preempt_on;
    pthread_t pm_th;
    _Atomic uint32_t pm_seq;  /* futex word: bumped by shutdown */
    _Atomic bool pm_stop;
    /* statistics, relaxed */
    _Atomic uint64_t st_spawns, st_threads, st_switches, st_preempts;
};

static sched *cur_sched;           /* the live gr_run's sched */
static sched *retired;             /* scheds of finished gr_runs (gr_run's thread only) */

/* The idle-thread pool, process-wide: threads that finished a goroutine and
 * wait on their `work` word for the next one. */
static gr__lock pool_lock = GR__LOCK_INIT;
static pg *pool;
static int pool_n;
/* Threads that ended because the pool was full.  They are joinable; the
 * next spawn joins them and recycles their stacks and records (a thread
 * cannot unmap the stack it runs on).  Under pool_lock. */
static pg *dead;
static _Thread_local pg *cur;      /* the goroutine this thread runs */

/* ---- P tokens ----------------------------------------------------------- */

/* The token state is guarded by plock, but TSan is told to ignore that lock
 * (sanitizer.h), so its fields are accessed as relaxed atomics: the lock
 * still orders them on the machine, and TSan sees no plain-access race. */
#define LD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define ST(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

/* The token is ours from now: note when, for the preemption monitor.  The
 * goroutine's own thread. */
static void token_stamp(pg *p)
{
    if (p->s->preempt_on) /* release: the monitor's acquire then sees p->self */
        atomic_store_explicit(&p->tok_since, gr__nanotime(), memory_order_release);
}

/* Any goroutine thread; no locks held.  Blocks until a token is ours.
 * The hand-off is no synchronisation between goroutines (TSan ignores it,
 * sanitizer.h), so a race between two goroutines that ran one after the
 * other on one token is still reported. */
static void acquire_p(pg *p)
{
    sched *s = p->s;
    GR__TSAN_IGNORE_SYNC_BEGIN();
    gr__lock_acquire(&s->plock);
    if (LD(s->tokens) > 0 && !LD(s->closed)) {
        ST(s->tokens, LD(s->tokens) - 1);
        gr__lock_release(&s->plock);
        GR__TSAN_IGNORE_SYNC_END();
        token_stamp(p);
        return;
    }
    atomic_store_explicit(&p->granted, 0, memory_order_relaxed);
    ST(p->pwait_next, NULL);
    if (LD(s->pwait_tail))
        ST(LD(s->pwait_tail)->pwait_next, p);
    else
        ST(s->pwait_head, p);
    ST(s->pwait_tail, p);
    gr__lock_release(&s->plock);
    /* acquire: pairs with the releaser's store; the token is ours. */
    while (atomic_load_explicit(&p->granted, memory_order_acquire) == 0)
        gr__futex_wait(&p->granted, 0, -1);
    GR__TSAN_IGNORE_SYNC_END();
    token_stamp(p);
}

/* The one answer to "is a goroutine waiting to run?" in this backend: the
 * longest waiter for a P token, or NULL.  A runnable goroutine is exactly
 * one that waits for a token (the others run, park on their futex, or are
 * in a syscall), so release_p (who gets the token) and p_yield (does
 * anyone want it) both ask this.  s->plock held. */
static pg *token_waiter_locked(sched *s)
{
    return LD(s->closed) ? NULL : LD(s->pwait_head);
}

/* Any goroutine thread that holds a token; no locks held. */
static void release_p(pg *p)
{
    sched *s = p->s;
    atomic_store_explicit(&p->tok_since, 0, memory_order_relaxed); /* relaxed: a hint */
    GR__TSAN_IGNORE_SYNC_BEGIN();
    gr__lock_acquire(&s->plock);
    pg *w = token_waiter_locked(s);
    if (w) {
        ST(s->pwait_head, LD(w->pwait_next));
        if (!LD(s->pwait_head))
            ST(s->pwait_tail, NULL);
    } else {
        ST(s->tokens, LD(s->tokens) + 1);
    }
    gr__lock_release(&s->plock);
    if (w) {
        /* release: the new holder starts after our section. */
        atomic_store_explicit(&w->granted, 1, memory_order_release);
        gr__futex_wake(&w->granted, 1);
    }
    GR__TSAN_IGNORE_SYNC_END();
}

/* ---- the watcher --------------------------------------------------------- */

static void kick_watcher(sched *s)
{
    atomic_fetch_add_explicit(&s->watch, 1, memory_order_seq_cst);
    gr__futex_wake(&s->watch, 1);
}

static bool deadlocked(sched *s)
{
    uint64_t w1 = atomic_load_explicit(&s->wakeups, memory_order_seq_cst);
    if (atomic_load_explicit(&s->nactive, memory_order_seq_cst) != 0)
        return false;
    if (!gr__theap_idle(&s->heap))
        return false;
    return atomic_load_explicit(&s->wakeups, memory_order_seq_cst) == w1;
}

static void became_inactive(sched *s)
{
    if (atomic_fetch_sub_explicit(&s->nactive, 1, memory_order_seq_cst) == 1)
        kick_watcher(s);
}

static void became_active(sched *s)
{
    atomic_fetch_add_explicit(&s->wakeups, 1, memory_order_seq_cst);
    atomic_fetch_add_explicit(&s->nactive, 1, memory_order_seq_cst);
}

/* ---- goroutine threads ------------------------------------------------- */

/* Take p off the live list.  No lock held; takes s->glock. */
static void unlink_g(sched *s, pg *p)
{
    gr__lock_acquire(&s->glock);
    gr__list_remove(&s->all, &p->all);
    gr__lock_release(&s->glock);
}

static void g_exit(pg *p)
{
    sched *s = p->s;
    unlink_g(s, p);
    atomic_fetch_sub_explicit(&s->ngoroutines, 1, memory_order_release);
    if (p->is_main) {
        /* release: gr_run's thread sees everything main did. */
        atomic_store_explicit(&s->main_done, true, memory_order_release);
        kick_watcher(s);
    }
    became_inactive(s);
}

/* Park this thread in the idle pool; true when it got new work. */
static bool wait_for_work(pg *p)
{
    gr__lock_acquire(&pool_lock);
    if (pool_n >= POOL_MAX) {
        gr__lock_release(&pool_lock);
        return false;
    }
    atomic_store_explicit(&p->work, 0, memory_order_relaxed);
    p->free_next = pool;
    pool = p;
    pool_n++;
    gr__lock_release(&pool_lock);
    uint32_t w;
    /* acquire: pairs with spawn's release store of fn/arg. */
    while ((w = atomic_load_explicit(&p->work, memory_order_acquire)) == 0)
        gr__futex_wait(&p->work, 0, -1);
    return w == 1;
}

static void *thread_main(void *arg)
{
    pg *p = arg;
    p->self = pthread_self(); /* before the first token: the monitor signals it */
    gr__stack_thread_init();
    gr__stack_set_current(&p->stack);
    cur = p;
    do {
        acquire_p(p);
        p->fn(p->arg);
        release_p(p);
        g_exit(p);
    } while (wait_for_work(p));
    cur = NULL;
    /* The pool is full: this thread ends; a later spawn joins it. */
    gr__lock_acquire(&pool_lock);
    p->free_next = dead;
    __atomic_store_n(&dead, p, __ATOMIC_RELAXED); /* relaxed: under pool_lock; peeked by spawn */
    gr__lock_release(&pool_lock);
    return NULL;
}

static void link_g(sched *s, pg *p, void (*fn)(void *), void *arg)
{
    memset(&p->g, 0, sizeof p->g);
    p->g.start_fn = fn;
    p->g.id = gr__goid();
    p->fn = fn;
    p->arg = arg;
    atomic_store_explicit(&p->wake, 0, memory_order_relaxed);
    gr__list_push_front(&s->all, &p->all);
}

/* Join the threads that ended, and recycle their stacks.  No lock held. */
static void reap_dead(void)
{
    gr__lock_acquire(&pool_lock);
    pg *d = dead;
    __atomic_store_n(&dead, NULL, __ATOMIC_RELAXED); /* relaxed: under pool_lock */
    gr__lock_release(&pool_lock);
    while (d) {
        pg *p = d;
        d = p->free_next;
        pthread_join(p->th, NULL);
        gr__stack_put(&p->stack);
        free(p);
    }
}

static int spawn_in(sched *s, void (*fn)(void *), void *arg, bool is_main)
{
    /* relaxed peek: a thread that ends concurrently is reaped next time. */
    if (__atomic_load_n(&dead, __ATOMIC_RELAXED))
        reap_dead();
    became_active(s);
    atomic_fetch_add_explicit(&s->ngoroutines, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->st_spawns, 1, memory_order_relaxed);
    gr__lock_acquire(&pool_lock);
    pg *p = pool;
    if (p && p->stack.size == s->stack_size) {
        pool = p->free_next;
        pool_n--;
    } else {
        p = NULL;
    }
    gr__lock_release(&pool_lock);
    if (p) {
        p->s = s;
        p->is_main = is_main;
        gr__lock_acquire(&s->glock);
        link_g(s, p, fn, arg);
        gr__lock_release(&s->glock);
        /* release: the pooled thread sees fn/arg. */
        atomic_store_explicit(&p->work, 1, memory_order_release);
        gr__futex_wake(&p->work, 1);
        return GR_OK;
    }

    p = calloc(1, sizeof *p);
    if (!p || gr__stack_get(&p->stack, s->stack_size) != 0)
        goto fail;
    p->s = s;
    p->is_main = is_main;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, p->stack.lo, p->stack.size);
    gr__lock_acquire(&s->glock);
    link_g(s, p, fn, arg);
    gr__lock_release(&s->glock);
    int rc = pthread_create(&p->th, &attr, thread_main, p);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        unlink_g(s, p);
        gr__stack_put(&p->stack);
        goto fail;
    }
    atomic_fetch_add_explicit(&s->st_threads, 1, memory_order_relaxed);
    return GR_OK;
fail:
    free(p);
    atomic_fetch_sub_explicit(&s->ngoroutines, 1, memory_order_relaxed);
    atomic_fetch_sub_explicit(&s->st_spawns, 1, memory_order_relaxed);
    became_inactive(s);
    return GR_ENOMEM;
}

/* ---- timers --------------------------------------------------------------- */

static void *timer_main(void *arg)
{
    sched *s = arg;
    for (;;) {
        /* Read seq BEFORE checking stop: shutdown sets stop, then bumps seq
         * (release).  Either we read the old seq and the futex wait below
         * returns at once, or we read the new one and (acquire) see stop.
         * The other order lost the wakeup and hung pthread_join (found by
         * the fuzzer). */
        uint32_t seq = atomic_load_explicit(&s->timer_seq, memory_order_acquire);
        if (atomic_load_explicit(&s->timer_stop, memory_order_relaxed))
            break;
        int64_t next = gr__theap_run(&s->heap, gr__nanotime());
        if (atomic_load_explicit(&s->nactive, memory_order_seq_cst) == 0)
            kick_watcher(s); /* a timer fired without waking anyone */
        gr__futex_wait(&s->timer_seq, seq, next == INT64_MAX ? -1 : next);
    }
    return NULL;
}

/* ---- asynchronous preemption ------------------------------------------- */

#ifdef P_HAVE_ASYNC_PREEMPT

/* SIGURG on a goroutine thread that the monitor found holding its token
 * for a whole time slice.  Hands the token on and waits for it again, at
 * a safe point only. */
static void on_sigurg(int sig, siginfo_t *si, void *uc)
{
    int saved_errno = errno;
    pg *p = cur;
    if (p && atomic_load_explicit(&p->tok_since, memory_order_relaxed) != 0 &&
        gr__safepoint_pc(gr__signal_pc(uc))) {
        sched *s = p->s;
        gr__lock_acquire(&s->plock);
        bool others = token_waiter_locked(s) != NULL;
        gr__lock_release(&s->plock);
        if (others) {
            atomic_fetch_add_explicit(&s->st_preempts, 1, memory_order_relaxed); /* statistic */
            release_p(p); /* to the longest waiter */
            acquire_p(p); /* and queue behind everyone, as p_yield */
        }
    } else if (!p) {
        gr__preempt_signal_chain(sig, si, uc); /* not a goroutine thread: the program's own */
    }
    errno = saved_errno;
}

/* The monitor: every PREEMPT_POLL_NS while someone waits for a token,
 * signal each goroutine that has held its token for PREEMPT_NS (again
 * every PREEMPT_POLL_NS while it still holds the same one); never under
 * GR_DEBUG=preemptoff. */
static void *gr__monitor_preempt(void *arg)
{
    sched *s = arg;
    for (;;) {
        /* acquire: pairs with shutdown's release bump, after pm_stop. */
        uint32_t seq = atomic_load_explicit(&s->pm_seq, memory_order_acquire);
        if (atomic_load_explicit(&s->pm_stop, memory_order_relaxed))
            break;
        int64_t now = gr__nanotime();
        /* relaxed: GR_DEBUG=preemptoff (RT-PREEMPT-5), stored by gr_run
         * before init started this thread */
        bool off = atomic_load_explicit(&gr__rt.preempt_off, memory_order_relaxed);
        if (!off && LD(s->pwait_head)) { /* relaxed peek: someone waits for a token */
            gr__lock_acquire(&s->glock);
            for (gr__link *n = s->all.head; n; n = n->next) {
                pg *p = gr__list_entry(n, pg, all);
                /* acquire: pairs with token_stamp; p->self is set. */
                int64_t since = atomic_load_explicit(&p->tok_since, memory_order_acquire);
                if (since && now - since >= PREEMPT_NS && now - p->sig_at >= PREEMPT_POLL_NS) {
                    p->sig_at = now;
                    pthread_kill(p->self, GR__PREEMPT_SIGNAL);
                }
            }
            gr__lock_release(&s->glock);
        }
        gr__futex_wait(&s->pm_seq, seq, now + PREEMPT_POLL_NS);
    }
    return NULL;
}

/* init: GR_OK, GR_ENOTSUP (the safe-point rule is unusable: libgr is in
 * the main program) or GR_ENOMEM.  The gr_run thread. */
static int preempt_start(sched *s)
{
    if (!gr__safepoint_probe())
        return GR_ENOTSUP;
    if (!gr__preempt_signal_install(on_sigurg))
        return GR_ENOTSUP;
    s->preempt_on = true;
    if (pthread_create(&s->pm_th, NULL, gr__monitor_preempt, s) != 0) {
        s->preempt_on = false;
        return GR_ENOMEM;
    }
    return GR_OK;
}

static void preempt_stop(sched *s)
{
    if (!s->preempt_on)
        return;
    atomic_store_explicit(&s->pm_stop, true, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->pm_seq, 1, memory_order_release);
    gr__futex_wake(&s->pm_seq, 1);
    pthread_join(s->pm_th, NULL);
    gr__preempt_signal_restore();
}
#else
static int preempt_start(sched *s)
{
    (void)s;
    return GR_ENOTSUP;
}
static void preempt_stop(sched *s) { (void)s; }
#endif

/* ---- port ops ------------------------------------------------------------ */

static int p_init(int procs, size_t stack_size)
{
    sched *s = calloc(1, sizeof *s);
    if (!s)
        return GR_ENOMEM;
    s->tokens = procs;
    s->stack_size = gr__stack_round((stack_size ? stack_size : DEFAULT_STACK) + TLS_RESERVE);
    gr__theap_init(&s->heap);
    gr__stack_guard_install();
    if (gr__rt.flags & GR_FLAG_PREEMPT_ASYNC) {
        int rc = preempt_start(s);
        if (rc != GR_OK) {
            gr__theap_destroy(&s->heap);
            free(s);
            return rc;
        }
    }
    if (pthread_create(&s->timer_th, NULL, timer_main, s) != 0) {
        preempt_stop(s);
        gr__theap_destroy(&s->heap);
        free(s);
        return GR_ENOMEM;
    }
    cur_sched = s;
    return GR_OK;
}

static int p_run_main(void (*fn)(void *), void *arg)
{
    sched *s = cur_sched;
    int rc = spawn_in(s, fn, arg, true);
    if (rc != GR_OK)
        return rc;
    for (;;) {
        uint32_t w = atomic_load_explicit(&s->watch, memory_order_seq_cst);
        if (atomic_load_explicit(&s->main_done, memory_order_acquire))
            return GR_OK;
        if (deadlocked(s)) {
            /* Main may have ended between the two checks: its exit stores
             * main_done (release) before its last became_inactive, so once
             * nactive == 0 was read (seq_cst) an ended main is visible
             * here.  Without this re-check a run whose main just returned
             * was reported as a deadlock with an empty dump (found by the
             * fuzzer under load). */
            if (atomic_load_explicit(&s->main_done, memory_order_acquire))
                return GR_OK;
            return GR_EDEADLK;
        }
        gr__futex_wait(&s->watch, w, -1);
    }
}

static void p_shutdown(void)
{
    sched *s = cur_sched;
    gr__lock_acquire(&s->plock);
    ST(s->closed, true); /* leaked goroutines never get a token again */
    gr__lock_release(&s->plock);
    preempt_stop(s);

    atomic_store_explicit(&s->timer_stop, true, memory_order_release);
    atomic_fetch_add_explicit(&s->timer_seq, 1, memory_order_release);
    gr__futex_wake(&s->timer_seq, 1);
    pthread_join(s->timer_th, NULL);
    gr__theap_destroy(&s->heap);
    cur_sched = NULL;
    /* `s` is not freed: leaked goroutines (or exiting pooled threads) may
     * still touch it.  It is kept on the retired list (one small block per
     * gr_run), reachable, so leak checkers see retained, not lost, memory. */
    s->retired_next = retired;
    retired = s;
}

static int p_spawn(void (*fn)(void *), void *arg)
{
    return spawn_in(cur->s, fn, arg, false);
}

static gr_g *p_current(void)
{
    return cur ? &cur->g : NULL;
}

static void p_park(bool (*unlockf)(gr_g *, void *), void *arg)
{
    pg *p = cur;
    sched *s = p->s;
    if (unlockf && !unlockf(&p->g, arg))
        return;
    atomic_fetch_add_explicit(&s->st_switches, 1, memory_order_relaxed);
    release_p(p);
    became_inactive(s);
    uint32_t zero = 0;
    /* acquire on every path: pairs with ready's release exchange. */
    if (atomic_compare_exchange_strong_explicit(&p->wake, &zero, 2, memory_order_acquire,
                                                memory_order_acquire)) {
        while (atomic_load_explicit(&p->wake, memory_order_acquire) == 2)
            gr__futex_wait(&p->wake, 2, -1);
    }
    atomic_store_explicit(&p->wake, 0, memory_order_relaxed);
    acquire_p(p);
}

static void p_ready(gr_g *g)
{
    pg *p = (pg *)g;
    became_active(p->s);
    /* release: the woken goroutine sees what the waker wrote (g->param, the
     * sudog's elem and success). */
    if (atomic_exchange_explicit(&p->wake, 1, memory_order_release) == 2)
        gr__futex_wake(&p->wake, 1);
}

static void p_yield(void)
{
    pg *p = cur;
    sched *s = p->s;
    gr__lock_acquire(&s->plock);
    /* After shutdown (closed) take the slow path too: acquire_p then never
     * grants again, so a leaked goroutine stops at its next yield. */
    bool others = token_waiter_locked(s) != NULL || LD(s->closed);
    gr__lock_release(&s->plock);
    if (!others) {
        sched_yield();
        return;
    }
    release_p(p); /* hands our token to the longest waiter */
    acquire_p(p); /* and queue behind everyone */
}

static gr__theap *p_timer_heap(void)
{
    return &cur_sched->heap;
}

static void p_timer_kick(gr__theap *h, int64_t when)
{
    (void)when;
    sched *s = (sched *)((char *)h - offsetof(sched, heap));
    atomic_fetch_add_explicit(&s->timer_seq, 1, memory_order_release);
    gr__futex_wake(&s->timer_seq, 1);
}

static void p_syscall_enter(void)
{
    release_p(cur); /* still active: a syscall is not a deadlock */
}

static void p_syscall_exit(void)
{
    acquire_p(cur);
}

static long p_numgoroutine(void)
{
    sched *s = cur_sched;
    return s ? atomic_load_explicit(&s->ngoroutines, memory_order_acquire) : 0;
}

static void p_each_g(void (*fn)(gr_g *, void *), void *arg)
{
    sched *s = cur_sched;
    if (!s)
        return;
    gr__lock_acquire(&s->glock);
    for (gr__link *n = s->all.head; n; n = n->next)
        fn(&gr__list_entry(n, pg, all)->g, arg);
    gr__lock_release(&s->glock);
}

static void p_stats(gr_port_stats *out)
{
    sched *s = cur_sched;
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    out->spawns = atomic_load_explicit(&s->st_spawns, memory_order_relaxed);
    out->threads = atomic_load_explicit(&s->st_threads, memory_order_relaxed);
    out->switches = atomic_load_explicit(&s->st_switches, memory_order_relaxed);
    out->preempts = atomic_load_explicit(&s->st_preempts, memory_order_relaxed);
}

const struct gr_port gr__port = {
    .name = "pthread",
#ifdef P_HAVE_ASYNC_PREEMPT
    .flags = GR_FLAG_PREEMPT_ASYNC, /* the monitor and on_sigurg */
#endif
    .init = p_init,
    .run_main = p_run_main,
    .shutdown = p_shutdown,
    .spawn = p_spawn,
    .current = p_current,
    .park = p_park,
    .ready = p_ready,
    .yield = p_yield,
    .timer_heap = p_timer_heap,
    .timer_kick = p_timer_kick,
    .syscall_enter = p_syscall_enter,
    .syscall_exit = p_syscall_exit,
    .numgoroutine = p_numgoroutine,
    .each_g = p_each_g,
    .stats = p_stats,
};
