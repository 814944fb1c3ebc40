/*
 * context.c — gr_ctx: Go's context package (Background, WithCancel,
 * WithTimeout/WithDeadline, WithValue, causes) with reference counting.
 *
 * Tree: a cancelable context registers in the children list of its
 * nearest cancelable ancestor (`reg`); value contexts are transparent.
 *
 * Invariants:
 *   - lock order is ancestor before descendant: cancel() holds c->lock
 *     while cancelling each child (which takes the child's lock); a child
 *     never holds its own lock while taking its ancestor's;
 *   - `err` is set once (first cancel wins, with its cause), under c->lock,
 *     and read lock-free with acquire; `done` is closed exactly then;
 *   - each context holds one reference on its parent; the children list is
 *     weak: a child unlinks itself (under reg->lock) in its last release,
 *     and its memory outlives that unlink, so a concurrent cancel walking
 *     the list never sees freed memory;
 *   - the memory (with the done channel and the parent reference) is freed
 *     by the embedded timer record's destroy hook, i.e. only after any
 *     in-flight deadline callback has returned.
 */
#include "chan.h"
#include "timerheap.h"

#include <stdlib.h>

enum kind { K_BACKGROUND, K_CANCEL, K_VALUE };

struct gr_ctx {
    gr__tmr tmr;          /* deadline timer; its refs own the memory */
    _Atomic int32_t refs; /* user + child references (acq_rel decrement) */
    enum kind kind;
    gr_ctx *parent;  /* referenced; NULL for background */
    gr_ctx *reg;     /* nearest cancelable ancestor we are listed in */
    gr__lock lock;   /* K_CANCEL: guards children, err/cause writes */
    _Atomic int err; /* 0 | GR_ECANCELED | GR_ETIMEDOUT */
    int cause;
    gr_chan *done; /* K_CANCEL: closed on cancel */
    bool has_deadline;
    int64_t deadline;
    gr_ctx *children; /* K_CANCEL: weak list head */
    gr_ctx *sib_next, *sib_prev;
    bool linked;     /* in reg->children; under reg->lock */
    const void *key; /* K_VALUE */
    void *val;
};

static gr_ctx background = {.kind = K_BACKGROUND};

/* The nearest context that can be canceled, starting at c; NULL if none. */
static gr_ctx *cancel_of(gr_ctx *c)
{
    while (c && c->kind == K_VALUE)
        c = c->parent;
    return c && c->kind == K_CANCEL ? c : NULL;
}

static void free_ctx(gr__tmr *t)
{
    gr_ctx *c = (gr_ctx *)t;
    gr_chan_release(c->done);
    gr_ctx *p = c->parent;
    free(c);
    gr_ctx_release(p);
}

static void unlink_child(gr_ctx *p, gr_ctx *c)
{
    if (!c->linked)
        return;
    if (c->sib_prev)
        c->sib_prev->sib_next = c->sib_next;
    else
        p->children = c->sib_next;
    if (c->sib_next)
        c->sib_next->sib_prev = c->sib_prev;
    c->sib_next = c->sib_prev = NULL;
    c->linked = false;
}

/* Cancel c (a K_CANCEL) and its subtree. remove: also unlink c from reg. */
static void cancel(gr_ctx *c, int err, int cause, bool remove)
{
    gr__lock_acquire(&c->lock);
    if (atomic_load_explicit(&c->err, memory_order_relaxed) != 0) {
        gr__lock_release(&c->lock);
        return; /* the first cancel won */
    }
    c->cause = cause;
    /* release: a reader that sees err sees cause too. */
    atomic_store_explicit(&c->err, err, memory_order_release);
    gr__chan_close(c->done);
    for (gr_ctx *ch = c->children, *nx; ch; ch = nx) {
        nx = ch->sib_next;
        ch->linked = false;
        ch->sib_next = ch->sib_prev = NULL;
        cancel(ch, err, cause, false); /* child lock nested in ours */
    }
    c->children = NULL;
    gr__lock_release(&c->lock);
    if (remove && c->reg) {
        gr__lock_acquire(&c->reg->lock);
        unlink_child(c->reg, c);
        gr__lock_release(&c->reg->lock);
    }
    gr__tmr_disarm(&c->tmr);
}

static void deadline_fired(gr__tmr *t, int64_t now)
{
    (void)now;
    cancel((gr_ctx *)t, GR_ETIMEDOUT, GR_ETIMEDOUT, true);
}

static gr_ctx *ctx_alloc(gr_ctx *parent, enum kind kind)
{
    gr_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    gr__tmr_init(&c->tmr, deadline_fired, free_ctx);
    atomic_init(&c->refs, 1);
    c->kind = kind;
    c->parent = gr_ctx_retain(parent);
    return c;
}

/* A new cancelable child of parent, with an optional deadline. */
static gr_ctx *make_cancel(gr_ctx *parent, bool has_deadline, int64_t deadline)
{
    if (!parent || !gr__running())
        return NULL;
    int64_t pd;
    if (has_deadline && gr_ctx_deadline(parent, &pd) && pd <= deadline)
        has_deadline = false; /* the parent's earlier deadline wins */
    gr_ctx *c = ctx_alloc(parent, K_CANCEL);
    if (!c)
        return NULL;
    c->done = gr_chan_make(0, 0);
    if (!c->done) {
        gr__tmr_unref(&c->tmr);
        return NULL;
    }
    if (has_deadline) {
        c->has_deadline = true;
        c->deadline = deadline;
    } else if (gr_ctx_deadline(parent, &pd)) {
        c->has_deadline = true;
        c->deadline = pd;
        has_deadline = false; /* inherited: the parent's timer cancels us */
    }
    /* Register with the nearest cancelable ancestor, or inherit its state. */
    gr_ctx *reg = cancel_of(parent);
    if (reg) {
        gr__lock_acquire(&reg->lock);
        int perr = atomic_load_explicit(&reg->err, memory_order_relaxed);
        if (perr) {
            int pcause = reg->cause;
            gr__lock_release(&reg->lock);
            cancel(c, perr, pcause, false);
            return c;
        }
        c->reg = reg;
        c->sib_next = reg->children;
        if (reg->children)
            reg->children->sib_prev = c;
        reg->children = c;
        c->linked = true;
        gr__lock_release(&reg->lock);
    }
    if (has_deadline) {
        if (deadline <= gr__nanotime()) {
            cancel(c, GR_ETIMEDOUT, GR_ETIMEDOUT, true);
        } else {
            bool enomem;
            gr__tmr_arm(&c->tmr, deadline, 0, &enomem);
            if (enomem) {
                gr_ctx_release(c);
                return NULL;
            }
        }
    }
    return c;
}

GR_EXTERN gr_ctx *gr_ctx_background(void)
{
    return &background;
}

GR_EXTERN gr_ctx *gr_ctx_with_cancel(gr_ctx *parent)
{
    return make_cancel(parent, false, 0);
}

GR_EXTERN gr_ctx *gr_ctx_with_deadline(gr_ctx *parent, int64_t deadline)
{
    return make_cancel(parent, true, deadline);
}

GR_EXTERN gr_ctx *gr_ctx_with_timeout(gr_ctx *parent, int64_t ns)
{
    int64_t now = gr__nanotime();
    int64_t d = ns > INT64_MAX - now ? INT64_MAX : now + ns;
    return make_cancel(parent, true, d);
}

GR_EXTERN gr_ctx *gr_ctx_with_value(gr_ctx *parent, const void *key, void *val)
{
    if (!parent || !key || !gr__running())
        return NULL;
    gr_ctx *c = ctx_alloc(parent, K_VALUE);
    if (!c)
        return NULL;
    c->key = key;
    c->val = val;
    return c;
}

GR_EXTERN void gr_ctx_cancel_cause(gr_ctx *c, int cause)
{
    if (c && c->kind == K_CANCEL && gr__running())
        cancel(c, GR_ECANCELED, cause ? cause : GR_ECANCELED, true);
}

GR_EXTERN void gr_ctx_cancel(gr_ctx *c)
{
    gr_ctx_cancel_cause(c, GR_ECANCELED);
}

GR_EXTERN gr_chan *gr_ctx_done(gr_ctx *c)
{
    gr_ctx *k = cancel_of(c);
    return k ? k->done : NULL;
}

GR_EXTERN int gr_ctx_err(gr_ctx *c)
{
    gr_ctx *k = cancel_of(c);
    return k ? atomic_load_explicit(&k->err, memory_order_acquire) : 0;
}

GR_EXTERN int gr_ctx_cause(gr_ctx *c)
{
    gr_ctx *k = cancel_of(c);
    if (!k)
        return 0;
    return atomic_load_explicit(&k->err, memory_order_acquire) ? k->cause : 0;
}

GR_EXTERN bool gr_ctx_deadline(gr_ctx *c, int64_t *deadline)
{
    gr_ctx *k = cancel_of(c);
    if (!k || !k->has_deadline)
        return false;
    if (deadline)
        *deadline = k->deadline;
    return true;
}

GR_EXTERN void *gr_ctx_value(gr_ctx *c, const void *key)
{
    for (; c; c = c->parent)
        if (c->kind == K_VALUE && c->key == key)
            return c->val;
    return NULL;
}

GR_EXTERN gr_ctx *gr_ctx_retain(gr_ctx *c)
{
    if (c && c->kind != K_BACKGROUND) /* relaxed: caller holds a reference */
        atomic_fetch_add_explicit(&c->refs, 1, memory_order_relaxed);
    return c;
}

GR_EXTERN void gr_ctx_release(gr_ctx *c)
{
    if (!c || c->kind == K_BACKGROUND)
        return;
    /* acq_rel: the last releaser sees every write made under other refs. */
    if (atomic_fetch_sub_explicit(&c->refs, 1, memory_order_acq_rel) != 1)
        return;
    if (c->reg) {
        gr__lock_acquire(&c->reg->lock);
        unlink_child(c->reg, c);
        gr__lock_release(&c->reg->lock);
    }
    gr__tmr_disarm(&c->tmr);
    gr__tmr_unref(&c->tmr); /* frees after any in-flight deadline callback */
}
