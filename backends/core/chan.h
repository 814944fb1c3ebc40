/*
 * chan.h — the channel structure and the waiter records (sudogs) shared by
 * chan.c and select.c.  Mirrors Go's runtime/chan.go.
 *
 * Invariants (hchan's, restated for gr_chan):
 *   - at least one of sendq and recvq is empty, except when the queues hold
 *     sudogs of one select that both sends and receives on this channel;
 *   - for a buffered channel: count > 0 implies recvq is empty, and
 *     count < cap implies sendq is empty;
 *   - every field but refs is written under `lock`; closed, count and the
 *     queues' `first` are also read without it, as hints only (relaxed):
 *     a lock-free reader may act on what it saw only after taking the lock
 *     and looking again (select's fast pass); a sudog is in
 *     at most one queue (sg->queued) and is linked or unlinked under the lock
 *     of the channel it waits on;
 *   - a sudog lives on its goroutine's stack: a waker finishes every write
 *     to it (elem copy, success, g->param) before it calls ready(g), and
 *     never touches it after.
 */
#ifndef GR_CORE_CHAN_H
#define GR_CORE_CHAN_H

#include "lock.h"
#include "runtime.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct gr__sudog {
    gr_g *g;
    struct gr__sudog *next, *prev;
    void *elem; /* send: the value; recv: where to store (may be NULL) */
    gr_chan *c;
    int case_idx; /* select: index of the case; -1 otherwise */
    bool is_select;
    bool queued;  /* linked into c's sendq or recvq */
    bool success; /* woken by a communication (true) or by close (false) */
} gr__sudog;

typedef struct gr__waitq {
    gr__sudog *_Atomic first; /* written under the lock; hint reads relaxed */
    gr__sudog *last;
} gr__waitq;

struct gr_chan {
    gr__lock lock;
    _Atomic int32_t refs; /* acq_rel on release; the last one frees */
    _Atomic bool closed;  /* written under lock (relaxed); hint reads relaxed */
    size_t elem_size;
    size_t cap;
    _Atomic size_t count; /* elements in buf; as closed */
    size_t sendx, recvx;  /* ring indices into buf */
    gr__waitq recvq, sendq;
    char *buf; /* cap * elem_size bytes, right after the struct */
};

void gr__waitq_push(gr__waitq *q, gr__sudog *sg);
/* Pop the first sudog whose goroutine can still be woken: a select sudog is
 * taken only if this caller wins its g->select_done CAS. */
gr__sudog *gr__waitq_pop_slow(gr__waitq *q);
/* Unlink sg if it is still queued (select's losing cases). */
void gr__waitq_remove(gr__waitq *q, gr__sudog *sg);

/* The operations of one case, with c->lock held on entry.  Each one
 * completes the communication and RELEASES c->lock (then readies the
 * partner, if any).  See chan.c. */
void gr__chan_send_to(gr_chan *c, gr__sudog *sg, const void *elem);
void gr__chan_recv_from(gr_chan *c, gr__sudog *sg, void *elem);

/* Non-blocking send for runtime-internal producers (timers): no running
 * check, callable from any context.  GR_OK | GR_EAGAIN | GR_ECLOSED. */
int gr__chan_trysend(gr_chan *c, const void *elem);
/* Close for runtime-internal users (context cancellation). */
int gr__chan_close(gr_chan *c);

/* Field access for the fields that lock-free readers peek at.  Every
 * access is relaxed: writers hold c->lock, which orders them; lock-free
 * readers treat what they see as a hint (see the invariants above). */
static inline gr__sudog *gr__waitq_first(gr__waitq *q)
{
    return atomic_load_explicit(&q->first, memory_order_relaxed);
}
static inline size_t gr__chan_count(gr_chan *c)
{
    return atomic_load_explicit(&c->count, memory_order_relaxed);
}
static inline bool gr__chan_closed(gr_chan *c)
{
    return atomic_load_explicit(&c->closed, memory_order_relaxed);
}

/* Would this case complete now?  A lock-free hint (may be stale either
 * way): a receive is ready when a sender waits, the buffer holds a value
 * or the channel is closed; a send when a receiver waits, the buffer has
 * room or the channel is closed (the send then fails). */
static inline bool gr__chan_recv_hint(gr_chan *c)
{
    return gr__chan_count(c) > 0 || gr__waitq_first(&c->sendq) || gr__chan_closed(c);
}
static inline bool gr__chan_send_hint(gr_chan *c)
{
    return gr__chan_count(c) < c->cap || gr__waitq_first(&c->recvq) || gr__chan_closed(c);
}

/* ---- element copies and the buffer steps (inline: every send and receive
 * runs them) ---- */

/* Copy one element.  The common word sizes get a fixed-size memcpy, which
 * the compiler turns into a single move instead of a library call. */
static inline void gr__chan_copy_elem(gr_chan *c, void *dst, const void *src)
{
    if (!dst)
        return;
    switch (c->elem_size) {
    case 0:
        return;
    case 4:
        memcpy(dst, src, 4);
        return;
    case 8:
        memcpy(dst, src, 8);
        return;
    case 16:
        memcpy(dst, src, 16);
        return;
    default:
        memcpy(dst, src, c->elem_size);
    }
}

/* count changes only under c->lock; relaxed (the invariants above). */
static inline void gr__chan_count_add(gr_chan *c, int d)
{
    atomic_store_explicit(&c->count, gr__chan_count(c) + (size_t)d, memory_order_relaxed);
}

/* The buffer slot i (NULL for elem_size 0, whose buf is NULL: no
 * arithmetic on a null pointer). */
static inline char *gr__chan_slot_at(gr_chan *c, size_t i)
{
    return c->elem_size ? c->buf + i * c->elem_size : NULL;
}

static inline void gr__chan_zero_elem(gr_chan *c, void *dst)
{
    if (c->elem_size && dst)
        memset(dst, 0, c->elem_size);
}

static inline void gr__chan_buf_put(gr_chan *c, const void *elem)
{
    gr__chan_copy_elem(c, gr__chan_slot_at(c, c->sendx), elem);
    if (++c->sendx == c->cap)
        c->sendx = 0;
    gr__chan_count_add(c, 1);
    gr__lock_release(&c->lock);
}

static inline void gr__chan_buf_take(gr_chan *c, void *elem)
{
    gr__chan_copy_elem(c, elem, gr__chan_slot_at(c, c->recvx));
    if (++c->recvx == c->cap)
        c->recvx = 0;
    gr__chan_count_add(c, -1);
    gr__lock_release(&c->lock);
}

/* gr__waitq_pop with the empty check inline (the queue is usually
 * empty).  c->lock held. */
static inline gr__sudog *gr__waitq_pop(gr__waitq *q)
{
    return gr__waitq_first(q) ? gr__waitq_pop_slow(q) : NULL;
}

bool gr__sudog_park_unlock(gr_g *g, void *c); /* park unlockf: releases ((gr_chan *)c)->lock */

#endif /* GR_CORE_CHAN_H */
