/* cmd_ab.c — `grbench ab OLD NEW`: is NEW slower than OLD, with confidence?
 * One interleaved `run` of the microbenchmarks on both libraries (labels
 * "old" and "new"), kept as a result set like any other, then the paired
 * verdict of ab_verdict.c.  Each side is a Meson build dir (its
 * backends/<--backend>/libgr.so.1), a libgr.so.1, or a folder holding one;
 * one bench binary (from --build, by default NEW's build dir) runs both,
 * so that the library is the only difference measured.
 *
 * Defaults (README.md, "Gating CI"): 30 rounds of 0.03 s repetitions for
 * time.  A repetition costs its time plus ~40 ms of process start and
 * Google Benchmark's sizing, so 0.03 s is 74 ms a process and 36 series x
 * 2 sides x 30 rounds fit in about 3 minutes; 30 rounds, not 20, because
 * with 14 series under Holm the rank-sum test (shift.h) needs them: two
 * quiet 20-round A/A sets of ws, one side scaled by 1.10, were caught in 5
 * of 6 series at 20 rounds and in about a third of subsamples of 14.  2 rounds for instructions (the counts of one build repeat to
 * about 0.02%, so two rounds show that, and no test is needed) with a 1%
 * min effect.
 *
 * Invariants: exit 0 = no regression, 1 = a regression that holds up
 * (each named), 2 = usage error, a side that cannot be resolved, a failed
 * run, or nothing to compare. */
#define _GNU_SOURCE
#include "ab.h"
#include "cmds.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ab_usage[] =
    "usage: grbench ab [OPTIONS] OLD NEW\n"
    "\n"
    "Runs the microbenchmarks on two libgr.so.1 in one interleaved run (their\n"
    "repetitions alternate, round by round, in random order, so both sides see\n"
    "the same machine drift), keeps it as a result set, and says whether NEW\n"
    "is slower.  OLD and NEW are each a Meson build dir (its\n"
    "backends/<backend>/libgr.so.1), a libgr.so.1, or a folder holding one.\n"
    "\n"
    "  --backend NAME       the backend of a build dir (default ws)\n"
    "  --build DIR          the build whose suites/bench/bench runs both sides\n"
    "                       (default: NEW when it is a build dir, else the default build)\n"
    "  --metric M           time (default) or instructions (callgrind, procs=1 only)\n"
    "  --filter REGEX       only these benchmarks (Google Benchmark regex)\n"
    "  --cpu LIST           procs values (default 1,4; instructions: 1)\n"
    "  --repetitions N      rounds (default 30 for time, 2 for instructions)\n"
    "  --min-time S         seconds per repetition (default 0.03)\n"
    "  --alpha A            family-wise error over all series (default 0.05)\n"
    "  --min-effect PCT     smallest change that counts (default 3 for time, 1 for\n"
    "                       instructions)\n"
    "  --seed N, --id ID, --results-dir DIR, --cell-timeout S   as for run\n"
    "\n"
    "The table: per benchmark x procs, the medians, the change with its 95%\n"
    "confidence interval (Hodges-Lehmann shift, bootstrap over rounds), the\n"
    "one-sided p of a rank-sum randomization test (swaps inside rounds)\n"
    "adjusted by Holm over all series, and a geomean row.  Instructions:\n"
    "SLOWER when every NEW count is above every OLD count and the change\n"
    "exceeds the min effect.\n"
    "Exit status: 0 no regression, 1 regression (named), 2 error.\n";

/* A side: a build dir, a library, or a folder with one; malloc'd lib path. */
static char *side_lib(const char *arg, const char *backend, bool *is_build)
{
    *is_build = false;
    char *p = xasprintf("%s/backends/%s/libgr.so.1", arg, backend);
    if (is_dir(arg) && path_exists(p)) {
        *is_build = true;
        return p;
    }
    free(p);
    p = is_dir(arg) ? path_join(arg, "libgr.so.1") : xstrdup(arg);
    if (path_exists(p))
        return p;
    err("%s: neither a build dir with backends/%s/libgr.so.1 nor a libgr.so.1 (or a folder holding one)",
        arg, backend);
    free(p);
    return NULL;
}

int cmd_ab(int argc, char **argv)
{
    run_ctx c;
    run_ctx_defaults(&c);
    c.reps = 0;
    c.go = false;
    c.workloads = "none";
    c.cell_timeout = 120;
    const char *backend = "ws", *build = NULL, *cpus = NULL;
    ab_opts ao = {.metric = "time", .alpha = 0.05, .min_effect = -1};
    static const struct option opts[] = {
        {"backend", required_argument, 0, 'b'},
        {"build", required_argument, 0, 'D'},
        {"alpha", required_argument, 0, 'a'},
        {"min-effect", required_argument, 0, 'e'},
        RUN_SHARED_OPTIONS,
        CMD_OPT_HELP,
    };
    const cmd_bind binds[] = {{'b', .str = &backend},
                              {'D', .str = &build},
                              {'a', .alpha = &ao.alpha},
                              {'e', .percent = &ao.min_effect},
                              {0}};
    cmd_args args = cmd_args_of("ab", ab_usage, opts, binds, argc, argv);
    args.operands = (cmd_operands){2, 2, "want exactly two sides, OLD and NEW (see --help)"};
    int o;
    while (run_next_option(&args, &c, &cpus, &o))
        continue; /* ab's own options are all bound */
    if (args.status >= 0)
        return args.status;
    bool instr = c.metric == METRIC_INSTRUCTIONS, ob, nb;
    ao.metric = instr ? "instructions" : "time";
    if (!c.reps)
        c.reps = instr ? 2 : 30;
    if (!c.min_time_set) {
        c.min_time = 0.03;
        c.min_time_set = true;
    }
    if (ao.min_effect < 0)
        ao.min_effect = instr ? 1 : 3;
    if (!cpus)
        cpus = instr ? "1" : "1,4";
    if (!parse_int_list(cpus, &c.cpus, &c.ncpus)) {
        err("--cpu: want a list like 1,4, got \"%s\"", cpus);
        return 2;
    }
    char *lo = side_lib(argv[optind], backend, &ob),
         *ln = lo ? side_lib(argv[optind + 1], backend, &nb) : NULL;
    if (!lo || !ln) {
        free(lo);
        free(ln);
        return 2;
    }
    c.build = build ? build : nb ? argv[optind + 1] : ob ? argv[optind] : default_build_dir();
    char *spec = xasprintf("old=%s,new=%s", lo, ln);
    int brc = backends_resolve(spec, c.build, &c.be);
    free(spec);
    if (brc != 0) {
        free(lo);
        free(ln);
        return 2;
    }
    char *bench = xasprintf("%s/suites/bench/bench", c.build);
    if (!is_executable(bench)) {
        err("no microbenchmark binary at %s (pass --build)", bench);
        free(bench);
        return 2;
    }
    free(bench);
    char *id = c.id ? NULL : utc_stamp("ab-%Y%m%d-%H%M%S");
    if (id)
        c.id = id;
    printf("grbench ab: OLD %s\n            NEW %s\n", lo, ln);
    fflush(stdout);
    char *set = NULL;
    int rrc = run_execute(&c, &set);
    if (rrc == 2 || !set) {
        err("the A/B run failed");
        free(lo);
        free(ln);
        free(id);
        free(set);
        return 2;
    }
    resultset rs;
    if (resultset_load(&rs, set) != 0) {
        free(lo);
        free(ln);
        free(id);
        free(set);
        return 2;
    }
    printf(
        "result set %s; metric %s; %ld rounds, paired by round; alpha %.3g over all series; min effect %.3g%%\n",
        set, ao.metric, c.rounds_done, ao.alpha, ao.min_effect);
    if (rrc == 1)
        printf("note: some cells failed (see %s/cells.csv); their series are missing below\n", set);
    int rc = ab_verdict(&rs, "old", "new", &ao, stdout);
    resultset_free(&rs);
    free(lo);
    free(ln);
    free(id);
    free(set);
    return rc;
}
