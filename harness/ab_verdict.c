/* ab_verdict.c — the verdict of `grbench ab`: every series of one
 * interleaved result set, OLD side against NEW side (two backend labels of
 * the same set), as a benchstat-style table and an exit status.
 *
 * time: per series, the pairs of one round each (pairs.h); the change is
 * the Hodges–Lehmann shift of ln(new) against ln(old), with its 95%
 * bootstrap interval, and p is the rank-sum randomization test over swaps
 * inside rounds (shift.h says why not the signed-rank test).  The gate
 * fails only on slowdowns, so it asks the one-sided question: p is the
 * upper tail (NEW slower), adjusted by Holm over all the series of the
 * table, and a series is SLOWER when that adjusted p < alpha and the
 * estimated change exceeds +min-effect; the family-wise error of the exit
 * status is alpha.  "faster" is the mirror test (the
 * lower tail, Holm over the series again), "~" otherwise; the p shown is
 * the one of the direction the estimate points to.
 * instructions: the counts of one build repeat (the metric excludes the
 * time-driven monitor threads and fixes the runtime's seed), so there is
 * no test: a series is SLOWER when every NEW count exceeds every OLD count
 * and the change of the medians exceeds +min-effect; the interval is the
 * range of the per-round ratios.
 * The geomean row is the geometric mean of the per-series changes, with an
 * interval from the per-round geometric means (rounds that have every
 * series).
 *
 * Invariants: reads only; returns 0 (no regression), 1 (a regression,
 * each named on stdout and stderr) or 2 (nothing to compare). */
#define _GNU_SOURCE
#include "ab.h"
#include "canary.h"
#include "paired.h"
#include "pairs.h"
#include "shift.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    int procs;
    size_t n;
    double mold, mnew, change, lo, hi, p_slow, p_fast, padj, padj_fast;
    const char *verdict;
    double *d; /* ln(new/old) per round, by rep index (NAN = missing) */
} series;

static char *fmt_v(double v, const char *metric)
{
    if (!isfinite(v))
        return xstrdup("-");
    if (!strcmp(metric, "instructions"))
        return xasprintf("%.1f", v);
    return v >= 1000 ? xasprintf("%.0f", v) : xasprintf("%.1f", v);
}

/* A series' own PRNG seed (FNV-1a of its name and procs), so its p and
 * interval do not depend on which other series the table holds. */
static uint64_t series_seed(const char *name, int procs)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    return (h ^ (uint64_t)procs) * 0x100000001b3ull;
}

static char *fmt_pct(double x)
{
    return isfinite(x) ? xasprintf("%+.1f%%", x * 100) : xstrdup("?");
}

int ab_verdict(const resultset *rs, const char *la, const char *lb, const ab_opts *o, FILE *out)
{
    const char *metric = o->metric;
    bool instr = !strcmp(metric, "instructions");
    int maxrep = -1;
    for (size_t i = 0; i < rs->data.n; i++)
        if (rs->data.v[i].rep > maxrep)
            maxrep = rs->data.v[i].rep;
    size_t nrounds = (size_t)(maxrep + 1);
    /* The series: every (name, procs) with the metric on the OLD side. */
    series *s = NULL;
    size_t ns = 0;
    for (size_t i = 0; i < rs->data.n; i++) {
        const row *x = &rs->data.v[i];
        if (strcmp(x->suite, "bench") || strcmp(x->metric, metric) || strcmp(x->backend, la))
            continue;
        bool seen = false;
        for (size_t k = 0; k < ns && !seen; k++)
            seen = s[k].procs == x->procs && !strcmp(s[k].name, x->name);
        if (seen)
            continue;
        s = xrealloc(s, (ns + 1) * sizeof *s);
        s[ns++] = (series){.name = x->name, .procs = x->procs};
    }
    for (size_t i = 1; i < ns; i++) { /* by name, then procs */
        series t = s[i];
        size_t j = i;
        while (j > 0 && (strcmp(s[j - 1].name, t.name) > 0 ||
                         (!strcmp(s[j - 1].name, t.name) && s[j - 1].procs > t.procs))) {
            s[j] = s[j - 1];
            j--;
        }
        s[j] = t;
    }
    if (ns == 0) {
        err("the set %s has no %s rows on side %s", rs->dir, metric, la);
        free(s);
        return 2;
    }
    double *praw = xmalloc(ns * sizeof(double)), *padj = xmalloc(ns * sizeof(double));
    double *fraw = xmalloc(ns * sizeof(double)), *fadj = xmalloc(ns * sizeof(double));
    size_t ntested = 0;
    for (size_t k = 0; k < ns; k++) {
        series *x = &s[k];
        double *a, *b;
        x->n = series_pairs(&rs->data, "bench", x->name, x->procs, metric, la, lb, &a, &b);
        x->d = xmalloc((nrounds + 1) * sizeof(double));
        for (size_t r = 0; r < nrounds; r++)
            x->d[r] = NAN;
        double *ra = xmalloc((x->n + 1) * sizeof(double)),
               *rb = xmalloc((x->n + 1) * sizeof(double));
        for (size_t j = 0; j < x->n; j++) {
            ra[j] = a[j];
            rb[j] = b[j];
        }
        x->mold = median(ra, x->n);
        x->mnew = median(rb, x->n);
        x->p_slow = x->p_fast = x->padj = x->padj_fast = NAN;
        x->verdict = "n/a";
        if (x->n == 0) {
            x->change = x->lo = x->hi = NAN;
        } else if (instr) {
            double lo = INFINITY, hi = -INFINITY, amax = -INFINITY, bmin = INFINITY;
            for (size_t j = 0; j < x->n; j++) {
                double q = b[j] / a[j] - 1;
                if (q < lo)
                    lo = q;
                if (q > hi)
                    hi = q;
                if (a[j] > amax)
                    amax = a[j];
                if (b[j] < bmin)
                    bmin = b[j];
            }
            x->change = x->mnew / x->mold - 1;
            x->lo = lo;
            x->hi = hi;
            double amin = INFINITY, bmax = -INFINITY;
            for (size_t j = 0; j < x->n; j++) {
                if (a[j] < amin)
                    amin = a[j];
                if (b[j] > bmax)
                    bmax = b[j];
            }
            x->verdict = bmin > amax && x->change * 100 > o->min_effect    ? "SLOWER"
                         : bmax < amin && x->change * 100 < -o->min_effect ? "faster"
                                                                           : "~";
        } else {
            double est, lo, hi, *lgo = xmalloc(x->n * sizeof(double)),
                                *lgn = xmalloc(x->n * sizeof(double));
            for (size_t j = 0; j < x->n; j++) {
                lgo[j] = log(a[j]);
                lgn[j] = log(b[j]);
            }
            uint64_t seed = series_seed(x->name, x->procs);
            shift_interval(lgo, lgn, x->n, seed, &est, &lo, &hi);
            x->change = exp(est) - 1;
            x->lo = exp(lo) - 1;
            x->hi = exp(hi) - 1;
            shift_test(lgo, lgn, x->n, seed, &x->p_fast, &x->p_slow);
            free(lgo);
            free(lgn);
            fraw[ntested] = x->p_fast;
            praw[ntested++] = x->p_slow;
        }
        /* the per-round log ratios, by round, for the geomean row */
        for (size_t i = 0; i < rs->data.n; i++) {
            const row *w = &rs->data.v[i];
            if (w->procs != x->procs || strcmp(w->backend, la) || strcmp(w->name, x->name) ||
                strcmp(w->metric, metric) || strcmp(w->suite, "bench") || w->rep < 0 ||
                w->value <= 0)
                continue;
            for (size_t j = 0; j < rs->data.n; j++) {
                const row *v = &rs->data.v[j];
                if (v->rep == w->rep && v->procs == x->procs && !strcmp(v->backend, lb) &&
                    !strcmp(v->name, x->name) && !strcmp(v->metric, metric) &&
                    !strcmp(v->suite, "bench") && v->value > 0)
                    x->d[w->rep] = log(v->value / w->value);
            }
        }
        free(ra);
        free(rb);
        free(a);
        free(b);
    }
    if (!instr) {
        holm_adjust(praw, ntested, padj);
        holm_adjust(fraw, ntested, fadj);
        for (size_t k = 0, t = 0; k < ns; k++) {
            series *x = &s[k];
            if (x->n == 0)
                continue;
            x->padj_fast = fadj[t];
            x->padj = padj[t++];
            x->verdict = x->padj < o->alpha && x->change * 100 > o->min_effect         ? "SLOWER"
                         : x->padj_fast < o->alpha && x->change * 100 < -o->min_effect ? "faster"
                                                                                       : "~";
            if (x->change < 0)
                x->padj = x->padj_fast; /* the p shown: the estimate's direction */
        }
    }

    fprintf(out, "\n%-28s %5s %12s %12s  %-28s %8s %4s  %s\n", "benchmark", "procs",
            instr ? "old instr/op" : "old ns/op", instr ? "new instr/op" : "new ns/op",
            instr ? "change [range of rounds]" : "change [95% CI]", instr ? "" : "p(Holm)", "n",
            "verdict");
    strlist reg;
    sl_init(&reg);
    size_t nslow = 0, nfast = 0;
    double gsum = 0;
    size_t gk = 0;
    for (size_t k = 0; k < ns; k++) {
        series *x = &s[k];
        char *a = fmt_v(x->mold, metric), *b = fmt_v(x->mnew, metric), *c = fmt_pct(x->change),
             *l = fmt_pct(x->lo), *h = fmt_pct(x->hi);
        char *ci = x->n ? xasprintf("%s [%s, %s]", c, l, h) : xstrdup("-");
        char *p = isfinite(x->padj) ? xasprintf("%.4f", x->padj) : xstrdup(instr ? "" : "-");
        fprintf(out, "%-28s %5d %12s %12s  %-28s %8s %4zu  %s\n", x->name, x->procs, a, b, ci, p,
                x->n, x->verdict);
        if (!strcmp(x->verdict, "SLOWER")) {
            nslow++;
            if (instr)
                sl_addf(&reg, "%s procs=%d instructions: %s (median %s -> %s instr/op)", x->name,
                        x->procs, c, a, b);
            else
                sl_addf(&reg, "%s procs=%d time: %s [%s, %s] (median %s -> %s ns/op, p(Holm)=%s)",
                        x->name, x->procs, c, l, h, a, b, p);
        }
        if (!strcmp(x->verdict, "faster"))
            nfast++;
        if (x->n && isfinite(x->change)) {
            gsum += log1p(x->change);
            gk++;
        }
        free(a);
        free(b);
        free(c);
        free(l);
        free(h);
        free(ci);
        free(p);
    }
    /* geomean row: per round, the mean log ratio over the series that
     * every such round has; interval by Hodges–Lehmann over the rounds. */
    double *g = xmalloc((nrounds + 1) * sizeof(double));
    size_t ng = 0;
    for (size_t r = 0; r < nrounds; r++) {
        double sum = 0;
        bool all = true;
        size_t cnt = 0;
        for (size_t k = 0; k < ns; k++) {
            if (s[k].n == 0)
                continue;
            if (!isfinite(s[k].d[r])) {
                all = false;
                break;
            }
            sum += s[k].d[r];
            cnt++;
        }
        if (all && cnt)
            g[ng++] = sum / (double)cnt;
    }
    if (gk) {
        double ge = exp(gsum / (double)gk) - 1, est, lo, hi, conf;
        char *c = fmt_pct(ge);
        if (ng && hodges_lehmann(g, ng, 0.05, &est, &lo, &hi, &conf)) {
            char *l = fmt_pct(exp(lo) - 1), *h = fmt_pct(exp(hi) - 1);
            char *ci = xasprintf("%s [%s, %s]", c, l, h);
            fprintf(out, "%-28s %5s %12s %12s  %-28s %8s %4zu\n", "geomean", "", "", "", ci, "",
                    ng);
            free(l);
            free(h);
            free(ci);
        } else
            fprintf(out, "%-28s %5s %12s %12s  %-28s\n", "geomean", "", "", "", c);
        free(c);
    }
    free(g);
    fprintf(
        out, "\n%zu series; %zu slower, %zu faster (%s)\n", ns, nslow, nfast,
        instr
            ? "instructions: SLOWER = every new count above every old one and the change > min effect"
            : "one-sided rank-sum randomization test, swaps within rounds, Holm over all series");
    char *why;
    if (noise_is_noisy(rs->fp, &why))
        fprintf(out, "warning: this run was noisy (%s); a wall-time verdict from it is weak\n",
                why);
    free(why);
    int rc = 0;
    if (reg.n) {
        fprintf(out, "\nRegressions (%s):\n",
                instr ? "instructions" : "p(Holm) < alpha and change > min effect");
        for (size_t i = 0; i < reg.n; i++) {
            fprintf(out, "  REGRESSION %s\n", reg.v[i]);
            fprintf(stderr, "grbench: REGRESSION %s\n", reg.v[i]);
        }
        rc = 1;
    } else
        fprintf(out, "No regression.\n");
    sl_free(&reg);
    for (size_t k = 0; k < ns; k++)
        free(s[k].d);
    free(s);
    free(praw);
    free(padj);
    free(fraw);
    free(fadj);
    return rc;
}
