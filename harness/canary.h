/* canary.h — is this machine quiet enough for the run's conclusions?
 *
 * Every run records the machine's state (load averages, steal time from
 * /proc/stat over the run, the CPU frequency governor, SMT) and a canary: a
 * fixed, CPU-bound loop timed in-process at the start, the middle and the
 * end of the run (median of 9 samples each).  The canary's spread
 * ((max - min) / min of the three) is the drift that the run itself saw.
 * The run is "noisy" when the spread exceeds 10%, steal exceeds 5% of the
 * CPU time, or the 1-minute load at the start exceeds the online cores.
 *
 * Invariants: collecting never fails the run (a missing /proc or /sys file
 * gives null); the verdict is computed once, at the end, and stored in the
 * set's fingerprint under "noise", where compare, ab and report read it. */
#ifndef GRBENCH_CANARY_H
#define GRBENCH_CANARY_H

#include <jansson.h>
#include <stdbool.h>

double canary_measure_ns(void);                   /* one canary measurement */
json_t *noise_begin(void);                        /* state + canary "start" */
void noise_mark(json_t *noise, const char *when); /* canary "middle" */
void noise_end(json_t *noise);                    /* canary "end", steal, load, verdict */
/* The verdict of a fingerprint: true when noisy, with the reasons in
 * *why (malloc'd, "" when quiet or when the set predates the canary). */
bool noise_is_noisy(const json_t *fingerprint, char **why);

#endif
