/*
 * run.c — runs one generated program inside gr_run and checks it (the
 * child side of the driver).  Main creates the channels, contexts and
 * WaitGroups, starts every goroutine (worker.c), waits for the workers,
 * drains every channel (each must be closed by then), checks the ledger,
 * then springs the trap if the program has one (it must never return from
 * it: gr_run must answer GR_EDEADLK), and finally releases everything and
 * checks that no goroutine outlives its work.
 *
 * Invariants: the program never uses a timer before the trap (so a
 * deadlock is exactly "everyone is asleep"); every object is released on
 * the normal path; the last line printed is "stress-child: rc=N violations=N
 * backend=NAME", which the driver parses.
 */
#include "ledger.h"
#include "worker.h"

#include <gr.h>
#include <stdlib.h>
#include <string.h>

sp_world W;

static void trap_goroutine(void *arg)
{
    (void)arg;
    switch (W.p->trap) {
    case SP_TRAP_ORPHAN_SEND: {
        /* Kept in W: after GR_EDEADLK the channel stays reachable, so a
         * leak checker blames no one for it. */
        gr_chan *c = W.trap_ch[0] = gr_chan_make(sizeof(int), W.p->cap[0]);
        int v = 1;
        for (size_t i = 0; i <= W.p->cap[0]; i++)
            gr_chan_send(c, &v);
        break;
    }
    case SP_TRAP_SELECT_NIL: {
        gr_case cs[2] = {{.ch = NULL, .dir = GR_RECV}, {.ch = NULL, .dir = GR_SEND}};
        gr_select(cs, 2);
        break;
    }
    case SP_TRAP_MUTEX:
        gr_mutex_lock(&W.trap_mu);
        break;
    case SP_TRAP_NIL_RECV:
        gr_chan_recv(NULL, NULL, NULL);
        break;
    default:
        break;
    }
    sp_violation("trap goroutine (%s) returned from a call that must block forever",
                 sp_trap_name(W.p->trap));
    gr_wg_done(&W.trap_wg);
}

static void cycle_goroutine(void *arg)
{
    int me = (int)(intptr_t)arg;
    int v = 0;
    gr_chan_recv(W.trap_ch[me], &v, NULL);
    gr_chan_send(W.trap_ch[1 - me], &v);
    sp_violation("cycle goroutine %d got past its receive", me);
    gr_wg_done(&W.trap_wg);
}

static void start_trap(void)
{
    enum sp_trap t = W.p->trap;
    if (t == SP_TRAP_MUTEX)
        gr_mutex_lock(&W.trap_mu);
    if (t == SP_TRAP_CYCLE) {
        for (int i = 0; i < 2; i++)
            W.trap_ch[i] = gr_chan_make(sizeof(int), 0);
        gr_wg_add(&W.trap_wg, 2);
        for (intptr_t i = 0; i < 2; i++)
            if (gr_go(cycle_goroutine, (void *)i) != GR_OK)
                sp_violation("gr_go failed for a trap goroutine");
    } else if (t == SP_TRAP_ORPHAN_SEND || t == SP_TRAP_SELECT_NIL || t == SP_TRAP_MUTEX ||
               t == SP_TRAP_NIL_RECV) {
        gr_wg_add(&W.trap_wg, 1);
        if (gr_go(trap_goroutine, NULL) != GR_OK)
            sp_violation("gr_go failed for the trap goroutine");
    } else if (t == SP_TRAP_WG) {
        gr_wg_add(&W.trap_wg, 1);
    }
}

static void spring_trap(void)
{
    fflush(stderr);
    fprintf(stdout, "stress-child: springing trap %s\n", sp_trap_name(W.p->trap));
    fflush(stdout);
    if (W.p->trap == SP_TRAP_MAIN_RECV) {
        W.trap_ch[0] = gr_chan_make(8, 0); /* reachable after GR_EDEADLK */
        gr_chan_recv(W.trap_ch[0], NULL, NULL);
    } else {
        gr_wg_wait(&W.trap_wg);
    }
    sp_violation("main got past the %s trap", sp_trap_name(W.p->trap));
}

static void drain_all(void)
{
    for (int c = 0; c < W.p->nch; c++) {
        size_t len = gr_chan_len(W.ch[c]), n = 0;
        unsigned char buf[64];
        for (;;) {
            bool ok = true;
            memset(buf, 0xA5, sizeof buf);
            int rc = gr_chan_tryrecv(W.ch[c], buf, &ok);
            if (rc == GR_EAGAIN) {
                sp_violation("c%d is not closed once every worker finished", c);
                break;
            }
            if (rc != GR_OK) {
                sp_violation("c%d: drain tryrecv returned %d", c, rc);
                break;
            }
            sp_note_recv(c, buf, W.p->esize[c], ok, -1, true);
            if (!ok)
                break;
            n++;
        }
        if (n != len)
            sp_violation("c%d: gr_chan_len said %zu buffered, the drain found %zu", c, len, n);
        bool ok = true;
        memset(buf, 0xA5, sizeof buf);
        int rc = gr_chan_recv(W.ch[c], buf, &ok); /* closed and empty: at once, forever */
        if (rc != GR_OK || ok)
            sp_violation("c%d: receive after close and drain gave rc=%d ok=%d", c, rc, ok);
        sp_note_recv(c, buf, W.p->esize[c], false, -1, true);
    }
}

static void check_contexts(void)
{
    if (!W.p->cancellable)
        return;
    if (gr_ctx_err(W.root) != GR_ECANCELED)
        sp_violation("root context err is %d after the canceller ran (want GR_ECANCELED)",
                     gr_ctx_err(W.root));
    for (int i = 0; i < W.p->ng; i++)
        if (W.gctx[i] && gr_ctx_err(W.gctx[i]) != GR_ECANCELED)
            sp_violation("g%d's own context err is %d after the root was canceled", i,
                         gr_ctx_err(W.gctx[i]));
}

static void release_all(void)
{
    for (int i = 0; i < W.p->ng; i++)
        gr_ctx_release(W.gctx[i]);
    gr_ctx_release(W.root);
    for (int c = 0; c < W.p->nch; c++)
        gr_chan_release(W.ch[c]);
    int64_t end = gr_now() + 5000000000LL;
    while (gr_numgoroutine() > 1 && gr_now() < end)
        gr_sleep(1000000);
    if (gr_numgoroutine() > 1)
        sp_violation("%ld goroutine(s) still alive 5 s after every worker finished",
                     gr_numgoroutine() - 1);
}

static void main_fn(void *arg)
{
    const sp_prog *p = arg;
    for (int c = 0; c < p->nch; c++) {
        W.ch[c] = gr_chan_make(p->esize[c], p->cap[c]);
        if (!W.ch[c]) {
            sp_violation("gr_chan_make(%zu, %zu) returned NULL", p->esize[c], p->cap[c]);
            return;
        }
        gr_wg_add(&W.chwg[c], p->nsenders[c]);
    }
    if (p->cancellable) {
        W.root = gr_ctx_with_cancel(gr_ctx_background());
        for (int i = 0; i < p->ng; i++)
            if (p->g[i].own_ctx)
                W.gctx[i] = gr_ctx_with_cancel(W.root);
    }
    start_trap();
    gr_wg_add(&W.all, p->ng);
    for (int i = 0; i < p->ng; i++)
        if (gr_go(sp_worker, (void *)&p->g[i]) != GR_OK) {
            sp_violation("gr_go failed for g%d", i);
            gr_wg_done(&W.all);
        }
    gr_wg_wait(&W.all);
    drain_all();
    sp_ledger_check(p);
    sp_ledger_summary(p, stdout);
    check_contexts();
    if (p->trap != SP_TRAP_NONE)
        spring_trap();
    release_all();
}

int sp_run_child(const sp_prog *p)
{
    memset(&W, 0, sizeof W);
    W.p = p;
    sp_ledger_reset(p);
    gr_config cfg = {.procs = p->procs};
    return sp_child_finish(gr_run(&cfg, main_fn, (void *)p));
}
