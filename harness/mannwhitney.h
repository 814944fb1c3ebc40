/* mannwhitney.h — the two-sided Mann–Whitney U test (Wilcoxon rank-sum), the
 * test that Google Benchmark's compare.py and Go's benchstat apply to the
 * repetitions of two runs.
 *
 * Method (written from the textbook definition): rank the pooled samples with
 * mid-ranks for ties; U = R1 - n1(n1+1)/2.  Without ties and with
 * n1*n2 <= 2500 the p-value is exact, from the null distribution of U counted
 * by the recurrence f(m,n,u) = f(m-1,n,u-n) + f(m,n-1,u).  Otherwise it uses
 * the normal approximation with tie correction and a 0.5 continuity
 * correction.  Invariants: 0 <= p <= 1; p == 1 when either sample is empty or
 * all values are equal. */
#ifndef GRBENCH_MANNWHITNEY_H
#define GRBENCH_MANNWHITNEY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    double u;   /* U of the first sample */
    double p;   /* two-sided p-value */
    bool exact; /* exact distribution (no ties, small samples) */
} mw_result;

mw_result mann_whitney(const double *a, size_t na, const double *b, size_t nb);

#endif
