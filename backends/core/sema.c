/*
 * sema.c — hashed semaphore and notify-list buckets (see sema.h).
 */
#include "sema.h"

#include "lock.h"

#define NBUCKETS 251

typedef struct waiter {
    gr_g *g;
    const void *addr;
    uint32_t ticket;         /* notify lists: this waiter's ticket */
    bool handed;             /* sema: the releaser handed us the count */
    struct waiter *next, *prev;
} waiter;

typedef struct bucket {
    gr__lock lock;
    _Atomic uint32_t nwait; /* waiters counted in; read without the lock as a hint */
    waiter *head, *tail;
    char pad[64 - sizeof(gr__lock) - sizeof(uint32_t) - 2 * sizeof(void *)];
} bucket;

static bucket table[NBUCKETS];

static bucket *bucket_of(const void *addr)
{
    return &table[((uintptr_t)addr >> 3) % NBUCKETS];
}

static void push_back(bucket *b, waiter *w)
{
    w->next = NULL;
    w->prev = b->tail;
    if (b->tail)
        b->tail->next = w;
    else
        b->head = w;
    b->tail = w;
}

/* Insert before the first waiter on the same address (LIFO among them). */
static void push_front_of_addr(bucket *b, waiter *w)
{
    waiter *at = b->head;
    while (at && at->addr != w->addr)
        at = at->next;
    if (!at) {
        push_back(b, w);
        return;
    }
    w->next = at;
    w->prev = at->prev;
    if (at->prev)
        at->prev->next = w;
    else
        b->head = w;
    at->prev = w;
}

static void unlink_w(bucket *b, waiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        b->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        b->tail = w->prev;
    w->next = w->prev = NULL;
}

static bool can_acquire(_Atomic uint32_t *addr)
{
    uint32_t v = atomic_load_explicit(addr, memory_order_relaxed);
    while (v > 0) {
        /* acquire: what the releaser published is visible to the acquirer. */
        if (atomic_compare_exchange_weak_explicit(addr, &v, v - 1, memory_order_acquire,
                                                  memory_order_relaxed))
            return true;
    }
    return false;
}

void gr__sema_acquire(_Atomic uint32_t *addr, bool lifo, gr__wait why, const void *obj)
{
    if (can_acquire(addr))
        return;
    gr_g *g = gr__port.current();
    bucket *b = bucket_of(addr);
    for (;;) {
        gr__lock_acquire(&b->lock);
        /* seq_cst pairs with the releaser's seq_cst increment + nwait load:
         * either it sees us counted, or we see its increment. */
        atomic_fetch_add_explicit(&b->nwait, 1, memory_order_seq_cst);
        if (can_acquire(addr)) {
            atomic_fetch_sub_explicit(&b->nwait, 1, memory_order_relaxed);
            gr__lock_release(&b->lock);
            return;
        }
        waiter w = {.g = g, .addr = addr};
        if (lifo)
            push_front_of_addr(b, &w);
        else
            push_back(b, &w);
        gr__park(g, why, obj, gr__lock_unlockf, &b->lock);
        if (w.handed || can_acquire(addr))
            return;
        lifo = true; /* woken but beaten to it: go to the front next time */
    }
}

void gr__sema_release(_Atomic uint32_t *addr, bool handoff)
{
    bucket *b = bucket_of(addr);
    /* seq_cst: see gr__sema_acquire. */
    atomic_fetch_add_explicit(addr, 1, memory_order_seq_cst);
    if (atomic_load_explicit(&b->nwait, memory_order_seq_cst) == 0)
        return;
    gr__lock_acquire(&b->lock);
    if (atomic_load_explicit(&b->nwait, memory_order_relaxed) == 0) {
        gr__lock_release(&b->lock);
        return;
    }
    waiter *w = b->head;
    while (w && w->addr != addr)
        w = w->next;
    if (w) {
        unlink_w(b, w);
        atomic_fetch_sub_explicit(&b->nwait, 1, memory_order_relaxed);
    }
    gr__lock_release(&b->lock);
    if (!w)
        return;
    gr_g *wg = w->g;
    if (handoff && can_acquire(addr))
        w->handed = true;
    bool handed = w->handed;
    gr__port.ready(wg); /* w is dead from here on */
    if (handed) {
        gr_g *self = gr__port.current();
        if (self)
            gr__port.yield(); /* let the waiter run now (starvation mode) */
    }
}

/* ---- notify lists --------------------------------------------------------- */

static bool ticket_less(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

uint32_t gr__notify_add(gr__notify *l)
{
    /* seq_cst (Go's atomics): a notifier's fast-path check below must not
     * miss a ticket taken before the user's mutex was released. */
    return atomic_fetch_add_explicit(&l->wait, 1, memory_order_seq_cst);
}

void gr__notify_wait(gr__notify *l, uint32_t ticket)
{
    gr_g *g = gr__port.current();
    bucket *b = bucket_of(l);
    gr__lock_acquire(&b->lock);
    if (ticket_less(ticket, atomic_load_explicit(&l->notify, memory_order_relaxed))) {
        gr__lock_release(&b->lock); /* already notified */
        return;
    }
    waiter w = {.g = g, .addr = l, .ticket = ticket};
    push_back(b, &w);
    gr__park(g, GR__WAIT_COND, l, gr__lock_unlockf, &b->lock);
}

void gr__notify_one(gr__notify *l)
{
    /* Fast path: nobody took a ticket since the last notify (seq_cst, see
     * gr__notify_add). */
    if (atomic_load_explicit(&l->wait, memory_order_seq_cst) ==
        atomic_load_explicit(&l->notify, memory_order_seq_cst))
        return;
    bucket *b = bucket_of(l);
    gr__lock_acquire(&b->lock);
    uint32_t t = atomic_load_explicit(&l->notify, memory_order_relaxed);
    if (t == atomic_load_explicit(&l->wait, memory_order_relaxed)) {
        gr__lock_release(&b->lock);
        return;
    }
    atomic_store_explicit(&l->notify, t + 1, memory_order_relaxed);
    waiter *w = b->head;
    while (w && !(w->addr == l && w->ticket == t))
        w = w->next;
    if (w)
        unlink_w(b, w);
    gr__lock_release(&b->lock);
    /* w == NULL: ticket t was taken but its owner has not queued yet; it
     * will see notify > t and not sleep. */
    if (w)
        gr__port.ready(w->g);
}

void gr__notify_all(gr__notify *l)
{
    if (atomic_load_explicit(&l->wait, memory_order_seq_cst) ==
        atomic_load_explicit(&l->notify, memory_order_seq_cst))
        return;
    bucket *b = bucket_of(l);
    gr__lock_acquire(&b->lock);
    atomic_store_explicit(&l->notify, atomic_load_explicit(&l->wait, memory_order_relaxed),
                          memory_order_relaxed);
    waiter *list = NULL;
    for (waiter *w = b->head, *nx; w; w = nx) {
        nx = w->next;
        if (w->addr == l) {
            unlink_w(b, w);
            w->next = list;
            list = w;
        }
    }
    gr__lock_release(&b->lock);
    while (list) {
        waiter *w = list;
        list = w->next; /* read before ready: w dies with its frame */
        gr__port.ready(w->g);
    }
}
