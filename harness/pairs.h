/* pairs.h — the paired view of one result set: for one series (suite,
 * name, procs, metric) on two backends, or any two series of the set, the
 * values of the rounds that both have (interleaved runs give repetition =
 * round), and the ratio b/a with
 * a 95% confidence interval from those pairs (paired.h: Hodges–Lehmann on
 * ln(b_r / a_r)).
 *
 * For a set that was not interleaved (made before `run` had rounds) the
 * repetitions of the two sides were not measured together, so pairing by
 * index would be arbitrary: ratio_ci() then falls back to all n_a x n_b
 * cross ratios (the two-sample Hodges–Lehmann estimate) and says so.
 *
 * Invariants: reads only; values <= 0 are never paired (a log is taken). */
#ifndef GRBENCH_PAIRS_H
#define GRBENCH_PAIRS_H

#include "resultset.h"
#include <stdbool.h>
#include <stddef.h>

/* One series of a set. */
typedef struct {
    const char *suite, *name, *backend, *metric;
    int procs;
} series_key;

/* Pairs of the rounds both series have, in round order; *a and *b are
 * malloc'd (also when 0 is returned).  series_pairs is the common case:
 * one benchmark at one procs on two backends. */
size_t series_pairs_k(const rowvec *r, const series_key *ka, const series_key *kb, double **a,
                      double **b);
size_t series_pairs(const rowvec *r, const char *suite, const char *name, int procs,
                    const char *metric, const char *la, const char *lb, double **a, double **b);

typedef struct {
    size_t n; /* pairs used (or cross ratios, when unpaired) */
    bool paired;
    double ratio, lo, hi; /* b/a: estimate and 95% interval */
    double conf;          /* the confidence the interval really has */
} ratio_est;

/* The ratio kb/ka of two series (any two: backends, procs, benchmarks);
 * false when there is nothing to pair.  ratio_ci: one benchmark at one
 * procs, backend lb over backend la. */
bool ratio_ci_k(const rowvec *r, bool interleaved, const series_key *ka, const series_key *kb,
                ratio_est *out);
bool ratio_ci(const rowvec *r, bool interleaved, const char *suite, const char *name, int procs,
              const char *metric, const char *la, const char *lb, ratio_est *out);

/* Whether a set's fingerprint says its repetitions were interleaved. */
bool set_interleaved(const resultset *rs);

#endif
