/* cmd_conformance.c — `grbench conformance`: the conformance suite on every
 * backend, as a backend x clause matrix (pass / fail / skip with its reason),
 * plus the leak check of the guide's leak example under GR_DEBUG=leaks.
 *
 * Each backend is one child (build/suites/conformance/conformance, on the
 * backend by the protocol of backends.h) with a timeout; its TAP and stderr are kept.  A runner that crashes,
 * hangs or stops early fails that backend's column ("RUNNER" row), not the
 * others.
 *
 * Invariants: the output is assembled in <set>/.tmp-conformance-<pid>/ and
 * renamed to <set>/conformance/ once; a set that already has a conformance/
 * is never changed (pass --new to make a fresh set). */
#define _GNU_SOURCE
#include "atomicio.h"
#include "backends.h"
#include "cmds.h"
#include "conf_summary.h"
#include "fingerprint.h"
#include "markdown.h"
#include "parsers.h"
#include "proc.h"
#include "resultset.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char conf_usage[] =
    "usage: grbench conformance [OPTIONS]\n"
    "\n"
    "Runs build/suites/conformance/conformance on every backend and writes the\n"
    "backend x clause matrix into a result set's conformance/ folder (results.csv,\n"
    "matrix.md, the raw TAP and stderr of each backend).  Also runs the guide's\n"
    "leak example (build/suites/examples/*leak*) with GR_DEBUG=leaks on every\n"
    "backend and records how many leaked goroutines each run reports.\n"
    "\n"
    "  --backends LIST      NAME, PATH or LABEL=PATH, comma separated (default: all built)\n"
    "  --filter GLOB        passed to the runner's --filter\n"
    "  --timeout S          per-backend limit for the whole suite (default 900)\n"
    "  --results SET        the result set to add to (default: latest)\n"
    "  --new                write a new result set holding only the conformance\n"
    "  --binary PATH        the conformance runner (default: <build>/suites/conformance/conformance)\n"
    "  --full               print every clause, not only those that did not pass everywhere\n"
    "  --results-dir DIR, --build DIR, --source DIR\n"
    "\n"
    "Exit status: 0 every clause passed or was skipped, 1 failures, 2 error.\n";

/* How the matrix names a clause's aggregate (clause_status). */
static const char *clause_name(int st)
{
    return st == CLAUSE_NOT_RUN ? "not run" : test_status_name[st];
}

static void md_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n')
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

/* Write matrix.md and print the summary; returns the number of failures. */
static size_t write_matrix(const confvec *cv, const strlist *backends, const char *path, bool full)
{
    strlist clauses;
    sl_init(&clauses);
    for (size_t i = 0; i < cv->n; i++)
        if (!sl_contains(&clauses, cv->v[i].clause))
            sl_add(&clauses, cv->v[i].clause);
    afile a;
    size_t fails = 0;
    bool ok = afile_open(&a, path) == 0;
    if (ok)
        md_table_head(a.f, "| clause |", "|---|", backends, "---|");
    printf("%-28s", "clause");
    for (size_t b = 0; b < backends->n; b++)
        printf(" %-12s", backends->v[b]);
    printf("\n");
    for (size_t c = 0; c < clauses.n; c++) {
        bool all_pass = true;
        for (size_t b = 0; b < backends->n; b++) {
            const char *r;
            int st = clause_status(cv, backends->v[b], clauses.v[c], &r);
            if (st != TEST_PASS)
                all_pass = false;
            if (st == TEST_FAIL)
                fails++;
        }
        if (ok) {
            fprintf(a.f, "| %s |", clauses.v[c]);
            for (size_t b = 0; b < backends->n; b++) {
                const char *r;
                int st = clause_status(cv, backends->v[b], clauses.v[c], &r);
                fputc(' ', a.f);
                if (st == TEST_PASS)
                    fputs("pass", a.f);
                else if (st == TEST_FAIL) {
                    fputs("**FAIL**", a.f);
                    if (*r) {
                        fputs(": ", a.f);
                        md_escape(a.f, r);
                    }
                } else if (st == TEST_SKIP) {
                    fputs("skip", a.f);
                    if (*r) {
                        fputs(": ", a.f);
                        md_escape(a.f, r);
                    }
                } else
                    fputs(clause_name(st), a.f);
                fputs(" |", a.f);
            }
            fputc('\n', a.f);
        }
        if (full || !all_pass) {
            printf("%-28s", clauses.v[c]);
            for (size_t b = 0; b < backends->n; b++) {
                const char *r;
                int st = clause_status(cv, backends->v[b], clauses.v[c], &r);
                printf(" %-12s", st == TEST_FAIL ? "FAIL" : clause_name(st));
            }
            printf("\n");
        }
    }
    if (ok)
        afile_commit(&a);
    printf("\n");
    for (size_t b = 0; b < backends->n; b++) {
        test_counts n = conf_count(cv, 0, backends->v[b]);
        printf("%-12s %zu passed, %zu failed, %zu skipped (tests)\n", backends->v[b], n.pass,
               n.fail, n.skip);
    }
    printf("%zu clauses; %zu backend x clause cells failed\n", clauses.n, fails);
    sl_free(&clauses);
    return fails;
}

/* Leak example: the first integer on the first stderr line that mentions a
 * leak, or 0 when nothing mentions one. */
static void leak_check(const backend *b, const char *exe, const char *name, const char *dir,
                       leakvec *lv)
{
    char *log = xasprintf("%s/leak-%s-%s.log", dir, b->label, name);
    char *argv[] = {(char *)exe, NULL};
    strlist env;
    sl_init(&env);
    backend_env(b, &env);
    sl_add(&env, "GR_DEBUG=leaks");
    proc_spec sp = {
        .argv = argv, .env = env.v, .stdout_path = log, .stderr_path = log, .timeout_s = 60};
    proc_result pr;
    if (proc_run(&sp, &pr) == 0) {
        char *t = read_file(log, NULL);
        long n = 0;
        char *line = NULL;
        if (t) {
            strlist l;
            sl_init(&l);
            sl_split(&l, t, "\n");
            for (size_t i = 0; i < l.n && !line; i++)
                if (strcasestr(l.v[i], "leak")) {
                    line = xstrdup(l.v[i]);
                    for (const char *p = l.v[i]; *p; p++)
                        if (isdigit((unsigned char)*p)) {
                            n = strtol(p, NULL, 10);
                            break;
                        }
                }
            sl_free(&l);
        }
        if (pr.how != PROC_EXITED) {
            char *d = proc_describe(&pr, 60);
            free(line);
            line = xasprintf("run failed: %s", d);
            free(d);
            n = -1;
        }
        leaks_add(lv, b->label, name, n, line ? line : "no leak reported");
        free(line);
        free(t);
    }
    sl_free(&env);
    free(log);
}

int cmd_conformance(int argc, char **argv)
{
    const char *backends = NULL, *filter = NULL, *set = NULL, *results = NULL, *binary = NULL;
    const char *build = default_build_dir(), *source = default_source_dir();
    double timeout = 900;
    bool fresh = false, full = false;
    static const struct option opts[] = {
        {"backends", required_argument, 0, 'b'},    {"backend", required_argument, 0, 'b'},
        {"filter", required_argument, 0, 'f'},      {"timeout", required_argument, 0, 't'},
        {"results", required_argument, 0, 'r'},     {"new", no_argument, 0, 'n'},
        {"binary", required_argument, 0, 'x'},      {"full", no_argument, 0, 'F'},
        {"results-dir", required_argument, 0, 'R'}, {"build", required_argument, 0, 'D'},
        {"source", required_argument, 0, 'S'},      CMD_OPT_HELP,
    };
    const cmd_bind binds[] = {{'b', .str = &backends},
                              {'f', .str = &filter},
                              {'t', .seconds = &timeout},
                              {'r', .str = &set},
                              {'n', .flag = &fresh},
                              {'x', .str = &binary},
                              {'F', .flag = &full},
                              {'R', .str = &results},
                              {'D', .str = &build},
                              {'S', .str = &source},
                              {0}};
    cmd_args args = cmd_args_of("conformance", conf_usage, opts, binds, argc, argv);
    if (cmd_parse(&args) >= 0)
        return args.status;
    /* Everything below is freed at `out`; rc 2 until the suite has run. */
    int rc = 2;
    size_t fails = 0;
    char *exe = binary ? xstrdup(binary) : xasprintf("%s/suites/conformance/conformance", build);
    char *rdir = results ? xstrdup(results) : default_results_dir();
    char *setdir = NULL, *newset_tmp = NULL, *newset_final = NULL, *final = NULL, *tmp = NULL;
    backendvec be = {0};
    confvec cv = {0};
    leakvec lv = {0};
    strlist labels;
    sl_init(&labels);
    if (!is_executable(exe)) {
        err("no conformance runner at %s (build it first: make build)", exe);
        goto out;
    }
    if (backends_resolve(backends, build, &be) != 0)
        goto out;

    /* Where the matrix goes: an existing set, or a new one. */
    if (!fresh) {
        strlist l;
        sl_init(&l);
        bool existing = set || (is_dir(rdir) && resultset_list(rdir, &l) == 0 && l.n);
        sl_free(&l);
        if (existing && !(setdir = resolve_set(set, rdir)))
            goto out;
    }
    if (!setdir) {
        char *id = utc_stamp("%Y%m%d-%H%M%S-conformance");
        newset_final = path_join(rdir, id);
        newset_tmp = dir_begin(rdir, id);
        free(id);
        if (!newset_tmp)
            goto out;
        if (path_exists(newset_final)) {
            err("%s exists", newset_final);
            rm_rf(newset_tmp);
            goto out;
        }
        setdir = xstrdup(newset_tmp);
    }
    final = path_join(setdir, "conformance");
    if (path_exists(final)) {
        err("%s already exists; a result set's conformance is written once (use --new)", final);
        goto out;
    }
    if (!(tmp = dir_begin(setdir, "conformance")))
        goto out;
    for (size_t i = 0; i < be.n; i++) {
        const backend *b = &be.v[i];
        sl_add(&labels, b->label);
        char *tap = xasprintf("%s/%s.tap", tmp, b->label),
             *elog = xasprintf("%s/%s.stderr", tmp, b->label);
        strlist av;
        sl_init(&av);
        sl_add(&av, exe); /* on b by the protocol (backends.h), no --backend */
        if (filter) {
            sl_add(&av, "--filter");
            sl_add(&av, filter);
        }
        strlist envl;
        sl_init(&envl);
        backend_env(b, &envl);
        fprintf(stderr, "[%zu/%zu] conformance on %s ... ", i + 1, be.n, b->label);
        proc_spec sp = {.argv = av.v,
                        .env = envl.v,
                        .stdout_path = tap,
                        .stderr_path = elog,
                        .timeout_s = timeout};
        proc_result pr;
        if (proc_run(&sp, &pr) != 0)
            conf_add(&cv, b->label, "RUNNER", "conformance runner", TEST_FAIL, "could not start");
        else {
            char *text = read_file(tap, NULL);
            bool complete = false;
            size_t before = cv.n;
            int n = text ? parse_tap(text, b->label, &cv, &complete, NULL) : -1;
            bool bail = text && strstr(text, "Bail out!");
            free(text);
            char *d = proc_describe(&pr, timeout);
            if (n < 0 || !complete || bail || (pr.how != PROC_EXITED) ||
                (pr.code != 0 && pr.code != 1)) {
                char *why =
                    xasprintf("runner %s after %d tests%s%s", d, n < 0 ? 0 : n,
                              bail ? " (Bail out!)" : "", complete ? "" : ", no closing summary");
                conf_add(&cv, b->label, "RUNNER", "conformance runner", TEST_FAIL, why);
                free(why);
            }
            test_counts tc = conf_count(&cv, before, NULL);
            fprintf(stderr, "%zu passed, %zu failed, %zu skipped (%s, %.1fs)\n", tc.pass, tc.fail,
                    tc.skip, d, pr.wall_s);
            free(d);
        }
        sl_free(&envl);
        sl_free(&av);
        free(tap);
        free(elog);
        /* The guide's leak pattern, under the runtime's leak report. */
        char *exdir = xasprintf("%s/suites/examples", build);
        DIR *d = opendir(exdir);
        if (d) {
            struct dirent *e;
            strlist progs;
            sl_init(&progs);
            while ((e = readdir(d))) {
                if (!strcasestr(e->d_name, "leak") || strchr(e->d_name, '.'))
                    continue;
                char *p = path_join(exdir, e->d_name);
                if (is_executable(p))
                    sl_add(&progs, e->d_name);
                free(p);
            }
            closedir(d);
            for (size_t k = 0; k < progs.n; k++) {
                char *p = path_join(exdir, progs.v[k]);
                leak_check(b, p, progs.v[k], tmp, &lv);
                free(p);
            }
            sl_free(&progs);
        }
        free(exdir);
        if (proc_interrupted)
            break;
    }
    (void)source;
    char *rcsv = path_join(tmp, "results.csv"), *lcsv = path_join(tmp, "leaks.csv"),
         *md = path_join(tmp, "matrix.md");
    rc = conf_write(&cv, rcsv) | leaks_write(&lv, lcsv);
    fails = write_matrix(&cv, &labels, md, full);
    for (size_t i = 0; i < lv.n; i++)
        printf("leak check: %-10s %-20s %ld leaked  (%s)\n", lv.v[i].backend, lv.v[i].program,
               lv.v[i].leaked, lv.v[i].line);
    free(rcsv);
    free(lcsv);
    free(md);
    if (rc == 0)
        rc = dir_commit(tmp, final);
    if (rc == 0 && newset_tmp) {
        /* A conformance-only set: an empty combined.csv and a fingerprint. */
        rowvec none = {0};
        char *cp = path_join(newset_tmp, "combined.csv"),
             *fpp = path_join(newset_tmp, "fingerprint.json");
        json_t *fp = fingerprint_collect(source, build);
        char *st = utc_stamp("%Y-%m-%dT%H:%M:%SZ");
        json_object_set_new(fp, "started", json_string(st));
        free(st);
        char *txt = json_dumps(fp, JSON_INDENT(2) | JSON_SORT_KEYS);
        rc = rows_write(&none, cp) | atomic_write(fpp, txt, strlen(txt));
        free(txt);
        json_decref(fp);
        free(cp);
        free(fpp);
        if (rc == 0)
            rc = dir_commit(newset_tmp, newset_final);
    }
    if (rc != 0) {
        err("conformance results left in %s", tmp);
    } else
        printf("wrote %s\n", newset_final ? newset_final : final);
out:
    sl_free(&labels);
    free(final);
    free(tmp);
    free(setdir);
    free(exe);
    free(rdir);
    free(newset_tmp);
    free(newset_final);
    backends_free(&be);
    if (rc != 0)
        return 2;
    return fails ? 1 : 0;
}
