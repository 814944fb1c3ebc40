/*
 * sema.c — hashed semaphore and notify-list buckets (see sema.h).
 *
 * Invariants: a bucket's waiter list (list.h) and nwait change only under
 * the bucket's lock; a waiter lives in its goroutine's frame and is on
 * the list exactly while that goroutine is parked on it.
 */
#include "sema.h"

#include "list.h"
#include "lock.h"

#define NBUCKETS 251

typedef struct waiter {
    gr_g *g;
    const void *addr;
    uint32_t ticket; /* notify lists: this waiter's ticket */
    bool handed;     /* sema: the releaser handed us the count */
    gr__link link;   /* on its bucket's list [bucket lock] */
} waiter;

typedef struct bucket {
    gr__lock lock;
    _Atomic uint32_t nwait; /* waiters counted in; read without the lock as a hint */
    gr__list waiters;       /* [lock] */
    char pad[64 - sizeof(gr__lock) - sizeof(uint32_t) - sizeof(gr__list)];
} bucket;

#define W(n) gr__list_entry((n), waiter, link)

static bucket table[NBUCKETS];

static bucket *bucket_of(const void *addr)
{
    return &table[((uintptr_t)addr >> 3) % NBUCKETS];
}

/* The first waiter on addr (with the ticket, for notify lists), or NULL. */
static waiter *find(bucket *b, const void *addr, bool by_ticket, uint32_t ticket)
{
    for (gr__link *n = b->waiters.head; n; n = n->next)
        if (W(n)->addr == addr && (!by_ticket || W(n)->ticket == ticket))
            return W(n);
    return NULL;
}

/* Insert before the first waiter on the same address (LIFO among them). */
static void push_front_of_addr(bucket *b, waiter *w)
{
    waiter *at = find(b, w->addr, false, 0);
    if (at)
        gr__list_insert_before(&b->waiters, &at->link, &w->link);
    else
        gr__list_push_back(&b->waiters, &w->link);
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
            gr__list_push_back(&b->waiters, &w.link);
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
    waiter *w = find(b, addr, false, 0);
    if (w) {
        gr__list_remove(&b->waiters, &w->link);
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
    gr__list_push_back(&b->waiters, &w.link);
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
    waiter *w = find(b, l, true, t);
    if (w)
        gr__list_remove(&b->waiters, &w->link);
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
    gr__list woken = {0};
    for (gr__link *n = b->waiters.head, *nx; n; n = nx) {
        nx = n->next;
        if (W(n)->addr == l) {
            gr__list_remove(&b->waiters, n);
            gr__list_push_back(&woken, n);
        }
    }
    gr__lock_release(&b->lock);
    for (gr__link *n; (n = gr__list_pop_front(&woken));)
        gr__port.ready(W(n)->g); /* popped before ready: the waiter dies with its frame */
}
