/*
 * rwmutex.c — gr_rwmutex: Go's sync.RWMutex (writer-preferring).
 *
 * A writer first takes `w` (excluding other writers), then subtracts RW_MAX
 * from reader_count, which (1) makes new readers see a negative count and
 * queue on reader_sem, and (2) tells the writer how many readers are active;
 * it waits on writer_sem until those have left (reader_wait reaches 0).
 *
 * Invariants:
 *   - reader_count >= 0: no writer; it counts readers that hold or wait;
 *   - reader_count < 0: a writer is pending or active, and
 *     reader_count + RW_MAX readers hold or wait;
 *   - writer_held is 1 exactly while a writer owns the lock, so unlock by a
 *     non-owner is refused (GR_EPERM) before anything changes;
 *   - every update that can fail is a CAS loop: a refused call has no effect.
 *   Limitation (as in Go): an RUnlock by a goroutine that holds no read lock
 *   is only detected when no reader holds or waits.
 */
#include "sync_types.h"

#define RW_MAX (1 << 30)

static void rlock(rwmutex_s *rw)
{
    /* acquire: pairs with the writer's release in unlock. */
    if (atomic_fetch_add_explicit(&rw->reader_count, 1, memory_order_acquire) + 1 < 0)
        gr__sema_acquire(&rw->reader_sem, false, GR__WAIT_RWMUTEX_R, rw);
}

static int runlock(rwmutex_s *rw)
{
    int32_t old = atomic_load_explicit(&rw->reader_count, memory_order_relaxed);
    for (;;) {
        int32_t readers = old >= 0 ? old : old + RW_MAX;
        if (readers == 0)
            return GR_EPERM;
        /* release: the read section happens before a writer's entry. */
        if (atomic_compare_exchange_weak_explicit(&rw->reader_count, &old, old - 1,
                                                  memory_order_release, memory_order_relaxed))
            break;
    }
    if (old - 1 < 0) {
        /* A writer is pending: the last departing reader wakes it. */
        if (atomic_fetch_sub_explicit(&rw->reader_wait, 1, memory_order_acq_rel) - 1 == 0)
            gr__sema_release(&rw->writer_sem, false);
    }
    return GR_OK;
}

static void wlock(rwmutex_s *rw)
{
    gr__mutex_lock(&rw->w);
    /* acq_rel: announce the writer and learn the active readers. */
    int32_t r = atomic_fetch_sub_explicit(&rw->reader_count, RW_MAX, memory_order_acq_rel);
    if (r != 0 && atomic_fetch_add_explicit(&rw->reader_wait, r, memory_order_acq_rel) + r != 0)
        gr__sema_acquire(&rw->writer_sem, false, GR__WAIT_RWMUTEX_W, rw);
    /* relaxed: only the owner and misusing unlockers read it; the reader
     * drain above already ordered us after the readers. */
    atomic_store_explicit(&rw->writer_held, 1, memory_order_relaxed);
}

static int wunlock(rwmutex_s *rw)
{
    uint32_t one = 1;
    if (!atomic_compare_exchange_strong_explicit(&rw->writer_held, &one, 0, memory_order_relaxed,
                                                 memory_order_relaxed))
        return GR_EPERM;
    /* release: readers that get in see the write section. */
    int32_t r = atomic_fetch_add_explicit(&rw->reader_count, RW_MAX, memory_order_release) + RW_MAX;
    for (int32_t i = 0; i < r; i++)
        gr__sema_release(&rw->reader_sem, false);
    gr__mutex_unlock(&rw->w);
    return GR_OK;
}

static bool trylock(rwmutex_s *rw)
{
    if (!gr__mutex_trylock(&rw->w))
        return false;
    int32_t zero = 0;
    if (!atomic_compare_exchange_strong_explicit(&rw->reader_count, &zero, -RW_MAX,
                                                 memory_order_acquire, memory_order_relaxed)) {
        gr__mutex_unlock(&rw->w);
        return false;
    }
    atomic_store_explicit(&rw->writer_held, 1, memory_order_relaxed);
    return true;
}

static bool tryrlock(rwmutex_s *rw)
{
    int32_t c = atomic_load_explicit(&rw->reader_count, memory_order_relaxed);
    while (c >= 0) {
        if (atomic_compare_exchange_weak_explicit(&rw->reader_count, &c, c + 1,
                                                  memory_order_acquire, memory_order_relaxed))
            return true;
    }
    return false;
}

GR_EXTERN void gr_rwmutex_rlock(gr_rwmutex *rw)
{
    if (rw && gr__cur())
        rlock((rwmutex_s *)rw);
}

GR_EXTERN int gr_rwmutex_runlock(gr_rwmutex *rw)
{
    if (!rw || !gr__running())
        return GR_EINVAL;
    return runlock((rwmutex_s *)rw);
}

GR_EXTERN void gr_rwmutex_lock(gr_rwmutex *rw)
{
    if (rw && gr__cur())
        wlock((rwmutex_s *)rw);
}

GR_EXTERN int gr_rwmutex_unlock(gr_rwmutex *rw)
{
    if (!rw || !gr__running())
        return GR_EINVAL;
    return wunlock((rwmutex_s *)rw);
}

GR_EXTERN bool gr_rwmutex_trylock(gr_rwmutex *rw)
{
    return rw && gr__running() && trylock((rwmutex_s *)rw);
}

GR_EXTERN bool gr_rwmutex_tryrlock(gr_rwmutex *rw)
{
    return rw && gr__running() && tryrlock((rwmutex_s *)rw);
}
