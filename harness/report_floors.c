/* report_floors.c — REPORT.md's section "What each scheduler adds to its
 * floor": per backend, the floor (suites/floors: the design's bare
 * switching primitive, ns per one-way switch, suite "floor" of the set),
 * PingPong at procs=1, and PingPong divided by the floor's round trip (two
 * switches, the two hand-offs of one PingPong round trip) with its 95%
 * interval; then the port's overhead over Boost.Fiber: the gr skynet on a
 * boostfiber backend against Boost.Fiber's own skynet (suites/native, suite
 * "native" of the set) at the same thread count, wall time with its 95%
 * interval and peak RSS.
 *
 * Invariants: reads the result set only; every figure is a median over the
 * set's repetitions of one measured series, and every interval is the one
 * the report gives ratios against Go (pairs.h: Hodges–Lehmann over the
 * rounds' pairs of an interleaved run; the floor and PingPong run back to
 * back in one group, and so do the two skynets).  Halving the ratio for
 * the round trip scales estimate and interval alike.  A backend without a
 * floor in the set gets no row; a port pair whose gr side did not run says
 * why (its cell's status and detail); the section says when the set has
 * neither. */
#define _GNU_SOURCE
#include "report_floors.h"
#include "pairs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The floor's row name (the primitive) for one backend, or NULL. */
static const char *floor_name(const resultset *rs, const char *backend)
{
    for (size_t i = 0; i < rs->data.n; i++) {
        const row *x = &rs->data.v[i];
        if (!strcmp(x->suite, "floor") && !strcmp(x->backend, backend) &&
            !strcmp(x->metric, "time"))
            return x->name;
    }
    return NULL;
}

static void fmt_ns(FILE *f, double v)
{
    if (!isfinite(v))
        fprintf(f, " – |");
    else if (v < 100)
        fprintf(f, " %.1f |", v);
    else
        fprintf(f, " %.0f |", v);
}

/* The non-ok cell of one series, for saying why a side is missing. */
static const cell *missing_cell(const resultset *rs, const char *backend, const char *name,
                                int procs)
{
    for (size_t k = 0; k < rs->cells.n; k++) {
        const cell *c = &rs->cells.v[k];
        if (!strcmp(c->backend, backend) && !strcmp(c->name, name) && c->procs == procs &&
            c->status != CELL_OK)
            return c;
    }
    return NULL;
}

static void floors_table(FILE *f, const resultset *rs, const strlist *backends, bool interleaved)
{
    bool header = false;
    for (size_t b = 0; b < backends->n; b++) {
        const char *be = backends->v[b], *prim = floor_name(rs, be);
        if (!prim)
            continue;
        double fl = rows_median(&rs->data, "floor", prim, be, 1, "time");
        double pp = rows_median(&rs->data, "bench", "PingPong", be, 1, "time");
        if (!header) {
            fprintf(
                f,
                "| backend | primitive | floor, ns per switch | floor round trip (2 switches) | PingPong, procs=1 | PingPong / floor round trip [95%% CI] |\n"
                "|---|---|---:|---:|---:|---:|\n");
            header = true;
        }
        fprintf(f, "| %s | `%s` |", be, prim);
        fmt_ns(f, fl);
        fmt_ns(f, 2 * fl);
        fmt_ns(f, pp);
        series_key kf = {"floor", prim, be, "time", 1}, kp = {"bench", "PingPong", be, "time", 1};
        ratio_est e;
        if (isfinite(fl) && isfinite(pp) && fl > 0) {
            fprintf(f, " %.1f×", pp / (2 * fl));
            if (ratio_ci_k(&rs->data, interleaved, &kf, &kp, &e))
                fprintf(f, " [%.1f, %.1f]", e.lo / 2, e.hi / 2);
            fprintf(f, " |\n");
        } else {
            const cell *c = missing_cell(rs, be, "PingPong", 1);
            fprintf(f, " – (PingPong %s) |\n", c ? cell_status_name[c->status] : "not measured");
        }
    }
    if (!header)
        fprintf(
            f,
            "No floor was measured in this run (`grbench run` times a backend's floor when the run has PingPong at procs=1 "
            "and the design's program in `suites/floors` is built).\n");
    fprintf(f, "\n");
}

static void fmt_mib(FILE *f, double kib)
{
    if (isfinite(kib))
        fprintf(f, " / %.0f MiB", kib / 1024);
}

static void port_table(FILE *f, const resultset *rs, bool interleaved)
{
    strlist seen;
    sl_init(&seen);
    bool header = false;
    for (size_t i = 0; i < rs->data.n; i++) {
        const row *x = &rs->data.v[i];
        if (strcmp(x->suite, "native") || strcmp(x->metric, "wall"))
            continue;
        char *key = xasprintf("%s|%s|%d", x->name, x->backend, x->procs);
        if (sl_contains(&seen, key)) {
            free(key);
            continue;
        }
        sl_add(&seen, key);
        free(key);
        const char *name = x->name, *be = x->backend;
        int procs = x->procs;
        double nat = rows_median(&rs->data, "native", name, be, procs, "wall");
        double gr = rows_median(&rs->data, "workload", name, be, procs, "wall");
        double nm = rows_median(&rs->data, "native", name, be, procs, "peak_rss");
        double gm = rows_median(&rs->data, "workload", name, be, procs, "peak_rss");
        if (!header) {
            fprintf(
                f,
                "| workload | threads | gr port on | gr: wall / peak RSS | native Boost.Fiber: wall / peak RSS | gr / native wall [95%% CI] |\n"
                "|---|---:|---|---:|---:|---:|\n");
            header = true;
        }
        fprintf(f, "| `%s` | %d | %s |", name, procs, be);
        if (isfinite(gr)) {
            fprintf(f, " %.3f s", gr);
            fmt_mib(f, gm);
            fprintf(f, " |");
        } else {
            const cell *c = missing_cell(rs, be, name, procs);
            /* a workload's own skip line already starts with "skipped:" */
            bool says = c && str_starts(c->detail, cell_status_name[c->status]);
            fprintf(f, " %s%s%s |",
                    says ? ""
                    : c  ? cell_status_name[c->status]
                         : "not measured",
                    c && *c->detail && !says ? ": " : "", c ? c->detail : "");
        }
        fprintf(f, " %.3f s", nat);
        fmt_mib(f, nm);
        fprintf(f, " |");
        series_key kn = {"native", name, be, "wall", procs},
                   kg = {"workload", name, be, "wall", procs};
        ratio_est e;
        if (isfinite(gr) && nat > 0) {
            fprintf(f, " %.2f×", gr / nat);
            if (ratio_ci_k(&rs->data, interleaved, &kn, &kg, &e))
                fprintf(f, " [%.2f, %.2f]", e.lo, e.hi);
            fprintf(f, " |\n");
        } else
            fprintf(f, " – |\n");
    }
    if (!header)
        fprintf(
            f,
            "Not measured in this run (no native Boost.Fiber skynet: the run needs the skynet workload, a "
            "`boostfiber-ws` backend and `suites/native` built).\n");
    fprintf(f, "\n");
    sl_free(&seen);
}

void report_floors(FILE *f, const resultset *rs, const strlist *backends)
{
    bool interleaved = set_interleaved(rs);
    fprintf(
        f,
        "## What each scheduler adds to its floor\n\n"
        "Each design's **floor** is its bare switching primitive timed with no scheduler around it "
        "(`suites/floors`): ws's `ws_switch`, ucontext's `swapcontext`, a futex ping-pong between two threads for pthread, "
        "and Boost.Context's `fiber::resume` for the boostfiber backends; median ns per one-way switch, "
        "measured in the same rounds as PingPong. A PingPong round trip is two hand-offs, so the last column divides "
        "PingPong at procs=1 by two switches: what the scheduler and the channel code add on top of the primitive "
        "(1.0× would be the primitive alone). In brackets, the 95%% confidence interval over the rounds' pairs, "
        "as for the ratios to Go.\n\n");
    floors_table(f, rs, backends, interleaved);
    fprintf(
        f,
        "**The port's overhead over Boost.Fiber.** The same skynet through grbench's port on Boost.Fiber's "
        "`work_stealing` (the `boostfiber-ws` backend) against Boost.Fiber's own skynet (`suites/native`, "
        "the program of its performance docs with `--unbuffered`: unbuffered channels as in gr's and Go's "
        "skynet, and the launch policy of the backend's `gr_go`: `launch::dispatch`, or `--post` when the run's "
        "environment set `GR_BOOSTFIBER_LAUNCH=post`), at the same thread count, run back "
        "to back in every round. Median wall time (hyperfine) and peak RSS (wait4); in brackets the ratio's 95%% interval.\n\n");
    port_table(f, rs, interleaved);
}
