/*
 * backend_select.c — the command line shared by every example (see ex.h):
 * `--backend NAME|PATH`, `--procs N`, and the gr_run wrapper.
 *
 * Choosing a backend goes through the suites' one selector
 * (suites/common/backend.h): NAME -> EX_BUILD_ROOT/backends/NAME (set by
 * Meson; ../../backends/NAME beside an installed copy), PATH -> a library
 * file or the folder holding one; the program re-executes itself with
 * LD_LIBRARY_PATH and GR_BACKEND_LIB set, with the same argv.
 *
 * Invariants: at most one re-exec (the new image finds GR_BACKEND_LIB equal
 * to the library it would choose and goes on); it then checks that the
 * libgr.so.1 the loader really mapped is that library, and refuses to run
 * (status 2) otherwise, so a RUNPATH mix-up never silently runs the wrong
 * backend.
 */
#define _GNU_SOURCE
#include "ex.h"

#include "backend.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifndef EX_BUILD_ROOT
#define EX_BUILD_ROOT "."
#endif

static _Noreturn void usage(const char *prog, const char *why)
{
    if (why)
        fprintf(stderr, "%s: %s\n", prog, why);
    fprintf(stderr, "usage: %s [--backend NAME|PATH] [--procs N]\n", prog);
    exit(2);
}

/* Run on the backend `want` (re-exec unless this image already runs on
 * it), then check that the loader mapped that very library, or exit(2). */
static void select_backend(char **argv, const char *want)
{
    if (sb_select(argv[0], want, EX_BUILD_ROOT "/backends", argv) != 0)
        exit(2);
    char loaded[PATH_MAX];
    if (sb_verify(argv[0], loaded, sizeof loaded) != 0)
        exit(2);
}

ex_args ex_parse(int argc, char **argv)
{
    ex_args a = {.procs = 0};
    const char *backend = NULL;
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0)
            usage(argv[0], NULL);
        if (i + 1 >= argc)
            usage(argv[0], "missing option or value");
        const char *val = argv[++i];
        if (strcmp(opt, "--backend") == 0) {
            backend = val;
        } else if (strcmp(opt, "--procs") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            if (*val == '\0' || *end != '\0' || n < 0 || n > 4096)
                usage(argv[0], "--procs wants an integer in 0..4096");
            a.procs = (int)n;
        } else {
            usage(argv[0], "unknown option");
        }
    }
    if (backend) {
        select_backend(argv, backend);
    } else { /* started under the protocol (the harness): verify it too */
        char loaded[PATH_MAX];
        if (sb_verify(argv[0], loaded, sizeof loaded) != 0)
            exit(2);
    }
    return a;
}

int ex_run(const ex_args *a, void (*main_fn)(void *), void *arg)
{
    gr_config cfg = {.procs = a->procs};
    int rc = gr_run(&cfg, main_fn, arg);
    fflush(stdout);
    if (rc == GR_OK)
        return 0;
    fprintf(stderr, "gr_run: %s (%d)\n", gr_strerror(rc), rc);
    return rc == GR_EDEADLK ? 2 : 1;
}

void ex_go(void (*fn)(void *), void *arg)
{
    int rc = gr_go(fn, arg);
    if (rc != GR_OK) {
        fprintf(stderr, "gr_go: %s\n", gr_strerror(rc));
        exit(1);
    }
}

gr_chan *ex_chan(size_t elem_size, size_t cap)
{
    gr_chan *c = gr_chan_make(elem_size, cap);
    if (!c) {
        fprintf(stderr, "gr_chan_make: %s\n", gr_strerror(GR_ENOMEM));
        exit(1);
    }
    return c;
}

long long ex_ms_since(int64_t t0)
{
    return (long long)((gr_now() - t0) / EX_MS);
}
