/*
 * sched.c — the scheduler of the ucontext backend: the global run queue,
 * the worker threads (Ms) and their loop on g0, idle Ms, P tokens, wakeups
 * and the deadlock check.
 *
 * Design (Go's proc.go, reduced to one global queue):
 *   - one FIFO run queue, an intrusive list (list.h) through uc_g.runlink, under
 *     S.lock;
 *   - `procs` tokens; an M pops the queue only while holding one;
 *   - an M with nothing to run gives its token back and parks on its own
 *     futex word: on the idle list (no deadline), or as THE timer sleeper
 *     (deadline = the timer heap's earliest), so timers need no extra thread;
 *   - whoever makes work runnable while a token is free takes an idle M off
 *     its list, hands it the token and wakes it (wakep), so a woken M never
 *     races for the token it was woken for — unless an M is spinning: one
 *     M at a time, without a token, may spin up to UC_SPIN_NS for work
 *     before it sleeps, and it re-checks the queue under S.lock afterwards;
 *   - deadlock: once run_main has queued the main G (before that an empty
 *     world is just a runtime starting up), the M that gives back the last
 *     token checks, under S.lock,
 *     that the queue is empty, no G is in a syscall and the timer heap is
 *     idle (nothing pending, nothing firing).  Every way a G becomes
 *     runnable goes through S.lock while one of those conditions is false
 *     (a running M, a syscall, a pending or firing timer), so the check
 *     cannot miss a wakeup in flight.
 *
 * Invariants:
 *   - S.nrunning == number of Ms with has_token, <= S.procs;
 *   - an M is on at most one of S.idle and S.timer_sleeper, and is there
 *     exactly while it sleeps (or is about to) with m->wake == 0;
 *   - a G on the run queue has status UC_G_RUNNABLE.
 */
#include "uc.h"

#include <stdlib.h>
#include <string.h>

#define S uc_S

/* ---- run queue --------------------------------------------------------- */

/* Append g.  Caller holds S.lock; any context.  Inline here: uc_run
 * requeues every yielded G through it (callgrind: a call costs 6 of a
 * yield's ~310 instructions). */
static inline __attribute__((always_inline)) void runq_put(uc_g *g)
{
    g->status = UC_G_RUNNABLE;
    gr__list_push_back(&S.runq, &g->runlink);
    /* relaxed: the lock orders it; spinners only peek (see uc_spin). */
    atomic_store_explicit(&S.runq_len, atomic_load_explicit(&S.runq_len, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

void uc_runq_put(uc_g *g)
{
    runq_put(g);
}

/* Pop the head, or NULL.  Caller holds S.lock and (to run it) a token. */
uc_g *uc_runq_get(void)
{
    gr__link *n = gr__list_pop_front(&S.runq);
    if (!n)
        return NULL;
    uc_g *g = gr__list_entry(n, uc_g, runlink);
    atomic_store_explicit(&S.runq_len, atomic_load_explicit(&S.runq_len, memory_order_relaxed) - 1,
                          memory_order_relaxed);
    return g;
}

/* ---- waking Ms --------------------------------------------------------- */

/* Work was queued: if a token is free and nobody will pick the work up,
 * hand the token to an idle M (*wake) or ask for a new M (*newm: only when
 * Gs in syscalls hold Ms, as every other M is running or about to look at
 * the queue).  Caller holds S.lock; any context.  The caller then calls
 * uc_wakep_finish() with no lock held. */
void uc_wakep_locked(uc_m **wake, bool *newm)
{
    *wake = NULL;
    *newm = false;
    if (S.stopping || S.done || !uc_runq_nonempty_locked() || S.nrunning >= S.procs)
        return;
    if (S.nspinning > 0)
        return; /* the spinning M will take it (it re-checks under S.lock) */
    uc_m *m = S.idle;
    if (m) {
        S.idle = m->idlenext;
    } else if ((m = S.timer_sleeper)) {
        S.timer_sleeper = NULL;
    } else {
        if (S.nsyscall > 0) {
            S.nrunning++; /* reserved for the new M */
            *newm = true;
        }
        return;
    }
    m->idlenext = NULL;
    m->has_token = true;
    S.nrunning++;
    /* release: the M reads its token and list state after seeing 1. */
    atomic_store_explicit(&m->wake, 1, memory_order_release);
    *wake = m;
}

/* Second half of uc_wakep_locked: no lock held. */
void uc_wakep_finish(uc_m *wake, bool newm)
{
    if (wake)
        gr__futex_wake(&wake->wake, 1);
    if (newm && uc_newm(true) != GR_OK) {
        /* No thread: give the token back; the G waits for a running M. */
        gr__lock_acquire(&S.lock);
        S.nrunning--;
        gr__lock_release(&S.lock);
    }
}

/* Make parked g runnable (port op `ready`).  Any context; takes S.lock. */
void uc_ready(gr_g *gg)
{
    uc_g *g = (uc_g *)gg;
    uc_m *w;
    bool nm;
    gr__lock_acquire(&S.lock);
    if (g->gen != S.gen || S.stopping) {
        /* A G leaked by an earlier gr_run, or shutdown under way: it never
         * runs again (port.h: shutdown). */
        gr__lock_release(&S.lock);
        return;
    }
    uc_runq_put(g);
    uc_wakep_locked(&w, &nm);
    gr__lock_release(&S.lock);
    uc_wakep_finish(w, nm);
}

/* ---- finishing run_main ------------------------------------------------ */

/* Decide run_main's result once, and release run_main when the world has
 * stopped: the result is decided and no M holds a token, so no goroutine
 * runs user code while gr_run dumps, reports leaks and shuts down (Go's
 * exit stops the world the same way).  Caller holds S.lock; *wake_main
 * tells it to call uc_finish_wake() after unlocking.  result == 0 with
 * S.done already set only re-checks the "stopped" half. */
void uc_finish_locked(int result, bool *wake_main)
{
    if (!S.done) {
        S.done = true;
        S.result = result;
    }
    if (S.nrunning == 0 && !S.finished_set) {
        S.finished_set = true;
        /* release: run_main's acquire load then sees `result` and every
         * write made by goroutines before their Ms gave tokens back. */
        atomic_store_explicit(&S.finished, 1, memory_order_release);
        *wake_main = true;
    }
}

void uc_finish_wake(void)
{
    gr__futex_wake(&S.finished, 1);
}

/* ---- Ms ------------------------------------------------------------------ */

static void *uc_mstart(void *arg)
{
    uc_m *m = arg;
    uc_setm(m);
    gr__stack_thread_init();
    uc_g0_init(m);
    uc_schedule(m);
    uc_setm(NULL);
    return NULL;
}

/* Start a new M (worker thread).  with_token: the caller already counted a
 * token for it in S.nrunning.  No lock held; any context.  GR_OK or
 * GR_ENOMEM (nothing started; the caller gives the token back). */
int uc_newm(bool with_token)
{
    uc_m *m = calloc(1, sizeof *m);
    if (!m)
        return GR_ENOMEM;
    m->has_token = with_token;
    gr__lock_acquire(&S.lock);
    if (S.stopping) {
        gr__lock_release(&S.lock);
        free(m);
        return GR_ENOMEM;
    }
    /* Created under S.lock so that shutdown never sees a half-made M. */
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 256 * 1024); /* g0 runs only the scheduler and timer callbacks */
    int rc = pthread_create(&m->tid, &a, uc_mstart, m);
    pthread_attr_destroy(&a);
    if (rc != 0) {
        gr__lock_release(&S.lock);
        free(m);
        return GR_ENOMEM;
    }
    m->started = true;
    m->allnext = S.allm;
    S.allm = m;
    S.nm++;
    gr__lock_release(&S.lock);
    /* relaxed: a statistic. */
    atomic_fetch_add_explicit(&S.nthreads, 1, memory_order_relaxed);
    return GR_OK;
}

/* ---- the loop on g0 ----------------------------------------------------- */

enum { RUN_NEXT, RUN_QUIT };

/* Run g on m until it leaves it for good (parks, yields, exits, or queues
 * itself after a syscall).  g0 of m; no lock held. */
static int uc_run(uc_m *m, uc_g *g)
{
    for (;;) {
        uc_execute(m, g);
        switch (m->action) {
        case UC_ACT_PARK:
            /* g's context is saved: only now may the waker see it. */
            g->status = UC_G_PARKED;
            if (m->unlockf(&g->g, m->unlock_arg))
                return RUN_NEXT;
            continue; /* unlockf declined: resume g at once, no ready needed */
        case UC_ACT_YIELD: {
            gr__lock_acquire(&S.lock);
            runq_put(g);
            gr__lock_release(&S.lock);
            return RUN_NEXT;
        }
        case UC_ACT_EXIT: {
            bool is_main = g->is_main;
            /* Free first, so that run_main's caller counts main as gone. */
            uc_g_free(g);
            if (is_main) {
                bool wake = false;
                gr__lock_acquire(&S.lock);
                uc_finish_locked(GR_OK, &wake);
                gr__lock_release(&S.lock);
                if (wake)
                    uc_finish_wake();
            }
            return RUN_NEXT;
        }
        case UC_ACT_SYSCALL_OUT: {
            gr__lock_acquire(&S.lock);
            S.nsyscall--;
            m->in_syscall = false;
            if (!S.done && !S.stopping && S.nrunning < S.procs) {
                /* A token freed up meanwhile: carry on with g here. */
                m->has_token = true;
                S.nrunning++;
                gr__lock_release(&S.lock);
                continue;
            }
            runq_put(g);
            gr__lock_release(&S.lock);
            return RUN_NEXT;
        }
        case UC_ACT_ORPHAN:
            return RUN_QUIT;
        default:
            abort();
        }
    }
}

/* How long an M that runs out of work spins before it sleeps.  A futex
 * sleep + wake costs several microseconds on the reference VMs, far more
 * than the work between two handoffs in a channel pipeline; Go spins too
 * (findrunnable's spinning Ms).  Bounded in time and to one M. */
#ifndef UC_SPIN_NS
#define UC_SPIN_NS 20000
#endif

/* Spin for work.  g0, no lock held, m holds no token and S.nspinning was
 * raised for it under S.lock.  Returns with no lock held and nspinning
 * lowered again (under S.lock); the caller then re-checks the queue under
 * the lock, which is what makes skipping a wakeup for a spinner safe. */
static void uc_spin(void)
{
    int64_t end = gr__nanotime() + UC_SPIN_NS;
    for (unsigned i = 1;; i++) {
        if (uc_runq_nonempty_hint())
            break;
        gr__cpu_relax();
        if ((i & 63) == 0 && gr__nanotime() >= end)
            break;
    }
    gr__lock_acquire(&S.lock);
    S.nspinning--;
    gr__lock_release(&S.lock);
}

/* Take m off whichever idle slot it sits in.  S.lock held. */
static void uc_unidle_locked(uc_m *m)
{
    if (S.timer_sleeper == m) {
        S.timer_sleeper = NULL;
        return;
    }
    for (uc_m **pp = &S.idle; *pp; pp = &(*pp)->idlenext) {
        if (*pp == m) {
            *pp = m->idlenext;
            m->idlenext = NULL;
            return;
        }
    }
}

/* The scheduler loop of M m, on its g0.  Returns when the M must end
 * (shutdown, or orphaned in a syscall).  No lock held on entry or exit. */
void uc_schedule(uc_m *m)
{
    bool spun = false; /* spun since the last G ran or the last sleep */
    for (;;) {
        uc_timers_check();

        gr__lock_acquire(&S.lock);
        if (S.stopping) {
            if (m->has_token) {
                m->has_token = false;
                S.nrunning--;
            }
            gr__lock_release(&S.lock);
            return;
        }
        if (!S.done) {
            if (!m->has_token && uc_runq_nonempty_locked() && S.nrunning < S.procs) {
                m->has_token = true;
                S.nrunning++;
            }
            uc_g *g = m->has_token ? uc_runq_get() : NULL;
            if (g) {
                /* More work and free tokens: pass the wakeup on (Go's
                 * "wake another spinning M" chain). */
                uc_m *w;
                bool nm;
                uc_wakep_locked(&w, &nm);
                gr__lock_release(&S.lock);
                uc_wakep_finish(w, nm);
                spun = false;
                if (uc_run(m, g) == RUN_QUIT)
                    return;
                continue;
            }
        }

        /* Nothing to run: give the token back and sleep. */
        bool wake_main = false;
        if (m->has_token) {
            m->has_token = false;
            S.nrunning--;
        }
        if (UC_SPIN_NS > 0 && !S.done && !spun && S.nspinning == 0 && S.nrunning > 0) {
            /* Others still run, so work is likely to be readied soon: spin
             * briefly (without a token, so the deadlock check never waits
             * on a spinner), then look again from the top. */
            S.nspinning++;
            gr__lock_release(&S.lock);
            uc_spin();
            spun = true;
            continue;
        }
        spun = false;
        if (S.done)
            uc_finish_locked(GR_OK, &wake_main); /* the last M to stop releases run_main */
        else if (S.main_queued && S.nrunning == 0 && S.nsyscall == 0 && !uc_runq_nonempty_locked() &&
                 gr__theap_idle(&S.theap))
            uc_finish_locked(GR_EDEADLK, &wake_main);
        int64_t deadline = -1;
        if (!S.done && !S.timer_sleeper) {
            int64_t next = gr__theap_next(&S.theap);
            if (next != INT64_MAX) {
                S.timer_sleeper = m;
                m->sleep_until = next;
                deadline = next;
            }
        }
        if (deadline < 0) {
            m->idlenext = S.idle;
            S.idle = m;
        }
        /* relaxed: published to wakers by S.lock, which they hold. */
        atomic_store_explicit(&m->wake, 0, memory_order_relaxed);
        gr__lock_release(&S.lock);
        if (wake_main)
            uc_finish_wake();

        gr__futex_wait(&m->wake, 0, deadline);

        /* acquire: pairs with the waker's release store of 1. */
        if (atomic_load_explicit(&m->wake, memory_order_acquire) == 0) {
            /* Timeout or spurious wakeup: nobody took us off the lists. */
            gr__lock_acquire(&S.lock);
            if (atomic_load_explicit(&m->wake, memory_order_relaxed) == 0)
                uc_unidle_locked(m);
            gr__lock_release(&S.lock);
        }
    }
}
