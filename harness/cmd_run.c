/* cmd_run.c — `grbench run`: the options, and the rounds of an interleaved
 * run (see run.h for the plan, run_cell.c for one repetition, run_set.c for
 * the files).
 *
 * Round k runs repetition k of every cell, in the seeded random order of
 * run_round_order(), before any cell runs repetition k+1; so every backend,
 * Go, and every build under comparison sees the same machine drift, and a
 * pair of values measured in one round is measured seconds apart.  The
 * canary (canary.h) is timed at the start, in the middle round and at the
 * end.
 *
 * Invariants: the run is assembled in results/.tmp-<id>-<pid>/ and renamed
 * to results/<id>/ only at the end, so an interrupted or crashed run never
 * produces (or touches) a result set; the set's files are rewritten
 * atomically at least every 2 s and after every round (so the temp dir is
 * always readable); no child is started through a shell;
 * once 1.5x the budget is spent no further repetition starts. */
#define _GNU_SOURCE
#include "atomicio.h"
#include "canary.h"
#include "cmds.h"
#include "csv.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char run_usage[] =
    "usage: grbench run [OPTIONS]\n"
    "\n"
    "Runs the microbenchmarks (build/suites/bench/bench), the workloads\n"
    "(build/suites/workloads/*, through hyperfine) and, when `go` is installed,\n"
    "the Go reference (suites/go) for every backend x procs, and writes\n"
    "results/<run-id>/.  One cell = one benchmark x backend x procs (or one\n"
    "workload x backend x procs); a cell that crashes or hangs is marked failed\n"
    "with its output kept, and the rest of the matrix goes on.\n"
    "\n"
    "The run is interleaved: round k runs repetition k of every cell before\n"
    "any cell runs repetition k+1, one process per repetition, in a fresh\n"
    "random order per round (recorded in order.csv; --seed replays it).  The\n"
    "cells of one benchmark at one procs (every backend and Go) run back to\n"
    "back inside a round, in random order, so that they share the drift of\n"
    "the machine.\n"
    "\n"
    "  --backends LIST      comma list of NAME, PATH to a libgr.so.1, or LABEL=PATH\n"
    "                       (default: every build/backends/*/libgr.so.1)\n"
    "  --cpu LIST           procs values, like go test -cpu (default 1,4)\n"
    "  --filter REGEX       only benchmarks whose name matches (Google Benchmark regex;\n"
    "                       Go benchmarks follow by name)\n"
    "  --repetitions N      rounds: repetitions per cell (default 7; a 95% confidence\n"
    "                       interval from paired rounds needs at least 6)\n"
    "  --metric M           time (default) or instructions: instructions per op of the\n"
    "                       procs=1 microbenchmarks under valgrind's callgrind, from two\n"
    "                       fixed iteration counts (no workloads, no Go)\n"
    "  --seed N             the seed of the rounds' order (default: from the clock)\n"
    "  --budget SECONDS     time budget for the whole run (default 600); sets the\n"
    "                       per-repetition time unless --min-time is given; no\n"
    "                       repetition starts once 1.5x the budget is spent\n"
    "  --min-time SECONDS   Google Benchmark --benchmark_min_time / go -benchtime\n"
    "  --cell-timeout S     kill a repetition after S seconds (default 300)\n"
    "  --workloads LIST     workloads to run (default: all built), or \"none\"\n"
    "  --size NAME=N[,N..]  size argument(s) for workload NAME (repeatable); each size\n"
    "                       is its own cell, named NAME/N\n"
    "  --warmup N           hyperfine warm-up runs, in round 0 (default 1)\n"
    "  --mem-runs N         rounds that also measure peak RSS with wait4 (default 3)\n"
    "  --no-go              skip the Go reference\n"
    "  --quick              smoke-run sizes: 3 repetitions, tiny workloads, short times\n"
    "  --id ID              run id (default: UTC time, YYYYmmdd-HHMMSS)\n"
    "  --results-dir DIR    where result sets live (default: <source>/results)\n"
    "  --source DIR, --build DIR   the source tree and the Meson build dir\n"
    "\n"
    "Peak memory: hyperfine 1.15 does not record it, so a workload cell also\n"
    "runs the program on its own in the first --mem-runs rounds and keeps\n"
    "wait4()'s ru_maxrss.  The machine's state and a noise canary go into\n"
    "fingerprint.json (\"noise\").\n"
    "Exit status: 0 all cells ok or skipped, 1 some cell failed, 2 usage error.\n";

void run_ctx_defaults(run_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->source = default_source_dir();
    c->build = default_build_dir();
    c->reps = 7;
    c->budget = 600;
    c->cell_timeout = 300;
    c->wl_warmup = 1;
    c->mem_runs = 3;
    c->go = true;
    c->seed = ((uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid()) & 0x7fffffffffffffffull;
    sl_init(&c->sizes);
    sl_init(&c->go_env);
    sl_init(&c->order);
}

static void order_line(run_ctx *c, long round, size_t pos, const plan_cell *pc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    fprintf(f, "%ld,%zu,", round, pos);
    csv_field(f, run_kind_name[pc->kind], 0);
    csv_field(f, run_label_of(c, pc), 0);
    csv_field(f, pc->name, 0);
    fprintf(f, "%d", pc->procs);
    fclose(f);
    sl_add(&c->order, buf);
    free(buf);
}

size_t run_rounds(run_ctx *c)
{
    double per_round = 0;
    for (size_t i = 0; i < c->ncells; i++)
        per_round += c->cells[i].estimate;
    double total_est = per_round * (double)c->reps, done_est = 0, done_real = 0;
    size_t step = 0, nsteps = c->ncells * (size_t)c->reps;
    const char *stop = NULL;
    double last_write = now_s();
    for (long r = 0; r < c->reps && !stop; r++) {
        if (c->noise && c->reps >= 2 && r == c->reps / 2)
            noise_mark(c->noise, "middle");
        size_t *order = run_round_order(c, r);
        for (size_t k = 0; k < c->ncells && !stop; k++) {
            plan_cell *pc = &c->cells[order[k]];
            step++;
            if (pc->status != CELL_OK) {
                done_est += pc->estimate;
                continue;
            } /* failed or skipped earlier */
            if (proc_interrupted) {
                stop = "interrupted";
                break;
            }
            if (now_s() - c->t_start > c->budget * 1.5) {
                stop = "over the time budget";
                break;
            }
            double ratio = done_est > 1 ? done_real / done_est : 1.0;
            char *eta = fmt_duration((total_est - done_est) * ratio);
            fprintf(stderr, "[round %ld/%ld, %zu/%zu, ETA %s] %-10s %-10s %s procs=%d ... ", r + 1,
                    c->reps, step, nsteps, eta, run_kind_name[pc->kind], run_label_of(c, pc),
                    pc->name, pc->procs);
            free(eta);
            double t0 = now_s();
            cell_status st = run_cell_rep(c, pc, r);
            double dt = now_s() - t0;
            done_est += pc->estimate;
            done_real += dt;
            order_line(c, r, k, pc);
            fprintf(stderr, "%s (%.1fs)%s%s\n", cell_status_name[st], dt,
                    st != CELL_OK && pc->detail ? ": " : "",
                    st != CELL_OK && pc->detail ? pc->detail : "");
            /* Each write is three fsync'd files: at most every 2 s (an
             * fsync costs tens of ms on a busy VM), and after each round. */
            if (now_s() - last_write > 2.0) {
                run_write_state(c);
                last_write = now_s();
            }
        }
        free(order);
        run_write_state(c);
        last_write = now_s();
        if (!stop)
            c->rounds_done = r + 1;
    }
    size_t nfail = 0;
    for (size_t i = 0; i < c->ncells; i++) {
        plan_cell *pc = &c->cells[i];
        if (stop && pc->reps_done < c->reps && pc->status == CELL_OK) {
            if (pc->reps_done == 0)
                run_record(c, pc, CELL_SKIPPED, 0, stop, NULL);
            else {
                free(pc->detail);
                pc->detail = xasprintf("%d of %ld repetitions (%s)", pc->reps_done, c->reps, stop);
            }
        }
        if (pc->status == CELL_FAILED || pc->status == CELL_TIMEOUT)
            nfail++;
    }
    if (stop)
        warnx_("%s: %ld of %ld rounds completed", stop, c->rounds_done, c->reps);
    return nfail;
}

/* The whole run after option parsing: plan, rounds, publish.  Shared with
 * `grbench ab`; *final_out gets the set's path.  Returns run's exit status. */
int run_execute(run_ctx *c, char **final_out)
{
    if (final_out)
        *final_out = NULL;
    if (c->metric == METRIC_INSTRUCTIONS) {
        bool has1 = false;
        for (size_t i = 0; i < c->ncpus; i++)
            has1 |= c->cpus[i] == 1;
        if (!has1) {
            err("--metric instructions measures procs=1 only; --cpu must include 1");
            return 2;
        }
        c->go = false;
        c->workloads = "none";
    }
    if (c->quick) {
        if (!c->min_time_set) {
            c->min_time = 0.1;
            c->min_time_set = true;
        }
        c->mem_runs = 1;
        c->wl_warmup = 0;
    }
    if (c->id && (strchr(c->id, '/') || c->id[0] == '.' || !*c->id)) {
        err("--id: want a plain name, got \"%s\"", c->id);
        return 2;
    }
    if (!c->results)
        c->results = default_results_dir();
    char *id = c->id ? xstrdup(c->id) : utc_stamp("%Y%m%d-%H%M%S");
    char *final = path_join(c->results, id);
    if (path_exists(final)) {
        err("%s already exists; result sets are never overwritten (pass another --id)", final);
        free(final);
        free(id);
        return 2;
    }
    free(final);
    c->tmp = dir_begin(c->results, id);
    if (!c->tmp) {
        free(id);
        return 2;
    }
    c->started = utc_stamp("%Y-%m-%dT%H:%M:%SZ");
    c->t_start = now_s();
    char *cpus = cpu_list_str(c->cpus, c->ncpus);
    fprintf(stderr, "grbench run %s: backends", id);
    for (size_t i = 0; i < c->be.n; i++)
        fprintf(stderr, " %s", c->be.v[i].label);
    fprintf(stderr, "; cpu %s; %ld rounds; metric %s; seed %llu\n", cpus, c->reps,
            c->metric == METRIC_INSTRUCTIONS ? "instructions" : "time",
            (unsigned long long)c->seed);
    c->noise = noise_begin();
    run_plan(c);
    double est = 0;
    for (size_t i = 0; i < c->ncells; i++)
        est += c->cells[i].estimate * (double)c->reps;
    char *te = fmt_duration(est);
    fprintf(stderr, "grbench: %zu cells x %ld rounds, about %s (min time %.3gs per repetition)\n",
            c->ncells, c->reps, te, c->min_time);
    free(te);
    if (c->ncells == 0)
        warnx_("nothing to run: no benchmark or workload binaries found under %s", c->build);
    size_t nfail = run_rounds(c);
    noise_end(c->noise);
    char *published = run_publish(c, id, cpus);
    free(cpus);
    if (!published) {
        free(id);
        return 2;
    }
    size_t nok = 0, nskip = 0;
    for (size_t i = 0; i < c->ncells; i++) {
        if (c->cells[i].status == CELL_OK)
            nok++;
        else if (c->cells[i].status == CELL_SKIPPED)
            nskip++;
    }
    char *dur = fmt_duration(now_s() - c->t_start);
    printf("%s: %zu cells x %ld rounds: %zu ok, %zu failed, %zu skipped; %zu rows; %s\n", published,
           c->ncells, c->rounds_done, nok, nfail, nskip, c->rows.n, dur);
    free(dur);
    const char *nb = json_string_value(json_object_get(c->noise, "noisy_because"));
    if (json_is_true(json_object_get(c->noise, "noisy")))
        warnx_("this run was noisy: %s; treat its differences with care", nb ? nb : "");
    if (final_out)
        *final_out = published;
    else
        free(published);
    free(id);
    if (proc_interrupted) {
        err("interrupted; the partial result set is published");
        return 2;
    }
    return nfail ? 1 : 0;
}

/* One of RUN_SHARED_OPTIONS into c: 1, 0 when o is not one of them, -1 on
 * a bad value (reported). */
static int run_shared_option(run_ctx *c, int o, const char *arg, const char **cpus)
{
    long seed;
    switch (o) {
    case 'X':
        if (!strcmp(arg, "time"))
            c->metric = METRIC_TIME;
        else if (!strcmp(arg, "instructions"))
            c->metric = METRIC_INSTRUCTIONS;
        else
            return err("--metric: want time or instructions, got \"%s\"", arg);
        return 1;
    case 'f':
        c->filter = arg;
        return 1;
    case 'c':
        *cpus = arg;
        return 1;
    case 'r':
        if (!opt_int_min("--repetitions", arg, 1, &c->reps))
            return -1;
        c->reps_set = true;
        return 1;
    case 'm':
        if (!opt_seconds("--min-time", arg, &c->min_time))
            return -1;
        c->min_time_set = true;
        return 1;
    case 'E':
        if (!opt_int_min("--seed", arg, 0, &seed))
            return -1;
        c->seed = (uint64_t)seed;
        return 1;
    case 'i':
        c->id = arg;
        return 1;
    case 'R':
        free(c->results);
        c->results = xstrdup(arg);
        return 1;
    case 't':
        return opt_seconds("--cell-timeout", arg, &c->cell_timeout) ? 1 : -1;
    case 'S':
        c->source = arg;
        return 1;
    default:
        return 0;
    }
}

bool run_next_option(cmd_args *a, run_ctx *c, const char **cpus, int *o)
{
    while (cmd_next(a, o)) {
        int shared = run_shared_option(c, *o, optarg, cpus);
        if (shared == 0)
            return true;
        if (shared < 0) {
            a->status = 2;
            return false;
        }
    }
    return false;
}

int cmd_run(int argc, char **argv)
{
    run_ctx c;
    run_ctx_defaults(&c);
    const char *backends = NULL, *cpus = "1,4";
    bool no_go = false;
    static const struct option opts[] = {
        {"backends", required_argument, 0, 'b'},
        {"backend", required_argument, 0, 'b'},
        {"budget", required_argument, 0, 'B'},
        {"workloads", required_argument, 0, 'w'},
        {"size", required_argument, 0, 's'},
        {"warmup", required_argument, 0, 'W'},
        {"mem-runs", required_argument, 0, 'M'},
        {"no-go", no_argument, 0, 'G'},
        {"quick", no_argument, 0, 'q'},
        {"build", required_argument, 0, 'D'},
        RUN_SHARED_OPTIONS,
        CMD_OPT_HELP,
    };
    const cmd_bind binds[] = {{'b', .str = &backends},
                              {'B', .seconds = &c.budget},
                              {'w', .str = &c.workloads},
                              {'W', .count = &c.wl_warmup, .min = 0},
                              {'M', .count = &c.mem_runs, .min = 1},
                              {'G', .flag = &no_go},
                              {'q', .flag = &c.quick},
                              {'D', .str = &c.build},
                              {0}};
    cmd_args args = cmd_args_of("run", run_usage, opts, binds, argc, argv);
    int o;
    while (run_next_option(&args, &c, &cpus, &o)) {
        if (o != 's') /* --size, the one option of run's own that is not bound */
            continue;
        if (!strchr(optarg, '=')) {
            err("--size: want NAME=N");
            return 2;
        }
        sl_add(&c.sizes, optarg);
    }
    if (args.status >= 0)
        return args.status;
    if (no_go)
        c.go = false;
    if (!parse_int_list(cpus, &c.cpus, &c.ncpus)) {
        err("--cpu: want a list like 1,4, got \"%s\"", cpus);
        return 2;
    }
    if (c.quick && !c.reps_set)
        c.reps = 3;
    if (backends_resolve(backends, c.build, &c.be) != 0)
        return 2;
    return run_execute(&c, NULL);
}
