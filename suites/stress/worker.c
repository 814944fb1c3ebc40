/*
 * worker.c — the goroutines of a generated program: producers, consumers,
 * relays, closers, rogue closers and the canceller (stress.h gives the
 * rules that keep a program deadlock-free).
 *
 * Each step draws its operation from the goroutine's own seed: a plain
 * send/receive (only when a single channel is involved and no done channel
 * must be watched), a blocking select over several channels (plus the done
 * channel when ctx_aware, plus sometimes a NULL channel that must never be
 * chosen), or a try-operation / select with default (GR_EAGAIN is then
 * followed by a yield).  Every outcome is recorded in the ledger.
 *
 * Invariants: a consumer or relay keeps receiving from every channel it has
 * not seen closed (it stops early only when its done channel is chosen);
 * a producer stops after GR_ECLOSED or done; a relay that got GR_ECLOSED
 * stops forwarding but keeps draining; every worker ends with
 * gr_wg_done on its channels' WaitGroups and on W.all.
 */
#include "ledger.h"
#include "worker.h"

#include <string.h>

enum { STEP_GO = 0, STEP_CLOSED = 1, STEP_DONE = 2, STEP_GOT = 3 };
#define MAXCASE (SP_MAXCH + 2)

static int index_of(const sp_g *g) { return (int)(g - W.p->g); }

static gr_chan *done_of(const sp_g *g)
{
    if (!g->ctx_aware)
        return NULL;
    gr_ctx *c = W.gctx[index_of(g)] ? W.gctx[index_of(g)] : W.root;
    return gr_ctx_done(c);
}

static uint32_t next_id(const sp_g *g, uint32_t *seq)
{
    return ((uint32_t)index_of(g) << SP_SEQ_BITS) | ++*seq;
}

static void maybe_self_cancel(const sp_g *g, int step)
{
    if (step == g->self_cancel_at && W.gctx[index_of(g)])
        gr_ctx_cancel(W.gctx[index_of(g)]);
}

/* Add a done case and sometimes a NULL case; returns the new count. */
static size_t extra_cases(gr_case *cs, size_t n, gr_chan *done, uint64_t *r, int *done_at,
                          int *nil_at)
{
    *done_at = *nil_at = -1;
    if (done) {
        *done_at = (int)n;
        cs[n++] = (gr_case){.ch = done, .dir = GR_RECV};
    }
    if (sp_chance(r, 20)) {
        *nil_at = (int)n;
        cs[n++] = (gr_case){.ch = NULL, .dir = sp_chance(r, 50) ? GR_RECV : GR_SEND};
    }
    return n;
}

static int record_send(int c, uint32_t id, int rc, bool try_op)
{
    size_t es = W.p->esize[c];
    if (rc == GR_OK)
        sp_note_send(c, id, es, SP_SENT);
    else if (rc == GR_ECLOSED)
        sp_note_send(c, id, es, SP_REFUSED);
    else if (!(try_op && rc == GR_EAGAIN))
        sp_violation("c%d: send returned %d", c, rc);
    return rc == GR_ECLOSED ? STEP_CLOSED : STEP_GO;
}

static int send_step(const sp_g *g, uint64_t *r, uint32_t *seq, gr_chan *done)
{
    unsigned char buf[MAXCASE][64];
    int op = sp_below(r, 100);
    bool try_op = op >= 75;
    if (g->nout == 1 && !done && (op < 35 || (try_op && sp_chance(r, 50)))) {
        int c = g->out[0];
        uint32_t id = next_id(g, seq);
        sp_encode(buf[0], W.p->esize[c], id);
        const void *e = W.p->esize[c] ? buf[0] : NULL;
        int rc = try_op ? gr_chan_trysend(W.ch[c], e) : gr_chan_send(W.ch[c], e);
        return record_send(c, id, rc, try_op);
    }
    gr_case cs[MAXCASE];
    uint32_t ids[MAXCASE];
    int chan_of[MAXCASE];
    size_t n = 0;
    for (int k = 0; k < g->nout; k++) {
        if (n > 0 && sp_chance(r, 30))
            continue;
        int c = g->out[k];
        ids[n] = next_id(g, seq);
        sp_encode(buf[n], W.p->esize[c], ids[n]);
        cs[n] = (gr_case){.ch = W.ch[c], .dir = GR_SEND, .elem = W.p->esize[c] ? buf[n] : NULL};
        chan_of[n++] = c;
    }
    int done_at, nil_at;
    n = extra_cases(cs, n, done, r, &done_at, &nil_at);
    int rc = try_op ? gr_select_try(cs, n) : gr_select(cs, n);
    if (rc == GR_ECLOSED || (try_op && rc == GR_EAGAIN)) {
        return rc == GR_ECLOSED ? STEP_CLOSED : STEP_GO; /* nothing was sent */
    }
    if (rc < 0 || rc >= (int)n || rc == nil_at) {
        sp_violation("select over %zu send case(s) returned %d", n, rc);
        return STEP_CLOSED;
    }
    if (rc == done_at)
        return STEP_DONE;
    sp_note_send(chan_of[rc], ids[rc], W.p->esize[chan_of[rc]], SP_SENT);
    return STEP_GO;
}

/* Receive step over the still-open channels (open[c]): STEP_GOT when a
 * value arrived, STEP_DONE when the done channel was chosen, else STEP_GO. */
static int recv_step(const sp_g *g, uint64_t *r, bool *open, gr_chan *done)
{
    unsigned char buf[MAXCASE][64];
    memset(buf, 0xA5, sizeof buf);
    int chs[SP_MAXCH], nopen = 0;
    for (int k = 0; k < g->nin; k++)
        if (open[g->in[k]])
            chs[nopen++] = g->in[k];
    int op = sp_below(r, 100);
    bool try_op = op >= 75;
    int gi = index_of(g);
    int c = -1, rc;
    bool ok = false;
    if (nopen == 1 && !done && (op < 35 || (try_op && sp_chance(r, 50)))) {
        c = chs[0];
        void *e = W.p->esize[c] ? buf[0] : NULL;
        rc = try_op ? gr_chan_tryrecv(W.ch[c], e, &ok) : gr_chan_recv(W.ch[c], e, &ok);
        if (rc == GR_EAGAIN && try_op) {
            gr_yield();
            return STEP_GO;
        }
        if (rc != GR_OK) {
            sp_violation("c%d: receive returned %d", c, rc);
            open[c] = false;
            return STEP_GO;
        }
        rc = 0;
    } else {
        gr_case cs[MAXCASE];
        for (int k = 0; k < nopen; k++)
            cs[k] = (gr_case){.ch = W.ch[chs[k]], .dir = GR_RECV,
                              .elem = W.p->esize[chs[k]] ? buf[k] : NULL};
        int done_at, nil_at;
        size_t n = extra_cases(cs, (size_t)nopen, done, r, &done_at, &nil_at);
        rc = try_op ? gr_select_try(cs, n) : gr_select(cs, n);
        if (rc == GR_EAGAIN && try_op) {
            gr_yield();
            return STEP_GO;
        }
        if (rc == done_at)
            return STEP_DONE;
        if (rc < 0 || rc >= nopen) {
            sp_violation("select over %zu receive case(s) returned %d", n, rc);
            return STEP_DONE;
        }
        c = chs[rc];
        ok = cs[rc].ok;
    }
    sp_note_recv(c, buf[rc], W.p->esize[c], ok, gi, false);
    if (!ok) {
        open[c] = false;
        if (sp_chance(r, 50)) { /* closed and drained stays so: at once, zero, !ok */
            unsigned char z[64];
            memset(z, 0xA5, sizeof z);
            bool ok2 = true;
            int rc2 = gr_chan_tryrecv(W.ch[c], W.p->esize[c] ? z : NULL, &ok2);
            if (rc2 != GR_OK || ok2)
                sp_violation("c%d: tryrecv after a closed receive gave rc=%d ok=%d", c, rc2, ok2);
            else
                sp_note_recv(c, z, W.p->esize[c], false, gi, false);
        }
        return STEP_GO;
    }
    return STEP_GOT;
}

static bool any_open(const sp_g *g, const bool *open)
{
    for (int k = 0; k < g->nin; k++)
        if (open[g->in[k]])
            return true;
    return false;
}

static void producer(const sp_g *g)
{
    uint64_t r = g->seed;
    uint32_t seq = 0;
    gr_chan *done = done_of(g);
    for (int k = 0; k < g->count; k++) {
        maybe_self_cancel(g, k);
        if (send_step(g, &r, &seq, done) != STEP_GO)
            break;
        if (sp_chance(&r, 20))
            gr_yield();
    }
}

static void receiver(const sp_g *g, bool relay)
{
    uint64_t r = g->seed;
    uint32_t seq = 0;
    bool open[SP_MAXCH] = {true, true, true, true}, forwarding = relay;
    gr_chan *done = done_of(g);
    for (int step = 0; any_open(g, open); step++) {
        maybe_self_cancel(g, step);
        int got = recv_step(g, &r, open, done);
        if (got == STEP_DONE)
            return;
        if (!forwarding || got != STEP_GOT)
            continue;
        /* A relay forwards one fresh value (a new id) per received one. */
        int st = send_step(g, &r, &seq, done);
        if (st == STEP_CLOSED)
            forwarding = false;
        else if (st == STEP_DONE)
            return;
    }
}

static void yields(int n)
{
    for (int i = 0; i < n; i++)
        gr_yield();
}

void sp_worker(void *arg)
{
    const sp_g *g = arg;
    switch (g->role) {
    case SP_PRODUCER: producer(g); break;
    case SP_CONSUMER: receiver(g, false); break;
    case SP_RELAY: receiver(g, true); break;
    case SP_CLOSER:
        gr_wg_wait(&W.chwg[g->out[0]]);
        sp_note_close(g->out[0], gr_chan_close(W.ch[g->out[0]]));
        break;
    case SP_ROGUE:
        yields(g->count);
        sp_note_close(g->out[0], gr_chan_close(W.ch[g->out[0]]));
        break;
    case SP_CANCELLER:
        yields(g->count);
        if (g->count % 2)
            gr_ctx_cancel(W.root);
        else
            gr_ctx_cancel_cause(W.root, GR_EPERM);
        break;
    }
    for (int k = 0; k < g->nout && (g->role == SP_PRODUCER || g->role == SP_RELAY); k++)
        gr_wg_done(&W.chwg[g->out[k]]);
    gr_wg_done(&W.all);
}
