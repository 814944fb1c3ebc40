/* paired.c — Hodges–Lehmann interval and Holm's correction; see paired.h. */
#include "paired.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_MAX 60

/* Number of subsets of the ranks r2[0..n) with each sum s:
 * cnt[0 .. sum(r2)] (malloc'd). */
static double *subset_sums(const long *r2, size_t n, long *total)
{
    long t = 0;
    for (size_t i = 0; i < n; i++)
        t += r2[i];
    double *cnt = xcalloc((size_t)t + 1, sizeof(double));
    cnt[0] = 1;
    long reach = 0;
    for (size_t i = 0; i < n; i++) {
        for (long s = reach; s >= 0; s--)
            if (cnt[s] != 0)
                cnt[s + r2[i]] += cnt[s];
        reach += r2[i];
    }
    *total = t;
    return cnt;
}

bool hodges_lehmann(const double *d, size_t n, double alpha, double *est, double *lo, double *hi,
                    double *achieved)
{
    if (n == 0)
        return false;
    size_t M = n * (n + 1) / 2, k = 0;
    double *w = xmalloc(M * sizeof(double));
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++)
            w[k++] = (d[i] + d[j]) / 2;
    qsort(w, M, sizeof(double), cmp_double);
    *est = M % 2 ? w[M / 2] : (w[M / 2 - 1] + w[M / 2]) / 2;
    /* C = the largest c with P(T+ <= c - 1) <= alpha/2 under the null
     * (ranks 1..n, no ties); the interval is [w_(C), w_(M+1-C)]. */
    size_t C = 1;
    double conf = 0;
    if (n <= EXACT_MAX) {
        long *r = xmalloc(n * sizeof(long)), total;
        for (size_t i = 0; i < n; i++)
            r[i] = (long)i + 1;
        double *cnt = subset_sums(r, n, &total);
        double all = ldexp(1.0, (int)n), cdf = 0;
        size_t c = 0;
        while ((long)c <= total && cdf + cnt[c] <= alpha / 2 * all) {
            cdf += cnt[c];
            c++;
        }
        /* now P(T+ <= c-1) <= alpha/2 < P(T+ <= c); c == 0 when even the
         * widest interval falls short of 1 - alpha (n < 6 at 95%) */
        C = c < 1 ? 1 : c;
        conf = 1 - 2 * (c < 1 ? cnt[0] : cdf) / all;
        free(cnt);
        free(r);
    } else {
        /* normal approximation of the critical value, at 95% only */
        double nn = (double)n, z = 1.959963984540054;
        double c = nn * (nn + 1) / 4 - z * sqrt(nn * (nn + 1) * (2 * nn + 1) / 24);
        C = c < 1 ? 1 : (size_t)floor(c);
        conf = 0.95;
    }
    if (C > M)
        C = M;
    *lo = w[C - 1];
    *hi = w[M - C];
    if (achieved)
        *achieved = conf;
    free(w);
    return true;
}

void holm_adjust(const double *p, size_t m, double *adj)
{
    size_t *ix = xmalloc((m ? m : 1) * sizeof(size_t));
    for (size_t i = 0; i < m; i++)
        ix[i] = i;
    for (size_t i = 1; i < m; i++) { /* insertion sort by p: m is small */
        size_t t = ix[i], j = i;
        while (j > 0 && p[ix[j - 1]] > p[t]) {
            ix[j] = ix[j - 1];
            j--;
        }
        ix[j] = t;
    }
    double run = 0;
    for (size_t k = 0; k < m; k++) {
        double a = (double)(m - k) * p[ix[k]];
        if (a > 1)
            a = 1;
        if (a < run)
            a = run; /* monotone step-down */
        run = a;
        adj[ix[k]] = a;
    }
    free(ix);
}
