/* report.h — what `grbench report` (cmd_report.c) shares with the sections
 * that need more of the report than the result set (report_questions.c):
 * the report being written, and how it formats a value.
 * Invariants: every formatter returns a malloc'd string; a value that is
 * not finite prints as "–" (a ratio's interval: as ""). */
#ifndef GRBENCH_REPORT_H
#define GRBENCH_REPORT_H

#include "resultset.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    FILE *f;
    const resultset *rs;
    strlist backends;    /* "go" last, if present */
    strlist gr_backends; /* without the Go reference rows (go, gccgo) */
    strlist bench;       /* the names of the microbenchmarks (rows_names) */
    strlist workloads;   /* the names of the workloads */
    int *procs;
    size_t np;
    bool has_go;
    bool interleaved; /* pairs by round are meaningful (pairs.h) */
    char *plots_rel;  /* relative link from REPORT.md's folder to <set>/plots, or NULL */
} rep;

/* The median of one series of the set, or NAN. */
double rep_med(const rep *r, const char *suite, const char *name, const char *backend, int procs,
               const char *metric);
/* ns/op with 2, 1 or 0 decimals by size; bytes in B, KiB, MiB or GiB. */
char *rep_fns(double v);
char *rep_fbytes(double b);
/* " [lo, hi]": the 95% interval of the ratio of series b to series a
 * (pairs.h), or "" when the two have nothing to pair. */
char *rep_fci(const rep *r, const char *suite, const char *metric, const char *na, const char *ba,
              int pa, const char *nb, const char *bb, int pb);

#endif
