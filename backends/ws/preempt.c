/*
 * preempt.c — asynchronous preemption for ws (Go 1.14's design, in C):
 * sysmon interrupts a goroutine that has run a whole time slice without a
 * scheduling point, and the goroutine yields its P from wherever it was.
 *
 * The path on x86-64 (aarch64 differs in step 2, below; other CPUs answer
 * GR_ENOTSUP for the flag):
 *   1. sysmon flags a P whose schedtick has not moved for 10 ms (sysmon.c)
 *      and, with async preemption on, sends SIGURG to the M holding it
 *      (ws_preempt_signal).  SIGURG, as Go uses: programs rarely use it.
 *   2. on_sigurg, on that thread, checks that the interrupted instruction
 *      is a safe point (below) and rewrites the signal context so that,
 *      when the handler returns, the thread "calls" ws_preempt_tramp: it
 *      skips the 128-byte red zone, pushes the interrupted PC there, and
 *      points the PC at the trampoline.
 *   3. ws_preempt_tramp (preempt_x86_64.S) saves every general-purpose
 *      register, the flags and the whole FP/SIMD state (XSAVE, or FXSAVE
 *      where the OS has no XSAVE), calls ws_async_preempt, restores it all
 *      and returns to the interrupted PC with `ret $128`, which also undoes
 *      the red-zone skip.
 *   4. ws_async_preempt runs the P's due timers; if nothing else is
 *      runnable it simply returns.  Otherwise it puts its own G at the
 *      tail of the global queue marked `lockedm = this M`, hands the P to
 *      another M (ws_startm), and sleeps on this thread, inside the G.
 *      Whoever later picks the G from a queue does not run it: it hands
 *      its own P to the sleeping M (ws_startlockedm) and the G continues
 *      on the thread it was interrupted on.
 *
 * On aarch64 the handler itself calls ws_async_preempt, and the M sleeps
 * inside the handler, on its signal stack; the kernel's signal frame holds
 * every register and returning from the handler restores them all.  A
 * trampoline there would need a register to jump back through: Go keeps
 * R27 for that, C code has none to spare.
 *
 * The safe-point rule (core/safepoint.h): the interrupted PC lies in an
 * executable segment of the main program, and the M is running a G with
 * no switch action pending and not inside gr_syscall_enter/exit.  So a G is never preempted inside libgr (runtime
 * locks, the scheduler: libgr is a shared object), inside libc or any
 * other shared library (malloc and stdio locks), or between a runtime
 * call's steps.  The cases it misses, by design: a hog that spins inside
 * a shared library (its own, or a libc routine that loops) is not
 * preempted until it returns to the main program; and a libgr linked
 * statically into the program would put the runtime in the main text, so
 * init refuses the flag then (GR_ENOTSUP).  What the rule cannot see: a
 * main-program function that holds an OS lock (flockfile, a
 * pthread_mutex) while it spins can be preempted, and another goroutine
 * that then blocks its thread on that lock keeps its P; at procs=1 that
 * is a deadlock, as it would be with any blocking call that is not
 * bracketed by gr_syscall_enter/exit.
 *
 * Thread-local storage: the interrupted code may hold the address of a
 * __thread variable or of errno in a register, so a preempted G resumes
 * on the same OS thread, always: that is why its M sleeps inside it
 * instead of switching away.  errno is saved and restored around the
 * handler and around ws_async_preempt.
 *
 * Costs when nothing is preempted: none on any hot path; sysmon reads one
 * more atomic (p->curm) when it flags a P.  Sanitizers: ThreadSanitizer
 * delivers signals only at its own interception points, never inside a
 * pure loop, so a TSan build answers GR_ENOTSUP; ASan and Valgrind run it
 * (under Memcheck the handler marks the G's free stack writable first).
 *
 * Invariants: the handler only reads M state written by its own thread
 * and the relaxed preempt flag; a G with lockedm set is in the global
 * queue or in a P's queues and is never run by another M; an M with
 * preempt_wait set holds no P and is not on the idle list.
 */
#include "ws.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#define S ws_S

#if defined(__x86_64__)
/* Read by the trampoline (preempt_x86_64.S), which every x86-64 build
 * links, also those without preemption (TSan); set once by the first init. */
uint64_t ws_xsave_size;  /* bytes of the XSAVE area, 0: use FXSAVE (512) */
#endif

#if (defined(__x86_64__) || defined(__aarch64__)) && defined(WS_SWITCH_ASM) && !defined(GR__TSAN)
#define WS_HAVE_ASYNC_PREEMPT 1
#include "safepoint.h"
#endif

#ifdef WS_HAVE_ASYNC_PREEMPT

#if defined(__x86_64__)
#include <cpuid.h>
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
/* Memcheck treats the jump of SP back from the signal frame as a stack
 * switch, so it calls the trampoline's writes below the interrupted SP
 * invalid; tell it the G's free stack is writable (undefined). */
#define PREEMPT_VG_STACK(lo, len) VALGRIND_MAKE_MEM_UNDEFINED((lo), (len))
#else
#define PREEMPT_VG_STACK(lo, len) ((void)0)
#endif
void ws_preempt_tramp(void);
/* The minimum stack a preemption needs below the interrupted SP: the
 * trampoline's save area and ws_async_preempt's calls (thread start). */
#define PREEMPT_STACK_NEED (24 * 1024)
#endif

/* The trampoline's save area for this CPU (x86-64).  Called by init, before
 * sysmon starts, so no trampoline reads it meanwhile; the same value each
 * time. */
static void size_save_area(void)
{
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE)) {
        __cpuid_count(0xd, 0, a, b, c, d);
        ws_xsave_size = (b + 63) & ~(uint64_t)63; /* for the features XCR0 enables */
    }
#endif
}

/* Make the interrupted G yield once the handler returns (x86-64: through
 * the trampoline) or right here (aarch64).  The handler's thread; m runs
 * curg at a safe point.  False: not enough stack to do it now. */
static bool preempt_here(ws_m *m, ucontext_t *uc)
{
#if defined(__x86_64__)
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
    uintptr_t lo = (uintptr_t)m->curg->stack.lo;
    if (sp <= lo + PREEMPT_STACK_NEED || sp > lo + m->curg->stack.size)
        return false;
    sp -= 128 + 8; /* the red zone, then the return address */
    PREEMPT_VG_STACK((void *)lo, sp + 8 - lo);
    *(uintptr_t *)sp = pc;
    uc->uc_mcontext.gregs[REG_RSP] = (greg_t)sp;
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)ws_preempt_tramp;
    return true;
#else
    (void)m;
    (void)uc;
    ws_async_preempt(); /* sleeps here, on the signal stack, until it has a P */
    return true;
#endif
}

static void on_sigurg(int sig, siginfo_t *si, void *ucv)
{
    int saved_errno = errno;
    ws_m *m = ws_getm();
    bool took = false;
    if (m && m->curg && m->p && !m->in_syscall && m->act == WS_ACT_NONE &&
        /* relaxed: the request flag sysmon set before signalling. */
        atomic_load_explicit(&m->p->preempt, memory_order_relaxed) &&
        gr__safepoint_pc(gr__signal_pc(ucv)))
        took = preempt_here(m, ucv);
    if (!took && !m)
        gr__preempt_signal_chain(sig, si, ucv); /* not a goroutine thread: the program's own */
    errno = saved_errno;
}

int ws_preempt_init(bool on)
{
    S.async_preempt = false;
    if (!on)
        return GR_OK;
    if (!gr__safepoint_probe())
        return GR_ENOTSUP;
    size_save_area();
    /* Only SIGURG is blocked in the handler: on aarch64 an M sleeps in it,
     * and other signals (a profiler's) must still get through. */
    if (!gr__preempt_signal_install(on_sigurg))
        return GR_ENOTSUP;
    S.async_preempt = true;
    return GR_OK;
}

void ws_preempt_fini(void)
{
    gr__preempt_signal_restore();
}

void ws_preempt_signal(ws_p *p)
{
    if (!S.async_preempt)
        return;
    /* acquire: pairs with acquirep's release store; m->self is set. */
    ws_m *m = atomic_load_explicit(&p->curm, memory_order_acquire);
    if (m)
        pthread_kill(m->self, GR__PREEMPT_SIGNAL);
}

#else /* no asynchronous preemption on this CPU or under TSan */

int ws_preempt_init(bool on)
{
    S.async_preempt = false;
    return on ? GR_ENOTSUP : GR_OK;
}
void ws_preempt_fini(void) {}
void ws_preempt_signal(ws_p *p) { (void)p; }

#endif

/* The trampoline's C half.  G context on the interrupted G's stack, on
 * the M it was interrupted on, holding that M's P; no lock held (the
 * safe-point rule guarantees it).  Returns with a P, on the same M. */
__attribute__((used)) void ws_async_preempt(void)
{
    int saved_errno = errno;
    ws_m *m = ws_getm();
    ws_p *p = m->p;
    ws_g *self = m->curg;
    atomic_store_explicit(&p->preempt, 0, memory_order_relaxed); /* relaxed: owner clears */
    ws_timers_check(p);
    if (ws_stopping() ||
        (!ws_runq_haslocal(p) && atomic_load_explicit(&S.runqsize, memory_order_relaxed) == 0)) {
        errno = saved_errno; /* nothing else to run: carry on */
        return;
    }
    atomic_fetch_add_explicit(&S.npreempt, 1, memory_order_relaxed); /* relaxed: a statistic */
    gr__lock_acquire(&S.lock);
    self->lockedm = m;
    ws_globrunqput(self);
    m->preempt_wait = true;
    m->nextp = NULL;
    m->p = NULL;
    /* relaxed: the waker writes it under S.lock, which we hold. */
    atomic_store_explicit(&m->wake, 0, memory_order_relaxed);
    gr__lock_release(&S.lock);
    ws_startm(p, false); /* the P's work goes on on another M */
    ws_wakep();
    /* acquire: pairs with ws_startlockedm's (or shutdown's) release. */
    while (atomic_load_explicit(&m->wake, memory_order_acquire) == 0)
        gr__futex_wait(&m->wake, 0, -1);
    gr__lock_acquire(&S.lock);
    ws_p *np = m->nextp;
    m->nextp = NULL;
    m->preempt_wait = false;
    gr__lock_release(&S.lock);
    if (!np) { /* shutdown: this leaked G never runs again */
        for (;;)
            gr__futex_wait(&m->wake, 1, -1);
    }
    ws_acquirep(m, np);
    atomic_store_explicit(&self->status, WS_G_RUNNING, memory_order_relaxed); /* relaxed: dumps */
    errno = saved_errno;
}

/* g was picked from a queue by m, but sleeps inside its own M after an
 * asynchronous preemption: hand m's P to that M, which resumes g on its
 * own thread.  g0 of m, holding a P; no lock held.  m leaves with no P. */
void ws_startlockedm(ws_m *m, ws_g *g)
{
    if (ws_stopping())
        return; /* g never runs again: its M is orphaned by shutdown */
    ws_p *p = m->p;
    m->p = NULL;
    gr__lock_acquire(&S.lock);
    ws_m *lm = g->lockedm;
    g->lockedm = NULL;
    lm->nextp = p;
    /* release: the sleeper's acquire load then sees nextp. */
    atomic_store_explicit(&lm->wake, 1, memory_order_release);
    gr__lock_release(&S.lock);
    gr__futex_wake(&lm->wake, 1);
}
