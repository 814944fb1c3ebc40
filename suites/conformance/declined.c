/*
 * declined.c — the declared limitations: clauses that a named backend
 * declines, each with its reason.  The runner reports such a case as
 * "ok N - ... # SKIP reason".  Nothing else may be skipped.
 *
 * Invariants: the table is small, explicit and reviewed; an entry names one
 * backend and one clause; a backend outside this table declines nothing.
 * Remove an entry as soon as the backend gains the feature.
 */
#include "runner.h"

#include <string.h>

static const struct {
    const char *backend;
    const char *clause;
    const char *reason;
} table[] = {
    /* (The ucontext backend hands the P off in gr_syscall_enter, so it
     * runs RT-SYSCALL-1 like the others.) */
    {"ucontext", "RT-PREEMPT-1", "no asynchronous preemption: gr_run answers GR_ENOTSUP"},
    {"ucontext", "RT-PREEMPT-2", "no asynchronous preemption: gr_run answers GR_ENOTSUP"},
    {"ucontext", "RT-PREEMPT-3", "no asynchronous preemption: gr_run answers GR_ENOTSUP"},
    {"ucontext", "RT-PREEMPT-4", "no asynchronous preemption: gr_run answers GR_ENOTSUP"},
    /* Boost.Fiber schedules a thread's fibers only on that thread's own
     * dispatcher, with no way to move them to another thread while the
     * running fiber blocks in the kernel, and it switches only when the
     * running fiber calls it (backends/boostfiber/README.md). */
    {"boostfiber-shared", "RT-SYSCALL-1",
     "Boost.Fiber has no syscall hand-off: a fiber blocked in the kernel blocks its thread"},
    {"boostfiber-ws", "RT-SYSCALL-1",
     "Boost.Fiber has no syscall hand-off: a fiber blocked in the kernel blocks its thread"},
    {"boostfiber-shared", "RT-PREEMPT-1", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {"boostfiber-shared", "RT-PREEMPT-2", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {"boostfiber-shared", "RT-PREEMPT-3", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {"boostfiber-shared", "RT-PREEMPT-4", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {"boostfiber-ws", "RT-PREEMPT-1", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {"boostfiber-ws", "RT-PREEMPT-2", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {"boostfiber-ws", "RT-PREEMPT-3", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {"boostfiber-ws", "RT-PREEMPT-4", "Boost.Fiber is cooperative: no preemption (gr_run: GR_ENOTSUP)"},
    {NULL, NULL, NULL}, /* end */
};

const char *ct_declined(const char *backend, const char *clause)
{
    if (!backend)
        return NULL;
    for (size_t i = 0; table[i].backend; i++)
        if (strcmp(table[i].backend, backend) == 0 && strcmp(table[i].clause, clause) == 0)
            return table[i].reason;
    return NULL;
}
