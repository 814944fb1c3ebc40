/* paired.h — statistics for paired, interleaved measurements: the
 * Wilcoxon signed-rank test, the Hodges–Lehmann estimate with its
 * distribution-free confidence interval, and Holm's step-down correction.
 *
 * Why these: `grbench run` interleaves its repetitions in rounds, so the two
 * sides of a comparison measured in the same round form a pair that shares
 * the machine's drift.  The test works on the per-round differences of log
 * values, d_r = ln(new_r / old_r): it needs no normality (benchmark times are
 * skewed) and, unlike the Mann–Whitney U test on the pooled repetitions,
 * does not count the drift between rounds as evidence.  The estimate of the
 * change is the Hodges–Lehmann estimator (the median of the Walsh averages
 * (d_i + d_j) / 2, i <= j), and its confidence interval is read off the
 * sorted Walsh averages at the signed-rank test's critical value, so test
 * and interval agree.  Holm–Bonferroni controls the family-wise error over
 * all the series of one comparison, as benchstat's documentation warns a
 * multi-benchmark gate must.
 *
 * Method (written from the textbook definitions): zero differences are
 * dropped (Wilcoxon's convention); ranks of |d| are mid-ranks; the p-value
 * is exact (the null distribution of the rank sum counted by dynamic
 * programming over doubled ranks, which handles mid-ranks) for n <= 60,
 * else the normal approximation with tie correction (and a 95% interval).  Invariants: 0 < p <= 1;
 * p == 1 when fewer than one non-zero difference; lo <= est <= hi. */
#ifndef GRBENCH_PAIRED_H
#define GRBENCH_PAIRED_H

#include <stdbool.h>
#include <stddef.h>

/* One-sided p-values of the signed-rank test of d[0..n) against median 0:
 * *p_less = P(T+ <= t) (evidence that d < 0), *p_greater = P(T+ >= t)
 * (evidence that d > 0), t the observed sum of the positive ranks.  A gate
 * that fails only on slowdowns asks the one-sided question: at the same
 * family-wise alpha it needs about a fifth fewer pairs than a two-sided one. */
void signed_rank_tails(const double *d, size_t n, double *p_less, double *p_greater);

/* Two-sided p-value: 2 * min of the tails, at most 1. */
double signed_rank_p(const double *d, size_t n);

/* Hodges–Lehmann estimate and the (1 - alpha) interval; *achieved is the
 * confidence the interval really has (with few pairs the widest interval,
 * [min, max], may have less than 1 - alpha).  false when n == 0. */
bool hodges_lehmann(const double *d, size_t n, double alpha, double *est, double *lo, double *hi,
                    double *achieved);

/* Holm's step-down: adj[i] = the adjusted p-value of p[i] (reject at level
 * alpha iff adj[i] < alpha). */
void holm_adjust(const double *p, size_t m, double *adj);

#endif
