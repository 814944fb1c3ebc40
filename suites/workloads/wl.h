/*
 * wl.h — what every workload program shares: its command line
 * (`[--procs N] [--backend NAME|PATH] [SIZE]`), starting the runtime, and the
 * three ways a workload ends.
 *
 * Exit codes (the harness and the smoke checks rely on them):
 *   0   the result was computed and checked: the last line ends in " ok"
 *   1   the result was wrong ("FAIL: ..." on stdout) or the runtime failed
 *   2   bad command line
 *   77  skipped: this backend cannot run this size ("skipped: <reason>")
 *
 * Invariants: output lines are `name: key=value ... ok`, identical in form
 * to the Go versions in suites/go/workloads; a skip never crashes: it is
 * decided before the goroutines start (a documented backend limit) or on
 * GR_ENOMEM from gr_go, and ends the process with _exit(77).
 */
#ifndef WL_H
#define WL_H

#include <gr.h>

#include <stdbool.h>
#include <stdint.h>

enum { WL_EXIT_OK = 0, WL_EXIT_FAIL = 1, WL_EXIT_USAGE = 2, WL_EXIT_SKIP = 77 };

/* The pthread backend runs one OS thread per goroutine: a workload that
 * needs more live goroutines than this skips there.  GRBENCH_PTHREAD_LIMIT
 * in the environment overrides it. */
#define WL_PTHREAD_MAX_GOROUTINES 10000L

typedef struct wl_args {
    int procs;  /* --procs; 0 = all CPUs */
    long size;  /* the positional SIZE, or the workload's default */
    unsigned flags; /* gr_config.flags (0 from wl_parse) */
} wl_args;

/* Parse argv (re-executing for --backend); exits 2 on a bad command line. */
void wl_parse(int argc, char **argv, const char *name, long default_size, const char *size_help,
              wl_args *out);

/* gr_run(main_fn) with a->procs and a->flags; exits 1 (with a message) if
 * gr_run fails.  wl_run_rc returns gr_run's result instead. */
void wl_run(const wl_args *a, void (*main_fn)(void *), void *arg);
int wl_run_rc(const wl_args *a, void (*main_fn)(void *), void *arg);

/* Inside gr_run: skip when the backend cannot hold `live` goroutines at
 * once (pthread beyond its limit). */
void wl_require_goroutines(const char *name, long live);

/* gr_go that skips on GR_ENOMEM and fails on any other error. */
void wl_go(void (*fn)(void *), void *arg);

/* "skipped: <reason>" and _exit(77); "FAIL: <reason>" and _exit(1). */
_Noreturn void wl_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void wl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Resident set size of this process in bytes (/proc/self/statm), or -1. */
long long wl_rss_bytes(void);

#endif /* WL_H */
