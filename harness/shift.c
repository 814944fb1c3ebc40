/* shift.c — the gate's rank-sum randomization test (swaps within rounds)
 * and its shift estimate with a bootstrap interval; see shift.h. */
#include "shift.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_MAX 16    /* enumerate all 2^n swaps up to here */
#define DRAWS     19999 /* else this many random swaps, plus the observed */
#define BOOT      2000
#define TIE       1e-12 /* T values this close count as equal */

/* The k-th smallest of v[0..n) (Wirth's selection): afterwards
 * v[0..k) <= v[k] <= v(k..n). */
static double kth(double *v, size_t n, size_t k)
{
    long l = 0, m = (long)n - 1, kk = (long)k;
    while (l < m) {
        double x = v[kk];
        long i = l, j = m;
        do {
            while (v[i] < x)
                i++;
            while (x < v[j])
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk)
            l = i;
        if (kk < i)
            m = j;
    }
    return v[kk];
}

static double select_median(double *v, size_t n)
{
    double m = kth(v, n, n / 2);
    if (n % 2)
        return m;
    double below = v[0]; /* the largest of v[0 .. n/2), all <= m after kth */
    for (size_t i = 1; i < n / 2; i++)
        if (v[i] > below)
            below = v[i];
    return (below + m) / 2;
}

typedef struct {
    double v; /* first: sorted by cmp_double (util.h) */
    size_t i;
} valix;

/* Mid-ranks (1-based) of the 2n pooled values: r[0..n) for la, r[n..2n)
 * for lb. */
static double *pooled_ranks(const double *la, const double *lb, size_t n)
{
    size_t m = 2 * n;
    valix *v = xmalloc(m * sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[i] = (valix){la[i], i};
        v[n + i] = (valix){lb[i], n + i};
    }
    qsort(v, m, sizeof *v, cmp_double);
    double *r = xmalloc(m * sizeof(double));
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j + 1 < m && v[j + 1].v == v[i].v)
            j++;
        for (size_t k = i; k <= j; k++)
            r[v[k].i] = (double)(i + j + 2) / 2;
        i = j + 1;
    }
    free(v);
    return r;
}

void shift_test(const double *la, const double *lb, size_t n, uint64_t seed, double *p_less,
                double *p_greater)
{
    *p_less = *p_greater = 1.0;
    if (n == 0)
        return;
    /* The rank sum of NEW's side.  A swap in round i gives NEW la_i's
     * rank instead of lb_i's: R* = R - sum over swapped rounds of d_i,
     * d_i = rank(lb_i) - rank(la_i).  The pooled ranks never change. */
    double *r = pooled_ranks(la, lb, n), *d = xmalloc(n * sizeof(double)), obs = 0;
    for (size_t i = 0; i < n; i++) {
        d[i] = r[n + i] - r[i];
        obs += d[i];
    }
    /* Work with S = sum of +-d_i over the signs kept (+ kept, - swapped): S
     * = 2 R - const, so S orders the assignments as R does. */
    double ge = 0, le = 0, total = 0;
    if (n <= EXACT_MAX) {
        for (uint32_t m = 0; m < (1u << n); m++) { /* m = 0 is the observed assignment */
            double t = 0;
            for (size_t i = 0; i < n; i++)
                t += (m >> i & 1) ? -d[i] : d[i];
            ge += t >= obs - TIE;
            le += t <= obs + TIE;
            total++;
        }
    } else {
        uint64_t s = seed;
        ge = le = total = 1; /* the observed assignment */
        for (int k = 0; k < DRAWS; k++) {
            double t = 0;
            uint64_t bits = 0;
            for (size_t i = 0; i < n; i++) {
                if (i % 64 == 0)
                    bits = splitmix64(&s);
                t += (bits >> (i % 64) & 1) ? -d[i] : d[i];
            }
            ge += t >= obs - TIE;
            le += t <= obs + TIE;
            total++;
        }
    }
    *p_greater = ge / total;
    *p_less = le / total;
    free(r);
    free(d);
}

/* The two-sample Hodges–Lehmann shift: the median of lb_i - la_j over all
 * i, j (w: n * n scratch). */
static double hl2(const double *la, const double *lb, size_t n, double *w)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            w[k++] = lb[i] - la[j];
    return select_median(w, k);
}

void shift_interval(const double *la, const double *lb, size_t n, uint64_t seed, double *est,
                    double *lo, double *hi)
{
    *est = *lo = *hi = NAN;
    if (n == 0)
        return;
    double *wa = xmalloc(n * sizeof(double)), *wb = xmalloc(n * sizeof(double)),
           *t = xmalloc(BOOT * sizeof(double));
    double *w = xmalloc(n * n * sizeof(double));
    *est = hl2(la, lb, n, w);
    uint64_t s = seed ^ 0x5bd1e995u;
    for (int b = 0; b < BOOT; b++) {
        for (size_t i = 0; i < n; i++) { /* rounds drawn with replacement */
            size_t k = (size_t)(splitmix64(&s) % n);
            wa[i] = la[k];
            wb[i] = lb[k];
        }
        t[b] = hl2(wa, wb, n, w);
    }
    qsort(t, BOOT, sizeof(double), cmp_double);
    *lo = t[(size_t)(0.025 * BOOT)];
    *hi = t[(size_t)(0.975 * BOOT) - 1];
    if (*lo > *est)
        *lo = *est; /* a skewed bootstrap can miss est */
    if (*hi < *est)
        *hi = *est;
    free(wa);
    free(wb);
    free(t);
    free(w);
}
