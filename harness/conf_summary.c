/* conf_summary.c — counting a set's conformance rows for the matrix and
 * the report (see conf_summary.h).
 * Invariants: reads the rows only. */
#include "conf_summary.h"

#include <string.h>

int clause_status(const confvec *cv, const char *backend, const char *clause, const char **reason)
{
    test_status st;
    return conf_clause_status(cv, backend, clause, &st, reason) ? (int)st : CLAUSE_NOT_RUN;
}

test_counts conf_count(const confvec *cv, size_t from, const char *backend)
{
    test_counts n = {0, 0, 0};
    for (size_t i = from; i < cv->n; i++) {
        if (backend && strcmp(cv->v[i].backend, backend))
            continue;
        if (cv->v[i].status == TEST_PASS)
            n.pass++;
        else if (cv->v[i].status == TEST_FAIL)
            n.fail++;
        else
            n.skip++;
    }
    return n;
}
