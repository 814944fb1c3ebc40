/*
 * runq.c — the run queues: each P's lock-free ring of WS_RUNQ Gs with its
 * runnext slot, and the global queue (Go's runqput/runqget/runqgrab/
 * runqsteal/globrunqput/globrunqget).
 *
 * The ring is a single-producer, multi-consumer queue:
 *   - runqtail is written only by the owner P (release store: publishes the
 *     slot written before it);
 *   - runqhead is advanced by the owner and by thieves with a CAS (release
 *     on success: the slots read before it are consumed before anyone may
 *     overwrite them); both sides load the other's index with acquire;
 *   - slots are atomics accessed relaxed: a thief may read a slot that the
 *     owner is overwriting, and then its CAS on runqhead fails.
 *   - runnext is set by the owner (exchange) and taken by the owner or, on
 *     the last stealing round, by a thief (CAS); acq_rel on both.
 * Overflow moves half of the ring plus the new G to the global queue in one
 * batch, so the owner pays the global lock once per WS_RUNQ/2 puts.
 *
 * The LIFO: a spawn runs the child first and leaves the parent in runnext
 * (sched.c), and ready() puts the woken G in runnext; the G either one
 * displaces from runnext goes on top of p->lifo instead of the ring's tail
 * (Go: the tail).  The owner pops the
 * top (after runnext, before the ring), thieves take the bottom (the
 * oldest, largest piece of work, as in Cilk), both under p->lifolock, a
 * lock only the owner and the rare thief take.  So a tree of goroutines is
 * walked depth first (a few live stacks instead of thousands); every 61st
 * scheduling tick the bottom moves to the ring (ws_lifo_age), so nothing
 * in the LIFO starves.
 *
 * Who may call each function is stated at each one.
 */
#include "ws.h"

#define S ws_S

/* Move half of p's ring and g to the global queue.  Owner P only.  False
 * when a thief moved the head meanwhile (the caller retries the put). */
static bool runqputslow(ws_p *p, ws_g *g, uint32_t h, uint32_t t)
{
    ws_g *batch[WS_RUNQ / 2 + 1];
    uint32_t n = (t - h) / 2;
    for (uint32_t i = 0; i < n; i++) /* relaxed: validated by the CAS below */
        batch[i] = atomic_load_explicit(&p->runq[(h + i) % WS_RUNQ], memory_order_relaxed);
    /* release: our slot reads happen before thieves may reuse them. */
    if (!atomic_compare_exchange_strong_explicit(&p->runqhead, &h, h + n, memory_order_release,
                                                 memory_order_relaxed))
        return false;
    batch[n] = g;
    gr__lock_acquire(&S.lock);
    for (uint32_t i = 0; i <= n; i++)
        ws_globrunqput(batch[i]);
    gr__lock_release(&S.lock);
    return true;
}

#define G_OF(n) gr__list_entry((n), ws_g, runlink)

/* Push g on top of p's LIFO.  Owner P only. */
static void lifo_push(ws_p *p, ws_g *g)
{
    gr__lock_acquire(&p->lifolock);
    gr__list_push_front(&p->lifo, &g->runlink);
    /* relaxed: a hint; the list is read under the lock. */
    atomic_store_explicit(&p->nlifo, atomic_load_explicit(&p->nlifo, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    gr__lock_release(&p->lifolock);
}

/* Put g on p's queue: at the ring's tail, or (next) into runnext, the
 * previous occupant going on top of the LIFO.  Owner P only. */
void ws_runqput(ws_p *p, ws_g *g, bool next)
{
    atomic_store_explicit(&g->status, WS_G_RUNNABLE, memory_order_relaxed); /* relaxed: dumps */
    if (next) {
        ws_g *old;
        if (S.procs == 1) { /* no thief: see ws_runqget */
            old = atomic_load_explicit(&p->runnext, memory_order_relaxed);
            atomic_store_explicit(&p->runnext, g, memory_order_relaxed);
        } else { /* acq_rel: publishes g to a thief's CAS; acquires the old one. */
            old = atomic_exchange_explicit(&p->runnext, g, memory_order_acq_rel);
        }
        if (old)
            lifo_push(p, old); /* the LIFO (header comment) */
        return;
    }
    for (;;) {
        /* acquire: the slots consumers released are free to overwrite. */
        uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
        /* relaxed: only we write the tail. */
        uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
        if (t - h < WS_RUNQ) {
            atomic_store_explicit(&p->runq[t % WS_RUNQ], g, memory_order_relaxed);
            /* release: the slot is written before consumers can see it. */
            atomic_store_explicit(&p->runqtail, t + 1, memory_order_release);
            return;
        }
        if (runqputslow(p, g, h, t))
            return;
    }
}

/* Pop the top (owner) or the bottom (thief) of p's LIFO.  Any P. */
static ws_g *lifo_take(ws_p *p, bool bottom)
{
    if (atomic_load_explicit(&p->nlifo, memory_order_relaxed) == 0) /* relaxed: a hint */
        return NULL;
    gr__lock_acquire(&p->lifolock);
    gr__link *n = bottom ? gr__list_pop_back(&p->lifo) : gr__list_pop_front(&p->lifo);
    ws_g *g = n ? G_OF(n) : NULL;
    if (g) {
        atomic_store_explicit(&p->nlifo, atomic_load_explicit(&p->nlifo, memory_order_relaxed) - 1,
                              memory_order_relaxed);
    }
    gr__lock_release(&p->lifolock);
    return g;
}

/* Move the bottom of the LIFO to the ring's tail (fairness).  Owner only. */
void ws_lifo_age(ws_p *p)
{
    ws_g *g = lifo_take(p, true);
    if (g)
        ws_runqput(p, g, false);
}

/* The ring's head, or NULL.  Owner P only. */
ws_g *ws_ringget(ws_p *p)
{
    for (;;) {
        /* acquire: pairs with thieves' release CAS. */
        uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
        /* relaxed: only we write the tail. */
        uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
        if (t == h)
            return NULL;
        ws_g *g = atomic_load_explicit(&p->runq[h % WS_RUNQ], memory_order_relaxed);
        /* release: we read the slot before it may be overwritten. */
        if (atomic_compare_exchange_weak_explicit(&p->runqhead, &h, h + 1, memory_order_release,
                                                  memory_order_relaxed))
            return g;
    }
}

/* Take the next G: runnext first (*inherit = true: it inherits the time
 * slice, Go's inheritTime), then the ring's head.  Owner P only. */
ws_g *ws_runqget(ws_p *p, bool *inherit)
{
    if (S.procs == 1) {
        /* One P: no thief exists (only an M holding another P steals), so
         * the owner may take runnext and the ring's head without an atomic
         * read-modify-write.  Relaxed/release as the general path. */
        ws_g *next = atomic_load_explicit(&p->runnext, memory_order_relaxed);
        if (next) {
            atomic_store_explicit(&p->runnext, NULL, memory_order_relaxed);
            *inherit = true;
            return next;
        }
        *inherit = false;
        ws_g *g = lifo_take(p, false);
        if (g)
            return g;
        uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_relaxed);
        if (atomic_load_explicit(&p->runqtail, memory_order_relaxed) == h)
            return NULL;
        g = atomic_load_explicit(&p->runq[h % WS_RUNQ], memory_order_relaxed);
        atomic_store_explicit(&p->runqhead, h + 1, memory_order_release);
        return g;
    }
    /* relaxed peek, then an acq_rel exchange: a thief may race for it. */
    ws_g *next = atomic_load_explicit(&p->runnext, memory_order_relaxed);
    if (next) {
        next = atomic_exchange_explicit(&p->runnext, NULL, memory_order_acq_rel);
        if (next) {
            *inherit = true;
            return next;
        }
    }
    *inherit = false;
    ws_g *g = lifo_take(p, false);
    return g ? g : ws_ringget(p);
}

/* Any P: true when p has nothing queued (a snapshot): the negation of
 * ws_runq_haslocal over the same three queues, read so that a racing
 * owner cannot make a non-empty P look empty.  For code not on p (the
 * deadlock check, sysmon). */
bool ws_runqempty(ws_p *p)
{
    /* acquire loads, head twice around tail so that a concurrent put of
     * runnext into the ring is not mistaken for "empty" (Go's runqempty). */
    for (;;) {
        uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
        uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_acquire);
        ws_g *next = atomic_load_explicit(&p->runnext, memory_order_acquire);
        if (atomic_load_explicit(&p->runqtail, memory_order_acquire) == t)
            return h == t && next == NULL &&
                   atomic_load_explicit(&p->nlifo, memory_order_acquire) == 0;
    }
}

/* Any P: true when a thief could take something from p now: its ring is
 * not empty, or its runnext holds a G and p is not running (a running P's
 * runnext is its partner's next turn; runqgrab leaves it).  Spinning Ms
 * re-check with this, so they do not spin on work they may not take. */
bool ws_runq_stealable(ws_p *p)
{
    /* acquire: as ws_runqempty. */
    uint32_t h = atomic_load_explicit(&p->runqhead, memory_order_acquire);
    uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_acquire);
    if (h != t || atomic_load_explicit(&p->nlifo, memory_order_acquire) != 0)
        return true;
    return atomic_load_explicit(&p->runnext, memory_order_acquire) != NULL &&
           atomic_load_explicit(&p->status, memory_order_relaxed) != WS_P_RUNNING;
}

/* Grab half of p2's queue into p's ring starting at slot `start` (not yet
 * published).  Owner of p only; any p2.  Returns how many were grabbed. */
static uint32_t runqgrab(ws_p *p2, ws_p *p, uint32_t start, bool stealnext)
{
    for (;;) {
        /* acquire both: pairs with other consumers' CAS and the owner's tail store. */
        uint32_t h = atomic_load_explicit(&p2->runqhead, memory_order_acquire);
        uint32_t t = atomic_load_explicit(&p2->runqtail, memory_order_acquire);
        uint32_t n = t - h;
        n -= n / 2;
        if (n == 0) {
            if (stealnext) {
                ws_g *next = atomic_load_explicit(&p2->runnext, memory_order_acquire);
                /* A running P is about to run its runnext (a ping-pong
                 * partner): give it ~3 us first, as Go does, then take it
                 * (its G may run for long without a scheduling point). */
                if (next && atomic_load_explicit(&p2->status, memory_order_relaxed) == WS_P_RUNNING) {
                    int64_t end = gr__nanotime() + 3000;
                    while (gr__nanotime() < end)
                        gr__cpu_relax();
                    next = atomic_load_explicit(&p2->runnext, memory_order_acquire);
                }
                if (next &&
                    atomic_compare_exchange_strong_explicit(&p2->runnext, &next, NULL,
                                                            memory_order_acq_rel,
                                                            memory_order_relaxed)) {
                    atomic_store_explicit(&p->runq[start % WS_RUNQ], next, memory_order_relaxed);
                    return 1;
                }
            }
            return 0;
        }
        if (n > WS_RUNQ / 2)
            continue; /* read an inconsistent h and t: retry */
        for (uint32_t i = 0; i < n; i++) {
            ws_g *g = atomic_load_explicit(&p2->runq[(h + i) % WS_RUNQ], memory_order_relaxed);
            atomic_store_explicit(&p->runq[(start + i) % WS_RUNQ], g, memory_order_relaxed);
        }
        /* release: the slots were read before p2's owner may reuse them. */
        if (atomic_compare_exchange_strong_explicit(&p2->runqhead, &h, h + n, memory_order_release,
                                                    memory_order_relaxed))
            return n;
    }
}

/* Steal half of p2's Gs into p; return one of them to run.  Owner of p
 * only (its ring must be empty); any p2. */
ws_g *ws_runqsteal(ws_p *p, ws_p *p2, bool stealnext)
{
    /* relaxed: only we write our tail. */
    uint32_t t = atomic_load_explicit(&p->runqtail, memory_order_relaxed);
    uint32_t n = runqgrab(p2, p, t, false);
    if (n == 0) {
        ws_g *g = lifo_take(p2, true); /* the oldest continuation */
        if (g)
            return g;
        n = runqgrab(p2, p, t, stealnext);
    }
    if (n == 0)
        return NULL;
    n--;
    ws_g *g = atomic_load_explicit(&p->runq[(t + n) % WS_RUNQ], memory_order_relaxed);
    if (n == 0)
        return g;
    /* release: publish the grabbed slots. */
    atomic_store_explicit(&p->runqtail, t + n, memory_order_release);
    return g;
}

/* Append g to the global queue.  S.lock held; any context. */
void ws_globrunqput(ws_g *g)
{
    atomic_store_explicit(&g->status, WS_G_RUNNABLE, memory_order_relaxed); /* relaxed: dumps */
    gr__list_push_back(&S.runq, &g->runlink);
    /* relaxed: a hint for lock-free "is it empty" checks; S.lock orders it. */
    atomic_store_explicit(&S.runqsize, atomic_load_explicit(&S.runqsize, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

/* Take a batch from the global queue (Go's globrunqget): return one G and
 * move up to min(size/procs+1, max, WS_RUNQ/2) - 1 more into p's ring.
 * S.lock held; owner of p. */
ws_g *ws_globrunqget(ws_p *p, int max)
{
    int32_t size = atomic_load_explicit(&S.runqsize, memory_order_relaxed);
    if (size == 0)
        return NULL;
    int32_t n = size / S.procs + 1;
    if (n > size)
        n = size;
    if (max > 0 && n > max)
        n = max;
    if (n > WS_RUNQ / 2)
        n = WS_RUNQ / 2;
    atomic_store_explicit(&S.runqsize, size - n, memory_order_relaxed); /* relaxed: see above */
    ws_g *g = G_OF(gr__list_pop_front(&S.runq));
    n--;
    while (n-- > 0)
        ws_runqput(p, G_OF(gr__list_pop_front(&S.runq)), false);
    return g;
}
