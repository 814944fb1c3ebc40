/*
 * bf.h — the seam between the two halves of the boostfiber backend:
 *   port_bf.c (C11): the port table (port.h), the goroutine table, park and
 *       ready, the deadlock check, the timer thread;
 *   fiber.cc (C++17): everything that touches Boost.Fiber — the worker
 *       threads, the two scheduling algorithms, fiber creation with
 *       protected_fixedsize_stack, and the suspend/schedule primitives.
 * The core's headers use C11 _Atomic, which C++17 cannot read, so the C++
 * side sees goroutines only as opaque pointers and this header holds only
 * plain C types.  README.md has the design.
 *
 * Invariants:
 *   - a bf_lock is Boost's own detail::spinlock (spinlock_ttas in Debian's
 *     build), placement-constructed by bfx_lock_init into bf_lock.storage;
 *     fiber.cc checks at compile time that it fits;
 *   - every bfx_* function says on which threads it may run; "worker" means
 *     one of the pool's threads while it takes part in a gr_run (its fiber
 *     scheduler has this run's algorithm), "any" includes the timer thread
 *     and the gr_run thread.
 */
#ifndef GR_BOOSTFIBER_BF_H
#define GR_BOOSTFIBER_BF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct gr__stack; /* core stack.h */

/* Storage for one Boost spinlock (4 bytes in 1.81; 8 reserved). */
typedef union bf_lock {
    uint64_t align;
    unsigned char storage[8];
} bf_lock;

/* The algorithms, one per libgr.so.1 (-DBF_ALGO=1 or 2 at compile time;
 * macros, not an enum, so that #if can test them). */
#define BF_SHARED_WORK 1
#define BF_WORK_STEALING 2

/* ---- implemented in fiber.cc ------------------------------------------ */

void bfx_lock_init(bf_lock *l);  /* any thread; l not in use */
void bfx_lock(bf_lock *l);       /* any thread; spins (Boost's TTAS) */
void bfx_unlock(bf_lock *l);     /* the holder */

/* The running fiber (boost::fibers::context::active()), or NULL on a
 * thread that is not a worker in a run.  Any thread. */
void *bfx_self(void);

/* Suspend the running fiber and release l (held by the caller) only after
 * its context is saved, on the context switched to: Boost's
 * context::suspend(spinlock_lock&), the primitive under its own mutex.
 * Returns when another thread schedules this fiber.  Worker, in a fiber. */
void bfx_suspend_unlock(bf_lock *l);

/* Suspend the running fiber for good (nobody will schedule it).  Worker. */
void bfx_suspend_forever(void);

/* Make the suspended fiber ctx runnable: context::schedule from a worker,
 * scheduler::schedule_from_remote from any other thread.  Any thread. */
void bfx_schedule(void *ctx);

/* Put the running fiber at the back of the ready queue (this_fiber::yield). */
void bfx_yield(void);

/* Start a fiber that runs bf_entry(g) on a protected_fixedsize_stack of
 * stack_size usable bytes; its stack's bounds are written to *st before it
 * can run.  dispatch: Boost's launch::dispatch (switch to it now and queue
 * the caller on its algorithm; returns when the caller runs again, maybe on
 * another thread); else launch::post (queue it on the calling worker's
 * algorithm and return).  Worker.  Returns 0 or GR_ENOMEM (nothing
 * started). */
int bfx_spawn(void *g, size_t stack_size, struct gr__stack *st, bool dispatch);

/* Choose the stack kind for the next run from $GR_BOOSTFIBER_STACK
 * ("pool": the core's pooled guard-page stacks; anything else:
 * protected_fixedsize_stack).  The gr_run thread (port init). */
void bfx_stack_kind_from_env(void);

/* Give the stacks cached by GR_BOOSTFIBER_STACK=pool back to the core's
 * pool.  The gr_run thread (port shutdown; no worker is in a run). */
void bfx_stack_cache_drain(void);

/* Make sure the pool has `procs` workers with algorithm `algo` (threads
 * are created here and never end).  The gr_run thread (port init).  0 or
 * GR_ENOMEM; on failure the run must not begin. */
int bfx_pool_ensure(int procs, int algo);

/* Release workers 0..procs-1 into a run (procs <= the pool's size).  The
 * gr_run thread (port run_main). */
void bfx_run_begin(int procs);

/* Ask every worker of the run to leave it, and wait until all have.  A
 * worker leaves when its thread's main fiber runs again, i.e. when the
 * goroutine on it parks, yields or exits.  The gr_run thread. */
void bfx_run_end(void);

/* The pool's threads so far (a statistic).  Any thread. */
uint64_t bfx_threads(void);

/* ---- implemented in port_bf.c, called from fiber.cc ------------------- */

/* The body of every fiber: runs the goroutine g.  Worker, in g's fiber. */
void bf_entry(void *g);

/* Worker `index` joined the run (on its main fiber, before it waits to
 * leave): worker 0 starts the main goroutine there.  Worker. */
void bf_worker_joined(int index);
/* Worker `index` left the run (on its main fiber).  Worker. */
void bf_worker_left(int index);

/* A worker found nothing to run and is about to sleep: the deadlock check.
 * Worker, on its dispatcher fiber; must not block or schedule. */
void bf_worker_idle(void);

/* Per-thread set-up of a new pool thread (alternate signal stack). */
void bf_thread_init(void);

#ifdef __cplusplus
}
#endif

#endif /* GR_BOOSTFIBER_BF_H */
