/*
 * dump.c — what the runtime prints about its goroutines: the goroutine
 * dump (gr_dump, the deadlock dump), the leak check of GR_DEBUG=leaks with
 * its grace period, and the end-of-run report (GR_DEBUG=stats).  Kept
 * apart from runtime.c as Go keeps traceback apart from proc: it only
 * reads goroutines through the port (each_g, current) and never calls the
 * channel or timer modules, so the core's modules form no circle.
 *
 * Invariants: a dump is a snapshot (relaxed loads of each G's wait
 * fields); each_g's callbacks neither block nor call into the port; the
 * leak check runs on the main goroutine, after the user's main returned.
 */
#include "runtime.h"

#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

/* ---- the goroutine dump ------------------------------------------------ */

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
        if (atomic_load_explicit(&gr__rt.track_waits, memory_order_relaxed) && since) {
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
    struct dump_ctx d = {.out = out, .now = gr__coarse_now(), .n = 0};
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

/* ---- the main goroutine's epilogue: the leak grace period -------------
 *
 * With GR_DEBUG=leaks, goroutines still alive when main returns are
 * reported.  A goroutine that has called gr_wg_done() but not returned yet
 * is not a leak, so (like goleak's retries) main waits, up to LEAK_GRACE_NS,
 * while any other goroutine is still running or runnable; it stops as soon
 * as every one left is blocked (those are the leaks) or none is left. */
#define LEAK_GRACE_NS (500 * 1000000LL)

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

/* One beat of the grace period, without the timer module (this file
 * sits below chan.c and timer.c): let the others run, then sleep 1 ms in
 * a syscall bracket, so that an M:N port hands the P on meanwhile. */
static void grace_beat(void)
{
    gr__port.yield();
    if (gr__port.syscall_enter)
        gr__port.syscall_enter();
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 1000000};
    nanosleep(&ts, NULL);
    if (gr__port.syscall_exit)
        gr__port.syscall_exit();
}

void gr__main_checked(void *arg)
{
    gr__main_call *mc = arg;
    gr__port.current()->start_fn = mc->fn; /* dumps name the user's main, not us */
    mc->fn(mc->arg);
    gr_g *self = gr__port.current();
    int64_t until = gr__nanotime() + LEAK_GRACE_NS;
    while (gr__port.numgoroutine() > 1 && gr__nanotime() < until) {
        struct busy_count b = {.self = self, .busy = 0};
        gr__port.each_g(count_busy, &b);
        if (b.busy == 0)
            break;
        grace_beat();
    }
}

/* ---- the end of a run ----------------------------------------------------- */

static void report_stats(void)
{
    gr_port_stats st = {0};
    if (gr__port.stats)
        gr__port.stats(&st);
    fprintf(stderr,
            "gr(%s): switches=%llu steals=%llu handoffs=%llu spawns=%llu threads=%llu "
            "preempts=%llu\n",
            gr__port.name, (unsigned long long)st.switches, (unsigned long long)st.steals,
            (unsigned long long)st.handoffs, (unsigned long long)st.spawns,
            (unsigned long long)st.threads, (unsigned long long)st.preempts);
}

void gr__end_report(int rc)
{
    if (rc == GR_EDEADLK) {
        gr__dump(stderr, "fatal error: all goroutines are asleep - deadlock!\n");
    } else if (atomic_load_explicit(&gr__rt.debug_leaks, memory_order_relaxed)) {
        long live = gr__port.numgoroutine();
        if (live > 0) {
            fprintf(stderr, "gr: %ld goroutine%s leaked (still alive when main returned):\n\n",
                    live, live == 1 ? "" : "s");
            gr__dump(stderr, NULL);
        }
    }
    if (atomic_load_explicit(&gr__rt.debug_stats, memory_order_relaxed))
        report_stats();
}
