/* resultset.h — the in-memory form of one result set, results/<run-id>/:
 *   fingerprint.json   machine and run configuration
 *   combined.csv       suite,name,backend,procs,repetition,metric,value,unit
 *                      (one row per benchmark x backend x procs x repetition x metric)
 *   cells.csv          kind,backend,name,procs,status,seconds,detail,log
 *                      (one row per matrix cell: ok | failed | timeout | skipped, status.h)
 *   raw/...            untouched Google Benchmark / hyperfine JSON, go test text, stderr
 *   conformance/       results.csv (backend,clause,test,status,reason), leaks.csv, raw TAP
 *   plots/             written by `grbench plot`
 *
 * Metrics: "time" = ns per operation (Google Benchmark real_time, go test
 * ns/op); "wall" = seconds per workload run (hyperfine); "peak_rss" = KiB
 * (wait4 ru_maxrss of separate runs).  Lower is better for all three.
 *
 * Invariants: loading validates every number and header and fails with the
 * file and line instead of returning partial data. */
#ifndef GRBENCH_RESULTSET_H
#define GRBENCH_RESULTSET_H

#include "status.h"
#include "util.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Each record type is one table, X(TYPE, field, "column") per column in
 * the CSV file's order.  From it come the struct's fields, the CSV header,
 * the add, the writer, the reader and the free (resultset.c):
 *   <prefix>_add(vec, one argument per column, in this order): copies strings
 *                (NULL is stored as "")
 *   <prefix>_write(vec, path): the header line, then one line per record;
 *                atomic (atomicio.h)
 *   <prefix>_read(vec, path): every column must be in the header (in any
 *                order) and every number must parse; otherwise the file and
 *                data row are reported and vec is left empty
 *   <prefix>_free(vec)
 * TYPE is STR (char *), INT (int), PROCS (int >= 1), LONG (long), REAL
 * (double, written %.9g), SECS (double seconds, written %.3f), CELLST
 * (cell_status) or TESTST (test_status), the last two by name (status.h). */
/* The tables stand two columns to a line, read left to right (clang-format
 * would pack each into lines of 100 columns). */
/* clang-format off */
#define RS_ROW_FIELDS(X)                                     \
    X(STR, suite, "suite")       X(STR, name, "name")        \
    X(STR, backend, "backend")   X(PROCS, procs, "procs")    \
    X(INT, rep, "repetition")    X(STR, metric, "metric")    \
    X(REAL, value, "value")      X(STR, unit, "unit")
#define RS_CELL_FIELDS(X)                                    \
    X(STR, kind, "kind")         X(STR, backend, "backend")  \
    X(STR, name, "name")         X(PROCS, procs, "procs")    \
    X(CELLST, status, "status")  X(SECS, seconds, "seconds") \
    X(STR, detail, "detail")     X(STR, log, "log")
#define RS_CONF_FIELDS(X)                                    \
    X(STR, backend, "backend")   X(STR, clause, "clause")    \
    X(STR, test, "test")         X(TESTST, status, "status") \
    X(STR, reason, "reason")
#define RS_LEAK_FIELDS(X)                                    \
    X(STR, backend, "backend")   X(STR, program, "program")  \
    X(LONG, leaked, "leaked")    X(STR, line, "line")
/* clang-format on */

/* The column types, each once: the member's C type, the add's argument
 * type, and whether the record owns it (str: copied and freed; num: a value). */
#define RS_TYPE_STR(T)                 T(char *, const char *, str)
#define RS_TYPE_INT(T)                 T(int, int, num)
#define RS_TYPE_PROCS(T)               T(int, int, num)
#define RS_TYPE_LONG(T)                T(long, long, num)
#define RS_TYPE_REAL(T)                T(double, double, num)
#define RS_TYPE_SECS(T)                T(double, double, num)
#define RS_TYPE_CELLST(T)              T(cell_status, cell_status, num)
#define RS_TYPE_TESTST(T)              T(test_status, test_status, num)
#define RS_CTYPE(member, arg, owned)   member
#define RS_ATYPE(member, arg, owned)   arg
#define RS_MEMBER(type, field, column) RS_TYPE_##type(RS_CTYPE) field;
#define RS_PARAM(type, field, column)  , RS_TYPE_##type(RS_ATYPE) field
/* The record, its vector and its four functions. */
#define RS_DECLARE(rec, vec, prefix, FIELDS)               \
    typedef struct {                                       \
        FIELDS(RS_MEMBER)                                  \
    } rec;                                                 \
    typedef struct {                                       \
        rec *v;                                            \
        size_t n, cap;                                     \
    } vec;                                                 \
    void prefix##_add(vec *to FIELDS(RS_PARAM));           \
    int prefix##_write(const vec *from, const char *path); \
    int prefix##_read(vec *to, const char *path);          \
    void prefix##_free(vec *v);

RS_DECLARE(row, rowvec, rows, RS_ROW_FIELDS)        /* combined.csv */
RS_DECLARE(cell, cellvec, cells, RS_CELL_FIELDS)    /* cells.csv */
RS_DECLARE(confrow, confvec, conf, RS_CONF_FIELDS)  /* conformance/results.csv */
RS_DECLARE(leakrow, leakvec, leaks, RS_LEAK_FIELDS) /* conformance/leaks.csv */

typedef struct {
    char *dir, *id;
    json_t *fp; /* fingerprint, or NULL */
    rowvec data;
    cellvec cells;
    bool has_conf;
    confvec conf;
    leakvec leaks;
} resultset;

/* Aggregate the tests of one clause on one backend into *st: fail > pass >
 * skip (a todo stands when it came first).  false when the clause did not
 * run there; *reason is the fail/skip reason. */
bool conf_clause_status(const confvec *cv, const char *backend, const char *clause, test_status *st,
                        const char **reason);

/* Load a result set from its directory (or its combined.csv). */
int resultset_load(resultset *rs, const char *path);
void resultset_free(resultset *rs);

/* Result-set directories under results_dir, oldest first (by the
 * fingerprint's "started" stamp, then by name); hidden/temp dirs skipped. */
int resultset_list(const char *results_dir, strlist *out);

/* Values of one series (all repetitions); malloc'd, *n may be 0. */
double *rows_values(const rowvec *r, const char *suite, const char *name, const char *backend,
                    int procs, const char *metric, size_t *n);
/* Median of a series, or NAN when it is empty. */
double rows_median(const rowvec *r, const char *suite, const char *name, const char *backend,
                   int procs, const char *metric);
/* Distinct values in first-seen order (backends: the Go rows last, "gccgo" then "go"). */
void rows_names(const rowvec *r, const char *suite, strlist *out);
void rows_backends(const rowvec *r, strlist *out);
/* A Go reference row ("go": gc, "gccgo"), not a gr backend. */
bool rows_is_reference(const char *backend);
int *rows_procs(const rowvec *r, size_t *n);

double median(double *v, size_t n);                       /* sorts v in place; NAN when n == 0 */
const char *fp_str(const resultset *rs, const char *key); /* "" when absent */

#endif
