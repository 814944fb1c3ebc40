/*
 * ws.h — internal header of the ws backend: Go's G-M-P work-stealing
 * scheduler in C (README.md has the design essay).  Shared by the
 * backend's files only.
 *
 * Vocabulary (Go's runtime/runtime2.go):
 *   G — a goroutine: struct ws_g, first member the core's gr_g.  The ws_g
 *       lives at the top of its own stack mapping, so a G and its stack are
 *       one allocation, cached and reused together;
 *   M — a worker OS thread: struct ws_m, with its scheduler context g0 (the
 *       thread's own stack);
 *   P — a processor: struct ws_p, the right to run user code, with a local
 *       run queue, a runnext slot, a timer heap and caches.  There are
 *       exactly `procs` Ps; an M runs Gs only while it holds one.
 *
 * Locks, in the only order they may nest:
 *   S.lock (global run queue, idle Ps, idle Ms, timer sleeper, M list,
 *           the finish decision)
 *     -> a P's theap.lock (only through gr__theap_next/_idle)
 *   a P's lifolock (its LIFO; runq.c), S.gflock (global free Gs) and
 *   S.alllock (all Gs) are leaves: nothing is taken while one is held.
 *
 * Invariants:
 *   - per-M state is read from goroutine code only through ws_getm()
 *     (noinline, noipa) or from the value a switch returns, and never kept
 *     across a switch point: a goroutine may resume on another M;
 *   - g0 never migrates: code on g0 may keep its `m` across a switch;
 *   - every switch leaves an action in the M (m->act) that the side that
 *     resumes runs first (ws_post / g0_post), so park's unlockf runs only
 *     after the parked G's registers are saved;
 *   - a G is in at most one of: a P's local queues (runnext, the LIFO,
 *     the ring), the global queue, running on an M (m->curg), parked, in
 *     a syscall, on a free list;
 *   - "does this P have local work?" is asked only through runq.c
 *     (ws_runq_haslocal on the owner, ws_runqempty elsewhere), which
 *     counts all three local queues; nothing else reads their indices;
 *   - only the M that holds P may push to P's run queue, runnext, free-G
 *     cache and counters ("owner P only"); anyone may steal ("any P").
 */
#ifndef GR_WS_WS_H
#define GR_WS_WS_H

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
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) && !defined(__clang__)
#define WS_OPAQUE __attribute__((noinline, noipa))
#else
#define WS_OPAQUE __attribute__((noinline))
#endif
#define WS_CACHELINE 64

/* Spawn order.  Normally a spawn runs the child first (sched.c:
 * ws_spawn_switch): the parent resumes only when the child blocks or ends.
 * Under ThreadSanitizer that hides exactly the races the detector exists
 * to find: a child that runs to its end before its parent continues is
 * ordered before everything the parent does next (the parent's next
 * gr_wg_add acquires the child's gr_wg_done, and the parent then spawns
 * the next child), so two siblings that touch the same variable without
 * synchronisation are never concurrent in TSan's eyes
 * (suites/examples/race.c: 0 reports in 50 runs).  So a TSan build spawns
 * in Go's order instead: the child goes to runnext and the parent
 * continues, and idle Ms steal the queued children and run them alongside.
 * A constant, so the normal build compiles to the same code as before. */
#ifdef GR__TSAN
#define WS_CHILD_FIRST 0
#else
#define WS_CHILD_FIRST 1
#endif

/* ---- the context switch (switch_*.S, switch_ucontext.c, ctx.c) --------- */

#ifdef WS_SWITCH_ASM
typedef struct ws_ctx {
    void *sp; /* saved stack pointer; registers are pushed below it */
} ws_ctx;
/* Push the callee-saved registers, save SP in *save_sp, load new_sp, pop
 * and return `arg` on the other side (switch_<arch>.S). */
void *ws_switch(void **save_sp, void *new_sp, void *arg);
static inline void *ws_ctx_switch(ws_ctx *from, ws_ctx *to, void *arg)
{
    return ws_switch(&from->sp, to->sp, arg);
}
#else
#include <ucontext.h>
typedef struct ws_ctx {
    ucontext_t uc;
    bool valid;
} ws_ctx;
void *ws_ctx_switch(ws_ctx *from, ws_ctx *to, void *arg);
#endif

/* Prepare ctx to run ws_g_entry(m) on [lo, lo + size) at its first switch. */
int ws_ctx_make(ws_ctx *ctx, void *lo, size_t size);

/* ---- G, M, P ------------------------------------------------------------ */

enum ws_gstatus {
    WS_G_IDLE = 0, /* on a free list */
    WS_G_RUNNABLE,
    WS_G_RUNNING,
    WS_G_WAITING,
    WS_G_SYSCALL,
    WS_G_DEAD,
};

/* What the side that resumes after a switch does for the G that left. */
enum ws_action {
    WS_ACT_NONE = 0,
    WS_ACT_PARK,    /* run unlockf(g); false: resume g at once */
    WS_ACT_YIELD,   /* put g at the tail of the local run queue */
    WS_ACT_EXIT,    /* g returned: free it (its stack is idle now) */
    WS_ACT_REQUEUE, /* put g in runnext (park whose unlockf said false) */
    WS_ACT_SYSOUT,  /* g left a syscall and found no P: queue it (g0 only) */
    WS_ACT_DROP,    /* shutdown or orphan: g never runs again (g0 only) */
};

typedef struct ws_g {
    gr_g g;                 /* MUST be first: the core casts gr_g * <-> ws_g * */
    ws_ctx ctx;             /* saved context while not running */
    gr__san_ctx san;        /* ASan fake stack / TSan fiber */
    gr__stack stack;        /* the mapping this struct sits at the top of */
    void (*fn)(void *);
    void *arg;
    gr__link runlink;       /* on the global queue [S.lock] or a P's LIFO [lifolock] */
    struct ws_g *schedlink; /* free lists [owner P / S.gflock] */
    struct ws_g *allnext;   /* S.allg, append-only [S.alllock] */
    _Atomic int status;     /* enum ws_gstatus; relaxed: for dumps only */
    bool is_main;
    bool slab;              /* stack carved from a slab (stack_cache.c) */
    /* Set while g waits in the global queue after an asynchronous
     * preemption (preempt.c): its M sleeps inside g, and whoever picks g
     * hands its P to that M instead of running g itself [S.lock]. */
    struct ws_m *lockedm;
    uint64_t gen;           /* S.gen of the gr_run that started it */
} ws_g;

#define WS_GOID_BATCH 16 /* Go's _GoidCacheBatch */
#define WS_RUNQ 256 /* local run queue size: a power of two */

enum ws_pstatus { WS_P_IDLE = 0, WS_P_RUNNING, WS_P_SYSCALL, WS_P_DEAD };

typedef struct ws_p {
    /* Run queue (runq.c).  head: written by the owner and by thieves
     * (CAS); tail: written by the owner only. */
    _Atomic uint32_t runqhead;
    char pad0[WS_CACHELINE - sizeof(uint32_t)];
    _Atomic uint32_t runqtail;
    ws_g *_Atomic runnext;    /* owner sets; owner or thieves take (CAS) */
    _Atomic uint32_t schedtick; /* owner writes (relaxed); sysmon reads */
    /* Continuations displaced from runnext by a child-first spawn, newest
     * on top (runq.c: the LIFO); under lifolock; nlifo is also read
     * lock-free as a hint (relaxed). */
    gr__lock lifolock;
    gr__list lifo;        /* head = top, tail = bottom (ws_g.runlink) */
    _Atomic int32_t nlifo;
    _Atomic uint32_t preempt;   /* sysmon sets, owner clears (relaxed) */
    _Atomic int status;         /* enum ws_pstatus; see sysmon.c for the CAS protocol */
    _Atomic uint32_t syscalltick; /* owner bumps at syscall_enter (relaxed) */
    _Atomic int64_t syscallwhen;  /* gr__nanotime() at syscall_enter (relaxed) */
    int id;
    struct ws_m *m;             /* the M holding this P, or NULL */
    /* The same for sysmon, which reads it without a lock to signal the
     * M (release store in acquirep, NULL in pidleput; acquire load). */
    struct ws_m *_Atomic curm;
    struct ws_p *link;          /* S.pidle list [S.lock] */
    /* Goroutine ids handed out by this P: [goid_next, goid_end), taken
     * from the core in batches of WS_GOID_BATCH (owner only). */
    uint64_t goid_next, goid_end;
    /* Free Gs (stack_cache.c), owner only. */
    ws_g *gfree;
    int ngfree;
    /* Goroutines started minus goroutines ended on this P (owner only,
     * relaxed load+store: numgoroutine sums them). */
    _Atomic long ngo;
    /* Timers (timers.c). */
    gr__theap theap;
    _Atomic int64_t timer0; /* lower bound of theap's earliest deadline */
    /* sysmon's private notes. */
    uint32_t sm_tick;
    int64_t sm_when;
    int64_t sm_sig; /* when sysmon last sent this P's M a preemption signal */
    /* Statistics, owner only (relaxed load+store). */
    _Atomic uint64_t nswitch, nsteal, nspawn;
    char pad1[WS_CACHELINE];
    ws_g *_Atomic runq[WS_RUNQ]; /* slots: relaxed; published by runqtail */
} ws_p;

typedef struct ws_m {
    ws_ctx g0ctx;          /* the scheduler context of this thread */
    gr__san_ctx san0;
    ws_g *curg;            /* the G running on this M, NULL on g0 */
    ws_p *p;               /* the P held, or NULL (idle, in a syscall) */
    ws_p *nextp;           /* handed by startm [S.lock, then wake] */
    ws_p *oldp;            /* the P left in WS_P_SYSCALL by syscall_enter */
    bool spinning;         /* counted in S.nmspinning */
    bool in_syscall;       /* curg is between syscall_enter and _exit */
    /* The switch action (see enum ws_action), set by the leaving G. */
    int act;
    ws_g *act_g;
    bool (*unlockf)(gr_g *, void *);
    void *unlock_arg;
    /* Idle parking (sched.c): futex word, 0 = asleep, 1 = woken by
     * someone who took the M off S.midle.  Release store by the waker
     * under S.lock, acquire load by the sleeper. */
    _Atomic uint32_t wake;
    struct ws_m *idlenext;  /* S.midle [S.lock] */
    struct ws_m *allnext;   /* S.allm [S.lock] */
    int64_t deadline;       /* timer sleep deadline, -1: none [S.lock] */
    bool idle;              /* on S.midle [S.lock] */
    bool orphan;            /* left in a syscall by shutdown [S.lock] */
    bool preempt_wait;      /* sleeps inside its preempted curg for a P [S.lock] */
    struct ws_g *handoff;   /* a preempted G ws_leave picked: g0 gives it our P (M only) */
    pthread_t tid;
    pthread_t self;         /* pthread_self() of the M, set before it takes a P */
} ws_m;

struct ws_sched {
    gr__lock lock;             /* never re-initialised (orphans may take it) */
    /* Global run queue [lock]; runqsize is also read without the lock as
     * a hint (relaxed). */
    gr__list runq;            /* ws_g.runlink, FIFO */
    _Atomic int32_t runqsize;
    /* Idle Ps [lock]; npidle also read as a hint (seq_cst, see wakep). */
    ws_p *pidle;
    _Atomic int32_t npidle;
    /* Ms [lock] */
    ws_m *midle;
    int nmidle;
    ws_m *allm;
    ws_m *timer_m;             /* the idle M sleeping until the earliest timer */
    _Atomic int32_t nmspinning; /* seq_cst (the spinning protocol) */
    _Atomic int32_t nsyscall;   /* Gs in a syscall without a P again yet; seq_cst */
    int procs;
    ws_p **allp;
    /* The run's result [lock]. */
    bool started;              /* run_main queued the main G [lock] */
    bool done;
    int result;
    _Atomic uint32_t finished; /* futex: run_main waits; release after result */
    _Atomic bool stopping;     /* shutdown: release store, acquire loads */
    uint64_t gen;              /* bumped by each init */
    size_t stack_size;         /* rounded, for every G of this run */
    _Atomic long ngo_extra;    /* goroutines started/ended without a P (relaxed) */
    /* Free Gs shared between Ps [gflock]. */
    gr__lock gflock;
    ws_g *gfree;
    int ngfree;
    /* Every G struct ever made, append-only [alllock]. */
    gr__lock alllock;
    ws_g *allg;
    /* sysmon (sysmon.c). */
    pthread_t sysmon_tid;
    bool sysmon_started;
    _Atomic uint32_t sysmon_wake;  /* futex word: bumped to wake sysmon */
    _Atomic uint32_t sysmon_idle;  /* 1 while sysmon sleeps long (relaxed) */
    /* Statistics (relaxed). */
    _Atomic uint64_t nhandoff, nthreads, nspawn_extra, npreempt;
    /* Asynchronous preemption (preempt.c): on for this run; set by init
     * before any M or sysmon starts, read-only afterwards. */
    bool async_preempt;
};
extern struct ws_sched ws_S;

/* ---- ctx.c: TLS ---------------------------------------------------------- */
ws_m *ws_getm(void); /* this thread's M or NULL (noinline, noipa) */
void ws_setm(ws_m *m);
gr_g *ws_current(void); /* port op current (noinline, noipa) */
void ws_g_entry(ws_m *m) __attribute__((noreturn));

/* ---- runq.c --------------------------------------------------------------- */
void ws_runqput(ws_p *p, ws_g *g, bool next);     /* owner P only */
ws_g *ws_runqget(ws_p *p, bool *inherit);         /* owner P only */
ws_g *ws_ringget(ws_p *p);                        /* owner P only */
void ws_lifo_age(ws_p *p);                        /* owner P only */
void ws_midle_remove(ws_m *m);                    /* S.lock held: take m off the idle list */
ws_g *ws_runqsteal(ws_p *p, ws_p *p2, bool stealnext); /* owner of p; any p2 */
static inline bool ws_runq_haslocal(ws_p *p);    /* owner P only: runnext, LIFO or ring */
bool ws_runqempty(ws_p *p);                       /* any P: none of the three */
bool ws_runq_stealable(ws_p *p);                  /* any P */
void ws_globrunqput(ws_g *g);                     /* S.lock held */
ws_g *ws_globrunqget(ws_p *p, int max);           /* S.lock held, owner of p */

/* Owner P only: true when p has local work queued: a G in runnext, in
 * the LIFO, or in the ring.  This is the one answer to "is anything else
 * runnable on this P?" for the code that runs on it (ws_yield's shortcut;
 * pick_local takes from the same three places, in the order runnext,
 * LIFO, ring).  Only the owner adds to these queues, so "false" is exact
 * for the owner; a thief may empty one meanwhile, and then "true" is
 * stale, which only costs a trip through the scheduler.  Relaxed loads:
 * the owner wrote every value it can see last, thieves only remove.
 * (runq.c's predicate, defined here so that the yield path inlines it.) */
static inline bool ws_runq_haslocal(ws_p *p)
{
    return atomic_load_explicit(&p->runnext, memory_order_relaxed) != NULL ||
           atomic_load_explicit(&p->nlifo, memory_order_relaxed) != 0 ||
           atomic_load_explicit(&p->runqhead, memory_order_relaxed) !=
               atomic_load_explicit(&p->runqtail, memory_order_relaxed);
}

/* ---- sched.c ---------------------------------------------------------------- */
void ws_ready(gr_g *gg);
void ws_park(bool (*unlockf)(gr_g *, void *), void *arg);
void ws_yield(void);
void ws_wakep(void);
void ws_startm(ws_p *p, bool spinning);
int ws_newm(ws_p *p, bool spinning);
void ws_acquirep(ws_m *m, ws_p *p);
void ws_pidleput(ws_p *p);                 /* S.lock held */
ws_p *ws_pidleget(void);                   /* S.lock held */
void ws_finish_locked(int result, bool *wake); /* S.lock held */
void ws_finish_wake(void);
void ws_checkdead_locked(bool *wake);      /* S.lock held */
void ws_leave(ws_m *m, ws_g *self, int act) ; /* G context, m holds a P */
void ws_switch_to_g0(ws_m *m, ws_g *self, int act);
void ws_post(ws_m *m);                     /* G context, right after a switch */
void ws_spawn_switch(ws_m *m, ws_g *self, ws_g *child); /* G context */
void *ws_mstart(void *arg);

/* ---- stack_cache.c ------------------------------------------------------ */
ws_g *ws_galloc(ws_p *p, void (*fn)(void *), void *arg); /* owner of p (or NULL) */
void ws_gfput(ws_p *p, ws_g *g);           /* owner of p (or NULL) */
void ws_gcache_flush(ws_p *p);             /* shutdown: p's cache to global */
void ws_gcache_reset(size_t stack_size);   /* init: drop Gs of another size */
void ws_each_g(void (*fn)(gr_g *, void *), void *arg);
bool ws_g_runnable(gr_g *g);               /* port op g_runnable: any context */

/* ---- timers.c ----------------------------------------------------------- */
struct gr__theap *ws_timer_heap(void);
void ws_timer_kick(struct gr__theap *h, int64_t when);
void ws_timers_check_slow(ws_p *p, int64_t t0); /* see ws_timers_check */

/* Run p's due timers.  Owner of p.  Inline: every scheduling point calls
 * it, and with no timer it is one relaxed load (the hint p->timer0). */
static inline void ws_timers_check(ws_p *p)
{
    int64_t t0 = atomic_load_explicit(&p->timer0, memory_order_relaxed);
    if (t0 != INT64_MAX)
        ws_timers_check_slow(p, t0);
}
bool ws_timers_run_all(int64_t late);      /* any context: run heaps due `late` ns ago */
int64_t ws_timers_next_locked(void);       /* S.lock held: earliest deadline */
void ws_timer_wake_locked(int64_t when, ws_m **w, bool *spawn); /* S.lock held */

/* ---- preempt.c: asynchronous preemption ------------------------------- */
int ws_preempt_init(bool on);      /* init: GR_OK, or GR_ENOTSUP (see preempt.c) */
void ws_preempt_fini(void);        /* shutdown, after sysmon stopped */
void ws_preempt_signal(ws_p *p);   /* sysmon: interrupt p's G if async is on */
void ws_startlockedm(ws_m *m, ws_g *g); /* g0 of m holding a P: give it to g's M */
void ws_async_preempt(void);       /* the trampoline's C half (G context) */

/* ---- sysmon.c ----------------------------------------------------------- */
int ws_sysmon_start(void);
void ws_sysmon_stop(void);
void ws_syscall_enter(void);
void ws_syscall_exit(void);

static inline bool ws_stopping(void)
{
    /* acquire: pairs with shutdown's release store. */
    return atomic_load_explicit(&ws_S.stopping, memory_order_acquire);
}

/* Relaxed single-writer counter bump (owner-only statistics). */
static inline void ws_bump(_Atomic uint64_t *c)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

#endif /* GR_WS_WS_H */
