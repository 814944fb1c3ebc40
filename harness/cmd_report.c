/* cmd_report.c — `grbench report`: REPORT.md from one result set.
 * Sections: machine fingerprint; how it was measured; cells that did not
 * complete; conformance matrix and leak check; one table per benchmark
 * family (ns/op and the ratio to Go at the same procs); workloads; the plots;
 * "What stands out", computed from the data (nothing in it is typed in by
 * hand); and the sections of report_*.c ("The guide's questions, measured"
 * in report_questions.c).
 * Invariants: reads the set only; REPORT.md is replaced atomically; image
 * links are relative to REPORT.md's folder. */
#define _GNU_SOURCE
#include "atomicio.h"
#include "canary.h"
#include "cmds.h"
#include "conf_summary.h"
#include "families.h"
#include "markdown.h"
#include "paired.h"
#include "pairs.h"
#include "report.h"
#include "report_floors.h"
#include "report_memory.h"
#include "report_preempt.h"
#include "report_questions.h"
#include "report_reliability.h"
#include "report_runtimes.h"
#include "resultset.h"
#include "util.h"

#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char report_usage[] =
    "usage: grbench report [OPTIONS] [SET]\n"
    "\n"
    "Writes REPORT.md from result set SET (a directory, a run id, or \"latest\",\n"
    "the default): the machine, the conformance matrix, a table per benchmark\n"
    "family in ns/op with the ratio to Go, the workloads, the plots of\n"
    "`grbench plot`, a generated \"what stands out\" section and the Go guide's\n"
    "five challenge questions answered with this run's numbers.\n"
    "\n"
    "  --out PATH           where to write (default: <source>/REPORT.md)\n"
    "  --results-dir DIR    where run ids are looked up (default: <source>/results)\n"
    "  --reliability FILE   embed the reliability.json of `make check-all`\n";

double rep_med(const rep *r, const char *suite, const char *name, const char *backend, int procs,
               const char *metric)
{
    return rows_median(&r->rs->data, suite, name, backend, procs, metric);
}

char *rep_fns(double v)
{
    if (!isfinite(v))
        return xstrdup("–");
    if (v < 10)
        return xasprintf("%.2f", v);
    if (v < 100)
        return xasprintf("%.1f", v);
    return xasprintf("%.0f", v);
}

static char *fratio(double v)
{
    if (!isfinite(v))
        return xstrdup("");
    return xasprintf("%.2f×", v);
}

char *rep_fbytes(double b)
{
    if (!isfinite(b))
        return xstrdup("–");
    if (fabs(b) < 10 * 1024)
        return xasprintf("%.0f B", b);
    if (fabs(b) < 1024 * 1024)
        return xasprintf("%.1f KiB", b / 1024);
    if (fabs(b) < 1024.0 * 1024 * 1024)
        return xasprintf("%.1f MiB", b / (1024 * 1024));
    return xasprintf("%.2f GiB", b / (1024.0 * 1024 * 1024));
}

/* A relative path from directory `from` to `to` (both absolute). */
static char *relpath(const char *from, const char *to)
{
    strlist a, b;
    sl_init(&a);
    sl_init(&b);
    sl_split(&a, from, "/");
    sl_split(&b, to, "/");
    size_t i = 0;
    while (i < a.n && i < b.n && !strcmp(a.v[i], b.v[i]))
        i++;
    sbuf s;
    sb_init(&s);
    sb_add(&s, "");
    for (size_t k = i; k < a.n; k++)
        sb_add(&s, "../");
    for (size_t k = i; k < b.n; k++) {
        sb_add(&s, b.v[k]);
        if (k + 1 < b.n)
            sb_add(&s, "/");
    }
    sl_free(&a);
    sl_free(&b);
    return sb_steal(&s);
}

static void image(rep *r, const char *stem, const char *alt)
{
    if (!r->plots_rel)
        return;
    char *png = xasprintf("%s/plots/%s.png", r->rs->dir, stem);
    if (path_exists(png))
        fprintf(r->f, "\n![%s](%s/%s.png)\n", alt, r->plots_rel, stem);
    free(png);
}

char *rep_fci(const rep *r, const char *suite, const char *metric, const char *na, const char *ba,
              int pa, const char *nb, const char *bb, int pb)
{
    series_key ka = {suite, na, ba, metric, pa}, kb = {suite, nb, bb, metric, pb};
    ratio_est e;
    if (!ratio_ci_k(&r->rs->data, r->interleaved, &ka, &kb, &e))
        return xstrdup("");
    return xasprintf(" [%.2f, %.2f]", e.lo, e.hi);
}

/* The value of one series in one round, or NAN. */
static double at_round(const rep *r, const char *name, const char *backend, int procs, int round)
{
    for (size_t i = 0; i < r->rs->data.n; i++) {
        const row *x = &r->rs->data.v[i];
        if (x->rep == round && x->procs == procs && !strcmp(x->suite, "bench") &&
            !strcmp(x->metric, "time") && !strcmp(x->name, name) && !strcmp(x->backend, backend))
            return x->value;
    }
    return NAN;
}

/* " [lo, hi]" for the geometric mean over `names` of backend/Go at procs:
 * one geometric mean per round that has every benchmark on both sides, and
 * the Hodges–Lehmann interval over those rounds; "" when not interleaved. */
static char *fgeo_ci(const rep *r, const char *backend, int procs, const strlist *names)
{
    if (!r->interleaved || !names->n)
        return xstrdup("");
    int maxrep = -1;
    for (size_t i = 0; i < r->rs->data.n; i++)
        if (r->rs->data.v[i].rep > maxrep)
            maxrep = r->rs->data.v[i].rep;
    double *g = xmalloc(((size_t)maxrep + 2) * sizeof(double));
    size_t ng = 0;
    for (int k = 0; k <= maxrep; k++) {
        double sum = 0;
        size_t cnt = 0;
        for (size_t i = 0; i < names->n; i++) {
            double a = at_round(r, names->v[i], "go", procs, k),
                   b = at_round(r, names->v[i], backend, procs, k);
            if (a > 0 && b > 0) {
                sum += log(b / a);
                cnt++;
            }
        }
        if (cnt == names->n)
            g[ng++] = sum / (double)cnt;
    }
    double est, lo, hi, conf;
    char *s = ng && hodges_lehmann(g, ng, 0.05, &est, &lo, &hi, &conf)
                  ? xasprintf(" [%.2f, %.2f]", exp(lo), exp(hi))
                  : xstrdup("");
    free(g);
    return s;
}

static void sec_machine(rep *r)
{
    FILE *f = r->f;
    const resultset *rs = r->rs;
    fprintf(f, "## Machine\n\n| | |\n|---|---|\n");
    static const char *keys[][2] = {
        {"cpu_model", "CPU"},
        {"cores_online", "cores online"},
        {"memory", "memory"},
        {"kernel", "kernel"},
        {"compiler", "compiler"},
        {"allocator", "allocator"},
        {"buildtype", "build type"},
        {"sanitize", "sanitizers"},
        {"git_revision", "git revision"},
        {"go_version", "Go"},
        {"hyperfine", "hyperfine"},
        {"gnuplot", "gnuplot"},
        {"started", "run started"},
        {"finished", "run finished"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = fp_str(rs, keys[i][0]);
        if (*v)
            fprintf(f, "| %s | %s |\n", keys[i][1], v);
    }
    json_t *cfg = rs->fp ? json_object_get(rs->fp, "config") : NULL;
    if (cfg) {
        json_t *x;
        if ((x = json_object_get(cfg, "cpu")))
            fprintf(f, "| procs (-cpu) | %s |\n", json_string_value(x));
        if ((x = json_object_get(cfg, "repetitions")))
            fprintf(f, "| repetitions | %lld |\n", (long long)json_integer_value(x));
        if ((x = json_object_get(cfg, "min_time_s")))
            fprintf(f, "| time per repetition | %.3g s |\n", json_number_value(x));
        if ((x = json_object_get(cfg, "duration_s"))) {
            char *d = fmt_duration(json_number_value(x));
            fprintf(f, "| run took | %s |\n", d);
            free(d);
        }
        if ((x = json_object_get(cfg, "quick")) && json_is_true(x))
            fprintf(
                f,
                "| mode | **QUICK smoke run** (short times, tiny sizes: not for conclusions) |\n");
        if (json_is_true(json_object_get(rs->fp, "interrupted")))
            fprintf(f, "| completeness | **interrupted**: a partial run |\n");
        fprintf(f, "| repetitions interleaved | %s |\n",
                json_is_true(json_object_get(cfg, "interleaved"))
                    ? "yes: round by round, in a seeded random order (`order.csv`)"
                    : "no (a set from before interleaved runs: ratios are unpaired)");
        if ((x = json_object_get(cfg, "seed")))
            fprintf(f, "| order seed | %lld |\n", (long long)json_integer_value(x));
    }
    json_t *n = rs->fp ? json_object_get(rs->fp, "noise") : NULL;
    if (n) {
        json_t *x;
        if ((x = json_object_get(n, "canary_spread")))
            fprintf(f, "| noise canary: drift start/middle/end | %.1f%% |\n",
                    json_number_value(x) * 100);
        if ((x = json_object_get(n, "steal_fraction")) && json_is_number(x))
            fprintf(f, "| steal time during the run | %.2f%% |\n", json_number_value(x) * 100);
        json_t *la = json_object_get(n, "loadavg_start"), *le = json_object_get(n, "loadavg_end");
        if (json_is_array(la) && json_is_array(le))
            fprintf(f, "| load average (1 min) at start / end | %.2f / %.2f |\n",
                    json_number_value(json_array_get(la, 0)),
                    json_number_value(json_array_get(le, 0)));
        if ((x = json_object_get(n, "governor")) && json_is_string(x))
            fprintf(f, "| CPU governor | %s |\n", json_string_value(x));
        if ((x = json_object_get(n, "smt_active")) && json_is_string(x))
            fprintf(f, "| SMT active | %s |\n", json_string_value(x));
    }
    fprintf(f, "\n");
    char *why;
    if (noise_is_noisy(rs->fp, &why))
        fprintf(
            f,
            "> **Warning: this run was noisy** (%s). Differences smaller than the confidence intervals below, "
            "and any conclusion that rests on one of them, are not supported by this run.\n\n",
            why);
    free(why);
}

static void sec_method(rep *r)
{
    FILE *f = r->f;
    fprintf(
        f,
        "## How this was measured\n\n"
        "- **ns/op** is the median over the repetitions of Google Benchmark's `real_time` per iteration "
        "(Go: `go test -bench` ns/op, one `-count` per repetition). Each benchmark × backend × procs runs in its own process.\n"
        "- **×Go** is the backend's median divided by Go's median at the same procs: below 1.00× the backend is faster than Go. "
        "In brackets, its 95%% confidence interval: a Hodges–Lehmann interval over the rounds' pairs of the "
        "backend's and Go's value, which an interleaved run measures seconds apart (for a set that was not interleaved, "
        "the middle 95%% of all cross ratios, a rough interval).\n"
        "- **procs** is `gr_config.procs`, the meaning of Go's `-cpu` / GOMAXPROCS. ");
    const char *cores = fp_str(r->rs, "cores_online");
    if (*cores)
        fprintf(f, "This machine has %s cores online, so procs above %s oversubscribes it.\n",
                cores, cores);
    else
        fprintf(f, "\n");
    fprintf(
        f,
        "- **Workloads** are timed by hyperfine (median wall time of its runs, after warm-up). "
        "Peak memory is wait4()'s `ru_maxrss` of separate runs of the same command (hyperfine 1.15 does not record memory).\n"
        "- The machine is a shared VM: compare rows of the same run, not absolute numbers across machines.\n\n");
}

static void sec_cells(rep *r)
{
    FILE *f = r->f;
    const cellvec *c = &r->rs->cells;
    size_t bad = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].status != CELL_OK)
            bad++;
    fprintf(f, "## Matrix cells\n\n");
    if (c->n == 0) {
        fprintf(f, "No cell record in this set.\n\n");
        return;
    }
    if (bad == 0) {
        fprintf(f, "All %zu cells completed.\n\n", c->n);
        return;
    }
    fprintf(
        f,
        "%zu of %zu cells completed; these did not (their output is kept in the result set):\n\n",
        c->n - bad, c->n);
    fprintf(f, "| kind | backend | name | procs | status | detail |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < c->n; i++) {
        const cell *x = &c->v[i];
        if (x->status == CELL_OK)
            continue;
        char d[161];
        snprintf(d, sizeof d, "%s", x->detail);
        for (char *p = d; *p; p++)
            if (*p == '|')
                *p = '/';
        fprintf(f, "| %s | %s | %s | %d | %s | %s |\n", x->kind, x->backend, x->name, x->procs,
                cell_status_name[x->status], d);
    }
    fprintf(f, "\n");
}

/* How the report names a clause's aggregate (clause_status). */
static const char *clause_name(int st)
{
    return st == CLAUSE_NOT_RUN ? "–" : test_status_name[st];
}

static void sec_conformance(rep *r)
{
    FILE *f = r->f;
    const resultset *rs = r->rs;
    fprintf(f, "## Conformance\n\n");
    if (!rs->has_conf) {
        fprintf(f, "This result set has no conformance run (`grbench conformance` adds one).\n\n");
        return;
    }
    strlist be, clauses;
    sl_init(&be);
    sl_init(&clauses);
    for (size_t i = 0; i < rs->conf.n; i++) {
        if (!sl_contains(&be, rs->conf.v[i].backend))
            sl_add(&be, rs->conf.v[i].backend);
        if (!sl_contains(&clauses, rs->conf.v[i].clause))
            sl_add(&clauses, rs->conf.v[i].clause);
    }
    fprintf(
        f,
        "| backend | tests passed | failed | skipped | clauses failed |\n|---|---|---|---|---|\n");
    for (size_t b = 0; b < be.n; b++) {
        test_counts n = conf_count(&rs->conf, 0, be.v[b]);
        size_t cf = 0;
        for (size_t c = 0; c < clauses.n; c++) {
            const char *rr;
            if (clause_status(&rs->conf, be.v[b], clauses.v[c], &rr) == TEST_FAIL)
                cf++;
        }
        fprintf(f, "| %s | %zu | %zu | %zu | %zu of %zu |\n", be.v[b], n.pass, n.fail, n.skip, cf,
                clauses.n);
    }
    fprintf(f, "\n<details><summary>The backend × clause matrix (%zu clauses)</summary>\n\n",
            clauses.n);
    md_table_head(f, "| clause |", "|---|", &be, "---|");
    for (size_t c = 0; c < clauses.n; c++) {
        fprintf(f, "| %s |", clauses.v[c]);
        for (size_t b = 0; b < be.n; b++) {
            const char *reason;
            int st = clause_status(&rs->conf, be.v[b], clauses.v[c], &reason);
            char rbuf[121];
            snprintf(rbuf, sizeof rbuf, "%s", reason);
            for (char *p = rbuf; *p; p++)
                if (*p == '|' || *p == '\n')
                    *p = '/';
            if (st == TEST_FAIL)
                fprintf(f, " **FAIL**%s%s |", *rbuf ? ": " : "", rbuf);
            else if (st == TEST_SKIP)
                fprintf(f, " skip%s%s |", *rbuf ? ": " : "", rbuf);
            else
                fprintf(f, " %s |", clause_name(st));
        }
        fprintf(f, "\n");
    }
    fprintf(f, "\n</details>\n\n");
    sl_free(&be);
    sl_free(&clauses);
}

static void sec_family_tables(rep *r)
{
    FILE *f = r->f;
    fprintf(
        f,
        "## Microbenchmarks\n\nns/op (median), and in brackets the ratio to Go at the same procs with its 95%% confidence interval. "
        "The plots' whiskers span the fastest and the slowest repetition.\n\n");
    if (!r->bench.n) {
        fprintf(f, "No microbenchmark results in this set.\n\n");
        return;
    }
    strlist cols; /* the backends, Go as "Go" */
    sl_init(&cols);
    for (size_t b = 0; b < r->backends.n; b++)
        sl_add(&cols, strcmp(r->backends.v[b], "go") ? r->backends.v[b] : "Go");
    for (size_t fi = 0; fi < nfamilies; fi++) {
        strlist rows;
        sl_init(&rows);
        family_members(&families[fi], &r->bench, &rows);
        if (!rows.n) {
            sl_free(&rows);
            continue;
        }
        fprintf(f, "### %s\n\n", families[fi].title);
        md_table_head(f, "| benchmark | procs |", "|---|---:|", &cols, "---:|");
        for (size_t i = 0; i < rows.n; i++)
            for (size_t p = 0; p < r->np; p++) {
                double go =
                    r->has_go ? rep_med(r, "bench", rows.v[i], "go", r->procs[p], "time") : NAN;
                bool any = isfinite(go);
                for (size_t b = 0; b < r->gr_backends.n; b++)
                    if (isfinite(rep_med(r, "bench", rows.v[i], r->gr_backends.v[b], r->procs[p],
                                         "time")))
                        any = true;
                if (!any)
                    continue;
                fprintf(f, "| %s | %d |", rows.v[i], r->procs[p]);
                for (size_t b = 0; b < r->gr_backends.n; b++) {
                    double v =
                        rep_med(r, "bench", rows.v[i], r->gr_backends.v[b], r->procs[p], "time");
                    char *s = rep_fns(v), *q = fratio(v / go);
                    ratio_est ci;
                    char *c = *q && ratio_ci(&r->rs->data, r->interleaved, "bench", rows.v[i],
                                             r->procs[p], "time", "go", r->gr_backends.v[b], &ci)
                                  ? xasprintf(" [%.2f, %.2f]", ci.lo, ci.hi)
                                  : xstrdup("");
                    fprintf(f, " %s%s%s%s%s |", s, *q ? " (" : "", q, c, *q ? ")" : "");
                    free(s);
                    free(q);
                    free(c);
                }
                if (r->has_go) {
                    char *s = rep_fns(go);
                    fprintf(f, " %s |", s);
                    free(s);
                }
                fprintf(f, "\n");
            }
        char *stem = xasprintf("bench-%s", families[fi].id);
        image(r, stem, families[fi].title);
        free(stem);
        fprintf(f, "\n");
        sl_free(&rows);
    }
    fprintf(f, "### Scaling from procs %d to %d\n", r->procs[0], r->procs[r->np - 1]);
    image(r, "scaling", "ns/op against procs");
    fprintf(f, "\n");
    sl_free(&cols);
}

static void sec_workloads(rep *r)
{
    FILE *f = r->f;
    const strlist *names = &r->workloads;
    fprintf(f, "## Workloads\n\nMedian wall time (hyperfine) / median peak RSS (wait4).\n\n");
    if (!names->n) {
        fprintf(f, "No workload results in this set.\n\n");
        return;
    }
    md_table_head(f, "| workload | procs |", "|---|---:|", &r->backends, "---:|");
    for (size_t i = 0; i < names->n; i++)
        for (size_t p = 0; p < r->np; p++) {
            bool any = false;
            for (size_t b = 0; b < r->backends.n; b++)
                if (isfinite(rep_med(r, "workload", names->v[i], r->backends.v[b], r->procs[p],
                                     "peak_rss")))
                    any = true;
            if (!any)
                continue;
            fprintf(f, "| %s | %d |", names->v[i], r->procs[p]);
            for (size_t b = 0; b < r->backends.n; b++) {
                double w =
                    rep_med(r, "workload", names->v[i], r->backends.v[b], r->procs[p], "wall");
                double m =
                    rep_med(r, "workload", names->v[i], r->backends.v[b], r->procs[p], "peak_rss");
                if (!isfinite(w) && !isfinite(m)) {
                    const char *why = "–";
                    for (size_t k = 0; k < r->rs->cells.n; k++) {
                        const cell *c = &r->rs->cells.v[k];
                        if (strstr(c->kind, "workload") && !strcmp(c->name, names->v[i]) &&
                            !strcmp(c->backend, r->backends.v[b]) && c->procs == r->procs[p])
                            why = cell_status_name[c->status];
                    }
                    fprintf(f, " %s |", why);
                    continue;
                }
                char *mb = rep_fbytes(m * 1024);
                if (isfinite(w))
                    fprintf(f, " %.3f s / %s |", w, mb);
                else
                    fprintf(f, " – / %s |", mb);
                free(mb);
            }
            fprintf(f, "\n");
        }
    image(r, "workloads-time", "workload wall time");
    image(r, "workloads-memory", "workload peak memory");
    fprintf(f, "\n");
}

typedef struct {
    const char *name, *backend;
    int procs;
    double ratio;
} cmpitem;
static int cmp_ratio(const void *a, const void *b)
{
    double x = ((const cmpitem *)a)->ratio, y = ((const cmpitem *)b)->ratio;
    return (x > y) - (x < y);
}

static double geomean(const double *v, size_t n)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] > 0) {
            s += log(v[i]);
            k++;
        }
    return k ? exp(s / (double)k) : NAN;
}

static void sec_stands_out(rep *r)
{
    FILE *f = r->f;
    const strlist *names = &r->bench;
    fprintf(
        f,
        "## What stands out\n\n*Generated from the medians below; in brackets, each ratio's 95%% confidence interval "
        "(see How this was measured).*\n\n");
    if (r->has_go && names->n) {
        cmpitem *it = xmalloc((names->n * r->gr_backends.n * r->np + 1) * sizeof(cmpitem));
        size_t n = 0;
        for (size_t i = 0; i < names->n; i++)
            for (size_t b = 0; b < r->gr_backends.n; b++)
                for (size_t p = 0; p < r->np; p++) {
                    double v =
                        rep_med(r, "bench", names->v[i], r->gr_backends.v[b], r->procs[p], "time");
                    double g = rep_med(r, "bench", names->v[i], "go", r->procs[p], "time");
                    if (isfinite(v) && isfinite(g) && g > 0)
                        it[n++] = (cmpitem){names->v[i], r->gr_backends.v[b], r->procs[p], v / g};
                }
        qsort(it, n, sizeof *it, cmp_ratio);
        if (n) {
            fprintf(f, "- **Biggest wins against Go:** ");
            for (size_t k = 0; k < n && k < 3 && it[k].ratio < 1; k++) {
                char *c = rep_fci(r, "bench", "time", it[k].name, "go", it[k].procs, it[k].name,
                                  it[k].backend, it[k].procs);
                fprintf(f, "%s`%s` on %s at procs=%d (%.2f×%s Go's time)", k ? "; " : "",
                        it[k].name, it[k].backend, it[k].procs, it[k].ratio, c);
                free(c);
            }
            if (it[0].ratio >= 1)
                fprintf(
                    f,
                    "none — no backend beats Go on any benchmark (closest: `%s` on %s at procs=%d, %.2f×)",
                    it[0].name, it[0].backend, it[0].procs, it[0].ratio);
            fprintf(f, ".\n- **Biggest losses against Go:** ");
            for (size_t k = 0; k < n && k < 3; k++) {
                const cmpitem *x = &it[n - 1 - k];
                if (x->ratio <= 1)
                    break;
                char *c = rep_fci(r, "bench", "time", x->name, "go", x->procs, x->name, x->backend,
                                  x->procs);
                fprintf(f, "%s`%s` on %s at procs=%d (%.1f×%s Go's time)", k ? "; " : "", x->name,
                        x->backend, x->procs, x->ratio, c);
                free(c);
            }
            if (it[n - 1].ratio <= 1)
                fprintf(f, "none");
            fprintf(f, ".\n");
            for (size_t b = 0; b < r->gr_backends.n; b++) {
                fprintf(f, "- **%s overall:** geometric mean of the ratio to Go",
                        r->gr_backends.v[b]);
                bool first = true;
                for (size_t p = 0; p < r->np; p++) {
                    double *v = xmalloc((n + 1) * sizeof(double));
                    size_t k = 0;
                    strlist in;
                    sl_init(&in);
                    for (size_t i = 0; i < n; i++)
                        if (!strcmp(it[i].backend, r->gr_backends.v[b]) &&
                            it[i].procs == r->procs[p]) {
                            v[k++] = it[i].ratio;
                            sl_add(&in, it[i].name);
                        }
                    if (k) { /* a procs with no benchmark (e.g. only workloads) is left out */
                        char *c = fgeo_ci(r, r->gr_backends.v[b], r->procs[p], &in);
                        fprintf(f, "%s %.2f×%s at procs=%d (%zu benchmarks)", first ? "" : ",",
                                geomean(v, k), c, r->procs[p], k);
                        first = false;
                        free(c);
                    }
                    free(v);
                    sl_free(&in);
                }
                fprintf(f, ".\n");
            }
        }
        free(it);
    } else if (names->n)
        fprintf(f, "- No Go reference in this run, so no ratios to Go.\n");
    if (r->np >= 2 && names->n) {
        int p1 = r->procs[0], p4 = r->procs[r->np - 1];
        for (size_t b = 0; b < r->backends.n; b++) {
            double *v = xmalloc((names->n + 1) * sizeof(double));
            size_t k = 0;
            const char *worst = NULL, *best = NULL;
            double wv = 0, bv = INFINITY;
            for (size_t i = 0; i < names->n; i++) {
                double a = rep_med(r, "bench", names->v[i], r->backends.v[b], p1, "time"),
                       c = rep_med(r, "bench", names->v[i], r->backends.v[b], p4, "time");
                if (!isfinite(a) || !isfinite(c) || a <= 0)
                    continue;
                double q = c / a;
                v[k++] = q;
                if (q > wv) {
                    wv = q;
                    worst = names->v[i];
                }
                if (q < bv) {
                    bv = q;
                    best = names->v[i];
                }
            }
            if (k) {
                char *cb = rep_fci(r, "bench", "time", best, r->backends.v[b], p1, best,
                                   r->backends.v[b], p4);
                char *cw = rep_fci(r, "bench", "time", worst, r->backends.v[b], p1, worst,
                                   r->backends.v[b], p4);
                fprintf(
                    f,
                    "- **Scaling %d→%d, %s:** ns/op changes by a geometric mean of %.2f× over %zu benchmarks; "
                    "best `%s` (%.2f×%s), worst `%s` (%.2f×%s).\n",
                    p1, p4, r->backends.v[b], geomean(v, k), k, best, bv, cb, worst, wv, cw);
                free(cb);
                free(cw);
            }
            free(v);
        }
    }
    /* Workloads: the fastest C backend per workload at the largest procs, against Go. */
    const strlist *wl = &r->workloads;
    int pw = r->procs[r->np - 1];
    bool first = true;
    for (size_t i = 0; i < wl->n; i++) {
        const char *best = NULL;
        double bv = INFINITY;
        for (size_t b = 0; b < r->gr_backends.n; b++) {
            double v = rep_med(r, "workload", wl->v[i], r->gr_backends.v[b], pw, "wall");
            if (isfinite(v) && v < bv) {
                bv = v;
                best = r->gr_backends.v[b];
            }
        }
        if (!best)
            continue;
        if (first) {
            fprintf(f, "- **Workloads at procs=%d, fastest backend:** ", pw);
            first = false;
        } else
            fprintf(f, "; ");
        double g = r->has_go ? rep_med(r, "workload", wl->v[i], "go", pw, "wall") : NAN;
        fprintf(f, "`%s` %s %.3f s", wl->v[i], best, bv);
        if (isfinite(g) && g > 0) {
            char *c = rep_fci(r, "workload", "wall", wl->v[i], "go", pw, wl->v[i], best, pw);
            fprintf(f, " (%.2f×%s Go)", bv / g, c);
            free(c);
        }
    }
    if (!first)
        fprintf(f, ".\n");
    size_t bad = 0;
    for (size_t i = 0; i < r->rs->cells.n; i++)
        if (r->rs->cells.v[i].status == CELL_FAILED || r->rs->cells.v[i].status == CELL_TIMEOUT)
            bad++;
    if (bad)
        fprintf(f, "- **%zu cell%s failed or timed out** (see *Matrix cells*).\n", bad,
                bad == 1 ? "" : "s");
    fprintf(f, "\n");
}

/* What cmd_report allocated into r (not the set it reads). */
static void rep_free(rep *r)
{
    sl_free(&r->backends);
    sl_free(&r->gr_backends);
    sl_free(&r->bench);
    sl_free(&r->workloads);
    free(r->procs);
    free(r->plots_rel);
}

int cmd_report(int argc, char **argv)
{
    const char *out = NULL, *results = NULL, *reliability = NULL;
    static const struct option opts[] = {
        {"out", required_argument, 0, 'o'},
        {"results-dir", required_argument, 0, 'R'},
        {"reliability", required_argument, 0, 'L'},
        CMD_OPT_HELP,
    };
    const cmd_bind binds[] = {
        {'o', .str = &out}, {'R', .str = &results}, {'L', .str = &reliability}, {0}};
    cmd_args args = cmd_args_of("report", report_usage, opts, binds, argc, argv);
    args.operands = (cmd_operands){0, 1, "at most one result set"};
    args.shortopts = "ho:";
    if (cmd_parse(&args) >= 0)
        return args.status;
    resultset rs;
    if (load_sets(&rs, 1, optind < argc ? argv + optind : NULL, results) != 0)
        return 2;
    if (rs.data.n == 0 && !rs.has_conf) {
        err("%s: the result set has no measurements and no conformance run; nothing to report",
            rs.dir);
        resultset_free(&rs);
        return 2;
    }
    char *outp = out ? xstrdup(out) : path_join(default_source_dir(), "REPORT.md");
    char *outabs = abs_path(outp);
    char *outdir = xstrdup(outabs);
    char *sl = strrchr(outdir, '/');
    if (sl)
        *sl = 0;
    rep r;
    memset(&r, 0, sizeof r);
    r.rs = &rs;
    sl_init(&r.backends);
    sl_init(&r.gr_backends);
    rows_backends(&rs.data, &r.backends);
    for (size_t i = 0; i < r.backends.n; i++) {
        if (!strcmp(r.backends.v[i], "go"))
            r.has_go = true;
        if (!rows_is_reference(r.backends.v[i])) /* gccgo is a reference row too */
            sl_add(&r.gr_backends, r.backends.v[i]);
    }
    sl_init(&r.bench);
    sl_init(&r.workloads);
    rows_names(&rs.data, "bench", &r.bench);
    rows_names(&rs.data, "workload", &r.workloads);
    r.interleaved = set_interleaved(&rs);
    r.procs = rows_procs(&rs.data, &r.np);
    if (r.np == 0) {
        free(r.procs);
        r.procs = xcalloc(1, sizeof(int));
        r.procs[0] = 1;
        r.np = 1;
    }
    char *pl = path_join(rs.dir, "plots");
    if (is_dir(pl)) {
        char *apl = abs_path(pl);
        r.plots_rel = relpath(outdir, apl);
        free(apl);
    }
    free(pl);
    afile a;
    if (afile_open(&a, outp) != 0) {
        resultset_free(&rs);
        return 2;
    }
    r.f = a.f;
    fprintf(
        a.f,
        "# grbench report\n\n"
        "Generated by `grbench report` from result set `%s`. Do not edit by hand: `make report` regenerates it.\n\n",
        rs.id);
    sec_machine(&r);
    report_runtimes(a.f, &rs, &r.backends);
    sec_method(&r);
    sec_stands_out(&r);
    report_questions(&r);
    sec_conformance(&r);
    sec_cells(&r);
    sec_family_tables(&r);
    sec_workloads(&r);
    report_memory(a.f, &rs, &r.backends, r.procs[0]);
    report_preempt(a.f, &rs, &r.backends);
    report_floors(a.f, &rs, &r.backends);
    int rc = -1;
    if (report_reliability(a.f, reliability) != 0)
        afile_abort(&a);
    else {
        fprintf(
            a.f,
            "## History\n\nMedian ns/op of every benchmark across the result sets in `results/`.\n");
        image(&r, "history", "history across result sets");
        fprintf(a.f, "\n");
        if (!r.plots_rel)
            fprintf(a.f, "\n*No plots: run `grbench plot` on this set before `grbench report`.*\n");
        rc = afile_commit(&a);
    }
    if (rc == 0)
        printf("wrote %s from %s\n", outabs, rs.dir);
    rep_free(&r);
    free(outp);
    free(outabs);
    free(outdir);
    resultset_free(&rs);
    return rc == 0 ? 0 : 2;
}
