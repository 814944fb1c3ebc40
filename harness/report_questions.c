/* report_questions.c — REPORT.md's section "The guide's questions,
 * measured": the five challenge questions of the Go goroutines guide (§11),
 * each answered with the set's numbers: memory per parked goroutine, spawn
 * and skynet costs; the leak checks of the conformance run; mutex against
 * channel against atomic; scaling from the smallest to the largest procs;
 * the cost of a blocking syscall (SyscallHandoff against PingPong).
 *
 * Invariants: reads the result set only; every figure is computed from
 * the set (nothing is typed in by hand); a figure that the set lacks says
 * so, with the cells that did not run and their reasons. */
#define _GNU_SOURCE
#include "report_questions.h"
#include "markdown.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One line per backend: "name: v1 (r×Go)" for a benchmark at procs. */
static void bench_line(rep *r, const char *bench, int procs)
{
    FILE *f = r->f;
    double g = r->has_go ? rep_med(r, "bench", bench, "go", procs, "time") : NAN;
    bool any = false;
    for (size_t b = 0; b < r->backends.n; b++) {
        double v = rep_med(r, "bench", bench, r->backends.v[b], procs, "time");
        if (!isfinite(v))
            continue;
        char *s = rep_fns(v);
        fprintf(f, "%s%s %s ns", any ? ", " : "", r->backends.v[b], s);
        if (strcmp(r->backends.v[b], "go") && isfinite(g)) {
            char *c =
                rep_fci(r, "bench", "time", bench, "go", procs, bench, r->backends.v[b], procs);
            fprintf(f, " (%.2f×%s Go)", v / g, c);
            free(c);
        }
        free(s);
        any = true;
    }
    if (!any)
        fprintf(f, "not measured in this run");
}

/* "idle/9999" is workload "idle" at size 9999; "idle" alone has no size. */
static bool is_workload(const char *name, const char *base)
{
    size_t n = strlen(base);
    return !strncmp(name, base, n) && (name[n] == 0 || name[n] == '/');
}
static long size_of(const char *name)
{
    const char *sl = strrchr(name, '/');
    long v;
    return sl && parse_int(sl + 1, &v) ? v : 0;
}

/* The rest of a row of question 4's table: per backend, the ratio of the
 * series at procs pN to procs p1 with its interval, or "–". */
static void scaling_cells(rep *r, const char *suite, const char *metric, const char *name, int p1,
                          int pN)
{
    for (size_t b = 0; b < r->backends.n; b++) {
        double a = rep_med(r, suite, name, r->backends.v[b], p1, metric),
               c = rep_med(r, suite, name, r->backends.v[b], pN, metric);
        char *ci =
            rep_fci(r, suite, metric, name, r->backends.v[b], p1, name, r->backends.v[b], pN);
        if (isfinite(a) && isfinite(c))
            fprintf(r->f, " %.2f×%s |", c / a, ci);
        else
            fprintf(r->f, " – |");
        free(ci);
    }
    fprintf(r->f, "\n");
}

/* The end of a list item of "; "-separated entries: `none` when it has no
 * entry, then the full stop. */
static void item_end(FILE *f, bool any, const char *none)
{
    if (!any)
        fputs(none, f);
    fputs(".\n", f);
}

/* The cells of one workload that did not run at procs, with their reasons. */
static void skipped_cells(rep *r, const char *base, int procs)
{
    for (size_t k = 0; k < r->rs->cells.n; k++) {
        const cell *c = &r->rs->cells.v[k];
        if (strstr(c->kind, "workload") && is_workload(c->name, base) && c->procs == procs &&
            c->status != CELL_OK)
            fprintf(r->f, "  - `%s` on %s: %s — %s\n", c->name, c->backend,
                    cell_status_name[c->status], c->detail);
    }
}

void report_questions(rep *r)
{
    FILE *f = r->f;
    int p1 = r->procs[0], pN = r->procs[r->np - 1];
    fprintf(
        f,
        "## The guide's questions, measured\n\n"
        "The five challenge questions of the Go goroutines guide (§11), answered with this run's numbers.\n\n");

    /* 1 */
    fprintf(
        f,
        "### 1. Why can massive numbers of goroutines still be efficient?\n\n"
        "*The guide: small stacks that grow, multiplexing onto a few OS threads, cooperative blocking.* Measured here:\n\n");
    const strlist *wl = &r->workloads;
    fprintf(
        f,
        "- **Memory per parked goroutine** (`idle` workload: RSS growth while N goroutines are parked, / N):");
    bool any = false;
    for (size_t b = 0; b < r->backends.n; b++) {
        /* The largest N this backend ran. */
        const char *best = NULL;
        long bestn = -1;
        double bv = NAN;
        for (size_t i = 0; i < wl->n; i++) {
            if (!is_workload(wl->v[i], "idle"))
                continue;
            double v =
                rep_med(r, "workload", wl->v[i], r->backends.v[b], p1, "bytes_per_goroutine");
            long n = size_of(wl->v[i]);
            if (isfinite(v) && n > bestn) {
                best = wl->v[i];
                bestn = n;
                bv = v;
            }
        }
        if (!best)
            continue;
        char *s = rep_fbytes(bv);
        fprintf(f, "%s %s %s (N=%ld)", any ? ";" : "", r->backends.v[b], s, bestn);
        free(s);
        any = true;
    }
    item_end(f, any, " not measured in this run");
    skipped_cells(r, "idle", p1);
    fprintf(f, "- **Spawn + join cost** (`SpawnJoin`, procs=%d): ", p1);
    bench_line(r, "SpawnJoin", p1);
    fprintf(f, ".\n- **Spawning in bursts** (`SpawnBurst`, procs=%d): ", p1);
    bench_line(r, "SpawnBurst", p1);
    fprintf(f, ".\n");
    for (size_t i = 0; i < wl->n; i++) {
        if (!is_workload(wl->v[i], "skynet"))
            continue;
        fprintf(f, "- **`%s`** (procs=%d, wall time / peak RSS):", wl->v[i], pN);
        any = false;
        for (size_t b = 0; b < r->backends.n; b++) {
            double w = rep_med(r, "workload", wl->v[i], r->backends.v[b], pN, "wall");
            double m = rep_med(r, "workload", wl->v[i], r->backends.v[b], pN, "peak_rss");
            if (isfinite(w)) {
                char *mb = rep_fbytes(m * 1024);
                fprintf(f, "%s %s %.3f s / %s", any ? ";" : "", r->backends.v[b], w, mb);
                free(mb);
                any = true;
            }
        }
        item_end(f, any, " no backend ran it");
    }
    skipped_cells(r, "skynet", pN);
    fprintf(f, "\n");

    /* 2 */
    fprintf(
        f,
        "### 2. How do you avoid goroutine leaks with channel-based APIs?\n\n"
        "*The guide: cancellation (ctx or done), close channels when producers exit, drain.* "
        "The conformance runner checks after every test that `gr_numgoroutine()` drops back to 1 (with a grace period, as goleak does); "
        "`GR_DEBUG=leaks` makes `gr_run` report leftovers.\n\n");
    if (r->rs->has_conf) {
        strlist be;
        sl_init(&be);
        for (size_t i = 0; i < r->rs->conf.n; i++)
            if (!sl_contains(&be, r->rs->conf.v[i].backend))
                sl_add(&be, r->rs->conf.v[i].backend);
        for (size_t b = 0; b < be.n; b++) {
            size_t leaks = 0, tests = 0;
            const char *example = NULL;
            for (size_t i = 0; i < r->rs->conf.n; i++) {
                const confrow *x = &r->rs->conf.v[i];
                if (strcmp(x->backend, be.v[b]))
                    continue;
                tests++;
                if (x->status == TEST_FAIL && strcasestr(x->reason, "leak")) {
                    leaks++;
                    if (!example)
                        example = x->test;
                }
            }
            fprintf(f, "- **%s:** %zu of %zu conformance tests failed the leak check%s%s%s.\n",
                    be.v[b], leaks, tests, example ? " (first: " : "", example ? example : "",
                    example ? ")" : "");
        }
        for (size_t i = 0; i < r->rs->leaks.n; i++) {
            const leakrow *l = &r->rs->leaks.v[i];
            fprintf(f, "- Leak example `%s` on %s: %ld goroutine%s reported leaked (\"%s\").\n",
                    l->program, l->backend, l->leaked, l->leaked == 1 ? "" : "s", l->line);
        }
        if (r->rs->leaks.n == 0)
            fprintf(
                f,
                "- The guide's leak example was not found among the built examples, so only the suite's check is reported.\n");
        sl_free(&be);
    } else
        fprintf(f, "- No conformance run in this set, so no leak check.\n");
    fprintf(f, "\n");

    /* 3 */
    fprintf(
        f,
        "### 3. When would you choose mutex/atomic over channels?\n\n"
        "*The guide: for shared state and single-word counters.* The guide's own pair of RunParallel benchmarks, ns per increment:\n\n"
        "| backend | procs | Mutex | Channel | Atomic | Channel / Mutex |\n|---|---:|---:|---:|---:|---:|\n");
    for (size_t b = 0; b < r->backends.n; b++)
        for (size_t p = 0; p < r->np; p++) {
            double m = rep_med(r, "bench", "Mutex", r->backends.v[b], r->procs[p], "time");
            double c = rep_med(r, "bench", "Channel", r->backends.v[b], r->procs[p], "time");
            double a = rep_med(r, "bench", "Atomic", r->backends.v[b], r->procs[p], "time");
            if (!isfinite(m) && !isfinite(c))
                continue;
            char *sm = rep_fns(m), *sc = rep_fns(c), *sa = rep_fns(a);
            char *ci = rep_fci(r, "bench", "time", "Mutex", r->backends.v[b], r->procs[p],
                               "Channel", r->backends.v[b], r->procs[p]);
            char *q = isfinite(m) && isfinite(c) ? xasprintf("%.1f×%s", c / m, ci) : xstrdup("–");
            fprintf(f, "| %s | %d | %s | %s | %s | %s |\n", r->backends.v[b], r->procs[p], sm, sc,
                    sa, q);
            free(sm);
            free(sc);
            free(sa);
            free(ci);
            free(q);
        }
    fprintf(f, "\n");

    /* 4 */
    fprintf(
        f,
        "### 4. What does GOMAXPROCS control and when would you change it?\n\n"
        "*The guide: the degree of parallelism (the number of Ps).* Here `procs` plays that role. "
        "Ratio of ns/op at procs=%d to procs=%d (below 1 = faster with more procs):\n\n",
        pN, p1);
    if (r->np >= 2) {
        const char *keyb[] = {"Mutex",    "Channel",         "PingPong",          "SpawnJoin",
                              "ChanSPSC", "SelectContended", "RWMutexReadMostly", NULL};
        md_table_head(f, "| benchmark |", "|---|", &r->backends, "---:|");
        for (int k = 0; keyb[k]; k++) {
            fprintf(f, "| %s |", keyb[k]);
            scaling_cells(r, "bench", "time", keyb[k], p1, pN);
        }
        for (size_t i = 0; i < wl->n; i++) {
            fprintf(f, "| workload %s (wall) |", wl->v[i]);
            scaling_cells(r, "workload", "wall", wl->v[i], p1, pN);
        }
        const char *cores = fp_str(r->rs, "cores_online");
        fprintf(
            f,
            "\nOn this %s-core machine procs=%d gives at most %s-way parallelism; above that it only adds contention and switching.\n\n",
            *cores ? cores : "?", pN, *cores ? cores : "?");
    } else
        fprintf(f, "Only one procs value was run, so there is no scaling to show.\n\n");

    /* 5 */
    fprintf(
        f,
        "### 5. How do syscalls affect scheduling?\n\n"
        "*The guide: a syscall blocks its M; the runtime hands the P to another M so runnable Gs keep running.* "
        "`SyscallHandoff`: at procs=1, one goroutine sits in a blocking system call inside `gr_syscall_enter`/`gr_syscall_exit` "
        "while two others ping-pong; ns per ping-pong round trip (a backend that does not hand off the P stalls the pair):\n\n");
    for (size_t p = 0; p < r->np; p++) {
        double any_v = NAN;
        for (size_t b = 0; b < r->backends.n; b++) {
            double v = rep_med(r, "bench", "SyscallHandoff", r->backends.v[b], r->procs[p], "time");
            if (isfinite(v))
                any_v = v;
        }
        if (!isfinite(any_v))
            continue;
        fprintf(f, "- procs=%d: ", r->procs[p]);
        bench_line(r, "SyscallHandoff", r->procs[p]);
        fprintf(f, ".\n");
    }
    bool shown = false;
    for (size_t b = 0; b < r->backends.n; b++) {
        double s = rep_med(r, "bench", "SyscallHandoff", r->backends.v[b], p1, "time");
        double pp = rep_med(r, "bench", "PingPong", r->backends.v[b], p1, "time");
        if (isfinite(s) && isfinite(pp)) {
            if (!shown)
                fprintf(
                    f,
                    "- Against a plain `PingPong` at procs=%d (the cost the blocked syscall adds):",
                    p1);
            char *ci = rep_fci(r, "bench", "time", "PingPong", r->backends.v[b], p1,
                               "SyscallHandoff", r->backends.v[b], p1);
            fprintf(f, "%s %s %.2f×%s", shown ? "," : "", r->backends.v[b], s / pp, ci);
            free(ci);
            shown = true;
        }
    }
    if (shown)
        fprintf(f, ".\n");
    bool none = true;
    for (size_t b = 0; b < r->backends.n; b++)
        if (isfinite(rep_med(r, "bench", "SyscallHandoff", r->backends.v[b], 0, "time")))
            none = false;
    if (none) {
        fprintf(f, "- `SyscallHandoff` was not measured in this run");
        for (size_t k = 0; k < r->rs->cells.n; k++)
            if (!strcmp(r->rs->cells.v[k].name, "SyscallHandoff") &&
                r->rs->cells.v[k].status != CELL_OK)
                fprintf(f, "; %s procs=%d: %s (%s)", r->rs->cells.v[k].backend,
                        r->rs->cells.v[k].procs, cell_status_name[r->rs->cells.v[k].status],
                        r->rs->cells.v[k].detail);
        fprintf(f, ".\n");
    }
    fprintf(f, "\n");
}
