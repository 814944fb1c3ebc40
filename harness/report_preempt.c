/* report_preempt.c — REPORT.md's section "PreemptLatency": how late a
 * goroutine that sleeps 1 ms in a loop wakes up behind a CPU hog that
 * makes no runtime call, at procs=1 (suites/workloads/preemptlat.c and its
 * Go twin print wakes, late_p50_us, late_p99_us, late_max_us and stalled on
 * their result line; `grbench run` keeps each as a metric).
 *
 * Invariants: reads the result set only; a row's figures are the medians
 * over the set's repetitions of the measured metrics, and the p99 column
 * also shows the range over the repetitions (tails move with the machine);
 * a backend without the metrics gets no row, and the section says so when
 * none has them. */
#define _GNU_SOURCE
#include "report_preempt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_preemptlat(const char *name)
{
    return !strncmp(name, "preemptlat", 10) && (name[10] == 0 || name[10] == '/');
}

void report_preempt(FILE *f, const resultset *rs, const strlist *backends)
{
    fprintf(f,
            "## PreemptLatency: waking up behind a CPU hog\n\n"
            "The `preemptlat` workload at procs=1: a goroutine sleeps 1 ms in a loop while main "
            "spins in plain C, with no runtime call, for the run's size in ms. The run asks for "
            "asynchronous preemption (`GR_FLAG_PREEMPT_ASYNC`); a backend without it runs without "
            "(Go has it since 1.14). **wakes**: sleeps that ended while the hog ran; **late**: how "
            "long after its deadline each wake-up came (median of the repetitions; for p99 also "
            "the range over them); **stalled**: no wake-up at all until the hog ended.\n\n");
    strlist names;
    sl_init(&names);
    rows_names(&rs->data, "workload", &names);
    bool header = false;
    for (size_t b = 0; b < backends->n; b++) {
        const char *be = backends->v[b];
        for (size_t i = 0; i < names.n; i++) {
            if (!is_preemptlat(names.v[i]))
                continue;
            size_t n = 0;
            double *p99 = rows_values(&rs->data, "workload", names.v[i], be, 1, "late_p99_us", &n);
            if (n == 0) {
                free(p99);
                continue;
            }
            double lo = INFINITY, hi = -INFINITY;
            for (size_t k = 0; k < n; k++) {
                lo = fmin(lo, p99[k]);
                hi = fmax(hi, p99[k]);
            }
            double med99 = median(p99, n);
            free(p99);
            double wakes = rows_median(&rs->data, "workload", names.v[i], be, 1, "wakes");
            double p50 = rows_median(&rs->data, "workload", names.v[i], be, 1, "late_p50_us");
            double mx = rows_median(&rs->data, "workload", names.v[i], be, 1, "late_max_us");
            double st = rows_median(&rs->data, "workload", names.v[i], be, 1, "stalled");
            if (!header) {
                fprintf(
                    f,
                    "| backend | workload | wakes | late p50 | late p99 (range) | late max | stalled |\n"
                    "|---|---|---:|---:|---:|---:|:---:|\n");
                header = true;
            }
            fprintf(f, "| %s | `%s` | %.0f | %.1f ms | %.1f ms (%.1f–%.1f) | %.1f ms | %s |\n", be,
                    names.v[i], wakes, p50 / 1000, med99 / 1000, lo / 1000, hi / 1000, mx / 1000,
                    isfinite(st) && st >= 0.5 ? "**yes**" : "no");
        }
    }
    if (!header)
        fprintf(f, "Not measured in this run (no `preemptlat` cell at procs=1).\n");
    fprintf(f, "\n");
    sl_free(&names);
}
