/*
 * ops_chan.c — channel and select operations of the fuzz target, each
 * checked against the FIFO model of fuzz.h: try-operations (GR_OK /
 * GR_EAGAIN / GR_ECLOSED), blocking send/receive only when the model says
 * they cannot block, close (GR_OK, GR_ECLOSED, GR_EINVAL for NULL), len and
 * cap, the NULL-elem misuse, and selects with random cases (NULL channels,
 * bad directions → GR_EINVAL with no effect, cases == NULL with n > 0).
 *
 * Invariant: after every operation the model equals the channel: the same
 * values, in the same order, and the same closed flag.
 */
#include "fuzz.h"

#include <string.h>

static fz_chan *pick(fz_state *s, fz_in *in) { return &s->ch[fz_byte(in) % FZ_NCH]; }

void fz_chan_init(fz_state *s, fz_in *in)
{
    for (int i = 0; i < FZ_NCH; i++) {
        fz_chan *m = &s->ch[i];
        unsigned b = fz_byte(in);
        *m = (fz_chan){.esize = (b & 1) ? sizeof(uint32_t) : 0, .cap = (b >> 1) % (FZ_QMAX + 1)};
        if ((b >> 5) == 7)
            continue; /* the nil channel */
        m->c = gr_chan_make(m->esize, m->cap);
        FZ_CHECK(m->c, "gr_chan_make(%zu, %zu) returned NULL", m->esize, m->cap);
        FZ_CHECK(gr_chan_cap(m->c) == m->cap && gr_chan_len(m->c) == 0, "fresh channel cap/len");
    }
}

void fz_chan_fini(fz_state *s)
{
    for (int i = 0; i < FZ_NCH; i++)
        gr_chan_release(s->ch[i].c);
}

static bool can_send(const fz_chan *m) { return m->c && (m->closed || m->len < m->cap); }
static bool can_recv(const fz_chan *m) { return m->c && (m->closed || m->len > 0); }

/* Apply a send that the channel answered with rc to the model. */
static void model_send(fz_chan *m, int rc, uint32_t v, const char *what)
{
    if (m->closed) {
        FZ_CHECK(rc == GR_ECLOSED, "%s on a closed channel returned %d", what, rc);
        return;
    }
    FZ_CHECK(rc == GR_OK, "%s with room (len %zu cap %zu) returned %d", what, m->len, m->cap, rc);
    m->q[m->len++] = v;
}

static void model_recv(fz_chan *m, int rc, uint32_t got, bool ok, const char *what)
{
    FZ_CHECK(rc == GR_OK, "%s returned %d", what, rc);
    if (m->len == 0) {
        FZ_CHECK(m->closed && !ok && got == 0, "%s on closed empty: ok=%d val=%u", what, ok, got);
        return;
    }
    FZ_CHECK(ok, "%s of a buffered value gave ok=false", what);
    FZ_CHECK(m->esize == 0 || got == m->q[0], "%s: FIFO broken: got %u want %u", what, got,
             m->q[0]);
    memmove(m->q, m->q + 1, (m->len - 1) * sizeof m->q[0]);
    m->len--;
}

static void select_op(fz_state *s, fz_in *in, bool blocking)
{
    gr_case cs[4];
    uint32_t vals[4], bufs[4];
    int map[4];
    size_t n = 1 + fz_byte(in) % 4;
    bool bad = false, any_ready = false;
    for (size_t i = 0; i < n; i++) {
        unsigned b = fz_byte(in);
        map[i] = (int)(b % FZ_NCH);
        fz_chan *m = &s->ch[map[i]];
        int dir = (b >> 2) % 8 == 7 ? 3 : ((b >> 2) & 1) ? GR_SEND : GR_RECV;
        bad |= dir == 3;
        vals[i] = ++s->next_val;
        bufs[i] = 0xdeadbeef;
        cs[i] = (gr_case){.ch = m->c, .dir = dir, .elem = dir == GR_SEND ? &vals[i] : &bufs[i]};
        if (m->esize == 0)
            cs[i].elem = NULL;
        any_ready |= dir == GR_SEND ? can_send(m) : dir == GR_RECV && can_recv(m);
    }
    if (blocking && !bad && !any_ready)
        return; /* would block forever: main is the only party */
    int rc = blocking ? gr_select(cs, n) : gr_select_try(cs, n);
    if (bad) {
        FZ_CHECK(rc == GR_EINVAL, "select with a bad dir returned %d", rc);
        return;
    }
    if (!any_ready) {
        FZ_CHECK(rc == GR_EAGAIN, "select_try with nothing ready returned %d", rc);
        return;
    }
    if (rc == GR_ECLOSED) { /* a chosen send case on a closed channel */
        bool some = false;
        for (size_t i = 0; i < n; i++)
            some |= cs[i].dir == GR_SEND && s->ch[map[i]].c && s->ch[map[i]].closed;
        FZ_CHECK(some, "select returned GR_ECLOSED with no closed send case");
        return;
    }
    FZ_CHECK(rc >= 0 && (size_t)rc < n, "select returned %d for %zu cases", rc, n);
    fz_chan *m = &s->ch[map[rc]];
    if (cs[rc].dir == GR_SEND) {
        FZ_CHECK(can_send(m) && !m->closed, "select chose a send case that was not ready");
        model_send(m, GR_OK, vals[rc], "select send");
    } else {
        FZ_CHECK(can_recv(m), "select chose a receive case that was not ready");
        model_recv(m, GR_OK, m->esize ? bufs[rc] : 0, cs[rc].ok, "select recv");
    }
}

void fz_chan_op(fz_state *s, unsigned op, fz_in *in)
{
    fz_chan *m = pick(s, in);
    uint32_t v = ++s->next_val, got = 0;
    const void *e = m->esize ? &v : NULL;
    void *r = m->esize ? &got : NULL;
    bool ok = true;
    int rc;
    switch (op % 10) {
    case 0:
        if (!m->c)
            FZ_CHECK(gr_chan_trysend(NULL, e) == GR_EAGAIN, "trysend(NULL) != GR_EAGAIN");
        else if (!m->closed && m->len == m->cap)
            FZ_CHECK(gr_chan_trysend(m->c, e) == GR_EAGAIN, "trysend on a full channel");
        else
            model_send(m, gr_chan_trysend(m->c, e), v, "trysend");
        break;
    case 1:
        if (can_send(m))
            model_send(m, gr_chan_send(m->c, e), v, "send");
        break;
    case 2:
        if (!can_recv(m)) {
            rc = gr_chan_tryrecv(m->c, r, &ok);
            FZ_CHECK(rc == GR_EAGAIN, "tryrecv on an empty open/nil channel returned %d", rc);
        } else {
            rc = gr_chan_tryrecv(m->c, r, &ok);
            model_recv(m, rc, got, ok, "tryrecv");
        }
        break;
    case 3:
        if (can_recv(m)) {
            rc = gr_chan_recv(m->c, r, &ok);
            model_recv(m, rc, got, ok, "recv");
        }
        break;
    case 4:
        rc = gr_chan_close(m->c);
        FZ_CHECK(rc == (!m->c ? GR_EINVAL : m->closed ? GR_ECLOSED : GR_OK), "close returned %d", rc);
        m->closed = m->closed || m->c;
        break;
    case 5:
        FZ_CHECK(gr_chan_len(m->c) == m->len && gr_chan_cap(m->c) == (m->c ? m->cap : 0),
                 "len/cap %zu/%zu, model %zu/%zu", gr_chan_len(m->c), gr_chan_cap(m->c), m->len,
                 m->cap);
        break;
    case 6:
        if (m->c && m->esize && !m->closed) { /* NULL elem, sized channel: GR_EINVAL, no effect */
            FZ_CHECK(gr_chan_send(m->c, NULL) == GR_EINVAL, "send(NULL elem) != GR_EINVAL");
            FZ_CHECK(gr_chan_trysend(m->c, NULL) == GR_EINVAL, "trysend(NULL elem)");
        }
        break;
    case 7: select_op(s, in, false); break;
    case 8: select_op(s, in, true); break;
    default:
        FZ_CHECK(gr_select(NULL, 1) == GR_EINVAL && gr_select_try(NULL, 2) == GR_EINVAL,
                 "select(cases NULL, n > 0) != GR_EINVAL");
        FZ_CHECK(gr_select_try(NULL, 0) == GR_EAGAIN, "select_try(NULL, 0) != GR_EAGAIN");
        FZ_CHECK(gr_chan_retain(NULL) == NULL, "retain(NULL)");
        gr_chan_release(gr_chan_retain(m->c));
        break;
    }
}
