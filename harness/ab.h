/* ab.h — `grbench ab OLD NEW`: an A/B of two libgr.so.1 in one interleaved
 * run (cmd_ab.c), and its verdict on the result set (ab_verdict.c).
 * Invariants: the verdict reads the set only; its return value is the
 * command's exit status (0 no regression, 1 regression, 2 error). */
#ifndef GRBENCH_AB_H
#define GRBENCH_AB_H

#include "resultset.h"
#include <stdio.h>

typedef struct {
    const char *metric; /* "time" or "instructions" */
    double alpha;       /* family-wise, over all series (time) */
    double min_effect;  /* percent */
} ab_opts;

int ab_verdict(const resultset *rs, const char *la, const char *lb, const ab_opts *o, FILE *out);

#endif
