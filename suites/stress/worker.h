/*
 * worker.h — the state one running program shares between main (run.c)
 * and its goroutines (worker.c).
 *
 * Invariants: W is set up by main before any goroutine starts and torn down
 * only after the all-workers WaitGroup; goroutines only read its handles.
 */
#ifndef STRESS_WORKER_H
#define STRESS_WORKER_H

#include "stress.h"

#include <gr.h>

typedef struct sp_world {
    const sp_prog *p;
    gr_chan *ch[SP_MAXCH];
    gr_waitgroup chwg[SP_MAXCH]; /* senders of each channel */
    gr_waitgroup all;            /* every worker */
    gr_ctx *root;                /* cancellable programs only */
    gr_ctx *gctx[SP_MAXG];       /* a goroutine's own child of root, or NULL */
    gr_waitgroup trap_wg;
    gr_mutex trap_mu;
    gr_chan *trap_ch[2];
} sp_world;

extern sp_world W;

/* The body of every worker goroutine; arg is its const sp_g *. */
void sp_worker(void *arg);

#endif /* STRESS_WORKER_H */
