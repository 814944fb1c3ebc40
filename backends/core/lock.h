/*
 * lock.h — the core's internal lock and futex helpers (Go's runtime `mutex`).
 *
 * gr__lock is a three-state futex mutex (Drepper, "Futexes Are Tricky"):
 * 0 = unlocked, 1 = locked, 2 = locked with waiters.  It spins briefly,
 * yields the CPU once (the holder may be preempted when threads outnumber
 * cores), then sleeps in the kernel (lock.c), so it blocks the OS thread:
 * hold it only for a few instructions, never across park() except through
 * park's unlock function.
 * All-zero is the unlocked state.
 *
 * Invariants: lock() pairs with exactly one unlock() on any thread;
 * acquire ordering on the winning exchange/CAS, release on unlock.
 */
#ifndef GR_CORE_LOCK_H
#define GR_CORE_LOCK_H

#include <linux/futex.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

typedef struct gr__lock {
    _Atomic uint32_t state;
} gr__lock;

#define GR__LOCK_INIT \
    {                 \
        0             \
    }

/* Sleep while *addr == val, at most until the absolute CLOCK_MONOTONIC time
 * `deadline_ns` (< 0: no limit).  Spurious wakeups are allowed. */
static inline void gr__futex_wait(_Atomic uint32_t *addr, uint32_t val, int64_t deadline_ns)
{
    struct timespec ts, *tp = NULL;
    int op = FUTEX_WAIT_PRIVATE;
    if (deadline_ns >= 0) {
        ts.tv_sec = deadline_ns / 1000000000;
        ts.tv_nsec = deadline_ns % 1000000000;
        tp = &ts;
        op = FUTEX_WAIT_BITSET_PRIVATE; /* absolute timeout on CLOCK_MONOTONIC */
    }
    syscall(SYS_futex, (uint32_t *)addr, op, val, tp, NULL, FUTEX_BITSET_MATCH_ANY);
}

static inline void gr__futex_wake(_Atomic uint32_t *addr, int n)
{
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

static inline void gr__cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

void gr__lock_slow(gr__lock *l); /* lock.c */

static inline void gr__lock_acquire(gr__lock *l)
{
    uint32_t zero = 0;
    /* acquire: the critical section happens after we own the lock. */
    if (atomic_compare_exchange_strong_explicit(&l->state, &zero, 1, memory_order_acquire,
                                                memory_order_relaxed))
        return;
    gr__lock_slow(l);
}

static inline bool gr__lock_try(gr__lock *l)
{
    uint32_t zero = 0;
    /* acquire on success, as lock_acquire. */
    return atomic_compare_exchange_strong_explicit(&l->state, &zero, 1, memory_order_acquire,
                                                   memory_order_relaxed);
}

static inline void gr__lock_release(gr__lock *l)
{
    /* release: publish the critical section before the lock looks free. */
    if (atomic_exchange_explicit(&l->state, 0, memory_order_release) == 2)
        gr__futex_wake(&l->state, 1);
}

/* Adapter for park(): releases the gr__lock passed as arg. */
struct gr_g;
bool gr__lock_unlockf(struct gr_g *g, void *lock);

#endif /* GR_CORE_LOCK_H */
