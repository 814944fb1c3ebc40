/* test_units.c — unit tests of the harness's statistics and parsers
 * (Meson suite 'harness'): the Mann–Whitney U test against values worked out
 * by hand, the gate's rank-sum randomization test, Hodges–Lehmann interval and Holm
 * correction against worked examples, CSV quoting and strict reading, and each output parser on the
 * fixtures in tests/fixtures/, including truncated input.
 * Invariants: deterministic, no timing, no network; exit 0 = all passed. */
#define _GNU_SOURCE
#include "../csv.h"
#include "../mannwhitney.h"
#include "../paired.h"
#include "../parsers.h"
#include "../resultset.h"
#include "../shift.h"
#include "../util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                     \
        }                                                                   \
    } while (0)
#define NEAR(a, b, eps)                                                                            \
    do {                                                                                           \
        double _a = (a), _b = (b);                                                                 \
        if (!(fabs(_a - _b) <= (eps))) {                                                           \
            fprintf(stderr, "FAIL %s:%d: %s = %.6g, want %.6g\n", __FILE__, __LINE__, #a, _a, _b); \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static void test_mannwhitney(void)
{
    /* Complete separation, 5 vs 5: U = 0; exact two-sided p = 2 / C(10,5) = 2/252. */
    double a[] = {1, 2, 3, 4, 5}, b[] = {6, 7, 8, 9, 10};
    mw_result r = mann_whitney(a, 5, b, 5);
    NEAR(r.u, 0, 1e-12);
    NEAR(r.p, 2.0 / 252.0, 1e-12);
    CHECK(r.exact);
    r = mann_whitney(b, 5, a, 5);
    NEAR(r.u, 25, 1e-12);
    NEAR(r.p, 2.0 / 252.0, 1e-12);
    /* 3 vs 4 separated: p = 2 / C(7,3) = 2/35. */
    double c[] = {1, 2, 3}, d[] = {4, 5, 6, 7};
    r = mann_whitney(c, 3, d, 4);
    NEAR(r.p, 2.0 / 35.0, 1e-12);
    /* Interleaved 1,3,5,7,9 vs 2,4,6,8,10: U = 10; the null counts of
     * U = 0..10 are 1,1,2,3,5,7,9,11,14,16,18 (sum 87), so p = 2*87/252. */
    double e[] = {1, 3, 5, 7, 9}, f[] = {2, 4, 6, 8, 10};
    r = mann_whitney(e, 5, f, 5);
    NEAR(r.u, 10, 1e-12);
    NEAR(r.p, 174.0 / 252.0, 1e-12);
    /* Identical samples (ties everywhere): no evidence, p = 1. */
    r = mann_whitney(a, 5, a, 5);
    NEAR(r.p, 1.0, 1e-12);
    CHECK(!r.exact);
    /* All equal: variance 0, p = 1. */
    double g[] = {7, 7, 7};
    r = mann_whitney(g, 3, g, 3);
    NEAR(r.p, 1.0, 1e-12);
    /* Empty side: p = 1. */
    r = mann_whitney(a, 5, b, 0);
    NEAR(r.p, 1.0, 1e-12);
    /* Ties + separation, normal approximation: 10 vs 10 with a shared value.
     * U = 0.5 (one tie), mu = 50, var = 100/12 * (21 - 6/380); z = (49.5 - .5)/sd. */
    double h[10], k[10];
    for (int i = 0; i < 10; i++) {
        h[i] = i;
        k[i] = 9 + i;
    }
    r = mann_whitney(h, 10, k, 10);
    double sd = sqrt(100.0 / 12.0 * (21.0 - 6.0 / 380.0));
    NEAR(r.u, 0.5, 1e-12);
    NEAR(r.p, erfc((49.5 - 0.5) / sd / sqrt(2.0)), 1e-12);
    CHECK(r.p < 0.001);
}

static void test_paired(void)
{
    double a[] = {1, 2, 3, 4, 5, 6};
    /* The rank-sum randomization test.  Three rounds, NEW always above
     * (ties within each side: mid-ranks 2 and 5): only the observed one of
     * the 8 swap sets reaches its rank sum, P = 1/8; the lower tail holds
     * all 8.  With the third round the other way round the rank
     * differences are 3, 3, -3 (sum 3); of the 8 signed sums 3+-3+-3+-3,
     * four are >= 3 and seven <= 3. */
    double z3[] = {0, 0, 0}, o3[] = {1, 1, 1}, pl, pg;
    shift_test(z3, o3, 3, 1, &pl, &pg);
    NEAR(pg, 1.0 / 8.0, 1e-12);
    NEAR(pl, 1.0, 1e-12);
    double m3a[] = {0, 0, 1}, m3b[] = {1, 1, 0};
    shift_test(m3a, m3b, 3, 1, &pl, &pg);
    NEAR(pg, 4.0 / 8.0, 1e-12);
    NEAR(pl, 7.0 / 8.0, 1e-12);
    /* Exact at n = 16, sampled at n = 30: NEW 20% above in every round
     * (old values spread over a factor 2, one round with the sides in
     * different machine states): p tiny, the other tail ~1, the shift
     * ln 1.2, and the same answer for the same seed. */
    double lo16[30], ln16[30];
    for (int i = 0; i < 30; i++) {
        lo16[i] = log(20 + i);
        ln16[i] = lo16[i] + log(1.2);
    }
    ln16[3] = log(11);
    shift_test(lo16, ln16, 16, 7, &pl, &pg);
    CHECK(pg < 0.001);
    CHECK(pl > 0.99);
    double pg2, pl2;
    shift_test(lo16, ln16, 30, 7, &pl, &pg);
    shift_test(lo16, ln16, 30, 7, &pl2, &pg2);
    CHECK(pg < 0.001);
    CHECK(pl > 0.99);
    NEAR(pg, pg2, 0);
    NEAR(pl, pl2, 0);
    double est, lo, hi, conf;
    shift_interval(lo16, ln16, 30, 7, &est, &lo, &hi);
    CHECK(lo <= est && est <= hi);
    CHECK(fabs(est - log(1.2)) < 0.03);
    CHECK(lo > 0);
    /* No change: identical sides give T = 0 under every swap, p = 1. */
    shift_test(lo16, lo16, 30, 7, &pl, &pg);
    NEAR(pg, 1.0, 1e-12);
    NEAR(pl, 1.0, 1e-12);
    /* Hodges–Lehmann on 1..6: the Walsh averages' median is 3.5; with n = 6
     * the 95% interval is the widest one, [1, 6], of confidence 1 - 2/64. */
    CHECK(hodges_lehmann(a, 6, 0.05, &est, &lo, &hi, &conf));
    NEAR(est, 3.5, 1e-12);
    NEAR(lo, 1, 1e-12);
    NEAR(hi, 6, 1e-12);
    NEAR(conf, 62.0 / 64.0, 1e-12);
    /* n = 10, d = 1..10: P(T+ <= 8) = 25/1024 <= 0.025 < P(T+ <= 9) = 33/1024,
     * so C = 9: the interval is [w_(9), w_(47)] of the 55 Walsh averages
     * (sorted: 1, 1.5, 2, 2, 2.5, 2.5, 3, 3, 3, ...), i.e. [3, 8]. */
    double e[10];
    for (int i = 0; i < 10; i++)
        e[i] = i + 1;
    CHECK(hodges_lehmann(e, 10, 0.05, &est, &lo, &hi, &conf));
    NEAR(est, 5.5, 1e-12);
    NEAR(lo, 3, 1e-12);
    NEAR(hi, 8, 1e-12);
    NEAR(conf, 1 - 50.0 / 1024.0, 1e-12);
    /* Holm: p = .01 .04 .03 .005 -> sorted .005*4, .01*3, .03*2, .04*1 (made monotone). */
    double p[] = {0.01, 0.04, 0.03, 0.005}, adj[4];
    holm_adjust(p, 4, adj);
    NEAR(adj[0], 0.03, 1e-12);
    NEAR(adj[1], 0.06, 1e-12);
    NEAR(adj[2], 0.06, 1e-12);
    NEAR(adj[3], 0.02, 1e-12);
}

static void test_csv(void)
{
    csv_table t;
    CHECK(csv_parse("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n", "t1", &t) == 0);
    CHECK(t.nrows == 2 && t.ncols == 2);
    if (t.nrows == 2) {
        CHECK(!strcmp(t.rows[0][0], "x,1"));
        CHECK(!strcmp(t.rows[0][1], "say \"hi\""));
        CHECK(!strcmp(t.rows[1][0], "multi\nline"));
        CHECK(csv_col(&t, "b") == 1);
    }
    csv_free(&t);
    CHECK(csv_parse("a,b\n\"open,2\n", "t2", &t) != 0); /* unterminated quote */
    CHECK(csv_parse("a,b\n1,2\n3\n", "t3", &t) != 0);   /* a truncated row */
    CHECK(csv_parse("", "t4", &t) != 0);                /* empty */
    CHECK(csv_parse("a,b\r\n1,2\r\n", "t5", &t) == 0 && t.nrows == 1 && !strcmp(t.rows[0][1], "2"));
    csv_free(&t);
}

static void test_rows_roundtrip(void)
{
    char dir[] = "/tmp/grbench-units-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *p = path_join(dir, "combined.csv");
    rowvec r = {0}, back = {0};
    rows_add(&r, "bench", "Chan,Weird \"name\"", "pthread", 4, 2, "time", 123.456, "ns");
    rows_add(&r, "workload", "skynet", "go", 1, 0, "wall", 1.5e-3, "s");
    CHECK(rows_write(&r, p) == 0);
    CHECK(rows_read(&back, p) == 0);
    CHECK(back.n == 2);
    if (back.n == 2) {
        CHECK(!strcmp(back.v[0].name, "Chan,Weird \"name\""));
        CHECK(back.v[0].procs == 4);
        CHECK(back.v[0].rep == 2);
        NEAR(back.v[0].value, 123.456, 1e-9);
        NEAR(back.v[1].value, 1.5e-3, 1e-15);
    }
    double v[] = {3, 1, 2, 10};
    NEAR(median(v, 4), 2.5, 1e-12);
    CHECK(isnan(median(v, 0)));
    rows_free(&r);
    rows_free(&back);
    unlink(p);
    free(p);
    rmdir(dir);
}

static void test_parsers(const char *fx)
{
    char *p;
    rowvec r = {0};
    strlist skipped;
    sl_init(&skipped);
    p = path_join(fx, "gbench.json");
    CHECK(parse_gbench(p, "pthread", 1, &r, &skipped) == 6);
    free(p);
    CHECK(r.n == 6);
    if (r.n == 6) {
        CHECK(!strcmp(r.v[0].name, "PingPong") && r.v[0].procs == 1 && r.v[0].rep == 0);
        NEAR(r.v[1].value, 330.0, 1e-9);
        CHECK(!strcmp(r.v[3].name, "ChanProdCons/10") && r.v[3].procs == 4);
        NEAR(r.v[3].value, 1500.0, 1e-9); /* 1.5 us */
    }
    CHECK(skipped.n == 1 && strstr(skipped.v[0], "procs=1 only"));
    p = path_join(fx, "gbench-truncated.json");
    size_t before = r.n;
    CHECK(parse_gbench(p, "pthread", 1, &r, NULL) == -1);
    CHECK(r.n == before); /* nothing half-added */
    free(p);
    p = path_join(fx, "no-such-file.json");
    CHECK(parse_gbench(p, "pthread", 1, &r, NULL) == -1);
    free(p);
    rows_free(&r);

    p = path_join(fx, "gotest.txt");
    CHECK(parse_gotest(p, &r) == 6);
    free(p);
    if (r.n == 6) {
        CHECK(!strcmp(r.v[0].name, "PingPong") && r.v[0].procs == 1 &&
              !strcmp(r.v[0].backend, "go"));
        CHECK(r.v[1].rep == 1 && r.v[2].procs == 4 && r.v[2].rep == 0);
        CHECK(!strcmp(r.v[4].name, "ChanProdCons/10") && r.v[4].procs == 4);
        NEAR(r.v[3].value, 605.5, 1e-9);
    }
    rows_free(&r);

    p = path_join(fx, "hyperfine.json");
    CHECK(parse_hyperfine(p, "workload", "skynet", "ucontext", 1, &r) == 3);
    free(p);
    if (r.n == 3) {
        NEAR(r.v[2].value, 1.6, 1e-12);
        CHECK(r.v[2].rep == 2 && !strcmp(r.v[2].metric, "wall"));
    }
    p = path_join(fx, "gbench.json"); /* wrong kind of JSON */
    CHECK(parse_hyperfine(p, "workload", "x", "y", 1, &r) == -1);
    free(p);
    rows_free(&r);

    p = path_join(fx, "conformance.tap");
    char *tap = read_file(p, NULL);
    free(p);
    confvec cv = {0};
    bool complete = false;
    strlist leaks;
    sl_init(&leaks);
    CHECK(tap && parse_tap(tap, "pthread", &cv, &complete, &leaks) == 5);
    CHECK(complete);
    if (cv.n == 5) {
        CHECK(!strcmp(cv.v[0].clause, "CHAN-CLOSE-1") && cv.v[0].status == TEST_PASS);
        CHECK(!strcmp(cv.v[1].test, "close wakes receivers (procs=4)"));
        CHECK(cv.v[2].status == TEST_FAIL && strstr(cv.v[2].reason, "leak check: 2 goroutines"));
        CHECK(cv.v[3].status == TEST_SKIP &&
              !strcmp(cv.v[3].reason, "ticker not supported: GR_ENOTSUP"));
        CHECK(!strcmp(cv.v[4].clause, "MUTEX-STARVE-1") && strstr(cv.v[4].reason, "waited == 0"));
    }
    CHECK(leaks.n == 1);
    /* A runner that died after two tests: no closing line, not complete. */
    confvec cv2 = {0};
    CHECK(parse_tap("1..5\nok 1 - A-1 x\nok 2 - A-2 y\n", "b", &cv2, &complete, NULL) == 2 &&
          !complete);
    CHECK(parse_tap("garbage\n", "b", &cv2, &complete, NULL) == -1);
    free(tap);
    sl_free(&leaks);
    sl_free(&skipped);
    char *n;
    int procs;
    bench_name_split("Select2/procs:4/real_time", &n, &procs);
    CHECK(!strcmp(n, "Select2") && procs == 4);
    free(n);
    go_name_split("BenchmarkChanProdCons/100", &n, &procs);
    CHECK(!strcmp(n, "ChanProdCons/100") && procs == 1);
    free(n);
    go_name_split("BenchmarkTimerAfter-16", &n, &procs);
    CHECK(!strcmp(n, "TimerAfter") && procs == 16);
    free(n);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_units FIXTURES_DIR\n");
        return 2;
    }
    test_mannwhitney();
    test_paired();
    test_csv();
    test_rows_roundtrip();
    test_parsers(argv[1]);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all unit checks passed\n");
    return 0;
}
