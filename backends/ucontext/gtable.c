/*
 * gtable.c — the ucontext backend's table of goroutines: the list of live
 * Gs (for each_g, dumps and leak reports), the free list of dead Gs with
 * their stacks (reuse is the design: first touch of a page costs ~12 us on
 * the reference machines), the goroutine count and the statistics.
 *
 * Invariants:
 *   - G.lock (glock) guards allg and gfree; it is a leaf lock: nothing else
 *     is taken while it is held, and each_g's callback must not block;
 *   - a G is on allg from uc_g_alloc until uc_g_free, and on gfree only
 *     while dead; a G on gfree keeps a stack of uc_S.stack_size bytes and a
 *     valid saved context, so reuse costs no system call;
 *   - ngo == the length of allg (kept separately so numgoroutine is one
 *     load).
 */
#include "uc.h"

#include <stdlib.h>
#include <string.h>

#define S uc_S

static gr__lock glock = GR__LOCK_INIT;
static uc_g *allg;  /* live Gs, doubly linked [glock] */
static uc_g *gfree; /* dead Gs, linked through schednext [glock] */
/* Gs leaked by earlier gr_runs, linked through allnext [glock]: kept
 * reachable on purpose (they are never freed, see uc_gtable_reset), so
 * that LeakSanitizer reports the user's leak once, not our bookkeeping. */
static uc_g *leaked;
/* Live goroutines.  Written under glock; stores are release and
 * numgoroutine's load is acquire, so a goroutine that sees the count drop
 * also sees what the exited goroutines wrote (tests wait on it that way;
 * the exit's switch to g0 orders the G's writes before the store). */
static _Atomic long ngo;

/* A G ready to run fn(arg): from the free list, or new.  G context or the
 * gr_run thread; no lock held (takes glock).  NULL on ENOMEM. */
uc_g *uc_g_alloc(void (*fn)(void *), void *arg)
{
    gr__lock_acquire(&glock);
    uc_g *g = gfree;
    if (g)
        gfree = g->schednext;
    gr__lock_release(&glock);

    if (!g) {
        g = calloc(1, sizeof *g);
        if (!g)
            return NULL;
        if (gr__stack_get(&g->stack, S.stack_size) != 0) {
            free(g);
            return NULL;
        }
        uc_g_san_init(g);
    }
    if (uc_g_make(g) != GR_OK) {
        uc_g_san_destroy(g);
        gr__stack_put(&g->stack);
        free(g);
        return NULL;
    }
    memset(&g->g, 0, sizeof g->g);
    g->g.start_fn = fn;
    g->fn = fn;
    g->arg = arg;
    g->schednext = NULL;
    g->is_main = false;
    g->status = UC_G_RUNNABLE;
    g->gen = S.gen;

    gr__lock_acquire(&glock);
    g->allprev = NULL;
    g->allnext = allg;
    if (allg)
        allg->allprev = g;
    allg = g;
    atomic_store_explicit(&ngo, atomic_load_explicit(&ngo, memory_order_relaxed) + 1,
                          memory_order_release);
    gr__lock_release(&glock);
    return g;
}

/* g returned from its function.  g0 of the M that ran it; no lock held. */
void uc_g_free(uc_g *g)
{
    g->status = UC_G_DEAD;
    gr__lock_acquire(&glock);
    if (g->allprev)
        g->allprev->allnext = g->allnext;
    else
        allg = g->allnext;
    if (g->allnext)
        g->allnext->allprev = g->allprev;
    g->allnext = g->allprev = NULL;
    atomic_store_explicit(&ngo, atomic_load_explicit(&ngo, memory_order_relaxed) - 1,
                          memory_order_release);
    g->status = UC_G_IDLE;
    g->schednext = gfree;
    gfree = g;
    gr__lock_release(&glock);
}

/* Shutdown: forget the live (leaked) Gs without freeing them — their
 * stacks may still hold waiter records that core objects point to — and
 * return the dead ones' stacks to the core's pool.  No worker runs. */
void uc_gtable_reset(void)
{
    gr__lock_acquire(&glock);
    uc_g *f = gfree;
    gfree = NULL;
    if (allg) {
        uc_g *last = allg;
        while (last->allnext)
            last = last->allnext;
        last->allnext = leaked;
        leaked = allg;
    }
    allg = NULL;
    atomic_store_explicit(&ngo, 0, memory_order_relaxed);
    gr__lock_release(&glock);
    while (f) {
        uc_g *next = f->schednext;
        uc_g_san_destroy(f);
        gr__stack_put(&f->stack);
        free(f);
        f = next;
    }
}

/* Port op numgoroutine.  Any context. */
long uc_numgoroutine(void)
{
    return atomic_load_explicit(&ngo, memory_order_acquire);
}

/* Port op each_g.  Any context; holds glock during the walk. */
void uc_each_g(void (*fn)(gr_g *, void *), void *arg)
{
    gr__lock_acquire(&glock);
    for (uc_g *g = allg; g; g = g->allnext)
        fn(&g->g, arg);
    gr__lock_release(&glock);
}

/* Port op stats.  Any context; walks the Ms under S.lock. */
void uc_stats(gr_port_stats *out)
{
    memset(out, 0, sizeof *out);
    gr__lock_acquire(&S.lock);
    for (uc_m *m = S.allm; m; m = m->allnext)
        out->switches += atomic_load_explicit(&m->nswitch, memory_order_relaxed);
    gr__lock_release(&S.lock);
    /* relaxed: statistics. */
    out->spawns = atomic_load_explicit(&S.nspawn, memory_order_relaxed);
    out->threads = atomic_load_explicit(&S.nthreads, memory_order_relaxed);
    out->handoffs = atomic_load_explicit(&S.nhandoff, memory_order_relaxed);
}
