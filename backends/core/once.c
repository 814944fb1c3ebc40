/*
 * once.c — gr_once: Go's sync.Once.  The fast path is one acquire load;
 * the slow path serialises on a gr_mutex, so later callers park (they do not
 * spin) until the first call of fn has returned.
 *
 * Invariant: done becomes 1 (release) only after fn returned, so a caller
 * that sees done == 1 (acquire) sees fn's effects.
 */
#include "sync_types.h"

GR_EXTERN void gr_once_do(gr_once *once, void (*fn)(void *), void *arg)
{
    if (!once || !fn || !gr__cur())
        return;
    once_s *o = (once_s *)once;
    if (atomic_load_explicit(&o->done, memory_order_acquire))
        return;
    gr__mutex_lock(&o->m);
    if (!atomic_load_explicit(&o->done, memory_order_relaxed)) {
        fn(arg);
        atomic_store_explicit(&o->done, 1, memory_order_release);
    }
    gr__mutex_unlock(&o->m);
}
