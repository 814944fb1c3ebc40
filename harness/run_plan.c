/* run_plan.c — planning the matrix of `grbench run` (see run.h): the
 * microbenchmarks listed by the bench binary x backends x procs, the Go
 * reference rows (gc's `go test -c` binary and `go build` of each Go
 * workload, and the same with `-compiler gccgo` when gccgo is installed),
 * the workloads x sizes x backends x procs, the native Boost.Fiber skynet
 * beside the boostfiber-ws one, each backend's floor; then the groups (one benchmark
 * or workload at one procs, over every backend and Go), a per-repetition
 * time estimate for the ETA, and the seeded order of each round.
 *
 * Invariants: planning only lists and builds, it measures nothing; the
 * order of a round depends on nothing but the plan, the seed and the round
 * number (so --seed replays a run's order exactly). */
#define _GNU_SOURCE
#include "parsers.h"
#include "proc.h"
#include "run.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Default workload sizes (suites/workloads/README.md), and the smoke-run ones. */
static const char *default_size(const char *name, bool quick)
{
    static const struct {
        const char *n, *full, *quick;
    } t[] = {
        {"skynet", "1000,10000,1000000", "1000"},
        {"idle", "9999,100000", "500"},
        {"sieve", "300", "100"},
        {"pipeline", "50000", "2000"},
        {"workerpool", "50000", "2000"},
        {"preemptlat", "1000", "50"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].n, name))
            return quick ? t[i].quick : t[i].full;
    return NULL;
}

static void add_cell(run_ctx *c, plan_cell pc)
{
    c->cells = xrealloc(c->cells, (c->ncells + 1) * sizeof(plan_cell));
    c->cells[c->ncells++] = pc;
}

static bool want_cpu(const run_ctx *c, int p)
{
    for (size_t i = 0; i < c->ncpus; i++)
        if (c->cpus[i] == p)
            return true;
    return false;
}

/* --- planning ----------------------------------------------------------- */

static void plan_bench(run_ctx *c)
{
    char *exe = xasprintf("%s/suites/bench/bench", c->build);
    if (!is_executable(exe)) {
        warnx_("no microbenchmark binary at %s; microbenchmarks not run", exe);
        free(exe);
        return;
    }
    c->bench_exe = exe;
    char *cpus = cpu_list_str(c->cpus, c->ncpus);
    strlist argv;
    sl_init(&argv);
    sl_add(&argv, exe);
    sl_addf(&argv, "--cpu=%s", cpus);
    sl_add(&argv, "--benchmark_list_tests=true");
    if (c->filter)
        sl_addf(&argv, "--benchmark_filter=%s", c->filter);
    strlist env;
    sl_init(&env);
    backend_env(&c->be.v[0], &env); /* the protocol of backends.h */
    proc_result pr;
    char *out = proc_capture(argv.v, env.v, NULL, 60, false, true, &pr);
    sl_free(&env);
    free(cpus);
    if (!out || pr.how != PROC_EXITED || pr.code != 0) {
        char *d = proc_describe(&pr, 60);
        warnx_("%s --benchmark_list_tests failed (%s); microbenchmarks not run", exe,
               out ? d : "no output");
        free(d);
        free(out);
        sl_free(&argv);
        free(c->bench_exe);
        c->bench_exe = NULL;
        return;
    }
    strlist names;
    sl_init(&names);
    parse_gbench_list(out, &names);
    free(out);
    sl_free(&argv);
    for (size_t b = 0; b < c->be.n; b++)
        for (size_t i = 0; i < names.n; i++) {
            char *name;
            int procs;
            bench_name_split(names.v[i], &name, &procs);
            if (procs == 0)
                procs = c->cpus[0];
            if (!want_cpu(c, procs) || (c->metric == METRIC_INSTRUCTIONS && procs != 1)) {
                free(name);
                continue;
            }
            add_cell(c, (plan_cell){.kind = K_BENCH,
                                    .backend = (int)b,
                                    .name = name,
                                    .filter = xstrdup(names.v[i]),
                                    .procs = procs});
        }
    sl_free(&names);
}

static bool has_suffix_files(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool found = false;
    size_t ls = strlen(suffix);
    while (!found && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > ls && !strcmp(e->d_name + l - ls, suffix))
            found = true;
    }
    closedir(d);
    return found;
}

static int go_tool(run_ctx *c, char **argv, const char *cwd, double timeout, const char *log)
{
    proc_spec sp = {.argv = argv,
                    .env = c->go_env.v,
                    .cwd = cwd,
                    .stdout_path = log,
                    .stderr_path = log,
                    .timeout_s = timeout};
    proc_result pr;
    if (proc_run(&sp, &pr) != 0)
        return -1;
    if (pr.how != PROC_EXITED || pr.code != 0) {
        char *d = proc_describe(&pr, timeout);
        warnx_("%s %s failed (%s); see %s", argv[0], argv[1], d, log);
        free(d);
        return -1;
    }
    return 0;
}

/* The Go benchmarks built by one Go compiler (ref "go": gc, `go test -c`;
 * "gccgo": `go test -compiler gccgo -c`) into raw/<ref>/gobench.test, and
 * one cell per benchmark x procs for that reference row. */
static void plan_go_bench(run_ctx *c, const char *ref)
{
    bool gccgo = !strcmp(ref, "gccgo");
    char *logdir = xasprintf("%s/raw/%s", c->tmp, ref);
    mkdir_p(logdir);
    char *exe = path_join(logdir, "gobench.test");
    char *log = path_join(logdir, "go-test-build.log");
    strlist argv;
    sl_init(&argv);
    sl_split(&argv, gccgo ? "go test -compiler gccgo -c -o" : "go test -c -o", " ");
    sl_add(&argv, exe);
    sl_add(&argv, ".");
    fprintf(stderr, "grbench: building the Go benchmarks with %s (go test%s -c in %s)\n",
            gccgo ? "gccgo" : "gc", gccgo ? " -compiler gccgo" : "", c->go_pkg);
    bool built = go_tool(c, argv.v, c->go_pkg, 600, log) == 0;
    sl_free(&argv);
    free(log);
    free(logdir);
    if (!built) {
        free(exe);
        return;
    }
    if (!gccgo)
        c->go_test_exe = xstrdup(exe); /* run_set.c removes it at the end */
    char *largv[] = {exe, "-test.list", "^Benchmark", NULL};
    char *out = proc_capture(largv, c->go_env.v, c->go_pkg, 60, false, false, NULL);
    strlist names;
    sl_init(&names);
    if (out)
        sl_split(&names, out, "\n");
    free(out);
    /* The C benchmark names selected by --filter, to select Go's alike. */
    strlist cnames;
    sl_init(&cnames);
    for (size_t i = 0; i < c->ncells; i++)
        if (c->cells[i].kind == K_BENCH) {
            char *top = xstrdup(c->cells[i].name);
            char *sl = strchr(top, '/');
            if (sl)
                *sl = 0;
            if (!sl_contains(&cnames, top))
                sl_add(&cnames, top);
            free(top);
        }
    size_t added = 0;
    for (size_t i = 0; i < names.n; i++) {
        if (!str_starts(names.v[i], "Benchmark"))
            continue;
        const char *base = names.v[i] + 9;
        if (c->filter && !sl_contains(&cnames, base))
            continue;
        for (size_t p = 0; p < c->ncpus; p++, added++)
            add_cell(c, (plan_cell){.kind = K_GOBENCH,
                                    .backend = -1,
                                    .ref = ref,
                                    .name = xstrdup(base),
                                    .filter = xstrdup(names.v[i]),
                                    .exe = xstrdup(exe),
                                    .procs = c->cpus[p]});
    }
    if (!added)
        unlink(exe);
    sl_free(&names);
    sl_free(&cnames);
    free(exe);
}

static void plan_go(run_ctx *c)
{
    char *go = which("go");
    if (!go) {
        warnx_("no `go` on PATH; the Go reference is not run");
        return;
    }
    free(go);
    char *mod = xasprintf("%s/suites/go", c->source);
    char *gomod = path_join(mod, "go.mod");
    if (!path_exists(gomod)) {
        warnx_("no %s; the Go reference is not run", gomod);
        free(gomod);
        free(mod);
        return;
    }
    free(gomod);
    c->go_mod = mod;
    /* Make go usable where HOME is unset (CI containers). */
    if (!getenv("GOCACHE") && !getenv("XDG_CACHE_HOME") && !getenv("HOME"))
        sl_addf(&c->go_env, "GOCACHE=%s/harness/go-cache", c->build);
    if (!getenv("GOPATH") && !getenv("HOME"))
        sl_addf(&c->go_env, "GOPATH=%s/harness/go-path", c->build);
    sl_add(&c->go_env, "GOFLAGS=-mod=mod");
    sl_add(&c->go_env, "GOTOOLCHAIN=local");
    /* The benchmark package: suites/go or its first subfolder with tests. */
    const char *cands[] = {"", "bench", "benchmarks"};
    for (size_t i = 0; i < 3 && !c->go_pkg; i++) {
        char *d = *cands[i] ? path_join(mod, cands[i]) : xstrdup(mod);
        if (has_suffix_files(d, "_test.go"))
            c->go_pkg = d;
        else
            free(d);
    }
    if (!c->go_pkg)
        return;
    plan_go_bench(c, "go");
    /* gccgo, the second reference row: a second real Go runtime (libgo). */
    char *gccgo = which("gccgo");
    if (gccgo)
        plan_go_bench(c, "gccgo");
    else
        fprintf(
            stderr,
            "grbench: gccgo is not installed (make deps); the gccgo reference row is not run\n");
    free(gccgo);
}

static bool wl_selected(const run_ctx *c, const char *name)
{
    if (!c->workloads)
        return true;
    strlist l;
    sl_init(&l);
    sl_split(&l, c->workloads, ",");
    bool r = sl_contains(&l, name);
    sl_free(&l);
    return r;
}

static char *wl_size(const run_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->sizes.n; i++) {
        const char *eq = strchr(c->sizes.v[i], '=');
        if (eq && (size_t)(eq - c->sizes.v[i]) == strlen(name) &&
            !strncmp(c->sizes.v[i], name, strlen(name)))
            return xstrdup(eq + 1);
    }
    const char *d = default_size(name, c->quick);
    return d ? xstrdup(d) : NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One cell per size x procs.  With a size, the cell (and its rows) are named
 * "workload/size", so sizes never mix; without one, just "workload". */
static void add_workload_cells(run_ctx *c, cell_kind kind, int backend, const char *ref,
                               const char *name, const char *dir)
{
    char *sizes = wl_size(c, name);
    strlist sl;
    sl_init(&sl);
    if (sizes)
        sl_split(&sl, sizes, ",");
    else
        sl_add(&sl, "");
    for (size_t k = 0; k < sl.n; k++)
        for (size_t p = 0; p < c->ncpus; p++) {
            char *exe = dir ? path_join(dir, name) : xasprintf("%s/raw/%s/%s", c->tmp, ref, name);
            char *full = *sl.v[k] ? xasprintf("%s/%s", name, sl.v[k]) : xstrdup(name);
            add_cell(c, (plan_cell){.kind = kind,
                                    .backend = backend,
                                    .ref = ref,
                                    .name = full,
                                    .exe = exe,
                                    .size = *sl.v[k] ? xstrdup(sl.v[k]) : NULL,
                                    .procs = c->cpus[p]});
        }
    sl_free(&sl);
    free(sizes);
}

/* The procs of the port-overhead pair: the gr skynet on boostfiber-ws
 * against Boost.Fiber's own skynet (suites/native) at 2 threads, the
 * comparison point of issue #14 (and of backends/boostfiber/README.md). */
#define PORT_PROCS 2

static int backend_index(const run_ctx *c, const char *label)
{
    for (size_t b = 0; b < c->be.n; b++)
        if (!strcmp(c->be.v[b].label, label))
            return (int)b;
    return -1;
}

static bool has_cell(const run_ctx *c, cell_kind kind, int backend, const char *name, int procs)
{
    for (size_t i = 0; i < c->ncells; i++)
        if (c->cells[i].kind == kind && c->cells[i].backend == backend &&
            c->cells[i].procs == procs && !strcmp(c->cells[i].name, name))
            return true;
    return false;
}

/* The native Boost.Fiber skynet (--algo ws, Boost's work_stealing) at
 * PORT_PROCS threads, one cell per skynet size of the run, when the run has
 * the skynet workload and a backend labelled boostfiber-ws; and the gr
 * side at PORT_PROCS too when --cpu does not have it. */
static void plan_native(run_ctx *c, const strlist *workloads, const char *wldir)
{
    int b = backend_index(c, "boostfiber-ws");
    if (b < 0 || !sl_contains(workloads, "skynet"))
        return;
    char *exe = xasprintf("%s/suites/native/skynet_boostfiber", c->build);
    if (!is_executable(exe)) {
        warnx_("no native Boost.Fiber skynet at %s; the port-overhead ratio is not measured", exe);
        free(exe);
        return;
    }
    char *sizes = wl_size(c, "skynet");
    strlist sl;
    sl_init(&sl);
    if (sizes)
        sl_split(&sl, sizes, ",");
    for (size_t k = 0; k < sl.n; k++) {
        char *full = xasprintf("skynet/%s", sl.v[k]);
        add_cell(c, (plan_cell){.kind = K_NATIVE,
                                .backend = b,
                                .name = xstrdup(full),
                                .exe = xstrdup(exe),
                                .size = xstrdup(sl.v[k]),
                                .procs = PORT_PROCS});
        if (!has_cell(c, K_WORKLOAD, b, full, PORT_PROCS))
            add_cell(c, (plan_cell){.kind = K_WORKLOAD,
                                    .backend = b,
                                    .name = xstrdup(full),
                                    .exe = path_join(wldir, "skynet"),
                                    .size = xstrdup(sl.v[k]),
                                    .procs = PORT_PROCS});
        free(full);
    }
    sl_free(&sl);
    free(sizes);
    free(exe);
}

/* Each backend's floor (suites/floors), by the design its label names:
 * the program that times the primitive that design switches with. */
static const char *floor_program(const char *label)
{
    static const struct {
        const char *label, *prog;
    } t[] = {
        {"ws", "floor_ws_switch"},
        {"ucontext", "floor_swapcontext"},
        {"pthread", "floor_futex"},
        {"boostfiber-ws", "floor_fcontext"},
        {"boostfiber-shared", "floor_fcontext"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].label, label))
            return t[i].prog;
    return NULL;
}

/* One floor cell per backend that has a PingPong cell at procs 1 (the
 * benchmark the floor divides) and a floor program built for its design.
 * Its rows: suite "floor", named by the primitive, ns per one-way switch. */
static void plan_floors(run_ctx *c)
{
    if (c->metric != METRIC_TIME)
        return;
    for (size_t b = 0; b < c->be.n; b++) {
        const char *prog = floor_program(c->be.v[b].label);
        if (!prog || !has_cell(c, K_BENCH, (int)b, "PingPong", 1))
            continue;
        char *exe = xasprintf("%s/suites/floors/%s", c->build, prog);
        if (!is_executable(exe)) {
            warnx_("no floor program at %s; %s has no floor in this run", exe, c->be.v[b].label);
            free(exe);
            continue;
        }
        add_cell(
            c,
            (plan_cell){
                .kind = K_FLOOR, .backend = (int)b, .name = xstrdup(prog), .exe = exe, .procs = 1});
    }
}

static void plan_workloads(run_ctx *c)
{
    if (c->workloads && !strcmp(c->workloads, "none"))
        return;
    char *dir = xasprintf("%s/suites/workloads", c->build);
    strlist names;
    sl_init(&names);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
                continue;
            char *p = path_join(dir, e->d_name);
            if (is_executable(p) && wl_selected(c, e->d_name))
                sl_add(&names, e->d_name);
            free(p);
        }
        closedir(d);
    }
    qsort(names.v, names.n, sizeof(char *), cmp_str);
    if (names.n == 0)
        warnx_("no workload binaries under %s; workloads not run", dir);
    for (size_t b = 0; b < c->be.n; b++)
        for (size_t i = 0; i < names.n; i++)
            add_workload_cells(c, K_WORKLOAD, (int)b, NULL, names.v[i], dir);
    /* Go's workloads: suites/go/workloads/<name>/, built once each by gc,
     * and by gccgo when it is installed. */
    if (c->go_mod) {
        char *gw = path_join(c->go_mod, "workloads");
        char *gccgo = which("gccgo");
        for (size_t i = 0; i < names.n; i++) {
            char *src = path_join(gw, names.v[i]);
            for (int g = 0; g < 2 && is_dir(src); g++) {
                const char *ref = g ? "gccgo" : "go";
                if (g && !gccgo)
                    break;
                char *exe = xasprintf("%s/raw/%s/%s", c->tmp, ref, names.v[i]);
                char *pkg = xasprintf("./workloads/%s", names.v[i]);
                char *log = xasprintf("%s/raw/%s/%s-build.log", c->tmp, ref, names.v[i]);
                char *dirp = xasprintf("%s/raw/%s", c->tmp, ref);
                mkdir_p(dirp);
                char *gargv[] = {"go", "build", "-compiler", "gccgo", "-o", exe, pkg, NULL};
                char *argv[] = {"go", "build", "-o", exe, pkg, NULL};
                if (go_tool(c, g ? gargv : argv, c->go_mod, 600, log) == 0)
                    add_workload_cells(c, K_GOWORKLOAD, -1, ref, names.v[i], NULL);
                free(exe);
                free(pkg);
                free(log);
                free(dirp);
            }
            free(src);
        }
        free(gccgo);
        free(gw);
    }
    plan_native(c, &names, dir);
    sl_free(&names);
    free(dir);
}

/* Cells that measure the same thing on different backends (or Go) share a
 * group: bench and gobench by name and procs, workloads likewise.  A floor
 * joins PingPong at procs 1 and a native program the workload it is the
 * reference of, so that each ratio's two sides run back to back. */
static bool is_wl(const plan_cell *p)
{
    return p->kind == K_WORKLOAD || p->kind == K_GOWORKLOAD || p->kind == K_NATIVE;
}
static const char *group_name(const plan_cell *p)
{
    return p->kind == K_FLOOR ? "PingPong" : p->name;
}

static void assign_groups(run_ctx *c)
{
    c->ngroups = 0;
    for (size_t i = 0; i < c->ncells; i++) {
        plan_cell *p = &c->cells[i];
        p->group = -1;
        for (size_t j = 0; j < i && p->group < 0; j++) {
            const plan_cell *q = &c->cells[j];
            if (is_wl(p) == is_wl(q) && q->procs == p->procs &&
                !strcmp(group_name(q), group_name(p)))
                p->group = q->group;
        }
        if (p->group < 0)
            p->group = c->ngroups++;
    }
}

static void estimate(run_ctx *c)
{
    for (size_t i = 0; i < c->ncells; i++) {
        plan_cell *p = &c->cells[i];
        switch (p->kind) {
        case K_BENCH:
            p->estimate = c->metric == METRIC_INSTRUCTIONS ? 3.0 : c->min_time * 2.0 + 0.1;
            break;
        case K_GOBENCH:
            p->estimate = c->min_time * 2.5 + 0.2;
            break;
        case K_FLOOR:
            p->estimate = c->min_time + 0.05;
            break;
        default:
            p->estimate =
                (c->quick ? 0.1 : 1.0) * (1.0 + (double)c->mem_runs / (double)c->reps) + 0.1;
            break;
        }
    }
}

void run_plan(run_ctx *c)
{
    if (!c->min_time_set)
        c->min_time = 0.5; /* provisional, for planning */
    plan_bench(c);
    if (c->go)
        plan_go(c);
    plan_workloads(c);
    plan_floors(c);
    if (!c->min_time_set) {
        /* Give the microbenchmarks ~60% of the budget; each repetition is a
         * process (~0.05 s to start) that spends about 2x min time. */
        size_t nb = 0;
        for (size_t i = 0; i < c->ncells; i++)
            if (c->cells[i].kind == K_BENCH || c->cells[i].kind == K_GOBENCH)
                nb++;
        double per = nb ? c->budget * 0.6 / ((double)nb * (double)c->reps) : 1.0;
        double mt = (per - 0.05) / 2.2;
        c->min_time = mt < 0.01 ? 0.01 : mt > 0.5 ? 0.5 : mt;
        c->min_time = floor(c->min_time * 1000) / 1000;
    }
    assign_groups(c);
    estimate(c);
}

static void shuffle(size_t *v, size_t n, uint64_t *s)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(splitmix64(s) % i);
        size_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

size_t *run_round_order(const run_ctx *c, long round)
{
    uint64_t s = c->seed ^ ((uint64_t)(round + 1) * 0xd1342543de82ef95ull);
    size_t ng = (size_t)c->ngroups, n = c->ncells ? c->ncells : 1;
    size_t *groups = xmalloc((ng ? ng : 1) * sizeof(size_t));
    for (size_t g = 0; g < ng; g++)
        groups[g] = g;
    shuffle(groups, ng, &s);
    size_t *order = xmalloc(n * sizeof(size_t)), *members = xmalloc(n * sizeof(size_t)), k = 0;
    for (size_t g = 0; g < ng; g++) {
        size_t m = 0;
        for (size_t i = 0; i < c->ncells; i++)
            if ((size_t)c->cells[i].group == groups[g])
                members[m++] = i;
        shuffle(members, m, &s);
        for (size_t i = 0; i < m; i++)
            order[k++] = members[i];
    }
    free(members);
    free(groups);
    return order;
}
