/* run.h — what the three parts of `grbench run` share: the plan of the
 * matrix (run_plan.c), one repetition of one cell (run_cell.c), writing the
 * result set (run_set.c); cmd_run.c parses options and drives the rounds,
 * and cmd_ab.c drives the same machinery for an A/B of two libraries.
 *
 * The run is interleaved: round k runs repetition k of every cell before
 * any cell gets repetition k+1, each repetition in a process of its own, in
 * a fresh random order per round (from a seeded PRNG, so that --seed
 * replays it).  Cells measuring the same benchmark at the same procs (every
 * backend and Go) form a group that runs back to back, in a random order
 * inside the group, so that the values compared with each other are
 * measured seconds apart and share the machine's drift.
 *
 * Invariants: a cell's rows carry repetition = round; once a cell fails,
 * times out or is skipped it runs no more rounds; every repetition that ran
 * is in cells.csv's aggregate row and in order.csv. */
#ifndef GRBENCH_RUN_H
#define GRBENCH_RUN_H

#include "backends.h"
#include "cmds.h"
#include "proc.h"
#include "resultset.h"
#include "util.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* K_FLOOR: a backend's bare switching primitive (suites/floors), in the
 * group of PingPong at procs 1 that it divides; K_NATIVE: a program written
 * against another runtime's own API (suites/native), in the group of the
 * gr workload it is the reference of. */
typedef enum { K_BENCH, K_GOBENCH, K_WORKLOAD, K_GOWORKLOAD, K_FLOOR, K_NATIVE } cell_kind;
extern const char *const run_kind_name[];

typedef enum { METRIC_TIME, METRIC_INSTRUCTIONS } run_metric;

typedef struct {
    cell_kind kind;
    int backend;     /* index into backends, -1 for Go */
    const char *ref; /* Go cells: the reference row, "go" (gc) or "gccgo" */
    char *name;      /* base name (no procs) */
    char *filter;    /* bench: the listed raw name; go: top-level benchmark */
    char *exe;       /* workload, floor or native binary; Go: the test binary */
    char *size;      /* workload size argument, or NULL */
    int procs;
    int group;        /* cells of one group run back to back */
    double estimate;  /* seconds per repetition */
    long cg_iters[2]; /* instructions: the two iteration counts (0 = not sized yet);
                             floor: cg_iters[0] is its round trips, sized in round 0 */
    /* outcome so far */
    int reps_done;
    double seconds;
    cell_status status; /* CELL_OK while every repetition so far was ok */
    char *detail, *log;
} plan_cell;

typedef struct {
    const char *source, *build;
    char *results;
    backendvec be;
    int *cpus;
    size_t ncpus;
    const char *filter;
    long reps;
    double budget, min_time, cell_timeout;
    bool min_time_set, reps_set;
    const char *workloads; /* comma list, "none", or NULL = all found */
    strlist sizes;         /* "name=size" */
    long wl_warmup, mem_runs;
    bool go, quick;
    const char *id;
    run_metric metric;
    uint64_t seed;
    /* found */
    char *bench_exe, *go_pkg, *go_mod, *go_test_exe, *tmp;
    plan_cell *cells;
    size_t ncells;
    int ngroups;
    rowvec rows;
    strlist order; /* order.csv lines: round,position,kind,backend,name,procs */
    json_t *bench_context;
    json_t *noise; /* canary and machine state (canary.h) */
    strlist go_env;
    long rounds_done;
    double t_start;
    char *started;
} run_ctx;

/* run_plan.c */
void run_plan(run_ctx *c); /* bench, Go, workloads; groups; estimates */
/* The order of round `round`: a permutation of the cell indices (malloc'd),
 * groups shuffled, members shuffled inside their group. */
size_t *run_round_order(const run_ctx *c, long round);

/* run_cell.c: one repetition (round) of one cell.  Returns its status
 * (status.h) and updates pc's outcome; rows go to c->rows. */
cell_status run_cell_rep(run_ctx *c, plan_cell *pc, long round);
const char *run_label_of(const run_ctx *c, const plan_cell *pc);

/* Shared by the cell runners (run_cell.c): record a repetition's outcome
 * (returns status); a failed process's outcome with "<how>: <log tail>";
 * append scratch rows as repetition `round`; the raw-file stem
 * raw/<sub>/<label>/<name>.procs<N>.rep<round> (raw/<label>/... when sub is
 * NULL); a log's last line. */
cell_status run_record(run_ctx *c, plan_cell *pc, cell_status status, double secs,
                       const char *detail, const char *log);
cell_status run_record_failure(run_ctx *c, plan_cell *pc, const proc_result *pr, const char *prefix,
                               const char *log);
cell_status run_fail_status(const proc_result *pr);
void run_rows_append(run_ctx *c, const rowvec *tmp, long round);
char *run_stem(run_ctx *c, const char *sub, const char *label, const plan_cell *pc, long round);
char *run_tail_line(const char *path);
/* The command of one repetition (run_cell.c), which `grbench profile`
 * records too: a bench cell's argv (bench, --cpu, the filter on the listed
 * name, one repetition of min_time seconds, its JSON into json unless NULL)
 * and the environment that puts it on backend b (backends.h); a workload's
 * argv (exe --procs N [size]). */
void run_bench_command(const char *bench, const backend *b, const char *filter, int procs,
                       double min_time, const char *json, strlist *argv, strlist *env);
/* The same command, appended to argv, with `length` (one option: its
 * --benchmark_min_time=T, or --iterations=N for callgrind) for how long the
 * repetition runs. */
void run_bench_command_len(const char *bench, const backend *b, const char *filter, int procs,
                           const char *length, const char *json, strlist *argv, strlist *env);
/* A repetition's process, started and waited for (proc_run's result): argv
 * with env (NULL: none) in cwd (NULL: ours), stdout into out and stderr
 * into errs (they may be one file), under the cell timeout. */
int run_proc(const run_ctx *c, char *const *argv, char *const *env, const char *cwd,
             const char *out, const char *errs, proc_result *pr);
void run_workload_argv(const char *exe, int procs, const char *size, strlist *argv);

/* run_callgrind.c: instructions per op of one bench cell, by callgrind, as
 * the difference of two fixed iteration counts.  Same contract as above. */
cell_status run_callgrind_rep(run_ctx *c, plan_cell *pc, long round);

/* run_set.c */
int run_write_state(run_ctx *c); /* combined.csv, cells.csv, order.csv (each atomic) */
/* Fingerprint + configuration, then the rename that publishes the set; the
 * final path (malloc'd) or NULL (reported, files left in c->tmp). */
char *run_publish(run_ctx *c, const char *id, const char *cpus);

/* cmd_run.c: defaults; the rounds (returns the number of failed cells);
 * the whole run after option parsing (plan, rounds, publish), shared with
 * `grbench ab`: run's exit status, and the set's path in *final_out. */
void run_ctx_defaults(run_ctx *c);
/* The options `run` and `ab` share: their getopt entries, and cmd_next
 * (cmds.h) that takes them itself (cmd_run.c): their values go into c,
 * --cpu's list into *cpus; a bad value is reported and ends the loop with
 * a->status 2; it returns only the command's own options. */
#define RUN_SHARED_OPTIONS                                                              \
    {"metric", required_argument, 0, 'X'}, {"filter", required_argument, 0, 'f'},       \
        {"cpu", required_argument, 0, 'c'}, {"repetitions", required_argument, 0, 'r'}, \
        {"min-time", required_argument, 0, 'm'}, {"seed", required_argument, 0, 'E'},   \
        {"id", required_argument, 0, 'i'}, {"results-dir", required_argument, 0, 'R'},  \
        {"cell-timeout", required_argument, 0, 't'},                                    \
    {                                                                                   \
        "source", required_argument, 0, 'S'                                             \
    }
bool run_next_option(cmd_args *a, run_ctx *c, const char **cpus, int *o);
size_t run_rounds(run_ctx *c);
int run_execute(run_ctx *c, char **final_out);

#endif
