/*
 * chan.c — channels: make/retain/release, send, receive, close, len, cap.
 * The structure and its invariants are in chan.h; select is in select.c.
 *
 * Each operation follows chan.go: take the lock, (1) hand the value straight
 * to a waiting partner, else (2) use the buffer, else (3) fail (try-ops) or
 * queue a sudog on this goroutine's stack and park, releasing the lock in
 * park's unlock function.  A waker completes the transfer itself, so the
 * woken goroutine only reads `success`.
 */
#include "chan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- wait queues --------------------------------------------------------- */

/* q->first is only written here and in unlink_sg, under the channel lock;
 * relaxed (chan.h: lock-free readers take it as a hint). */
static inline void set_first(gr__waitq *q, gr__sudog *sg)
{
    atomic_store_explicit(&q->first, sg, memory_order_relaxed);
}

void gr__waitq_push(gr__waitq *q, gr__sudog *sg)
{
    sg->next = NULL;
    sg->prev = q->last;
    if (q->last)
        q->last->next = sg;
    else
        set_first(q, sg);
    q->last = sg;
    sg->queued = true;
}

static void unlink_sg(gr__waitq *q, gr__sudog *sg)
{
    if (sg->prev)
        sg->prev->next = sg->next;
    else
        set_first(q, sg->next);
    if (sg->next)
        sg->next->prev = sg->prev;
    else
        q->last = sg->prev;
    sg->next = sg->prev = NULL;
    sg->queued = false;
}

gr__sudog *gr__waitq_pop_slow(gr__waitq *q)
{
    for (;;) {
        gr__sudog *sg = gr__waitq_first(q);
        if (!sg)
            return NULL;
        unlink_sg(q, sg);
        if (sg->is_select) {
            uint32_t zero = 0;
            /* acq_rel: the winner owns the wakeup and sees the select's
             * setup; a loser just drops this stale record. */
            if (!atomic_compare_exchange_strong_explicit(
                    &sg->g->select_done, &zero, 1, memory_order_acq_rel, memory_order_relaxed))
                continue;
        }
        return sg;
    }
}

void gr__waitq_remove(gr__waitq *q, gr__sudog *sg)
{
    if (sg->queued)
        unlink_sg(q, sg);
}

bool gr__sudog_park_unlock(gr_g *g, void *c)
{
    (void)g;
    gr__lock_release(&((gr_chan *)c)->lock);
    return true;
}

/* ---- make / refcount ----------------------------------------------------- */

GR_EXTERN gr_chan *gr_chan_make(size_t elem_size, size_t cap)
{
    if (!gr__running())
        return NULL;
    if (elem_size && cap > (SIZE_MAX - sizeof(gr_chan)) / elem_size)
        return NULL; /* EINVAL: the buffer size overflows */
    size_t bufsz = elem_size * cap;
    gr_chan *c = malloc(sizeof *c + bufsz);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    atomic_init(&c->refs, 1);
    atomic_init(&c->closed, false);
    atomic_init(&c->count, 0);
    atomic_init(&c->recvq.first, NULL);
    atomic_init(&c->sendq.first, NULL);
    c->elem_size = elem_size;
    c->cap = cap;
    c->buf = bufsz ? (char *)(c + 1) : NULL;
    return c;
}

GR_EXTERN gr_chan *gr_chan_retain(gr_chan *c)
{
    if (c) /* relaxed: the caller already holds a reference */
        atomic_fetch_add_explicit(&c->refs, 1, memory_order_relaxed);
    return c;
}

GR_EXTERN void gr_chan_release(gr_chan *c)
{
    /* acq_rel: the last releaser sees all writes made under other refs. */
    if (c && atomic_fetch_sub_explicit(&c->refs, 1, memory_order_acq_rel) == 1)
        free(c);
}

/* ---- the transfer steps (c->lock held on entry, released on return) ----- */

/* Wake sg's goroutine after releasing c->lock (sg is dead after ready). */
static void finish_wake(gr_chan *c, gr__sudog *sg)
{
    gr_g *g = sg->g;
    sg->success = true;
    g->param = sg;
    gr__lock_release(&c->lock);
    gr__port.ready(g);
}

/* A receiver sg waits: give it the value directly. */
void gr__chan_send_to(gr_chan *c, gr__sudog *sg, const void *elem)
{
    gr__chan_copy_elem(c, sg->elem, elem);
    finish_wake(c, sg);
}

/* A sender sg waits: take its value (through the full buffer if buffered). */
void gr__chan_recv_from(gr_chan *c, gr__sudog *sg, void *elem)
{
    if (c->cap == 0) {
        gr__chan_copy_elem(c, elem, sg->elem);
    } else {
        /* Buffer is full: take the head, put the sender's value at the tail
         * (which is the same slot), keeping FIFO order. */
        char *slot = gr__chan_slot_at(c, c->recvx);
        gr__chan_copy_elem(c, elem, slot);
        gr__chan_copy_elem(c, slot, sg->elem);
        if (++c->recvx == c->cap)
            c->recvx = 0;
        c->sendx = c->recvx;
    }
    finish_wake(c, sg);
}

/* ---- send ---------------------------------------------------------------- */

static bool park_forever_unlock(gr_g *g, void *arg)
{
    (void)g;
    (void)arg;
    return true;
}

/* A nil channel: block forever (Go: gopark(nil, nil, waitReasonChanSendNilChan)). */
static void block_forever(gr_g *g, gr__wait why)
{
    for (;;)
        gr__park(g, why, NULL, park_forever_unlock, NULL);
}

/* Inlined into each entry point, so that the blocking send, the only
 * one on a hot path, pays no second call. */
static inline __attribute__((always_inline)) int chan_send(gr_chan *c, const void *elem, gr_g *g,
                                                           bool block)
{
    if (!c) {
        if (!block)
            return GR_EAGAIN;
        block_forever(g, GR__WAIT_NIL_CHAN);
    }
    if (c->elem_size && !elem)
        return GR_EINVAL;
    gr__lock_acquire(&c->lock);
    if (gr__chan_closed(c)) {
        gr__lock_release(&c->lock);
        return GR_ECLOSED;
    }
    gr__sudog *sg = gr__waitq_pop(&c->recvq);
    if (sg) {
        gr__chan_send_to(c, sg, elem);
        return GR_OK;
    }
    if (gr__chan_count(c) < c->cap) {
        gr__chan_buf_put(c, elem);
        return GR_OK;
    }
    if (!block) {
        gr__lock_release(&c->lock);
        return GR_EAGAIN;
    }
    gr__sudog me = {.g = g, .elem = (void *)elem, .c = c, .case_idx = -1};
    g->param = NULL;
    gr__waitq_push(&c->sendq, &me);
    gr__park(g, GR__WAIT_CHAN_SEND, c, gr__sudog_park_unlock, c);
    /* Woken by a receiver (success) or by close (the value was not sent). */
    return me.success ? GR_OK : GR_ECLOSED;
}

GR_EXTERN int gr_chan_send(gr_chan *c, const void *elem)
{
    gr_g *g = gr__cur();
    if (!g)
        return GR_EINVAL;
    return chan_send(c, elem, g, true);
}

GR_EXTERN int gr_chan_trysend(gr_chan *c, const void *elem)
{
    if (!gr__running())
        return GR_EINVAL;
    return chan_send(c, elem, NULL, false);
}

int gr__chan_trysend(gr_chan *c, const void *elem)
{
    return chan_send(c, elem, NULL, false);
}

/* ---- receive ------------------------------------------------------------- */

/* Inlined into each entry point, as chan_send. */
static inline __attribute__((always_inline)) int chan_recv(gr_chan *c, void *elem, bool *ok,
                                                           gr_g *g, bool block)
{
    if (!c) {
        if (!block)
            return GR_EAGAIN;
        block_forever(g, GR__WAIT_NIL_CHAN);
    }
    gr__lock_acquire(&c->lock);
    if (gr__chan_closed(c) && gr__chan_count(c) == 0) {
        gr__lock_release(&c->lock);
        gr__chan_zero_elem(c, elem);
        if (ok)
            *ok = false;
        return GR_OK;
    }
    gr__sudog *sg = gr__waitq_pop(&c->sendq);
    if (sg) {
        gr__chan_recv_from(c, sg, elem);
        if (ok)
            *ok = true;
        return GR_OK;
    }
    if (gr__chan_count(c) > 0) {
        gr__chan_buf_take(c, elem);
        if (ok)
            *ok = true;
        return GR_OK;
    }
    if (!block) {
        gr__lock_release(&c->lock);
        return GR_EAGAIN;
    }
    gr__sudog me = {.g = g, .elem = elem, .c = c, .case_idx = -1};
    g->param = NULL;
    gr__waitq_push(&c->recvq, &me);
    gr__park(g, GR__WAIT_CHAN_RECV, c, gr__sudog_park_unlock, c);
    /* A sender copied into elem (success), or close zeroed it. */
    if (ok)
        *ok = me.success;
    return GR_OK;
}

GR_EXTERN int gr_chan_recv(gr_chan *c, void *elem, bool *ok)
{
    gr_g *g = gr__cur();
    if (!g)
        return GR_EINVAL;
    return chan_recv(c, elem, ok, g, true);
}

GR_EXTERN int gr_chan_tryrecv(gr_chan *c, void *elem, bool *ok)
{
    if (!gr__running())
        return GR_EINVAL;
    return chan_recv(c, elem, ok, NULL, false);
}

/* ---- close ---------------------------------------------------------------- */

int gr__chan_close(gr_chan *c)
{
    if (!c)
        return GR_EINVAL;
    gr__lock_acquire(&c->lock);
    if (gr__chan_closed(c)) {
        gr__lock_release(&c->lock);
        return GR_ECLOSED;
    }
    atomic_store_explicit(&c->closed, true, memory_order_relaxed); /* relaxed: under the lock */
    /* Detach every waiter under the lock (receivers get zero/false, senders
     * learn the channel closed), then wake them after unlocking. */
    gr__sudog *wake = NULL, *sg;
    while ((sg = gr__waitq_pop(&c->recvq)) != NULL) {
        gr__chan_zero_elem(c, sg->elem);
        sg->success = false;
        sg->g->param = sg;
        sg->next = wake;
        wake = sg;
    }
    while ((sg = gr__waitq_pop(&c->sendq)) != NULL) {
        sg->success = false;
        sg->g->param = sg;
        sg->next = wake;
        wake = sg;
    }
    gr__lock_release(&c->lock);
    while (wake) {
        sg = wake;
        wake = sg->next; /* read before ready: sg dies with its goroutine's frame */
        gr__port.ready(sg->g);
    }
    return GR_OK;
}

GR_EXTERN int gr_chan_close(gr_chan *c)
{
    if (!gr__running())
        return GR_EINVAL;
    return gr__chan_close(c);
}

GR_EXTERN size_t gr_chan_len(gr_chan *c)
{
    if (!c || !gr__running())
        return 0;
    gr__lock_acquire(&c->lock);
    size_t n = gr__chan_count(c);
    gr__lock_release(&c->lock);
    return n;
}

GR_EXTERN size_t gr_chan_cap(gr_chan *c)
{
    return c && gr__running() ? c->cap : 0;
}
