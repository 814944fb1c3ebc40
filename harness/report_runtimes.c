/* report_runtimes.c — REPORT.md's section "Which runtime each row is":
 * for every row of the set, the runtime that schedules it and that
 * runtime's version, from the set's fingerprint.json (fingerprint.c: `go
 * version`, `gccgo --version` and the Go release of its libgo, the Boost
 * version of the build, glibc's version, the git revision for grbench's
 * own code); a row by path says which library it ran.
 *
 * Invariants: reads the result set only; every version comes from the
 * fingerprint, never from this file (a set without the field says "not
 * recorded"); the kind of runtime follows the row's label, as `grbench
 * run` names backends after their build folder; when the set has no gccgo
 * row the section says whether gccgo was installed. */
#define _GNU_SOURCE
#include "report_runtimes.h"

#include <jansson.h>
#include <string.h>

static const char *fpv(const resultset *rs, const char *key)
{
    const char *v = fp_str(rs, key);
    return *v ? v : "not recorded";
}

/* The library a row ran on, from the run's configuration. */
static const char *library_of(const resultset *rs, const char *label)
{
    json_t *cfg = rs->fp ? json_object_get(rs->fp, "config") : NULL;
    json_t *bl = cfg ? json_object_get(cfg, "backends") : NULL;
    size_t i;
    json_t *o;
    json_array_foreach(bl, i, o)
    {
        const char *l = json_string_value(json_object_get(o, "label"));
        if (l && !strcmp(l, label))
            return json_string_value(json_object_get(o, "library"));
    }
    return NULL;
}

void report_runtimes(FILE *f, const resultset *rs, const strlist *backends)
{
    const char *rev = fpv(rs, "git_revision"), *glibc = fpv(rs, "glibc_version"),
               *boost = fpv(rs, "boost_version");
    fprintf(
        f,
        "## Which runtime each row is\n\n"
        "Every gr row runs grbench's shared core (channels, select, sync, context, timers: `backends/core`) over one "
        "scheduler; the Go rows are Go's own runtimes running `suites/go`. Versions from this set's `fingerprint.json`.\n\n"
        "| row | runtime | version |\n|---|---|---|\n");
    bool gccgo = false;
    for (size_t b = 0; b < backends->n; b++) {
        const char *l = backends->v[b];
        if (!strcmp(l, "pthread"))
            fprintf(
                f,
                "| pthread | grbench's core over 1:1 OS threads: glibc's NPTL, goroutines parked on futexes | glibc %s; grbench %s |\n",
                glibc, rev);
        else if (!strcmp(l, "ucontext"))
            fprintf(
                f,
                "| ucontext | grbench's M:N scheduler with one shared run queue, switching with glibc's `swapcontext` | glibc %s; grbench %s |\n",
                glibc, rev);
        else if (!strcmp(l, "ws"))
            fprintf(
                f,
                "| ws | grbench's own work-stealing scheduler (Go's G-M-P) and hand-written context switch | grbench %s |\n",
                rev);
        else if (!strcmp(l, "boostfiber-shared"))
            fprintf(
                f,
                "| boostfiber-shared | grbench's core over Boost.Fiber's `shared_work` algorithm (one shared queue) | Boost %s |\n",
                boost);
        else if (!strcmp(l, "boostfiber-ws"))
            fprintf(
                f,
                "| boostfiber-ws | grbench's core over Boost.Fiber's `work_stealing` algorithm | Boost %s |\n",
                boost);
        else if (!strcmp(l, "go"))
            fprintf(f, "| go | gc: the Go toolchain's compiler and runtime | %s |\n",
                    fpv(rs, "go_version"));
        else if (!strcmp(l, "gccgo")) {
            gccgo = true;
            fprintf(f,
                    "| gccgo | gccgo: GCC's Go front end and its runtime, libgo | %s; libgo %s |\n",
                    fpv(rs, "gccgo_version"), fpv(rs, "gccgo_go_release"));
        } else {
            const char *lib = library_of(rs, l);
            fprintf(f, "| %s | a `libgr.so.1` given to `grbench run` | %s%s%s |\n", l,
                    lib ? "`" : "", lib ? lib : "not recorded", lib ? "`" : "");
        }
    }
    fprintf(f, "\n");
    const char *ge = fp_str(rs, "gr_env");
    if (*ge)
        fprintf(f, "The run's environment set `%s`, which every gr row inherited.\n\n", ge);
    if (!gccgo) {
        const char *v = fp_str(rs, "gccgo_version");
        if (!strcmp(v, "not installed"))
            fprintf(
                f,
                "No gccgo row: gccgo was not installed when this set was measured (`make deps` installs it).\n\n");
        else if (!*v)
            fprintf(f, "No gccgo row: this set does not record gccgo.\n\n");
        else
            fprintf(
                f,
                "No gccgo row, although gccgo was installed (%s): the Go reference was not run, or its gccgo build failed "
                "(`raw/gccgo/*-build.log` in the set).\n\n",
                v);
    }
}
