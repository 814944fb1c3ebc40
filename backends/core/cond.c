/*
 * cond.c — gr_cond: Go's sync.Cond over a ticket notify list (sema.h).
 *
 * Invariant: Wait takes its ticket while the caller still holds the mutex,
 * so a Signal/Broadcast issued after the caller unlocked can never be lost.
 */
#include "sync_types.h"

GR_EXTERN void gr_cond_wait(gr_cond *c, gr_mutex *mu)
{
    if (!c || !mu || !gr__cur())
        return;
    cond_s *cv = (cond_s *)c;
    mutex_s *m = (mutex_s *)mu;
    /* Misuse (mu not locked): return before taking a ticket, so no later
     * Signal is spent on a waiter that never waits. */
    if (!(atomic_load_explicit(&m->state, memory_order_relaxed) & 1))
        return;
    uint32_t t = gr__notify_add(&cv->list);
    gr__mutex_unlock(m);
    gr__notify_wait(&cv->list, t);
    gr__mutex_lock((mutex_s *)mu);
}

GR_EXTERN void gr_cond_signal(gr_cond *c)
{
    if (c && gr__running())
        gr__notify_one(&((cond_s *)c)->list);
}

GR_EXTERN void gr_cond_broadcast(gr_cond *c)
{
    if (c && gr__running())
        gr__notify_all(&((cond_s *)c)->list);
}
