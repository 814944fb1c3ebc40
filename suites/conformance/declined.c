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
    {"pthread", "RT-PREEMPT-1", "no asynchronous preemption yet: a spinning thread keeps its P token"},
    {"pthread", "RT-PREEMPT-2", "no asynchronous preemption yet"},
    {"pthread", "RT-PREEMPT-3", "no asynchronous preemption yet"},
    {"ucontext", "RT-PREEMPT-1", "no asynchronous preemption: gr_run answers GR_ENOTSUP"},
    {"ucontext", "RT-PREEMPT-2", "no asynchronous preemption: gr_run answers GR_ENOTSUP"},
    {"ucontext", "RT-PREEMPT-3", "no asynchronous preemption: gr_run answers GR_ENOTSUP"},
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
