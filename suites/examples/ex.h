/*
 * ex.h — the small shared part of every example program (backend_select.c).
 *
 * Every example is `int main` = ex_parse() + ex_run() around one gr main
 * function, so that all of them take the same command line:
 *     --backend NAME|PATH   run on another libgr.so.1 (re-executes the program
 *                           with LD_LIBRARY_PATH set to that library's folder)
 *     --procs N             GOMAXPROCS for gr_run (default 0 = the CPU count)
 *
 * Invariants: ex_parse either returns the parsed options, re-executes the
 * program (never returning), or exits with status 2 after a usage message;
 * ex_run returns the process exit status: 0 for GR_OK, 2 for GR_EDEADLK (as
 * Go's fatal error does), 1 for any other error.  ex_go/ex_chan never return
 * failure: a failed gr_go or gr_chan_make ends the program with status 1.
 */
#ifndef EX_H
#define EX_H

#include "gr.h"

#include <stdint.h>
#include <stdio.h>

#define EX_MS ((int64_t)1000000) /* one millisecond in gr's nanoseconds */

typedef struct ex_args {
    int procs; /* --procs N; 0 = default (gr_numcpu) */
} ex_args;

ex_args ex_parse(int argc, char **argv);
int ex_run(const ex_args *a, void (*main_fn)(void *), void *arg);

/* gr_go / gr_chan_make that end the program on failure (Go's `go` and
 * `make(chan)` cannot fail; this keeps the examples as short as Go's). */
void ex_go(void (*fn)(void *), void *arg);
gr_chan *ex_chan(size_t elem_size, size_t cap);

/* Milliseconds since t0 (a gr_now() reading), rounded down. */
long long ex_ms_since(int64_t t0);

#endif /* EX_H */
