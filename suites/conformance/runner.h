/*
 * runner.h — internals of the conformance runner shared by its modules:
 * the expanded test list (registry.c), SPEC.md parsing and the coverage
 * check (spec.c), backend selection (backend.c), running one test in a
 * forked child (child.c, exec.c) and the declared-limitation table
 * (declined.c).  Tests themselves only see ct.h.
 *
 * Invariants: a ct_case is one line of TAP output: one registered test at
 * one procs value; ct_case.clauses holds real clause IDs ('-' spelling),
 * the primary one first.  The parent process never calls gr_run, so it
 * stays single-threaded and fork() is safe.
 */
#ifndef CT_RUNNER_H
#define CT_RUNNER_H

#include "ct.h"

#include <stddef.h>

#define CT_MAX_CLAUSES 8

typedef struct ct_case {
    const ct_test *t;
    int procs;                          /* gr_config.procs for this case */
    const char *clauses[CT_MAX_CLAUSES]; /* NULL-terminated */
    char label[160];                    /* "CHAN-CLOSE-2 close drains ... (procs=4)" */
} ct_case;

typedef struct ct_list {
    ct_case *v;
    size_t n;
} ct_list;

/* registry.c: the registered tests, expanded (multi -> procs 1 and 4),
 * sorted by file and line.  selftest selects the hidden registry. */
ct_list ct_cases(bool selftest);

/* spec.c: the clause IDs of a SPEC.md (NULL-terminated array, malloc'd);
 * NULL with a message on stderr if the file cannot be read or an ID repeats. */
char **ct_spec_load(const char *path);
/* Coverage: every spec ID has a case and every case names only spec IDs.
 * Prints one "Bail out!"-ready message per problem to `out`; returns the
 * number of problems. */
int ct_spec_check(char **ids, const ct_list *cases, FILE *out);

/* backend.c: --backend NAME|PATH (suites/common/backend.h).  Returns 0
 * when the program already runs on that library, else re-executes it with
 * the protocol set (no return) or returns -1 with a message.
 * ct_backend_after_exec() runs at start-up to clean up and to verify which
 * library was loaded. */
int ct_backend_reexec(const char *arg, char **argv);
int ct_backend_after_exec(FILE *out);

/* declined.c: the reason `backend` declines `clause`, or NULL. */
const char *ct_declined(const char *backend, const char *clause);

/* exec.c: run one case in a forked child and return its verdict. */
enum ct_verdict { CT_PASS, CT_FAIL, CT_SKIP };
typedef struct ct_result {
    enum ct_verdict verdict;
    char why[256];   /* one line: "timed out after 30 s", "crashed: SIGSEGV", ... */
    char *output;    /* the child's stdout+stderr (malloc'd; may be NULL) */
    double seconds;
} ct_result;
ct_result ct_exec(const ct_case *c, int default_timeout_s);

/* child.c: what the forked child does (never returns). */
_Noreturn void ct_child(const ct_case *c);

/* selftest.c: --self-test: run the hidden tests, check every verdict, and
 * check the coverage checker on synthetic inputs.  Returns the exit code. */
int ct_selftest(int default_timeout_s);

#endif /* CT_RUNNER_H */
