/*
 * stress.h — the differential stress tester's program model, shared by the
 * generator (gen.c), the interpreter that runs one program inside gr_run
 * (run.c, ledger.c) and the driver that runs many seeds on many backends
 * (driver.c, main.c).
 *
 * A program is a set of channels (random capacity and element size) and a
 * set of goroutines with roles.  The generator only builds programs whose
 * outcome is known in advance:
 *   - deadlock-free by construction (trap == SP_TRAP_NONE): producers only
 *     send, consumers only receive (a multi-channel consumer always selects
 *     over all its open channels, so it drains every one of them), relays
 *     receive from lower-numbered channels and send to higher-numbered ones
 *     (acyclic), every channel has at least one receiver and is closed
 *     either after its senders' WaitGroup or by a "rogue" closer at a random
 *     moment; in a cancellable program every blocking send also selects on
 *     a context's done channel and one canceller always cancels the root;
 *     so gr_run must return GR_OK;
 *   - deadlocking by construction (trap != SP_TRAP_NONE): the same program
 *     plus one trap that leaves every goroutine asleep once the rest has
 *     finished (no timers are ever used), so gr_run must return GR_EDEADLK.
 * Invariants: a program is a pure function of its seed (and the procs
 * override), so a failing seed replays on any backend; ids of values are
 * (goroutine << SP_SEQ_BITS) | seq with seq >= 1, so no valid element is
 * all-zero.
 */
#ifndef STRESS_H
#define STRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SP_MAXCH 4
#define SP_MAXG 20 /* 4 producers + 2 relays + 3 consumers + 2 closers per channel + 1 */
#define SP_SEQ_BITS 10
#define SP_MAXID (SP_MAXG << SP_SEQ_BITS)
#define SP_MAXVAL 24 /* values per producer */

static inline uint64_t sp_next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static inline int sp_below(uint64_t *s, int n) { return (int)(sp_next(s) % (uint64_t)n); }
static inline bool sp_chance(uint64_t *s, int percent) { return sp_below(s, 100) < percent; }

enum sp_role { SP_PRODUCER, SP_CONSUMER, SP_RELAY, SP_CLOSER, SP_ROGUE, SP_CANCELLER };

enum sp_trap {
    SP_TRAP_NONE,
    SP_TRAP_MAIN_RECV,   /* main receives from a channel nobody sends to */
    SP_TRAP_ORPHAN_SEND, /* a goroutine sends cap+1 values that nobody receives */
    SP_TRAP_WG,          /* main waits on a WaitGroup that is never done */
    SP_TRAP_CYCLE,       /* two goroutines each wait to receive from the other */
    SP_TRAP_SELECT_NIL,  /* a goroutine selects over NULL channels only */
    SP_TRAP_MUTEX,       /* a goroutine locks a mutex main holds forever */
    SP_TRAP_NIL_RECV,    /* a goroutine receives from the NULL channel */
    SP_TRAP_COUNT
};

typedef struct sp_g {
    enum sp_role role;
    int nin, in[SP_MAXCH];   /* consumer, relay: channels received from */
    int nout, out[SP_MAXCH]; /* producer, relay: sent to; closers: out[0] */
    int count;               /* producer: values; closer/rogue/canceller: yields first */
    bool ctx_aware;          /* blocking selects include a done channel */
    bool own_ctx;            /* done of its own child of the root context */
    int self_cancel_at;      /* step at which it cancels its own context, or -1 */
    uint64_t seed;           /* its own choices (which op, which cases) */
} sp_g;

typedef struct sp_prog {
    uint64_t seed;
    int procs;
    int nch;
    size_t cap[SP_MAXCH], esize[SP_MAXCH];
    bool wg_closed[SP_MAXCH]; /* a closer closes it after its senders' WaitGroup */
    int nsenders[SP_MAXCH];   /* producers + relays sending to it */
    int nreceivers[SP_MAXCH]; /* consumers + relays receiving from it */
    bool cancellable;
    enum sp_trap trap;
    int ng;
    sp_g g[SP_MAXG];
} sp_prog;

/* gen.c */
void sp_generate(sp_prog *p, uint64_t seed, int procs_override);
void sp_print(const sp_prog *p, FILE *out);
const char *sp_trap_name(enum sp_trap t);

/* run.c: run the program in this process (inside gr_run); prints
 * "VIOLATION: ..." lines and a final "stress-child: rc=N violations=N"
 * line; returns the process exit status. */
int sp_run_child(const sp_prog *p);

/* driver.c; a backend is the suites' one selector's (suites/common/backend.h) */
#include "backend.h"
typedef struct sp_backend {
    char label[PATH_MAX]; /* as given on the command line */
    sb_backend b;   /* the library, and a folder whose libgr.so.1 it is */
} sp_backend;
typedef struct sp_opts {
    uint64_t start;
    long count;
    int procs;     /* 0 = chosen by the seed */
    int timeout_s; /* per program */
    const char *json;
    bool verbose;
    bool fair;          /* --fair: the fairness checker's programs (fair.h) */
    bool preempt;       /* --preempt (with --fair): SPIN events, async preemption on */
    long liveness_ms;   /* --fair: the liveness bound of one wait */
    char self[4096]; /* this program, resolved once (valgrind cannot exec /proc/self/exe) */
} sp_opts;
int sp_backend_resolve(sp_backend *b, const char *arg);
void sp_backend_cleanup(sp_backend *b);
int sp_backends_default(sp_backend *v, int max);
int sp_drive(const sp_opts *o, sp_backend *bs, int nb);

#endif /* STRESS_H */
