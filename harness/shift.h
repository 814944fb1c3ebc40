/* shift.h — the gate's wall-time test (`grbench ab`): does NEW sit above
 * OLD, judged by the pairs that interleaving gives?
 *
 * Why not the signed-rank test on the per-round ratios: on these VMs a
 * process runs in one of two machine states for tens of milliseconds at a
 * time (Yield at procs=1: 21 ns or 38 ns, little between), so a round's
 * two sides are often in different states, and the ratio of such a pair is
 * a +-50% outlier of random sign, ranked highest of all.  The signed-rank
 * test missed 10% slowdowns that the two sides' distributions showed
 * plainly.  Here the statistic is the rank sum of NEW's values among all
 * 2n values (Mann–Whitney's), in which a value in the other state is just
 * one low or high rank; and its null distribution comes from the design:
 * under "no change" the two values of a round are exchangeable (the order
 * inside a round is random), so swapping them in any subset of rounds is
 * as likely as what was observed.  p is the share of the 2^n swap sets
 * (all of them for n <= 16, else 19,999 drawn at random plus the observed
 * one) whose rank sum is at least (or at most) the observed one: a
 * randomization test, exact at any n, with no model of the noise, which
 * gains from the pairing when rounds drift and loses nothing to
 * Mann–Whitney's own null when they do not.
 *
 * The estimate is the two-sample Hodges–Lehmann shift of the logs (the
 * median of ln new_i - ln old_j over all i, j: Mann–Whitney's own
 * estimator), with a percentile bootstrap interval over rounds (2,000
 * resamples).  Both draw from a fixed PRNG seeded by the caller, so a
 * verdict replays exactly from its result set.
 *
 * Invariants: la/lb are logs, n pairs; 0 < p <= 1; lo <= est <= hi when
 * n > 0; nothing is kept between calls. */
#ifndef GRBENCH_SHIFT_H
#define GRBENCH_SHIFT_H

#include <stddef.h>
#include <stdint.h>

/* One-sided p-values of the rank-sum test: *p_greater for "NEW above OLD",
 * *p_less for "NEW below OLD".  Both 1 when n == 0. */
void shift_test(const double *la, const double *lb, size_t n, uint64_t seed, double *p_less,
                double *p_greater);

/* The Hodges–Lehmann shift and its 95% bootstrap interval; NAN when
 * n == 0. */
void shift_interval(const double *la, const double *lb, size_t n, uint64_t seed, double *est,
                    double *lo, double *hi);

#endif
