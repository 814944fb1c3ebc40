/* run_callgrind.c — the "instructions" metric of a bench cell: instructions
 * per op counted by Valgrind's callgrind, for single-threaded (procs=1)
 * cells, the way CodSpeed gates CI on simulated counts.
 *
 * Method: the bench binary runs a fixed number of iterations (its
 * --iterations=N, no sizing run) under `valgrind --tool=callgrind`, twice,
 * with N1 and N2 iterations; instructions per op = (I(N2) - I(N1)) /
 * (N2 - N1), so that process start-up, the runtime's start and Google
 * Benchmark's own work cancel out.  The counts are sized once per series
 * (one benchmark at one procs), in round 0, by a pilot pair (100 and 1100
 * iterations) on its first side, so that N2 - N1 covers about 20 million
 * instructions (clamped to 200..1000000 iterations), N1 to a quarter of
 * that (at least 1000: past the start-up regime); every side of the
 * series then runs the same N1 and N2, since a count need not be linear in
 * N (Channel's 1024-slot buffer holds all of a short run's sends).
 * Threads whose work depends on elapsed time, not on the ops (a sysmon, a
 * preemption monitor), would make the count move with how slowly the run
 * went: a ws sysmon added 0.2-1.6% to ChanProdCons and Channel, more in
 * slower runs.  Backends start those threads in functions named
 * gr__monitor_* (backends/core/port.h), and collection is toggled off
 * inside them.  And the run's random choices come from GR_DEBUG=seed=1,
 * and no goroutine is preempted for running long (GR_DEBUG=preemptoff,
 * clause RT-PREEMPT-5), so that one build's two runs take the same
 * schedule.
 *
 * Invariants: valgrind's stderr and the program's output are kept as
 * raw/callgrind/<backend>/<name>.procs1.rep<k>.n<N>.log; a run whose exit
 * status is not 0, whose JSON reports an error, or whose log has no
 * "Collected" line fails the cell (or skips it, for a benchmark that skips
 * itself); no row is added unless both runs of the pair succeeded. */
#define _GNU_SOURCE
#include "parsers.h"
#include "proc.h"
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PILOT_N1     100
#define PILOT_N2     1100
#define TARGET_INSTR 20e6

/* "==123== Collected : 4307872" -> 4307872; -1 when absent. */
static double collected(const char *log)
{
    char *t = read_file(log, NULL);
    if (!t)
        return -1;
    double v = -1;
    for (char *p = strstr(t, "Collected :"); p; p = strstr(p + 1, "Collected :")) {
        char *end;
        double x = strtod(p + 11, &end);
        if (end != p + 11)
            v = x;
    }
    free(t);
    return v;
}

/* One callgrind run of pc at n iterations: instructions, or -1 with the
 * cell's outcome recorded (*status set). */
static double one_run(run_ctx *c, plan_cell *pc, long round, long n, cell_status *status,
                      char **logp)
{
    const backend *b = &c->be.v[pc->backend];
    char *stem = run_stem(c, "callgrind", b->label, pc, round);
    char *json = xasprintf("%s.n%ld.json", stem, n), *log = xasprintf("%s.n%ld.log", stem, n);
    char *iters = xasprintf("--iterations=%ld", n);
    strlist argv, env;
    sl_init(&argv);
    sl_init(&env);
    /* --toggle-collect implies --collect-atstart=no, so the yes must come
     * after it: collect everywhere but inside the monitors (per thread). */
    sl_addl(&argv, "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
            "--toggle-collect=gr__monitor_*", "--collect-atstart=yes", NULL);
    /* The bench command of run_cell.c, with n iterations: on the backend
     * by its protocol (backends.h); a --backend re-exec would also leave
     * valgrind. */
    run_bench_command_len(c->bench_exe, b, pc->filter, pc->procs, iters, json, &argv, &env);
    free(iters);
    /* The runtime's random choices (select's pick, a thief's first victim)
     * from a fixed seed, not the clock: a buffered channel left half
     * drained or not moved Channel's count by 200k instructions a run.
     * And no preemption for running long: under Valgrind ws's 10 ms time
     * slice sometimes ended a stretch of Channel's producer (it fills a
     * 1024-slot buffer between switches), which moved its count by 0.12%. */
    sl_add(&env, "GR_DEBUG=seed=1,preemptoff");
    proc_result pr;
    double v = -1;
    if (run_proc(c, argv.v, env.v, NULL, log, log, &pr) != 0)
        *status = run_record(c, pc, CELL_FAILED, 0, "could not start valgrind", log);
    else if (pr.how != PROC_EXITED || pr.code != 0)
        *status = run_record_failure(c, pc, &pr, "callgrind: ", log);
    else {
        strlist skipped;
        sl_init(&skipped);
        rowvec tmp = {0};
        int k = parse_gbench(json, b->label, pc->procs, &tmp, &skipped);
        v = collected(log);
        if (k <= 0 && skipped.n) {
            *status = run_record(c, pc, CELL_SKIPPED, pr.wall_s, skipped.v[0], log);
            v = -1;
        } else if (k <= 0) {
            *status =
                run_record(c, pc, CELL_FAILED, pr.wall_s, "callgrind: no results in the JSON", log);
            v = -1;
        } else if (v < 0)
            *status = run_record(c, pc, CELL_FAILED, pr.wall_s,
                                 "callgrind: no \"Collected\" line in valgrind's output", log);
        else
            pc->seconds += pr.wall_s;
        rows_free(&tmp);
        sl_free(&skipped);
    }
    if (logp) {
        free(*logp);
        *logp = log;
    } else
        free(log);
    sl_free(&env);
    sl_free(&argv);
    free(json);
    free(stem);
    return v;
}

cell_status run_callgrind_rep(run_ctx *c, plan_cell *pc, long round)
{
    cell_status status = CELL_OK;
    char *vg = which("valgrind");
    if (!vg)
        return run_record(c, pc, CELL_SKIPPED, 0, "valgrind is not installed (make deps)", NULL);
    free(vg);
    for (size_t i = 0; i < c->ncells && pc->cg_iters[0] == 0;
         i++) /* a side of this series already sized */
        if (c->cells[i].group == pc->group && c->cells[i].kind == pc->kind &&
            c->cells[i].cg_iters[0] != 0) {
            pc->cg_iters[0] = c->cells[i].cg_iters[0];
            pc->cg_iters[1] = c->cells[i].cg_iters[1];
        }
    if (pc->cg_iters[0] == 0) {
        double a = one_run(c, pc, round, PILOT_N1, &status, NULL);
        double b = a < 0 ? -1 : one_run(c, pc, round, PILOT_N2, &status, NULL);
        if (b < 0)
            return status;
        double per = (b - a) / (PILOT_N2 - PILOT_N1);
        double d = per > 0 ? TARGET_INSTR / per : 1000000;
        d = d < 200 ? 200 : d > 1000000 ? 1000000 : d;
        /* N1 past the start-up regime too: a quarter of the target, at
         * least 1000 (Channel's first 1024 sends never wait for the drainer). */
        double n1 = per > 0 ? TARGET_INSTR / 4 / per : 1000;
        n1 = n1 < 1000 ? 1000 : n1 > 250000 ? 250000 : n1;
        pc->cg_iters[0] = (long)(ceil(n1 / 100.0) * 100);
        pc->cg_iters[1] = pc->cg_iters[0] + (long)(ceil(d / 100.0) * 100);
    }
    char *log = NULL;
    double i1 = one_run(c, pc, round, pc->cg_iters[0], &status, NULL);
    double i2 = i1 < 0 ? -1 : one_run(c, pc, round, pc->cg_iters[1], &status, &log);
    if (i2 >= 0) {
        double per = (i2 - i1) / (double)(pc->cg_iters[1] - pc->cg_iters[0]);
        rows_add(&c->rows, "bench", pc->name, run_label_of(c, pc), pc->procs, (int)round,
                 "instructions", per, "instr/op");
        status = run_record(c, pc, CELL_OK, 0, "", log); /* the runs' time was added by one_run */
    }
    free(log);
    return status;
}
