/*
 * main.c — the conformance runner: parses flags, selects the backend,
 * checks that SPEC.md and the registered tests cover each other, runs every
 * case in its own child process and prints TAP.
 *
 * Output (TAP version 13):
 *     TAP version 13
 *     # backend: pthread, library /.../libgr.so.1
 *     1..N
 *     ok 1 - CHAN-CLOSE-2 close drains the buffer
 *     not ok 2 - ... \n  # reason \n  # child output...
 *     ok 3 - ... # SKIP reason
 *     N passed, N failed[, N skipped]
 * The last line is the summary, alone on its line.  Exit status: 0 when
 * nothing failed, 1 when a test failed, 2 for a usage error or a
 * spec/coverage mismatch ("Bail out!").
 *
 * Invariants: the coverage check runs before any test (and for --list), so
 * a clause without a test can never pass unnoticed; the process never calls
 * gr_run itself (children do), so it stays single-threaded.
 */
#include "runner.h"
#include "installed.h"

#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GR_BACKENDS_DIR
#define GR_BACKENDS_DIR "backends"
#endif
#ifndef GR_SPEC_PATH
#define GR_SPEC_PATH "spec/SPEC.md"
#endif
/* Where an installed copy finds SPEC.md, relative to its own folder. */
#ifndef GR_SPEC_INSTALLED
#define GR_SPEC_INSTALLED "SPEC.md"
#endif

static void usage(FILE *out)
{
    fputs("usage: conformance [options]\n"
          "Runs the gr conformance suite (one forked process per test) and prints TAP.\n"
          "\n"
          "  --list            list the tests (clauses, name) and exit\n"
          "  --filter GLOB     run only tests whose clause ID or name matches GLOB (fnmatch)\n"
          "  --backend NAME    run on the backend NAME (" GR_BACKENDS_DIR "/NAME/libgr.so.1)\n"
          "  --backend PATH    run on the libgr.so.1 at PATH (any file name)\n"
          "  --timeout S       default per-test timeout in seconds (default 30)\n"
          "  --spec PATH       the SPEC.md to check coverage against\n"
          "                    (default " GR_SPEC_PATH ")\n"
          "  --self-test       check the runner itself on hidden sample tests\n"
          "  --help            this text\n"
          "\n"
          "The last line is \"N passed, N failed\" (\", N skipped\" when any were).\n"
          "Exit status: 0 all passed, 1 a test failed, 2 usage or spec coverage error.\n",
          out);
}

static bool matches(const ct_case *c, const char *glob)
{
    if (!glob)
        return true;
    for (const char *const *id = c->clauses; *id; id++)
        if (fnmatch(glob, *id, 0) == 0)
            return true;
    return fnmatch(glob, c->t->name, 0) == 0 || fnmatch(glob, c->label, 0) == 0;
}

/* Print text as TAP diagnostics ("# " lines), keeping the last max_lines. */
static void diag(const char *text, int max_lines)
{
    if (!text || !*text)
        return;
    int lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    const char *p = text;
    if (lines > max_lines) {
        int skip = lines - max_lines;
        printf("#   ... (%d earlier lines of output cut)\n", skip);
        while (skip > 0 && *p)
            skip -= *p++ == '\n';
    }
    while (*p) {
        size_t n = strcspn(p, "\n");
        printf("#   %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

int main(int argc, char **argv)
{
    char specbuf[PATH_MAX];
    const char *filter = NULL, *backend = NULL;
    const char *spec = sc_installed_path(specbuf, sizeof specbuf, GR_SPEC_INSTALLED, GR_SPEC_PATH);
    bool list = false, selftest = false;
    int timeout_s = 30;
    static const struct option opts[] = {
        {"list", no_argument, NULL, 'l'},     {"filter", required_argument, NULL, 'f'},
        {"backend", required_argument, NULL, 'b'}, {"timeout", required_argument, NULL, 't'},
        {"spec", required_argument, NULL, 's'}, {"self-test", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
    };
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'l': list = true; break;
        case 'f': filter = optarg; break;
        case 'b': backend = optarg; break;
        case 't':
            timeout_s = atoi(optarg);
            if (timeout_s <= 0) {
                fprintf(stderr, "conformance: --timeout needs a positive number of seconds\n");
                return 2;
            }
            break;
        case 's': spec = optarg; break;
        case 'S': selftest = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "conformance: unexpected argument %s\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (backend && ct_backend_reexec(backend, argv) != 0)
        return 2; /* the re-exec failed; 0: already running on it */

    if (selftest)
        return ct_selftest(timeout_s);

    ct_list cases = ct_cases(false);
    char **ids = ct_spec_load(spec);
    if (!ids) {
        printf("Bail out! cannot load the clause list from %s\n", spec);
        return 2;
    }
    char *problems = NULL;
    size_t plen = 0;
    FILE *pf = open_memstream(&problems, &plen);
    int nprob = ct_spec_check(ids, &cases, pf);
    fclose(pf);
    if (nprob) {
        fprintf(stderr, "conformance: SPEC.md (%s) and the tests do not match:\n%s", spec,
                problems);
        printf("Bail out! %d clause/test mismatch(es) between %s and the suite\n", nprob, spec);
        return 2;
    }

    if (list) {
        for (size_t i = 0; i < cases.n; i++) {
            const ct_case *c = &cases.v[i];
            if (!matches(c, filter))
                continue;
            for (const char *const *id = c->clauses; *id; id++)
                printf("%s%s", id == c->clauses ? "" : ",", *id);
            printf("\t%s%s\n", c->t->name, c->t->multi ? (c->procs == 1 ? " (procs=1)" : " (procs=4)") : "");
        }
        return 0;
    }

    printf("TAP version 13\n");
    if (ct_backend_after_exec(stdout) != 0)
        return 2;
    const char *bname = gr_backend_name();
    if (!bname)
        bname = ct_expected_backend();
    size_t total = 0;
    for (size_t i = 0; i < cases.n; i++)
        total += matches(&cases.v[i], filter);
    printf("1..%zu\n", total);
    fflush(stdout);

    size_t n = 0, passed = 0, failed = 0, skipped = 0;
    for (size_t i = 0; i < cases.n; i++) {
        const ct_case *c = &cases.v[i];
        if (!matches(c, filter))
            continue;
        n++;
        const char *decl = NULL;
        for (const char *const *id = c->clauses; *id && !decl; id++)
            decl = ct_declined(bname, *id);
        if (decl) {
            printf("ok %zu - %s # SKIP %s\n", n, c->label, decl);
            skipped++;
            fflush(stdout);
            continue;
        }
        ct_result r = ct_exec(c, timeout_s);
        switch (r.verdict) {
        case CT_PASS:
            printf("ok %zu - %s\n", n, c->label);
            passed++;
            break;
        case CT_SKIP:
            printf("ok %zu - %s # SKIP %s\n", n, c->label, r.why);
            skipped++;
            break;
        case CT_FAIL:
            printf("not ok %zu - %s\n", n, c->label);
            printf("# %s (%s:%d, %.1f s)\n", r.why, c->t->file, c->t->line, r.seconds);
            diag(r.output, 200);
            failed++;
            break;
        }
        free(r.output);
        fflush(stdout);
    }
    if (skipped)
        printf("%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
    else
        printf("%zu passed, %zu failed\n", passed, failed);
    return failed ? 1 : 0;
}
