/*
 * select.c — gr_select / gr_select_try, written as chan.go's selectgo:
 *
 *   pass 0: validate, shuffle a poll order;
 *   fast:   in poll order, try each case that looks ready (a lock-free
 *           hint) with only its own channel locked — most selects that
 *           do not block end here, having taken one lock;
 *   pass 1: sort a lock order by address; with every channel locked, take
 *           the first ready case in poll order (so the choice among ready
 *           cases is uniform);
 *   pass 2: nothing ready: queue one sudog per case and park; any partner
 *           that wins this goroutine's select_done CAS completes its case;
 *   pass 3: relock, unlink the losing sudogs from every queue, report.
 *
 * Invariants: channels are locked in address order and each distinct
 * channel once (a channel may appear in several cases, even as a send and a
 * receive); the sudogs, orders and locks live in this frame (or a heap
 * block for large selects) until pass 3 has unlinked them all.
 */
#include "chan.h"

#include <stdlib.h>
#include <string.h>

#define SMALL 8

struct sel {
    gr_case *cases;
    uint16_t *poll; /* case indices in random order (non-NULL channels) */
    uint16_t *lock; /* case indices sorted by channel address */
    size_t npoll;
};

static void lock_all(struct sel *s)
{
    gr_chan *prev = NULL;
    for (size_t i = 0; i < s->npoll; i++) {
        gr_chan *c = s->cases[s->lock[i]].ch;
        if (c != prev)
            gr__lock_acquire(&c->lock);
        prev = c;
    }
}

static void unlock_all(struct sel *s)
{
    gr_chan *prev = NULL;
    for (size_t i = 0; i < s->npoll; i++) {
        gr_chan *c = s->cases[s->lock[i]].ch;
        if (c != prev)
            gr__lock_release(&c->lock);
        prev = c;
    }
}

/* Unlock every channel except `keep` (whose lock the transfer step releases). */
static void unlock_all_but(struct sel *s, gr_chan *keep)
{
    gr_chan *prev = NULL;
    for (size_t i = 0; i < s->npoll; i++) {
        gr_chan *c = s->cases[s->lock[i]].ch;
        if (c != prev && c != keep)
            gr__lock_release(&c->lock);
        prev = c;
    }
}

/* park's unlock function for pass 2.  It runs on the scheduler side while
 * `s` lives on the parked goroutine's stack, and once the LAST channel lock
 * is released a partner may ready the goroutine, which can resume on
 * another thread, finish pass 3 and reuse that stack (chan.go's
 * selparkcommit warns of the same).  So it reads the next distinct channel
 * before releasing the current one, and touches nothing of `s` after the
 * final release.  Before that, `s` is stable: the goroutine's pass 3 must
 * take every lock first. */
static bool sel_park_unlock(gr_g *g, void *arg)
{
    (void)g;
    struct sel *s = arg;
    size_t n = s->npoll, i = 0;
    gr_chan *c = s->cases[s->lock[0]].ch;
    for (;;) {
        gr_chan *next = NULL;
        while (++i < n) {
            gr_chan *d = s->cases[s->lock[i]].ch;
            if (d != c) {
                next = d;
                break;
            }
        }
        gr__lock_release(&c->lock);
        if (!next)
            return true;
        c = next;
    }
}

static bool park_forever_unlock(gr_g *g, void *arg)
{
    (void)g;
    (void)arg;
    return true;
}

/* try_case's step before completing a case: in pass 1 (s not NULL),
 * release every lock but c's, which the transfer step releases. */
static inline void release_others(struct sel *s, gr_chan *c)
{
    if (s)
        unlock_all_but(s, c);
}

/* Try case cs on its channel c, whose lock is held (with the others of
 * `s` when s is not NULL).  On success the case is complete, every lock
 * is released, and the result is returned: the case's index, or
 * GR_ECLOSED for a send on a closed channel.  Otherwise -1, locks still
 * held. */
static inline __attribute__((always_inline)) int try_case(struct sel *s, gr_case *cs, int i)
{
    gr_chan *c = cs->ch;
    gr__sudog *sg;
    if (cs->dir == GR_RECV) {
        if ((sg = gr__waitq_pop(&c->sendq)) != NULL) {
            release_others(s, c);
            gr__chan_recv_from(c, sg, cs->elem);
            cs->ok = true;
            return i;
        }
        if (gr__chan_count(c) > 0) {
            release_others(s, c);
            gr__chan_buf_take(c, cs->elem);
            cs->ok = true;
            return i;
        }
        if (gr__chan_closed(c)) {
            release_others(s, c);
            gr__lock_release(&c->lock);
            gr__chan_zero_elem(c, cs->elem);
            cs->ok = false;
            return i;
        }
    } else {
        if (gr__chan_closed(c)) {
            release_others(s, c);
            gr__lock_release(&c->lock);
            return GR_ECLOSED;
        }
        if ((sg = gr__waitq_pop(&c->recvq)) != NULL) {
            release_others(s, c);
            gr__chan_send_to(c, sg, cs->elem);
            return i;
        }
        if (gr__chan_count(c) < c->cap) {
            release_others(s, c);
            gr__chan_buf_put(c, cs->elem);
            return i;
        }
    }
    return -1;
}

/* Pass 0: check every case, and build a uniform random poll order
 * (Fisher–Yates inside-out) over the non-NULL ones.  Returns how many
 * there are, or -1 when a case is invalid (nothing has changed then). */
static inline long shuffle_cases(gr_g *g, gr_case *cases, size_t n, uint16_t *poll)
{
    size_t npoll = 0;
    for (size_t i = 0; i < n; i++) {
        gr_case *cs = &cases[i];
        if (cs->dir != GR_RECV && cs->dir != GR_SEND)
            return -1;
        if (!cs->ch)
            continue;
        if (cs->dir == GR_SEND && cs->ch->elem_size && !cs->elem)
            return -1;
        /* the first case has only one place: no random number needed */
        size_t j = npoll ? gr__g_rand_n(g, (uint32_t)npoll + 1) : 0;
        poll[npoll] = poll[j];
        poll[j] = (uint16_t)i;
        npoll++;
    }
    return (long)npoll;
}

/* The fast pass, before any lock order exists: in poll order, each case
 * whose channel looks ready (chan.h's lock-free hints) is tried with only
 * its own channel locked.  A case skipped on a stale hint was not ready
 * when it was looked at, so taking a later ready case is a choice that a
 * select run at that moment could make; a hint that wrongly says ready
 * costs one lock.  Returns try_case's result, or -1: nothing completed
 * (and no lock held), so the caller runs pass 1 under all the locks. */
static inline int poll_each(gr_case *cases, const uint16_t *poll, size_t npoll)
{
    for (size_t k = 0; k < npoll; k++) {
        int i = poll[k];
        gr_case *cs = &cases[i];
        gr_chan *c = cs->ch;
        if (!(cs->dir == GR_RECV ? gr__chan_recv_hint(c) : gr__chan_send_hint(c)))
            continue;
        gr__lock_acquire(&c->lock);
        int r = try_case(NULL, cs, i);
        if (r != -1)
            return r;
        gr__lock_release(&c->lock);
    }
    return -1;
}

/* Pass 1 (all locks held).  Returns try_case's result for the first
 * ready case in poll order (locks released), or -1 (locks still held). */
static int poll_ready(struct sel *s)
{
    for (size_t k = 0; k < s->npoll; k++) {
        int i = s->poll[k];
        int r = try_case(s, &s->cases[i], i);
        if (r != -1)
            return r;
    }
    return -1;
}

/* Passes 1 to 3, for a select whose fast pass completed nothing (npoll >
 * 0).  Out of line, so that the sudogs and lock order of a small select
 * live in this frame only, and a select that completes in the fast pass
 * stays small; a large one passes its heap arrays (big_*). */
static GR__NOINLINE int select_slow(gr_g *g, gr_case *cases, bool block, uint16_t *poll,
                                    size_t npoll, gr__sudog *big_sgs, uint16_t *big_lock)
{
    uint16_t small_lock[SMALL];
    gr__sudog small_sg[SMALL];
    uint16_t *lock = big_lock ? big_lock : small_lock;
    gr__sudog *sgs = big_sgs ? big_sgs : small_sg;
    struct sel s = {.cases = cases, .poll = poll, .lock = lock, .npoll = npoll};

    /* The lock order by channel address. */
    for (size_t i = 0; i < npoll; i++) { /* insertion sort: n is small */
        uint16_t v = poll[i];
        size_t j = i;
        while (j > 0 && (uintptr_t)cases[lock[j - 1]].ch > (uintptr_t)cases[v].ch) {
            lock[j] = lock[j - 1];
            j--;
        }
        lock[j] = v;
    }

    /* Pass 1. */
    int result;
    lock_all(&s);
    int chosen = poll_ready(&s);
    if (chosen != -1) {
        result = chosen;
        goto out;
    }
    if (!block) {
        unlock_all(&s);
        result = GR_EAGAIN;
        goto out;
    }

    /* Pass 2: enqueue on every channel, in lock order, and park. */
    g->param = NULL;
    /* relaxed: no waker can see this G before the channel locks drop. */
    atomic_store_explicit(&g->select_done, 0, memory_order_relaxed);
    for (size_t k = 0; k < npoll; k++) {
        int i = lock[k];
        gr_case *cs = &cases[i];
        gr__sudog *sg = &sgs[i];
        *sg = (gr__sudog){.g = g, .elem = cs->elem, .c = cs->ch, .case_idx = i, .is_select = true};
        gr__waitq_push(cs->dir == GR_RECV ? &cs->ch->recvq : &cs->ch->sendq, sg);
    }
    gr__park(g, GR__WAIT_SELECT, cases[lock[0]].ch, sel_park_unlock, &s);

    /* Pass 3: the winner's record is in g->param; unlink all the others. */
    gr__sudog *won = g->param;
    lock_all(&s);
    for (size_t k = 0; k < npoll; k++) {
        int i = lock[k];
        gr__sudog *sg = &sgs[i];
        if (sg == won)
            continue;
        gr__waitq_remove(cases[i].dir == GR_RECV ? &cases[i].ch->recvq : &cases[i].ch->sendq, sg);
    }
    unlock_all(&s);
    chosen = won->case_idx;
    if (cases[chosen].dir == GR_RECV) {
        cases[chosen].ok = won->success;
        result = chosen;
    } else {
        result = won->success ? chosen : GR_ECLOSED;
    }
out:
    return result;
}

static int do_select(gr_case *cases, size_t n, bool block)
{
    gr_g *g = gr__cur();
    if (!g)
        return GR_EINVAL;
    if (n > 0 && !cases)
        return GR_EINVAL;
    if (n > UINT16_MAX)
        return GR_EINVAL;
    /* A large select takes one heap block for everything: the slow pass's
     * sudogs and lock order, then the poll order. */
    uint16_t small_poll[SMALL];
    uint16_t *poll = small_poll, *big_lock = NULL;
    gr__sudog *big_sgs = NULL;
    void *heap = NULL;
    if (n > SMALL) {
        heap = malloc(n * (sizeof(gr__sudog) + 2 * sizeof(uint16_t)));
        if (!heap)
            return GR_ENOMEM;
        big_sgs = heap;
        big_lock = (uint16_t *)(big_sgs + n);
        poll = big_lock + n;
    }

    int result;
    long npoll = shuffle_cases(g, cases, n, poll);
    if (npoll < 0) {
        result = GR_EINVAL;
    } else if (npoll == 0) {
        if (block) {
            free(heap);
            for (;;) /* select {} */
                gr__park(g, GR__WAIT_SELECT_NO_CASES, NULL, park_forever_unlock, NULL);
        }
        result = GR_EAGAIN;
    } else {
        result = poll_each(cases, poll, (size_t)npoll);
        if (result == -1)
            result = select_slow(g, cases, block, poll, (size_t)npoll, big_sgs, big_lock);
    }
    if (heap)
        free(heap);
    return result;
}

GR_EXTERN int gr_select(gr_case *cases, size_t n)
{
    return do_select(cases, n, true);
}

GR_EXTERN int gr_select_try(gr_case *cases, size_t n)
{
    if (!gr__running())
        return GR_EINVAL;
    return do_select(cases, n, false);
}
