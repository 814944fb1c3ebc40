/*
 * lock.c — slow path of the core's futex mutex (see lock.h for invariants).
 */
#include "lock.h"

#include "port.h"

void gr__lock_slow(gr__lock *l)
{
    /* Spin a little: core critical sections are a few dozen instructions. */
    for (int i = 0; i < 100; i++) {
        uint32_t zero = 0;
        if (atomic_load_explicit(&l->state, memory_order_relaxed) == 0 &&
            atomic_compare_exchange_weak_explicit(&l->state, &zero, 1, memory_order_acquire,
                                                  memory_order_relaxed))
            return;
        gr__cpu_relax();
    }
    /* Mark contended (2) and sleep until we take it; acquire on the exchange
     * that observes 0. */
    while (atomic_exchange_explicit(&l->state, 2, memory_order_acquire) != 0)
        gr__futex_wait(&l->state, 2, -1);
}

bool gr__lock_unlockf(struct gr_g *g, void *lock)
{
    (void)g;
    gr__lock_release((gr__lock *)lock);
    return true;
}
