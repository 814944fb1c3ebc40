/*
 * ct.h — the conformance suite's test-writing API: test registration
 * (GR_TEST), assertions that print both operands, and small helpers.
 *
 * A test is a function body registered with the clause ID(s) of spec/SPEC.md
 * that it checks:
 *
 *     GR_TEST(CHAN_CLOSE_2, "close drains the buffer") { ... }
 *     GR_TEST(SEL_FAIR_1, "select is uniform", .also = "SEL-READY-1", .multi = true) { ... }
 *
 * The first argument is the primary clause with '-' written as '_'; `.also`
 * lists more clauses (space separated, real spelling).  Options:
 *   .timeout_s   per-test timeout (0 = the runner's default);
 *   .procs       gr_config.procs for the test's gr_run (0 = gr_numcpu());
 *   .multi       run twice, at procs 1 and at procs 4 (stress tests);
 *   .raw         the body runs outside gr_run and calls gr_run itself;
 *   .death       the test passes only if the child dies (non-zero exit or a
 *                signal) — used with .stderr_has for "expect death with message";
 *   .stderr_has  the test passes only if the child's output contains this;
 *   .no_leak_check  skip the goroutine-count check at the end.
 *
 * Invariants: assertions may be called from any goroutine; a failing one
 * prints `file:line: what failed` with both operands and ends the child
 * process at once (_exit), so a test never continues past a failed check.
 * Tests run in a forked child, one per test, so they may leak memory and
 * need not clean up after a failure.
 */
#ifndef CT_H
#define CT_H

#include "gr.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Exit codes of a test child (the parent maps them to verdicts). */
enum {
    CT_EXIT_PASS = 0,
    CT_EXIT_FAIL = 1,     /* an assertion failed */
    CT_EXIT_LEAK = 2,     /* goroutines still alive after the grace period */
    CT_EXIT_DEADLOCK = 3, /* gr_run returned GR_EDEADLK unexpectedly */
    CT_EXIT_RUNERR = 4,   /* gr_run returned another error */
    CT_EXIT_SKIP = 77,    /* declined by the backend (declared limitation) */
};

typedef struct ct_test {
    const char *id;       /* primary clause, from the macro (underscores) */
    const char *also;     /* more clause IDs, space separated */
    const char *name;
    void (*body)(void);
    const char *file;
    int line;
    int timeout_s;
    int procs;
    bool multi;
    bool raw;
    bool death;
    const char *stderr_has;
    bool no_leak_check;
    /* Self-test only: the verdict the runner must reach and a text its
     * one-line reason must contain (see selftest.c). */
    int expect;
    const char *expect_why;
} ct_test;

void ct_register(const ct_test *t);
void ct_register_selftest(const ct_test *t);

#define CT_CAT_(a, b) a##b
#define CT_CAT(a, b) CT_CAT_(a, b)

#define CT_DEFINE_(REG, ID, NAME, ...)                                                 \
    static void CT_CAT(ct_body_, __LINE__)(void);                                     \
    static const ct_test CT_CAT(ct_desc_, __LINE__) = {                               \
        .id = #ID, .name = NAME, .body = CT_CAT(ct_body_, __LINE__),                   \
        .file = __FILE__, .line = __LINE__, __VA_ARGS__};                              \
    __attribute__((constructor)) static void CT_CAT(ct_reg_, __LINE__)(void)           \
    {                                                                                  \
        REG(&CT_CAT(ct_desc_, __LINE__));                                              \
    }                                                                                  \
    static void CT_CAT(ct_body_, __LINE__)(void)

#define GR_TEST(ID, NAME, ...) CT_DEFINE_(ct_register, ID, NAME, __VA_ARGS__)
/* Hidden tests of the runner itself (run by --self-test only). */
#define CT_SELFTEST(ID, NAME, ...) CT_DEFINE_(ct_register_selftest, ID, NAME, __VA_ARGS__)

/* ---- assertions ------------------------------------------------------ */

_Noreturn void ct_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ct_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* End the test as skipped (exit 77) with a reason: only for declared limitations. */
_Noreturn void ct_skip(const char *reason);

#define ASSERT(cond)                                                                   \
    do {                                                                               \
        if (!(cond))                                                                   \
            ct_fail(__FILE__, __LINE__, "ASSERT(%s) failed", #cond);                   \
    } while (0)

#define ASSERT_MSG(cond, ...)                                                          \
    do {                                                                               \
        if (!(cond))                                                                   \
            ct_fail(__FILE__, __LINE__, __VA_ARGS__);                                  \
    } while (0)

/* Integer comparisons: both operands are printed as signed 64-bit values. */
#define CT_ASSERT_OP_(a, op, b)                                                        \
    do {                                                                               \
        long long ct_a_ = (long long)(a), ct_b_ = (long long)(b);                      \
        if (!(ct_a_ op ct_b_))                                                         \
            ct_fail(__FILE__, __LINE__, "ASSERT(%s %s %s) failed: %s = %lld, %s = %lld", \
                    #a, #op, #b, #a, ct_a_, #b, ct_b_);                                \
    } while (0)

#define ASSERT_EQ(a, b) CT_ASSERT_OP_(a, ==, b)
#define ASSERT_NE(a, b) CT_ASSERT_OP_(a, !=, b)
#define ASSERT_LT(a, b) CT_ASSERT_OP_(a, <, b)
#define ASSERT_LE(a, b) CT_ASSERT_OP_(a, <=, b)
#define ASSERT_GT(a, b) CT_ASSERT_OP_(a, >, b)
#define ASSERT_GE(a, b) CT_ASSERT_OP_(a, >=, b)

/* Error codes: printed with their names. */
#define ASSERT_ERR(a, b)                                                               \
    do {                                                                               \
        int ct_a_ = (int)(a), ct_b_ = (int)(b);                                        \
        if (ct_a_ != ct_b_)                                                            \
            ct_fail(__FILE__, __LINE__, "ASSERT_ERR(%s, %s) failed: %s = %d (%s), %s = %d (%s)", \
                    #a, #b, #a, ct_a_, ct_errname(ct_a_), #b, ct_b_, ct_errname(ct_b_)); \
    } while (0)
#define ASSERT_OK(a) ASSERT_ERR(a, GR_OK)

#define ASSERT_PTR_EQ(a, b)                                                            \
    do {                                                                               \
        const void *ct_a_ = (const void *)(a), *ct_b_ = (const void *)(b);             \
        if (ct_a_ != ct_b_)                                                            \
            ct_fail(__FILE__, __LINE__, "ASSERT_PTR_EQ(%s, %s) failed: %s = %p, %s = %p", \
                    #a, #b, #a, ct_a_, #b, ct_b_);                                     \
    } while (0)
#define ASSERT_NULL(a) ASSERT_PTR_EQ(a, NULL)
#define ASSERT_NOT_NULL(a)                                                             \
    do {                                                                               \
        if ((a) == NULL)                                                               \
            ct_fail(__FILE__, __LINE__, "ASSERT_NOT_NULL(%s) failed: %s = NULL", #a, #a); \
    } while (0)
#define ASSERT_TRUE(a) ASSERT_MSG((a), "ASSERT_TRUE(%s) failed: %s = false", #a, #a)
#define ASSERT_FALSE(a) ASSERT_MSG(!(a), "ASSERT_FALSE(%s) failed: %s = true", #a, #a)

const char *ct_errname(int err); /* "GR_EAGAIN", ... or "?" */

/* ---- helpers for tests ----------------------------------------------- */

#define CT_MS ((int64_t)1000000)
#define CT_SEC ((int64_t)1000000000)

/* Start a goroutine or fail the test. */
#define GO(fn, arg) ASSERT_OK(gr_go((fn), (arg)))

/* Wait (sleeping 1 ms at a time) until *flag becomes non-zero; fail after
 * `limit_s` seconds (a liveness bound, never a timing assertion). */
void ct_wait_flag(_Atomic int *flag, int limit_s, const char *what);
/* Wait until gr_numgoroutine() <= n, or fail after limit_s seconds. */
void ct_wait_goroutines(long n, int limit_s);
/* A channel of ints: make, send, recv (asserting success). */
gr_chan *ct_chan_int(size_t cap);
void ct_send_int(gr_chan *c, int v);
int ct_recv_int(gr_chan *c);
/* Busy-wait about ns nanoseconds without parking or yielding. */
void ct_spin_ns(int64_t ns);

/* Capture this process's stderr (fd 2) into a temp file between begin and
 * end; end returns the text (malloc'd, NUL-terminated) and restores fd 2. */
void ct_capture_begin(void);
char *ct_capture_end(void);

/* The backend name the runner was asked for (--backend NAME), or NULL. */
const char *ct_expected_backend(void);

#endif /* CT_H */
