/*
 * timers.c — timer placement for the ucontext backend: ONE global heap
 * (uc_S.theap), slept on by one idle M (uc_S.timer_sleeper, sched.c) and
 * checked by busy Ms at every pass through their scheduler loop.
 *
 * So gr_sleep, gr_after, tickers and context deadlines park goroutines, not
 * threads; a timer's fire() runs on some M's g0 and readies Gs from there.
 *
 * Invariants:
 *   - uc_S.timer_hint <= the earliest deadline in the heap, except between
 *     a runner's store and its re-read below (which restores it);
 *   - after any insert that becomes the heap's head, timer_kick makes sure
 *     that either the timer sleeper sleeps no later than the new deadline,
 *     or an idle M is woken to become the sleeper, or no M is idle (then a
 *     busy M sees the hint at its next scheduling point).
 * Without preemption, a goroutine that never yields delays timers while
 * every M is busy; this is stated in README.md.
 */
#include "uc.h"

#define S uc_S

void uc_timers_init(void)
{
    gr__theap_init(&S.theap);
    /* relaxed: no other thread runs yet (init). */
    atomic_store_explicit(&S.timer_hint, INT64_MAX, memory_order_relaxed);
}

void uc_timers_destroy(void)
{
    gr__theap_destroy(&S.theap);
}

/* Port op timer_heap: every timer goes to the global heap.  Any context. */
struct gr__theap *uc_timer_heap(void)
{
    return &S.theap;
}

/* Lower the hint to `when`.  Relaxed CAS loop: the hint only gates a
 * locked look at the heap; coherence of this one location is all the
 * protocol needs (see uc_timers_check). */
static void uc_hint_min(int64_t when)
{
    int64_t cur = atomic_load_explicit(&S.timer_hint, memory_order_relaxed);
    while (when < cur &&
           !atomic_compare_exchange_weak_explicit(&S.timer_hint, &cur, when, memory_order_relaxed,
                                                  memory_order_relaxed))
        ;
}

/* Port op timer_kick: the heap's earliest deadline became `when`.  Any
 * context, no lock held; takes S.lock. */
void uc_timer_kick(struct gr__theap *h, int64_t when)
{
    (void)h;
    uc_hint_min(when);
    uc_m *w = NULL;
    gr__lock_acquire(&S.lock);
    if (S.timer_sleeper) {
        if (S.timer_sleeper->sleep_until > when) {
            w = S.timer_sleeper; /* re-arms itself with the new deadline */
            S.timer_sleeper = NULL;
        }
    } else if (S.idle) {
        w = S.idle; /* becomes the timer sleeper */
        S.idle = w->idlenext;
        w->idlenext = NULL;
    }
    if (w) /* release: pairs with the sleeper's acquire load (sched.c). */
        atomic_store_explicit(&w->wake, 1, memory_order_release);
    gr__lock_release(&S.lock);
    if (w)
        gr__futex_wake(&w->wake, 1);
}

/* Fire the due timers.  Any M's g0, no lock held; with or without a token
 * (fire() runs no user code: it readies Gs). */
void uc_timers_check(void)
{
    int64_t hint = atomic_load_explicit(&S.timer_hint, memory_order_relaxed);
    if (hint == INT64_MAX)
        return;
    int64_t now = gr__nanotime();
    if (now < hint)
        return;
    int64_t next = gr__theap_run(&S.theap, now);
    /* Raise the hint to what the run left, then re-read the heap: a timer
     * inserted after gr__theap_run looked is either seen by the re-read, or
     * its kick's uc_hint_min is ordered after our store (its heap-lock
     * section follows ours), so the hint stays a lower bound. */
    atomic_store_explicit(&S.timer_hint, next, memory_order_relaxed);
    uc_hint_min(gr__theap_next(&S.theap));
}
