/*
 * timerheap.h — the core's timer records and the min-heaps that hold them.
 *
 * The core owns the data structure; the port owns the heaps' placement and
 * who runs them (port.h: timer_heap, timer_kick).  A pthread port may keep
 * one global heap served by a timer thread, an M:N port a global heap its
 * idle workers sleep on, and a work-stealing port one heap per P.
 *
 * Invariants:
 *   - a gr__tmr is in at most one heap; t->heap != NULL exactly while it is
 *     pending, and t->idx is then its index in h->v; both change only under
 *     h->lock;
 *   - a heap holds one reference on each pending timer, and
 *     gr__theap_run() holds one more while it calls t->fire(), so a timer
 *     released concurrently is freed only after its callback returns;
 *   - fire() runs with no heap lock held, on the thread that runs the heap
 *     (a port thread or a goroutine's thread), and must not block: it may
 *     call ready(), take core locks briefly, or re-arm timers;
 *   - a periodic timer is re-armed (when += period, skipping missed
 *     periods) before fire() runs, so Stop() after Reset() races cleanly.
 */
#ifndef GR_CORE_TIMERHEAP_H
#define GR_CORE_TIMERHEAP_H

#include "lock.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gr__tmr gr__tmr;

struct gr__tmr {
    int64_t when;                          /* absolute gr_now() deadline; valid while pending */
    int64_t period;                        /* > 0: periodic */
    void (*fire)(gr__tmr *t, int64_t now); /* the callback (see invariants) */
    void (*destroy)(gr__tmr *t);           /* frees the object at refs == 0 */
    _Atomic int32_t refs;                  /* acq_rel decrement; see gr__tmr_unref */
    int32_t idx;                           /* heap index, under heap->lock */
    struct gr__theap *_Atomic heap;        /* owning heap or NULL; written under its lock */
};

typedef struct gr__theap {
    gr__lock lock;
    gr__tmr **v;
    size_t n, cap;
    /* Timers popped by gr__theap_run whose fire() has not returned yet;
     * a port's deadlock check treats them as pending. Changed under lock. */
    _Atomic int32_t firing;
} gr__theap;

void gr__theap_init(gr__theap *h);
/* Frees the array; pending timers lose the heap's reference. */
void gr__theap_destroy(gr__theap *h);

/* Fire every timer with when <= now.  Returns the next deadline, or
 * INT64_MAX when the heap is empty.  Any context, no locks held. */
int64_t gr__theap_run(gr__theap *h, int64_t now);

/* Earliest deadline (INT64_MAX if empty), read under the heap's lock. */
int64_t gr__theap_next(gr__theap *h);

/* True when no timer is pending or firing in h (for deadlock checks). */
bool gr__theap_idle(gr__theap *h);

/* Initialise a timer record with one reference (the caller's). */
void gr__tmr_init(gr__tmr *t, void (*fire)(gr__tmr *, int64_t), void (*destroy)(gr__tmr *));
void gr__tmr_ref(gr__tmr *t);
void gr__tmr_unref(gr__tmr *t);

/* Arm t at absolute time `when` (period > 0: periodic), into the port's
 * heap.  Returns true if it was pending before (it is moved).  Returns
 * false and does nothing when the heap cannot grow (ENOMEM) and
 * *enomem is set, if enomem != NULL. */
bool gr__tmr_arm(gr__tmr *t, int64_t when, int64_t period, bool *enomem);

/* Disarm t.  True if it was pending (this call stopped it). */
bool gr__tmr_disarm(gr__tmr *t);

#endif /* GR_CORE_TIMERHEAP_H */
