/*
 * runtime.h — core-internal helpers shared by the core's modules and the
 * ports: the running flag, parking with a wait reason, goroutine ids, the
 * dump, and the debug switches read from GR_DEBUG.
 *
 * Invariants: gr__rt.running is true exactly between a port's init() and
 * shutdown() inside gr_run; it is read with acquire and written with release
 * so that a goroutine that sees it true also sees the port initialised.
 */
#ifndef GR_CORE_RUNTIME_H
#define GR_CORE_RUNTIME_H

#include "port.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define GR__UNLIKELY(x) __builtin_expect(!!(x), 0)
#define GR__NOINLINE    __attribute__((noinline))
#else
#define GR__UNLIKELY(x) (x)
#define GR__NOINLINE
#endif

struct gr__rt {
    _Atomic bool running;
    _Atomic uint64_t next_goid; /* relaxed fetch_add; ids are only labels */
    int procs;
    size_t stack_size;
    unsigned flags; /* gr_config.flags in effect (GR_DEBUG applied), for the port's init */
    /* GR_DEBUG switches, set by gr_run before init (relaxed: read later
     * by goroutines, ordered by the running flag's release/acquire). */
    _Atomic bool debug_leaks; /* leaks: report goroutines alive at the end */
    /* leaks or waits: record when each goroutine started to wait, for the
     * "for how long" of dumps.  Off by default: even the coarse clock costs
     * ~7 ns per park here, about a tenth of a ws PingPong round trip. */
    _Atomic bool track_waits;
    _Atomic bool debug_stats; /* stats: print the port's statistics at the end */
    /* preemptoff: no time-driven preemption (RT-PREEMPT-5): a port's
     * monitor never asks a goroutine to give up its thread for having run
     * long, cooperatively or with a signal.  Read by the ports' monitor
     * threads, which their init starts after gr_run stored it. */
    _Atomic bool preempt_off;
    /* seed=N: gr__rand's seed (0: from the clock), and a generation that
     * gr_run bumps so that threads reused across runs reseed (relaxed:
     * stored before the port's init starts any thread that draws). */
    _Atomic uint64_t rand_seed;
    _Atomic unsigned rand_gen;
    _Atomic uint64_t rand_threads; /* relaxed fetch_add: the n-th thread to seed */
};
extern struct gr__rt gr__rt;

static inline bool gr__running(void)
{
    return atomic_load_explicit(&gr__rt.running, memory_order_acquire);
}

/* The current goroutine, or NULL when not called from one (or when the
 * runtime is not running). */
static inline gr_g *gr__cur(void)
{
    return gr__running() ? gr__port.current() : NULL;
}

/* A fresh goroutine id (main gets 1 when ids restart at each gr_run). */
/* A batch of n fresh ids, [first, first + n): for a port that caches ids
 * per processor (Go's p.goidcache), so a spawn takes no shared atomic. */
static inline uint64_t gr__goid_batch(uint64_t n)
{
    return atomic_fetch_add_explicit(&gr__rt.next_goid, n, memory_order_relaxed);
}

static inline uint64_t gr__goid(void)
{
    return gr__goid_batch(1);
}

/* Record why g parks (for dumps), then park through the port. */
void gr__park(gr_g *g, gr__wait why, const void *obj, bool (*unlockf)(gr_g *, void *), void *arg);

/* GR_DEBUG is a list of tokens separated by commas or blanks, each `name`
 * or `name=value`, as Go's GODEBUG.  True when the token `name` is there
 * (a whole token: `noleaks` is not `leaks`); its value, "" for a bare
 * name, goes to value[0..len) when value is not NULL.  Reads the
 * environment: for set-up, not for hot paths. */
bool gr__debug_token(const char *name, char *value, size_t len);

/* ---- dump.c: goroutine dumps, the leak check, the end-of-run report ---- */

/* Print every live goroutine to out (gr_dump's body). */
void gr__dump(FILE *out, const char *title);

/* The main goroutine's body under GR_DEBUG=leaks: runs the user's main,
 * then waits (the grace period) while other goroutines still run. */
typedef struct gr__main_call {
    void (*fn)(void *);
    void *arg;
} gr__main_call;
void gr__main_checked(void *call);

/* After run_main returned rc, before shutdown (gr_run's thread): the
 * deadlock dump, the leak report (GR_DEBUG=leaks) and the port's
 * statistics (GR_DEBUG=stats). */
void gr__end_report(int rc);

/* A monotonic clock read (gr_now without the ABI wrapper). */
int64_t gr__nanotime(void);
/* A coarse one (about 4 ms resolution, a few ns per read), for dumps. */
int64_t gr__coarse_now(void);

/* One step of wyrand on state *s: the generator behind both sources of
 * random numbers below. */
static inline uint32_t gr__wyrand(uint64_t *s)
{
    *s += 0xa0761d6478bd642full;
    __uint128_t m = (__uint128_t)*s * (*s ^ 0xe7037ed1a0b428dbull);
    return (uint32_t)((uint64_t)(m >> 64) ^ (uint64_t)m);
}

/* r scaled to [0, n), uniformly (Lemire). */
static inline uint32_t gr__scale(uint32_t r, uint32_t n)
{
    return (uint32_t)(((uint64_t)r * n) >> 32);
}

/* Fast per-thread pseudo-random numbers for stealing (runtime.c). */
uint32_t gr__rand(void);
static inline uint32_t gr__rand_n(uint32_t n) /* uniform in [0, n) */
{
    return gr__scale(gr__rand(), n);
}

/* The same with the state in the goroutine: no TLS, since a goroutine may
 * change threads, so it inlines into select.  Uniform in [0, n).  Owner G
 * only; seeded from gr__rand on first use. */
static inline uint32_t gr__g_rand_n(gr_g *g, uint32_t n)
{
    if (GR__UNLIKELY(g->rand == 0))
        g->rand = (uint64_t)gr__rand() << 32 | gr__rand();
    return gr__scale(gr__wyrand(&g->rand), n);
}

#endif /* GR_CORE_RUNTIME_H */
