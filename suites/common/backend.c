/*
 * backend.c — `--backend NAME|PATH` and its environment protocol for every
 * suite program (backend.h has the contract).
 *
 * Invariants: sb_resolve fills every field or fails with a message and
 * leaves no temporary folder behind; sb_select re-executes at most once
 * (GR_BACKEND_LIB equal to the resolved library means "already there").
 */
#define _GNU_SOURCE
#include "backend.h"
#include "installed.h"

#include <gr.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sb_resolve(const char *prog, const char *arg, const char *backends, sb_backend *b)
{
    memset(b, 0, sizeof *b);
    char want[PATH_MAX], bdir[PATH_MAX];
    bool by_name = strchr(arg, '/') == NULL;
    if (by_name) {
        snprintf(b->name, sizeof b->name, "%s", arg);
        snprintf(want, sizeof want, "%s/%s/libgr.so.1",
                 sc_installed_path(bdir, sizeof bdir, "../../backends", backends), arg);
    } else {
        struct stat st;
        snprintf(want, sizeof want, "%s%s", arg,
                 stat(arg, &st) == 0 && S_ISDIR(st.st_mode) ? "/libgr.so.1" : "");
    }
    if (!realpath(want, b->lib)) {
        fprintf(stderr, "%s: --backend %s: %s: %s%s\n", prog, arg, want, strerror(errno),
                by_name ? " (was it built? meson -Dbackends=...)" : "");
        return -1;
    }
    const char *slash = strrchr(want, '/');
    if (strcmp(slash + 1, "libgr.so.1") == 0) {
        char d[PATH_MAX];
        snprintf(d, sizeof d, "%.*s", (int)(slash - want), want);
        if (!realpath(d[0] ? d : "/", b->dir)) {
            fprintf(stderr, "%s: --backend %s: %s: %s\n", prog, arg, d, strerror(errno));
            return -1;
        }
        return 0;
    }
    snprintf(b->tmpdir, sizeof b->tmpdir, "/tmp/gr-backend-XXXXXX");
    if (!mkdtemp(b->tmpdir)) {
        fprintf(stderr, "%s: --backend %s: mkdtemp: %s\n", prog, arg, strerror(errno));
        b->tmpdir[0] = '\0';
        return -1;
    }
    char link[PATH_MAX + 16];
    snprintf(link, sizeof link, "%s/libgr.so.1", b->tmpdir);
    if (symlink(b->lib, link) != 0) {
        fprintf(stderr, "%s: --backend %s: symlink %s: %s\n", prog, arg, link, strerror(errno));
        sb_cleanup(b);
        return -1;
    }
    snprintf(b->dir, sizeof b->dir, "%s", b->tmpdir);
    return 0;
}

/* Remove a temporary folder made by sb_resolve: its link, then itself. */
static void remove_tmpdir(const char *dir)
{
    char link[PATH_MAX + 16];
    snprintf(link, sizeof link, "%s/libgr.so.1", dir);
    unlink(link);
    rmdir(dir);
}

void sb_cleanup(sb_backend *b)
{
    if (!b->tmpdir[0])
        return;
    remove_tmpdir(b->tmpdir);
    b->tmpdir[0] = '\0';
}

int sb_export(const sb_backend *b, bool hand_over_tmpdir)
{
    const char *old = getenv("LD_LIBRARY_PATH");
    size_t len = strlen(b->dir) + (old ? strlen(old) : 0) + 2;
    char *path = malloc(len);
    if (!path)
        return -1;
    snprintf(path, len, "%s%s%s", b->dir, old && *old ? ":" : "", old && *old ? old : "");
    int rc = setenv("LD_LIBRARY_PATH", path, 1) | setenv("GR_BACKEND_LIB", b->lib, 1);
    free(path);
    rc |= b->name[0] ? setenv("GR_BACKEND_NAME", b->name, 1) : unsetenv("GR_BACKEND_NAME");
    if (hand_over_tmpdir && b->tmpdir[0])
        rc |= setenv("GR_BACKEND_TMPDIR", b->tmpdir, 1);
    else
        rc |= unsetenv("GR_BACKEND_TMPDIR");
    return rc ? -1 : 0;
}

int sb_select(const char *prog, const char *arg, const char *backends, char **argv)
{
    sb_backend b;
    if (sb_resolve(prog, arg, backends, &b) != 0)
        return -1;
    const char *have = getenv("GR_BACKEND_LIB");
    if (have && strcmp(have, b.lib) == 0) {
        sb_cleanup(&b); /* already running on it */
        return 0;
    }
    if (sb_export(&b, true) != 0) {
        sb_cleanup(&b);
        return -1;
    }
    execv("/proc/self/exe", argv);
    fprintf(stderr, "%s: --backend %s: re-exec failed: %s\n", prog, arg, strerror(errno));
    sb_cleanup(&b);
    return -1;
}

int sb_verify(const char *prog, char *loaded, size_t len)
{
    Dl_info info;
    snprintf(loaded, len, "?");
    if (dladdr((void *)(uintptr_t)gr_run, &info) && info.dli_fname) {
        char real[PATH_MAX];
        snprintf(loaded, len, "%s", realpath(info.dli_fname, real) ? real : info.dli_fname);
    }
    const char *tmp = getenv("GR_BACKEND_TMPDIR");
    if (tmp) { /* the mapping stays valid once the link is gone */
        remove_tmpdir(tmp);
        unsetenv("GR_BACKEND_TMPDIR");
    }
    const char *want = getenv("GR_BACKEND_LIB");
    if (want && strcmp(want, loaded) != 0) {
        fprintf(stderr, "%s: asked for backend library %s but the loader mapped %s "
                        "(is the program linked with RPATH instead of RUNPATH?)\n",
                prog, want, loaded);
        return -1;
    }
    return 0;
}

const char *sb_requested_name(void)
{
    const char *n = getenv("GR_BACKEND_NAME");
    return n && *n ? n : NULL;
}
