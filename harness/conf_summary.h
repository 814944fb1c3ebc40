/* conf_summary.h — what the conformance matrix (cmd_conformance.c) and
 * REPORT.md's Conformance section (cmd_report.c) both count from a set's
 * conformance rows: a clause's aggregate on one backend, and a backend's
 * tests by status.
 * Invariants: reads the rows only; a clause that did not run on a backend
 * is CLAUSE_NOT_RUN, never a test status. */
#ifndef GRBENCH_CONF_SUMMARY_H
#define GRBENCH_CONF_SUMMARY_H

#include "resultset.h"

#include <stddef.h>

enum { CLAUSE_NOT_RUN = -1 };

/* A clause's aggregate on one backend (conf_clause_status) as a
 * test_status, or CLAUSE_NOT_RUN; *reason as conf_clause_status leaves it. */
int clause_status(const confvec *cv, const char *backend, const char *clause, const char **reason);

typedef struct {
    size_t pass, fail, skip; /* skip: every status but pass and fail */
} test_counts;

/* The tests of rows from..cv->n-1 by status; only backend's when it is
 * not NULL. */
test_counts conf_count(const confvec *cv, size_t from, const char *backend);

#endif
