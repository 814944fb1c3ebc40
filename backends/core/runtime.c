/*
 * runtime.c — gr_run and the runtime-wide ABI calls (gr_go, gr_yield,
 * gr_procs, ...), parking with a wait reason, GR_DEBUG, and small shared
 * helpers.  Dumps and the leak check are dump.c's.
 *
 * gr_run drives the port through its life cycle:
 *     init(procs, stack) -> running = true -> run_main(main)
 *     -> gr__end_report (deadlock dump | leak report | stats)
 *     -> shutdown() -> running = false
 * Invariants: at most one gr_run at a time in a process (in_run); every
 * int-returning ABI call checks gr__running() or gr__cur() and returns
 * GR_EINVAL outside gr_run, so nothing touches a port that is not live.
 */
#include "runtime.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct gr__rt gr__rt;
static _Atomic int in_run; /* acq_rel CAS: one gr_run at a time */

const char *gr__wait_string(gr__wait w)
{
    static const char *const text[GR__WAIT_COUNT] = {
#define GR__WAIT_TEXT(name, str) [GR__WAIT_##name] = str,
        GR__WAIT_MAP(GR__WAIT_TEXT)
#undef GR__WAIT_TEXT
    };
    return (unsigned)w < GR__WAIT_COUNT ? text[w] : "unknown";
}

int64_t gr__nanotime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The "blocked for" column of dumps, kept off the hot path's budget. */
int64_t gr__coarse_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A thread's first state in a run: from the clock and the thread's TLS
 * address, or under GR_DEBUG=seed=N from N and the order in which threads
 * first draw, so that a run whose schedule does not depend on time (one P
 * under Valgrind) draws the same numbers every time. */
static GR__NOINLINE uint64_t rand_first_state(void *tls)
{
    uint64_t seed = atomic_load_explicit(&gr__rt.rand_seed, memory_order_relaxed);
    uint64_t s;
    if (seed) {
        uint64_t k = atomic_fetch_add_explicit(&gr__rt.rand_threads, 1, memory_order_relaxed);
        s = seed + k * 0x9e3779b97f4a7c15ull;
        (void)gr__wyrand(&s); /* one step apart: seeds N and N+1 share nothing */
    } else
        s = (uint64_t)gr__nanotime() ^ (uint64_t)(uintptr_t)tls ^ 0x9e3779b97f4a7c15ull;
    return s ? s : 1;
}

/* noinline: the state is per thread and a goroutine may move between
 * threads; an inlined copy could reuse a TLS address across a switch. */
GR__NOINLINE uint32_t gr__rand(void)
{
    static _Thread_local uint64_t s;
    static _Thread_local unsigned gen;
    unsigned g = atomic_load_explicit(&gr__rt.rand_gen, memory_order_relaxed);
    if (GR__UNLIKELY(s == 0 || gen != g)) {
        gen = g;
        s = rand_first_state(&s);
    }
    return gr__wyrand(&s);
}

/* The wait-start clock is read only under GR_DEBUG=leaks|waits; out of
 * line, so that the common park stays short. */
static GR__NOINLINE void set_wait_since(gr_g *g, gr__wait why)
{
    atomic_store_explicit(&g->wait_since, why == GR__WAIT_NONE ? 0 : gr__coarse_now(),
                          memory_order_relaxed);
}

static inline void set_wait(gr_g *g, gr__wait why, const void *obj)
{
    atomic_store_explicit(&g->wait_obj, obj, memory_order_relaxed);
    if (GR__UNLIKELY(atomic_load_explicit(&gr__rt.track_waits, memory_order_relaxed)))
        set_wait_since(g, why);
    atomic_store_explicit(&g->wait_reason, (int)why, memory_order_relaxed);
}

void gr__park(gr_g *g, gr__wait why, const void *obj, bool (*unlockf)(gr_g *, void *), void *arg)
{
    set_wait(g, why, obj);
    gr__port.park(unlockf, arg);
    atomic_store_explicit(&g->wait_reason, GR__WAIT_NONE, memory_order_relaxed);
}

bool gr__debug_token(const char *name, char *value, size_t len)
{
    const char *d = getenv("GR_DEBUG");
    size_t n = strlen(name);
    while (d && *d) {
        d += strspn(d, ", \t");
        size_t tok = strcspn(d, ", \t");
        if (tok >= n && strncmp(d, name, n) == 0 && (tok == n || d[n] == '=')) {
            if (value && len) {
                size_t v = tok > n ? tok - n - 1 : 0; /* after "name=" */
                if (v >= len)
                    v = len - 1;
                memcpy(value, d + n + (tok > n), v);
                value[v] = '\0';
            }
            return true;
        }
        d += tok;
    }
    return false;
}

/* The flags a run gets: cfg's, with GR_DEBUG=asyncpreempt=0|1 applied
 * (an override as Go's GODEBUG=asyncpreemptoff=1; =1 only where the port
 * has the feature). */
static unsigned effective_flags(unsigned flags)
{
    char v[8];
    if (gr__debug_token("asyncpreempt", v, sizeof v)) {
        if (strcmp(v, "0") == 0)
            flags &= ~(unsigned)GR_FLAG_PREEMPT_ASYNC;
        else if (strcmp(v, "1") == 0 && (gr__port.flags & GR_FLAG_PREEMPT_ASYNC))
            flags |= GR_FLAG_PREEMPT_ASYNC;
    }
    return flags;
}

static void parse_debug(void)
{
    bool leaks = gr__debug_token("leaks", NULL, 0);
    atomic_store_explicit(&gr__rt.debug_leaks, leaks, memory_order_relaxed);
    atomic_store_explicit(&gr__rt.track_waits, leaks || gr__debug_token("waits", NULL, 0),
                          memory_order_relaxed);
    atomic_store_explicit(&gr__rt.debug_stats, gr__debug_token("stats", NULL, 0),
                          memory_order_relaxed);
    atomic_store_explicit(&gr__rt.preempt_off, gr__debug_token("preemptoff", NULL, 0),
                          memory_order_relaxed);
    char v[24];
    uint64_t seed = 0;
    if (gr__debug_token("seed", v, sizeof v)) {
        char *end;
        unsigned long long n = strtoull(v, &end, 10);
        seed = *v && !*end ? (uint64_t)n : 0; /* not a number: the clock, as without seed */
    }
    atomic_store_explicit(&gr__rt.rand_seed, seed, memory_order_relaxed);
    atomic_store_explicit(&gr__rt.rand_threads, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&gr__rt.rand_gen, 1, memory_order_relaxed);
}

/* ---- the runtime ABI ------------------------------------------------- */

GR_EXTERN int gr_numcpu(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

GR_EXTERN int gr_run(const gr_config *cfg, void (*main_fn)(void *), void *arg)
{
    unsigned flags = cfg ? cfg->flags : 0;
    if (!main_fn || (cfg && cfg->procs < 0) || (flags & ~(unsigned)GR_FLAG_PREEMPT_ASYNC))
        return GR_EINVAL;
    if (flags & ~gr__port.flags)
        return GR_ENOTSUP;
    int zero = 0;
    if (!atomic_compare_exchange_strong_explicit(&in_run, &zero, 1, memory_order_acq_rel,
                                                 memory_order_relaxed))
        return GR_EINVAL; /* nested or concurrent gr_run */
    parse_debug();
    int procs = cfg && cfg->procs > 0 ? cfg->procs : gr_numcpu();
    gr__rt.procs = procs;
    gr__rt.stack_size = cfg ? cfg->stack_size : 0;
    gr__rt.flags = effective_flags(flags);
    atomic_store_explicit(&gr__rt.next_goid, 1, memory_order_relaxed);

    int rc = gr__port.init(procs, gr__rt.stack_size);
    if (rc != GR_OK) {
        atomic_store_explicit(&in_run, 0, memory_order_release);
        return rc;
    }
    /* release: goroutines that see running == true see the port set up. */
    atomic_store_explicit(&gr__rt.running, true, memory_order_release);
    gr__main_call mc = {.fn = main_fn, .arg = arg};
    bool leaks = atomic_load_explicit(&gr__rt.debug_leaks, memory_order_relaxed);
    rc = gr__port.run_main(leaks ? gr__main_checked : main_fn, leaks ? (void *)&mc : arg);
    gr__end_report(rc);
    gr__port.shutdown();
    atomic_store_explicit(&gr__rt.running, false, memory_order_release);
    atomic_store_explicit(&in_run, 0, memory_order_release);
    return rc;
}

GR_EXTERN int gr_go(void (*fn)(void *), void *arg)
{
    if (!fn || !gr__cur())
        return GR_EINVAL;
    return gr__port.spawn(fn, arg);
}

GR_EXTERN void gr_yield(void)
{
    if (gr__cur())
        gr__port.yield();
}

GR_EXTERN int gr_procs(void)
{
    return gr__running() ? gr__rt.procs : GR_EINVAL;
}

GR_EXTERN long gr_numgoroutine(void)
{
    return gr__running() ? gr__port.numgoroutine() : 0;
}

GR_EXTERN int64_t gr_now(void)
{
    return gr__nanotime();
}

GR_EXTERN void gr_syscall_enter(void)
{
    gr_g *g = gr__cur();
    if (!g)
        return;
    set_wait(g, GR__WAIT_SYSCALL, NULL);
    if (gr__port.syscall_enter)
        gr__port.syscall_enter();
}

GR_EXTERN void gr_syscall_exit(void)
{
    gr_g *g = gr__cur();
    if (!g)
        return;
    if (gr__port.syscall_exit)
        gr__port.syscall_exit();
    atomic_store_explicit(&g->wait_reason, GR__WAIT_NONE, memory_order_relaxed);
}

GR_EXTERN const char *gr_backend_name(void)
{
    return gr__port.name;
}
