/* paired.c — signed-rank test (both tails), Hodges–Lehmann interval, Holm;
 * see paired.h. */
#include "paired.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_MAX 60

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct { double a; size_t i; } absidx;
static int cmp_abs(const void *a, const void *b)
{
    double x = ((const absidx *)a)->a, y = ((const absidx *)b)->a;
    return x < y ? -1 : x > y;
}

/* Number of subsets of the doubled ranks r2[0..n) with each sum s:
 * cnt[0 .. sum(r2)] (malloc'd). */
static double *subset_sums(const long *r2, size_t n, long *total)
{
    long t = 0;
    for (size_t i = 0; i < n; i++) t += r2[i];
    double *cnt = xcalloc((size_t)t + 1, sizeof(double));
    cnt[0] = 1;
    long reach = 0;
    for (size_t i = 0; i < n; i++) {
        for (long s = reach; s >= 0; s--) if (cnt[s] != 0) cnt[s + r2[i]] += cnt[s];
        reach += r2[i];
    }
    *total = t;
    return cnt;
}

void signed_rank_tails(const double *d, size_t n, double *p_less, double *p_greater)
{
    absidx *v = xmalloc((n ? n : 1) * sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) if (d[i] != 0 && isfinite(d[i])) v[m++] = (absidx){ fabs(d[i]), i };
    *p_less = *p_greater = 1.0;
    if (m == 0) { free(v); return; }
    qsort(v, m, sizeof *v, cmp_abs);
    long *r2 = xmalloc(m * sizeof(long));       /* doubled mid-ranks */
    double tie = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j + 1 < m && v[j + 1].a == v[i].a) j++;
        for (size_t k = i; k <= j; k++) r2[k] = (long)(i + j + 2);   /* 2 * mean of ranks i+1..j+1 */
        double t = (double)(j - i + 1);
        tie += t * t * t - t;
        i = j + 1;
    }
    long tplus2 = 0;
    for (size_t k = 0; k < m; k++) if (d[v[k].i] > 0) tplus2 += r2[k];
    if (m <= EXACT_MAX) {
        long total;
        double *cnt = subset_sums(r2, m, &total);
        double all = ldexp(1.0, (int)m), lo = 0, hi = 0;
        for (long s = 0; s <= total; s++) { if (s <= tplus2) lo += cnt[s]; if (s >= tplus2) hi += cnt[s]; }
        free(cnt);
        *p_less = lo / all; *p_greater = hi / all;
    } else {
        double nn = (double)m, mean = nn * (nn + 1) / 4;
        double var = nn * (nn + 1) * (2 * nn + 1) / 24 - tie / 48;
        double t = (double)tplus2 / 2.0;        /* continuity-corrected, each tail */
        *p_less = 0.5 * erfc(-((t + 0.5 - mean) / sqrt(var)) / sqrt(2.0));
        *p_greater = 0.5 * erfc(((t - 0.5 - mean) / sqrt(var)) / sqrt(2.0));
    }
    if (*p_less > 1) *p_less = 1.0;
    if (*p_greater > 1) *p_greater = 1.0;
    free(v); free(r2);
}

double signed_rank_p(const double *d, size_t n)
{
    double lo, hi;
    signed_rank_tails(d, n, &lo, &hi);
    double p = 2.0 * fmin(lo, hi);
    return p > 1 ? 1.0 : p;
}

bool hodges_lehmann(const double *d, size_t n, double alpha, double *est, double *lo, double *hi, double *achieved)
{
    if (n == 0) return false;
    size_t M = n * (n + 1) / 2, k = 0;
    double *w = xmalloc(M * sizeof(double));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) w[k++] = (d[i] + d[j]) / 2;
    qsort(w, M, sizeof(double), cmp_d);
    *est = M % 2 ? w[M / 2] : (w[M / 2 - 1] + w[M / 2]) / 2;
    /* C = the largest c with P(T+ <= c - 1) <= alpha/2 under the null
     * (ranks 1..n, no ties); the interval is [w_(C), w_(M+1-C)]. */
    size_t C = 1;
    double conf = 0;
    if (n <= EXACT_MAX) {
        long *r = xmalloc(n * sizeof(long)), total;
        for (size_t i = 0; i < n; i++) r[i] = (long)i + 1;
        double *cnt = subset_sums(r, n, &total);
        double all = ldexp(1.0, (int)n), cdf = 0;
        size_t c = 0;
        while ((long)c <= total && cdf + cnt[c] <= alpha / 2 * all) { cdf += cnt[c]; c++; }
        /* now P(T+ <= c-1) <= alpha/2 < P(T+ <= c); c == 0 when even the
         * widest interval falls short of 1 - alpha (n < 6 at 95%) */
        C = c < 1 ? 1 : c;
        conf = 1 - 2 * (c < 1 ? cnt[0] : cdf) / all;
        free(cnt); free(r);
    } else {
        /* normal approximation of the critical value, at 95% only */
        double nn = (double)n, z = 1.959963984540054;
        double c = nn * (nn + 1) / 4 - z * sqrt(nn * (nn + 1) * (2 * nn + 1) / 24);
        C = c < 1 ? 1 : (size_t)floor(c);
        conf = 0.95;
    }
    if (C > M) C = M;
    *lo = w[C - 1];
    *hi = w[M - C];
    if (achieved) *achieved = conf;
    free(w);
    return true;
}

void holm_adjust(const double *p, size_t m, double *adj)
{
    size_t *ix = xmalloc((m ? m : 1) * sizeof(size_t));
    for (size_t i = 0; i < m; i++) ix[i] = i;
    for (size_t i = 1; i < m; i++) {           /* insertion sort by p: m is small */
        size_t t = ix[i], j = i;
        while (j > 0 && p[ix[j - 1]] > p[t]) { ix[j] = ix[j - 1]; j--; }
        ix[j] = t;
    }
    double run = 0;
    for (size_t k = 0; k < m; k++) {
        double a = (double)(m - k) * p[ix[k]];
        if (a > 1) a = 1;
        if (a < run) a = run;                   /* monotone step-down */
        run = a;
        adj[ix[k]] = a;
    }
    free(ix);
}
