/* backends.c — resolving backend names and paths; see backends.h. */
#define _GNU_SOURCE
#include "backends.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int add(backendvec *out, const char *label, const char *given)
{
    char *lib = NULL;
    if (is_dir(given)) lib = path_join(given, "libgr.so.1");
    else lib = xstrdup(given);
    if (!path_exists(lib)) { err("backend %s: no library at %s", label ? label : given, lib); free(lib); return -1; }
    char *alib = abs_path(lib);
    free(lib);
    char *dir = xstrdup(alib);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) *slash = 0;
    char *lab;
    if (label) lab = sanitize(label);
    else { const char *d = strrchr(dir, '/'); lab = sanitize(d ? d + 1 : dir); }
    if (!strcmp(lab, "go")) { char *t = xasprintf("%s-lib", lab); free(lab); lab = t; }
    for (size_t i = 0; i < out->n; i++)
        if (!strcmp(out->v[i].label, lab)) {
            err("backend label \"%s\" given twice; name one LABEL=PATH", lab);
            free(lab); free(alib); free(dir); return -1;
        }
    out->v = xrealloc(out->v, (out->n + 1) * sizeof(backend));
    out->v[out->n++] = (backend){ lab, alib, dir };
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int backends_resolve(const char *specs, const char *build_dir, backendvec *out)
{
    out->v = NULL; out->n = 0;
    strlist items; sl_init(&items);
    if (specs && *specs) sl_split(&items, specs, ",");
    else {
        char *bd = path_join(build_dir, "backends");
        DIR *d = opendir(bd);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (e->d_name[0] == '.') continue;
                char *lib = xasprintf("%s/%s/libgr.so.1", bd, e->d_name);
                if (path_exists(lib)) sl_add(&items, e->d_name);
                free(lib);
            }
            closedir(d);
        }
        free(bd);
        qsort(items.v, items.n, sizeof(char *), cmp_str);
        if (items.n == 0) { sl_free(&items); return err("no backends built under %s/backends (build first, or pass --backends)", build_dir); }
    }
    for (size_t i = 0; i < items.n; i++) {
        char *it = items.v[i];
        char *eq = strchr(it, '=');
        int rc;
        if (eq) { *eq = 0; rc = add(out, it, eq + 1); }
        else if (strchr(it, '/')) rc = add(out, NULL, it);
        else {
            char *p = xasprintf("%s/backends/%s/libgr.so.1", build_dir, it);
            rc = add(out, it, p);
            free(p);
        }
        if (rc != 0) { sl_free(&items); backends_free(out); return -1; }
    }
    sl_free(&items);
    return 0;
}

void backends_free(backendvec *b)
{
    for (size_t i = 0; i < b->n; i++) { free(b->v[i].label); free(b->v[i].lib); free(b->v[i].libdir); }
    free(b->v); b->v = NULL; b->n = 0;
}

char *backend_ld_env(const backend *b)
{
    const char *old = getenv("LD_LIBRARY_PATH");
    if (old && *old) return xasprintf("LD_LIBRARY_PATH=%s:%s", b->libdir, old);
    return xasprintf("LD_LIBRARY_PATH=%s", b->libdir);
}
