/*
 * backend_select.c — the command line shared by every example (see ex.h):
 * `--backend NAME|PATH`, `--procs N`, and the gr_run wrapper.
 *
 * Choosing a backend: each example is linked once against -lgr and carries
 * a RUNPATH; LD_LIBRARY_PATH overrides it.  So `--backend X` resolves X to a
 * folder holding libgr.so.1 (NAME -> EX_BUILD_ROOT/backends/NAME, set by
 * Meson, or ../../backends/NAME beside an installed copy, see installed.h;
 * PATH -> that folder, or the folder of that libgr.so.1), puts the
 * folder first in LD_LIBRARY_PATH, records it in EX_BACKEND_DIR and
 * re-executes /proc/self/exe with the same argv.
 *
 * Invariants: at most one re-exec (the new image finds EX_BACKEND_DIR equal
 * to the folder it would choose and goes on); the new image then checks
 * that the libgr.so.1 the loader really mapped lives in that folder, and
 * refuses to run (status 2) otherwise, so a RUNPATH mix-up never silently
 * runs the wrong backend.
 */
#define _GNU_SOURCE
#include "ex.h"
#include "installed.h"

#include <errno.h>
#include <limits.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The real folder that holds the libgr.so.1 named by `want`, or exit(2). */
static void backend_dir(const char *prog, const char *want, char out[PATH_MAX])
{
    char path[PATH_MAX];
    struct stat st;
    char bdir[PATH_MAX];
    if (strchr(want, '/') == NULL)
        snprintf(path, sizeof path, "%s/%s",
                 sc_installed_path(bdir, sizeof bdir, "../../backends", EX_BUILD_ROOT "/backends"),
                 want);
    else
        snprintf(path, sizeof path, "%s", want);
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *slash = strrchr(path, '/');
        if (strcmp(slash + 1, "libgr.so.1") != 0)
            usage(prog, "--backend PATH must be a libgr.so.1 or the folder holding one");
        *slash = '\0';
    }
    if (!realpath(path, out)) {
        fprintf(stderr, "%s: --backend %s: %s: %s\n", prog, want, path, strerror(errno));
        exit(2);
    }
    char lib[PATH_MAX + 16];
    snprintf(lib, sizeof lib, "%s/libgr.so.1", out);
    if (access(lib, R_OK) != 0) {
        fprintf(stderr, "%s: --backend %s: no %s (was it built?)\n", prog, want, lib);
        exit(2);
    }
}

/* dl_iterate_phdr callback: the folder of the mapped libgr.so.1. */
static int find_libgr(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const char *name = info->dlpi_name;
    const char *slash = name ? strrchr(name, '/') : NULL;
    if (!slash || strcmp(slash + 1, "libgr.so.1") != 0)
        return 0;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - name), name);
    if (!realpath(dir, data))
        ((char *)data)[0] = '\0';
    return 1;
}

/* Re-exec on the backend `want` unless this image already runs on it. */
static void select_backend(char **argv, const char *want)
{
    char dir[PATH_MAX];
    backend_dir(argv[0], want, dir);
    const char *chosen = getenv("EX_BACKEND_DIR");
    if (chosen && strcmp(chosen, dir) == 0) {
        char mapped[PATH_MAX] = "";
        dl_iterate_phdr(find_libgr, mapped);
        if (strcmp(mapped, dir) != 0) {
            fprintf(stderr, "%s: --backend %s: loaded libgr.so.1 from '%s', not '%s'\n",
                    argv[0], want, mapped, dir);
            exit(2);
        }
        return;
    }
    const char *old = getenv("LD_LIBRARY_PATH");
    size_t len = strlen(dir) + (old ? strlen(old) : 0) + 2;
    char *ld = malloc(len);
    if (!ld)
        exit(1);
    snprintf(ld, len, "%s%s%s", dir, old && *old ? ":" : "", old && *old ? old : "");
    if (setenv("LD_LIBRARY_PATH", ld, 1) != 0 || setenv("EX_BACKEND_DIR", dir, 1) != 0)
        exit(1);
    free(ld);
    execv("/proc/self/exe", argv);
    fprintf(stderr, "%s: --backend: exec: %s\n", argv[0], strerror(errno));
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
    if (backend)
        select_backend(argv, backend);
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
