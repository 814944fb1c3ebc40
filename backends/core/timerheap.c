/*
 * timerheap.c — binary min-heap of gr__tmr ordered by `when` (see
 * timerheap.h for the invariants and who runs the heaps).
 */
#include "timerheap.h"

#include "port.h"

#include <stdlib.h>

void gr__theap_init(gr__theap *h)
{
    h->lock = (gr__lock)GR__LOCK_INIT;
    h->v = NULL;
    h->n = h->cap = 0;
    atomic_store_explicit(&h->firing, 0, memory_order_relaxed);
}

void gr__tmr_init(gr__tmr *t, void (*fire)(gr__tmr *, int64_t), void (*destroy)(gr__tmr *))
{
    t->when = 0;
    t->period = 0;
    t->fire = fire;
    t->destroy = destroy;
    t->idx = -1;
    atomic_init(&t->refs, 1);
    atomic_init(&t->heap, NULL);
}

void gr__tmr_ref(gr__tmr *t)
{
    /* relaxed: the caller already holds a reference. */
    atomic_fetch_add_explicit(&t->refs, 1, memory_order_relaxed);
}

void gr__tmr_unref(gr__tmr *t)
{
    /* acq_rel: the last owner sees every write made under other refs. */
    if (atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) == 1 && t->destroy)
        t->destroy(t);
}

static void sift_up(gr__theap *h, size_t i)
{
    gr__tmr *t = h->v[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->v[p]->when <= t->when)
            break;
        h->v[i] = h->v[p];
        h->v[i]->idx = (int32_t)i;
        i = p;
    }
    h->v[i] = t;
    t->idx = (int32_t)i;
}

static void sift_down(gr__theap *h, size_t i)
{
    gr__tmr *t = h->v[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->v[c + 1]->when < h->v[c]->when)
            c++;
        if (t->when <= h->v[c]->when)
            break;
        h->v[i] = h->v[c];
        h->v[i]->idx = (int32_t)i;
        i = c;
    }
    h->v[i] = t;
    t->idx = (int32_t)i;
}

/* Remove index i; h->lock held. */
static void heap_remove(gr__theap *h, size_t i)
{
    gr__tmr *t = h->v[i];
    h->n--;
    if (i != h->n) {
        h->v[i] = h->v[h->n];
        h->v[i]->idx = (int32_t)i;
        sift_down(h, i);
        sift_up(h, (size_t)h->v[i]->idx);
    }
    t->idx = -1;
    /* relaxed: readers re-check under the heap's lock. */
    atomic_store_explicit(&t->heap, NULL, memory_order_relaxed);
}

/* Insert; h->lock held; capacity checked by the caller. */
static void heap_insert(gr__theap *h, gr__tmr *t)
{
    h->v[h->n] = t;
    t->idx = (int32_t)h->n;
    h->n++;
    atomic_store_explicit(&t->heap, h, memory_order_relaxed);
    sift_up(h, (size_t)t->idx);
}

static bool heap_reserve(gr__theap *h)
{
    if (h->n < h->cap)
        return true;
    size_t ncap = h->cap ? h->cap * 2 : 64;
    gr__tmr **nv = realloc(h->v, ncap * sizeof *nv);
    if (!nv)
        return false;
    h->v = nv;
    h->cap = ncap;
    return true;
}

/* Lock the heap t is pending in, or return NULL with nothing locked. */
static gr__theap *lock_owner(gr__tmr *t)
{
    for (;;) {
        gr__theap *h = atomic_load_explicit(&t->heap, memory_order_acquire);
        if (!h)
            return NULL;
        gr__lock_acquire(&h->lock);
        if (atomic_load_explicit(&t->heap, memory_order_relaxed) == h)
            return h;
        gr__lock_release(&h->lock); /* moved meanwhile: retry */
    }
}

bool gr__tmr_disarm(gr__tmr *t)
{
    gr__theap *h = lock_owner(t);
    if (!h)
        return false;
    heap_remove(h, (size_t)t->idx);
    gr__lock_release(&h->lock);
    gr__tmr_unref(t); /* the heap's reference; the caller still holds one */
    return true;
}

bool gr__tmr_arm(gr__tmr *t, int64_t when, int64_t period, bool *enomem)
{
    gr__theap *nh = gr__port.timer_heap();
    if (enomem)
        *enomem = false;
    /* Reserve first so that a failed arm has no effect. */
    gr__lock_acquire(&nh->lock);
    if (!heap_reserve(nh)) {
        gr__lock_release(&nh->lock);
        if (enomem)
            *enomem = true;
        return false;
    }
    gr__lock_release(&nh->lock);

    bool was = gr__tmr_disarm(t);
    gr__tmr_ref(t); /* the heap's reference */
    gr__lock_acquire(&nh->lock);
    if (!heap_reserve(nh)) {
        /* Only another timer's insert could have used the slot we reserved
         * and realloc failed: report it, after the disarm (documented). */
        gr__lock_release(&nh->lock);
        gr__tmr_unref(t);
        if (enomem)
            *enomem = true;
        return was;
    }
    t->when = when;
    t->period = period;
    heap_insert(nh, t);
    bool first = t->idx == 0;
    gr__lock_release(&nh->lock);
    if (first)
        gr__port.timer_kick(nh, when);
    return was;
}

int64_t gr__theap_run(gr__theap *h, int64_t now)
{
    for (;;) {
        gr__lock_acquire(&h->lock);
        if (h->n == 0) {
            gr__lock_release(&h->lock);
            return INT64_MAX;
        }
        gr__tmr *t = h->v[0];
        if (t->when > now) {
            int64_t next = t->when;
            gr__lock_release(&h->lock);
            return next;
        }
        int64_t when = t->when;
        if (t->period > 0) {
            /* Re-arm in place, skipping the periods already missed. */
            int64_t skip = 1 + (now - when) / t->period;
            t->when = when + skip * t->period;
            sift_down(h, 0);
            gr__tmr_ref(t); /* pin for the callback */
        } else {
            heap_remove(h, 0); /* the heap's reference passes to the callback pin */
        }
        /* relaxed: read by deadlock checks under this lock. */
        atomic_fetch_add_explicit(&h->firing, 1, memory_order_relaxed);
        gr__lock_release(&h->lock);
        t->fire(t, now);
        gr__tmr_unref(t);
        gr__lock_acquire(&h->lock);
        atomic_fetch_sub_explicit(&h->firing, 1, memory_order_relaxed);
        gr__lock_release(&h->lock);
    }
}

int64_t gr__theap_next(gr__theap *h)
{
    gr__lock_acquire(&h->lock);
    int64_t next = h->n ? h->v[0]->when : INT64_MAX;
    gr__lock_release(&h->lock);
    return next;
}

bool gr__theap_idle(gr__theap *h)
{
    gr__lock_acquire(&h->lock);
    bool idle = h->n == 0 && atomic_load_explicit(&h->firing, memory_order_relaxed) == 0;
    gr__lock_release(&h->lock);
    return idle;
}

void gr__theap_destroy(gr__theap *h)
{
    gr__lock_acquire(&h->lock);
    size_t n = h->n;
    gr__tmr **v = h->v;
    for (size_t i = 0; i < n; i++) {
        v[i]->idx = -1;
        atomic_store_explicit(&v[i]->heap, NULL, memory_order_relaxed);
    }
    h->v = NULL;
    h->n = h->cap = 0;
    gr__lock_release(&h->lock);
    for (size_t i = 0; i < n; i++)
        gr__tmr_unref(v[i]);
    free(v);
}
