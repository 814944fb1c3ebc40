/* resultset.h — the in-memory form of one result set, results/<run-id>/:
 *   fingerprint.json   machine and run configuration
 *   combined.csv       suite,name,backend,procs,repetition,metric,value,unit
 *                      (one row per benchmark x backend x procs x repetition x metric)
 *   cells.csv          kind,backend,name,procs,status,seconds,detail,log
 *                      (one row per matrix cell: ok | failed | timeout | skipped)
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

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "util.h"

typedef struct {
    char *suite, *name, *backend, *metric, *unit;
    int procs, rep;
    double value;
} row;
typedef struct { row *v; size_t n, cap; } rowvec;

typedef struct {
    char *kind, *backend, *name, *status, *detail, *log;
    int procs;
    double seconds;
} cell;
typedef struct { cell *v; size_t n, cap; } cellvec;

typedef struct { char *backend, *clause, *test, *status, *reason; } confrow;
typedef struct { confrow *v; size_t n, cap; } confvec;

typedef struct { char *backend, *program, *line; long leaked; } leakrow;
typedef struct { leakrow *v; size_t n, cap; } leakvec;

typedef struct {
    char *dir, *id;
    json_t *fp;              /* fingerprint, or NULL */
    rowvec data;
    cellvec cells;
    bool has_conf;
    confvec conf;
    leakvec leaks;
} resultset;

void rows_add(rowvec *r, const char *suite, const char *name, const char *backend, int procs,
              int rep, const char *metric, double value, const char *unit);
int rows_write(const rowvec *r, const char *path);      /* atomic */
int rows_read(rowvec *r, const char *path);
void rows_free(rowvec *r);

void cells_add(cellvec *c, const char *kind, const char *backend, const char *name, int procs,
               const char *status, double seconds, const char *detail, const char *log);
int cells_write(const cellvec *c, const char *path);
void cells_free(cellvec *c);

void conf_add(confvec *c, const char *backend, const char *clause, const char *test,
              const char *status, const char *reason);
int conf_write(const confvec *c, const char *path);
/* Aggregate the tests of one clause on one backend: fail > pass > skip.
 * NULL when the clause did not run there; *reason is the fail/skip reason. */
const char *conf_clause_status(const confvec *cv, const char *backend, const char *clause,
                               const char **reason);
void leaks_add(leakvec *l, const char *backend, const char *program, long leaked, const char *line);
int leaks_write(const leakvec *l, const char *path);

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
int *rows_procs(const rowvec *r, size_t *n);

double median(double *v, size_t n);    /* sorts v in place; NAN when n == 0 */
const char *fp_str(const resultset *rs, const char *key);   /* "" when absent */

#endif
