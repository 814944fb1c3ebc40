/*
 * stack_cache.c — goroutine records and their stacks: allocation, per-P
 * free caches (Go's gfget/gfput), the list of every G (for each_g), and
 * slab stacks.
 *
 * A ws_g lives at the top of its own stack mapping, so a G and its stack
 * are one object, reused together: a parked goroutine whose frames fit in
 * the rest of that page costs one resident page (README: idle memory).
 *
 * Stacks: one guard page each.  Core stack.h maps every stack separately
 * and mprotects its guard, which costs two kernel VMAs per stack, and
 * vm.max_map_count (65530 by default) then caps a process at about 32,000
 * goroutines.  Where the kernel has MADV_GUARD_INSTALL (Linux 6.13+), ws
 * carves stacks from 64-stack slabs and installs each guard with madvise:
 * guard regions fault like PROT_NONE but create no VMA, so a million
 * goroutines fit.  Elsewhere (or under tools that refuse the advice) it
 * falls back to gr__stack_get.  Either way the guard page is reported by
 * the core's SIGSEGV handler as "goroutine stack overflow".
 *
 * Invariants:
 *   - p->gfree is touched only by the owner of p; S.gfree under S.gflock
 *     (stored with relaxed atomics, since ws_galloc peeks at it unlocked);
 *   - S.allg only grows (under S.alllock), except at init when Gs of a
 *     stale stack size are destroyed; a G leaked by an earlier run stays
 *     on it forever with its old gen, so each_g skips it;
 *   - a free G keeps its stack, its TSan fiber and its pages.
 */
#include "ws.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

#define S ws_S
#define GCACHE_MAX 64  /* a P keeps at most this many free Gs ... */
#define GCACHE_MOVE 32 /* ... and moves this many to/from the global list */
#define SLAB_N 64

#define GSZ ((sizeof(ws_g) + 63) & ~(size_t)63)

static _Atomic int slab_ok = 1; /* relaxed: once 0, stays 0 */
static gr__lock slab_lock = GR__LOCK_INIT;
static char *slab_cur;
static size_t slab_left, slab_stride;

static int stack_new(gr__stack *s, size_t size, bool *slab)
{
    *slab = false;
    static _Atomic int checked; /* relaxed: a benign race reads the env twice */
    if (!atomic_load_explicit(&checked, memory_order_relaxed)) {
        if (gr__debug_token("noslab", NULL, 0)) /* GR_DEBUG=noslab: core stacks only */
            atomic_store_explicit(&slab_ok, 0, memory_order_relaxed);
        atomic_store_explicit(&checked, 1, memory_order_relaxed);
    }
    if (atomic_load_explicit(&slab_ok, memory_order_relaxed)) {
        size_t stride = size + GR__GUARD;
        gr__lock_acquire(&slab_lock);
        if (slab_left == 0 || slab_stride != stride) {
            char *b = mmap(NULL, stride * SLAB_N, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            if (b == MAP_FAILED) {
                gr__lock_release(&slab_lock);
                return GR_ENOMEM;
            }
            slab_cur = b;
            slab_left = SLAB_N;
            slab_stride = stride;
        }
        char *m = slab_cur;
        slab_cur += stride;
        slab_left--;
        gr__lock_release(&slab_lock);
        if (madvise(m, GR__GUARD, MADV_GUARD_INSTALL) == 0) {
            s->map = m;
            s->lo = m + GR__GUARD;
            s->size = size;
            s->vg_id = GR__VG_STACK_REGISTER(s->lo, s->lo + size);
            *slab = true;
            return 0;
        }
        munmap(m, stride);
        atomic_store_explicit(&slab_ok, 0, memory_order_relaxed);
    }
    return gr__stack_get(s, size);
}

static void stack_free(gr__stack *s, bool slab)
{
    if (slab) {
        GR__VG_STACK_DEREGISTER(s->vg_id);
        munmap(s->map, s->size + GR__GUARD);
    } else {
        gr__stack_put(s);
    }
}

static ws_g *gnew(void)
{
    gr__stack s;
    bool slab;
    if (stack_new(&s, S.stack_size, &slab) != 0)
        return NULL;
    ws_g *g = (ws_g *)(s.lo + s.size - GSZ);
    memset(g, 0, sizeof *g);
    g->stack = s;
    g->slab = slab;
    g->san.stack_lo = s.lo;
    g->san.stack_size = s.size - GSZ;
#ifdef GR__TSAN
    g->san.tsan_fiber = __tsan_create_fiber(0);
#endif
    gr__lock_acquire(&S.alllock);
    g->allnext = S.allg;
    S.allg = g;
    gr__lock_release(&S.alllock);
    return g;
}

static void gdestroy(ws_g *g)
{
#ifdef GR__TSAN
    if (g->san.tsan_fiber)
        __tsan_destroy_fiber(g->san.tsan_fiber);
#endif
    gr__stack s = g->stack;
    stack_free(&s, g->slab);
}

/* A G ready to start fn(arg).  Owner of p, or p == NULL (global list). */
ws_g *ws_galloc(ws_p *p, void (*fn)(void *), void *arg)
{
    ws_g *g = NULL;
    if (p) {
        /* relaxed peek (stores below are relaxed atomics under S.gflock): a
         * stale answer only means one trip to the global list more or less. */
        if (!p->gfree && __atomic_load_n(&S.gfree, __ATOMIC_RELAXED)) {
            gr__lock_acquire(&S.gflock);
            while (S.gfree && p->ngfree < GCACHE_MOVE) {
                ws_g *x = S.gfree;
                __atomic_store_n(&S.gfree, x->schedlink, __ATOMIC_RELAXED);
                S.ngfree--;
                x->schedlink = p->gfree;
                p->gfree = x;
                p->ngfree++;
            }
            gr__lock_release(&S.gflock);
        }
        g = p->gfree;
        if (g) {
            p->gfree = g->schedlink;
            p->ngfree--;
        }
    } else {
        gr__lock_acquire(&S.gflock);
        g = S.gfree;
        if (g) {
            __atomic_store_n(&S.gfree, g->schedlink, __ATOMIC_RELAXED);
            S.ngfree--;
        }
        gr__lock_release(&S.gflock);
    }
    if (!g) {
        g = gnew();
        if (!g)
            return NULL;
    }
    if (ws_ctx_make(&g->ctx, g->stack.lo, g->stack.size - GSZ) != GR_OK) {
        ws_gfput(p, g);
        return NULL;
    }
    memset(&g->g, 0, sizeof g->g);
    g->g.start_fn = fn;
    g->fn = fn;
    g->arg = arg;
    g->schedlink = NULL;
    g->is_main = false;
    g->gen = S.gen;
    g->san.asan_fake_stack = NULL;
    atomic_store_explicit(&g->status, WS_G_RUNNABLE, memory_order_relaxed); /* relaxed: dumps */
    return g;
}

/* g is dead.  Owner of p, or p == NULL (global list). */
void ws_gfput(ws_p *p, ws_g *g)
{
    atomic_store_explicit(&g->status, WS_G_IDLE, memory_order_relaxed); /* relaxed: dumps */
    if (!p) {
        gr__lock_acquire(&S.gflock);
        g->schedlink = S.gfree;
        __atomic_store_n(&S.gfree, g, __ATOMIC_RELAXED);
        S.ngfree++;
        gr__lock_release(&S.gflock);
        return;
    }
    g->schedlink = p->gfree;
    p->gfree = g;
    if (++p->ngfree < GCACHE_MAX)
        return;
    gr__lock_acquire(&S.gflock);
    while (p->ngfree > GCACHE_MAX - GCACHE_MOVE) {
        ws_g *x = p->gfree;
        p->gfree = x->schedlink;
        p->ngfree--;
        x->schedlink = S.gfree;
        __atomic_store_n(&S.gfree, x, __ATOMIC_RELAXED);
        S.ngfree++;
    }
    gr__lock_release(&S.gflock);
}

/* Shutdown (no M runs p): move p's cache to the global list. */
void ws_gcache_flush(ws_p *p)
{
    while (p->gfree) {
        ws_g *g = p->gfree;
        p->gfree = g->schedlink;
        p->ngfree--;
        ws_gfput(NULL, g);
    }
}

/* Init (no M runs): destroy free Gs whose stacks have another size. */
void ws_gcache_reset(size_t stack_size)
{
    gr__lock_acquire(&S.gflock);
    ws_g *f = S.gfree, *keep = NULL, *drop = NULL;
    int nkeep = 0;
    while (f) {
        ws_g *nx = f->schedlink;
        if (f->stack.size == stack_size) {
            f->schedlink = keep;
            keep = f;
            nkeep++;
        } else {
            f->schedlink = drop;
            drop = f;
            f->gen = UINT64_MAX; /* the mark for the allg filter below */
        }
        f = nx;
    }
    __atomic_store_n(&S.gfree, keep, __ATOMIC_RELAXED);
    S.ngfree = nkeep;
    gr__lock_release(&S.gflock);
    if (!drop)
        return;
    /* Unlink the dropped ones (gen == UINT64_MAX) from allg. */
    gr__lock_acquire(&S.alllock);
    for (ws_g **pp = &S.allg; *pp;) {
        if ((*pp)->gen == UINT64_MAX)
            *pp = (*pp)->allnext;
        else
            pp = &(*pp)->allnext;
    }
    gr__lock_release(&S.alllock);
    while (drop) {
        ws_g *nx = drop->schedlink;
        gdestroy(drop);
        drop = nx;
    }
}

/* Port op each_g.  Any context; holds S.alllock during the walk. */
void ws_each_g(void (*fn)(gr_g *, void *), void *arg)
{
    gr__lock_acquire(&S.alllock);
    for (ws_g *g = S.allg; g; g = g->allnext) {
        int st = atomic_load_explicit(&g->status, memory_order_relaxed); /* relaxed: a snapshot */
        if (g->gen == S.gen && st != WS_G_IDLE && st != WS_G_DEAD)
            fn(&g->g, arg);
    }
    gr__lock_release(&S.alllock);
}

/* Port op g_runnable.  Any context, no lock: status is a relaxed atomic
 * kept for dumps (ws.h), so this is a snapshot. */
bool ws_g_runnable(gr_g *gg)
{
    return atomic_load_explicit(&((ws_g *)gg)->status, memory_order_relaxed) == WS_G_RUNNABLE;
}
