/*
 * sema.h — semaphores on arbitrary 32-bit words and ticket-based notify
 * lists, the parking layer under WaitGroup, Mutex, RWMutex, Once and Cond
 * (Go's runtime/sema.go: semacquire/semrelease and notifyList).
 *
 * Waiters live on their goroutine's stack and are kept in one of 251 hashed
 * buckets, keyed by the address of the word, so the sync types need no
 * storage beyond their zeroed words.
 *
 * Invariants:
 *   - *addr counts available wake-ups; a waiter sleeps only after it has
 *     counted itself in its bucket's nwait and re-checked *addr under the
 *     bucket lock, so a release never misses it;
 *   - a notify list's `notify` ticket is written only under its bucket's
 *     lock; tickets are compared with wrap-around (int32 difference).
 */
#ifndef GR_CORE_SEMA_H
#define GR_CORE_SEMA_H

#include "runtime.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Block until *addr > 0, then decrement it.  lifo: queue at the front
 * (a waiter that already waited once, Go's starvation handling). */
void gr__sema_acquire(_Atomic uint32_t *addr, bool lifo, gr__wait why, const void *obj);

/* Increment *addr and wake one waiter.  handoff: give the count directly to
 * the woken waiter and yield to it (mutex starvation mode). */
void gr__sema_release(_Atomic uint32_t *addr, bool handoff);

/* Notify lists (Cond): a ticket is taken before unlocking the user's mutex. */
typedef struct gr__notify {
    _Atomic uint32_t wait;   /* next ticket to hand out (relaxed fetch_add) */
    _Atomic uint32_t notify; /* next ticket to wake; written under the bucket lock */
} gr__notify;

uint32_t gr__notify_add(gr__notify *l);
void gr__notify_wait(gr__notify *l, uint32_t ticket);
void gr__notify_one(gr__notify *l);
void gr__notify_all(gr__notify *l);

#endif /* GR_CORE_SEMA_H */
