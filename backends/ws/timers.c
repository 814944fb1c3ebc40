/*
 * timers.c — timer placement for the ws backend: one gr__theap per P.
 *
 *   - timer_heap() gives the current P's heap (P 0's for a thread without
 *     a P), so arming a timer takes a lock nobody else usually wants;
 *   - the M holding a P runs that P's due timers at each scheduling point
 *     (ws_timers_check, one relaxed load when the heap is empty);
 *   - an M looking for work runs every P's due timers (ws_timers_run_all;
 *     gr__theap_run may be called from any context);
 *   - an idle M sleeps until the earliest deadline over all heaps: at most
 *     one, S.timer_m, holds that deadline (sched.c: stopm); a kick earlier
 *     than its deadline wakes it to re-arm, or wakes an idle M to become it;
 *   - sysmon runs any heap whose timer is overdue by more than 1 ms, a
 *     safety net for the one case no M watches: every M busy on other Ps.
 *
 * Invariant: p->timer0 <= the earliest deadline in p->theap, except between
 * a runner's store and its re-read below (which restores it): kicks lower
 * it with a CAS-min after inserting, runners raise it to what they left
 * and then lower it again from a locked read of the heap.  All relaxed:
 * the hint only decides whether to take the heap's lock.
 */
#include "ws.h"

#include <stddef.h>

#define S ws_S

static inline ws_p *heap_owner(struct gr__theap *h)
{
    return (ws_p *)((char *)h - offsetof(ws_p, theap));
}

/* Port op timer_heap.  Any context. */
struct gr__theap *ws_timer_heap(void)
{
    ws_m *m = ws_getm();
    if (m && m->p)
        return &m->p->theap;
    return &S.allp[0]->theap;
}

static void hint_min(ws_p *p, int64_t when)
{
    /* relaxed CAS loop: coherence of this one location is all we need. */
    int64_t cur = atomic_load_explicit(&p->timer0, memory_order_relaxed);
    while (when < cur && !atomic_compare_exchange_weak_explicit(&p->timer0, &cur, when,
                                                                memory_order_relaxed,
                                                                memory_order_relaxed))
        ;
}

/* Make sure an idle M sleeps no later than `when`.  S.lock held; *w is the
 * M to futex-wake after unlocking. */
void ws_timer_wake_locked(int64_t when, ws_m **w, bool *spawn)
{
    *w = NULL;
    *spawn = false;
    if (ws_stopping() || S.done)
        return;
    ws_m *m = S.timer_m;
    if (m) {
        if (m->deadline <= when)
            return;
    } else {
        m = S.midle;
        if (!m)
            return; /* every M is busy: they and sysmon will see it */
    }
    /* Take it off the idle list with no P: it runs due timers and sleeps
     * again with the new earliest deadline. */
    ws_midle_remove(m);
    m->nextp = NULL;
    /* release: pairs with the sleeper's acquire load. */
    atomic_store_explicit(&m->wake, 1, memory_order_release);
    *w = m;
}

/* Port op timer_kick.  Any context, no lock held. */
void ws_timer_kick(struct gr__theap *h, int64_t when)
{
    ws_p *p = heap_owner(h);
    hint_min(p, when);
    ws_m *m = ws_getm();
    if (m && m->p == p)
        return; /* ours: checked at our next scheduling point, or by stopm */
    ws_m *w;
    bool spawn;
    gr__lock_acquire(&S.lock);
    ws_timer_wake_locked(when, &w, &spawn);
    gr__lock_release(&S.lock);
    if (w)
        gr__futex_wake(&w->wake, 1);
}

static void run_heap(ws_p *p, int64_t now)
{
    int64_t next = gr__theap_run(&p->theap, now);
    atomic_store_explicit(&p->timer0, next, memory_order_relaxed);
    hint_min(p, gr__theap_next(&p->theap));
}

/* ws_timers_check's slow half: p has a timer (t0 is the hint).  Owner of
 * p (or anyone: the heap has its lock). */
void ws_timers_check_slow(ws_p *p, int64_t t0)
{
    int64_t now = gr__nanotime();
    if (now >= t0)
        run_heap(p, now);
}

/* Run every heap with a timer due at least `late` ns ago.  Any context,
 * no lock held; reads the clock only when some heap has a timer.  True if
 * some heap had one due. */
bool ws_timers_run_all(int64_t late)
{
    bool ran = false;
    int64_t now = 0;
    for (int i = 0; i < S.procs; i++) {
        ws_p *p = S.allp[i];
        int64_t t0 = atomic_load_explicit(&p->timer0, memory_order_relaxed);
        if (t0 == INT64_MAX)
            continue;
        if (!now)
            now = gr__nanotime();
        if (t0 <= now - late) {
            run_heap(p, now);
            ran = true;
        }
    }
    return ran;
}

/* Earliest deadline over every heap.  S.lock held (S.lock -> heap lock). */
int64_t ws_timers_next_locked(void)
{
    int64_t next = INT64_MAX;
    for (int i = 0; i < S.procs; i++) {
        int64_t t = gr__theap_next(&S.allp[i]->theap);
        if (t < next)
            next = t;
    }
    return next;
}
