/*
 * ctx.c — the context switch of the ucontext backend: swapcontext between
 * an M's scheduler context (g0) and a goroutine, with the sanitizer
 * annotations and the stack-overflow bookkeeping around every switch.
 *
 * Every switch goes g0 -> G (uc_execute) or G -> g0 (uc_to_g0); a G never
 * switches straight to another G.  That keeps the post-switch work (park's
 * unlockf, queueing a yielded G, freeing a dead one) on g0, where the G's
 * context is already fully saved, which is what makes park race-free.
 *
 * Invariants:
 *   - swapcontext is the only switching primitive (its sigprocmask system
 *     call is the cost this backend exists to show; see README.md);
 *   - gr__san_switch_begin() runs on the old stack immediately before each
 *     swapcontext and gr__san_switch_end() on the new stack immediately
 *     after it;
 *   - gr__stack_set_current() names the G's stack while a G runs on this
 *     thread and NULL while g0 runs, so the SIGSEGV handler can tell a
 *     goroutine stack overflow from any other fault;
 *   - the per-thread M pointer is read only through uc_getm(), which the
 *     compiler may neither inline nor analyse (noipa): after a switch point
 *     a goroutine may be on another thread, and a cached TLS address would
 *     name the old thread's M.
 */
#include "uc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__GNUC__) && !defined(__clang__)
#define UC_OPAQUE __attribute__((noinline, noipa))
#else
#define UC_OPAQUE __attribute__((noinline))
#endif

/* initial-exec: one %fs-relative load instead of a __tls_get_addr call on
 * every switch (the library is loaded at start-up, or dlopen'd into the
 * static TLS surplus glibc keeps for that; 8 bytes fit). */
static _Thread_local uc_m *tls_m __attribute__((tls_model("initial-exec")));

UC_OPAQUE uc_m *uc_getm(void)
{
    /* The empty asm keeps even an IPA-happy compiler from treating this as
     * a function of no memory (it must be re-evaluated after each switch). */
    __asm__ __volatile__("" ::: "memory");
    return tls_m;
}

UC_OPAQUE void uc_setm(uc_m *m)
{
    __asm__ __volatile__("" ::: "memory");
    tls_m = m;
}

void uc_g0_init(uc_m *m)
{
    gr__san_thread_init(&m->san0);
}

void uc_g_san_init(uc_g *g)
{
    g->san.asan_fake_stack = NULL;
    g->san.stack_lo = g->stack.lo;
    g->san.stack_size = g->stack.size;
#ifdef GR__TSAN
    g->san.tsan_fiber = __tsan_create_fiber(0);
#else
    g->san.tsan_fiber = NULL;
#endif
}

void uc_g_san_destroy(uc_g *g)
{
#ifdef GR__TSAN
    if (g->san.tsan_fiber)
        __tsan_destroy_fiber(g->san.tsan_fiber);
#endif
    g->san.tsan_fiber = NULL;
}

/* The first frame of every goroutine.  Runs on the G's stack; its M is
 * whichever one executed it, read fresh from TLS. */
static void uc_g_entry(void)
{
    uc_g *g = uc_getm()->curg;
    gr__san_switch_end(&g->san);
    g->fn(g->arg);
    uc_to_g0(g, UC_ACT_EXIT, NULL, NULL);
    /* g0 never resumes a dead G. */
    fputs("gr(ucontext): a dead goroutine was resumed\n", stderr);
    abort();
}

int uc_g_make(uc_g *g)
{
    /* A reused G's ctx was last written by swapcontext when it exited, so it
     * is a complete context (signal mask, FPU state pointer) and only needs
     * makecontext; a new G pays getcontext (a system call) once. */
    if (!g->ctx_valid) {
        if (getcontext(&g->ctx) != 0)
            return GR_ENOMEM;
        g->ctx_valid = true;
    }
    g->ctx.uc_stack.ss_sp = g->stack.lo;
    g->ctx.uc_stack.ss_size = g->stack.size;
    g->ctx.uc_stack.ss_flags = 0;
    g->ctx.uc_link = NULL;
    makecontext(&g->ctx, uc_g_entry, 0);
    g->san.asan_fake_stack = NULL;
    return GR_OK;
}

/* g0 -> g.  Called on m's g0 only (so `m` stays valid across the switch);
 * no lock held.  Returns when g switched back with m->action set. */
void uc_execute(uc_m *m, uc_g *g)
{
    m->curg = g;
    g->status = UC_G_RUNNING;
    /* relaxed: single writer (this g0); stats() only reports it. */
    atomic_store_explicit(&m->nswitch, atomic_load_explicit(&m->nswitch, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    gr__stack_set_current(&g->stack);
    gr__san_switch_begin(&m->san0, &g->san, 0);
    swapcontext(&m->g0ctx, &g->ctx);
    gr__san_switch_end(&m->san0);
    gr__stack_set_current(NULL);
    m->curg = NULL;
}

/* g -> g0 of the M that runs g now.  G context, no lock held (a park's
 * caller may hold core locks that unlockf releases on g0). */
void uc_to_g0(uc_g *g, int action, bool (*unlockf)(gr_g *, void *), void *arg)
{
    uc_m *m = uc_getm(); /* not used after the switch: g may resume elsewhere */
    m->action = action;
    m->unlockf = unlockf;
    m->unlock_arg = arg;
    gr__san_switch_begin(&g->san, &m->san0, action == UC_ACT_EXIT);
    swapcontext(&g->ctx, &m->g0ctx);
    gr__san_switch_end(&g->san);
}
