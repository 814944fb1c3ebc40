/*
 * runtime.c — gr_run and the runtime-wide ABI calls (gr_go, gr_yield,
 * gr_procs, ...), the goroutine dump, and small shared helpers.
 *
 * gr_run drives the port through its life cycle:
 *     init(procs, stack) -> running = true -> run_main(main)
 *     -> (deadlock dump | leak report) -> shutdown() -> running = false
 * Invariants: at most one gr_run at a time in a process (in_run); every
 * int-returning ABI call checks gr__running() or gr__cur() and returns
 * GR_EINVAL outside gr_run, so nothing touches a port that is not live.
 */
#include "runtime.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>

struct gr__rt gr__rt;
static _Atomic int in_run; /* acq_rel CAS: one gr_run at a time */
static _Atomic bool debug_leaks; /* set by gr_run (relaxed); leaked goroutines of an
                                   * earlier run may read both flags concurrently */
/* Record when each goroutine started to wait (for the "for how long" of
 * dumps): on with GR_DEBUG=leaks or GR_DEBUG=waits.  Off by default, because
 * even the coarse clock costs ~7 ns per park here, about a tenth of a ws
 * PingPong round trip; dumps then omit the duration, as Go's do for waits
 * under a minute. */
static _Atomic bool track_waits; /* as debug_leaks; relaxed load on every park */

const char *gr__wait_string(gr__wait w)
{
    switch (w) {
    case GR__WAIT_NONE: return "runnable";
    case GR__WAIT_CHAN_SEND: return "chan send";
    case GR__WAIT_CHAN_RECV: return "chan receive";
    case GR__WAIT_SELECT: return "select";
    case GR__WAIT_SELECT_NO_CASES: return "select (no cases)";
    case GR__WAIT_NIL_CHAN: return "chan send/receive (nil chan)";
    case GR__WAIT_SLEEP: return "sleep";
    case GR__WAIT_MUTEX: return "mutex";
    case GR__WAIT_RWMUTEX_R: return "rwmutex rlock";
    case GR__WAIT_RWMUTEX_W: return "rwmutex lock";
    case GR__WAIT_WAITGROUP: return "waitgroup";
    case GR__WAIT_COND: return "cond";
    case GR__WAIT_ONCE: return "once";
    case GR__WAIT_SYSCALL: return "syscall";
    }
    return "unknown";
}

int64_t gr__nanotime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A coarse clock (about 4 ms resolution, a few ns per read) for the
 * "blocked for" column of dumps, kept off the hot path's budget. */
static int64_t coarse_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* noinline: the state is per thread and a goroutine may move between
 * threads; an inlined copy could reuse a TLS address across a switch. */
GR__NOINLINE uint32_t gr__rand(void)
{
    static _Thread_local uint64_t s;
    if (GR__UNLIKELY(s == 0))
        s = (uint64_t)gr__nanotime() ^ (uint64_t)(uintptr_t)&s ^ 0x9e3779b97f4a7c15ull;
    return gr__wyrand(&s);
}

/* The wait-start clock is read only under GR_DEBUG=leaks|waits; out of
 * line, so that the common park stays short. */
static GR__NOINLINE void set_wait_since(gr_g *g, gr__wait why)
{
    atomic_store_explicit(&g->wait_since, why == GR__WAIT_NONE ? 0 : coarse_now(),
                          memory_order_relaxed);
}

static inline void set_wait(gr_g *g, gr__wait why, const void *obj)
{
    atomic_store_explicit(&g->wait_obj, obj, memory_order_relaxed);
    if (GR__UNLIKELY(atomic_load_explicit(&track_waits, memory_order_relaxed)))
        set_wait_since(g, why);
    atomic_store_explicit(&g->wait_reason, (int)why, memory_order_relaxed);
}

void gr__park(gr_g *g, gr__wait why, const void *obj, bool (*unlockf)(gr_g *, void *), void *arg)
{
    set_wait(g, why, obj);
    gr__port.park(unlockf, arg);
    atomic_store_explicit(&g->wait_reason, GR__WAIT_NONE, memory_order_relaxed);
}

bool gr__debug_leaks(void)
{
    return debug_leaks;
}

/* The flags a run gets: cfg's, with GR_DEBUG=asyncpreempt=0|1 applied
 * (an override as Go's GODEBUG=asyncpreemptoff=1; =1 only where the port
 * has the feature). */
static unsigned effective_flags(unsigned flags)
{
    const char *d = getenv("GR_DEBUG");
    if (d && strstr(d, "asyncpreempt=0"))
        flags &= ~(unsigned)GR_FLAG_PREEMPT_ASYNC;
    else if (d && strstr(d, "asyncpreempt=1") && (gr__port.flags & GR_FLAG_PREEMPT_ASYNC))
        flags |= GR_FLAG_PREEMPT_ASYNC;
    return flags;
}

static void parse_debug(void)
{
    const char *d = getenv("GR_DEBUG");
    bool leaks = d && strstr(d, "leaks") != NULL;
    atomic_store_explicit(&debug_leaks, leaks, memory_order_relaxed);
    atomic_store_explicit(&track_waits, leaks || (d && strstr(d, "waits") != NULL),
                          memory_order_relaxed);
}

/* ---- dump ------------------------------------------------------------ */

struct dump_ctx {
    FILE *out;
    int64_t now;
    long n;
};

static void dump_one(gr_g *g, void *arg)
{
    struct dump_ctx *d = arg;
    Dl_info info;
    const char *fname = NULL;
    /* Only an exact match names the function: dladdr() otherwise returns
     * the nearest exported symbol before it, which would be a wrong name.
     * (Executables need -rdynamic for their functions to be named.) */
    if (g->start_fn && dladdr((void *)(uintptr_t)g->start_fn, &info) && info.dli_sname &&
        info.dli_saddr == (void *)(uintptr_t)g->start_fn)
        fname = info.dli_sname;
    d->n++;
    gr__wait why = (gr__wait)atomic_load_explicit(&g->wait_reason, memory_order_relaxed);
    const void *obj = atomic_load_explicit(&g->wait_obj, memory_order_relaxed);
    int64_t since = atomic_load_explicit(&g->wait_since, memory_order_relaxed);
    /* A woken goroutine keeps its wait reason until it runs again: the
     * port's word that it is queued comes first, as Go's [runnable]. */
    if (gr__port.g_runnable && gr__port.g_runnable(g)) {
        fprintf(d->out, "goroutine %llu [runnable]:\n", (unsigned long long)g->id);
    } else if (why == GR__WAIT_NONE) {
        fprintf(d->out, "goroutine %llu [running]:\n", (unsigned long long)g->id);
    } else {
        fprintf(d->out, "goroutine %llu [%s", (unsigned long long)g->id, gr__wait_string(why));
        if (track_waits && since) {
            long long ms = (d->now - since) / 1000000;
            fprintf(d->out, ", %lld ms", ms < 0 ? 0 : ms);
        }
        fprintf(d->out, "]:\n");
        if (obj)
            fprintf(d->out, "\tblocked on %p\n", obj);
    }
    if (fname)
        fprintf(d->out, "\tstarted at %s (%p)\n\n", fname, (void *)(uintptr_t)g->start_fn);
    else
        fprintf(d->out, "\tstarted at %p\n\n", (void *)(uintptr_t)g->start_fn);
}

void gr__dump(FILE *out, const char *title)
{
    struct dump_ctx d = {.out = out, .now = coarse_now(), .n = 0};
    if (title)
        fprintf(out, "%s\n", title);
    gr__port.each_g(dump_one, &d);
    fflush(out);
}

GR_EXTERN void gr_dump(FILE *out)
{
    if (!out || !gr__running())
        return;
    gr__dump(out, NULL);
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

/* ---- the main goroutine's epilogue: the leak grace period ---------------
 *
 * With GR_DEBUG=leaks, goroutines still alive when main returns are
 * reported.  A goroutine that has called gr_wg_done() but not returned yet
 * is not a leak, so (like goleak's retries) main waits, up to LEAK_GRACE_NS,
 * while any other goroutine is still running or runnable; it stops as soon
 * as every one left is blocked (those are the leaks) or none is left. */
#define LEAK_GRACE_NS (500 * 1000000LL)

struct main_call {
    void (*fn)(void *);
    void *arg;
};

struct busy_count {
    gr_g *self;
    long busy;
};

static void count_busy(gr_g *g, void *arg)
{
    struct busy_count *b = arg;
    if (g != b->self &&
        atomic_load_explicit(&g->wait_reason, memory_order_relaxed) == GR__WAIT_NONE)
        b->busy++;
}

static void main_trampoline(void *arg)
{
    struct main_call *mc = arg;
    gr__port.current()->start_fn = mc->fn; /* dumps name the user's main, not us */
    mc->fn(mc->arg);
    if (!debug_leaks)
        return;
    gr_g *self = gr__port.current();
    int64_t until = gr__nanotime() + LEAK_GRACE_NS;
    while (gr__port.numgoroutine() > 1 && gr__nanotime() < until) {
        struct busy_count b = {.self = self, .busy = 0};
        gr__port.each_g(count_busy, &b);
        if (b.busy == 0)
            break;
        gr_sleep(1000000);
    }
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
    struct main_call mc = {.fn = main_fn, .arg = arg};
    rc = gr__port.run_main(debug_leaks ? main_trampoline : main_fn, debug_leaks ? (void *)&mc : arg);
    if (rc == GR_EDEADLK) {
        gr__dump(stderr, "fatal error: all goroutines are asleep - deadlock!\n");
    } else if (debug_leaks) {
        long live = gr__port.numgoroutine();
        if (live > 0) {
            fprintf(stderr, "gr: %ld goroutine%s leaked (still alive when main returned):\n\n",
                    live, live == 1 ? "" : "s");
            gr__dump(stderr, NULL);
        }
    }
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
