/* report_memory.c — REPORT.md's section "Where a parked goroutine's bytes
 * go": the idle workload's breakdown (suites/workloads/idle.c and its Go
 * twin write it into their result line; `grbench run` keeps each numeric
 * field as a metric), one row per backend and Go, at the largest N each
 * ran, with the check that the rows add up to the RSS growth.
 *
 * Invariants: reads the result set only; every figure is a median over the
 * set's repetitions of one measured metric (nothing is derived from a
 * constant); a backend with no breakdown in the set gets no row, and the
 * section says so when no backend has one; the tolerance is the one
 * `grbench profile --heap` applies (REPORT_MEMORY_TOLERANCE). */
#define _GNU_SOURCE
#include "report_memory.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_MEMORY_TOLERANCE 0.01

static bool is_idle(const char *name)
{
    return !strncmp(name, "idle", 4) && (name[4] == 0 || name[4] == '/');
}

static long size_of(const char *name)
{
    const char *sl = strrchr(name, '/');
    long v;
    return sl && parse_int(sl + 1, &v) ? v : 0;
}

static void cell_bytes(FILE *f, double v)
{
    if (!isfinite(v))
        fprintf(f, " – |");
    else
        fprintf(f, " %.0f |", fabs(v) < 0.5 ? 0.0 : v);
}

void report_memory(FILE *f, const resultset *rs, const strlist *backends, int procs)
{
    static const char *cols[] = {"stack_bytes",         "heap_bytes",       "alloc_overhead_bytes",
                                 "other_anon_bytes",    "file_bytes",       "sum_bytes",
                                 "bytes_per_goroutine", "kernel_pte_bytes", "kernel_stack_bytes"};
    enum { NC = sizeof cols / sizeof *cols };
    fprintf(
        f,
        "## Where a parked goroutine's bytes go\n\n"
        "The `idle` workload at procs=%d, per parked goroutine, in bytes (median of the repetitions), "
        "at the largest N each backend ran. Each figure is measured while all N goroutines are parked "
        "(suites/workloads/idle.c, suites/go/workloads/idle):\n\n"
        "- **stack**: resident pages of the mappings that hold a parked goroutine's stack "
        "(/proc/self/smaps; each goroutine records an address on its stack). On ws the G record lives "
        "at the top of its stack, and on pthread glibc's thread descriptor and TLS sit in the stack "
        "mapping, so they are in this column. Go: `MemStats.StackInuse`.\n"
        "- **malloc'd**: the allocator's bytes in use (glibc `mallinfo2`: in-use chunks with their "
        "headers, and mmapped chunks): the G records and other runtime bookkeeping. Go: `HeapAlloc` "
        "(the g records, the sudogs, allgs). `grbench profile --heap --workload idle` splits it into "
        "the bytes requested and chunk headers.\n"
        "- **overhead**: the allocator's resident pages minus its bytes in use (glibc malloc's "
        "mappings are found by their layout: `[heap]`, arena heaps, mmapped chunks). Go: "
        "`HeapInuse − HeapAlloc` plus the runtime metadata that grew (`MSpanInuse`, `MCacheInuse`, "
        "`GCSys`, `OtherSys`, `BuckHashSys`).\n"
        "- **other**: the rest of the anonymous resident growth (smaps); for Go, what MemStats does "
        "not account for. **file**: file pages first touched. The split by page is exact with glibc "
        "malloc; with jemalloc (`-Dallocator=jemalloc`) its extents can share a mapping with stacks, "
        "and then other goes negative by what the stack column holds too much.\n"
        "- **sum** = the smaps Rss growth; **RSS** = the growth of `/proc/self/statm`'s resident "
        "count, the kernel's separate RSS counters. The breakdown adds up when they agree within "
        "%.0f %%.\n"
        "- Not in the RSS: **page tables** (`VmPTE`) and **kernel stacks** (`KernelStack` of "
        "/proc/meminfo, system-wide, so other processes' threads show as noise; on pthread it is "
        "the kernel's per-thread cost).\n\n",
        procs, 100 * REPORT_MEMORY_TOLERANCE);
    strlist names;
    sl_init(&names);
    rows_names(&rs->data, "workload", &names);
    bool header = false;
    for (size_t b = 0; b < backends->n; b++) {
        const char *be = backends->v[b], *best = NULL;
        long bestn = -1;
        for (size_t i = 0; i < names.n; i++) {
            if (!is_idle(names.v[i]))
                continue;
            double v = rows_median(&rs->data, "workload", names.v[i], be, procs, "stack_bytes");
            long n = size_of(names.v[i]);
            if (isfinite(v) && n > bestn) {
                best = names.v[i];
                bestn = n;
            }
        }
        if (!best)
            continue;
        if (!header) {
            fprintf(
                f,
                "| backend | N | stack | malloc'd | overhead | other | file | sum | RSS | sum − RSS "
                "| adds up | page tables | kernel stacks |\n"
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|\n");
            header = true;
        }
        double v[NC];
        for (int k = 0; k < NC; k++)
            v[k] = rows_median(&rs->data, "workload", best, be, procs, cols[k]);
        fprintf(f, "| %s | %ld |", be, bestn);
        for (int k = 0; k < 7; k++)
            cell_bytes(f, v[k]);
        double d = v[6] != 0 ? (v[5] - v[6]) / v[6] : NAN;
        if (isfinite(d))
            fprintf(f, " %+.2f %% | %s |", 100 * d,
                    fabs(d) <= REPORT_MEMORY_TOLERANCE ? "yes" : "**no**");
        else
            fprintf(f, " – | – |");
        cell_bytes(f, v[7]);
        cell_bytes(f, v[8]);
        fprintf(f, "\n");
    }
    if (header) { /* why a backend's N is smaller: its larger cells did not run */
        bool first = true;
        for (size_t k = 0; k < rs->cells.n; k++) {
            const cell *c = &rs->cells.v[k];
            if (!strstr(c->kind, "workload") || !is_idle(c->name) || c->procs != procs ||
                c->status == CELL_OK)
                continue;
            if (first)
                fprintf(f, "\nThe idle cells that did not run (so a row may show a smaller N):\n");
            first = false;
            fprintf(f, "- `%s` on %s: %s — %s\n", c->name, c->backend, cell_status_name[c->status],
                    c->detail);
        }
    }
    if (!header)
        fprintf(f,
                "*Not measured in this run: no `idle` result in the set has the breakdown fields "
                "(they came with grbench's issue #17; re-run `grbench run`).*\n");
    fprintf(f, "\n");
    sl_free(&names);
}
