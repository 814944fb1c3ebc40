/*
 * backend.c — `--backend NAME|PATH` for the stress driver, through the
 * suites' one selector (suites/common/backend.h): NAME means
 * GR_BACKENDS_DIR/NAME/libgr.so.1 (set by Meson), a PATH a library file or
 * a folder holding one.  The driver runs each child under the selector's
 * environment protocol (LD_LIBRARY_PATH, GR_BACKEND_LIB), and the child
 * verifies the library it mapped.
 * Invariant: a backend that resolves has a readable library file.
 */
#include "stress.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef GR_BACKENDS_DIR
#define GR_BACKENDS_DIR "backends"
#endif

int sp_backend_resolve(sp_backend *b, const char *arg)
{
    snprintf(b->label, sizeof b->label, "%s", arg);
    return sb_resolve("stress", arg, GR_BACKENDS_DIR, &b->b);
}

void sp_backend_cleanup(sp_backend *b)
{
    sb_cleanup(&b->b);
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
