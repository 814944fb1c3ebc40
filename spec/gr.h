/*
 * gr.h — the gr ABI: Go's concurrency model for C11.
 *
 * This is the only public header of grbench.  Every backend (backends/<name>)
 * builds a libgr.so.1 that implements exactly this ABI, so a program linked
 * once against -lgr runs on any backend through the library path.
 *
 * Conventions (normative text in spec/SPEC.md, one clause per property):
 *   - every symbol is gr_*, every constant GR_*;
 *   - errors are negative errno values (libuv style); gr_strerror() names them;
 *   - a call that fails has no effect: nothing is sent, woken or queued;
 *   - misuse that Go turns into a panic returns an error, never aborts;
 *   - an int-returning call made outside gr_run() returns GR_EINVAL, other
 *     calls made outside gr_run() are no-ops returning 0/NULL/false;
 *   - sync types are caller-allocated, fixed-size, and all-zero storage is
 *     the valid initial state (Go's zero values): `gr_mutex mu = {0};`.
 *
 * Invariants of this header: it compiles alone with
 * `-std=c11 -Wall -Wextra -Werror -pedantic` (tested by suites/conformance),
 * and names are only ever added, never renamed: a program built against an
 * older gr.h keeps working with a newer libgr.so.1.
 */
#ifndef GR_H
#define GR_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(GR_BUILDING)
#define GR_EXTERN __attribute__((visibility("default")))
#else
#define GR_EXTERN
#endif

/* ======================================================================
 * Errors
 * ====================================================================== */

/* One table generates the enum and gr_strerror()'s text (libuv's UV_ERRNO_MAP). */
#define GR_ERRNO_MAP(XX)                                                              \
    XX(EAGAIN, -EAGAIN, "operation would block")                                      \
    XX(ECLOSED, -EPIPE, "channel is closed")                                          \
    XX(EINVAL, -EINVAL, "invalid argument")                                           \
    XX(EPERM, -EPERM, "unlock of an unlocked mutex")                                  \
    XX(ENOMEM, -ENOMEM, "out of memory")                                              \
    XX(ECANCELED, -ECANCELED, "context canceled")                                     \
    XX(ETIMEDOUT, -ETIMEDOUT, "context deadline exceeded")                            \
    XX(EDEADLK, -EDEADLK, "all goroutines are asleep - deadlock!")                    \
    XX(ENOTSUP, -ENOTSUP, "operation not supported by this backend")

typedef enum gr_errno {
    GR_OK = 0,
#define GR__ERRNO_ENUM(name, value, text) GR_##name = (value),
    GR_ERRNO_MAP(GR__ERRNO_ENUM)
#undef GR__ERRNO_ENUM
} gr_errno;

/* Text for any error code (GR_OK included); never NULL. */
GR_EXTERN const char *gr_strerror(int err);

/* ======================================================================
 * Runtime
 * ====================================================================== */

/* Flags for gr_config.flags.  gr_run returns GR_EINVAL for a bit not
 * listed here and GR_ENOTSUP for one the backend does not implement. */
enum {
    GR_FLAG_NONE = 0,
    /* Asynchronous preemption (Go 1.14's): a goroutine that runs longer
     * than the time slice without a runtime call is interrupted by a
     * signal at a safe point and the others run.  GR_DEBUG=asyncpreempt=0
     * turns it off and GR_DEBUG=asyncpreempt=1 on, whatever the flag says
     * (on a backend without it, =1 is ignored). */
    GR_FLAG_PREEMPT_ASYNC = 1u << 0
};

/* Zeroed = defaults: procs = gr_numcpu(), stack_size = backend default. */
typedef struct gr_config {
    int procs;         /* GOMAXPROCS; 0 = number of CPUs; < 0 is GR_EINVAL */
    size_t stack_size; /* goroutine stack bytes; 0 = default (M:N: 64 KiB) */
    unsigned flags;    /* GR_FLAG_* */
} gr_config;

/* Start the runtime, run main_fn(arg) as the main goroutine, and return once
 * it returns: GR_OK; GR_EDEADLK when every goroutine is asleep with no timer
 * pending (a goroutine dump goes to stderr); GR_EINVAL for a bad config or a
 * nested call; GR_ENOMEM.  A later gr_run() in the same process works. */
GR_EXTERN int gr_run(const gr_config *cfg, void (*main_fn)(void *), void *arg);

/* Start fn(arg) as a new goroutine.  GR_OK | GR_EINVAL (fn NULL, or outside
 * gr_run) | GR_ENOMEM.  On failure nothing was started. */
GR_EXTERN int gr_go(void (*fn)(void *), void *arg);

GR_EXTERN void gr_yield(void);            /* runtime.Gosched */
GR_EXTERN int gr_procs(void);             /* GOMAXPROCS in effect; GR_EINVAL outside gr_run */
GR_EXTERN int gr_numcpu(void);            /* CPUs usable by this process */
GR_EXTERN long gr_numgoroutine(void);     /* live goroutines, main included; 0 outside gr_run */
GR_EXTERN int64_t gr_now(void);           /* monotonic nanoseconds */
GR_EXTERN void gr_sleep(int64_t ns);      /* parks; ns <= 0 returns at once (after a yield) */
GR_EXTERN void gr_syscall_enter(void);    /* bracket a blocking call: M:N backends hand the P off */
GR_EXTERN void gr_syscall_exit(void);
GR_EXTERN const char *gr_backend_name(void); /* "pthread", "ucontext", "ws", ... */

/* Print every live goroutine (start function, what it is blocked on, for how
 * long, and the address of the object) to `out`, like a Go goroutine dump.
 * Works inside and outside gr_run (outside: prints nothing). */
GR_EXTERN void gr_dump(FILE *out);

/* ======================================================================
 * Channels
 * ====================================================================== */

/* Reference counted; gr_chan_make returns one reference.  NULL is Go's nil
 * channel: send/recv block forever, and in select it is never ready. */
typedef struct gr_chan gr_chan;

GR_EXTERN gr_chan *gr_chan_make(size_t elem_size, size_t cap); /* elem_size 0 = chan struct{}; NULL on ENOMEM/EINVAL */
GR_EXTERN gr_chan *gr_chan_retain(gr_chan *c);                 /* returns c; NULL-safe */
GR_EXTERN void gr_chan_release(gr_chan *c);                    /* NULL-safe */
GR_EXTERN int gr_chan_send(gr_chan *c, const void *elem);      /* GR_OK | GR_ECLOSED | GR_EINVAL */
GR_EXTERN int gr_chan_recv(gr_chan *c, void *elem, bool *ok);  /* elem, ok may be NULL */
GR_EXTERN int gr_chan_trysend(gr_chan *c, const void *elem);   /* GR_OK | GR_EAGAIN | GR_ECLOSED */
GR_EXTERN int gr_chan_tryrecv(gr_chan *c, void *elem, bool *ok); /* GR_OK | GR_EAGAIN */
GR_EXTERN int gr_chan_close(gr_chan *c);                       /* GR_OK | GR_ECLOSED | GR_EINVAL */
GR_EXTERN size_t gr_chan_len(gr_chan *c);                      /* 0 for NULL */
GR_EXTERN size_t gr_chan_cap(gr_chan *c);                      /* 0 for NULL */

/* ======================================================================
 * Select
 * ====================================================================== */

enum { GR_RECV = 1, GR_SEND = 2 };

/* One case: ch (NULL = never ready), dir GR_RECV or GR_SEND, elem (the
 * value to send, or where to receive; may be NULL for a receive), and ok
 * (set for the chosen receive case: false when the channel was closed). */
typedef struct gr_case {
    gr_chan *ch;
    int dir;
    void *elem;
    bool ok;
} gr_case;

/* Block until one case can proceed; return its index.  A chosen send case on
 * a closed channel returns GR_ECLOSED.  n == 0 (or all channels NULL) blocks
 * forever, like `select {}`.  GR_EINVAL for a bad dir or cases == NULL with n > 0. */
GR_EXTERN int gr_select(gr_case *cases, size_t n);
/* The same with a default case: GR_EAGAIN when no case is ready. */
GR_EXTERN int gr_select_try(gr_case *cases, size_t n);

/* ======================================================================
 * Timers
 * ====================================================================== */

typedef struct gr_timer gr_timer;
typedef struct gr_ticker gr_ticker;

/* A channel (cap 1, element int64_t = fire time on the gr_now() clock) that
 * receives once after ns.  The caller releases it. */
GR_EXTERN gr_chan *gr_after(int64_t ns);

GR_EXTERN gr_timer *gr_timer_new(int64_t ns);          /* fires once after ns (<= 0: at once) */
GR_EXTERN gr_chan *gr_timer_chan(gr_timer *t);         /* borrowed; valid until release */
GR_EXTERN bool gr_timer_stop(gr_timer *t);             /* true if it stopped a pending timer */
GR_EXTERN bool gr_timer_reset(gr_timer *t, int64_t ns); /* true if the timer had been pending */
GR_EXTERN void gr_timer_release(gr_timer *t);          /* stops it and drops the caller's reference */

GR_EXTERN gr_ticker *gr_ticker_new(int64_t period);   /* NULL when period <= 0 */
GR_EXTERN gr_chan *gr_ticker_chan(gr_ticker *t);      /* cap 1: ticks are dropped for a slow receiver */
GR_EXTERN void gr_ticker_stop(gr_ticker *t);
GR_EXTERN int gr_ticker_reset(gr_ticker *t, int64_t period); /* GR_OK | GR_EINVAL */
GR_EXTERN void gr_ticker_release(gr_ticker *t);

/* ======================================================================
 * Sync: WaitGroup, Mutex, RWMutex, Once, Cond
 *
 * Opaque, caller-allocated, all-zero = ready to use.  They park the
 * goroutine; they never block the OS thread of an M:N backend.  Do not copy
 * one after first use (as in Go).
 * ====================================================================== */

typedef struct gr_waitgroup { uint64_t opaque_[2]; } gr_waitgroup;
typedef struct gr_mutex { uint64_t opaque_[2]; } gr_mutex;
typedef struct gr_rwmutex { uint64_t opaque_[6]; } gr_rwmutex;
typedef struct gr_once { uint64_t opaque_[3]; } gr_once;
typedef struct gr_cond { uint64_t opaque_[3]; } gr_cond;

GR_EXTERN int gr_wg_add(gr_waitgroup *wg, long delta); /* GR_EINVAL if the counter would go negative (no change) */
GR_EXTERN int gr_wg_done(gr_waitgroup *wg);            /* gr_wg_add(wg, -1) */
GR_EXTERN void gr_wg_wait(gr_waitgroup *wg);

GR_EXTERN void gr_mutex_lock(gr_mutex *mu);   /* with Go's starvation mode: no waiter starves */
GR_EXTERN int gr_mutex_unlock(gr_mutex *mu);  /* GR_OK | GR_EPERM if unlocked | GR_EINVAL */
GR_EXTERN bool gr_mutex_trylock(gr_mutex *mu);

GR_EXTERN void gr_rwmutex_rlock(gr_rwmutex *rw);
GR_EXTERN int gr_rwmutex_runlock(gr_rwmutex *rw); /* GR_OK | GR_EPERM if not read-locked */
GR_EXTERN void gr_rwmutex_lock(gr_rwmutex *rw);   /* a pending writer blocks new readers */
GR_EXTERN int gr_rwmutex_unlock(gr_rwmutex *rw);  /* GR_OK | GR_EPERM if not write-locked */
GR_EXTERN bool gr_rwmutex_trylock(gr_rwmutex *rw);
GR_EXTERN bool gr_rwmutex_tryrlock(gr_rwmutex *rw);

GR_EXTERN void gr_once_do(gr_once *once, void (*fn)(void *), void *arg); /* later callers wait for the first */

GR_EXTERN void gr_cond_wait(gr_cond *c, gr_mutex *mu); /* mu must be held; re-held on return */
GR_EXTERN void gr_cond_signal(gr_cond *c);
GR_EXTERN void gr_cond_broadcast(gr_cond *c);

/* ======================================================================
 * Context
 * ====================================================================== */

/* Reference counted: every constructor returns one reference, and a child
 * holds a reference on its parent.  gr_ctx_cancel() is Go's CancelFunc;
 * gr_ctx_release() drops a reference, and the last one detaches the context
 * from its parent and frees it (Go's `defer cancel()` is cancel + release).
 * A goroutine that outlives the creator's reference takes its own with
 * gr_ctx_retain(). */
typedef struct gr_ctx gr_ctx;

GR_EXTERN gr_ctx *gr_ctx_background(void); /* never canceled; release is a no-op */
GR_EXTERN gr_ctx *gr_ctx_with_cancel(gr_ctx *parent);
GR_EXTERN gr_ctx *gr_ctx_with_timeout(gr_ctx *parent, int64_t ns);
GR_EXTERN gr_ctx *gr_ctx_with_deadline(gr_ctx *parent, int64_t deadline); /* gr_now() clock */
GR_EXTERN gr_ctx *gr_ctx_with_value(gr_ctx *parent, const void *key, void *val);
GR_EXTERN void gr_ctx_cancel(gr_ctx *ctx);                  /* idempotent; cancels all descendants */
GR_EXTERN void gr_ctx_cancel_cause(gr_ctx *ctx, int cause); /* the first cancel's cause wins */
GR_EXTERN gr_chan *gr_ctx_done(gr_ctx *ctx);    /* borrowed; NULL when it can never be canceled */
GR_EXTERN int gr_ctx_err(gr_ctx *ctx);          /* 0 | GR_ECANCELED | GR_ETIMEDOUT */
GR_EXTERN int gr_ctx_cause(gr_ctx *ctx);        /* the cause, else gr_ctx_err() */
GR_EXTERN bool gr_ctx_deadline(gr_ctx *ctx, int64_t *deadline);
GR_EXTERN void *gr_ctx_value(gr_ctx *ctx, const void *key);
GR_EXTERN gr_ctx *gr_ctx_retain(gr_ctx *ctx); /* returns ctx; NULL-safe */
GR_EXTERN void gr_ctx_release(gr_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* GR_H */
