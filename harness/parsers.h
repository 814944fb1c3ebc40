/* parsers.h — readers for the outputs of the programs the harness runs:
 * Google Benchmark JSON, `go test -bench` text, hyperfine JSON (all three
 * into result rows) and the conformance suite's TAP (into conformance rows).
 *
 * Invariants: JSON is parsed with jansson only; every reader either adds
 * complete rows and returns how many, or adds nothing and returns -1 with a
 * message naming the file and what is wrong. */
#ifndef GRBENCH_PARSERS_H
#define GRBENCH_PARSERS_H

#include "resultset.h"

/* "ChanProdCons/10/procs:4/real_time" -> name "ChanProdCons/10", procs 4.
 * Go's "BenchmarkChanProdCons/10-4" -> the same.  procs stays 0 when the
 * name does not say (Google Benchmark) or 1 (Go: no suffix = GOMAXPROCS 1). */
void bench_name_split(const char *raw, char **name, int *procs);
void go_name_split(const char *raw, char **name, int *procs);

/* The JSON of a file the two JSON readers take (jansson); NULL, reported as
 * "no such file" or where it is invalid, when it cannot be read. */
json_t *parse_json_file(const char *path);

/* Google Benchmark JSON: per-repetition entries (run_type "iteration") of
 * real_time become "time" rows in ns.  Entries with error_occurred are not
 * rows; their messages go to `skipped` ("name: message"). */
int parse_gbench(const char *path, const char *backend, int default_procs, rowvec *out,
                 strlist *skipped);
int parse_gbench_list(const char *text, strlist *names); /* --benchmark_list_tests output */

/* go test -bench text: "BenchmarkX-4  N  123.4 ns/op ..." lines, as rows
 * of the reference row `label` ("go" for gc, "gccgo"); parse_gotest is
 * label "go". */
int parse_gotest(const char *path, rowvec *out);
int parse_gotest_as(const char *path, const char *label, rowvec *out);

/* hyperfine --export-json: every entry of results[0].times becomes a "wall" row. */
int parse_hyperfine(const char *path, const char *suite, const char *name, const char *backend,
                    int procs, rowvec *out);

/* TAP from the conformance runner.  Returns tests seen, -1 if the text has no
 * test line at all; *complete is set when the plan or the closing
 * "N passed, N failed" line was seen and agrees with the tests counted. */
int parse_tap(const char *text, const char *backend, confvec *out, bool *complete,
              strlist *leak_lines);

#endif
