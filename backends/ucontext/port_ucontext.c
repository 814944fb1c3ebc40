/*
 * port_ucontext.c — the ucontext backend's port table (port.h) and its
 * lifecycle ops: init, run_main, shutdown, spawn, current, park, ready,
 * yield.  M:N: `procs` worker threads share one global run queue and
 * switch goroutines with swapcontext (README.md has the design and costs).
 *
 * Files, one job each: sched.c (run queue, Ms, tokens, idle, deadlock),
 * ctx.c (the switch), timers.c (the global heap and its sleeper),
 * syscall.c (token hand-off), gtable.c (live/free Gs, counts, stats).
 *
 * Invariants:
 *   - init() leaves S with no runnable G and `procs` Ms that go idle;
 *     run_main() queues the main G and sleeps on S.finished until the main
 *     G returned (GR_OK) or the deadlock check fired (GR_EDEADLK), and no M
 *     holds a token any more (the world is stopped);
 *   - shutdown() stops and joins every M except the ones orphaned in a
 *     syscall, then forgets leaked Gs; S.lock is never re-initialised, so
 *     a late orphan may still take it;
 *   - park's unlockf runs on g0 after the G's context is saved (uc_run in
 *     sched.c), so a waker can never resume a half-saved G.
 */
#include "uc.h"

#include <stdlib.h>
#include <string.h>

#define S uc_S

struct uc_sched uc_S = {.lock = GR__LOCK_INIT};

#define UC_DEFAULT_STACK ((size_t)64 * 1024)

static void uc_shutdown(void);

/* Port op init.  The gr_run thread; no lock held; may block. */
static int uc_init(int procs, size_t stack_size)
{
    gr__lock_acquire(&S.lock);
    S.runq = (gr__list){0};
    atomic_store_explicit(&S.runq_len, 0, memory_order_relaxed); /* relaxed: under S.lock */
    S.nspinning = 0;
    S.idle = S.timer_sleeper = NULL;
    S.allm = NULL;
    S.procs = procs;
    S.nrunning = 0;
    S.nsyscall = 0;
    S.nm = 0;
    S.main_queued = false;
    S.done = false;
    S.stopping = false;
    S.result = GR_OK;
    S.finished_set = false;
    S.gen++;
    S.stack_size = gr__stack_round(stack_size ? stack_size : UC_DEFAULT_STACK);
    /* relaxed: no worker exists yet; pthread_create publishes it. */
    atomic_store_explicit(&S.finished, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nspawn, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nthreads, 0, memory_order_relaxed);
    atomic_store_explicit(&S.nhandoff, 0, memory_order_relaxed);
    gr__lock_release(&S.lock);

    uc_timers_init();
    gr__stack_guard_install();
    for (int i = 0; i < procs; i++) {
        if (uc_newm(false) != GR_OK) {
            uc_shutdown();
            return GR_ENOMEM;
        }
    }
    return GR_OK;
}

/* Port op spawn.  G context, or the gr_run thread between init and
 * run_main; no lock held. */
static int uc_spawn(void (*fn)(void *), void *arg)
{
    uc_g *g = uc_g_alloc(fn, arg);
    if (!g)
        return GR_ENOMEM;
    g->g.id = gr__goid();
    /* relaxed: a statistic. */
    atomic_fetch_add_explicit(&S.nspawn, 1, memory_order_relaxed);
    uc_m *w;
    bool nm;
    gr__lock_acquire(&S.lock);
    uc_runq_put(g);
    uc_wakep_locked(&w, &nm);
    gr__lock_release(&S.lock);
    uc_wakep_finish(w, nm);
    return GR_OK;
}

/* Port op run_main.  The gr_run thread (not an M); no lock held; blocks. */
static int uc_run_main(void (*fn)(void *), void *arg)
{
    uc_g *g = uc_g_alloc(fn, arg);
    if (!g)
        return GR_ENOMEM;
    g->g.id = gr__goid(); /* 1: gr_run restarts the ids before init */
    g->is_main = true;
    atomic_fetch_add_explicit(&S.nspawn, 1, memory_order_relaxed); /* relaxed: statistic */
    uc_m *w;
    bool nm;
    gr__lock_acquire(&S.lock);
    uc_runq_put(g);
    S.main_queued = true; /* from now on an empty world is a deadlock */
    uc_wakep_locked(&w, &nm);
    gr__lock_release(&S.lock);
    uc_wakep_finish(w, nm);

    /* acquire: pairs with uc_finish_locked's release; S.result is then
     * visible. */
    while (atomic_load_explicit(&S.finished, memory_order_acquire) == 0)
        gr__futex_wait(&S.finished, 0, -1);
    return S.result;
}

/* Port op shutdown.  The gr_run thread; no lock held; blocks until every
 * M that can stop has stopped. */
static void uc_shutdown(void)
{
    gr__lock_acquire(&S.lock);
    S.stopping = true;
    for (uc_m *m = S.allm; m; m = m->allnext) {
        if (m->in_syscall)
            m->orphan = true;
        /* release: a sleeper's acquire load sees the lists it left. */
        atomic_store_explicit(&m->wake, 1, memory_order_release);
    }
    S.idle = S.timer_sleeper = NULL;
    uc_m *all = S.allm;
    S.allm = NULL;
    gr__lock_release(&S.lock);

    /* No new M can appear (uc_newm checks S.stopping under S.lock). */
    for (uc_m *m = all, *next; m; m = next) {
        next = m->allnext;
        if (m->orphan) {
            /* Its G is blocked in the kernel: leave the thread (and its M)
             * behind; it ends on g0 when the call returns (syscall.c). */
            pthread_detach(m->tid);
            continue;
        }
        gr__futex_wake(&m->wake, 1);
        pthread_join(m->tid, NULL);
        free(m);
    }
    uc_timers_destroy();
    uc_gtable_reset();
}

/* Port op current.  Any context. */
static gr_g *uc_current(void)
{
    uc_m *m = uc_getm();
    return m && m->curg ? &m->curg->g : NULL;
}

/* Port op park.  G context; the caller may hold core locks that unlockf
 * releases on g0. */
static void uc_park(bool (*unlockf)(gr_g *, void *), void *arg)
{
    uc_m *m = uc_getm(); /* read once; not used after the switch */
    uc_to_g0(m->curg, UC_ACT_PARK, unlockf, arg);
}

/* Port op yield.  G context; no lock held. */
static void uc_yield(void)
{
    uc_m *m = uc_getm();
    if (!m || !m->curg)
        return;
    uc_to_g0(m->curg, UC_ACT_YIELD, NULL, NULL);
}

const struct gr_port gr__port = {
    .name = "ucontext",
    .init = uc_init,
    .run_main = uc_run_main,
    .shutdown = uc_shutdown,
    .spawn = uc_spawn,
    .current = uc_current,
    .park = uc_park,
    .ready = uc_ready,
    .yield = uc_yield,
    .timer_heap = uc_timer_heap,
    .timer_kick = uc_timer_kick,
    .syscall_enter = uc_syscall_enter,
    .syscall_exit = uc_syscall_exit,
    .numgoroutine = uc_numgoroutine,
    .each_g = uc_each_g,
    .stats = uc_stats,
};
