/*
 * ledger.c — the invariant checker's records and checks (ledger.h).
 *
 * Element encoding (esize >= 8): bytes 0..3 the id, bytes 4..7 its
 * complement, byte i >= 8 is (id * 131 + i) & 0xff.  A received element that
 * does not decode is corruption; a closed receive must be all-zero (the
 * receiver pre-fills its buffer with 0xA5 so "untouched" is caught too).
 * Per-sender FIFO is checked on channels with exactly one receiver: that
 * receiver sees each sender's sequence numbers strictly increasing, and the
 * final drain continues the same sequence.
 */
#include "ledger.h"

#include <gr.h>
#include <stdarg.h>
#include <string.h>

static struct {
    uint8_t fate[SP_MAXID];
    int8_t sent_on[SP_MAXID];
    _Atomic int got[SP_MAXID];     /* received by a worker */
    _Atomic int got_on[SP_MAXID];  /* channel + 1 of the last receive */
    int buffered[SP_MAXID];        /* found by main's drain */
    _Atomic long zsent[SP_MAXCH], zgot[SP_MAXCH];
    long zbuffered[SP_MAXCH];
    _Atomic int close_ok[SP_MAXCH], close_closed[SP_MAXCH], close_other[SP_MAXCH];
    uint32_t last_seq[SP_MAXCH][SP_MAXG]; /* single-receiver channels only */
    bool single[SP_MAXCH];
} L;
static _Atomic int nviol;

void sp_violation(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "VIOLATION: %s\n", line);
    atomic_fetch_add(&nviol, 1);
}

int sp_violations(void) { return atomic_load(&nviol); }

int sp_child_finish(int rc)
{
    fflush(stderr);
    printf("stress-child: rc=%d violations=%d backend=%s\n", rc, sp_violations(),
           gr_backend_name());
    fflush(stdout);
    return sp_violations() ? 1 : 0;
}

void sp_ledger_reset(const sp_prog *p)
{
    memset(&L, 0, sizeof L);
    for (int c = 0; c < p->nch; c++)
        L.single[c] = p->nreceivers[c] == 1;
}

void sp_encode(void *buf, size_t esize, uint32_t id)
{
    unsigned char *b = buf;
    if (esize < 8)
        return;
    uint32_t inv = ~id;
    memcpy(b, &id, 4);
    memcpy(b + 4, &inv, 4);
    for (size_t i = 8; i < esize; i++)
        b[i] = (unsigned char)((id * 131u + i) & 0xff);
}

static long decode(const void *buf, size_t esize)
{
    const unsigned char *b = buf;
    uint32_t id, inv;
    memcpy(&id, b, 4);
    memcpy(&inv, b + 4, 4);
    if (inv != ~id || id == 0 || id >= SP_MAXID || (id & ((1u << SP_SEQ_BITS) - 1)) == 0)
        return -1;
    for (size_t i = 8; i < esize; i++)
        if (b[i] != (unsigned char)((id * 131u + i) & 0xff))
            return -1;
    return id;
}

void sp_note_send(int c, uint32_t id, size_t esize, int fate)
{
    if (esize == 0) {
        if (fate == SP_SENT)
            atomic_fetch_add(&L.zsent[c], 1);
        return;
    }
    L.fate[id] = (uint8_t)fate;
    L.sent_on[id] = (int8_t)c;
}

static bool all_zero(const void *buf, size_t n)
{
    const unsigned char *b = buf;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

void sp_note_recv(int c, const void *buf, size_t esize, bool ok, int receiver, bool drain)
{
    if (!ok) {
        if (!all_zero(buf, esize))
            sp_violation("c%d: a receive reporting closed (ok=false) left a non-zero element", c);
        return;
    }
    if (esize == 0) {
        if (drain)
            L.zbuffered[c]++;
        else
            atomic_fetch_add(&L.zgot[c], 1);
        return;
    }
    long id = decode(buf, esize);
    if (id < 0) {
        sp_violation("c%d: g%d received a corrupt element (not any value ever sent)", c, receiver);
        return;
    }
    if (drain) {
        L.buffered[id]++;
    } else {
        if (atomic_fetch_add(&L.got[id], 1) != 0)
            sp_violation("c%d: value %ld received twice", c, id);
        atomic_store(&L.got_on[id], c + 1);
    }
    if (L.single[c]) {
        uint32_t g = (uint32_t)id >> SP_SEQ_BITS, seq = (uint32_t)id & ((1u << SP_SEQ_BITS) - 1);
        if (seq <= L.last_seq[c][g])
            sp_violation("c%d: FIFO broken: value %ld of g%u arrived after seq %u", c, id, g,
                         L.last_seq[c][g]);
        L.last_seq[c][g] = seq;
    }
}

void sp_note_close(int c, int rc)
{
    if (rc == GR_OK)
        atomic_fetch_add(&L.close_ok[c], 1);
    else if (rc == GR_ECLOSED)
        atomic_fetch_add(&L.close_closed[c], 1);
    else
        atomic_fetch_add(&L.close_other[c], 1);
}

void sp_ledger_summary(const sp_prog *p, FILE *out)
{
    long sent = 0, refused = 0, got = 0, buffered = 0;
    for (uint32_t id = 1; id < SP_MAXID; id++) {
        sent += L.fate[id] == SP_SENT;
        refused += L.fate[id] == SP_REFUSED;
        got += atomic_load(&L.got[id]);
        buffered += L.buffered[id];
    }
    for (int c = 0; c < p->nch; c++) {
        sent += atomic_load(&L.zsent[c]);
        got += atomic_load(&L.zgot[c]);
        buffered += L.zbuffered[c];
    }
    fprintf(out, "stress-child: sent=%ld received=%ld buffered=%ld refused=%ld\n", sent, got,
            buffered, refused);
}

void sp_ledger_check(const sp_prog *p)
{
    for (uint32_t id = 1; id < SP_MAXID; id++) {
        int got = atomic_load(&L.got[id]), buf = L.buffered[id];
        int on = atomic_load(&L.got_on[id]) - 1;
        if (L.fate[id] == SP_SENT) {
            if (got + buf != 1)
                sp_violation("value %u sent on c%d with GR_OK: received %d time(s), %d still "
                             "buffered (want exactly 1 in all)", id, L.sent_on[id], got, buf);
            else if (got && on != L.sent_on[id])
                sp_violation("value %u sent on c%d was received on c%d", id, L.sent_on[id], on);
        } else if (got + buf != 0) {
            sp_violation("value %u was %s but received %d time(s), %d buffered", id,
                         L.fate[id] == SP_REFUSED ? "refused with GR_ECLOSED" : "never sent", got,
                         buf);
        }
    }
    for (int c = 0; c < p->nch; c++) {
        if (p->esize[c] == 0) {
            long s = atomic_load(&L.zsent[c]), g = atomic_load(&L.zgot[c]);
            if (s != g + L.zbuffered[c])
                sp_violation("c%d (elem 0): %ld sends succeeded but %ld received + %ld buffered",
                             c, s, g, L.zbuffered[c]);
        }
        int ok = atomic_load(&L.close_ok[c]), other = atomic_load(&L.close_other[c]);
        if (ok != 1 || other != 0)
            sp_violation("c%d: %d close(s) returned GR_OK (want 1), %d returned neither GR_OK "
                         "nor GR_ECLOSED", c, ok, other);
    }
}
