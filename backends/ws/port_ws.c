/*
 * port_ws.c — the ws backend's port table (port.h) and its life-cycle
 * ops: init, run_main, shutdown, spawn, current, numgoroutine, stats.
 *
 * Files, one job each: runq.c (the run queues), sched.c (switching,
 * park/ready/yield, the M loop, stealing, idling, the deadlock check),
 * ctx.c + switch_<arch>.S | switch_ucontext.c (the context switch, TLS),
 * stack_cache.c (Gs, stacks, caches), timers.c (per-P heaps), sysmon.c
 * (the monitor thread and syscalls).  README.md has the design.
 *
 * Invariants:
 *   - init() leaves every P idle, no M, sysmon running; run_main() queues
 *     the main G globally and starts one M; Ms are created on demand
 *     (startm) and never exceed procs + the Ms stuck in syscalls;
 *   - shutdown() sets S.stopping, stops sysmon, wakes and joins every M
 *     (a G still running when asked stops at its next scheduling point;
 *     Ms in syscalls are orphaned and end when the call returns), then
 *     keeps free Gs for the next run; Gs alive at shutdown are leaked:
 *     their gen no longer matches, so ready() ignores them forever;
 *   - S.lock is never re-initialised (an orphan may still take it).
 */
#include "ws.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S ws_S

struct ws_sched ws_S = {.lock = GR__LOCK_INIT, .gflock = GR__LOCK_INIT, .alllock = GR__LOCK_INIT};

#define WS_DEFAULT_STACK ((size_t)64 * 1024)

static void free_ps(void)
{
    if (!S.allp)
        return;
    for (int i = 0; i < S.procs; i++) {
        if (S.allp[i]) {
            ws_gcache_flush(S.allp[i]);
            gr__theap_destroy(&S.allp[i]->theap);
            free(S.allp[i]);
        }
    }
    free(S.allp);
    S.allp = NULL;
}

/* Port op init.  The gr_run thread; no lock held. */
static int ws_init(int procs, size_t stack_size)
{
    gr__lock_acquire(&S.lock);
    S.gen++;
    S.procs = procs;
    S.stack_size = gr__stack_round(stack_size ? stack_size : WS_DEFAULT_STACK);
    S.runq = (gr__list){0};
    S.pidle = NULL;
    S.midle = NULL;
    S.nmidle = 0;
    S.allm = NULL;
    S.timer_m = NULL;
    S.started = false;
    S.done = false;
    S.result = GR_OK;
    /* relaxed: no M or sysmon exists yet; pthread_create publishes. */
    atomic_store_explicit(&S.runqsize, 0, memory_order_relaxed);
    atomic_store_explicit(&S.npidle, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nmspinning, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nsyscall, 0, memory_order_relaxed);
    atomic_store_explicit(&S.finished, 0, memory_order_relaxed);
    atomic_store_explicit(&S.stopping, false, memory_order_relaxed);
    atomic_store_explicit(&S.ngo_extra, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nhandoff, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nthreads, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nspawn_extra, 0, memory_order_relaxed);
    atomic_store_explicit(&S.npreempt, 0, memory_order_relaxed);
    gr__lock_release(&S.lock);

    ws_gcache_reset(S.stack_size);
    S.allp = calloc((size_t)procs, sizeof *S.allp);
    if (!S.allp)
        return GR_ENOMEM;
    size_t psz = (sizeof(ws_p) + WS_CACHELINE - 1) & ~(size_t)(WS_CACHELINE - 1);
    for (int i = 0; i < procs; i++) {
        ws_p *p = aligned_alloc(WS_CACHELINE, psz);
        if (!p) {
            free_ps();
            return GR_ENOMEM;
        }
        memset(p, 0, psz);
        p->id = i;
        gr__theap_init(&p->theap);
        atomic_store_explicit(&p->timer0, INT64_MAX, memory_order_relaxed);
        S.allp[i] = p;
    }
    gr__lock_acquire(&S.lock);
    for (int i = procs - 1; i >= 0; i--)
        ws_pidleput(S.allp[i]);
    gr__lock_release(&S.lock);
    gr__stack_guard_install();
    int prc = ws_preempt_init((gr__rt.flags & GR_FLAG_PREEMPT_ASYNC) != 0);
    if (prc != GR_OK) {
        free_ps();
        return prc;
    }
    if (ws_sysmon_start() != GR_OK) {
        free_ps();
        return GR_ENOMEM;
    }
    return GR_OK;
}

/* Port op run_main.  The gr_run thread (not an M); blocks. */
static int ws_run_main(void (*fn)(void *), void *arg)
{
    ws_g *g = ws_galloc(NULL, fn, arg);
    if (!g)
        return GR_ENOMEM;
    g->g.id = gr__goid(); /* 1: gr_run restarts ids before init */
    g->is_main = true;
    atomic_fetch_add_explicit(&S.ngo_extra, 1, memory_order_relaxed); /* relaxed: a count */
    atomic_fetch_add_explicit(&S.nspawn_extra, 1, memory_order_relaxed);
    gr__lock_acquire(&S.lock);
    ws_globrunqput(g);
    S.started = true; /* the deadlock check may run from now on */
    gr__lock_release(&S.lock);
    ws_startm(NULL, false);
    /* acquire: pairs with ws_finish_locked's release. */
    while (atomic_load_explicit(&S.finished, memory_order_acquire) == 0)
        gr__futex_wait(&S.finished, 0, -1);
    return S.result;
}

/* Port op shutdown.  The gr_run thread. */
static void ws_shutdown(void)
{
    gr__lock_acquire(&S.lock);
    /* release: Ms that see it also see everything before. */
    atomic_store_explicit(&S.stopping, true, memory_order_release);
    ws_m *all = S.allm;
    for (ws_m *m = all; m; m = m->allnext) {
        if (m->in_syscall || m->preempt_wait) /* blocked inside a G: never joined */
            m->orphan = true;
        m->idle = false;
        m->idlenext = NULL;
        atomic_store_explicit(&m->wake, 1, memory_order_release); /* release: as mwake */
    }
    S.midle = NULL;
    S.nmidle = 0;
    S.timer_m = NULL;
    S.allm = NULL;
    for (int i = 0; i < S.procs; i++) /* release: syscall exits see stopping */
        atomic_store_explicit(&S.allp[i]->status, WS_P_DEAD, memory_order_release);
    gr__lock_release(&S.lock);
    ws_sysmon_stop();
    ws_preempt_fini();

    bool leak = false;
    for (ws_m *m = all, *next; m; m = next) {
        next = m->allnext;
        gr__futex_wake(&m->wake, 1);
        if (m->orphan) {
            pthread_detach(m->tid); /* ends when its syscall returns */
            leak = true;
            continue;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 2;
        if (pthread_timedjoin_np(m->tid, NULL, &ts) != 0) {
            /* A G that never reaches a scheduling point (or a blocking
             * call without gr_syscall_enter): leave its M behind. */
            pthread_detach(m->tid);
            leak = true;
            continue;
        }
        free(m);
    }
    if (leak) {
        /* Ps stay allocated: an orphan may still look at its old P. */
        for (int i = 0; i < S.procs; i++)
            gr__theap_destroy(&S.allp[i]->theap);
        S.allp = NULL;
    } else {
        free_ps();
    }
}

/* A fresh goroutine id from p's batch (owner of p). */
static uint64_t p_goid(ws_p *p)
{
    if (p->goid_next == p->goid_end) {
        p->goid_next = gr__goid_batch(WS_GOID_BATCH);
        p->goid_end = p->goid_next + WS_GOID_BATCH;
    }
    return p->goid_next++;
}

/* Port op spawn.  G context, or the gr_run thread before run_main. */
static int ws_spawn(void (*fn)(void *), void *arg)
{
    ws_m *m = ws_getm();
    ws_p *p = m && !m->in_syscall ? m->p : NULL;
    ws_g *g = ws_galloc(p, fn, arg);
    if (!g)
        return GR_ENOMEM;
    g->g.id = p ? p_goid(p) : gr__goid();
    if (p) {
        /* relaxed load+store: owner only. */
        atomic_store_explicit(&p->ngo, atomic_load_explicit(&p->ngo, memory_order_relaxed) + 1,
                              memory_order_relaxed);
        ws_bump(&p->nspawn);
        /* Child first (sched.c: ws_spawn_switch), except under TSan (ws.h). */
        if (WS_CHILD_FIRST && m->curg && !ws_stopping()) {
            atomic_store_explicit(&g->status, WS_G_RUNNABLE, memory_order_relaxed);
            ws_wakep();
            ws_spawn_switch(m, m->curg, g);
            return GR_OK;
        }
        ws_runqput(p, g, true);
    } else {
        atomic_fetch_add_explicit(&S.ngo_extra, 1, memory_order_relaxed); /* relaxed: a count */
        atomic_fetch_add_explicit(&S.nspawn_extra, 1, memory_order_relaxed);
        gr__lock_acquire(&S.lock);
        ws_globrunqput(g);
        gr__lock_release(&S.lock);
    }
    ws_wakep();
    /* A preemption point (sysmon's flag). */
    if (p && m->curg && atomic_load_explicit(&p->preempt, memory_order_relaxed))
        ws_yield();
    return GR_OK;
}

/* Port op numgoroutine.  Any context (a snapshot). */
static long ws_numgoroutine(void)
{
    /* acquire: pairs with post_exit's release (port.h, numgoroutine). */
    long n = atomic_load_explicit(&S.ngo_extra, memory_order_acquire);
    if (!S.allp)
        return 0;
    for (int i = 0; i < S.procs; i++)
        n += atomic_load_explicit(&S.allp[i]->ngo, memory_order_acquire);
    return n;
}

/* Port op stats.  Any context. */
static void ws_stats(gr_port_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!S.allp)
        return;
    /* relaxed: statistics. */
    for (int i = 0; i < S.procs; i++) {
        out->switches += atomic_load_explicit(&S.allp[i]->nswitch, memory_order_relaxed);
        out->steals += atomic_load_explicit(&S.allp[i]->nsteal, memory_order_relaxed);
        out->spawns += atomic_load_explicit(&S.allp[i]->nspawn, memory_order_relaxed);
    }
    out->spawns += atomic_load_explicit(&S.nspawn_extra, memory_order_relaxed);
    out->handoffs = atomic_load_explicit(&S.nhandoff, memory_order_relaxed);
    out->threads = atomic_load_explicit(&S.nthreads, memory_order_relaxed);
    out->preempts = atomic_load_explicit(&S.npreempt, memory_order_relaxed);
}

const struct gr_port gr__port = {
    .name = "ws",
#if (defined(__x86_64__) || defined(__aarch64__)) && defined(WS_SWITCH_ASM) && !defined(GR__TSAN)
    .flags = GR_FLAG_PREEMPT_ASYNC, /* preempt.c */
#endif
    .init = ws_init,
    .run_main = ws_run_main,
    .shutdown = ws_shutdown,
    .spawn = ws_spawn,
    .current = ws_current,
    .park = ws_park,
    .ready = ws_ready,
    .yield = ws_yield,
    .timer_heap = ws_timer_heap,
    .timer_kick = ws_timer_kick,
    .syscall_enter = ws_syscall_enter,
    .syscall_exit = ws_syscall_exit,
    .numgoroutine = ws_numgoroutine,
    .each_g = ws_each_g,
    .g_runnable = ws_g_runnable,
    .stats = ws_stats,
};
