/* pairs.c — paired series and ratio intervals; see pairs.h. */
#include "pairs.h"
#include "paired.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool match(const row *x, const series_key *k)
{
    return x->procs == k->procs && !strcmp(x->suite, k->suite) && !strcmp(x->name, k->name) &&
           !strcmp(x->metric, k->metric) && !strcmp(x->backend, k->backend);
}

size_t series_pairs_k(const rowvec *r, const series_key *ka, const series_key *kb, double **a,
                      double **b)
{
    *a = xmalloc((r->n + 1) * sizeof(double));
    *b = xmalloc((r->n + 1) * sizeof(double));
    int maxrep = -1;
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].rep > maxrep && (match(&r->v[i], ka) || match(&r->v[i], kb)))
            maxrep = r->v[i].rep;
    size_t n = 0;
    for (int rep = 0; rep <= maxrep; rep++) {
        double va = NAN, vb = NAN;
        for (size_t i = 0; i < r->n; i++) {
            if (r->v[i].rep != rep)
                continue;
            if (match(&r->v[i], ka))
                va = r->v[i].value;
            else if (match(&r->v[i], kb))
                vb = r->v[i].value;
        }
        if (va > 0 && vb > 0) {
            (*a)[n] = va;
            (*b)[n] = vb;
            n++;
        }
    }
    return n;
}

size_t series_pairs(const rowvec *r, const char *suite, const char *name, int procs,
                    const char *metric, const char *la, const char *lb, double **a, double **b)
{
    series_key ka = {suite, name, la, metric, procs}, kb = {suite, name, lb, metric, procs};
    return series_pairs_k(r, &ka, &kb, a, b);
}

static double *side(const rowvec *r, const series_key *k, size_t *n)
{
    double *v = xmalloc((r->n + 1) * sizeof(double));
    *n = 0;
    for (size_t i = 0; i < r->n; i++)
        if (match(&r->v[i], k) && r->v[i].value > 0)
            v[(*n)++] = r->v[i].value;
    return v;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

bool ratio_ci_k(const rowvec *r, bool interleaved, const series_key *ka, const series_key *kb,
                ratio_est *out)
{
    memset(out, 0, sizeof *out);
    double *d = NULL, est = 0, lo = 0, hi = 0, conf = 0;
    size_t n = 0;
    bool ok = false;
    if (interleaved) {
        double *a, *b;
        n = series_pairs_k(r, ka, kb, &a, &b);
        d = xmalloc((n + 1) * sizeof(double));
        for (size_t i = 0; i < n; i++)
            d[i] = log(b[i] / a[i]);
        free(a);
        free(b);
        ok = n > 0 && hodges_lehmann(d, n, 0.05, &est, &lo, &hi, &conf);
        out->paired = true;
    } else {
        /* Two-sample Hodges–Lehmann: the median of all cross differences of
         * the logs; the interval is the span of the middle 95% of them (a
         * rough interval: Moses' exact one needs the U distribution). */
        size_t na, nb;
        double *a = side(r, ka, &na), *b = side(r, kb, &nb);
        n = na * nb;
        d = xmalloc((n + 1) * sizeof(double));
        size_t k = 0;
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++)
                d[k++] = log(b[j] / a[i]);
        free(a);
        free(b);
        if (n > 0) {
            qsort(d, n, sizeof(double), cmp_d);
            est = n % 2 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
            size_t cut = (size_t)floor(0.025 * (double)n);
            lo = d[cut];
            hi = d[n - 1 - cut];
            conf = 0.95;
            ok = true;
        }
        out->paired = false;
    }
    free(d);
    if (!ok)
        return false;
    out->n = n;
    out->ratio = exp(est);
    out->lo = exp(lo);
    out->hi = exp(hi);
    out->conf = conf;
    return true;
}

bool ratio_ci(const rowvec *r, bool interleaved, const char *suite, const char *name, int procs,
              const char *metric, const char *la, const char *lb, ratio_est *out)
{
    series_key ka = {suite, name, la, metric, procs}, kb = {suite, name, lb, metric, procs};
    return ratio_ci_k(r, interleaved, &ka, &kb, out);
}

bool set_interleaved(const resultset *rs)
{
    json_t *cfg = rs->fp ? json_object_get(rs->fp, "config") : NULL;
    return cfg && json_is_true(json_object_get(cfg, "interleaved"));
}
