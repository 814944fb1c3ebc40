/* run_cell.c — one repetition (one round) of one cell of `grbench run`
 * (see run.h).  Each repetition is its own process:
 *   bench      bench --cpu=N --benchmark_filter=^NAME(/|$), on its backend
 *              by the protocol of backends.h
 *              --benchmark_repetitions=1 --benchmark_min_time=T, JSON kept as
 *              raw/bench/<backend>/<name>.procs<N>.rep<k>.json (+ .log)
 *   gobench    the `go test -c` binary of its reference row (gc or gccgo),
 *              -test.count=1 (raw/go/... or raw/gccgo/...rep<k>.txt)
 *   workload   one plain run measured with wait4 (exit status, peak RSS,
 *              the result line's metrics) in the first --mem-runs rounds, and
 *              one `hyperfine -N --runs 1` run for the wall time (its warm-up
 *              runs only in round 0); a native program (suites/native)
 *              the same way, with its own options, rows in suite "native"
 *   floor      the floor program of the backend's design (suites/floors),
 *              its round trips sized in round 0 to take about --min-time
 * With --metric instructions, bench cells go to run_callgrind.c instead.
 *
 * Invariants: every row a repetition adds carries repetition = round; a
 * repetition that fails adds no rows at all (rows are parsed into a scratch
 * vector first); the cell's first failure is its status, detail and log. */
#define _GNU_SOURCE
#include "parsers.h"
#include "proc.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const run_kind_name[] = {"bench",      "gobench", "workload",
                                     "goworkload", "floor",   "native"};

const char *run_label_of(const run_ctx *c, const plan_cell *pc)
{
    return pc->backend >= 0 ? c->be.v[pc->backend].label : pc->ref ? pc->ref : "go";
}

char *run_tail_line(const char *path)
{
    char *t = path && path_exists(path) ? read_file(path, NULL) : NULL;
    if (!t)
        return xstrdup("");
    strlist l;
    sl_init(&l);
    sl_split(&l, t, "\n");
    free(t);
    char *r = xstrdup(l.n ? l.v[l.n - 1] : "");
    sl_free(&l);
    if (strlen(r) > 200)
        r[200] = 0;
    return r;
}

static char *rel(const run_ctx *c, const char *p)
{
    size_t n = strlen(c->tmp);
    return xstrdup(!strncmp(p, c->tmp, n) && p[n] == '/' ? p + n + 1 : p);
}

cell_status run_record(run_ctx *c, plan_cell *pc, cell_status status, double secs,
                       const char *detail, const char *log)
{
    pc->seconds += secs;
    if (status == CELL_OK) {
        pc->reps_done++;
        if (!pc->log && log)
            pc->log = rel(c, log);
    } else if (pc->status == CELL_OK) {
        pc->status = status;
        pc->detail = xstrdup(detail ? detail : "");
        free(pc->log);
        pc->log = log ? rel(c, log) : NULL;
    }
    return status;
}

cell_status run_fail_status(const proc_result *pr)
{
    return pr->how == PROC_TIMEOUT       ? CELL_TIMEOUT
           : pr->how == PROC_INTERRUPTED ? CELL_SKIPPED
                                         : CELL_FAILED;
}

/* A failed process: "<how>: <last line of its log>". */
cell_status run_record_failure(run_ctx *c, plan_cell *pc, const proc_result *pr, const char *prefix,
                               const char *log)
{
    char *d = proc_describe(pr, c->cell_timeout), *t = run_tail_line(log);
    char *detail = xasprintf("%s%s: %s", prefix, d, t);
    cell_status st = run_record(c, pc, run_fail_status(pr), pr->wall_s, detail, log);
    free(d);
    free(t);
    free(detail);
    return st;
}

void run_rows_append(run_ctx *c, const rowvec *tmp, long round)
{
    for (size_t i = 0; i < tmp->n; i++) {
        const row *x = &tmp->v[i];
        rows_add(&c->rows, x->suite, x->name, x->backend, x->procs, (int)round + x->rep, x->metric,
                 x->value, x->unit);
    }
}

char *run_stem(run_ctx *c, const char *sub, const char *label, const plan_cell *pc, long round)
{
    char *dir =
        sub ? xasprintf("%s/raw/%s/%s", c->tmp, sub, label) : xasprintf("%s/raw/%s", c->tmp, label);
    mkdir_p(dir);
    char *san = sanitize(pc->name);
    char *stem = xasprintf("%s/%s.procs%d.rep%ld", dir, san, pc->procs, round);
    free(san);
    free(dir);
    return stem;
}

void run_bench_command_len(const char *bench, const backend *b, const char *filter, int procs,
                           const char *length, const char *json, strlist *argv, strlist *env)
{
    char *re = re_escape(filter);
    sl_add(argv, bench);
    sl_addf(argv, "--cpu=%d", procs);
    sl_addf(argv, "--benchmark_filter=^%s(/|$)", re); /* run-time names may grow a suffix */
    sl_add(argv, "--benchmark_repetitions=1");
    sl_add(argv, length);
    if (json) {
        sl_add(argv, "--benchmark_out_format=json");
        sl_addf(argv, "--benchmark_out=%s", json);
    }
    backend_env(b, env); /* the protocol, no --backend: no re-exec */
    free(re);
}

void run_bench_command(const char *bench, const backend *b, const char *filter, int procs,
                       double min_time, const char *json, strlist *argv, strlist *env)
{
    char *length = xasprintf("--benchmark_min_time=%g", min_time);
    run_bench_command_len(bench, b, filter, procs, length, json, argv, env);
    free(length);
}

int run_proc(const run_ctx *c, char *const *argv, char *const *env, const char *cwd,
             const char *out, const char *errs, proc_result *pr)
{
    proc_spec sp = {.argv = argv,
                    .env = env,
                    .cwd = cwd,
                    .stdout_path = out,
                    .stderr_path = errs,
                    .timeout_s = c->cell_timeout};
    return proc_run(&sp, pr);
}

void run_workload_argv(const char *exe, int procs, const char *size, strlist *argv)
{
    sl_add(argv, exe);
    sl_add(argv, "--procs");
    sl_addf(argv, "%d", procs);
    if (size)
        sl_add(argv, size);
}

static cell_status run_bench(run_ctx *c, plan_cell *pc, long round)
{
    const backend *b = &c->be.v[pc->backend];
    char *stem = run_stem(c, "bench", b->label, pc, round);
    char *json = xasprintf("%s.json", stem), *log = xasprintf("%s.log", stem);
    strlist argv, env;
    sl_init(&argv);
    sl_init(&env);
    run_bench_command(c->bench_exe, b, pc->filter, pc->procs, c->min_time, json, &argv, &env);
    proc_result pr;
    cell_status status;
    if (run_proc(c, argv.v, env.v, NULL, log, log, &pr) != 0)
        status = run_record(c, pc, CELL_FAILED, 0, "could not start", log);
    else if (pr.how == PROC_EXITED && pr.code == 0) {
        strlist skipped;
        sl_init(&skipped);
        rowvec tmp = {0};
        int n = parse_gbench(json, b->label, pc->procs, &tmp, &skipped);
        if (n > 0) {
            run_rows_append(c, &tmp, round);
            status = run_record(c, pc, CELL_OK, pr.wall_s, "", log);
        } else if (n == 0 && skipped.n)
            status = run_record(c, pc, CELL_SKIPPED, pr.wall_s, skipped.v[0], log);
        else
            status = run_record(c, pc, CELL_FAILED, pr.wall_s,
                                n == 0 ? "no results in the JSON" : "unreadable JSON", log);
        if (!c->bench_context) {
            json_t *root = json_load_file(json, 0, NULL);
            if (root) {
                c->bench_context = json_incref(json_object_get(root, "context"));
                json_decref(root);
            }
        }
        rows_free(&tmp);
        sl_free(&skipped);
    } else
        status = run_record_failure(c, pc, &pr, "", log);
    sl_free(&env);
    sl_free(&argv);
    free(json);
    free(log);
    free(stem);
    return status;
}

static cell_status run_gobench(run_ctx *c, plan_cell *pc, long round)
{
    const char *ref = run_label_of(c, pc);
    char *stem = run_stem(c, NULL, ref, pc, round);
    char *txt = xasprintf("%s.txt", stem), *log = xasprintf("%s.log", stem);
    char *re = re_escape(pc->filter);
    strlist argv;
    sl_init(&argv);
    sl_add(&argv, pc->exe);
    sl_add(&argv, "-test.run=^$");
    sl_addf(&argv, "-test.bench=^%s$", re);
    sl_addf(&argv, "-test.cpu=%d", pc->procs);
    sl_add(&argv, "-test.count=1");
    sl_addf(&argv, "-test.benchtime=%gs", c->min_time);
    proc_result pr;
    cell_status status;
    if (run_proc(c, argv.v, c->go_env.v, c->go_pkg, txt, log, &pr) != 0)
        status = run_record(c, pc, CELL_FAILED, 0, "could not start", log);
    else if (pr.how == PROC_EXITED && pr.code == 0) {
        rowvec tmp = {0};
        int n = parse_gotest_as(txt, ref, &tmp);
        if (n > 0) {
            run_rows_append(c, &tmp, round);
            status = run_record(c, pc, CELL_OK, pr.wall_s, "", txt);
        } else
            status = run_record(c, pc, CELL_SKIPPED, pr.wall_s,
                                "no ns/op lines (benchmark skipped?)", txt);
        rows_free(&tmp);
    } else
        status = run_record_failure(c, pc, &pr, "", txt);
    sl_free(&argv);
    free(re);
    free(txt);
    free(log);
    free(stem);
    return status;
}

/* hyperfine -N splits its command like a shell would: quote each word. */
static void shell_word(sbuf *b, const char *s)
{
    sb_add(b, "'");
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            sb_add(b, "'\\''");
        else
            sb_addn(b, p, 1);
    }
    sb_add(b, "'");
}

/* The workload's own measurements: numeric key=value pairs of its result
 * line ("idle: procs=1 n=500 ... bytes_per_goroutine=2712 ok"), except the
 * ones that only echo the input or the checked answer. */
static void result_line_metrics(run_ctx *c, const plan_cell *pc, const char *suite,
                                const char *label, int rep, const char *out)
{
    static const char *echo[] = {"procs", "threads", "size",    "n",   "sum",     "expected",
                                 "last",  "jobs",    "workers", "ran", "results", NULL};
    char *t = read_file(out, NULL);
    if (!t)
        return;
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, t, "\n");
    free(t);
    const char *line = NULL;
    for (size_t i = lines.n; i-- > 0 && !line;) {
        size_t l = strlen(lines.v[i]);
        if (l > 3 && !strcmp(lines.v[i] + l - 3, " ok"))
            line = lines.v[i];
    }
    if (line) {
        strlist tok;
        sl_init(&tok);
        sl_split(&tok, line, " ");
        for (size_t i = 0; i < tok.n; i++) {
            char *eq = strchr(tok.v[i], '=');
            if (!eq)
                continue;
            *eq = 0;
            bool skip = false;
            for (int k = 0; echo[k]; k++)
                if (!strcmp(echo[k], tok.v[i]))
                    skip = true;
            double v;
            if (!skip && parse_double(eq + 1, &v))
                rows_add(&c->rows, suite, pc->name, label, pc->procs, rep, tok.v[i], v,
                         (strstr(tok.v[i], "bytes") || strstr(tok.v[i], "rss")) ? "B" : "");
        }
        sl_free(&tok);
    }
    sl_free(&lines);
}

/* A workload (gr or Go) or a native program (suites/native: its own
 * options, --threads N --algo ws --unbuffered, no libgr; rows in suite
 * "native"). */
static cell_status run_workload(run_ctx *c, plan_cell *pc, long round)
{
    const char *label = run_label_of(c, pc);
    bool native = pc->kind == K_NATIVE;
    const char *suite = native ? "native" : "workload";
    char *stem = run_stem(c, native ? "native" : "workloads", label, pc, round);
    char *out = xasprintf("%s.probe.log", stem), *json = xasprintf("%s.hyperfine.json", stem),
         *hlog = xasprintf("%s.hyperfine.log", stem);
    strlist argv;
    sl_init(&argv);
    if (native) {
        sl_add(&argv, pc->exe);
        sl_add(&argv, "--threads");
        sl_addf(&argv, "%d", pc->procs);
        sl_add(&argv, "--algo");
        sl_add(&argv, "ws");
        /* the gr skynet's program: unbuffered channels, and the backend's
         * launch policy (GR_BOOSTFIBER_LAUNCH, inherited by the backend) */
        sl_add(&argv, "--unbuffered");
        const char *launch = getenv("GR_BOOSTFIBER_LAUNCH");
        if (launch && !strcmp(launch, "post"))
            sl_add(&argv, "--post");
        if (pc->size)
            sl_add(&argv, pc->size);
    } else
        run_workload_argv(pc->exe, pc->procs, pc->size, &argv);
    strlist env;
    sl_init(&env);
    if (native) { /* links no libgr: no backend protocol */
    } else if (pc->backend >= 0)
        backend_env(&c->be.v[pc->backend], &env);
    else {
        for (size_t i = 0; i < c->go_env.n; i++)
            sl_add(&env, c->go_env.v[i]);
        sl_addf(&env, "GOMAXPROCS=%d", pc->procs);
    }
    cell_status status = CELL_OK; /* stays CELL_OK while nothing has ended the repetition */
    double t0 = now_s();
    /* 1. In the first --mem-runs rounds: a plain child measured with wait4
     * (round 0's run is also the probe that finds skips and crashes). */
    if (round < c->mem_runs) {
        proc_result pr;
        if (run_proc(c, argv.v, env.v, NULL, out, out, &pr) != 0)
            status = run_record(c, pc, CELL_FAILED, now_s() - t0, "could not start", out);
        else if (pr.how == PROC_EXITED && pr.code == 77) {
            char *t = read_file(out, NULL);
            char *why = t ? strstr(t, "skipped") : NULL;
            char *line = why ? strndup(why, strcspn(why, "\n")) : xstrdup("exit 77 (skipped)");
            status = run_record(c, pc, CELL_SKIPPED, now_s() - t0, line, out);
            free(t);
            free(line);
        } else if (pr.how != PROC_EXITED || pr.code != 0)
            status = run_record_failure(c, pc, &pr, "", out);
        else {
            rows_add(&c->rows, suite, pc->name, label, pc->procs, (int)round, "peak_rss",
                     (double)pr.maxrss_kib, "KiB");
            result_line_metrics(c, pc, suite, label, (int)round, out);
        }
    }
    /* 2. The wall time: one hyperfine run, without a shell (-N). */
    char *hf = status != CELL_OK ? NULL : which("hyperfine");
    if (status == CELL_OK && !hf)
        status = run_record(c, pc, CELL_SKIPPED, now_s() - t0,
                            "hyperfine is not installed (make deps)", NULL);
    if (status == CELL_OK && hf) {
        sbuf cmd;
        sb_init(&cmd);
        sb_add(&cmd, "");
        for (size_t i = 0; i < argv.n; i++) {
            if (i)
                sb_add(&cmd, " ");
            shell_word(&cmd, argv.v[i]);
        }
        char *cname = xasprintf("%s %s procs=%d", label, pc->name, pc->procs);
        strlist h;
        sl_init(&h);
        sl_addl(&h, "hyperfine", "-N", "--style", "basic", "--warmup", NULL);
        sl_addf(&h, "%ld", round == 0 ? c->wl_warmup : 0);
        sl_addl(&h, "--runs", "1", "--export-json", json, "--command-name", cname, cmd.s, NULL);
        proc_result pr;
        rowvec tmp = {0};
        int rc = run_proc(c, h.v, env.v, NULL, hlog, hlog, &pr);
        if (rc != 0)
            status =
                run_record(c, pc, CELL_FAILED, now_s() - t0, "hyperfine could not start", hlog);
        else if (pr.how == PROC_EXITED && pr.code == 0 &&
                 parse_hyperfine(json, suite, pc->name, label, pc->procs, &tmp) > 0) {
            run_rows_append(c, &tmp, round);
            status = run_record(c, pc, CELL_OK, now_s() - t0, "", hlog);
        } else
            status = run_record_failure(c, pc, &pr, "hyperfine ", hlog);
        rows_free(&tmp);
        sl_free(&h);
        free(cname);
        sb_free(&cmd);
    }
    free(hf);
    sl_free(&argv);
    sl_free(&env);
    free(out);
    free(json);
    free(hlog);
    free(stem);
    return status;
}

/* One run of a floor program with n round trips: its ns per switch and
 * primitive (malloc'd) from "floor: <design> <primitive> <ns> ns per
 * switch (...)", or false with *pr (and the log) telling why. */
static bool floor_once(run_ctx *c, const plan_cell *pc, long n, const char *log, proc_result *pr,
                       double *ns, char **prim)
{
    char *argv[] = {pc->exe, NULL, NULL};
    char *ns_arg = xasprintf("%ld", n);
    argv[1] = ns_arg;
    bool ok =
        run_proc(c, argv, NULL, NULL, log, log, pr) == 0 && pr->how == PROC_EXITED && pr->code == 0;
    free(ns_arg);
    if (!ok)
        return false;
    char *t = read_file(log, NULL);
    char *line = t ? strstr(t, "floor: ") : NULL;
    char design[64], p[64];
    double v;
    ok = line && sscanf(line, "floor: %63s %63s %lf ns per switch", design, p, &v) == 3 && v > 0;
    free(t);
    if (ok) {
        *ns = v;
        *prim = xstrdup(p);
    }
    return ok;
}

/* A floor cell: in round 0 a short untimed run of 1000 round trips sizes
 * the count so that a repetition takes about --min-time; every round then
 * runs that count and adds one row: suite "floor", named by the primitive,
 * ns per one-way switch (metric "time"). */
static cell_status run_floor(run_ctx *c, plan_cell *pc, long round)
{
    char *stem = run_stem(c, "floors", run_label_of(c, pc), pc, round);
    char *log = xasprintf("%s.log", stem);
    proc_result pr = {0};
    double ns = 0, t0 = now_s();
    char *prim = NULL;
    cell_status status;
    if (pc->cg_iters[0] == 0) {
        if (!floor_once(c, pc, 1000, log, &pr, &ns, &prim)) {
            status = pr.how == PROC_EXITED && pr.code == 0
                         ? run_record(c, pc, CELL_FAILED, now_s() - t0,
                                      "no floor: line in its output", log)
                         : run_record_failure(c, pc, &pr, "sizing run ", log);
            free(log);
            free(stem);
            return status;
        }
        free(prim);
        prim = NULL;
        double n = c->min_time * 1e9 / (2.0 * ns);
        pc->cg_iters[0] = n < 1000 ? 1000 : n > 5e7 ? 50000000 : (long)n;
    }
    if (floor_once(c, pc, pc->cg_iters[0], log, &pr, &ns, &prim)) {
        rows_add(&c->rows, "floor", prim, run_label_of(c, pc), 1, (int)round, "time", ns, "ns");
        status = run_record(c, pc, CELL_OK, now_s() - t0, "", log);
    } else if (pr.how == PROC_EXITED && pr.code == 0)
        status = run_record(c, pc, CELL_FAILED, now_s() - t0, "no floor: line in its output", log);
    else
        status = run_record_failure(c, pc, &pr, "", log);
    free(prim);
    free(log);
    free(stem);
    return status;
}

cell_status run_cell_rep(run_ctx *c, plan_cell *pc, long round)
{
    switch (pc->kind) {
    case K_BENCH:
        return c->metric == METRIC_INSTRUCTIONS ? run_callgrind_rep(c, pc, round)
                                                : run_bench(c, pc, round);
    case K_GOBENCH:
        return run_gobench(c, pc, round);
    case K_FLOOR:
        return run_floor(c, pc, round);
    default:
        return run_workload(c, pc, round);
    }
}
