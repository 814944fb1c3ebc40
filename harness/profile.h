/* profile.h — what `grbench profile`'s two modes share (cmd_profile.c: the
 * command and the CPU profile; profile_heap.c: the heap profile and the
 * idle workload's memory breakdown): the top list of a profile, and the
 * recorded command.
 * Invariants: a toplist owns its strings; parse_pprof_text keeps only rows
 * with a positive flat share, in pprof's order (largest first). */
#ifndef GRBENCH_PROFILE_H
#define GRBENCH_PROFILE_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    double pct, value;
    char *name, *where;
} topline;
typedef struct {
    topline *v;
    size_t n, cap;
} toplist;

void top_add(toplist *l, double pct, double value, const char *name, const char *where);
void top_free(toplist *l);
/* pprof --text rows: "FLAT FLAT% SUM% CUM CUM% NAME..." (google-pprof and
 * Go's pprof both); value = FLAT as a number (its unit suffix dropped). */
void parse_pprof_text(const char *text, toplist *l);
/* "  PCT%  NAME  WHERE" lines, at most top of them (malloc'd). */
char *format_top(const toplist *l, size_t top);

/* One recording for the heap mode. */
typedef struct {
    char *const *argv, *const *env; /* the command and its extra environment */
    const char *exe;                /* the program whose symbols pprof needs */
    const char *what;               /* "workload idle 100000" */
    const char *backend;            /* its label */
    const char *dir;                /* the output folder (exists) */
    double timeout_s;
    size_t top;
    bool idle; /* the idle workload: print its breakdown */
    bool go;   /* exe is a Go workload (suites/go): Go's own heap profile */
} heap_job;

/* Record j with gperftools' heap profiler and print the top allocation
 * sites; for idle, also the measured breakdown per parked goroutine.
 * Returns the command's exit status (0, 1, or 3 = no heap profiler). */
int profile_heap(const heap_job *j);

/* go build of suites/go/workloads/NAME into out (GOCACHE under build);
 * 0, or -1 with the reason printed. */
int go_workload_build(const char *source, const char *build, const char *name, const char *out);

#endif
