/* cmd_compare.c — `grbench compare OLD NEW`: is NEW slower, with confidence?
 *
 * Pairs series by (suite, name, backend, procs, metric); for each pair prints
 * the medians, the median change and the two-sided Mann–Whitney U p-value
 * over the repetitions, as Google Benchmark's compare.py and benchstat do.
 * A pair is a regression when p < alpha AND the median grew by more than
 * --min-effect percent (all metrics are lower-is-better); it is an
 * improvement in the mirror case; otherwise "~" (no significant change).
 *
 * Invariants: reads only; exit 0 = no significant regression, 1 = at least
 * one (each is named on stdout and stderr), 2 = bad usage or input. */
#define _GNU_SOURCE
#include "canary.h"
#include "cmds.h"
#include "mannwhitney.h"
#include "resultset.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char compare_usage[] =
    "usage: grbench compare [OPTIONS] OLD NEW\n"
    "\n"
    "OLD and NEW are result sets: a directory, its combined.csv, a run id under\n"
    "results/, or \"latest\".  Series are paired by benchmark, backend, procs and\n"
    "metric; the table shows the median of each side, the change of the median,\n"
    "and the p-value of a two-sided Mann-Whitney U test over the repetitions.\n"
    "\n"
    "  --alpha A            significance level (default 0.05)\n"
    "  --min-effect PCT     smallest median change that counts, in percent (default 5)\n"
    "  --filter SUBSTR      only series whose name contains SUBSTR\n"
    "  --all                also list unchanged series (default: all are listed)\n"
    "  --results-dir DIR    where run ids are looked up (default: <source>/results)\n"
    "\n"
    "Verdicts: SLOWER (p < alpha and change > +min-effect), faster (the mirror),\n"
    "~ (not significant, or smaller than min-effect), n/a (fewer than 2\n"
    "repetitions on a side: no test).  With 5 repetitions per side the smallest\n"
    "possible p is 0.008; compare.py suggests 9 or more for a reliable answer.\n"
    "Exit status: 0 no significant regression, 1 regression(s), named; 2 error.\n";

typedef struct {
    const row *r;
} key;

static bool same_key(const row *a, const row *b)
{
    return a->procs == b->procs && !strcmp(a->suite, b->suite) && !strcmp(a->name, b->name) &&
           !strcmp(a->backend, b->backend) && !strcmp(a->metric, b->metric);
}

/* Whether row i is the first of its series in d (so each series is met once). */
static bool first_of_series(const rowvec *d, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (same_key(&d->v[j], &d->v[i]))
            return false;
    return true;
}

static const char *unit_of(const char *metric)
{
    if (!strcmp(metric, "time"))
        return "ns/op";
    if (!strcmp(metric, "wall"))
        return "s";
    if (!strcmp(metric, "peak_rss"))
        return "KiB";
    return "";
}

static char *fmt_val(double v)
{
    if (!isfinite(v))
        return xstrdup("-");
    if (fabs(v) >= 1e6 || (fabs(v) < 0.01 && v != 0))
        return xasprintf("%.3g", v);
    return xasprintf("%.2f", v);
}

int cmd_compare(int argc, char **argv)
{
    double alpha = 0.05, min_effect = 5;
    const char *filter = NULL, *results = NULL;
    static const struct option opts[] = {
        {"alpha", required_argument, 0, 'a'},
        {"min-effect", required_argument, 0, 'e'},
        {"threshold", required_argument, 0, 'e'},
        {"filter", required_argument, 0, 'f'},
        {"all", no_argument, 0, 'A'}, /* the default: accepted, changes nothing */
        {"results-dir", required_argument, 0, 'R'},
        CMD_OPT_HELP,
    };
    const cmd_bind binds[] = {{'a', .alpha = &alpha},
                              {'e', .percent = &min_effect},
                              {'f', .str = &filter},
                              {'R', .str = &results},
                              {0}};
    cmd_args args = cmd_args_of("compare", compare_usage, opts, binds, argc, argv);
    args.operands = (cmd_operands){2, 2, "want exactly two result sets, OLD and NEW (see --help)"};
    if (cmd_parse(&args) >= 0)
        return args.status;
    resultset sets[2];
    if (load_sets(sets, 2, argv + optind, results) != 0)
        return 2;
    const resultset *a = &sets[0], *b = &sets[1];
    if (a->data.n == 0 || b->data.n == 0) {
        err("%s has no measurements (an empty result set); nothing to compare",
            a->data.n == 0 ? a->dir : b->dir);
        resultset_free(&sets[0]);
        resultset_free(&sets[1]);
        return 2;
    }

    printf("grbench compare: OLD %s  NEW %s  (alpha %.3g, min effect %.3g%%)\n", a->id, b->id,
           alpha, min_effect);
    /* Different run settings make differences that are not the code's. */
    static const char *keys[] = {"min_time_s", "repetitions", "quick", "cpu", NULL};
    json_t *ca = a->fp ? json_object_get(a->fp, "config") : NULL,
           *cb = b->fp ? json_object_get(b->fp, "config") : NULL;
    for (int k = 0; ca && cb && keys[k]; k++) {
        json_t *x = json_object_get(ca, keys[k]), *y = json_object_get(cb, keys[k]);
        if (x && y && !json_equal(x, y)) {
            char *sx = json_dumps(x, JSON_ENCODE_ANY | JSON_REAL_PRECISION(6)),
                 *sy = json_dumps(y, JSON_ENCODE_ANY | JSON_REAL_PRECISION(6));
            printf(
                "note: the runs differ in %s (%s vs %s); changes may come from that, not from the code\n",
                keys[k], sx, sy);
            free(sx);
            free(sy);
        }
    }
    const char *ma = fp_str(a, "cpu_model"), *mb = fp_str(b, "cpu_model");
    if (*ma && *mb && strcmp(ma, mb))
        printf("note: different machines (%s vs %s)\n", ma, mb);
    printf(
        "note: OLD and NEW are two runs made at different times: drift between them reads as a change "
        "(for a gate, measure both builds in one interleaved run: grbench ab)\n");
    for (int k = 0; k < 2; k++) {
        char *why;
        if (noise_is_noisy(k ? b->fp : a->fp, &why))
            printf("warning: %s (%s) was a noisy run: %s; its differences are weak evidence\n",
                   k ? "NEW" : "OLD", k ? b->id : a->id, why);
        free(why);
    }
    printf("\n");
    printf("%-34s %-10s %5s %-6s %12s %12s %9s %7s %7s  %s\n", "benchmark", "backend", "procs",
           "unit", "old median", "new median", "change", "p", "n", "verdict");
    strlist regress;
    sl_init(&regress);
    size_t paired = 0, only_old = 0, only_new = 0, faster = 0;
    /* Walk OLD's series in order; each key once. */
    for (size_t i = 0; i < a->data.n; i++) {
        const row *x = &a->data.v[i];
        if (!first_of_series(&a->data, i) || (filter && !strstr(x->name, filter)))
            continue;
        size_t na, nb;
        double *va = rows_values(&a->data, x->suite, x->name, x->backend, x->procs, x->metric, &na);
        double *vb = rows_values(&b->data, x->suite, x->name, x->backend, x->procs, x->metric, &nb);
        if (nb == 0) {
            only_old++;
            free(va);
            free(vb);
            continue;
        }
        paired++;
        mw_result mw = mann_whitney(va, na, vb, nb);
        double ma = median(va, na), mb = median(vb, nb);
        double change = ma != 0 ? (mb - ma) / fabs(ma) * 100.0 : (mb == 0 ? 0 : INFINITY);
        const char *verdict = "~";
        if (na < 2 || nb < 2)
            verdict = "n/a";
        else if (mw.p < alpha && change > min_effect)
            verdict = "SLOWER";
        else if (mw.p < alpha && change < -min_effect)
            verdict = "faster";
        char *sa = fmt_val(ma), *sb = fmt_val(mb), *n = xasprintf("%zu/%zu", na, nb);
        char *label = xasprintf("%s%s", !strcmp(x->suite, "workload") ? "workload " : "", x->name);
        char *ps = (na < 2 || nb < 2) ? xstrdup("-") : xasprintf("%.4f", mw.p);
        printf("%-34s %-10s %5d %-6s %12s %12s %+8.1f%% %7s %7s  %s\n", label, x->backend, x->procs,
               unit_of(x->metric), sa, sb, change, ps, n, verdict);
        free(ps);
        if (!strcmp(verdict, "SLOWER"))
            sl_addf(&regress, "%s backend=%s procs=%d %s: %+.1f%% (median %s -> %s %s, p=%.4f)",
                    label, x->backend, x->procs, x->metric, change, sa, sb, unit_of(x->metric),
                    mw.p);
        if (!strcmp(verdict, "faster"))
            faster++;
        free(sa);
        free(sb);
        free(n);
        free(label);
        free(va);
        free(vb);
    }
    for (size_t i = 0; i < b->data.n; i++) {
        const row *x = &b->data.v[i];
        if (!first_of_series(&b->data, i) || (filter && !strstr(x->name, filter)))
            continue;
        size_t na;
        double *va = rows_values(&a->data, x->suite, x->name, x->backend, x->procs, x->metric, &na);
        free(va);
        if (na == 0)
            only_new++;
    }
    printf("\n%zu series paired, %zu only in OLD, %zu only in NEW; %zu faster, %zu slower\n",
           paired, only_old, only_new, faster, regress.n);
    int rc = 0;
    if (paired == 0) {
        err("no series in common between %s and %s", a->id, b->id);
        rc = 2;
    } else if (regress.n) {
        printf("\nSignificant regressions (p < %.3g, change > %.3g%%):\n", alpha, min_effect);
        for (size_t i = 0; i < regress.n; i++) {
            printf("  REGRESSION %s\n", regress.v[i]);
            fprintf(stderr, "grbench: REGRESSION %s\n", regress.v[i]);
        }
        rc = 1;
    } else
        printf("No significant regression.\n");
    sl_free(&regress);
    resultset_free(&sets[0]);
    resultset_free(&sets[1]);
    return rc;
}
