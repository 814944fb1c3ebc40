/*
 * backend.c — turns `--backend NAME|PATH` into a directory whose libgr.so.1
 * is that backend, for the LD_LIBRARY_PATH of the stress children.
 *
 * NAME means GR_BACKENDS_DIR/NAME/libgr.so.1 (set by Meson); a PATH (any
 * argument with a '/') names a library file: its own directory when the
 * file is called libgr.so.1, else a temporary directory holding a
 * libgr.so.1 symlink to it, removed by sp_backend_cleanup.
 * Invariant: a backend that resolves has a readable library file.
 */
#include "stress.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GR_BACKENDS_DIR
#define GR_BACKENDS_DIR "backends"
#endif

int sp_backend_resolve(sp_backend *b, const char *arg)
{
    char want[PATH_MAX], real[PATH_MAX];
    memset(b, 0, sizeof *b);
    snprintf(b->name, sizeof b->name, "%s", arg);
    if (strchr(arg, '/'))
        snprintf(want, sizeof want, "%s", arg);
    else
        snprintf(want, sizeof want, "%s/%s/libgr.so.1", GR_BACKENDS_DIR, arg);
    if (!realpath(want, real)) {
        fprintf(stderr, "stress: backend %s: %s: %s\n", arg, want, strerror(errno));
        return -1;
    }
    const char *slash = strrchr(want, '/');
    if (strcmp(slash + 1, "libgr.so.1") == 0) {
        snprintf(b->dir, sizeof b->dir, "%.*s", (int)(slash - want), want);
        return 0;
    }
    snprintf(b->tmpdir, sizeof b->tmpdir, "/tmp/gr-stress-lib-XXXXXX");
    if (!mkdtemp(b->tmpdir)) {
        fprintf(stderr, "stress: mkdtemp: %s\n", strerror(errno));
        b->tmpdir[0] = '\0';
        return -1;
    }
    char link[PATH_MAX + 16];
    snprintf(link, sizeof link, "%s/libgr.so.1", b->tmpdir);
    if (symlink(real, link) != 0) {
        fprintf(stderr, "stress: symlink %s: %s\n", link, strerror(errno));
        sp_backend_cleanup(b);
        return -1;
    }
    snprintf(b->dir, sizeof b->dir, "%s", b->tmpdir);
    return 0;
}

void sp_backend_cleanup(sp_backend *b)
{
    if (!b->tmpdir[0])
        return;
    char link[PATH_MAX + 16];
    snprintf(link, sizeof link, "%s/libgr.so.1", b->tmpdir);
    unlink(link);
    rmdir(b->tmpdir);
    b->tmpdir[0] = '\0';
}

/* Every GR_BACKENDS_DIR/<name>/libgr.so.1 that exists, in name order. */
int sp_backends_default(sp_backend *v, int max)
{
    struct dirent **ents;
    int n = scandir(GR_BACKENDS_DIR, &ents, NULL, alphasort), got = 0;
    for (int i = 0; i < n; i++) {
        char lib[PATH_MAX];
        snprintf(lib, sizeof lib, "%s/%s/libgr.so.1", GR_BACKENDS_DIR, ents[i]->d_name);
        if (ents[i]->d_name[0] != '.' && got < max && access(lib, R_OK) == 0 &&
            sp_backend_resolve(&v[got], ents[i]->d_name) == 0)
            got++;
        free(ents[i]);
    }
    if (n >= 0)
        free(ents);
    return got;
}
