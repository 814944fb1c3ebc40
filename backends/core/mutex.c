/*
 * mutex.c — gr_mutex: Go's sync.Mutex, with its two modes.
 *
 * Normal mode: waiters queue FIFO, but a woken waiter competes with newly
 * arriving goroutines (which are already on a CPU and usually win).
 * Starvation mode: a waiter that has waited more than 1 ms switches the
 * mutex to starvation mode; then unlock hands ownership directly to the
 * waiter at the front of the queue and newcomers queue at the tail.  The
 * mode ends when the last waiter, or one that waited under 1 ms, takes it.
 *
 * Invariants: state = locked(1) | woken(2) | starving(4) | waiters << 3;
 * every transition is one CAS (acquire on lock, release on unlock), so an
 * unlock of an unlocked mutex is detected before it changes anything
 * (GR_EPERM, no effect) — Go's fatal error, made recoverable.
 */
#include "sync_types.h"

#include "lock.h"

enum { LOCKED = 1, WOKEN = 2, STARVING = 4, WAITER_SHIFT = 3 };
#define STARVE_NS 1000000 /* 1 ms, Go's starvationThresholdNs */

static bool can_spin(int iter)
{
    return iter < 4 && gr__rt.procs > 1;
}

static void lock_slow(mutex_s *m)
{
    int64_t wait_start = 0;
    bool starving = false, awoke = false;
    int iter = 0;
    int32_t old = atomic_load_explicit(&m->state, memory_order_relaxed);
    for (;;) {
        /* Spin while locked in normal mode: the holder may release soon. */
        if ((old & (LOCKED | STARVING)) == LOCKED && can_spin(iter)) {
            if (!awoke && !(old & WOKEN) && (old >> WAITER_SHIFT) != 0 &&
                atomic_compare_exchange_weak_explicit(&m->state, &old, old | WOKEN,
                                                      memory_order_relaxed, memory_order_relaxed))
                awoke = true; /* tell unlock not to wake others */
            for (int i = 0; i < 30; i++)
                gr__cpu_relax();
            iter++;
            old = atomic_load_explicit(&m->state, memory_order_relaxed);
            continue;
        }
        int32_t nw = old;
        if (!(old & STARVING))
            nw |= LOCKED; /* don't try to grab a starving mutex: queue */
        if (old & (LOCKED | STARVING))
            nw += 1 << WAITER_SHIFT;
        if (starving && (old & LOCKED))
            nw |= STARVING;
        if (awoke)
            nw &= ~WOKEN;
        /* acquire: on success we may own the lock. */
        if (atomic_compare_exchange_weak_explicit(&m->state, &old, nw, memory_order_acquire,
                                                  memory_order_relaxed)) {
            if (!(old & (LOCKED | STARVING)))
                return; /* locked with CAS */
            bool lifo = wait_start != 0;
            if (!wait_start)
                wait_start = gr__nanotime();
            gr__sema_acquire(&m->sema, lifo, GR__WAIT_MUTEX, m);
            starving = starving || gr__nanotime() - wait_start > STARVE_NS;
            old = atomic_load_explicit(&m->state, memory_order_acquire);
            if (old & STARVING) {
                /* Ownership was handed to us; fix up the state. */
                int32_t delta = LOCKED - (1 << WAITER_SHIFT);
                if (!starving || (old >> WAITER_SHIFT) == 1)
                    delta -= STARVING; /* leave starvation mode */
                atomic_fetch_add_explicit(&m->state, delta, memory_order_acquire);
                return;
            }
            awoke = true;
            iter = 0;
        }
    }
}

void gr__mutex_lock(mutex_s *m)
{
    int32_t zero = 0;
    if (atomic_compare_exchange_strong_explicit(&m->state, &zero, LOCKED, memory_order_acquire,
                                                memory_order_relaxed))
        return;
    lock_slow(m);
}

bool gr__mutex_trylock(mutex_s *m)
{
    int32_t old = atomic_load_explicit(&m->state, memory_order_relaxed);
    if (old & (LOCKED | STARVING))
        return false;
    return atomic_compare_exchange_strong_explicit(&m->state, &old, old | LOCKED,
                                                   memory_order_acquire, memory_order_relaxed);
}

static void unlock_slow(mutex_s *m, int32_t nw)
{
    if (!(nw & STARVING)) {
        int32_t old = nw;
        for (;;) {
            /* No waiters, or someone is already woken/locked it: done. */
            if ((old >> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)))
                return;
            int32_t next = (old - (1 << WAITER_SHIFT)) | WOKEN;
            if (atomic_compare_exchange_weak_explicit(&m->state, &old, next, memory_order_release,
                                                      memory_order_relaxed)) {
                gr__sema_release(&m->sema, false);
                return;
            }
        }
    }
    /* Starving: hand the mutex to the first waiter (it fixes the state). */
    gr__sema_release(&m->sema, true);
}

int gr__mutex_unlock(mutex_s *m)
{
    /* Guess the common state (locked, nobody waiting) instead of loading
     * it first: under contention a load would fetch the line shared and
     * the CAS then fetch it again exclusive.  A wrong guess costs nothing:
     * the failed CAS returns the real state and the loop checks it. */
    int32_t old = LOCKED;
    int32_t nw;
    do {
        if (!(old & LOCKED))
            return GR_EPERM; /* unlock of unlocked mutex: nothing changed */
        nw = old - LOCKED;
        /* release: publish the critical section. */
    } while (!atomic_compare_exchange_weak_explicit(&m->state, &old, nw, memory_order_release,
                                                    memory_order_relaxed));
    if (nw != 0)
        unlock_slow(m, nw);
    return GR_OK;
}

GR_EXTERN void gr_mutex_lock(gr_mutex *mu)
{
    if (mu && gr__cur())
        gr__mutex_lock((mutex_s *)mu);
}

GR_EXTERN int gr_mutex_unlock(gr_mutex *mu)
{
    if (!mu || !gr__running())
        return GR_EINVAL;
    return gr__mutex_unlock((mutex_s *)mu);
}

GR_EXTERN bool gr_mutex_trylock(gr_mutex *mu)
{
    if (!mu || !gr__running())
        return false;
    return gr__mutex_trylock((mutex_s *)mu);
}
