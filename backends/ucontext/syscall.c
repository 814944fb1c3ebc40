/*
 * syscall.c — gr_syscall_enter/exit for the ucontext backend: the M whose
 * goroutine is about to block in the kernel gives its P token back at once
 * (Go's entersyscallblock/handoffp), so another M — an idle one, or a new
 * thread when none is idle — runs the queued goroutines meanwhile.  On exit
 * the G takes a free token and carries on, or, with none free, queues
 * itself from g0 and its M goes idle (Go's exitsyscall0).
 *
 * Invariants:
 *   - S.nsyscall counts Gs between enter and the moment they hold a token
 *     again or sit on the run queue; the deadlock check never fires while
 *     it is non-zero;
 *   - an M is orphaned (by shutdown, under S.lock) only while m->in_syscall;
 *     an orphan's G never runs user code again and its thread ends on g0
 *     without touching the scheduler (a later gr_run may own it by then).
 */
#include "uc.h"

#define S uc_S

/* Port op syscall_enter.  G context, no lock held. */
void uc_syscall_enter(void)
{
    uc_m *m = uc_getm();
    if (!m || !m->curg)
        return;
    uc_g *g = m->curg;
    uc_m *w;
    bool nm;
    gr__lock_acquire(&S.lock);
    if (m->in_syscall) { /* nested enter: the outer one counts */
        gr__lock_release(&S.lock);
        return;
    }
    m->in_syscall = true;
    g->status = UC_G_SYSCALL;
    if (m->has_token) {
        m->has_token = false;
        S.nrunning--;
    }
    S.nsyscall++;
    uc_wakep_locked(&w, &nm); /* hand the token to queued work, if any */
    bool handoff = w || nm;
    /* If this M was the last one that would look at the timer heap (no
     * sleeper, no other M with a token), wake or start an M to sleep on it:
     * otherwise a pending gr_sleep would wait for this syscall. */
    bool timer_newm = false;
    if (!w && !nm && !S.timer_sleeper && S.nrunning == 0 && !S.done &&
        gr__theap_next(&S.theap) != INT64_MAX) {
        if ((w = S.idle)) {
            S.idle = w->idlenext;
            w->idlenext = NULL;
            /* release: pairs with the sleeper's acquire load (sched.c). */
            atomic_store_explicit(&w->wake, 1, memory_order_release);
        } else {
            timer_newm = true;
        }
    }
    gr__lock_release(&S.lock);
    if (handoff) /* relaxed: a statistic. */
        atomic_fetch_add_explicit(&S.nhandoff, 1, memory_order_relaxed);
    uc_wakep_finish(w, nm);
    if (timer_newm)
        uc_newm(false); /* on failure timers wait for this syscall: no worse */
}

/* Port op syscall_exit.  G context, no lock held.  `m` is only used before
 * the switch: after it, g may run on another M. */
void uc_syscall_exit(void)
{
    uc_m *m = uc_getm();
    if (!m || !m->curg)
        return;
    uc_g *g = m->curg;
    gr__lock_acquire(&S.lock);
    if (m->orphan) {
        gr__lock_release(&S.lock);
        uc_to_g0(g, UC_ACT_ORPHAN, NULL, NULL); /* never resumes */
        return;
    }
    if (!m->in_syscall) { /* exit without enter: nothing to undo */
        gr__lock_release(&S.lock);
        return;
    }
    if (!S.done && !S.stopping && S.nrunning < S.procs) {
        S.nsyscall--;
        m->in_syscall = false;
        m->has_token = true;
        S.nrunning++;
        g->status = UC_G_RUNNING;
        gr__lock_release(&S.lock);
        return;
    }
    gr__lock_release(&S.lock);
    /* No token: g0 queues g (or finds a token after all), and g resumes when
     * an M with a token picks it. */
    uc_to_g0(g, UC_ACT_SYSCALL_OUT, NULL, NULL);
}
