/*
 * lock.c — slow path of the core's futex mutex (see lock.h for invariants).
 */
#include "lock.h"

#include "port.h"

#include <sched.h>

/* Go's active_spin, active_spin_cnt and passive_spin. */
enum { GR__LOCK_SPIN_ROUNDS = 4, GR__LOCK_SPIN_PAUSES = 30, GR__LOCK_YIELDS = 1 };

void gr__lock_slow(gr__lock *l)
{
    /* Go's lock2 (lock_futex.go), in three phases.  Active: a few rounds
     * of PAUSE, since core critical sections are a few dozen instructions.
     * Passive: give the CPU away once, because when there are more running
     * threads than cores (procs 4 on 2 CPUs) the holder may be preempted,
     * and yielding lets it finish.  Then mark the lock contended (2) and
     * sleep until it is ours; acquire on the exchange that observes 0. */
    for (int round = 0; round < GR__LOCK_SPIN_ROUNDS + GR__LOCK_YIELDS; round++) {
        if (round < GR__LOCK_SPIN_ROUNDS) {
            for (int i = 0; i < GR__LOCK_SPIN_PAUSES; i++)
                gr__cpu_relax();
        } else {
            sched_yield();
        }
        uint32_t zero = 0;
        /* relaxed peek first, so waiters do not bounce the line. */
        if (atomic_load_explicit(&l->state, memory_order_relaxed) == 0 &&
            atomic_compare_exchange_weak_explicit(&l->state, &zero, 1, memory_order_acquire,
                                                  memory_order_relaxed))
            return;
    }
    while (atomic_exchange_explicit(&l->state, 2, memory_order_acquire) != 0)
        gr__futex_wait(&l->state, 2, -1);
}

bool gr__lock_unlockf(struct gr_g *g, void *lock)
{
    (void)g;
    gr__lock_release((gr__lock *)lock);
    return true;
}
