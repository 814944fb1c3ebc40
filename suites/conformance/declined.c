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
    /* No backend declines anything today.  (The ucontext backend hands the
     * P off in gr_syscall_enter, so it runs RT-SYSCALL-1 like the others.)
     * An entry looks like:
     *   {"mybackend", "RT-SYSCALL-1", "no P hand-off in gr_syscall_enter"},
     */
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
