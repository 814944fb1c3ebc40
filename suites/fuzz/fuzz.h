/*
 * fuzz.h — the libFuzzer target's shared state: the input reader and the
 * shadow model the ABI's answers are checked against.
 *
 * An input is a byte string decoded as: one byte of config (procs), one
 * byte selecting calls made *outside* gr_run, then a sequence of
 * operations, each an opcode byte and argument bytes, run by the main
 * goroutine inside gr_run.  Every operation whose answer the spec fixes is
 * checked against a model: channel contents (FIFO), closed flags, mutex /
 * rwmutex / WaitGroup state, context cancellation.  A blocking call is only
 * made when the model says it will not block (so an input never hangs) —
 * except through helper goroutines, which only touch their own objects.
 *
 * Invariants: only main touches modelled objects, so the model is exact;
 * a mismatch calls fz_fail (prints, then abort(): libFuzzer saves the
 * input); every object is released at the end of an input, so leaks are
 * the backend's.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <gr.h>
#include <stdint.h>
#include <stddef.h>

#define FZ_NCH 4
#define FZ_QMAX 8

typedef struct fz_in {
    const uint8_t *p;
    size_t n;
} fz_in;

static inline unsigned fz_byte(fz_in *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

typedef struct fz_chan {
    gr_chan *c;       /* NULL: the nil channel */
    size_t esize;     /* 0 or sizeof(uint32_t) */
    size_t cap;
    uint32_t q[FZ_QMAX];
    size_t len;
    bool closed;
} fz_chan;

typedef struct fz_state {
    fz_chan ch[FZ_NCH];
    uint32_t next_val;
    gr_mutex mu;
    bool mu_locked;
    gr_rwmutex rw;
    int rw_readers;
    bool rw_writer;
    gr_waitgroup wg;
    long wg_count;
    gr_ctx *ctx[3]; /* ctx[0] = with_cancel(background); ctx[1], ctx[2] children of ctx[0] */
    bool ctx_canceled[3];
    gr_waitgroup helpers;
} fz_state;

_Noreturn void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define FZ_CHECK(cond, ...)                                                                    \
    do {                                                                                       \
        if (!(cond))                                                                           \
            fz_fail(__VA_ARGS__);                                                              \
    } while (0)

/* ops_chan.c: one channel or select operation chosen by `op`. */
void fz_chan_op(fz_state *s, unsigned op, fz_in *in);
void fz_chan_init(fz_state *s, fz_in *in);
void fz_chan_fini(fz_state *s);
/* ops_sync.c: one sync / context / timer / runtime operation. */
void fz_sync_op(fz_state *s, unsigned op, fz_in *in);
void fz_sync_fini(fz_state *s);
/* outside.c: calls made outside gr_run (selected by the bits of `sel`). */
void fz_outside(unsigned sel);

#endif /* FUZZ_H */
