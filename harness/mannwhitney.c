/* mannwhitney.c — see mannwhitney.h for the method and its invariants. */
#include "mannwhitney.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double v; /* first: sorted by cmp_double (util.h) */
    int group;
} obs;

/* P(U <= u) under H0 for sample sizes m, n without ties: the count of
 * arrangements with U = k over C(m+n, m), by dynamic programming over m. */
static double exact_cdf(size_t m, size_t n, double u)
{
    size_t umax = m * n;
    /* f[j][k]: arrangements of i "a" and j "b" with U = k, for the current i. */
    double *prev = xcalloc((n + 1) * (umax + 1), sizeof(double));
    double *cur = xcalloc((n + 1) * (umax + 1), sizeof(double));
#define AT(t, j, k) (t)[(j) * (umax + 1) + (k)]
    for (size_t j = 0; j <= n; j++)
        AT(prev, j, 0) = 1; /* i = 0: only U = 0 */
    for (size_t i = 1; i <= m; i++) {
        memset(cur, 0, (n + 1) * (umax + 1) * sizeof(double));
        AT(cur, 0, 0) = 1; /* j = 0: U = 0 */
        for (size_t j = 1; j <= n; j++)
            for (size_t k = 0; k <= i * j; k++) {
                /* the largest value is an "a" (it beats all j b's: U += j) or a "b" */
                double v = AT(cur, j - 1, k);
                if (k >= j)
                    v += AT(prev, j, k - j);
                AT(cur, j, k) = v;
            }
        double *t = prev;
        prev = cur;
        cur = t;
    }
    double total = 0, below = 0;
    for (size_t k = 0; k <= umax; k++) {
        total += AT(prev, n, k);
        if ((double)k <= u + 1e-9)
            below += AT(prev, n, k);
    }
#undef AT
    free(prev);
    free(cur);
    return below / total;
}

mw_result mann_whitney(const double *a, size_t na, const double *b, size_t nb)
{
    mw_result r = {0, 1.0, false};
    if (na == 0 || nb == 0)
        return r;
    size_t N = na + nb;
    obs *o = xmalloc(N * sizeof(obs));
    for (size_t i = 0; i < na; i++)
        o[i] = (obs){a[i], 0};
    for (size_t i = 0; i < nb; i++)
        o[na + i] = (obs){b[i], 1};
    qsort(o, N, sizeof(obs), cmp_double);
    double r1 = 0, tie_term = 0;
    bool ties = false;
    for (size_t i = 0; i < N;) {
        size_t j = i;
        while (j + 1 < N && o[j + 1].v == o[i].v)
            j++;
        double t = (double)(j - i + 1);
        double rank = (double)(i + j) / 2.0 + 1.0; /* mid-rank, 1-based */
        for (size_t k = i; k <= j; k++)
            if (o[k].group == 0)
                r1 += rank;
        if (t > 1) {
            ties = true;
            tie_term += t * t * t - t;
        }
        i = j + 1;
    }
    free(o);
    double n1 = (double)na, n2 = (double)nb;
    r.u = r1 - n1 * (n1 + 1) / 2.0;
    double mu = n1 * n2 / 2.0;
    if (!ties && na * nb <= 2500) {
        double lo = exact_cdf(na, nb, r.u);             /* P(U <= u) */
        double hi = 1.0 - exact_cdf(na, nb, r.u - 1.0); /* P(U >= u) */
        double p = 2.0 * (lo < hi ? lo : hi);
        r.p = p > 1.0 ? 1.0 : p;
        r.exact = true;
        return r;
    }
    double Nd = (double)N;
    double var = n1 * n2 / 12.0 * ((Nd + 1.0) - tie_term / (Nd * (Nd - 1.0)));
    if (var <= 0)
        return r; /* all values equal */
    double z = (fabs(r.u - mu) - 0.5) / sqrt(var);
    if (z < 0)
        z = 0;
    double p = erfc(z / sqrt(2.0));
    r.p = p > 1.0 ? 1.0 : p;
    return r;
}
