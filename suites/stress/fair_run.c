/*
 * fair_run.c — runs one fairness program (fair.h) inside gr_run and checks
 * its liveness (the child side of `stress --fair`).
 *
 * Each goroutine walks the plan and executes its own events in order.  A
 * goroutine that waits checks the liveness bound itself where it can:
 *   - a yield loop (WAIT) gives up after `liveness_ns` on the gr_now()
 *     clock, counting its yields;
 *   - half of the receives (RECV timed) select against a timer of the
 *     same length;
 * and on expiry prints a VIOLATION with the seed, who waited for what and
 * how long, then the scheduler's state (gr_dump), and sets `abort`, after
 * which every later wait gives up at once so that the program still ends.
 * The other waits (plain RECV, WAIT_WG, LOCK) park without a bound of
 * their own; if one of them never returns, the driver's per-program
 * timeout reports a hang.
 *
 * Also checked: every event runs exactly once; a value arrives intact; a
 * mutex is held by one goroutine at a time; a SLEEP or AFTER does not
 * return early.  Invariants: the world F is set up by main before any
 * goroutine starts and read by main only after every goroutine is done.
 */
#include "fair.h"
#include "ledger.h"

#include <gr.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

static struct {
    const sf_prog *p;
    int64_t bound;
    _Atomic int flag[SF_MAXOBJ];
    gr_chan *ch[SF_MAXOBJ];
    gr_waitgroup wg[SF_MAXOBJ];
    gr_mutex mu[SF_NMUTEX];
    _Atomic int holder[SF_NMUTEX]; /* goroutine + 1 inside the mutex, 0 = none */
    gr_waitgroup all;              /* every goroutine but main */
    _Atomic int abort;             /* a liveness violation was reported */
    _Atomic int ran[SF_MAXEV];
    _Atomic long yields;
} F;

static _Atomic int dumped; /* one scheduler dump per program is enough */

static void stuck(const sf_ev *e, int k, int64_t waited, long yields)
{
    static const char *const what[] = {[SF_WAIT] = "flag f", [SF_RECV] = "channel c"};
    sp_violation("seed=%llu procs=%d: g%d waited %.0f ms (%ld yields) at event %d for %s%d "
                 "from g%d: liveness bound %.0f ms exceeded",
                 (unsigned long long)F.p->seed, F.p->procs, e->g, (double)waited / 1e6, yields,
                 k, what[e->kind], e->obj, e->from, (double)F.bound / 1e6);
    atomic_store(&F.abort, 1);
    if (atomic_exchange(&dumped, 1) == 0) {
        fputs("scheduler state at the violation (gr_dump):\n", stderr);
        gr_dump(stderr);
        fflush(stderr);
    }
}

static void wait_flag(const sf_ev *e, int k)
{
    int64_t t0 = gr_now();
    long n = 0;
    /* acquire: pairs with SET's release; what the setter did is visible. */
    while (!atomic_load_explicit(&F.flag[e->obj], memory_order_acquire)) {
        if (atomic_load(&F.abort))
            break;
        int64_t waited = gr_now() - t0;
        if (waited > F.bound) {
            stuck(e, k, waited, n);
            break;
        }
        gr_yield();
        n++;
    }
    atomic_fetch_add(&F.yields, n);
}

static void recv_value(const sf_ev *e, int k)
{
    int64_t v = -1, t0 = gr_now();
    bool ok = false;
    if (e->timed) {
        gr_timer *t = gr_timer_new(F.bound);
        int64_t fired = 0;
        gr_case cs[2] = {{.ch = F.ch[e->obj], .dir = GR_RECV, .elem = &v},
                         {.ch = gr_timer_chan(t), .dir = GR_RECV, .elem = &fired}};
        int i = gr_select(cs, 2);
        gr_timer_stop(t);
        gr_timer_release(t);
        if (i == 1) {
            if (!atomic_load(&F.abort))
                stuck(e, k, gr_now() - t0, 0);
            return; /* the value stays buffered: the channel is released at the end */
        }
        ok = cs[0].ok;
        if (i != 0)
            sp_violation("g%d: select for c%d returned %d", e->g, e->obj, i);
    } else {
        int rc = gr_chan_recv(F.ch[e->obj], &v, &ok);
        if (rc != GR_OK)
            sp_violation("g%d: receive on c%d returned %d", e->g, e->obj, rc);
    }
    if (!ok || v != e->obj)
        sp_violation("g%d: c%d delivered %lld ok=%d, want %d ok=1", e->g, e->obj, (long long)v, ok,
                     e->obj);
}

/* Plain C for ns nanoseconds: arithmetic, the clock once per 2^14 turns,
 * so that an asynchronous preemption nearly always lands in this code. */
static __attribute__((noinline)) void spin(int64_t ns)
{
    volatile uint64_t x = 1;
    int64_t end = gr_now() + ns;
    for (uint64_t i = 1;; i++) {
        x = x * 6364136223846793005u + 1;
        if ((i & ((1u << 14) - 1)) == 0 && gr_now() >= end)
            break;
    }
}

static void run_events(int g);

static void goroutine(void *arg)
{
    run_events((int)(intptr_t)arg);
    gr_wg_done(&F.all);
}

static void exec_event(const sf_ev *e, int k)
{
    int g = e->g, rc;
    switch (e->kind) {
    case SF_SPAWN:
        if ((rc = gr_go(goroutine, (void *)(intptr_t)e->obj)) != GR_OK) {
            sp_violation("gr_go of g%d returned %d", e->obj, rc);
            gr_wg_done(&F.all);
        }
        break;
    case SF_SET:
        atomic_store_explicit(&F.flag[e->obj], 1, memory_order_release); /* pairs with WAIT */
        break;
    case SF_WAIT:
        wait_flag(e, k);
        break;
    case SF_SEND: {
        int64_t v = e->obj;
        if ((rc = gr_chan_send(F.ch[e->obj], &v)) != GR_OK)
            sp_violation("g%d: send on c%d returned %d", g, e->obj, rc);
        break;
    }
    case SF_RECV:
        recv_value(e, k);
        break;
    case SF_DONE:
        if ((rc = gr_wg_done(&F.wg[e->obj])) != GR_OK)
            sp_violation("g%d: done on w%d returned %d", g, e->obj, rc);
        break;
    case SF_WAIT_WG:
        if (!atomic_load(&F.abort))
            gr_wg_wait(&F.wg[e->obj]);
        break;
    case SF_SLEEP:
    case SF_AFTER: {
        int64_t t0 = gr_now();
        if (e->kind == SF_SLEEP) {
            gr_sleep(e->n);
        } else {
            gr_chan *c = gr_after(e->n);
            if (!c || gr_chan_recv(c, NULL, NULL) != GR_OK)
                sp_violation("g%d: gr_after(%d) gave no value", g, e->n);
            gr_chan_release(c);
        }
        if (gr_now() - t0 < e->n)
            sp_violation("g%d: %s(%d ns) returned after %lld ns", g,
                         e->kind == SF_SLEEP ? "gr_sleep" : "gr_after", e->n,
                         (long long)(gr_now() - t0));
        break;
    }
    case SF_LOCK: {
        gr_mutex_lock(&F.mu[e->obj]);
        int was = atomic_exchange(&F.holder[e->obj], g + 1);
        if (was)
            sp_violation("g%d locked m%d while g%d held it", g, e->obj, was - 1);
        break;
    }
    case SF_UNLOCK: {
        int was = atomic_exchange(&F.holder[e->obj], 0);
        if (was != g + 1)
            sp_violation("g%d unlocks m%d, but the holder on record is %d", g, e->obj, was - 1);
        if ((rc = gr_mutex_unlock(&F.mu[e->obj])) != GR_OK)
            sp_violation("g%d: unlock of m%d returned %d", g, e->obj, rc);
        break;
    }
    case SF_YIELDS:
        for (int i = 0; i < e->n; i++)
            gr_yield();
        break;
    case SF_SPIN:
        spin(e->n);
        break;
    default:
        sp_violation("event %d has an unknown kind %d", k, e->kind);
    }
    atomic_fetch_add(&F.ran[k], 1);
}

static void run_events(int g)
{
    for (int k = 0; k < F.p->nev; k++)
        if (F.p->ev[k].g == g)
            exec_event(&F.p->ev[k], k);
}

static void main_fn(void *arg)
{
    const sf_prog *p = arg;
    for (int c = 0; c < p->nchan; c++)
        if (!(F.ch[c] = gr_chan_make(sizeof(int64_t), 1))) {
            sp_violation("gr_chan_make(8, 1) returned NULL");
            return;
        }
    for (int w = 0; w < p->nwg; w++)
        gr_wg_add(&F.wg[w], 1);
    gr_wg_add(&F.all, p->ng - 1);
    run_events(0);
    gr_wg_wait(&F.all);
    for (int k = 0; k < p->nev; k++)
        if (atomic_load(&F.ran[k]) != 1)
            sp_violation("event %d (g%d) ran %d times", k, p->ev[k].g, atomic_load(&F.ran[k]));
    for (int c = 0; c < p->nchan; c++)
        gr_chan_release(F.ch[c]);
    printf("stress-child: fair events=%d goroutines=%d yields-in-waits=%ld\n", p->nev, p->ng,
           atomic_load(&F.yields));
}

int sf_run_child(const sf_prog *p, int64_t liveness_ns)
{
    memset(&F, 0, sizeof F);
    F.p = p;
    F.bound = liveness_ns;
    gr_config cfg = {.procs = p->procs, .flags = p->preempt ? GR_FLAG_PREEMPT_ASYNC : 0};
    int rc = gr_run(&cfg, main_fn, (void *)p);
    if (rc == GR_ENOTSUP && p->preempt) { /* no asynchronous preemption here */
        cfg.flags = 0;
        rc = gr_run(&cfg, main_fn, (void *)p);
    }
    return sp_child_finish(rc);
}
