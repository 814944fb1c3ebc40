/*
 * sched.c — the ws scheduler: switching between goroutines, park/ready/
 * yield, the M loop on g0 (findrunnable, stealing, spinning, idling),
 * handing Ps to Ms, and the deadlock check.
 *
 * Design (Go's runtime/proc.go, with one change of shape):
 *
 *   Go always switches G -> g0 -> G': park calls mcall(park_m), which runs
 *   unlockf and schedule() on the M's g0 stack.  ws switches G -> G'
 *   directly whenever the P's own queues (runnext, the LIFO, the ring) or
 *   the global queue have work, and only falls back to g0 when they are
 *   empty (then g0 steals, spins or sleeps).  The work that must happen after the old
 *   G's registers are saved — park's unlockf, queueing a yielded G, freeing
 *   a dead one — is left in the M as an "action" that the side that resumes
 *   runs first (ws_post on a G, g0_post on g0).  A ping-pong therefore costs
 *   one switch per hand-off instead of two.
 *
 *   Wakeups follow Go's spinning protocol: whoever makes a G runnable calls
 *   wakep(), which starts one spinning M if there is an idle P and nobody
 *   spins yet; a spinning M that finds work stops spinning and, if it was
 *   the last spinner, calls wakep() again, so work spreads one M at a time;
 *   an M gives up only after (1) releasing its P, (2) decrementing
 *   nmspinning, (3) re-checking every P's queue.  At most half of the busy
 *   Ps' worth of Ms spin at once (2*nmspinning < procs - npidle).
 *
 *   Liveness never depends on a wakeup: a G in a P's local queue is run by
 *   that P's M at its next scheduling point, or by the M that sysmon hands
 *   the P to; the global queue is re-checked under S.lock before an M
 *   releases its P.  Lost wakeups (the documented store-load window of
 *   Go's runqput/wakep) only cost parallelism.
 *
 * Deadlock check (Go's checkdead, made exact): under S.lock, every P idle,
 * no G in a syscall, the global and all local queues empty, and every
 * timer heap idle (nothing pending, nothing firing).  A G becomes runnable
 * only through a running G (which holds a P), a syscall (counted), or a
 * timer (pending or firing), so once those hold nothing can run again.
 * The M that idles last runs it, and sysmon runs it too.
 *
 * Invariants:
 *   - m->act is NONE whenever a G runs user code;
 *   - the P of an M that switches G -> G' stays with that M (the switch
 *     happens on one thread), so ws_post may use m->p;
 *   - g->status is only for dumps and each_g (relaxed).
 */
#include "ws.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S ws_S

/* ---- Ps and Ms ------------------------------------------------------------ */

void ws_acquirep(ws_m *m, ws_p *p)
{
    m->p = p;
    p->m = m;
    /* release: sysmon's acquire load of curm then sees m->self. */
    atomic_store_explicit(&p->curm, m, memory_order_release);
    /* release: status is read lock-free by sysmon. */
    atomic_store_explicit(&p->status, WS_P_RUNNING, memory_order_release);
}

/* S.lock held. */
void ws_pidleput(ws_p *p)
{
    p->m = NULL;
    atomic_store_explicit(&p->curm, NULL, memory_order_relaxed); /* relaxed: a hint for sysmon */
    /* release: sysmon reads it without the lock. */
    atomic_store_explicit(&p->status, WS_P_IDLE, memory_order_release);
    p->link = S.pidle;
    S.pidle = p;
    /* seq_cst: wakep's check (see the header comment). */
    atomic_store_explicit(&S.npidle, atomic_load_explicit(&S.npidle, memory_order_relaxed) + 1,
                          memory_order_seq_cst);
}

/* S.lock held. */
ws_p *ws_pidleget(void)
{
    ws_p *p = S.pidle;
    if (!p)
        return NULL;
    S.pidle = p->link;
    p->link = NULL;
    /* seq_cst: as pidleput. */
    atomic_store_explicit(&S.npidle, atomic_load_explicit(&S.npidle, memory_order_relaxed) - 1,
                          memory_order_seq_cst);
    return p;
}

/* Take m off the idle list.  S.lock held. */
void ws_midle_remove(ws_m *m)
{
    for (ws_m **pp = &S.midle; *pp; pp = &(*pp)->idlenext) {
        if (*pp == m) {
            *pp = m->idlenext;
            S.nmidle--;
            break;
        }
    }
    m->idlenext = NULL;
    m->idle = false;
    if (S.timer_m == m)
        S.timer_m = NULL;
}

/* Wake idle m with P p (maybe NULL).  S.lock held; the caller futex-wakes
 * m->wake after unlocking. */
static void mwake_locked(ws_m *m, ws_p *p, bool spinning)
{
    ws_midle_remove(m);
    m->nextp = p;
    m->spinning = spinning;
    /* release: the sleeper's acquire load sees nextp and spinning. */
    atomic_store_explicit(&m->wake, 1, memory_order_release);
}

/* Run some M on P p (an idle P when p == NULL).  spinning: the caller
 * already counted one in S.nmspinning for it.  Any context, no lock held. */
void ws_startm(ws_p *p, bool spinning)
{
    gr__lock_acquire(&S.lock);
    if (ws_stopping()) {
        if (p)
            ws_pidleput(p);
        gr__lock_release(&S.lock);
        if (spinning) /* seq_cst: the spinning protocol */
            atomic_fetch_sub_explicit(&S.nmspinning, 1, memory_order_seq_cst);
        return;
    }
    if (!p) {
        p = ws_pidleget();
        if (!p) {
            gr__lock_release(&S.lock);
            if (spinning)
                atomic_fetch_sub_explicit(&S.nmspinning, 1, memory_order_seq_cst);
            return;
        }
    }
    ws_m *m = S.midle;
    if (m) {
        mwake_locked(m, p, spinning);
        gr__lock_release(&S.lock);
        gr__futex_wake(&m->wake, 1);
        return;
    }
    gr__lock_release(&S.lock);
    if (ws_newm(p, spinning) != GR_OK) {
        gr__lock_acquire(&S.lock);
        ws_pidleput(p);
        gr__lock_release(&S.lock);
        if (spinning)
            atomic_fetch_sub_explicit(&S.nmspinning, 1, memory_order_seq_cst);
    }
}

/* Start one spinning M if a P is idle and nobody spins.  Any context. */
void ws_wakep(void)
{
    /* seq_cst loads and CAS: the spinning protocol (header comment). */
    if (atomic_load_explicit(&S.npidle, memory_order_seq_cst) == 0)
        return;
    if (atomic_load_explicit(&S.nmspinning, memory_order_seq_cst) != 0)
        return;
    int32_t zero = 0;
    if (!atomic_compare_exchange_strong_explicit(&S.nmspinning, &zero, 1, memory_order_seq_cst,
                                                 memory_order_relaxed))
        return;
    ws_startm(NULL, true);
}

/* A spinning M found work: stop spinning; the last spinner wakes another. */
static void resetspinning(ws_m *m)
{
    m->spinning = false;
    /* seq_cst: the spinning protocol. */
    if (atomic_fetch_sub_explicit(&S.nmspinning, 1, memory_order_seq_cst) == 1)
        ws_wakep();
}

/* Create an M (thread) that starts with P p (may be NULL).  Any context,
 * no lock held.  GR_OK or GR_ENOMEM (nothing started). */
int ws_newm(ws_p *p, bool spinning)
{
    ws_m *m = calloc(1, sizeof *m);
    if (!m)
        return GR_ENOMEM;
    m->nextp = p;
    m->spinning = spinning;
    m->deadline = -1;
    gr__lock_acquire(&S.lock);
    if (ws_stopping()) {
        gr__lock_release(&S.lock);
        free(m);
        return GR_ENOMEM;
    }
    pthread_attr_t a;
    pthread_attr_init(&a);
    /* g0 runs only the scheduler and timer callbacks. */
    pthread_attr_setstacksize(&a, 256 * 1024);
    int rc = pthread_create(&m->tid, &a, ws_mstart, m);
    pthread_attr_destroy(&a);
    if (rc != 0) {
        gr__lock_release(&S.lock);
        free(m);
        return GR_ENOMEM;
    }
    m->allnext = S.allm;
    S.allm = m;
    gr__lock_release(&S.lock);
    atomic_fetch_add_explicit(&S.nthreads, 1, memory_order_relaxed); /* relaxed: statistic */
    return GR_OK;
}

/* ---- the run's end and the deadlock check ---------------------------------- */

void ws_finish_locked(int result, bool *wake)
{
    if (S.done)
        return;
    S.done = true;
    S.result = result;
    /* release: run_main's acquire load then sees `result`. */
    atomic_store_explicit(&S.finished, 1, memory_order_release);
    *wake = true;
}

void ws_finish_wake(void)
{
    gr__futex_wake(&S.finished, 1);
}

/* S.lock held (the header comment has the argument). */
void ws_checkdead_locked(bool *wake)
{
    if (!S.started || S.done || ws_stopping())
        return;
    /* seq_cst loads: paired with the counters' seq_cst updates. */
    if (atomic_load_explicit(&S.npidle, memory_order_seq_cst) != S.procs)
        return;
    if (atomic_load_explicit(&S.nsyscall, memory_order_seq_cst) != 0)
        return;
    if (atomic_load_explicit(&S.runqsize, memory_order_relaxed) != 0) /* relaxed: under S.lock */
        return;
    for (int i = 0; i < S.procs; i++) {
        if (!ws_runqempty(S.allp[i]) || !gr__theap_idle(&S.allp[i]->theap))
            return;
    }
    ws_finish_locked(GR_EDEADLK, wake);
}

/* ---- switching --------------------------------------------------------------- */

/* G -> G' on the M m (G context; m holds a P).  Returns in `from` when it
 * is resumed, with the M that resumed it. */
static inline ws_m *switch_g(ws_m *m, ws_g *from, ws_g *to, int act)
{
    m->act = act;
    m->act_g = from;
    m->curg = to;
    atomic_store_explicit(&to->status, WS_G_RUNNING, memory_order_relaxed); /* relaxed: dumps */
    ws_bump(&m->p->nswitch);
    gr__stack_set_current(&to->stack);
    gr__san_switch_begin(&from->san, &to->san, act == WS_ACT_EXIT);
    m = ws_ctx_switch(&from->ctx, &to->ctx, m);
    gr__san_switch_end(&from->san);
    return m;
}

/* G -> g0 of m (G context).  Returns in self when it is resumed. */
void ws_switch_to_g0(ws_m *m, ws_g *self, int act)
{
    m->act = act;
    m->act_g = self;
    m->curg = NULL;
    gr__stack_set_current(NULL);
    gr__san_switch_begin(&self->san, &m->san0, act == WS_ACT_EXIT || act == WS_ACT_DROP);
    m = ws_ctx_switch(&self->ctx, &m->g0ctx, m);
    gr__san_switch_end(&self->san);
    ws_post(m);
}

/* g0 -> g on m (g0 only).  Returns when a G switches back to this g0. */
static void execute(ws_m *m, ws_g *g, bool inherit)
{
    ws_p *p = m->p;
    if (!inherit) /* relaxed: owner writes, sysmon reads */
        atomic_store_explicit(&p->schedtick,
                              atomic_load_explicit(&p->schedtick, memory_order_relaxed) + 1,
                              memory_order_relaxed);
    m->curg = g;
    atomic_store_explicit(&g->status, WS_G_RUNNING, memory_order_relaxed); /* relaxed: dumps */
    ws_bump(&p->nswitch);
    gr__stack_set_current(&g->stack);
    gr__san_switch_begin(&m->san0, &g->san, 0);
    ws_ctx_switch(&m->g0ctx, &g->ctx, m);
    gr__san_switch_end(&m->san0);
    gr__stack_set_current(NULL);
}

/* g returned from its function; the resumer runs this (m holds a P). */
static void post_exit(ws_m *m, ws_g *g)
{
    bool is_main = g->is_main;
    ws_p *p = m->p;
    /* release (port.h, numgoroutine): whoever sees this exit counted sees
     * everything g did; the load is owner only. */
    if (p)
        atomic_store_explicit(&p->ngo, atomic_load_explicit(&p->ngo, memory_order_relaxed) - 1,
                              memory_order_release);
    else
        atomic_fetch_sub_explicit(&S.ngo_extra, 1, memory_order_release);
    atomic_store_explicit(&g->status, WS_G_DEAD, memory_order_relaxed);  /* relaxed: dumps */
    ws_gfput(p, g);
    if (is_main) {
        bool wake = false;
        gr__lock_acquire(&S.lock);
        ws_finish_locked(GR_OK, &wake);
        gr__lock_release(&S.lock);
        if (wake)
            ws_finish_wake();
    }
}

/* The next G from p's own queues (G context or g0; owner of p), or NULL.
 * Honours a preemption request by skipping runnext (whose G would inherit
 * the time slice).  Runs no timers: on a G it is called before the
 * leaving G's unlockf, while the caller may still hold a core lock that a
 * timer callback needs (callers run timers where no lock is held). */
static ws_g *pick_local(ws_p *p, bool *inherit)
{
    ws_g *g = NULL;
    *inherit = false;
    /* relaxed: a request flag; a stale read only delays it by one switch. */
    bool preempt = atomic_load_explicit(&p->preempt, memory_order_relaxed) != 0;
    uint32_t tick = atomic_load_explicit(&p->schedtick, memory_order_relaxed);
    if (preempt || tick % 61 == 0) {
        /* Fairness (every 61st tick, or sysmon asked): the global queue,
         * then the ring's head, before runnext and the LIFO; and the
         * LIFO's bottom graduates to the ring.  The tick advances even if
         * what runs next inherits it, so this happens once per 61. */
        if (preempt)
            atomic_store_explicit(&p->preempt, 0, memory_order_relaxed);
        if (atomic_load_explicit(&S.runqsize, memory_order_relaxed) > 0) { /* relaxed: a hint */
            gr__lock_acquire(&S.lock);
            g = ws_globrunqget(p, 1);
            gr__lock_release(&S.lock);
        }
        if (!g)
            ws_lifo_age(p);
        if (!g)
            g = ws_ringget(p);
        atomic_store_explicit(&p->schedtick, tick + 1, memory_order_relaxed);
        if (g)
            return g;
    }
    g = ws_runqget(p, inherit);
    if (!g && atomic_load_explicit(&S.runqsize, memory_order_relaxed) > 0) {
        gr__lock_acquire(&S.lock);
        g = ws_globrunqget(p, 0);
        gr__lock_release(&S.lock);
        *inherit = false;
    }
    if (g && !*inherit) /* relaxed: owner writes, sysmon reads */
        atomic_store_explicit(&p->schedtick, tick + 1, memory_order_relaxed);
    return g;
}

/* Leave self (G context, m holds a P) with action act: switch straight to
 * the next local G, or to g0 when there is none.  Returns when self is
 * resumed (never for WS_ACT_EXIT). */
void ws_leave(ws_m *m, ws_g *self, int act)
{
    ws_g *next = NULL;
    bool inherit;
    if (!ws_stopping())
        next = pick_local(m->p, &inherit);
    if (GR__UNLIKELY(next && next->lockedm)) {
        /* An asynchronously preempted G resumes only on its own M
         * (preempt.c): g0 hands that M our P once self's action ran.  Not
         * back to a queue: a yield loop would meet it there forever. */
        m->handoff = next;
        next = NULL;
    }
    if (!next) {
        ws_switch_to_g0(m, self, act);
        return;
    }
    m = switch_g(m, self, next, act);
    ws_post(m);
}

/* Spawn, child first (G context, m holds p, not stopping): run the new G
 * now and leave self in runnext, so self continues as soon as the child
 * blocks or ends.  Trees of goroutines then run depth first, which keeps
 * the number of live stacks (and first-touched pages) small. */
void ws_spawn_switch(ws_m *m, ws_g *self, ws_g *child)
{
    m = switch_g(m, self, child, WS_ACT_REQUEUE);
    ws_post(m);
}

/* After ws_post: run the P's due timers (G context, no lock held). */
static inline void post_timers(ws_m *m)
{
    if (m->p)
        ws_timers_check(m->p);
}

/* Run the action the G that switched to us left (G context, right after a
 * switch; m is the M we now run on). */
void ws_post(ws_m *m)
{
    for (;;) {
        int act = m->act;
        if (act == WS_ACT_NONE) {
            post_timers(m);
            return;
        }
        ws_g *prev = m->act_g;
        m->act = WS_ACT_NONE;
        switch (act) {
        case WS_ACT_PARK:
            atomic_store_explicit(&prev->status, WS_G_WAITING, memory_order_relaxed);
            if (!m->unlockf || m->unlockf(&prev->g, m->unlock_arg))
                break;
            /* unlockf declined: prev resumes at once, we run right after it. */
            m = switch_g(m, m->curg, prev, WS_ACT_REQUEUE);
            continue;
        case WS_ACT_YIELD:
            ws_runqput(m->p, prev, false);
            break;
        case WS_ACT_REQUEUE:
            ws_runqput(m->p, prev, true);
            break;
        case WS_ACT_EXIT:
            post_exit(m, prev);
            break;
        default:
            fputs("gr(ws): bad switch action on a goroutine\n", stderr);
            abort();
        }
    }
}

/* The same on g0, after execute() returned.  g0 only. */
static void g0_post(ws_m *m)
{
    for (;;) {
        int act = m->act;
        ws_g *prev = m->act_g;
        m->act = WS_ACT_NONE;
        switch (act) {
        case WS_ACT_NONE:
            return;
        case WS_ACT_PARK:
            atomic_store_explicit(&prev->status, WS_G_WAITING, memory_order_relaxed);
            if (!m->unlockf || m->unlockf(&prev->g, m->unlock_arg) || ws_stopping())
                return;
            if (m->handoff) { /* the P goes to a preempted G's M first */
                ws_runqput(m->p, prev, true);
                return;
            }
            execute(m, prev, true);
            continue;
        case WS_ACT_YIELD:
        case WS_ACT_REQUEUE:
            if (!ws_stopping())
                ws_runqput(m->p, prev, act == WS_ACT_REQUEUE);
            return;
        case WS_ACT_EXIT:
            post_exit(m, prev);
            return;
        case WS_ACT_SYSOUT: {
            /* prev left a syscall and found no P: queue it, or take a P that
             * freed up meanwhile (Go's exitsyscall0). */
            ws_p *p = NULL;
            gr__lock_acquire(&S.lock);
            if (!ws_stopping()) {
                p = ws_pidleget();
                if (!p)
                    ws_globrunqput(prev);
            }
            /* seq_cst: the deadlock check's counter. */
            atomic_fetch_sub_explicit(&S.nsyscall, 1, memory_order_seq_cst);
            gr__lock_release(&S.lock);
            if (!p)
                return;
            ws_acquirep(m, p);
            execute(m, prev, false);
            continue;
        }
        case WS_ACT_DROP:
            return;
        default:
            fputs("gr(ws): bad switch action on g0\n", stderr);
            abort();
        }
    }
}

/* ---- idling ---------------------------------------------------------------- */

/* Park m (it holds no P) until a waker hands it a P, the earliest timer is
 * due (if m is the timer sleeper), or shutdown.  g0 only. */
static void stopm(ws_m *m)
{
    bool wake_main = false;
    gr__lock_acquire(&S.lock);
    if (ws_stopping()) {
        gr__lock_release(&S.lock);
        return;
    }
    ws_checkdead_locked(&wake_main);
    int64_t next = S.done ? INT64_MAX : ws_timers_next_locked();
    m->deadline = -1;
    if (next != INT64_MAX && (!S.timer_m || S.timer_m->deadline > next)) {
        S.timer_m = m;
        m->deadline = next;
    }
    int64_t deadline = m->deadline;
    m->idle = true;
    m->idlenext = S.midle;
    S.midle = m;
    S.nmidle++;
    /* relaxed: wakers read and write it under S.lock. */
    atomic_store_explicit(&m->wake, 0, memory_order_relaxed);
    gr__lock_release(&S.lock);
    if (wake_main)
        ws_finish_wake();

    gr__futex_wait(&m->wake, 0, deadline);

    /* acquire: pairs with mwake_locked's release store. */
    if (atomic_load_explicit(&m->wake, memory_order_acquire) == 0) {
        /* Timeout or spurious wakeup: nobody took us off the list. */
        gr__lock_acquire(&S.lock);
        if (m->idle)
            ws_midle_remove(m);
        gr__lock_release(&S.lock);
    }
    if (m->nextp) {
        ws_acquirep(m, m->nextp);
        m->nextp = NULL;
    }
}

/* Find a G to run (Go's findrunnable).  g0 only.  Blocks; NULL: the M
 * must end (shutdown). */
static ws_g *findrunnable(ws_m *m, bool *inherit)
{
    ws_g *g;
top:
    *inherit = false;
    if (ws_stopping() || m->orphan)
        return NULL;
    ws_p *p = m->p;
    if (!p) {
        gr__lock_acquire(&S.lock);
        p = ws_pidleget();
        gr__lock_release(&S.lock);
        if (!p) {
            ws_timers_run_all(0);
            stopm(m);
            goto top;
        }
        ws_acquirep(m, p);
    }
    ws_timers_check(p);
    g = pick_local(p, inherit);
    if (g)
        return g;
    int procs = S.procs;
    if (procs > 1 && ws_timers_run_all(0)) {
        g = pick_local(p, inherit);
        if (g)
            return g;
    }
    if (procs > 1) {
        /* seq_cst loads: the spinning protocol. */
        int32_t spinners = atomic_load_explicit(&S.nmspinning, memory_order_seq_cst);
        int32_t busy = procs - atomic_load_explicit(&S.npidle, memory_order_seq_cst);
        if (!m->spinning && 2 * spinners >= busy)
            goto stop;
        if (!m->spinning) {
            m->spinning = true;
            atomic_fetch_add_explicit(&S.nmspinning, 1, memory_order_seq_cst);
        }
        for (int i = 0; i < 4; i++) {
            uint32_t start = gr__rand_n((uint32_t)procs);
            for (int j = 0; j < procs; j++) {
                ws_p *p2 = S.allp[(start + (uint32_t)j) % (uint32_t)procs];
                if (p2 == p)
                    continue;
                g = ws_runqsteal(p, p2, i == 3);
                if (g) {
                    ws_bump(&p->nsteal);
                    return g;
                }
            }
        }
    }
stop:
    gr__lock_acquire(&S.lock);
    if (ws_stopping()) {
        gr__lock_release(&S.lock);
        return NULL;
    }
    if (atomic_load_explicit(&S.runqsize, memory_order_relaxed) > 0) { /* relaxed: under S.lock */
        g = ws_globrunqget(p, 0);
        gr__lock_release(&S.lock);
        return g;
    }
    m->p = NULL;
    ws_pidleput(p);
    gr__lock_release(&S.lock);
    if (m->spinning) {
        m->spinning = false;
        /* seq_cst: decrement, then re-check every queue (the protocol). */
        atomic_fetch_sub_explicit(&S.nmspinning, 1, memory_order_seq_cst);
        for (int i = 0; i < procs; i++) {
            if (!ws_runq_stealable(S.allp[i]))
                continue;
            gr__lock_acquire(&S.lock);
            ws_p *np = ws_pidleget();
            gr__lock_release(&S.lock);
            if (np) {
                ws_acquirep(m, np);
                m->spinning = true;
                atomic_fetch_add_explicit(&S.nmspinning, 1, memory_order_seq_cst);
                goto top;
            }
            break;
        }
    }
    stopm(m);
    goto top;
}

/* ---- the M ------------------------------------------------------------------ */

void *ws_mstart(void *arg)
{
    ws_m *m = arg;
    m->self = pthread_self(); /* before any P: sysmon signals it (preempt.c) */
    ws_setm(m);
    gr__stack_thread_init();
    gr__san_thread_init(&m->san0);
    gr__lock_acquire(&S.lock); /* pairs with ws_newm: nextp, spinning */
    ws_p *p = m->nextp;
    m->nextp = NULL;
    gr__lock_release(&S.lock);
    if (p)
        ws_acquirep(m, p);
    for (;;) {
        bool inherit;
        ws_g *g = findrunnable(m, &inherit);
        if (!g)
            break;
        if (m->spinning)
            resetspinning(m);
        if (g->lockedm) { /* preempt.c: g resumes on its own M, with our P */
            ws_startlockedm(m, g);
            continue;
        }
        execute(m, g, inherit);
        g0_post(m);
        if (m->handoff) { /* left by ws_leave: a preempted G's turn */
            ws_g *h = m->handoff;
            m->handoff = NULL;
            ws_startlockedm(m, h);
        }
    }
    ws_setm(NULL);
    return NULL;
}

/* ---- port ops: ready, park, yield -------------------------------------------- */

/* Port op ready.  Any context. */
void ws_ready(gr_g *gg)
{
    ws_g *g = (ws_g *)gg;
    if (g->gen != S.gen || ws_stopping())
        return; /* leaked by an earlier gr_run, or shutting down: never runs again */
    ws_m *m = ws_getm();
    ws_p *p = m ? m->p : NULL;
    if (p) {
        ws_runqput(p, g, true);
    } else {
        gr__lock_acquire(&S.lock);
        ws_globrunqput(g);
        gr__lock_release(&S.lock);
    }
    ws_wakep();
}

/* Port op park.  G context. */
void ws_park(bool (*unlockf)(gr_g *, void *), void *arg)
{
    ws_m *m = ws_getm();
    ws_g *self = m->curg;
    bool sys = m->in_syscall;
    if (sys) { /* parked inside a syscall bracket: leave it first */
        ws_syscall_exit();
        m = ws_getm();
    }
    m->unlockf = unlockf;
    m->unlock_arg = arg;
    ws_leave(m, self, WS_ACT_PARK);
    if (sys)
        ws_syscall_enter();
}

/* Port op yield.  G context, no lock held. */
void ws_yield(void)
{
    ws_m *m = ws_getm();
    if (!m || !m->curg || m->in_syscall)
        return;
    ws_p *p = m->p;
    ws_timers_check(p);
    /* Nothing else to run here: carry on (Go would go through the
     * scheduler and pick this G again).  The P's local queues are asked
     * through the one predicate that counts all of them (runq.c); the
     * global queue's size is a relaxed hint, and a G queued there
     * concurrently is seen at the next yield. */
    if (!ws_runq_haslocal(p) && atomic_load_explicit(&S.runqsize, memory_order_relaxed) == 0 &&
        !ws_stopping()) {
        atomic_store_explicit(&p->preempt, 0, memory_order_relaxed);
        return;
    }
    ws_leave(m, m->curg, WS_ACT_YIELD);
}

/* ---- the first frame of a goroutine ------------------------------------------- */

void ws_g_entry(ws_m *m)
{
    ws_g *g = m->curg;
    gr__san_switch_end(&g->san);
    ws_post(m);
    g->fn(g->arg);
    m = ws_getm();
    if (m->in_syscall) {
        ws_syscall_exit();
        m = ws_getm();
    }
    ws_leave(m, g, WS_ACT_EXIT);
    fputs("gr(ws): a dead goroutine was resumed\n", stderr);
    abort();
}
