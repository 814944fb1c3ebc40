/*
 * waitgroup.c — gr_waitgroup: Go's sync.WaitGroup.
 *
 * Invariants: state = counter << 32 | waiters.  Add is a CAS loop that
 * refuses (GR_EINVAL, no change) to make the counter negative.  When the
 * counter reaches 0 with waiters, the same CAS resets the whole word to 0
 * and the adder releases the semaphore once per waiter, so the group can be
 * reused at once as a barrier.
 */
#include "sync_types.h"

static int wg_add(waitgroup_s *wg, long delta)
{
    uint64_t old = atomic_load_explicit(&wg->state, memory_order_relaxed);
    for (;;) {
        int64_t v = (int64_t)(int32_t)(uint32_t)(old >> 32) + delta;
        uint32_t w = (uint32_t)old;
        if (v < 0 || v > INT32_MAX)
            return GR_EINVAL;
        uint64_t nw = v == 0 ? 0 : ((uint64_t)(uint32_t)v << 32) | w;
        /* acq_rel: Done publishes the work before it; the zeroing CAS sees
         * every waiter that counted itself in. */
        if (atomic_compare_exchange_weak_explicit(&wg->state, &old, nw, memory_order_acq_rel,
                                                  memory_order_relaxed)) {
            if (v == 0)
                for (uint32_t i = 0; i < w; i++)
                    gr__sema_release(&wg->sema, false);
            return GR_OK;
        }
    }
}

static void wg_wait(waitgroup_s *wg)
{
    uint64_t old = atomic_load_explicit(&wg->state, memory_order_acquire);
    for (;;) {
        if ((old >> 32) == 0)
            return;
        /* acquire on success: pairs with the Add that reaches zero. */
        if (atomic_compare_exchange_weak_explicit(&wg->state, &old, old + 1, memory_order_acq_rel,
                                                  memory_order_acquire)) {
            gr__sema_acquire(&wg->sema, false, GR__WAIT_WAITGROUP, wg);
            return;
        }
    }
}

GR_EXTERN int gr_wg_add(gr_waitgroup *wg, long delta)
{
    if (!wg || !gr__running())
        return GR_EINVAL;
    return wg_add((waitgroup_s *)wg, delta);
}

GR_EXTERN int gr_wg_done(gr_waitgroup *wg)
{
    return gr_wg_add(wg, -1);
}

GR_EXTERN void gr_wg_wait(gr_waitgroup *wg)
{
    if (wg && gr__cur())
        wg_wait((waitgroup_s *)wg);
}
