/*
 * selftest.c — tests of the runner itself (`conformance --self-test`, run by
 * the Meson test `conformance-selftest`): a runner that cannot see failures
 * is worse than none.
 *
 * Hidden sample tests (CT_SELFTEST) pass, fail an assertion, fail from a
 * goroutine, hang, crash, deadlock, leak, skip, and die with and without the
 * expected message; each states the verdict the runner must reach and a
 * word its reason must contain.  Then the SPEC.md parser and the coverage
 * check are run on synthetic inputs.  Invariants: the hidden tests are
 * never registered with GR_TEST, so they never run in a normal suite run.
 */
#include "runner.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

CT_SELFTEST(SELF_1, "a passing test passes", .expect = CT_PASS) {}

CT_SELFTEST(SELF_2, "a failed ASSERT_EQ fails and prints both operands", .expect = CT_FAIL,
            .expect_why = "assertion failed")
{
    int three = 3;
    ASSERT_EQ(three, 4);
}

static void fail_in_goroutine(void *arg)
{
    gr_chan *done = arg;
    ASSERT_TRUE(done == NULL);
}

CT_SELFTEST(SELF_3, "an assertion failing on another goroutine fails the test", .expect = CT_FAIL,
            .expect_why = "assertion failed")
{
    gr_chan *c = ct_chan_int(0);
    GO(fail_in_goroutine, c);
    ct_recv_int(c); /* never sent: the goroutine ends the process first */
}

CT_SELFTEST(SELF_4, "a hanging test times out", .expect = CT_FAIL, .expect_why = "timed out",
            .timeout_s = 1)
{
    for (;;)
        gr_sleep(3600 * CT_SEC);
}

CT_SELFTEST(SELF_5, "a crashing test fails", .expect = CT_FAIL, .expect_why = "signal")
{
    raise(SIGSEGV);
}

CT_SELFTEST(SELF_6, "an unexpected deadlock fails and shows the dump", .expect = CT_FAIL,
            .expect_why = "deadlock")
{
    gr_chan *c = ct_chan_int(0);
    ct_recv_int(c);
}

static void block_forever(void *arg)
{
    gr_chan_recv(arg, NULL, NULL);
}

CT_SELFTEST(SELF_7, "a leaked goroutine fails the leak check", .expect = CT_FAIL,
            .expect_why = "leaked")
{
    GO(block_forever, ct_chan_int(0));
}

static void exit_late(void *arg)
{
    (void)arg;
    gr_sleep(200 * CT_MS);
}

CT_SELFTEST(SELF_8, "a goroutine that ends within the grace period is no leak", .expect = CT_PASS)
{
    GO(exit_late, NULL);
}

CT_SELFTEST(SELF_9, "a skip is reported with its reason", .expect = CT_SKIP,
            .expect_why = "sample reason")
{
    ct_skip("sample reason");
}

CT_SELFTEST(SELF_10, "an expected death with its message passes", .expect = CT_PASS, .death = true,
            .stderr_has = "sample fatal message")
{
    fprintf(stderr, "sample fatal message\n");
    abort();
}

CT_SELFTEST(SELF_11, "an expected death that does not happen fails", .expect = CT_FAIL,
            .expect_why = "expected the process to die", .death = true, .stderr_has = "x")
{
    fprintf(stderr, "x\n");
}

CT_SELFTEST(SELF_12, "a death with the wrong message fails", .expect = CT_FAIL,
            .expect_why = "lacks", .death = true, .stderr_has = "the right message")
{
    fprintf(stderr, "the wrong message\n");
    _exit(3);
}

CT_SELFTEST(SELF_13, "a missing expected output fails", .expect = CT_FAIL, .expect_why = "lacks",
            .stderr_has = "never printed")
{
}

static void raw_main(void *arg) { *(int *)arg = 42; }

CT_SELFTEST(SELF_14, "a raw test runs gr_run itself", .expect = CT_PASS, .raw = true)
{
    int v = 0;
    ASSERT_OK(gr_run(NULL, raw_main, &v));
    ASSERT_EQ(v, 42);
}

CT_SELFTEST(SELF_15, "a raw test's failure is seen", .expect = CT_FAIL, .raw = true,
            .expect_why = "assertion failed")
{
    ASSERT_EQ(1, 2);
}

/* ---- the parser and the coverage check ------------------------------ */

static const char *verdict_name(int v)
{
    return v == CT_PASS ? "pass" : v == CT_SKIP ? "skip" : "fail";
}

static int check_coverage(FILE *out)
{
    int bad = 0;
    char path[] = "/tmp/gr-ct-spec-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 1;
    FILE *f = fdopen(fd, "w");
    fputs("# title\n"
          "- **AAA-ONE-1** — covered.\n"
          "- **AAA-TWO-1** — not covered.\n"
          "- **lower-1** — not an ID.\n"
          "- **AAA-X** — no number, not an ID.\n"
          "```\n- **AAA-FENCED-1** — inside a fence, ignored.\n```\n"
          "  - **AAA-INDENTED-1** — not at line start, ignored.\n",
          f);
    fclose(f);
    char **ids = ct_spec_load(path);
    int n = 0;
    while (ids && ids[n])
        n++;
    if (n != 2 || strcmp(ids[0], "AAA-ONE-1") != 0 || strcmp(ids[1], "AAA-TWO-1") != 0) {
        fprintf(out, "# parser: expected 2 clauses AAA-ONE-1, AAA-TWO-1, got %d\n", n);
        bad++;
    }
    static const ct_test fake = {.id = "AAA_ONE_1", .also = "ZZZ-NOPE-1", .name = "fake",
                                 .file = "selftest.c", .line = 1};
    ct_case c = {.t = &fake, .clauses = {"AAA-ONE-1", "ZZZ-NOPE-1", NULL}};
    ct_list l = {.v = &c, .n = 1};
    FILE *sink = fopen("/dev/null", "w");
    int problems = ids ? ct_spec_check(ids, &l, sink) : -1;
    fclose(sink);
    if (problems != 2) {
        fprintf(out, "# coverage: expected 2 problems (AAA-TWO-1 untested, ZZZ-NOPE-1 unknown), got %d\n",
                problems);
        bad++;
    }
    /* A duplicate ID is an error. */
    f = fopen(path, "w");
    fputs("- **AAA-ONE-1** — a.\n- **AAA-ONE-1** — b.\n", f);
    fclose(f);
    FILE *saved = stderr;
    stderr = fopen("/dev/null", "w");
    char **dup = ct_spec_load(path);
    fclose(stderr);
    stderr = saved;
    if (dup) {
        fprintf(out, "# parser: a duplicate clause ID was accepted\n");
        bad++;
    }
    unlink(path);
    return bad;
}

int ct_selftest(int default_timeout_s)
{
    ct_list cases = ct_cases(true);
    printf("TAP version 13\n1..%zu\n", cases.n + 1);
    size_t passed = 0, failed = 0;
    for (size_t i = 0; i < cases.n; i++) {
        const ct_case *c = &cases.v[i];
        ct_result r = ct_exec(c, default_timeout_s);
        bool good = (int)r.verdict == c->t->expect &&
                    (!c->t->expect_why || strstr(r.why, c->t->expect_why));
        /* SELF_2 must also show both operands. */
        if (good && strcmp(c->t->id, "SELF_2") == 0)
            good = r.output && strstr(r.output, "three = 3") && strstr(r.output, "4 = 4");
        if (good && strcmp(c->t->id, "SELF_6") == 0)
            good = r.output && strstr(r.output, "all goroutines are asleep");
        printf("%s %zu - runner: %s\n", good ? "ok" : "not ok", i + 1, c->t->name);
        if (!good) {
            printf("# expected verdict %s%s%s, got %s (%s)\n", verdict_name(c->t->expect),
                   c->t->expect_why ? " with reason containing " : "",
                   c->t->expect_why ? c->t->expect_why : "", verdict_name(r.verdict), r.why);
            if (r.output)
                printf("# output: %s\n", r.output);
        }
        good ? passed++ : failed++;
        free(r.output);
        fflush(stdout);
    }
    int bad = check_coverage(stdout);
    printf("%s %zu - runner: SPEC.md parser and coverage check\n", bad ? "not ok" : "ok",
           cases.n + 1);
    bad ? failed++ : passed++;
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed ? 1 : 0;
}
