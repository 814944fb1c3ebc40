/*
 * safepoint.h — the safe-point rule of asynchronous preemption, shared by
 * every port that preempts with a signal (ws, pthread).
 *
 * The rule: a thread may be preempted at an interrupted instruction only
 * if that instruction lies in an executable segment of the main program
 * (the first object dl_iterate_phdr reports).  So it is never interrupted
 * inside libgr (the runtime's locks and scheduler; libgr is a shared
 * object), inside libc (malloc, stdio) or any other shared library.  If
 * libgr itself lies in the main program (a static link), the rule cannot
 * tell the runtime from user code, and preemption is unusable.
 *
 * Invariants: gr__safepoint_probe runs once, before any preemption signal
 * can arrive (a port calls it from init); afterwards the tables are
 * read-only, so gr__safepoint_pc is async-signal-safe.
 */
#ifndef GR_CORE_SAFEPOINT_H
#define GR_CORE_SAFEPOINT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* Read the main program's executable segments (once; later calls return
 * the first answer).  False: the rule cannot be used (libgr is linked
 * into the main program, or no segment was found). */
bool gr__safepoint_probe(void);

/* True when pc lies in the main program's text.  Async-signal-safe. */
bool gr__safepoint_pc(uintptr_t pc);

/* The interrupted PC of a signal context (the handler's third argument),
 * or 0 on a CPU this file does not know.  Async-signal-safe. */
uintptr_t gr__signal_pc(const void *ucontext);

/* The preemption signal, SIGURG (as Go's: programs rarely use it).
 * install: make handler the SIGURG handler (SA_SIGINFO, SA_ONSTACK,
 * SA_RESTART; only SIGURG blocked while it runs, so a thread that waits
 * inside it still gets other signals), keeping the program's own; idempotent;
 * false if sigaction fails.  restore: put the program's back (the port's
 * shutdown).  chain: hand a SIGURG that was not the runtime's (it arrived on
 * a thread that runs no goroutine) to the program's own handler.  gr_run's
 * thread installs and restores; chain is async-signal-safe. */
#define GR__PREEMPT_SIGNAL SIGURG
bool gr__preempt_signal_install(void (*handler)(int, siginfo_t *, void *));
void gr__preempt_signal_restore(void);
void gr__preempt_signal_chain(int sig, siginfo_t *si, void *ucontext);

#endif /* GR_CORE_SAFEPOINT_H */
