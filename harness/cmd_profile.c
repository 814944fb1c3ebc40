/* cmd_profile.c — `grbench profile`: the profiling quickstart.  Records one
 * benchmark (build/suites/bench/bench) or one workload
 * (build/suites/workloads/NAME) on one backend and one procs value, prints
 * the functions that took the CPU time, and leaves a file that pprof opens.
 *
 * Two profilers:
 *   perf        `perf record -e cpu-clock -g` over the whole run (kernel and
 *               user time, every thread), when a probe record succeeds here
 *               (perf_event_paranoid, containers and missing packages can
 *               forbid it).  Top functions from `perf report`; the samples are
 *               also converted to DIR/profile.pb (pprof_write.c).
 *   gperftools  LD_PRELOAD=libprofiler.so.0 with CPUPROFILE=DIR/cpu.prof
 *               (SIGPROF on CPU time at 1000 Hz, user-space PCs); top functions
 *               from google-pprof / pprof --text; cpu.prof is pprof's own
 *               legacy format.
 * A workload runs again and again until --seconds have passed (a short run
 * alone gives too few samples); under perf the repetition happens in a child
 * grbench (`profile --internal-repeat`), so one perf.data holds every run.
 *
 * --heap hands the same target to profile_heap.c (gperftools' heap
 * profiler; the idle workload's memory breakdown).
 *
 * Invariants: no shell: every child is started by proc_run with an argv; the
 * recorded command is what `grbench run` runs for that cell, from the same
 * code (run_bench_command, run_workload_argv: the backend protocol of
 * backends.h picks the library), less the bench's JSON file; the profile files are written only
 * under the output folder; exit status 0 = a profile and a top list were
 * produced, 1 = the command or the profiler failed, 2 = usage, 3 = no
 * profiler works on this machine. */
#define _GNU_SOURCE
#include "backends.h"
#include "cmds.h"
#include "pprof_write.h"
#include "proc.h"
#include "profile.h"
#include "run.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_NO_PROFILER = 3 };

static const char profile_usage[] =
    "usage: grbench profile [OPTIONS] (--bench NAME | --workload NAME [SIZE])\n"
    "       grbench profile --heap [OPTIONS] (--bench NAME | --workload NAME [SIZE])\n"
    "\n"
    "Records one benchmark or workload on one backend with a CPU profiler and\n"
    "prints the functions that used the most CPU time, then where the profile\n"
    "file is and how to open it in pprof.  perf is used when the kernel allows\n"
    "it; otherwise gperftools' CPU profiler (libprofiler.so.0, preloaded).\n"
    "\n"
    "With --heap: gperftools' heap profiler (libtcmalloc.so.4, HEAPPROFILE) over\n"
    "one run, and the top allocation sites by bytes in use and by allocations.\n"
    "For --workload idle, also where a parked goroutine's bytes go (stack pages,\n"
    "malloc'd bytes, allocator overhead, other, kernel page tables and stacks),\n"
    "measured in a second run without the profiler and checked against the RSS\n"
    "growth (exit 1 when it does not add up within 1 %).\n"
    "\n"
    "  --bench NAME         a microbenchmark, as `bench --benchmark_list_tests` names it,\n"
    "                       with or without the /procs:N suffix (e.g. PingPong)\n"
    "  --workload NAME      a workload (skynet, sieve, pipeline, workerpool, idle);\n"
    "                       an optional SIZE argument follows\n"
    "  --backend NAME|PATH  the libgr.so.1 to run on (default pthread, else the first built);\n"
    "                       with --heap, `go` profiles the workload's Go version (suites/go)\n"
    "  --procs N            gr_config.procs / --cpu for the run (default 1)\n"
    "  --seconds S          how long to record (default 1): a benchmark's\n"
    "                       --benchmark_min_time; a workload runs again until S have passed\n"
    "  --out DIR            where the profile goes (default BUILD/profiles/NAME.BACKEND.procsN)\n"
    "  --heap               a heap profile instead of a CPU profile\n"
    "  --profiler P         auto (default), perf or gperftools (CPU profile only)\n"
    "  --top N              how many functions to print (default 15)\n"
    "  --timeout S          stop the recording after S seconds (default 300)\n"
    "  --build DIR          the build folder (default: the one grbench was built in)\n"
    "\n"
    "Files in DIR: perf.data and profile.pb (perf), or cpu.prof[.N] (gperftools);\n"
    "heap.NNNN.heap (--heap; DIR defaults to ...procsN.heap); top.txt (the list\n"
    "printed); output.log (the last run's output).\n"
    "Exit status: 0 ok, 1 the run or the profiler failed, 2 usage error,\n"
    "3 neither perf nor gperftools works on this machine (--heap: no\n"
    "libtcmalloc.so.4 or google-pprof).\n";

typedef enum { PROF_AUTO, PROF_PERF, PROF_GPERF } profiler;

typedef struct {
    strlist argv, env; /* the recorded command and its extra environment */
    char *exe;         /* the program whose symbols pprof needs */
    char *what;        /* "workload sieve 100" / "bench PingPong/procs:1" */
    double repeat_s;   /* workloads: run again until this much time passed */
} target;

/* ---- running the command, repeatedly ---- */

/* Run argv until `seconds` of wall time have passed (at least once, at most
 * 10000 times), with output to log.  With prof_base, each run gets its own
 * CPUPROFILE: prof_base, prof_base.2, ...  Returns 0 when every run exited 0;
 * otherwise the last result is in *last and -1 is returned.  *runs counts
 * the runs started. */
static int run_repeated(char *const *argv, char *const *env, double seconds, const char *log,
                        const char *prof_base, double timeout_s, int *runs, proc_result *last)
{
    double t0 = now_s();
    *runs = 0;
    memset(last, 0, sizeof *last);
    for (;;) {
        strlist e;
        sl_init(&e);
        for (char *const *p = env; p && *p; p++)
            sl_add(&e, *p);
        if (prof_base) {
            if (*runs == 0)
                sl_addf(&e, "CPUPROFILE=%s", prof_base);
            else
                sl_addf(&e, "CPUPROFILE=%s.%d", prof_base, *runs + 1);
        }
        double left = timeout_s > 0 ? timeout_s - (now_s() - t0) : 0;
        if (timeout_s > 0 && left < 1)
            left = 1;
        proc_spec sp = {
            .argv = argv, .env = e.v, .stdout_path = log, .stderr_path = log, .timeout_s = left};
        int rc = proc_run(&sp, last);
        sl_free(&e);
        if (rc != 0)
            return -1;
        (*runs)++;
        if (last->how != PROC_EXITED || last->code != 0)
            return -1;
        if (now_s() - t0 >= seconds || *runs >= 10000 || proc_interrupted)
            return 0;
    }
}

/* `grbench profile --internal-repeat SECONDS LOG -- CMD...`: the child that
 * perf records when a workload runs more than once.  Exits with the failing
 * run's status (128+signal when killed), 0 when all passed. */
static int internal_repeat(int argc, char **argv)
{
    double secs;
    if (argc < 5 || !parse_double(argv[2], &secs) || strcmp(argv[4], "--")) {
        err("profile --internal-repeat: want SECONDS LOG -- CMD...");
        return 2;
    }
    int runs;
    proc_result r;
    if (run_repeated(argv + 5, NULL, secs, argv[3], NULL, 0, &runs, &r) == 0) {
        fprintf(stderr, "grbench: profile: %d runs\n", runs);
        return 0;
    }
    char *d = proc_describe(&r, 0);
    err("run %d of %s: %s", runs, argv[5], d);
    free(d);
    if (r.how == PROC_EXITED && r.code != 0)
        return r.code;
    if (r.how == PROC_SIGNALED)
        return 128 + r.code;
    return 1;
}

/* ---- probes ---- */

static char *self_exe(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = 0;
    return xstrdup(buf);
}

/* perf works when `perf record -e cpu-clock -o /dev/null true` succeeds. */
static bool perf_works(char **why)
{
    char *perf = which("perf");
    if (!perf) {
        *why = xstrdup("perf is not installed (Debian: linux-perf)");
        return false;
    }
    free(perf);
    char *argv[] = {"perf", "record",    "-q", "-e",   "cpu-clock",
                    "-o",   "/dev/null", "--", "true", NULL};
    proc_result r;
    char *out = proc_capture(argv, NULL, NULL, 30, true, true, &r);
    bool ok = out && r.how == PROC_EXITED && r.code == 0;
    if (!ok) {
        char *first = out ? strndup(out, strcspn(out, "\n")) : xstrdup("could not run");
        *why = xasprintf("perf record does not work here: %s", first);
        free(first);
    }
    free(out);
    return ok;
}

/* libprofiler.so.0 preloads when ld.so does not complain about it. */
static bool gperf_works(char **why)
{
    char *argv[] = {"true", NULL};
    char *env[] = {"LD_PRELOAD=libprofiler.so.0", NULL};
    proc_result r;
    char *out = proc_capture(argv, env, NULL, 30, true, true, &r);
    bool ok = out && r.how == PROC_EXITED && r.code == 0 && !strstr(out, "LD_PRELOAD");
    if (!ok)
        *why = xstrdup("libprofiler.so.0 cannot be preloaded (Debian: libgoogle-perftools-dev)");
    free(out);
    return ok;
}

/* A pprof that reads gperftools' profiles: argv prefix in *l, or false.
 * google-pprof symbolizes every profile with the first one's memory map, so
 * it is only right for several profiles when all runs had one map. */
static bool find_pprof(strlist *l, bool one_map)
{
    char *p;
    if (one_map && (p = which("google-pprof"))) {
        sl_add(l, p);
        free(p);
        return true;
    }
    if ((p = which("pprof"))) {
        sl_add(l, p);
        free(p);
        return true;
    }
    if ((p = which("go"))) {
        sl_add(l, p);
        sl_add(l, "tool");
        sl_add(l, "pprof");
        free(p);
        return true;
    }
    if (!one_map && (p = which("google-pprof"))) { /* the first run's profile alone */
        warnx_("runs were at different addresses; google-pprof reads the first run's profile only");
        sl_add(l, p);
        free(p);
        return true;
    }
    return false;
}

/* The output folder: --out, or <build>/profiles/<name>[-<size>].<backend>.procs<N><suffix>
 * (suffix ".heap" for the heap mode).  malloc'd, absolute. */
static char *profile_dir(const char *outdir, const char *build, const char *name, const char *size,
                         const char *label, long procs, const char *suffix)
{
    if (outdir)
        return abs_path(outdir);
    char *n = sanitize(name);
    char *rel = xasprintf("%s/profiles/%s%s%s.%s.procs%ld%s", build, n, size ? "-" : "",
                          size ? size : "", label, procs, suffix);
    char *dir = abs_path(rel);
    free(n);
    free(rel);
    return dir;
}

/* ---- targets ---- */

static int bench_target(target *t, const char *build, const backend *be, const char *name,
                        int procs, double seconds)
{
    t->exe = xasprintf("%s/suites/bench/bench", build);
    if (!is_executable(t->exe))
        return err("no benchmark binary at %s (build first)", t->exe);
    strlist lenv;
    sl_init(&lenv);
    backend_env(be, &lenv);
    char *cpu = xasprintf("--cpu=%d", procs);
    char *argv[] = {t->exe, cpu, "--benchmark_list_tests", NULL};
    char *list = proc_capture(argv, lenv.v, NULL, 60, false, false, NULL);
    free(cpu);
    sl_free(&lenv);
    if (!list)
        return err("%s --benchmark_list_tests failed", t->exe);
    strlist names;
    sl_init(&names);
    sl_split(&names, list, "\n");
    free(list);
    char *want = xasprintf("%s/procs:%d", name, procs), *found = NULL;
    for (size_t i = 0; i < names.n && !found; i++)
        if (!strcmp(names.v[i], name) || !strcmp(names.v[i], want))
            found = xstrdup(names.v[i]);
    if (!found) {
        err("no benchmark \"%s\" with procs %d; the benchmarks are:", name, procs);
        for (size_t i = 0; i < names.n; i++)
            fprintf(stderr, "  %s\n", names.v[i]);
        free(want);
        sl_free(&names);
        return -1;
    }
    /* run's own command, without its JSON file.  No --backend: the backend
     * protocol picks the library; a re-exec would also make libprofiler
     * name its file cpu.prof_<pid>. */
    run_bench_command(t->exe, be, found, procs, seconds, NULL, &t->argv, &t->env);
    t->what = xasprintf("bench %s", found);
    t->repeat_s = 0;
    free(found);
    free(want);
    sl_free(&names);
    return 0;
}

static int workload_target(target *t, const char *build, const backend *be, const char *name,
                           const char *size, int procs, double seconds)
{
    if (strchr(name, '/') || !*name)
        return err("--workload: want a workload name, got \"%s\"", name);
    t->exe = xasprintf("%s/suites/workloads/%s", build, name);
    if (!is_executable(t->exe))
        return err("no workload \"%s\" at %s", name, t->exe);
    backend_env(be, &t->env);
    run_workload_argv(t->exe, procs, size, &t->argv);
    t->what = size ? xasprintf("workload %s %s", name, size) : xasprintf("workload %s", name);
    t->repeat_s = seconds;
    return 0;
}

/* ---- top functions ---- */

void top_add(toplist *l, double pct, double value, const char *name, const char *where)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (topline){pct, value, xstrdup(name), xstrdup(where ? where : "")};
}
void top_free(toplist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].where);
    }
    free(l->v);
}

/* "    37.58%  libgr.so.1   [.] gr_chan_send   " (perf report -F overhead,dso,sym). */
static void parse_perf_report(const char *text, toplist *l)
{
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, text, "\n");
    for (size_t i = 0; i < lines.n; i++) {
        char *s = lines.v[i];
        while (*s == ' ')
            s++;
        if (*s == '#' || !*s)
            continue;
        char *end;
        double pct = strtod(s, &end);
        if (end == s || *end != '%')
            continue;
        char *p = end + 1;
        while (*p == ' ')
            p++;
        size_t dl = strcspn(p, " ");
        char *dso = strndup(p, dl);
        p += dl;
        while (*p == ' ')
            p++;
        if (p[0] == '[' && p[2] == ']')
            p += 3; /* [k] / [.] */
        while (*p == ' ')
            p++;
        char *sym = xstrdup(p);
        str_trim(sym);
        if (*sym)
            top_add(l, pct, pct, sym, dso);
        free(dso);
        free(sym);
    }
    sl_free(&lines);
}

void parse_pprof_text(const char *text, toplist *l)
{
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, text, "\n");
    for (size_t i = 0; i < lines.n; i++) {
        strlist tok;
        sl_init(&tok);
        sl_split(&tok, lines.v[i], " \t");
        if (tok.n >= 6) {
            size_t n1 = strlen(tok.v[1]);
            char *end;
            double pct = strtod(tok.v[1], &end);
            if (n1 > 1 && tok.v[1][n1 - 1] == '%' && end == tok.v[1] + n1 - 1) {
                /* the name is everything after the fifth column */
                const char *p = lines.v[i];
                for (int k = 0; k < 5; k++) {
                    p += strspn(p, " \t");
                    p += strcspn(p, " \t");
                }
                p += strspn(p, " \t");
                double value = strtod(tok.v[0], NULL);
                if (pct > 0)
                    top_add(l, pct, value, p, NULL); /* flat 0: only on stacks */
            }
        }
        sl_free(&tok);
    }
    sl_free(&lines);
}

char *format_top(const toplist *l, size_t top)
{
    sbuf b;
    sb_init(&b);
    sb_add(&b, "");
    size_t w = 8;
    for (size_t i = 0; i < l->n && i < top; i++)
        if (strlen(l->v[i].name) > w)
            w = strlen(l->v[i].name);
    if (w > 60)
        w = 60;
    for (size_t i = 0; i < l->n && i < top; i++) {
        if (*l->v[i].where)
            sb_printf(&b, "  %6.2f%%  %-*s  %s\n", l->v[i].pct, (int)w, l->v[i].name,
                      l->v[i].where);
        else
            sb_printf(&b, "  %6.2f%%  %s\n", l->v[i].pct, l->v[i].name);
    }
    return sb_steal(&b);
}

static off_t file_size(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? st.st_size : -1;
}

static char *log_tail(const char *log)
{
    char *t = read_file(log, NULL);
    if (!t)
        return xstrdup("");
    str_trim(t);
    char *nl = strrchr(t, '\n');
    char *r = xstrdup(nl ? nl + 1 : t);
    free(t);
    return r;
}

/* ---- the two recorders ---- */

typedef struct {
    const char *dir;
    double timeout_s;
    size_t top;
    toplist tl;
    strlist files;  /* profile files for pprof */
    char *open_cmd; /* how to open them */
    char *extra;    /* a second way, or NULL */
    int runs;
    double wall_s;
} outcome;

static int record_perf(target *t, outcome *o)
{
    char *self = self_exe();
    if (!self)
        return err("cannot find grbench's own path (/proc/self/exe)");
    char *data = path_join(o->dir, "perf.data"), *log = path_join(o->dir, "output.log");
    char *rlog = path_join(o->dir, "perf-record.log");
    strlist argv;
    sl_init(&argv);
    sl_split(&argv, "perf record -q -e cpu-clock -F 999 -g -o", " ");
    sl_add(&argv, data);
    sl_add(&argv, "--");
    sl_add(&argv, self);
    sl_split(&argv, "profile --internal-repeat", " ");
    sl_addf(&argv, "%g", t->repeat_s);
    sl_add(&argv, log);
    sl_add(&argv, "--");
    for (size_t i = 0; i < t->argv.n; i++)
        sl_add(&argv, t->argv.v[i]);
    proc_spec sp = {.argv = argv.v,
                    .env = t->env.v,
                    .stdout_path = rlog,
                    .stderr_path = rlog,
                    .timeout_s = o->timeout_s};
    proc_result r;
    int rc = -1;
    double t0 = now_s();
    if (proc_run(&sp, &r) != 0)
        goto out;
    o->wall_s = now_s() - t0;
    if (r.how != PROC_EXITED || r.code != 0) {
        char *d = proc_describe(&r, o->timeout_s), *tl = log_tail(log), *tr = log_tail(rlog);
        err("the recorded run failed (%s): %s%s%s", d, tr, *tl ? "; its output ends: " : "", tl);
        free(d);
        free(tl);
        free(tr);
        goto out;
    }
    if (file_size(data) <= 0) {
        err("perf wrote no %s", data);
        goto out;
    }
    { /* the looper's last line on stderr: "grbench: profile: N runs" */
        char *tr = log_tail(rlog), *p = strstr(tr, "profile: ");
        long n;
        char *num = p ? strndup(p + 9, strcspn(p + 9, " ")) : NULL;
        o->runs = num && parse_int(num, &n) ? (int)n : 0;
        free(num);
        free(tr);
    }
    char *rep[] = {"perf",
                   "report",
                   "--stdio",
                   "--no-children",
                   "--percent-limit",
                   "1",
                   "-F",
                   "overhead,dso,sym",
                   "-g",
                   "none",
                   "-i",
                   data,
                   NULL};
    char *text = proc_capture(rep, NULL, NULL, 120, false, false, NULL);
    if (!text) {
        err("perf report -i %s failed", data);
        goto out;
    }
    parse_perf_report(text, &o->tl);
    free(text);
    sl_add(&o->files, data);
    o->extra = xasprintf("perf report -i %s", data);

    /* perf.data -> profile.pb, through perf script's text */
    char *script = path_join(o->dir, ".perf.script"), *pb = path_join(o->dir, "profile.pb");
    char *scr[] = {"perf", "script", "-F", "comm,tid,period,ip,sym,dso", "-i", data, NULL};
    proc_spec ss = {.argv = scr, .stdout_path = script, .stderr_path = NULL, .timeout_s = 300};
    proc_result sr;
    size_t n = 0;
    if (proc_run(&ss, &sr) == 0 && sr.how == PROC_EXITED && sr.code == 0 &&
        pprof_from_perf_script(script, pb, &n) == 0 && n > 0) {
        sl_add(&o->files, pb);
        char *p = which("pprof");
        o->open_cmd = xasprintf("%s -http=: %s", p ? "pprof" : "go tool pprof", pb);
        free(p);
    } else {
        warnx_("could not convert %s for pprof; perf report reads it, and pprof does "
               "when perf_to_profile is installed",
               data);
        o->open_cmd = xasprintf("pprof -http=: %s   (needs perf_to_profile on PATH)", data);
    }
    unlink(script);
    free(script);
    free(pb);
    rc = 0;
out:
    sl_free(&argv);
    free(data);
    free(log);
    free(rlog);
    free(self);
    return rc;
}

static int record_gperf(target *t, outcome *o)
{
    char *base = path_join(o->dir, "cpu.prof"), *log = path_join(o->dir, "output.log");
    /* old cpu.prof.N of an earlier, longer run would be summed in: remove them */
    unlink(base);
    for (int i = 2; i <= 10000; i++) {
        char *p = xasprintf("%s.%d", base, i);
        int gone = unlink(p);
        free(p);
        if (gone != 0 && errno == ENOENT)
            break;
    }
    strlist env;
    sl_init(&env);
    for (size_t i = 0; i < t->env.n; i++)
        sl_add(&env, t->env.v[i]);
    sl_add(&env, "LD_PRELOAD=libprofiler.so.0");
    sl_add(&env, "CPUPROFILE_FREQUENCY=1000");
    int rc = -1, runs = 0;
    proc_result r;
    /* Every run at the same addresses (personality is inherited through fork
     * and exec), so the profiles of all runs sum up under the first run's
     * memory map, which is the one google-pprof symbolizes with.  Where a
     * seccomp policy forbids it, only Go's pprof can merge them. */
    int persona = personality(0xffffffff);
    bool fixed_addr =
        persona != -1 && personality((unsigned long)persona | ADDR_NO_RANDOMIZE) != -1;
    double t0 = now_s();
    int ran = run_repeated(t->argv.v, env.v, t->repeat_s, log, base, o->timeout_s, &runs, &r);
    if (fixed_addr)
        personality((unsigned long)persona);
    if (ran != 0) {
        char *d = proc_describe(&r, o->timeout_s), *tl = log_tail(log);
        err("run %d of the recorded command failed (%s): %s", runs, d, tl);
        free(d);
        free(tl);
        goto out;
    }
    o->wall_s = now_s() - t0;
    o->runs = runs;
    for (int i = 1; i <= runs; i++) {
        char *p = i == 1 ? xstrdup(base) : xasprintf("%s.%d", base, i);
        if (file_size(p) > 0)
            sl_add(&o->files, p);
        free(p);
    }
    if (o->files.n == 0) {
        err("libprofiler wrote no %s (did the program exit through exit()?)", base);
        goto out;
    }
    strlist pp;
    sl_init(&pp);
    if (!find_pprof(&pp, fixed_addr || o->files.n == 1)) {
        warnx_("no google-pprof, pprof or go here to read %s; the top list is not available", base);
    } else {
        sl_add(&pp, "--text");
        sl_add(&pp, t->exe);
        bool first_only = !fixed_addr && strstr(pp.v[0], "google-pprof");
        for (size_t i = 0; i < (first_only ? 1 : o->files.n); i++)
            sl_add(&pp, o->files.v[i]);
        char *text = proc_capture(pp.v, NULL, NULL, 120, false, false, NULL);
        if (text) {
            parse_pprof_text(text, &o->tl);
            free(text);
        } else
            warnx_("%s --text failed on %s", pp.v[0], base);
    }
    const char *pname = !pp.n                             ? "pprof"
                        : strstr(pp.v[0], "google-pprof") ? "google-pprof"
                        : pp.n > 1                        ? "go tool pprof"
                                                          : "pprof";
    sbuf b;
    sb_init(&b);
    sb_printf(&b, "%s %s %s", pname, strcmp(pname, "google-pprof") ? "-http=:" : "--web", t->exe);
    if (o->files.n > 3)
        sb_printf(&b, " %s*", base); /* every run's file */
    else
        for (size_t i = 0; i < o->files.n; i++)
            sb_printf(&b, " %s", o->files.v[i]);
    o->open_cmd = sb_steal(&b);
    sl_free(&pp);
    rc = 0;
out:
    sl_free(&env);
    free(base);
    free(log);
    return rc;
}

/* ---- the command ---- */

int cmd_profile(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "--internal-repeat"))
        return internal_repeat(argc, argv);

    static const struct option opts[] = {
        {"bench", required_argument, 0, 'b'},    {"workload", required_argument, 0, 'w'},
        {"backend", required_argument, 0, 'B'},  {"procs", required_argument, 0, 'p'},
        {"seconds", required_argument, 0, 's'},  {"out", required_argument, 0, 'o'},
        {"profiler", required_argument, 0, 'P'}, {"top", required_argument, 0, 'n'},
        {"timeout", required_argument, 0, 't'},  {"build", required_argument, 0, 'd'},
        {"heap", no_argument, 0, 'H'},           CMD_OPT_HELP,
    };
    bool heap = false, prof_given = false;
    const char *bench = NULL, *workload = NULL, *bspec = NULL, *outdir = NULL,
               *build = default_build_dir();
    long procs = 1, top = 15;
    double seconds = 1, timeout = 300;
    profiler which_prof = PROF_AUTO;
    const cmd_bind binds[] = {
        {'H', .flag = &heap},           {'b', .str = &bench},       {'w', .str = &workload},
        {'B', .str = &bspec},           {'o', .str = &outdir},      {'d', .str = &build},
        {'n', .count = &top, .min = 1}, {'t', .seconds = &timeout}, {0}};
    cmd_args args = cmd_args_of("profile", profile_usage, opts, binds, argc, argv);
    args.operands = (cmd_operands){0, CMD_ANY_OPERANDS, NULL};
    int o;
    while (cmd_next(&args, &o)) {
        switch (o) {
        case 'p':
            if (!parse_int(optarg, &procs) || procs < 1 || procs > 4096) {
                err("--procs: want an integer in 1..4096, got \"%s\"", optarg);
                return 2;
            }
            break;
        case 's':
            if (!parse_double(optarg, &seconds) || !(seconds > 0) || seconds > 3600) {
                err("--seconds: want a number of seconds in (0, 3600], got \"%s\"", optarg);
                return 2;
            }
            break;
        case 'P':
            prof_given = true;
            if (!strcmp(optarg, "auto"))
                which_prof = PROF_AUTO;
            else if (!strcmp(optarg, "perf"))
                which_prof = PROF_PERF;
            else if (!strcmp(optarg, "gperftools"))
                which_prof = PROF_GPERF;
            else {
                err("--profiler: want auto, perf or gperftools, got \"%s\"", optarg);
                return 2;
            }
            break;
        }
    }
    if (args.status >= 0)
        return args.status;
    const char *size = NULL;
    if (optind < argc) {
        if (!workload || argc - optind > 1) {
            err("profile: unexpected argument \"%s\" (only --workload takes a SIZE)", argv[optind]);
            return 2;
        }
        long v;
        if (!parse_int(argv[optind], &v) || v <= 0) {
            err("profile: SIZE must be a positive integer, got \"%s\"", argv[optind]);
            return 2;
        }
        size = argv[optind];
    }
    if (!!bench == !!workload) {
        err("profile: name exactly one of --bench NAME or --workload NAME (see --help)");
        return 2;
    }
    if (heap && prof_given) {
        err("profile: --profiler chooses the CPU profiler; --heap always uses gperftools' heap profiler");
        return 2;
    }

    if (heap && bspec && !strcmp(bspec, "go")) { /* Go's own heap profile (profile_heap.c) */
        if (!workload) {
            err("profile --heap --backend go: only a --workload (its Go version in suites/go)");
            return 2;
        }
        if (strchr(workload, '/') || !*workload) {
            err("--workload: want a workload name, got \"%s\"", workload);
            return 2;
        }
        char *gdir = profile_dir(outdir, build, workload, size, "go", procs, ".heap");
        int grc = 1;
        char *exe = path_join(gdir, workload);
        if (mkdir_p(gdir) == 0 &&
            go_workload_build(default_source_dir(), build, workload, exe) == 0) {
            strlist ga, ge;
            sl_init(&ga);
            sl_init(&ge);
            run_workload_argv(exe, (int)procs, size, &ga);
            sl_addf(&ge, "GOMAXPROCS=%ld", procs);
            char *what = size ? xasprintf("workload %s %s", workload, size)
                              : xasprintf("workload %s", workload);
            heap_job hj = {.argv = ga.v,
                           .env = ge.v,
                           .exe = exe,
                           .what = what,
                           .backend = "go",
                           .dir = gdir,
                           .timeout_s = timeout,
                           .top = (size_t)top,
                           .idle = !strcmp(workload, "idle"),
                           .go = true};
            grc = profile_heap(&hj);
            free(what);
            sl_free(&ga);
            sl_free(&ge);
        }
        free(exe);
        free(gdir);
        return grc;
    }

    /* the backend: one, by name or path */
    backendvec bv = {0};
    char *deflib = xasprintf("%s/backends/pthread/libgr.so.1", build);
    const char *spec = bspec ? bspec : path_exists(deflib) ? "pthread" : NULL; /* NULL: all built */
    free(deflib);
    if (backends_resolve(spec, build, &bv) != 0 || bv.n == 0) {
        if (bv.n == 0 && !bspec)
            err("no backend built under %s/backends", build);
        backends_free(&bv);
        return 2;
    }
    if (!bspec && bv.n > 1) { /* no pthread: the first built one */
        char *first = xstrdup(bv.v[0].label);
        backends_free(&bv);
        int r = backends_resolve(first, build, &bv);
        free(first);
        if (r != 0)
            return 2;
    }
    if (bv.n != 1) {
        backends_free(&bv);
        err("--backend: name one backend");
        return 2;
    }
    const backend *be = &bv.v[0];

    target t;
    memset(&t, 0, sizeof t);
    sl_init(&t.argv);
    sl_init(&t.env);
    outcome oc;
    memset(&oc, 0, sizeof oc);
    sl_init(&oc.files);
    char *dir = NULL, *why_perf = NULL, *why_gperf = NULL;
    int rc = 2;
    if ((bench ? bench_target(&t, build, be, bench, (int)procs, seconds)
               : workload_target(&t, build, be, workload, size, (int)procs, seconds)) != 0)
        goto done;

    if (heap) {
        rc = 1;
        dir = profile_dir(outdir, build, bench ? bench : workload, size, be->label, procs, ".heap");
        if (mkdir_p(dir) != 0)
            goto done;
        heap_job hj = {.argv = t.argv.v,
                       .env = t.env.v,
                       .exe = t.exe,
                       .what = t.what,
                       .backend = be->label,
                       .dir = dir,
                       .timeout_s = timeout,
                       .top = (size_t)top,
                       .idle = workload && !strcmp(workload, "idle")};
        rc = profile_heap(&hj);
        goto done;
    }

    /* which profiler */
    rc = EXIT_NO_PROFILER;
    bool use_perf = false;
    if (which_prof != PROF_GPERF)
        use_perf = perf_works(&why_perf);
    if (!use_perf) {
        if (which_prof == PROF_PERF) {
            err("--profiler perf: %s", why_perf);
            goto done;
        }
        if (!gperf_works(&why_gperf)) {
            if (why_perf)
                err("%s", why_perf);
            err("%s", why_gperf);
            err("no CPU profiler works here: install linux-perf (and allow perf_event_paranoid <= 2) "
                "or libgoogle-perftools-dev");
            goto done;
        }
    }

    /* the output folder */
    rc = 1;
    dir = profile_dir(outdir, build, bench ? bench : workload, size, be->label, procs, "");
    if (mkdir_p(dir) != 0)
        goto done;
    oc.dir = dir;
    oc.timeout_s = timeout;
    oc.top = (size_t)top;

    printf("grbench profile: %s on %s, procs %ld, with %s%s\n", t.what, be->label, procs,
           use_perf ? "perf (cpu-clock, 999 Hz, kernel + user)"
                    : "gperftools (SIGPROF, 1000 Hz, user-space stacks)",
           why_perf && !use_perf && which_prof == PROF_AUTO ? " [perf unusable here]" : "");
    fflush(stdout);
    if ((use_perf ? record_perf(&t, &oc) : record_gperf(&t, &oc)) != 0)
        goto done;
    if (bench) { /* Google Benchmark exits 0 when its filter matched nothing */
        char *lp = path_join(dir, "output.log"), *text = read_file(lp, NULL);
        bool none = text && strstr(text, "Failed to match any benchmarks");
        free(lp);
        free(text);
        if (none) {
            err("the benchmark filter matched nothing at run time; see %s/output.log", dir);
            goto done;
        }
    }

    char *list = format_top(&oc.tl, oc.top);
    {
        char *tp = path_join(dir, "top.txt");
        FILE *f = fopen(tp, "w");
        if (f) {
            fputs(list, f);
            fclose(f);
        }
        free(tp);
    }
    if (oc.runs > 1)
        printf("recorded %d runs in %.2f s\n", oc.runs, oc.wall_s);
    else if (oc.runs == 1 || bench)
        printf("recorded in %.2f s\n", oc.wall_s);
    else
        printf("recorded %.2f s of repeated runs\n", oc.wall_s);
    printf("\ntop functions by self CPU time (%s):\n%s",
           use_perf ? "perf report --no-children" : "pprof --text",
           oc.tl.n ? list : "  (none could be read)\n");
    free(list);
    printf("\nprofile: %s\n", oc.files.v[use_perf && oc.files.n > 1 ? 1 : 0]);
    if (oc.files.n > 1 && use_perf)
        printf("         %s (perf)\n", oc.files.v[0]);
    else if (oc.files.n > 1)
        printf("         (and %zu more: one per run)\n", oc.files.n - 1);
    printf("open it: %s\n", oc.open_cmd);
    if (oc.extra)
        printf("         %s\n", oc.extra);
    rc = oc.tl.n ? 0 : 1;
done:
    top_free(&oc.tl);
    sl_free(&oc.files);
    free(oc.open_cmd);
    free(oc.extra);
    sl_free(&t.argv);
    sl_free(&t.env);
    free(t.exe);
    free(t.what);
    free(dir);
    free(why_perf);
    free(why_gperf);
    backends_free(&bv);
    return rc;
}
