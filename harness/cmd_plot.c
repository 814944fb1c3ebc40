/* cmd_plot.c — `grbench plot`: the figures of one result set, with gnuplot.
 *   bench-<family>.png/svg   grouped bars: benchmark x (backend, procs), Go beside
 *   scaling.png/svg          ns/op against procs, one panel per benchmark
 *   workloads-time.png/svg   workload wall time per backend (and Go)
 *   workloads-memory.png/svg workload peak RSS per backend (and Go)
 *   history.png/svg          median ns/op across the result sets in results/
 * Invariants: figures are drawn in <set>/.tmp-plots-<pid>/ and replace
 * <set>/plots/ in one rename; the measurements of the set are only read. */
#define _GNU_SOURCE
#include "atomicio.h"
#include "cmds.h"
#include "families.h"
#include "gnuplot.h"
#include "resultset.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char plot_usage[] =
    "usage: grbench plot [OPTIONS] [SET]\n"
    "\n"
    "Draws the plots of result set SET (a directory, a run id, or \"latest\",\n"
    "the default) into SET/plots/, as PNG and SVG, with gnuplot:\n"
    "  bench-<family>   per benchmark, bars of backend x procs with Go beside them\n"
    "  scaling          ns/op from procs 1 to 4, one panel per benchmark\n"
    "  workloads-time   workload wall time per backend; workloads-memory: peak RSS\n"
    "  history          median ns/op of each benchmark across the result sets\n"
    "Values are medians over the repetitions; a log axis is used where values\n"
    "span more than a factor of 30.\n"
    "\n"
    "  --results-dir DIR    the result sets for the history (default: <source>/results)\n"
    "  --history N          at most the N newest sets in the history (default 20)\n";

/* The axes of one suite's figures: its names, the set's backends (the
 * reference rows last) with one colour each, and its procs values. */
typedef struct {
    strlist names, be, colors;
    int *procs;
    size_t np;
} axes;

static void axes_init(axes *a, const resultset *rs, const char *suite)
{
    sl_init(&a->names);
    sl_init(&a->be);
    sl_init(&a->colors);
    rows_names(&rs->data, suite, &a->names);
    rows_backends(&rs->data, &a->be);
    a->procs = rows_procs(&rs->data, &a->np);
    size_t nb = 0;
    for (size_t b = 0; b < a->be.n; b++) {
        bool go = !strcmp(a->be.v[b], "go");
        char *c = gp_color(go ? 0 : nb++, go, 1, 1);
        sl_add(&a->colors, c);
        free(c);
    }
}

static void axes_free(axes *a)
{
    sl_free(&a->names);
    sl_free(&a->be);
    sl_free(&a->colors);
    free(a->procs);
}

typedef struct {
    strlist labels, colors;
    strlist backend;
    int *procs;
    size_t n;
} series_set;

/* One series per backend and procs value of ax that has rows in the suite. */
static void series_build(series_set *ss, const axes *ax, const rowvec *rows, const char *suite)
{
    const strlist *be = &ax->be;
    size_t np = ax->np;
    const int *procs = ax->procs;
    sl_init(&ss->labels);
    sl_init(&ss->colors);
    sl_init(&ss->backend);
    ss->procs = xcalloc(be->n * np + 1, sizeof(int));
    ss->n = 0;
    size_t nb = 0;
    for (size_t b = 0; b < be->n; b++) {
        bool go = !strcmp(be->v[b], "go");
        for (size_t p = 0; p < np; p++) {
            size_t n;
            double *v = rows_values(rows, suite, NULL, be->v[b], procs[p], NULL, &n);
            free(v);
            if (!n)
                continue;
            sl_addf(&ss->labels, "%s procs=%d", be->v[b], procs[p]);
            char *c = gp_color(nb, go, p, np);
            sl_add(&ss->colors, c);
            free(c);
            sl_add(&ss->backend, be->v[b]);
            ss->procs[ss->n++] = procs[p];
        }
        if (!go)
            nb++;
    }
}

static void series_free(series_set *ss)
{
    sl_free(&ss->labels);
    sl_free(&ss->colors);
    sl_free(&ss->backend);
    free(ss->procs);
}

static int report_rc(int rc, const char *what, strlist *made)
{
    if (rc == 0)
        sl_add(made, what);
    return rc < 0 ? -1 : 0;
}

/* Median, min and max of one series, scaled; NAN when it is empty. */
static void spread(const rowvec *d, const char *suite, const char *name, const char *backend,
                   int procs, const char *metric, double scale, double *med, double *lo, double *hi)
{
    size_t n;
    double *v = rows_values(d, suite, name, backend, procs, metric, &n);
    *med = median(v, n) * scale; /* sorts v */
    *lo = n ? v[0] * scale : NAN;
    *hi = n ? v[n - 1] * scale : NAN;
    free(v);
}

static int plot_bench(const resultset *rs, const char *dir, strlist *made)
{
    axes ax;
    axes_init(&ax, rs, "bench");
    const strlist *names = &ax.names;
    series_set ss;
    series_build(&ss, &ax, &rs->data, "bench");
    int rc = 0;
    for (size_t fi = 0; fi < nfamilies; fi++) {
        strlist rows;
        sl_init(&rows);
        family_members(&families[fi], names, &rows);
        if (rows.n == 0) {
            sl_free(&rows);
            continue;
        }
        size_t nv = rows.n * ss.n;
        double *v = xmalloc(nv * sizeof(double)), *lo = xmalloc(nv * sizeof(double)),
               *hi = xmalloc(nv * sizeof(double));
        for (size_t r = 0; r < rows.n; r++)
            for (size_t k = 0; k < ss.n; k++)
                spread(&rs->data, "bench", rows.v[r], ss.backend.v[k], ss.procs[k], "time", 1,
                       &v[r * ss.n + k], &lo[r * ss.n + k], &hi[r * ss.n + k]);
        char *stem = xasprintf("bench-%s", families[fi].id);
        char *title = xasprintf(
            "%s\nns/op, median of the repetitions, whiskers min-max (lower is better) — result set %s",
            families[fi].title, rs->id);
        gp_bars_spec s = {dir,         stem, title,  "ns per operation",
                          rows.n,      ss.n, rows.v, ss.labels.v,
                          ss.colors.v, v,    lo,     hi};
        if (report_rc(gp_bars(&s), stem, made) != 0)
            rc = -1;
        free(stem);
        free(title);
        free(v);
        free(lo);
        free(hi);
        sl_free(&rows);
    }
    series_free(&ss);
    axes_free(&ax);
    return rc;
}

static int plot_scaling(const resultset *rs, const char *dir, strlist *made)
{
    axes ax;
    axes_init(&ax, rs, "bench");
    size_t np = ax.np;
    int rc = 0;
    if (ax.names.n && np >= 2) {
        double *x = xmalloc(np * sizeof(double));
        for (size_t i = 0; i < np; i++)
            x[i] = ax.procs[i];
        double *v = xmalloc(ax.names.n * ax.be.n * np * sizeof(double));
        for (size_t p = 0; p < ax.names.n; p++)
            for (size_t k = 0; k < ax.be.n; k++)
                for (size_t i = 0; i < np; i++)
                    v[(p * ax.be.n + k) * np + i] = rows_median(&rs->data, "bench", ax.names.v[p],
                                                                ax.be.v[k], ax.procs[i], "time");
        char *title = xasprintf(
            "Scaling: ns/op against procs (GOMAXPROCS), median of the repetitions — flat is good, down is better — result set %s",
            rs->id);
        gp_grid_spec s = {
            dir,        "scaling", title, "procs",    "ns/op", "lower is better; 2-core machine",
            ax.names.n, ax.be.n,   np,    ax.names.v, ax.be.v, ax.colors.v,
            x,          NULL,      v,     1};
        rc = report_rc(gp_grid(&s), "scaling", made);
        free(title);
        free(v);
        free(x);
    }
    axes_free(&ax);
    return rc;
}

static int plot_workloads(const resultset *rs, const char *dir, strlist *made)
{
    axes ax;
    axes_init(&ax, rs, "workload");
    if (!ax.names.n) {
        axes_free(&ax);
        return 0;
    }
    const strlist *names = &ax.names, *be = &ax.be;
    const int *procs = ax.procs;
    size_t np = ax.np;
    strlist rows;
    sl_init(&rows);
    strlist rname;
    sl_init(&rname);
    int *rproc = xcalloc(names->n * np + 1, sizeof(int));
    for (size_t i = 0; i < names->n; i++)
        for (size_t p = 0; p < np; p++) {
            size_t n;
            double *t = rows_values(&rs->data, "workload", names->v[i], NULL, procs[p], NULL, &n);
            free(t);
            if (!n)
                continue;
            rproc[rows.n] = procs[p];
            sl_add(&rname, names->v[i]);
            sl_addf(&rows, "%s procs=%d", names->v[i], procs[p]);
        }
    /* Two figures over the same rows: wall time in ms, peak RSS in MiB. */
    static const struct {
        const char *stem, *metric, *title, *ylabel;
        double scale;
    } fig[] = {
        {"workloads-time", "wall",
         "Workloads: wall time\nmedian of the hyperfine runs, whiskers min-max (lower is better)",
         "milliseconds per run", 1000.0},
        {"workloads-memory", "peak_rss",
         "Workloads: peak resident memory\nmedian of separate runs measured with wait4(), whiskers min-max (lower is better)",
         "peak resident memory, MiB", 1.0 / 1024.0},
    };
    size_t nv = rows.n * be->n + 1;
    int rc = 0;
    for (size_t fi = 0; fi < sizeof fig / sizeof fig[0]; fi++) {
        double *v = xmalloc(nv * sizeof(double)), *lo = xmalloc(nv * sizeof(double)),
               *hi = xmalloc(nv * sizeof(double));
        for (size_t r = 0; r < rows.n; r++)
            for (size_t k = 0; k < be->n; k++) {
                size_t i = r * be->n + k;
                spread(&rs->data, "workload", rname.v[r], be->v[k], rproc[r], fig[fi].metric,
                       fig[fi].scale, &v[i], &lo[i], &hi[i]);
            }
        char *title = xasprintf("%s — result set %s", fig[fi].title, rs->id);
        gp_bars_spec s = {
            dir, fig[fi].stem, title, fig[fi].ylabel, rows.n, be->n, rows.v, be->v, ax.colors.v,
            v,   lo,           hi};
        if (report_rc(gp_bars(&s), fig[fi].stem, made) != 0)
            rc = -1;
        free(title);
        free(v);
        free(lo);
        free(hi);
    }
    free(rproc);
    sl_free(&rows);
    sl_free(&rname);
    axes_free(&ax);
    return rc;
}

static int plot_history(const resultset *rs, const char *results_dir, long max_sets,
                        const char *dir, strlist *made)
{
    strlist paths;
    sl_init(&paths);
    if (is_dir(results_dir))
        resultset_list(results_dir, &paths);
    /* Make sure this set is in the history, last if it is not listed. */
    bool found = false;
    for (size_t i = 0; i < paths.n; i++) {
        char *a = abs_path(paths.v[i]);
        if (!strcmp(a, rs->dir))
            found = true;
        free(a);
    }
    if (!found)
        sl_add(&paths, rs->dir);
    size_t first = paths.n > (size_t)max_sets ? paths.n - (size_t)max_sets : 0;
    size_t ns = paths.n - first;
    resultset *sets = xcalloc(ns, sizeof(resultset));
    bool *ok = xcalloc(ns, sizeof(bool));
    for (size_t i = 0; i < ns; i++) {
        char *a = abs_path(paths.v[first + i]);
        if (!strcmp(a, rs->dir))
            ok[i] = false; /* use rs itself below */
        else if (resultset_load(&sets[i], paths.v[first + i]) == 0)
            ok[i] = true;
        else
            warnx_("history: skipping %s", paths.v[first + i]);
        free(a);
    }
    axes ax;
    axes_init(&ax, rs, "bench");
    const strlist *names = &ax.names;
    series_set ss;
    series_build(&ss, &ax, &rs->data, "bench");
    double *x = xmalloc(ns * sizeof(double));
    strlist xl;
    sl_init(&xl);
    sbuf note;
    sb_init(&note);
    sb_add(&note, "");
    for (size_t i = 0; i < ns; i++) {
        x[i] = (double)(i + 1);
        sl_addf(&xl, "%zu", i + 1);
        const char *p = paths.v[first + i], *b = strrchr(p, '/');
        if (ns <= 8)
            sb_printf(&note, "%zu = %s\n", i + 1, b ? b + 1 : p);
    }
    double *v = xmalloc((names->n * ss.n * ns + 1) * sizeof(double));
    for (size_t p = 0; p < names->n; p++)
        for (size_t k = 0; k < ss.n; k++)
            for (size_t i = 0; i < ns; i++) {
                char *a = abs_path(paths.v[first + i]);
                const rowvec *d = !strcmp(a, rs->dir) ? &rs->data : ok[i] ? &sets[i].data : NULL;
                free(a);
                v[(p * ss.n + k) * ns + i] =
                    d ? rows_median(d, "bench", names->v[p], ss.backend.v[k], ss.procs[k], "time")
                      : NAN;
            }
    int rc = 0;
    if (names->n) {
        char *title = xasprintf(
            "History: median ns/op of each benchmark across %zu result set%s (oldest left)", ns,
            ns == 1 ? "" : "s");
        gp_grid_spec s = {dir,         "history",
                          title,       "result set",
                          "ns/op",     note.len ? note.s : NULL,
                          names->n,    ss.n,
                          ns,          names->v,
                          ss.labels.v, ss.colors.v,
                          x,           xl.v,
                          v,           0};
        rc = report_rc(gp_grid(&s), "history", made);
        free(title);
    }
    for (size_t i = 0; i < ns; i++)
        if (ok[i])
            resultset_free(&sets[i]);
    free(sets);
    free(ok);
    free(x);
    free(v);
    sb_free(&note);
    sl_free(&xl);
    series_free(&ss);
    axes_free(&ax);
    sl_free(&paths);
    return rc;
}

int cmd_plot(int argc, char **argv)
{
    const char *results = NULL;
    long max_sets = 20;
    static const struct option opts[] = {
        {"results-dir", required_argument, 0, 'R'},
        {"history", required_argument, 0, 'H'},
        CMD_OPT_HELP,
    };
    const cmd_bind binds[] = {{'R', .str = &results}, {'H', .count = &max_sets, .min = 1}, {0}};
    cmd_args args = cmd_args_of("plot", plot_usage, opts, binds, argc, argv);
    args.operands = (cmd_operands){0, 1, "at most one result set"};
    if (cmd_parse(&args) >= 0)
        return args.status;
    char *gp = which("gnuplot");
    if (!gp) {
        err("gnuplot is not installed (Debian: gnuplot-nox; `make deps`)");
        return 2;
    }
    free(gp);
    resultset rs;
    if (load_sets(&rs, 1, optind < argc ? argv + optind : NULL, results) != 0)
        return 2;
    if (rs.data.n == 0) {
        err("%s: the result set has no measurements (empty combined.csv); nothing to plot", rs.dir);
        resultset_free(&rs);
        return 2;
    }
    char *tmp = dir_begin(rs.dir, "plots");
    if (!tmp) {
        resultset_free(&rs);
        return 2;
    }
    char *rdir = results ? xstrdup(results) : default_results_dir(); /* the history's sets */
    strlist made;
    sl_init(&made);
    int rc = plot_bench(&rs, tmp, &made);
    rc |= plot_scaling(&rs, tmp, &made);
    rc |= plot_workloads(&rs, tmp, &made);
    rc |= plot_history(&rs, rdir, max_sets, tmp, &made);
    char *final = path_join(rs.dir, "plots");
    int status = 0;
    if (made.n == 0) {
        err("no figure could be drawn from %s", rs.dir);
        rm_rf(tmp);
        status = 2;
    } else if (dir_replace(tmp, final) != 0) {
        rm_rf(tmp);
        status = 2;
    } else {
        for (size_t i = 0; i < made.n; i++)
            printf("%s/%s.png  %s/%s.svg\n", final, made.v[i], final, made.v[i]);
        printf("%zu figures in %s%s\n", made.n, final,
               rc ? " (some figures failed, see above)" : "");
        if (rc)
            status = 1;
    }
    free(final);
    free(tmp);
    sl_free(&made);
    resultset_free(&rs);
    free(rdir);
    return status;
}
