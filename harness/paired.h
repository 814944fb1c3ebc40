/* paired.h — statistics for paired, interleaved measurements: the
 * Hodges–Lehmann estimate of a ratio with its distribution-free confidence
 * interval (the report's ratios, the gate's geomean row), and Holm's
 * step-down correction (the gate's family of series).
 *
 * Why these: `grbench run` interleaves its repetitions in rounds, so the two
 * sides of a comparison measured in the same round form a pair that shares
 * the machine's drift.  The estimate works on the per-round differences of
 * log values, d_r = ln(new_r / old_r): it needs no normality (benchmark
 * times are skewed).  It is the Hodges–Lehmann estimator (the median of the
 * Walsh averages (d_i + d_j) / 2, i <= j), and its confidence interval is
 * read off the sorted Walsh averages at the signed-rank statistic's
 * critical value.  Holm–Bonferroni controls the family-wise error over all
 * the series of one comparison, as benchstat's documentation warns a
 * multi-benchmark gate must.  (The gate's test itself is shift.h's.)
 *
 * Method (written from the textbook definitions): the critical value is
 * exact (the null distribution of the rank sum counted by dynamic
 * programming) for n <= 60, else the normal approximation at 95%.
 * Invariants: lo <= est <= hi; Holm's adjusted p-values are monotone in p
 * and at most 1. */
#ifndef GRBENCH_PAIRED_H
#define GRBENCH_PAIRED_H

#include <stdbool.h>
#include <stddef.h>

/* Hodges–Lehmann estimate and the (1 - alpha) interval; *achieved is the
 * confidence the interval really has (with few pairs the widest interval,
 * [min, max], may have less than 1 - alpha).  false when n == 0. */
bool hodges_lehmann(const double *d, size_t n, double alpha, double *est, double *lo, double *hi,
                    double *achieved);

/* Holm's step-down: adj[i] = the adjusted p-value of p[i] (reject at level
 * alpha iff adj[i] < alpha). */
void holm_adjust(const double *p, size_t m, double *adj);

#endif
