/*
 * sysmon.c — the monitor thread (Go's sysmon) and gr_syscall_enter/exit.
 *
 * A G that enters a syscall keeps its P, in state WS_P_SYSCALL (Go's
 * entersyscall): a short call then costs no hand-off at all.  sysmon wakes
 * every 20 us while anything happens (backing off to 10 ms when idle) and:
 *   - retakes the P of a G that has been in its syscall for more than
 *     20 us (CAS SYSCALL -> IDLE) and hands it off: to a new or idle M if
 *     the P or the global queue has work, else to the idle list (Go's
 *     retake/handoffp).  The G's syscall_exit then finds its P gone (the
 *     CAS SYSCALL -> RUNNING fails) and takes an idle P or queues itself;
 *   - flags a P whose G has run for more than 10 ms without a scheduling
 *     point (same schedtick); the next switch skips runnext and the next
 *     spawn, syscall exit or yield yields (cooperative preemption), and
 *     with GR_FLAG_PREEMPT_ASYNC sysmon also signals the P's M so the G
 *     yields wherever it is (asynchronous preemption, preempt.c); if that
 *     P has queued work it also wakes a spinning M, which may steal it,
 *     runnext included; none of this under GR_DEBUG=preemptoff
 *     (RT-PREEMPT-5: the instruction metric's runs);
 *   - runs timers overdue by more than 1 ms (the safety net of timers.c);
 *   - runs the deadlock check when every P is idle.
 * syscall_enter wakes sysmon when it is in its long sleep, so the first
 * hand-off is not 10 ms late.
 *
 * P status protocol: RUNNING -> SYSCALL by the owner (release store);
 * SYSCALL -> RUNNING by the owner's CAS, SYSCALL -> IDLE by sysmon's CAS
 * (both acq_rel): exactly one wins, and the winner owns the P's
 * owner-only state.  IDLE <-> RUNNING otherwise under S.lock.
 */
#include "ws.h"

#include <stdlib.h>

#define S ws_S

#define SYSMON_MIN_NS 20000          /* 20 us */
#define SYSMON_MAX_NS 10000000       /* 10 ms */
#define SYSCALL_HANDOFF_NS 20000     /* 20 us */
#define PREEMPT_NS 10000000          /* 10 ms */
#define TIMER_LATE_NS 1000000        /* 1 ms */
/* Asynchronous preemption (preempt.c): while a P runs a G, sysmon looks at
 * least this often, and re-sends a signal the handler declined (the G was
 * inside a shared library) this often, so a preemption is at most about
 * PREEMPT_NS + 2 ms late. */
#define PREEMPT_POLL_NS 1000000      /* 1 ms */

/* Hand off P p, retaken from a syscall (sysmon; no lock held). */
static void handoffp(ws_p *p)
{
    p->m = NULL;
    /* relaxed: a hint; rechecked under S.lock below. */
    if (!ws_runqempty(p) || atomic_load_explicit(&S.runqsize, memory_order_relaxed) > 0) {
        ws_startm(p, false);
        return;
    }
    int32_t zero = 0;
    /* seq_cst: the spinning protocol. */
    if (atomic_load_explicit(&S.nmspinning, memory_order_seq_cst) +
                atomic_load_explicit(&S.npidle, memory_order_seq_cst) ==
            0 &&
        atomic_compare_exchange_strong_explicit(&S.nmspinning, &zero, 1, memory_order_seq_cst,
                                                memory_order_relaxed)) {
        ws_startm(p, true);
        return;
    }
    ws_m *w = NULL;
    bool spawn = false;
    gr__lock_acquire(&S.lock);
    if (atomic_load_explicit(&S.runqsize, memory_order_relaxed) > 0) {
        gr__lock_release(&S.lock);
        ws_startm(p, false);
        return;
    }
    ws_pidleput(p);
    int64_t t = gr__theap_next(&p->theap);
    if (t != INT64_MAX)
        ws_timer_wake_locked(t, &w, &spawn);
    gr__lock_release(&S.lock);
    if (w)
        gr__futex_wake(&w->wake, 1);
}

static int retake(int64_t now)
{
    int n = 0;
    /* relaxed: stored by gr_run before init started this thread */
    bool preempt = !atomic_load_explicit(&gr__rt.preempt_off, memory_order_relaxed);
    for (int i = 0; i < S.procs; i++) {
        ws_p *p = S.allp[i];
        /* acquire: pairs with the owner's release store of SYSCALL. */
        int st = atomic_load_explicit(&p->status, memory_order_acquire);
        if (st == WS_P_RUNNING && preempt) {
            uint32_t t = atomic_load_explicit(&p->schedtick, memory_order_relaxed);
            if (t != p->sm_tick) {
                p->sm_tick = t;
                p->sm_when = now;
            } else if (now - p->sm_when >= PREEMPT_NS) {
                atomic_store_explicit(&p->preempt, 1, memory_order_relaxed); /* relaxed: a request */
                p->sm_when = now;
                /* With asynchronous preemption, also interrupt the G
                 * wherever it is (preempt.c); the handler re-reads the
                 * flag, so a signal that arrives late does nothing. */
                ws_preempt_signal(p);
                p->sm_sig = now;
                /* Work queued behind a G that does not yield: let a
                 * spinning M steal it (runnext included, runq.c). */
                if (!ws_runqempty(p))
                    ws_wakep();
            } else if (S.async_preempt && now - p->sm_sig >= PREEMPT_POLL_NS &&
                       /* relaxed: still set = not yet taken by the G */
                       atomic_load_explicit(&p->preempt, memory_order_relaxed)) {
                ws_preempt_signal(p); /* the last one was declined: retry */
                p->sm_sig = now;
            }
        } else if (st == WS_P_SYSCALL) {
            int64_t since = atomic_load_explicit(&p->syscallwhen, memory_order_relaxed);
            if (now - since < SYSCALL_HANDOFF_NS)
                continue;
            /* Nothing else to run and other Ms can take new work: leave
             * the P to the syscall for a while (Go does the same). */
            if (ws_runqempty(p) && atomic_load_explicit(&S.runqsize, memory_order_relaxed) == 0 &&
                atomic_load_explicit(&p->timer0, memory_order_relaxed) == INT64_MAX &&
                atomic_load_explicit(&S.nmspinning, memory_order_seq_cst) +
                        atomic_load_explicit(&S.npidle, memory_order_seq_cst) >
                    0 &&
                now - since < PREEMPT_NS)
                continue;
            int exp = WS_P_SYSCALL;
            /* acq_rel: the winner owns the P's state (header comment). */
            if (atomic_compare_exchange_strong_explicit(&p->status, &exp, WS_P_IDLE,
                                                        memory_order_acq_rel,
                                                        memory_order_relaxed)) {
                atomic_fetch_add_explicit(&S.nhandoff, 1, memory_order_relaxed); /* statistic */
                handoffp(p);
                n++;
            }
        }
    }
    return n;
}

static void *gr__monitor_sysmon(void *arg)
{
    (void)arg;
    int idle = 0;
    int64_t delay = SYSMON_MIN_NS;
    while (!ws_stopping()) {
        if (idle == 0)
            delay = SYSMON_MIN_NS;
        else if (idle > 50 && delay < SYSMON_MAX_NS)
            delay = delay * 2 > SYSMON_MAX_NS ? SYSMON_MAX_NS : delay * 2;
        /* seq_cst: as in checkdead; a hint whether any P runs a G. */
        if (S.async_preempt && delay > PREEMPT_POLL_NS &&
            atomic_load_explicit(&S.npidle, memory_order_seq_cst) < S.procs)
            delay = PREEMPT_POLL_NS;
        /* acquire: pairs with the release bump of wakers. */
        uint32_t seq = atomic_load_explicit(&S.sysmon_wake, memory_order_acquire);
        /* relaxed: a hint for syscall_enter. */
        atomic_store_explicit(&S.sysmon_idle, delay >= 1000000, memory_order_relaxed);
        gr__futex_wait(&S.sysmon_wake, seq, gr__nanotime() + delay);
        atomic_store_explicit(&S.sysmon_idle, 0, memory_order_relaxed);
        if (ws_stopping())
            break;
        if (atomic_load_explicit(&S.sysmon_wake, memory_order_acquire) != seq)
            idle = 0; /* kicked by a syscall */
        int64_t now = gr__nanotime();
        int n = retake(now);
        ws_timers_run_all(TIMER_LATE_NS);
        /* seq_cst: as in checkdead. */
        if (atomic_load_explicit(&S.npidle, memory_order_seq_cst) == S.procs) {
            bool wake = false;
            gr__lock_acquire(&S.lock);
            ws_checkdead_locked(&wake);
            gr__lock_release(&S.lock);
            if (wake)
                ws_finish_wake();
        }
        /* Stay fast while a G sits in a syscall: its P may need a hand-off. */
        if (n || atomic_load_explicit(&S.nsyscall, memory_order_seq_cst) > 0)
            idle = 0;
        else
            idle++;
    }
    return NULL;
}

int ws_sysmon_start(void)
{
    atomic_store_explicit(&S.sysmon_idle, 0, memory_order_relaxed);
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 128 * 1024);
    int rc = pthread_create(&S.sysmon_tid, &a, gr__monitor_sysmon, NULL);
    pthread_attr_destroy(&a);
    S.sysmon_started = rc == 0;
    return rc == 0 ? GR_OK : GR_ENOMEM;
}

/* After S.stopping is set.  The gr_run thread. */
void ws_sysmon_stop(void)
{
    if (!S.sysmon_started)
        return;
    /* release: sysmon sees stopping after the wake. */
    atomic_fetch_add_explicit(&S.sysmon_wake, 1, memory_order_release);
    gr__futex_wake(&S.sysmon_wake, 1);
    pthread_join(S.sysmon_tid, NULL);
    S.sysmon_started = false;
}

/* Port op syscall_enter.  G context, no lock held. */
void ws_syscall_enter(void)
{
    ws_m *m = ws_getm();
    if (!m || !m->curg || m->in_syscall || !m->p)
        return;
    ws_p *p = m->p;
    atomic_store_explicit(&m->curg->status, WS_G_SYSCALL, memory_order_relaxed); /* dumps */
    /* seq_cst: the deadlock check's counter. */
    atomic_fetch_add_explicit(&S.nsyscall, 1, memory_order_seq_cst);
    m->in_syscall = true;
    m->oldp = p;
    m->p = NULL;
    /* relaxed: sysmon's clock; ordered by the release store below. */
    atomic_store_explicit(&p->syscallwhen, gr__nanotime(), memory_order_relaxed);
    atomic_store_explicit(&p->syscalltick,
                          atomic_load_explicit(&p->syscalltick, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    /* release: our writes to p's owner-only state happen before sysmon's
     * winning CAS. */
    atomic_store_explicit(&p->status, WS_P_SYSCALL, memory_order_release);
    if (atomic_load_explicit(&S.sysmon_idle, memory_order_relaxed)) {
        atomic_store_explicit(&S.sysmon_idle, 0, memory_order_relaxed);
        /* release: pairs with sysmon's acquire load. */
        atomic_fetch_add_explicit(&S.sysmon_wake, 1, memory_order_release);
        gr__futex_wake(&S.sysmon_wake, 1);
    }
}

/* Port op syscall_exit.  G context, no lock held.  `m` is not used after a
 * switch: the G may resume on another M. */
void ws_syscall_exit(void)
{
    ws_m *m = ws_getm();
    if (!m || !m->curg || !m->in_syscall)
        return;
    ws_g *g = m->curg;
    ws_p *p = m->oldp;
    m->oldp = NULL;
    int exp = WS_P_SYSCALL;
    /* acq_rel: see the header comment. */
    if (p && atomic_compare_exchange_strong_explicit(&p->status, &exp, WS_P_RUNNING,
                                                     memory_order_acq_rel, memory_order_relaxed)) {
        m->p = p;
        p->m = m;
        m->in_syscall = false;
        atomic_fetch_sub_explicit(&S.nsyscall, 1, memory_order_seq_cst); /* seq_cst: checkdead */
        atomic_store_explicit(&g->status, WS_G_RUNNING, memory_order_relaxed);
        if (atomic_load_explicit(&p->preempt, memory_order_relaxed))
            ws_yield();
        return;
    }
    gr__lock_acquire(&S.lock);
    if (m->orphan) {
        gr__lock_release(&S.lock);
        m->in_syscall = false;
        ws_switch_to_g0(m, g, WS_ACT_DROP); /* never resumes */
        abort();
    }
    ws_p *np = ws_stopping() ? NULL : ws_pidleget();
    if (np) {
        atomic_fetch_sub_explicit(&S.nsyscall, 1, memory_order_seq_cst); /* seq_cst: checkdead */
        gr__lock_release(&S.lock);
        ws_acquirep(m, np);
        m->in_syscall = false;
        atomic_store_explicit(&g->status, WS_G_RUNNING, memory_order_relaxed);
        return;
    }
    gr__lock_release(&S.lock);
    m->in_syscall = false;
    /* No P: g0 queues g (nsyscall drops there); g resumes on some M. */
    ws_switch_to_g0(m, g, WS_ACT_SYSOUT);
}
