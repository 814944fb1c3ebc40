/*
 * uc.h — internal header of the ucontext backend (M:N, one global run
 * queue, swapcontext switching).  Shared by the backend's files only.
 *
 * Vocabulary (Go's runtime/proc.go):
 *   G  — a goroutine: struct uc_g, whose first member is the core's gr_g;
 *   M  — a worker OS thread: struct uc_m, with its scheduler context "g0"
 *        (the thread's own stack, running uc_schedule());
 *   P  — a token: the right to run user code.  There are `procs` tokens;
 *        S.nrunning counts the ones held.  An M runs goroutines only while it
 *        holds a token, which is how "at most procs goroutines run user code
 *        at once" holds even while extra Ms exist for syscall hand-off.
 *
 * Locks, in the only order they may nest:
 *   S.lock (the scheduler lock: run queue, idle Ms, tokens, counters,
 *           M states, the finish flag)
 *     -> S.theap.lock (the timer heap; taken inside S.lock only by the
 *           deadlock check and the idle path's gr__theap_next)
 *   G.lock (gtable.c: the list of live Gs, the free list) is a leaf: it is
 *   never held while taking another lock.
 *
 * Invariants:
 *   - every field of S marked "[S.lock]" is read and written only with
 *     S.lock held;
 *   - a G is in at most one of: the run queue, the free list, running on an
 *     M (m->curg), parked (owned by whatever core object will ready it), or
 *     in a syscall on an M;
 *   - per-M state is reached from goroutine code only through uc_getm()
 *     (noinline), and never reused across a switch point: a goroutine may
 *     resume on another M (the brief's TLS pitfall);
 *   - g0 never migrates: code on g0 may keep its `m` across a switch.
 */
#ifndef GR_UCONTEXT_UC_H
#define GR_UCONTEXT_UC_H

#include "list.h"
#include "lock.h"
#include "port.h"
#include "runtime.h"
#include "sanitizer.h"
#include "stack.h"
#include "timerheap.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <ucontext.h>

/* What g0 does for the G that just switched to it (uc_m.action). */
enum uc_action {
    UC_ACT_NONE = 0,
    UC_ACT_PARK,        /* run unlockf(g, arg); if false resume g at once */
    UC_ACT_YIELD,       /* put g at the tail of the run queue */
    UC_ACT_EXIT,        /* g returned from its function: free it */
    UC_ACT_SYSCALL_OUT, /* g left a syscall and found no free token: queue it */
    UC_ACT_ORPHAN,      /* the M was orphaned while in a syscall: end the thread */
};

/* G status, for dumps and assertions; written by the G's owner of the moment. */
enum uc_gstatus {
    UC_G_IDLE = 0, /* on the free list */
    UC_G_RUNNABLE,
    UC_G_RUNNING,
    UC_G_PARKED,
    UC_G_SYSCALL,
    UC_G_DEAD,
};

typedef struct uc_g {
    gr_g g; /* MUST be first: the core casts gr_g * <-> uc_g * */
    ucontext_t ctx;   /* saved context while not running */
    gr__stack stack;  /* mmap'd, guard page below; kept while on the free list */
    gr__san_ctx san;  /* ASan fake stack / TSan fiber of this G */
    void (*fn)(void *);
    void *arg;
    gr__link runlink;                /* on S.runq [S.lock] */
    struct uc_g *schednext;          /* free list link [glock] */
    struct uc_g *allnext, *allprev;  /* list of live Gs [G.lock] */
    int status;                      /* enum uc_gstatus */
    bool is_main;
    bool ctx_valid;                  /* ctx was filled once by getcontext/swapcontext */
    uint64_t gen;                    /* S.gen of the gr_run that spawned it */
} uc_g;

typedef struct uc_m {
    ucontext_t g0ctx;      /* the scheduler context of this thread */
    gr__san_ctx san0;      /* sanitizer state of g0 */
    uc_g *curg;            /* the G running on this M, or NULL on g0 */
    /* Set by the G right before switching to g0, consumed by g0. */
    int action;
    bool (*unlockf)(gr_g *, void *);
    void *unlock_arg;
    /* Idle parking: futex word, 0 = asleep, 1 = woken by someone who took
     * the M off the idle list.  Written under S.lock with release order,
     * read by the sleeper's futex_wait and by an acquire load. */
    _Atomic uint32_t wake;
    struct uc_m *idlenext;   /* idle list link [S.lock] */
    struct uc_m *allnext;    /* list of all Ms [S.lock] */
    int64_t sleep_until;     /* deadline of the timer sleeper [S.lock] */
    bool has_token;          /* holds a P token [S.lock] */
    bool in_syscall;         /* its G is between syscall_enter/exit [S.lock] */
    bool orphan;             /* left behind by shutdown in a syscall [S.lock] */
    bool started;            /* pthread_create succeeded [S.lock] */
    pthread_t tid;
    /* Statistics: single writer (this M's g0), relaxed stores and loads so
     * that stats() may read them from any thread without a data race. */
    _Atomic uint64_t nswitch;
} uc_m;

/* The scheduler: one per process, re-initialised by each init(). */
struct uc_sched {
    gr__lock lock;           /* never re-initialised: an orphan may still use it */
    gr__list runq;               /* global FIFO of uc_g.runlink [S.lock] */
    /* Queue length: written under S.lock, read without it by a spinning
     * M.  Relaxed: a spinner only uses it as a hint to take S.lock. */
    _Atomic long runq_len;
    int nspinning;               /* Ms spinning for work, 0 or 1 [S.lock] */
    uc_m *idle;                  /* idle Ms without a deadline (LIFO) [S.lock] */
    uc_m *timer_sleeper;         /* the one idle M sleeping until a timer [S.lock] */
    uc_m *allm;                  /* every M of this run [S.lock] */
    int procs;                   /* tokens; constant between init and shutdown */
    int nrunning;                /* tokens held [S.lock] */
    int nsyscall;                /* Gs inside syscall_enter/exit [S.lock] */
    int nm;                      /* Ms created [S.lock] */
    bool main_queued;            /* run_main queued the main G [S.lock] */
    bool done;                   /* run_main's result is decided [S.lock] */
    bool stopping;               /* shutdown: Ms end their loops [S.lock] */
    int result;                  /* GR_OK or GR_EDEADLK, valid once done */
    bool finished_set;           /* `finished` was set [S.lock] */
    /* run_main sleeps on this: 0 running, 1 done.  Release store after
     * `result` is written, acquire load by run_main. */
    _Atomic uint32_t finished;
    uint64_t gen;                /* incremented by each init() */
    size_t stack_size;           /* rounded, for every G of this run */

    /* Timers (timers.c): one global heap that an idle M sleeps on. */
    gr__theap theap;
    /* A lower bound of the heap's earliest deadline (INT64_MAX: empty), so
     * that a busy M checks timers with one load.  Relaxed: it is only a
     * hint that decides whether to take the heap's lock; the re-check
     * protocol in timers.c keeps it a lower bound. */
    _Atomic int64_t timer_hint;

    /* Statistics (relaxed counters: they are only reported). */
    _Atomic uint64_t nspawn, nthreads, nhandoff;
};
extern struct uc_sched uc_S;

/* ---- ctx.c: context switching ------------------------------------------ */
uc_m *uc_getm(void);                 /* this thread's M or NULL (noinline) */
void uc_setm(uc_m *m);
void uc_g0_init(uc_m *m);            /* on the M's thread, before its first switch */
int uc_g_make(uc_g *g);              /* prepare g->ctx to start g->fn on g->stack */
void uc_execute(uc_m *m, uc_g *g);   /* g0 -> g; returns when g switches back */
/* g -> g0 (G context), leaving `action` (and unlockf/arg for a park) to g0;
 * returns when g is resumed, possibly on another M. */
void uc_to_g0(uc_g *g, int action, bool (*unlockf)(gr_g *, void *), void *arg);
void uc_g_san_init(uc_g *g);
void uc_g_san_destroy(uc_g *g);

/* ---- sched.c: run queue, workers, idle Ms, tokens ---------------------- */
void uc_runq_put(uc_g *g);           /* S.lock held */
uc_g *uc_runq_get(void);             /* S.lock held */

/* The one answer to "is a goroutine waiting to run?" in this backend: the
 * global run queue is not empty.  Every decision that nothing else is
 * runnable (the M loop before it idles, the wakeup of an idle M, the
 * deadlock check) asks this, under S.lock, where the answer is exact. */
static inline bool uc_runq_nonempty_locked(void)
{
    return !gr__list_empty(&uc_S.runq);
}

/* The same question without the lock, for a spinning M: a hint (relaxed;
 * the decision is re-made with uc_runq_nonempty_locked under S.lock). */
static inline bool uc_runq_nonempty_hint(void)
{
    return atomic_load_explicit(&uc_S.runq_len, memory_order_relaxed) > 0;
}
void uc_wakep_locked(uc_m **wake, bool *newm); /* S.lock held; see sched.c */
void uc_wakep_finish(uc_m *wake, bool newm);   /* no lock held */
void uc_ready(gr_g *gg);
int uc_newm(bool with_token);        /* no lock held */
void uc_finish_locked(int result, bool *wake_main); /* S.lock held */
void uc_finish_wake(void);
void uc_schedule(uc_m *m);           /* g0's loop; returns when the M must end */

/* ---- timers.c ---------------------------------------------------------- */
void uc_timers_init(void);
void uc_timers_destroy(void);
void uc_timers_check(void);          /* any M, no lock: fire due timers */
struct gr__theap *uc_timer_heap(void);
void uc_timer_kick(struct gr__theap *h, int64_t when);

/* ---- syscall.c ----------------------------------------------------------- */
void uc_syscall_enter(void);
void uc_syscall_exit(void);

/* ---- gtable.c: live Gs, the free list, counts ------------------------- */
uc_g *uc_g_alloc(void (*fn)(void *), void *arg); /* NULL on ENOMEM; G.lock inside */
void uc_g_free(uc_g *g);             /* g0 of an M; g is dead */
void uc_gtable_reset(void);          /* init/shutdown: forget leaked Gs, drain free list */
long uc_numgoroutine(void);
void uc_each_g(void (*fn)(gr_g *, void *), void *arg);
void uc_stats(gr_port_stats *out);

#endif /* GR_UCONTEXT_UC_H */
