/*
 * chan.h — the channel structure and the waiter records (sudogs) shared by
 * chan.c and select.c.  Mirrors Go's runtime/chan.go.
 *
 * Invariants (hchan's, restated for gr_chan):
 *   - at least one of sendq and recvq is empty, except when the queues hold
 *     sudogs of one select that both sends and receives on this channel;
 *   - for a buffered channel: count > 0 implies recvq is empty, and
 *     count < cap implies sendq is empty;
 *   - every field but refs is read and written under `lock`; a sudog is in
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

typedef struct gr__sudog {
    gr_g *g;
    struct gr__sudog *next, *prev;
    void *elem;        /* send: the value; recv: where to store (may be NULL) */
    gr_chan *c;
    int case_idx;      /* select: index of the case; -1 otherwise */
    bool is_select;
    bool queued;       /* linked into c's sendq or recvq */
    bool success;      /* woken by a communication (true) or by close (false) */
} gr__sudog;

typedef struct gr__waitq {
    gr__sudog *first, *last;
} gr__waitq;

struct gr_chan {
    gr__lock lock;
    _Atomic int32_t refs; /* acq_rel on release; the last one frees */
    bool closed;
    size_t elem_size;
    size_t cap;
    size_t count;         /* elements in buf */
    size_t sendx, recvx;  /* ring indices into buf */
    gr__waitq recvq, sendq;
    char *buf;            /* cap * elem_size bytes, right after the struct */
};

void gr__waitq_push(gr__waitq *q, gr__sudog *sg);
/* Pop the first sudog whose goroutine can still be woken: a select sudog is
 * taken only if this caller wins its g->select_done CAS. */
gr__sudog *gr__waitq_pop(gr__waitq *q);
/* Unlink sg if it is still queued (select's losing cases). */
void gr__waitq_remove(gr__waitq *q, gr__sudog *sg);

/* The operations of one case, with c->lock held on entry.  Each one
 * completes the communication and RELEASES c->lock (then readies the
 * partner, if any).  See chan.c. */
void gr__chan_send_to(gr_chan *c, gr__sudog *sg, const void *elem);
void gr__chan_recv_from(gr_chan *c, gr__sudog *sg, void *elem);
void gr__chan_buf_put(gr_chan *c, const void *elem);
void gr__chan_buf_take(gr_chan *c, void *elem);

/* Non-blocking send for runtime-internal producers (timers): no running
 * check, callable from any context.  GR_OK | GR_EAGAIN | GR_ECLOSED. */
int gr__chan_trysend(gr_chan *c, const void *elem);
/* Close for runtime-internal users (context cancellation). */
int gr__chan_close(gr_chan *c);

bool gr__sudog_park_unlock(gr_g *g, void *c); /* park unlockf: releases ((gr_chan *)c)->lock */

#endif /* GR_CORE_CHAN_H */
