/* cmd_run.c — `grbench run`: the benchmark matrix.
 *
 * Cells (the unit that can fail alone; each is one child process with a
 * timeout):
 *   bench      one Google Benchmark benchmark x backend x procs
 *              (build/suites/bench/bench --backend LIB --cpu=N --benchmark_filter=^NAME$)
 *   gobench    one Go benchmark x procs (a `go test -c` binary, -test.cpu N)
 *   workload   one workload x backend x procs: a probe run (exit status, peak
 *              RSS from wait4), more RSS runs, then hyperfine -N --warmup
 *              --runs --export-json for the wall time
 *   goworkload the same for suites/go/workloads/<name>, built with go build
 * Every cell is planned up front (so progress shows "cell i/N" and an ETA),
 * and its outcome is a row of cells.csv: ok | failed | timeout | skipped,
 * with the child's output kept under raw/.
 *
 * Invariants: the run is assembled in results/.tmp-<id>-<pid>/ and renamed
 * to results/<id>/ only at the end, so an interrupted or crashed run never
 * produces (or touches) a result set; combined.csv and cells.csv are
 * rewritten atomically after every cell, so the temp dir is always readable;
 * no child is started through a shell. */
#define _GNU_SOURCE
#include "atomicio.h"
#include "backends.h"
#include "cmds.h"
#include "fingerprint.h"
#include "parsers.h"
#include "proc.h"
#include "resultset.h"
#include "util.h"

#include <dirent.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum { K_BENCH, K_GOBENCH, K_WORKLOAD, K_GOWORKLOAD } cell_kind;
static const char *kind_name[] = { "bench", "gobench", "workload", "goworkload" };

typedef struct {
    cell_kind kind;
    int backend;          /* index into backends, -1 for Go */
    char *name;           /* base name (no procs) */
    char *filter;         /* bench: the listed raw name; go: top-level benchmark */
    char *exe;            /* workload binary */
    char *size;           /* workload size argument, or NULL */
    int procs;
    double estimate;      /* seconds */
} plan_cell;

typedef struct {
    const char *source, *build;
    char *results;
    backendvec be;
    int *cpus; size_t ncpus;
    const char *filter;
    long reps;
    double budget, min_time, cell_timeout;
    bool min_time_set;
    const char *workloads;     /* comma list, "none", or NULL = all found */
    strlist sizes;             /* "name=size" */
    long wl_runs, wl_warmup, mem_runs;
    bool go, quick;
    const char *id;
    /* found */
    char *bench_exe, *go_pkg, *go_mod, *go_test_exe, *tmp;
    plan_cell *cells; size_t ncells;
    rowvec rows; cellvec out;
    json_t *bench_context;
    strlist go_env;
} run_ctx;

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
    "  --backends LIST      comma list of NAME, PATH to a libgr.so.1, or LABEL=PATH\n"
    "                       (default: every build/backends/*/libgr.so.1)\n"
    "  --cpu LIST           procs values, like go test -cpu (default 1,4)\n"
    "  --filter REGEX       only benchmarks whose name matches (Google Benchmark regex;\n"
    "                       Go benchmarks follow by name)\n"
    "  --repetitions N      repetitions per benchmark and hyperfine runs per workload\n"
    "                       (default 5; the U test needs at least 5)\n"
    "  --budget SECONDS     time budget for the whole run (default 600); sets the\n"
    "                       per-repetition time unless --min-time is given; cells\n"
    "                       left when 1.5x the budget is spent are skipped\n"
    "  --min-time SECONDS   Google Benchmark --benchmark_min_time / go -benchtime\n"
    "  --cell-timeout S     kill a cell after S seconds (default 300)\n"
    "  --workloads LIST     workloads to run (default: all built), or \"none\"\n"
    "  --size NAME=N[,N..]  size argument(s) for workload NAME (repeatable); each size\n"
    "                       is its own cell, named NAME/N\n"
    "  --warmup N           hyperfine warm-up runs (default 1)\n"
    "  --mem-runs N         separate runs measuring peak RSS with wait4 (default 3)\n"
    "  --no-go              skip the Go reference\n"
    "  --quick              smoke-run sizes: 3 repetitions, tiny workloads, short times\n"
    "  --id ID              run id (default: UTC time, YYYYmmdd-HHMMSS)\n"
    "  --results-dir DIR    where result sets live (default: <source>/results)\n"
    "  --source DIR, --build DIR   the source tree and the Meson build dir\n"
    "\n"
    "Peak memory: hyperfine 1.15 does not record it, so each workload cell also\n"
    "runs the program --mem-runs times on its own and keeps wait4()'s ru_maxrss.\n"
    "Exit status: 0 all cells ok or skipped, 1 some cell failed, 2 usage error.\n";

/* Default workload sizes (DESIGN.md §5), and the smoke-run ones. */
static const char *default_size(const char *name, bool quick)
{
    static const struct { const char *n, *full, *quick; } t[] = {
        { "skynet", "1000,10000,1000000", "1000" },
        { "idle", "9999,100000", "500" },
        { "sieve", "300", "100" },
        { "pipeline", "50000", "2000" },
        { "workerpool", "50000", "2000" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].n, name)) return quick ? t[i].quick : t[i].full;
    return NULL;
}

static char *re_escape(const char *s)
{
    sbuf b; sb_init(&b); sb_add(&b, "");
    for (const char *p = s; *p; p++) {
        if (strchr("\\^$.|?*+()[]{}", *p)) sb_add(&b, "\\");
        sb_addn(&b, p, 1);
    }
    return sb_steal(&b);
}

static void add_cell(run_ctx *c, plan_cell pc)
{
    c->cells = xrealloc(c->cells, (c->ncells + 1) * sizeof(plan_cell));
    c->cells[c->ncells++] = pc;
}

static bool want_cpu(const run_ctx *c, int p)
{
    for (size_t i = 0; i < c->ncpus; i++) if (c->cpus[i] == p) return true;
    return false;
}

static char *cpu_list(const run_ctx *c)
{
    sbuf b; sb_init(&b); sb_add(&b, "");
    for (size_t i = 0; i < c->ncpus; i++) sb_printf(&b, "%s%d", i ? "," : "", c->cpus[i]);
    return sb_steal(&b);
}

/* --- planning ----------------------------------------------------------- */

static void plan_bench(run_ctx *c)
{
    char *exe = xasprintf("%s/suites/bench/bench", c->build);
    if (!is_executable(exe)) { warnx_("no microbenchmark binary at %s; microbenchmarks not run", exe); free(exe); return; }
    c->bench_exe = exe;
    char *cpus = cpu_list(c);
    strlist argv; sl_init(&argv);
    sl_add(&argv, exe); sl_addf(&argv, "--backend=%s", c->be.v[0].lib); sl_addf(&argv, "--cpu=%s", cpus);
    sl_add(&argv, "--benchmark_list_tests=true");
    if (c->filter) sl_addf(&argv, "--benchmark_filter=%s", c->filter);
    char *ld = backend_ld_env(&c->be.v[0]);
    char *env[] = { ld, NULL };
    proc_result pr;
    char *out = proc_capture(argv.v, env, NULL, 60, false, true, &pr);
    free(ld); free(cpus);
    if (!out || pr.how != PROC_EXITED || pr.code != 0) {
        char *d = proc_describe(&pr, 60);
        warnx_("%s --benchmark_list_tests failed (%s); microbenchmarks not run", exe, out ? d : "no output");
        free(d); free(out); sl_free(&argv); free(c->bench_exe); c->bench_exe = NULL;
        return;
    }
    strlist names; sl_init(&names);
    parse_gbench_list(out, &names);
    free(out); sl_free(&argv);
    for (size_t b = 0; b < c->be.n; b++)
        for (size_t i = 0; i < names.n; i++) {
            char *name; int procs;
            bench_name_split(names.v[i], &name, &procs);
            if (procs == 0) procs = c->cpus[0];
            if (!want_cpu(c, procs)) { free(name); continue; }
            add_cell(c, (plan_cell){ K_BENCH, (int)b, name, xstrdup(names.v[i]), NULL, NULL, procs, 0 });
        }
    sl_free(&names);
}

static bool has_suffix_files(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    struct dirent *e; bool found = false;
    size_t ls = strlen(suffix);
    while (!found && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > ls && !strcmp(e->d_name + l - ls, suffix)) found = true;
    }
    closedir(d);
    return found;
}

static int go_tool(run_ctx *c, char **argv, const char *cwd, double timeout, const char *log)
{
    proc_spec sp = { .argv = argv, .env = c->go_env.v, .cwd = cwd, .stdout_path = log, .stderr_path = log, .timeout_s = timeout };
    proc_result pr;
    if (proc_run(&sp, &pr) != 0) return -1;
    if (pr.how != PROC_EXITED || pr.code != 0) {
        char *d = proc_describe(&pr, timeout);
        warnx_("%s %s failed (%s); see %s", argv[0], argv[1], d, log);
        free(d);
        return -1;
    }
    return 0;
}

static void plan_go(run_ctx *c)
{
    char *go = which("go");
    if (!go) { warnx_("no `go` on PATH; the Go reference is not run"); return; }
    free(go);
    char *mod = xasprintf("%s/suites/go", c->source);
    char *gomod = path_join(mod, "go.mod");
    if (!path_exists(gomod)) { warnx_("no %s; the Go reference is not run", gomod); free(gomod); free(mod); return; }
    free(gomod);
    c->go_mod = mod;
    /* Make go usable where HOME is unset (CI containers). */
    if (!getenv("GOCACHE") && !getenv("XDG_CACHE_HOME") && !getenv("HOME"))
        sl_addf(&c->go_env, "GOCACHE=%s/harness/go-cache", c->build);
    if (!getenv("GOPATH") && !getenv("HOME")) sl_addf(&c->go_env, "GOPATH=%s/harness/go-path", c->build);
    sl_add(&c->go_env, "GOFLAGS=-mod=mod");
    sl_add(&c->go_env, "GOTOOLCHAIN=local");
    char *logdir = path_join(c->tmp, "raw/go");
    mkdir_p(logdir);
    /* The benchmark package: suites/go or its first subfolder with tests. */
    const char *cands[] = { "", "bench", "benchmarks" };
    for (size_t i = 0; i < 3 && !c->go_pkg; i++) {
        char *d = *cands[i] ? path_join(mod, cands[i]) : xstrdup(mod);
        if (has_suffix_files(d, "_test.go")) c->go_pkg = d; else free(d);
    }
    if (c->go_pkg) {
        c->go_test_exe = path_join(c->tmp, "raw/go/gobench.test");
        char *log = path_join(logdir, "go-test-build.log");
        char *argv[] = { "go", "test", "-c", "-o", c->go_test_exe, ".", NULL };
        fprintf(stderr, "grbench: building the Go benchmarks (go test -c in %s)\n", c->go_pkg);
        if (go_tool(c, argv, c->go_pkg, 600, log) != 0) { free(c->go_test_exe); c->go_test_exe = NULL; }
        free(log);
    }
    if (c->go_test_exe) {
        char *argv[] = { c->go_test_exe, "-test.list", "^Benchmark", NULL };
        char *out = proc_capture(argv, c->go_env.v, c->go_pkg, 60, false, false, NULL);
        strlist names; sl_init(&names);
        if (out) sl_split(&names, out, "\n");
        free(out);
        /* The C benchmark names selected by --filter, to select Go's alike. */
        strlist cnames; sl_init(&cnames);
        for (size_t i = 0; i < c->ncells; i++)
            if (c->cells[i].kind == K_BENCH) {
                char *top = xstrdup(c->cells[i].name);
                char *sl = strchr(top, '/'); if (sl) *sl = 0;
                if (!sl_contains(&cnames, top)) sl_add(&cnames, top);
                free(top);
            }
        for (size_t i = 0; i < names.n; i++) {
            if (!str_starts(names.v[i], "Benchmark")) continue;
            const char *base = names.v[i] + 9;
            if (c->filter && !sl_contains(&cnames, base)) continue;
            for (size_t p = 0; p < c->ncpus; p++)
                add_cell(c, (plan_cell){ K_GOBENCH, -1, xstrdup(base), xstrdup(names.v[i]), NULL, NULL, c->cpus[p], 0 });
        }
        sl_free(&names); sl_free(&cnames);
    }
    free(logdir);
}

static bool wl_selected(const run_ctx *c, const char *name)
{
    if (!c->workloads) return true;
    strlist l; sl_init(&l); sl_split(&l, c->workloads, ",");
    bool r = sl_contains(&l, name);
    sl_free(&l);
    return r;
}

static char *wl_size(const run_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->sizes.n; i++) {
        const char *eq = strchr(c->sizes.v[i], '=');
        if (eq && (size_t)(eq - c->sizes.v[i]) == strlen(name) && !strncmp(c->sizes.v[i], name, strlen(name)))
            return xstrdup(eq + 1);
    }
    const char *d = default_size(name, c->quick);
    return d ? xstrdup(d) : NULL;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* One cell per size x procs.  With a size, the cell (and its rows) are named
 * "workload/size", so sizes never mix; without one, just "workload". */
static void add_workload_cells(run_ctx *c, cell_kind kind, int backend, const char *name, const char *dir)
{
    char *sizes = wl_size(c, name);
    strlist sl; sl_init(&sl);
    if (sizes) sl_split(&sl, sizes, ",");
    else sl_add(&sl, "");
    for (size_t k = 0; k < sl.n; k++)
        for (size_t p = 0; p < c->ncpus; p++) {
            char *exe = dir ? path_join(dir, name) : xasprintf("%s/raw/go/%s", c->tmp, name);
            char *full = *sl.v[k] ? xasprintf("%s/%s", name, sl.v[k]) : xstrdup(name);
            add_cell(c, (plan_cell){ kind, backend, full, NULL, exe, *sl.v[k] ? xstrdup(sl.v[k]) : NULL, c->cpus[p], 0 });
        }
    sl_free(&sl); free(sizes);
}

static void plan_workloads(run_ctx *c)
{
    if (c->workloads && !strcmp(c->workloads, "none")) return;
    char *dir = xasprintf("%s/suites/workloads", c->build);
    strlist names; sl_init(&names);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || strchr(e->d_name, '.')) continue;
            char *p = path_join(dir, e->d_name);
            if (is_executable(p) && wl_selected(c, e->d_name)) sl_add(&names, e->d_name);
            free(p);
        }
        closedir(d);
    }
    qsort(names.v, names.n, sizeof(char *), cmp_str);
    if (names.n == 0) warnx_("no workload binaries under %s; workloads not run", dir);
    for (size_t b = 0; b < c->be.n; b++)
        for (size_t i = 0; i < names.n; i++)
            add_workload_cells(c, K_WORKLOAD, (int)b, names.v[i], dir);
    /* Go's workloads: suites/go/workloads/<name>/, built once each. */
    if (c->go_mod) {
        char *gw = path_join(c->go_mod, "workloads");
        for (size_t i = 0; i < names.n; i++) {
            char *src = path_join(gw, names.v[i]);
            if (is_dir(src)) {
                char *exe = xasprintf("%s/raw/go/%s", c->tmp, names.v[i]);
                char *pkg = xasprintf("./workloads/%s", names.v[i]);
                char *log = xasprintf("%s/raw/go/%s-build.log", c->tmp, names.v[i]);
                char *argv[] = { "go", "build", "-o", exe, pkg, NULL };
                if (go_tool(c, argv, c->go_mod, 600, log) == 0)
                    add_workload_cells(c, K_GOWORKLOAD, -1, names.v[i], NULL);
                free(exe); free(pkg); free(log);
            }
            free(src);
        }
        free(gw);
    }
    sl_free(&names); free(dir);
}

/* --- running one cell ----------------------------------------------------- */

static const char *label_of(const run_ctx *c, const plan_cell *pc) { return pc->backend >= 0 ? c->be.v[pc->backend].label : "go"; }

/* The last non-empty line of a log, for a one-line failure detail. */
static char *tail_line(const char *path)
{
    char *t = path_exists(path) ? read_file(path, NULL) : NULL;
    if (!t) return xstrdup("");
    strlist l; sl_init(&l); sl_split(&l, t, "\n");
    free(t);
    char *r = xstrdup(l.n ? l.v[l.n - 1] : "");
    sl_free(&l);
    if (strlen(r) > 200) r[200] = 0;
    return r;
}

static char *rel(const run_ctx *c, const char *p)
{
    size_t n = strlen(c->tmp);
    return xstrdup(!strncmp(p, c->tmp, n) && p[n] == '/' ? p + n + 1 : p);
}

static void record(run_ctx *c, const plan_cell *pc, const char *status, double secs, const char *detail, const char *log)
{
    char *r = log ? rel(c, log) : xstrdup("");
    cells_add(&c->out, kind_name[pc->kind], label_of(c, pc), pc->name, pc->procs, status, secs, detail, r);
    free(r);
}

static const char *fail_status(const proc_result *pr)
{
    return pr->how == PROC_TIMEOUT ? "timeout" : pr->how == PROC_INTERRUPTED ? "skipped" : "failed";
}

static const char *run_bench(run_ctx *c, const plan_cell *pc)
{
    const backend *b = &c->be.v[pc->backend];
    char *dir = xasprintf("%s/raw/bench/%s", c->tmp, b->label);
    mkdir_p(dir);
    char *stem = xasprintf("%s/%s.procs%d", dir, sanitize(pc->name), pc->procs);
    char *json = xasprintf("%s.json", stem), *log = xasprintf("%s.log", stem);
    char *re = re_escape(pc->filter);
    strlist argv; sl_init(&argv);
    sl_add(&argv, c->bench_exe); sl_addf(&argv, "--backend=%s", b->lib); sl_addf(&argv, "--cpu=%d", pc->procs);
    sl_addf(&argv, "--benchmark_filter=^%s(/|$)", re);
    sl_addf(&argv, "--benchmark_repetitions=%ld", c->reps);
    sl_addf(&argv, "--benchmark_min_time=%g", c->min_time);
    sl_add(&argv, "--benchmark_out_format=json"); sl_addf(&argv, "--benchmark_out=%s", json);
    char *ld = backend_ld_env(b);
    char *env[] = { ld, NULL };
    proc_spec sp = { .argv = argv.v, .env = env, .stdout_path = log, .stderr_path = log, .timeout_s = c->cell_timeout };
    proc_result pr;
    const char *status = "failed";
    if (proc_run(&sp, &pr) != 0) record(c, pc, "failed", 0, "could not start", log);
    else if (pr.how == PROC_EXITED && pr.code == 0) {
        strlist skipped; sl_init(&skipped);
        int n = parse_gbench(json, b->label, pc->procs, &c->rows, &skipped);
        if (n > 0) { status = "ok"; record(c, pc, status, pr.wall_s, "", log); }
        else if (n == 0 && skipped.n) { status = "skipped"; record(c, pc, status, pr.wall_s, skipped.v[0], log); }
        else { record(c, pc, "failed", pr.wall_s, n == 0 ? "no results in the JSON" : "unreadable JSON", log); }
        if (!c->bench_context) {
            json_t *root = json_load_file(json, 0, NULL);
            if (root) { c->bench_context = json_incref(json_object_get(root, "context")); json_decref(root); }
        }
        sl_free(&skipped);
    } else {
        char *d = proc_describe(&pr, c->cell_timeout), *t = tail_line(log);
        char *detail = xasprintf("%s: %s", d, t);
        status = fail_status(&pr);
        record(c, pc, status, pr.wall_s, detail, log);
        free(d); free(t); free(detail);
    }
    free(ld); sl_free(&argv); free(re); free(json); free(log); free(stem); free(dir);
    return status;
}

static const char *run_gobench(run_ctx *c, const plan_cell *pc)
{
    char *stem = xasprintf("%s/raw/go/%s.procs%d", c->tmp, sanitize(pc->name), pc->procs);
    char *txt = xasprintf("%s.txt", stem), *log = xasprintf("%s.log", stem);
    char *re = re_escape(pc->filter);
    strlist argv; sl_init(&argv);
    sl_add(&argv, c->go_test_exe); sl_add(&argv, "-test.run=^$");
    sl_addf(&argv, "-test.bench=^%s$", re);
    sl_addf(&argv, "-test.cpu=%d", pc->procs);
    sl_addf(&argv, "-test.count=%ld", c->reps);
    sl_addf(&argv, "-test.benchtime=%gs", c->min_time);
    proc_spec sp = { .argv = argv.v, .env = c->go_env.v, .cwd = c->go_pkg, .stdout_path = txt, .stderr_path = log, .timeout_s = c->cell_timeout };
    proc_result pr;
    const char *status = "failed";
    if (proc_run(&sp, &pr) != 0) record(c, pc, "failed", 0, "could not start", log);
    else if (pr.how == PROC_EXITED && pr.code == 0) {
        int n = parse_gotest(txt, &c->rows);
        if (n > 0) { status = "ok"; record(c, pc, status, pr.wall_s, "", txt); }
        else { status = "skipped"; record(c, pc, status, pr.wall_s, "no ns/op lines (benchmark skipped?)", txt); }
    } else {
        char *d = proc_describe(&pr, c->cell_timeout), *t = tail_line(txt);
        char *detail = xasprintf("%s: %s", d, t);
        status = fail_status(&pr);
        record(c, pc, status, pr.wall_s, detail, txt);
        free(d); free(t); free(detail);
    }
    sl_free(&argv); free(re); free(txt); free(log); free(stem);
    return status;
}

/* hyperfine -N splits its command like a shell would: quote each word. */
static void shell_word(sbuf *b, const char *s)
{
    sb_add(b, "'");
    for (const char *p = s; *p; p++) { if (*p == '\'') sb_add(b, "'\\''"); else sb_addn(b, p, 1); }
    sb_add(b, "'");
}

/* The workload's own measurements: numeric key=value pairs of its result
 * line ("idle: procs=1 n=500 ... bytes_per_goroutine=2712 ok"), except the
 * ones that only echo the input or the checked answer. */
static void result_line_metrics(run_ctx *c, const plan_cell *pc, const char *label, int rep, const char *out)
{
    static const char *echo[] = { "procs", "size", "n", "sum", "expected", "last", "jobs", "workers", "ran", "results", NULL };
    char *t = read_file(out, NULL);
    if (!t) return;
    strlist lines; sl_init(&lines); sl_split(&lines, t, "\n");
    free(t);
    const char *line = NULL;
    for (size_t i = lines.n; i-- > 0 && !line;) {
        size_t l = strlen(lines.v[i]);
        if (l > 3 && !strcmp(lines.v[i] + l - 3, " ok")) line = lines.v[i];
    }
    if (line) {
        strlist tok; sl_init(&tok); sl_split(&tok, line, " ");
        for (size_t i = 0; i < tok.n; i++) {
            char *eq = strchr(tok.v[i], '=');
            if (!eq) continue;
            *eq = 0;
            bool skip = false;
            for (int k = 0; echo[k]; k++) if (!strcmp(echo[k], tok.v[i])) skip = true;
            double v;
            if (!skip && parse_double(eq + 1, &v))
                rows_add(&c->rows, "workload", pc->name, label, pc->procs, rep, tok.v[i], v,
                         (strstr(tok.v[i], "bytes") || strstr(tok.v[i], "rss")) ? "B" : "");
        }
        sl_free(&tok);
    }
    sl_free(&lines);
}

static const char *run_workload(run_ctx *c, const plan_cell *pc)
{
    const char *label = label_of(c, pc);
    char *dir = xasprintf("%s/raw/workloads/%s", c->tmp, label);
    mkdir_p(dir);
    char *san = sanitize(pc->name);
    char *stem = xasprintf("%s/%s.procs%d", dir, san, pc->procs);
    free(san);
    char *out = xasprintf("%s.probe.log", stem), *json = xasprintf("%s.hyperfine.json", stem), *hlog = xasprintf("%s.hyperfine.log", stem);
    strlist argv; sl_init(&argv);
    sl_add(&argv, pc->exe); sl_add(&argv, "--procs"); sl_addf(&argv, "%d", pc->procs);
    if (pc->size) sl_add(&argv, pc->size);
    strlist env; sl_init(&env);
    if (pc->backend >= 0) { char *ld = backend_ld_env(&c->be.v[pc->backend]); sl_add(&env, ld); free(ld); }
    else { for (size_t i = 0; i < c->go_env.n; i++) sl_add(&env, c->go_env.v[i]); sl_addf(&env, "GOMAXPROCS=%d", pc->procs); }
    const char *status = "failed";
    double t0 = now_s();
    /* 1. probe + peak-RSS runs, each a plain child measured with wait4. */
    for (long r = 0; r < c->mem_runs || r == 0; r++) {
        proc_spec sp = { .argv = argv.v, .env = env.v, .stdout_path = out, .stderr_path = out, .timeout_s = c->cell_timeout };
        proc_result pr;
        if (proc_run(&sp, &pr) != 0) { record(c, pc, "failed", now_s() - t0, "could not start", out); goto done; }
        if (pr.how == PROC_EXITED && pr.code == 77) {
            char *t = read_file(out, NULL);
            char *why = t ? strstr(t, "skipped") : NULL;
            char *line = why ? strndup(why, strcspn(why, "\n")) : xstrdup("exit 77 (skipped)");
            status = "skipped";
            record(c, pc, status, now_s() - t0, line, out);
            free(t); free(line);
            goto done;
        }
        if (pr.how != PROC_EXITED || pr.code != 0) {
            char *d = proc_describe(&pr, c->cell_timeout), *t = tail_line(out);
            char *detail = xasprintf("%s: %s", d, t);
            status = fail_status(&pr);
            record(c, pc, status, now_s() - t0, detail, out);
            free(d); free(t); free(detail);
            goto done;
        }
        rows_add(&c->rows, "workload", pc->name, label, pc->procs, (int)r, "peak_rss", (double)pr.maxrss_kib, "KiB");
        result_line_metrics(c, pc, label, (int)r, out);
    }
    /* 2. wall time through hyperfine, without a shell (-N). */
    {
        char *hf = which("hyperfine");
        if (!hf) { status = "skipped"; record(c, pc, status, now_s() - t0, "hyperfine is not installed (make deps)", NULL); goto done; }
        free(hf);
        sbuf cmd; sb_init(&cmd); sb_add(&cmd, "");
        for (size_t i = 0; i < argv.n; i++) { if (i) sb_add(&cmd, " "); shell_word(&cmd, argv.v[i]); }
        char *cname = xasprintf("%s %s procs=%d", label, pc->name, pc->procs);
        strlist h; sl_init(&h);
        sl_add(&h, "hyperfine"); sl_add(&h, "-N"); sl_add(&h, "--style"); sl_add(&h, "basic");
        sl_add(&h, "--warmup"); sl_addf(&h, "%ld", c->wl_warmup);
        sl_add(&h, "--runs"); sl_addf(&h, "%ld", c->wl_runs);
        sl_add(&h, "--export-json"); sl_add(&h, json);
        sl_add(&h, "--command-name"); sl_add(&h, cname);
        sl_add(&h, cmd.s);
        proc_spec sp = { .argv = h.v, .env = env.v, .stdout_path = hlog, .stderr_path = hlog, .timeout_s = c->cell_timeout };
        proc_result pr;
        int rc = proc_run(&sp, &pr);
        if (rc == 0 && pr.how == PROC_EXITED && pr.code == 0 &&
            parse_hyperfine(json, "workload", pc->name, label, pc->procs, &c->rows) > 0) {
            status = "ok";
            record(c, pc, status, now_s() - t0, "", hlog);
        } else {
            char *d = rc == 0 ? proc_describe(&pr, c->cell_timeout) : xstrdup("could not start"), *t = tail_line(hlog);
            char *detail = xasprintf("hyperfine %s: %s", d, t);
            status = rc == 0 ? fail_status(&pr) : "failed";
            record(c, pc, status, now_s() - t0, detail, hlog);
            free(d); free(t); free(detail);
        }
        sl_free(&h); free(cname); sb_free(&cmd);
    }
done:
    sl_free(&argv); sl_free(&env); free(out); free(json); free(hlog); free(stem); free(dir);
    return status;
}

/* --- the whole run -------------------------------------------------------- */

static void estimate(run_ctx *c)
{
    for (size_t i = 0; i < c->ncells; i++) {
        plan_cell *p = &c->cells[i];
        switch (p->kind) {
        case K_BENCH: p->estimate = (double)c->reps * c->min_time * 2.0 + 0.3; break;
        case K_GOBENCH: p->estimate = (double)c->reps * c->min_time * 2.5 + 0.3; break;
        default: p->estimate = (double)(c->wl_runs + c->wl_warmup + c->mem_runs) * (c->quick ? 0.1 : 1.0) + 0.5; break;
        }
    }
}

static int write_state(run_ctx *c)
{
    char *p = path_join(c->tmp, "combined.csv"), *q = path_join(c->tmp, "cells.csv");
    int rc = rows_write(&c->rows, p) | cells_write(&c->out, q);
    free(p); free(q);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.source = default_source_dir(); c.build = default_build_dir();
    c.reps = 5; c.budget = 600; c.cell_timeout = 300; c.wl_warmup = 1; c.mem_runs = 3; c.go = true;
    c.wl_runs = -1;
    const char *backends = NULL, *cpus = "1,4", *results = NULL;
    sl_init(&c.sizes); sl_init(&c.go_env);
    static const struct option opts[] = {
        { "backends", required_argument, 0, 'b' }, { "backend", required_argument, 0, 'b' },
        { "cpu", required_argument, 0, 'c' }, { "filter", required_argument, 0, 'f' },
        { "repetitions", required_argument, 0, 'r' }, { "budget", required_argument, 0, 'B' },
        { "min-time", required_argument, 0, 'm' }, { "cell-timeout", required_argument, 0, 't' },
        { "workloads", required_argument, 0, 'w' }, { "size", required_argument, 0, 's' },
        { "warmup", required_argument, 0, 'W' }, { "mem-runs", required_argument, 0, 'M' },
        { "no-go", no_argument, 0, 'G' }, { "quick", no_argument, 0, 'q' }, { "id", required_argument, 0, 'i' },
        { "results-dir", required_argument, 0, 'R' }, { "source", required_argument, 0, 'S' },
        { "build", required_argument, 0, 'D' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
    };
    optind = 0;
    int o;
    bool reps_set = false;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'b': backends = optarg; break;
        case 'c': cpus = optarg; break;
        case 'f': c.filter = optarg; break;
        case 'r': if (!parse_int(optarg, &c.reps) || c.reps < 1) { err("--repetitions: want a positive integer, got \"%s\"", optarg); return 2; } reps_set = true; break;
        case 'B': if (!parse_double(optarg, &c.budget) || c.budget <= 0) { err("--budget: want seconds > 0"); return 2; } break;
        case 'm': if (!parse_double(optarg, &c.min_time) || c.min_time <= 0) { err("--min-time: want seconds > 0"); return 2; } c.min_time_set = true; break;
        case 't': if (!parse_double(optarg, &c.cell_timeout) || c.cell_timeout <= 0) { err("--cell-timeout: want seconds > 0"); return 2; } break;
        case 'w': c.workloads = optarg; break;
        case 's': if (!strchr(optarg, '=')) { err("--size: want NAME=N"); return 2; } sl_add(&c.sizes, optarg); break;
        case 'W': if (!parse_int(optarg, &c.wl_warmup) || c.wl_warmup < 0) { err("--warmup: want an integer >= 0"); return 2; } break;
        case 'M': if (!parse_int(optarg, &c.mem_runs) || c.mem_runs < 1) { err("--mem-runs: want an integer >= 1"); return 2; } break;
        case 'G': c.go = false; break;
        case 'q': c.quick = true; break;
        case 'i': c.id = optarg; break;
        case 'R': results = optarg; break;
        case 'S': c.source = optarg; break;
        case 'D': c.build = optarg; break;
        case 'h': fputs(run_usage, stdout); return 0;
        default: fputs("try grbench run --help\n", stderr); return 2;
        }
    }
    if (optind < argc) { err("run: unexpected argument \"%s\"", argv[optind]); return 2; }
    if (!parse_int_list(cpus, &c.cpus, &c.ncpus)) { err("--cpu: want a list like 1,4, got \"%s\"", cpus); return 2; }
    if (c.quick) {
        if (!reps_set) c.reps = 3;
        if (!c.min_time_set) { c.min_time = 0.1; c.min_time_set = true; }
        c.mem_runs = 1; c.wl_warmup = 0;
    }
    c.wl_runs = c.reps;
    if (c.id && (strchr(c.id, '/') || c.id[0] == '.' || !*c.id)) { err("--id: want a plain name, got \"%s\"", c.id); return 2; }
    c.results = results ? xstrdup(results) : default_results_dir();
    if (backends_resolve(backends, c.build, &c.be) != 0) return 2;

    char *id = c.id ? xstrdup(c.id) : utc_stamp("%Y%m%d-%H%M%S");
    char *final = path_join(c.results, id);
    if (path_exists(final)) { err("%s already exists; result sets are never overwritten (pass another --id)", final); return 2; }
    c.tmp = dir_begin(c.results, id);
    if (!c.tmp) return 2;
    char *started = utc_stamp("%Y-%m-%dT%H:%M:%SZ");
    double t_start = now_s();

    fprintf(stderr, "grbench run %s: backends", id);
    for (size_t i = 0; i < c.be.n; i++) fprintf(stderr, " %s", c.be.v[i].label);
    fprintf(stderr, "; cpu %s; %ld repetitions\n", cpus, c.reps);
    if (!c.min_time_set) c.min_time = 0.5;        /* provisional, for planning */
    plan_bench(&c);
    if (c.go) plan_go(&c);
    plan_workloads(&c);
    if (!c.min_time_set) {
        /* Give the microbenchmarks ~60% of the budget. */
        size_t nb = 0;
        for (size_t i = 0; i < c.ncells; i++) if (c.cells[i].kind == K_BENCH || c.cells[i].kind == K_GOBENCH) nb++;
        double mt = nb ? c.budget * 0.6 / ((double)nb * (double)c.reps * 2.2) : 0.5;
        c.min_time = mt < 0.01 ? 0.01 : mt > 0.5 ? 0.5 : mt;
        c.min_time = floor(c.min_time * 1000) / 1000;
    }
    estimate(&c);
    double total_est = 0;
    for (size_t i = 0; i < c.ncells; i++) total_est += c.cells[i].estimate;
    char *te = fmt_duration(total_est);
    fprintf(stderr, "grbench: %zu cells, about %s (min time %.3gs per repetition)\n", c.ncells, te, c.min_time);
    free(te);
    if (c.ncells == 0) warnx_("nothing to run: no benchmark or workload binaries found under %s", c.build);

    double done_est = 0, done_real = 0;
    size_t nfail = 0;
    for (size_t i = 0; i < c.ncells; i++) {
        plan_cell *pc = &c.cells[i];
        double remaining = total_est - done_est;
        double ratio = done_est > 1 ? done_real / done_est : 1.0;
        char *eta = fmt_duration(remaining * ratio);
        fprintf(stderr, "[%3zu/%zu, %zu left, ETA %s] %-10s %-10s %s procs=%d ... ", i + 1, c.ncells,
                c.ncells - i - 1, eta, kind_name[pc->kind], label_of(&c, pc), pc->name, pc->procs);
        free(eta);
        double t0 = now_s();
        const char *st;
        if (proc_interrupted) { st = "skipped"; record(&c, pc, st, 0, "interrupted", NULL); }
        else if (now_s() - t_start > c.budget * 1.5) { st = "skipped"; record(&c, pc, st, 0, "over the time budget", NULL); }
        else switch (pc->kind) {
            case K_BENCH: st = run_bench(&c, pc); break;
            case K_GOBENCH: st = run_gobench(&c, pc); break;
            default: st = run_workload(&c, pc); break;
        }
        double dt = now_s() - t0;
        done_est += pc->estimate; done_real += dt;
        cell *last = &c.out.v[c.out.n - 1];
        fprintf(stderr, "%s (%.1fs)%s%s\n", st, dt, last->detail[0] ? ": " : "", last->detail);
        if (!strcmp(st, "failed") || !strcmp(st, "timeout")) nfail++;
        write_state(&c);
    }

    /* Fingerprint + run configuration, then the rename that publishes it. */
    json_t *fp = fingerprint_collect(c.source, c.build);
    json_object_set_new(fp, "run_id", json_string(id));
    json_object_set_new(fp, "started", json_string(started));
    char *fin = utc_stamp("%Y-%m-%dT%H:%M:%SZ");
    json_object_set_new(fp, "finished", json_string(fin));
    json_object_set_new(fp, "interrupted", json_boolean(proc_interrupted));
    free(fin);
    json_t *cfg = json_object();
    json_object_set_new(cfg, "cpu", json_string(cpus));
    json_object_set_new(cfg, "repetitions", json_integer(c.reps));
    json_object_set_new(cfg, "min_time_s", json_real(c.min_time));
    json_object_set_new(cfg, "budget_s", json_real(c.budget));
    json_object_set_new(cfg, "cell_timeout_s", json_real(c.cell_timeout));
    json_object_set_new(cfg, "filter", c.filter ? json_string(c.filter) : json_null());
    json_object_set_new(cfg, "hyperfine_warmup", json_integer(c.wl_warmup));
    json_object_set_new(cfg, "hyperfine_runs", json_integer(c.wl_runs));
    json_object_set_new(cfg, "rss_runs", json_integer(c.mem_runs));
    json_object_set_new(cfg, "quick", json_boolean(c.quick));
    json_object_set_new(cfg, "peak_rss_method", json_string("wait4() ru_maxrss of separate runs, not the hyperfine runs"));
    json_object_set_new(cfg, "time_metric", json_string("Google Benchmark real_time per iteration; go test ns/op"));
    json_t *bl = json_array();
    for (size_t i = 0; i < c.be.n; i++) {
        json_t *b = json_object();
        json_object_set_new(b, "label", json_string(c.be.v[i].label));
        json_object_set_new(b, "library", json_string(c.be.v[i].lib));
        json_array_append_new(bl, b);
    }
    json_object_set_new(cfg, "backends", bl);
    json_object_set_new(cfg, "duration_s", json_real(now_s() - t_start));
    json_object_set_new(fp, "config", cfg);
    if (c.bench_context) json_object_set_new(fp, "bench_context", c.bench_context);
    char *fpp = path_join(c.tmp, "fingerprint.json");
    char *fptext = json_dumps(fp, JSON_INDENT(2) | JSON_SORT_KEYS);
    int rc = write_state(&c) | atomic_write(fpp, fptext, strlen(fptext));
    free(fptext); free(fpp); json_decref(fp);
    if (c.go_test_exe) unlink(c.go_test_exe);   /* binaries are not results */
    for (size_t i = 0; i < c.ncells; i++)
        if (c.cells[i].kind == K_GOWORKLOAD && c.cells[i].exe) unlink(c.cells[i].exe);
    if (rc != 0 || dir_commit(c.tmp, final) != 0) {
        err("the run's files are left in %s", c.tmp);
        return 2;
    }
    char *link = path_join(c.results, "latest"), *ltmp = xasprintf("%s.tmp-%ld", link, (long)getpid());
    unlink(ltmp);
    if (symlink(id, ltmp) == 0 && rename(ltmp, link) != 0) unlink(ltmp);
    free(link); free(ltmp);
    size_t nok = 0, nskip = 0;
    for (size_t i = 0; i < c.out.n; i++) {
        if (!strcmp(c.out.v[i].status, "ok")) nok++;
        else if (!strcmp(c.out.v[i].status, "skipped")) nskip++;
    }
    char *dur = fmt_duration(now_s() - t_start);
    printf("%s: %zu cells: %zu ok, %zu failed, %zu skipped; %zu rows; %s\n", final, c.out.n, nok, nfail, nskip, c.rows.n, dur);
    free(dur);
    if (proc_interrupted) { err("interrupted; the partial result set is %s", final); return 2; }
    return nfail ? 1 : 0;
}
