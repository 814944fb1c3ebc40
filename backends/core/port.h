/*
 * port.h — the scheduler port: the only interface between the shared core
 * (channels, select, sync, context, timers) and a backend's scheduler.
 *
 * Modelled on the Linux kernel's `struct sched_class`: one const table of
 * operations, filled with designated initialisers, one instance per backend.
 * Each libgr.so.1 is compiled from the core plus exactly one port, and the
 * table is a `const` object defined in the same library, so with -flto the
 * loads of gr__port.park / .ready / .current fold into direct calls.
 *
 * The core never blocks an OS thread except on the brief internal locks of
 * lock.h; every wait that the user can observe goes through park().
 *
 * Invariants:
 *   - a gr_g is the core's part of a goroutine; a backend embeds it as the
 *     FIRST member of its own G, so (struct backend_g *)g is valid;
 *   - a parked G is resumed by exactly one ready(g) for each park();
 *     the core guarantees it never readies a G that is not parked or about to
 *     be (the unlock function runs after the G is marked parked);
 *   - the stack of a parked G stays valid until it is readied: the core keeps
 *     waiter records (sudogs) on the parked goroutine's stack;
 *   - a backend thread whose work depends on elapsed time rather than on
 *     what the goroutines do (a sysmon, a preemption monitor) starts in a
 *     function named gr__monitor_<what>: grbench's instruction metric
 *     leaves exactly those functions out (callgrind --toggle-collect), so
 *     a count does not move with how slowly the program ran.
 *
 * Contexts used below:
 *   "G context"     — code running on a goroutine (current() != NULL);
 *   "any context"   — a goroutine, a timer callback run by the port, or a
 *                     backend thread; never a signal handler.
 */
#ifndef GR_CORE_PORT_H
#define GR_CORE_PORT_H

#include "gr.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct gr__theap; /* timerheap.h */

/* What a parked goroutine waits for, and what gr_dump and the deadlock
 * dump print for it (Go's waitReason strings): one table makes both the
 * enum and the text.  NONE = running or runnable; it must stay first (0). */
#define GR__WAIT_MAP(X)                         \
    X(NONE, "runnable")                         \
    X(CHAN_SEND, "chan send")                   \
    X(CHAN_RECV, "chan receive")                \
    X(SELECT, "select")                         \
    X(SELECT_NO_CASES, "select (no cases)")     \
    X(NIL_CHAN, "chan send/receive (nil chan)") \
    X(SLEEP, "sleep")                           \
    X(MUTEX, "mutex")                           \
    X(RWMUTEX_R, "rwmutex rlock")               \
    X(RWMUTEX_W, "rwmutex lock")                \
    X(WAITGROUP, "waitgroup")                   \
    X(COND, "cond")                             \
    X(ONCE, "once")                             \
    X(SYSCALL, "syscall")

typedef enum gr__wait {
#define GR__WAIT_ENUM(name, text) GR__WAIT_##name,
    GR__WAIT_MAP(GR__WAIT_ENUM)
#undef GR__WAIT_ENUM
        GR__WAIT_COUNT
} gr__wait;

const char *gr__wait_string(gr__wait w); /* "unknown" outside the table */

/* The core's part of a goroutine (Go's `g`, the fields chan.go uses). */
typedef struct gr_g {
    void (*start_fn)(void *); /* set by the port at spawn, for dumps */
    uint64_t id;              /* set by the port at spawn; main is 1 */
    /* Set by the core (gr__park) before park(); read by dumps on other
     * threads.  Relaxed atomics (gr__park / the dump): a dump is a
     * snapshot and needs no ordering, only untorn values. */
    _Atomic int wait_reason; /* gr__wait */
    const void *_Atomic wait_obj;
    _Atomic int64_t wait_since;
    /* Handoff from the waker to the woken G (chan.go's gp.param): the
     * waiter record that completed.  Written before ready(), read after
     * park() returns: ready()/park() order the two (release/acquire). */
    void *param;
    /* Select arbitration (chan.go's selectDone): the waker that wins the
     * CAS 0 -> 1 owns the wakeup; losers skip this G's other records.
     * acq_rel on the winning CAS, relaxed reset by the owner G. */
    _Atomic uint32_t select_done;
    /* Select's random state (runtime.h: gr__g_rand_n); owner G only;
     * 0 = not seeded yet, which is what the port's zeroing leaves. */
    uint64_t rand;
} gr_g;

/* Statistics a port may report (optional op; zero = unknown). */
typedef struct gr_port_stats {
    uint64_t switches; /* goroutine switches */
    uint64_t steals;   /* successful steals (work-stealing ports) */
    uint64_t handoffs; /* P hand-offs from syscalls */
    uint64_t spawns;   /* goroutines started */
    uint64_t threads;  /* OS threads created */
    uint64_t preempts; /* asynchronous preemptions taken (GR_FLAG_PREEMPT_ASYNC) */
} gr_port_stats;

/* The port.  All ops are mandatory unless marked optional. */
struct gr_port {
    const char *name; /* gr_backend_name() */
    /* The gr_config.flags bits this port implements (0: none).  gr_run
     * answers GR_ENOTSUP for any other known bit before calling init;
     * init reads the bits in effect from gr__rt.flags. */
    unsigned flags;

    /* init: called by gr_run on the caller's thread, once per gr_run, before
     * any other op.  procs >= 1 is resolved by the core; stack_size is the
     * user's value (0 = port default).  No locks held; may block; returns
     * GR_OK or GR_ENOMEM/GR_EINVAL, and on failure leaves nothing behind. */
    int (*init)(int procs, size_t stack_size);

    /* run_main: called by gr_run after init on the same thread.  Runs
     * fn(arg) as goroutine id 1 and returns GR_OK when it returns, or
     * GR_EDEADLK as soon as every goroutine is parked, no G is inside
     * syscall_enter/exit, and no timer is pending in any heap or firing.
     * On GR_EDEADLK the goroutines stay parked (each_g still lists them)
     * until shutdown.  No locks held; blocks the calling thread. */
    int (*run_main)(void (*fn)(void *), void *arg);

    /* shutdown: called by gr_run after run_main returned (and after the
     * core's leak or deadlock dump).  Stops worker threads.  Goroutines still
     * alive are leaked: they never run again and their memory may be kept,
     * but a following init() must work.  No locks held; may block. */
    void (*shutdown)(void);

    /* spawn: start fn(arg) as a new runnable goroutine.  G context or the
     * core's gr_run thread between init and run_main.  No core locks held.
     * Returns GR_OK or GR_ENOMEM (nothing started). */
    int (*spawn)(void (*fn)(void *), void *arg);

    /* current: the running goroutine, or NULL on a thread that is not
     * running a goroutine.  Any context; never blocks. */
    gr_g *(*current)(void);

    /* park: block the current G (G context) — Go's gopark.  The port marks
     * the G parked, switches away (or stops the thread), and THEN calls
     * unlockf(g, arg) from the scheduler side.  If unlockf returns false the
     * G is resumed at once and park returns (no ready needed).  Otherwise
     * park returns after a matching ready(g).  The caller may hold core
     * locks that unlockf releases; no other lock may be held. */
    void (*park)(bool (*unlockf)(gr_g *g, void *arg), void *arg);

    /* ready: make parked g runnable (goready).  Any context; never blocks
     * beyond the port's brief internal locks; may be called while holding
     * core locks (a channel lock, a sema bucket lock, a timer heap's lock is
     * NOT held).  Exactly once per park whose unlockf returned true. */
    void (*ready)(gr_g *g);

    /* yield: put the current G at the back of the run queue and run others
     * (Gosched).  G context; no locks held. */
    void (*yield)(void);

    /* timer_heap: the heap a new timer is added to (the current P's, or a
     * global one).  Any context; no locks held.  The returned heap lives
     * until shutdown. */
    struct gr__theap *(*timer_heap)(void);

    /* timer_kick: the earliest deadline of heap h became `when`; make sure
     * someone runs gr__theap_run(h, ...) at or after `when`.  Any context;
     * called with no locks held (h's lock has been released). */
    void (*timer_kick)(struct gr__theap *h, int64_t when);

    /* syscall_enter / syscall_exit: the current G (G context) is about to
     * make / has finished a blocking call.  M:N ports let other goroutines
     * run meanwhile.  No locks held.  Optional: NULL = no-op. */
    void (*syscall_enter)(void);
    void (*syscall_exit)(void);

    /* numgoroutine: live goroutines (main included while it runs).  Any
     * context.  An acquire of the exits it counts: a caller that sees a
     * goroutine's exit in the count also sees every write it made (the
     * conformance runner's leak check and tests rely on this, as goleak
     * relies on runtime.Stack). */
    long (*numgoroutine)(void);

    /* each_g: call fn on every live goroutine, the running ones included.
     * Any context, no locks held; the port holds its G-list lock during the
     * walk, so fn must not block or call into the port. */
    void (*each_g)(void (*fn)(gr_g *g, void *arg), void *arg);

    /* g_runnable: optional; true when g is queued to run (woken, not yet
     * resumed) rather than running on a thread or parked, so that a dump
     * can say [runnable] as Go's does.  Any context, takes no lock, may be called
     * from each_g's fn; a snapshot (relaxed).  NULL = dumps say [running]
     * for every goroutine that does not wait. */
    bool (*g_runnable)(gr_g *g);

    /* stats: optional; NULL = all zero.  Any context.  The core prints
     * them at the end of a run under GR_DEBUG=stats. */
    void (*stats)(gr_port_stats *out);
};

/* Defined by exactly one backend in each libgr.so.1. */
extern const struct gr_port gr__port;

/* The smallest goroutine stack gr__stack_round hands out (stack.c): a
 * gr_config.stack_size below it is rounded up to it. */
#define GR__STACK_MIN ((size_t)16 * 1024)

#endif /* GR_CORE_PORT_H */
