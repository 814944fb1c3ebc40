/* profile_heap.c — `grbench profile --heap`: the guide's -memprofile for C.
 * Records one benchmark or workload with gperftools' heap profiler, prints
 * the top allocation sites by bytes in use and by allocations, and leaves
 * the profile files that pprof opens.  For the idle workload it also
 * prints where a parked goroutine's bytes go, measured.
 *
 * The profiler: LD_PRELOAD=libtcmalloc.so.4 with HEAPPROFILE=DIR/heap
 * (Debian's google-perftools / libgoogle-perftools-dev).  It records every
 * allocation, not a sample, so the allocation counts are exact, and a
 * program can ask it for a dump at a moment of its choosing
 * (HeapProfilerDump, which idle.c calls with "before" and "parked").
 * Debian's jemalloc has profiling built in too (MALLOC_CONF=prof:true
 * works with libjemalloc2 5.3), but it samples (one per 512 KiB by default;
 * exact counts only with lg_prof_sample:0), and gperftools is the package
 * the CPU mode already uses, read by the same google-pprof.
 *
 * Which dump is which:
 *   bytes in use   the dump named "parked" when the program made one, else
 *                  the dump with the most bytes in use (the profiler also
 *                  dumps each time the bytes in use grow by
 *                  HEAP_PROFILE_INUSE_INTERVAL, set here to 16 MiB, so that
 *                  dump is the high-water mark to within 16 MiB);
 *   allocations    the last dump (at exit): every allocation of the run.
 *
 * The idle breakdown comes from a second run of the same command without the
 * profiler, so the backend runs on its own allocator (tcmalloc would change
 * the allocator's overhead being measured): the workload's result line
 * carries the smaps and allocator readings (suites/workloads/idle.c).  The
 * profiled run adds the bytes the runtime requested per goroutine (in use
 * at "parked" minus "before", / N), which splits the allocator's in-use
 * bytes into requested bytes and chunk headers with rounding.  The rows
 * partition the resident pages (each page in one row), so they sum to the
 * smaps total; the check is that total against the RSS growth of
 * /proc/self/statm, the kernel's separate RSS counters, within
 * IDLE_TOLERANCE.
 *
 * Invariants: no shell (proc_run with an argv); files only under the output
 * folder; old heap.*.heap files there are removed first, so every dump read
 * is this run's. */
#define _GNU_SOURCE
#include "proc.h"
#include "profile.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TCMALLOC       "libtcmalloc.so.4"
#define IDLE_TOLERANCE 0.01 /* |smaps sum - statm growth| / statm growth */

typedef struct {
    char *path, *reason;
    double inuse;
} dump;
typedef struct {
    dump *v;
    size_t n, cap;
} dumplist;

static void dumps_free(dumplist *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].path);
        free(d->v[i].reason);
    }
    free(d->v);
}

/* The header of a heap profile: "heap profile: OBJS: BYTES [ OBJS: BYTES] @ ..." */
static double dump_inuse(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NAN;
    long long objs, bytes;
    int n = fscanf(f, "heap profile: %lld: %lld", &objs, &bytes);
    fclose(f);
    return n == 2 ? (double)bytes : NAN;
}

/* "Dumping heap profile to PATH (REASON)" lines of the profiled run. */
static void parse_dumps(const char *log, dumplist *d)
{
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, log, "\n");
    for (size_t i = 0; i < lines.n; i++) {
        const char *p = strstr(lines.v[i], "Dumping heap profile to ");
        if (!p)
            continue;
        p += strlen("Dumping heap profile to ");
        const char *sp = strstr(p, " (");
        if (!sp)
            continue;
        char *path = strndup(p, (size_t)(sp - p));
        char *reason = xstrdup(sp + 2);
        char *close = strrchr(reason, ')');
        if (close)
            *close = 0;
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 16;
            d->v = xrealloc(d->v, d->cap * sizeof *d->v);
        }
        d->v[d->n++] = (dump){path, reason, dump_inuse(path)};
    }
    sl_free(&lines);
}

static void remove_old_dumps(const char *dir)
{
    DIR *dd = opendir(dir);
    if (!dd)
        return;
    struct dirent *e;
    while ((e = readdir(dd))) {
        size_t l = strlen(e->d_name);
        if (!strncmp(e->d_name, "heap.", 5) && l > 5 && !strcmp(e->d_name + l - 5, ".heap")) {
            char *p = path_join(dir, e->d_name);
            unlink(p);
            free(p);
        }
    }
    closedir(dd);
}

static bool tcmalloc_works(void)
{
    char *argv[] = {"true", NULL};
    char *env[] = {"LD_PRELOAD=" TCMALLOC, NULL};
    proc_result r;
    char *out = proc_capture(argv, env, NULL, 30, true, true, &r);
    bool ok = out && r.how == PROC_EXITED && r.code == 0 && !strstr(out, "LD_PRELOAD");
    free(out);
    return ok;
}

static char *fbytes(double b)
{
    if (!isfinite(b))
        return xstrdup("-");
    if (fabs(b) < 10 * 1024)
        return xasprintf("%.0f B", b);
    if (fabs(b) < 10 * 1024 * 1024)
        return xasprintf("%.1f KiB", b / 1024);
    if (fabs(b) < 10.0 * 1024 * 1024 * 1024)
        return xasprintf("%.1f MiB", b / (1024 * 1024));
    return xasprintf("%.2f GiB", b / (1024.0 * 1024 * 1024));
}

/* google-pprof --text over one dump; the rows into l (value: bytes or
 * objects), with the amount in the where column. */
static int top_of(const char *pprof, const char *exe, const char *file, const char *mode,
                  toplist *l)
{
    char *argv[] = {(char *)pprof, "--text", "--show_bytes", (char *)mode, (char *)exe,
                    (char *)file,  NULL};
    char *text = proc_capture(argv, NULL, NULL, 120, false, false, NULL);
    if (!text)
        return err("%s --text %s %s failed", pprof, mode, file);
    parse_pprof_text(text, l);
    free(text);
    bool bytes = strstr(mode, "space") != NULL;
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].where);
        l->v[i].where = bytes ? fbytes(l->v[i].value) : xasprintf("%.0f", l->v[i].value);
    }
    return 0;
}

/* key=value of the idle result line ("idle: ... ok"), NAN when absent. */
static double field(const char *line, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = line; (p = strstr(p, key)); p += kl)
        if ((p == line || p[-1] == ' ') && p[kl] == '=')
            return strtod(p + kl + 1, NULL);
    return NAN;
}

static char *idle_line(const char *log)
{
    char *t = read_file(log, NULL);
    if (!t)
        return NULL;
    char *line = NULL;
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, t, "\n");
    for (size_t i = 0; i < lines.n; i++)
        if (str_starts(lines.v[i], "idle: ") && strstr(lines.v[i], " ok")) {
            free(line);
            line = xstrdup(lines.v[i]);
        }
    sl_free(&lines);
    free(t);
    return line;
}

/* -0.0 and rounding noise print as 0.0 */
static double nz(double v)
{
    return fabs(v) < 0.05 ? 0.0 : v;
}

/* One row of the breakdown: what, its bytes per goroutine (nz), and where
 * the number comes from. */
static void bd_row(const char *what, double bytes, const char *from)
{
    printf("  %-36s %9.1f B   %s\n", what, nz(bytes), from);
}

/* One run of j's command, with `extra` (NULL-terminated, or NULL) after its
 * environment and its output into log; *wall_s its wall time.  0 when it
 * exited 0; otherwise -1, reported ("<what> failed (<how>); see <log>"). */
static int run_once(const heap_job *j, char *const *extra, const char *log, const char *what,
                    double *wall_s)
{
    strlist env;
    sl_init(&env);
    for (char *const *e = j->env; e && *e; e++)
        sl_add(&env, *e);
    for (char *const *e = extra; e && *e; e++)
        sl_add(&env, *e);
    proc_spec sp = {.argv = j->argv,
                    .env = env.v,
                    .stdout_path = log,
                    .stderr_path = log,
                    .timeout_s = j->timeout_s};
    proc_result r;
    double t0 = now_s();
    int rc = proc_run(&sp, &r);
    if (wall_s)
        *wall_s = now_s() - t0;
    if (rc == 0 && (r.how != PROC_EXITED || r.code != 0)) {
        char *d = proc_describe(&r, j->timeout_s);
        err("%s failed (%s); see %s", what, d, log);
        free(d);
        rc = -1;
    }
    sl_free(&env);
    return rc;
}

/* The breakdown of a plain run; requested: bytes per goroutine the profiled
 * run saw requested (NAN if unknown).  0 = printed and it adds up. */
static int idle_breakdown(const heap_job *j, double requested)
{
    char *log = path_join(j->dir, "idle-plain.log");
    int rc = 1;
    char *line = NULL;
    if (run_once(j, NULL, log, "the plain run of the idle workload", NULL) != 0)
        goto out;
    line = idle_line(log);
    double n = line ? field(line, "n") : NAN, stack = line ? field(line, "stack_bytes") : NAN;
    if (!line || !isfinite(n) || !isfinite(stack)) {
        err("no idle result line with a breakdown in %s", log);
        goto out;
    }
    double heap = field(line, "heap_bytes"), over = field(line, "alloc_overhead_bytes"),
           other = field(line, "other_anon_bytes"), file = field(line, "file_bytes"),
           sum = field(line, "sum_bytes"), rss = field(line, "bytes_per_goroutine"),
           pte = field(line, "kernel_pte_bytes"), kst = field(line, "kernel_stack_bytes");
    double rows = stack + heap + over + other + file;
    printf("\nmemory per parked goroutine (%s on %s; a second run, without the profiler):\n",
           j->what, j->backend);
    if (j->go) {
        bd_row("stacks", stack, "runtime.MemStats.StackInuse");
        bd_row("heap objects (g, sudog, allgs)", heap, "MemStats.HeapAlloc");
        if (isfinite(requested))
            bd_row("  the heap profile's in use", requested,
                   "after a GC, / N (all sites, not only the N)");
        bd_row("allocator overhead and metadata", over,
               "HeapInuse - HeapAlloc, MSpan/MCache/GC/Other/BuckHash Sys");
        bd_row("other anonymous memory", other, "smaps anonymous growth - the rows above");
        bd_row("file-backed pages", file, "smaps: code and data first touched");
    } else {
        bd_row("stack pages touched", stack,
               "smaps: the mappings that hold a parked goroutine's stack");
        bd_row("malloc'd, in use", heap, "the allocator's statistics (glibc: mallinfo2)");
        if (isfinite(requested)) {
            bd_row("  of which requested", requested,
                   "the heap profile: in use at \"parked\" - \"before\", / N");
            bd_row("  chunk headers and rounding", heap - requested, "in use - requested");
            if (heap - requested < -0.5)
                printf("  %-36s %9s     %s\n", "", "",
                       "(negative: the profiled run asked for more: preloading tcmalloc (and the "
                       "libstdc++ it needs) adds TLS modules, so each thread's dtv is larger)");
        }
        bd_row("allocator overhead (resident, free)", over,
               "the allocator's resident pages - in use");
        bd_row("other anonymous memory", other, "smaps: the rest of the anonymous mappings");
        bd_row("file-backed pages", file, "smaps: code and data first touched");
    }
    bd_row("sum", rows, "= the smaps Rss growth / N");
    double diff = rss != 0 ? (sum - rss) / rss : NAN;
    printf("  %-36s %9.0f B   %s\n", "RSS growth (statm)", rss,
           "/proc/self/statm, the kernel's RSS counters");
    printf("  %-36s %+8.2f %%   %s\n", "difference", 100 * diff, "(sum - RSS growth) / RSS growth");
    printf("  not in the RSS (kernel memory):\n");
    bd_row("  page tables", pte, "VmPTE, /proc/self/status");
    bd_row("  kernel stacks", kst,
           "KernelStack, /proc/meminfo (system-wide: other processes' threads too)");
    printf("  N = %.0f; raw: %s\n", n, line);
    if (other < -IDLE_TOLERANCE * rss)
        printf(
            "warning: other anonymous memory is negative: the allocator's resident bytes (its own statistics) "
            "lie partly in the stack mappings, which happens with an interposed allocator (jemalloc, "
            "tcmalloc); the stack and other rows are then mixed (exact with glibc malloc)\n");
    if (!(fabs(diff) <= IDLE_TOLERANCE) || fabs(rows - sum) > 0.5) {
        printf(
            "the breakdown does NOT add up: %.1f B of rows, %.1f B smaps, %.0f B RSS (tolerance %.0f %%)\n",
            rows, sum, rss, 100 * IDLE_TOLERANCE);
        goto out;
    }
    printf("the breakdown adds up: within %.0f %% of the RSS growth\n", 100 * IDLE_TOLERANCE);
    rc = 0;
out:
    free(line);
    free(log);
    return rc;
}

int go_workload_build(const char *source, const char *build, const char *name, const char *out)
{
    char *gopkg = path_join(source, "suites/go"), *pkg = xasprintf("./workloads/%s", name);
    char *go = which("go");
    int rc = -1;
    if (!go) {
        err("--backend go: no go toolchain here (Debian: golang-go)");
        goto out;
    }
    char *dir = xasprintf("%s/workloads/%s", gopkg, name);
    bool have = is_dir(dir);
    free(dir);
    if (!have) {
        err("--backend go: no Go workload \"%s\" under %s/workloads", name, gopkg);
        goto out;
    }
    strlist env;
    sl_init(&env);
    if (!getenv("GOCACHE"))
        sl_addf(&env, "GOCACHE=%s/harness/go-cache", build);
    if (!getenv("GOPATH") && !getenv("HOME"))
        sl_addf(&env, "GOPATH=%s/harness/go-path", build);
    sl_add(&env, "GOFLAGS=-mod=mod");
    sl_add(&env, "GOTOOLCHAIN=local");
    char *argv[] = {go, "build", "-o", (char *)out, pkg, NULL};
    proc_result r;
    char *text = proc_capture(argv, env.v, gopkg, 300, true, true, &r);
    if (text && r.how == PROC_EXITED && r.code == 0)
        rc = 0;
    else
        err("go build %s failed: %s", pkg, text ? text : "could not run");
    free(text);
    sl_free(&env);
out:
    free(gopkg);
    free(pkg);
    free(go);
    return rc;
}

/* Go: the workload writes its own heap profile (GRBENCH_MEMPROFILE, at the
 * parked moment for idle, after a GC), read with go tool pprof. */
static int profile_heap_go(const heap_job *j)
{
    char *go = which("go");
    if (!go) {
        err("no go toolchain to read the Go heap profile");
        return 3;
    }
    char *prof = path_join(j->dir, "heap.pb.gz"), *log = path_join(j->dir, "output.log");
    unlink(prof);
    char *memprof = xasprintf("GRBENCH_MEMPROFILE=%s", prof);
    char *extra[] = {memprof, NULL};
    toplist inuse = {0}, allocs = {0};
    int rc = 1;
    printf(
        "grbench profile: %s on Go, with Go's heap profiler (runtime.MemProfileRate = 1, every allocation)\n",
        j->what);
    fflush(stdout);
    double wall;
    if (run_once(j, extra, log, "the recorded run", &wall) != 0)
        goto out;
    if (!path_exists(prof)) {
        err("the Go workload wrote no heap profile (only idle writes one); see %s", log);
        goto out;
    }
    const char *modes[2] = {"-sample_index=inuse_space", "-sample_index=alloc_objects"};
    toplist *lists[2] = {&inuse, &allocs};
    double total_inuse = NAN;
    for (int k = 0; k < 2; k++) {
        char *argv[] = {go,   "tool", "pprof", "-top", "-unit=B", (char *)modes[k], (char *)j->exe,
                        prof, NULL};
        char *text = proc_capture(argv, NULL, NULL, 120, true, false, NULL);
        if (!text) {
            err("go tool pprof %s %s failed", modes[k], prof);
            goto out;
        }
        parse_pprof_text(text, lists[k]);
        if (k == 0) { /* "Showing nodes accounting for X, P% of TOTALB total" */
            const char *p = strstr(text, "% of ");
            if (p)
                total_inuse = strtod(p + 5, NULL);
        }
        free(text);
        for (size_t i = 0; i < lists[k]->n; i++) {
            free(lists[k]->v[i].where);
            lists[k]->v[i].where =
                k == 0 ? fbytes(lists[k]->v[i].value) : xasprintf("%.0f", lists[k]->v[i].value);
        }
    }
    char *l1 = format_top(&inuse, j->top), *l2 = format_top(&allocs, j->top),
         *tot = fbytes(total_inuse);
    printf("recorded in %.2f s\n", wall);
    printf(
        "\ntop allocation sites by bytes in use (go tool pprof -sample_index=inuse_space; %s in use%s):\n%s",
        tot, j->idle ? " while parked" : " at exit", inuse.n ? l1 : "  (nothing in use)\n");
    printf(
        "\ntop allocation sites by allocations (go tool pprof -sample_index=alloc_objects; the whole run):\n%s",
        allocs.n ? l2 : "  (no allocations)\n");
    {
        char *tp = path_join(j->dir, "top.txt");
        FILE *f = fopen(tp, "w");
        if (f) {
            fprintf(f, "inuse_space %s\n%salloc_objects %s\n%s", prof, l1, prof, l2);
            fclose(f);
        }
        free(tp);
    }
    free(l1);
    free(l2);
    free(tot);
    printf("\nprofile: %s\n", prof);
    printf("open it: go tool pprof -http=: %s %s\n", j->exe, prof);
    rc = 0;
    if (j->idle) {
        char *line = idle_line(log);
        double n = line ? field(line, "n") : NAN;
        free(line);
        rc = idle_breakdown(j, n > 0 ? total_inuse / n : NAN);
    }
out:
    top_free(&inuse);
    top_free(&allocs);
    free(memprof);
    free(prof);
    free(log);
    free(go);
    return rc;
}

int profile_heap(const heap_job *j)
{
    if (j->go)
        return profile_heap_go(j);
    if (!tcmalloc_works()) {
        err(TCMALLOC
            " cannot be preloaded: install libgoogle-perftools-dev (gperftools' heap profiler)");
        return 3;
    }
    char *pprof = which("google-pprof");
    if (!pprof)
        pprof = which("pprof");
    if (!pprof) {
        err("no google-pprof (Debian: google-perftools) to read the heap profile");
        return 3;
    }
    remove_old_dumps(j->dir);
    char *base = path_join(j->dir, "heap"), *log = path_join(j->dir, "output.log");
    char *heapprof = xasprintf("HEAPPROFILE=%s", base);
    char *extra[] = {"LD_PRELOAD=" TCMALLOC, heapprof, "HEAP_PROFILE_INUSE_INTERVAL=16777216",
                     NULL};
    dumplist d = {0};
    toplist inuse = {0}, allocs = {0};
    int rc = 1;
    printf("grbench profile: %s on %s, with gperftools' heap profiler (" TCMALLOC
           ", every allocation)\n",
           j->what, j->backend);
    fflush(stdout);
    double wall;
    if (run_once(j, extra, log, "the recorded run", &wall) != 0)
        goto out;
    char *text = read_file(log, NULL);
    if (text) {
        parse_dumps(text, &d);
        free(text);
    }
    if (d.n == 0) {
        err("the heap profiler wrote no dump (see %s)", log);
        goto out;
    }
    const dump *use = NULL, *before = NULL;
    for (size_t i = 0; i < d.n; i++) {
        if (!strcmp(d.v[i].reason, "parked"))
            use = &d.v[i];
        if (!strcmp(d.v[i].reason, "before"))
            before = &d.v[i];
    }
    if (use && !isfinite(use->inuse)) {
        /* gperftools writes an empty dump when /proc/self/maps does not fit
         * its 1 MiB profile buffer: with tens of thousands of mappings (the
         * Boost.Fiber backends map each stack apart: idle 9999 does it,
         * idle 3000 does not) */
        warnx_(
            "the program's dump \"parked\" (%s) is empty: gperftools leaves a dump empty when "
            "/proc/self/maps outgrows its 1 MiB buffer (too many mappings); using the dump with the most in use",
            use->path);
        use = NULL;
    }
    bool explicit_dump = use != NULL;
    if (!use)
        for (size_t i = 0; i < d.n; i++)
            if (isfinite(d.v[i].inuse) && (!use || d.v[i].inuse > use->inuse))
                use = &d.v[i];
    const dump *last = NULL;
    for (size_t i = d.n; i-- > 0 && !last;)
        if (isfinite(d.v[i].inuse))
            last = &d.v[i];
    if (!use || !last) {
        err("every heap dump is empty or unreadable (see %s)", log);
        goto out;
    }
    if (top_of(pprof, j->exe, use->path, "--inuse_space", &inuse) != 0 ||
        top_of(pprof, j->exe, last->path, "--alloc_objects", &allocs) != 0)
        goto out;
    char *l1 = format_top(&inuse, j->top), *l2 = format_top(&allocs, j->top);
    char *tot = fbytes(use->inuse);
    printf("recorded in %.2f s: %zu heap dump%s\n", wall, d.n, d.n == 1 ? "" : "s");
    printf(
        "\ntop allocation sites by bytes in use (pprof --inuse_space; %s in use at dump \"%s\"%s):\n%s",
        tot, use->reason, explicit_dump ? ", the program's" : ", the most in use",
        inuse.n ? l1 : "  (nothing in use)\n");
    printf(
        "\ntop allocation sites by allocations (pprof --alloc_objects; the whole run, dump \"%s\"):\n%s",
        last->reason, allocs.n ? l2 : "  (no allocations)\n");
    {
        char *tp = path_join(j->dir, "top.txt");
        FILE *f = fopen(tp, "w");
        if (f) {
            fprintf(f, "inuse_space %s\n%salloc_objects %s\n%s", use->path, l1, last->path, l2);
            fclose(f);
        }
        free(tp);
    }
    free(l1);
    free(l2);
    free(tot);
    printf("\nprofile: %s (in use)\n", use->path);
    if (last != use)
        printf("         %s (every allocation)\n", last->path);
    printf("open it: google-pprof --web %s %s\n", j->exe, use->path);
    printf("         go tool pprof -sample_index=alloc_objects -http=: %s %s\n", j->exe,
           last->path);
    rc = 0;
    if (j->idle) {
        double req = NAN;
        if (explicit_dump && before && isfinite(before->inuse) && isfinite(use->inuse)) {
            char *line = idle_line(log);
            double n = line ? field(line, "n") : NAN;
            if (n > 0)
                req = (use->inuse - before->inuse) / n;
            free(line);
        }
        rc = idle_breakdown(j, req);
    }
out:
    dumps_free(&d);
    top_free(&inuse);
    top_free(&allocs);
    free(heapprof);
    free(base);
    free(log);
    free(pprof);
    return rc;
}
