/* backends.c — resolving backend names and paths; see backends.h. */
#define _GNU_SOURCE
#include "backends.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Temporary libgr.so.1 folders made by add(): removed by backends_free, or
 * at exit by whoever did not call it (an atexit handler, set at the first). */
#define MAX_TMPDIRS 64
static char *tmpdirs[MAX_TMPDIRS];

static void rm_tmpdir(const char *d)
{
    char *l = path_join(d, "libgr.so.1");
    unlink(l);
    free(l);
    rmdir(d);
}

static void rm_tmpdirs_at_exit(void)
{
    for (int i = 0; i < MAX_TMPDIRS; i++)
        if (tmpdirs[i]) {
            rm_tmpdir(tmpdirs[i]);
            free(tmpdirs[i]);
            tmpdirs[i] = NULL;
        }
}

static void note_tmpdir(const char *d, bool add_it)
{
    static bool registered;
    if (add_it && !registered) {
        atexit(rm_tmpdirs_at_exit);
        registered = true;
    }
    for (int i = 0; i < MAX_TMPDIRS; i++) {
        if (add_it && !tmpdirs[i]) {
            tmpdirs[i] = xstrdup(d);
            return;
        }
        if (!add_it && tmpdirs[i] && !strcmp(tmpdirs[i], d)) {
            free(tmpdirs[i]);
            tmpdirs[i] = NULL;
            return;
        }
    }
}

static int add(backendvec *out, const char *label, const char *given)
{
    char *lib = NULL;
    if (is_dir(given))
        lib = path_join(given, "libgr.so.1");
    else
        lib = xstrdup(given);
    if (!path_exists(lib)) {
        err("backend %s: no library at %s", label ? label : given, lib);
        free(lib);
        return -1;
    }
    char *alib = abs_path(lib);
    free(lib);
    char *dir = xstrdup(alib);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = 0;
    /* The label comes from the folder the user named, the library path
     * from the real file; a file under another name than libgr.so.1 gets a
     * folder of its own with a libgr.so.1 symlink, which LD_LIBRARY_PATH
     * needs. */
    char real[PATH_MAX];
    if (!realpath(alib, real)) {
        err("backend %s: %s: cannot resolve", label ? label : given, alib);
        free(alib);
        free(dir);
        return -1;
    }
    bool tmp = false;
    char *libdir = xstrdup(dir);
    const char *base = strrchr(alib, '/');
    if (strcmp(base ? base + 1 : alib, "libgr.so.1") != 0) {
        char t[] = "/tmp/grbench-lib-XXXXXX";
        if (!mkdtemp(t)) {
            err("backend %s: mkdtemp failed", label ? label : given);
            free(alib);
            free(dir);
            free(libdir);
            return -1;
        }
        char *link = path_join(t, "libgr.so.1");
        int rc = symlink(real, link);
        free(link);
        if (rc != 0) {
            rmdir(t);
            err("backend %s: symlink in %s failed", label ? label : given, t);
            free(alib);
            free(dir);
            free(libdir);
            return -1;
        }
        free(libdir);
        libdir = xstrdup(t);
        tmp = true;
        note_tmpdir(t, true);
    }
    free(alib);
    alib = xstrdup(real);
    char *lab;
    if (label)
        lab = sanitize(label);
    else {
        const char *d = strrchr(dir, '/');
        lab = sanitize(d ? d + 1 : dir);
    }
    if (!strcmp(lab, "go")) {
        char *t = xasprintf("%s-lib", lab);
        free(lab);
        lab = t;
    }
    for (size_t i = 0; i < out->n; i++)
        if (!strcmp(out->v[i].label, lab)) {
            err("backend label \"%s\" given twice; name one LABEL=PATH", lab);
            if (tmp) {
                rm_tmpdir(libdir);
                note_tmpdir(libdir, false);
            }
            free(lab);
            free(alib);
            free(dir);
            free(libdir);
            return -1;
        }
    free(dir);
    out->v = xrealloc(out->v, (out->n + 1) * sizeof(backend));
    out->v[out->n++] = (backend){lab, alib, libdir, tmp};
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int backends_resolve(const char *specs, const char *build_dir, backendvec *out)
{
    out->v = NULL;
    out->n = 0;
    strlist items;
    sl_init(&items);
    if (specs && *specs)
        sl_split(&items, specs, ",");
    else {
        char *bd = path_join(build_dir, "backends");
        DIR *d = opendir(bd);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (e->d_name[0] == '.')
                    continue;
                char *lib = xasprintf("%s/%s/libgr.so.1", bd, e->d_name);
                if (path_exists(lib))
                    sl_add(&items, e->d_name);
                free(lib);
            }
            closedir(d);
        }
        free(bd);
        qsort(items.v, items.n, sizeof(char *), cmp_str);
        if (items.n == 0) {
            sl_free(&items);
            return err("no backends built under %s/backends (build first, or pass --backends)",
                       build_dir);
        }
    }
    for (size_t i = 0; i < items.n; i++) {
        char *it = items.v[i];
        char *eq = strchr(it, '=');
        int rc;
        if (eq) {
            *eq = 0;
            rc = add(out, it, eq + 1);
        } else if (strchr(it, '/'))
            rc = add(out, NULL, it);
        else {
            char *p = xasprintf("%s/backends/%s/libgr.so.1", build_dir, it);
            rc = add(out, it, p);
            free(p);
        }
        if (rc != 0) {
            sl_free(&items);
            backends_free(out);
            return -1;
        }
    }
    sl_free(&items);
    return 0;
}

void backends_free(backendvec *b)
{
    for (size_t i = 0; i < b->n; i++) {
        if (b->v[i].tmpdir) {
            rm_tmpdir(b->v[i].libdir);
            note_tmpdir(b->v[i].libdir, false);
        }
        free(b->v[i].label);
        free(b->v[i].lib);
        free(b->v[i].libdir);
    }
    free(b->v);
    b->v = NULL;
    b->n = 0;
}

void backend_env(const backend *b, strlist *env)
{
    const char *old = getenv("LD_LIBRARY_PATH");
    if (old && *old)
        sl_addf(env, "LD_LIBRARY_PATH=%s:%s", b->libdir, old);
    else
        sl_addf(env, "LD_LIBRARY_PATH=%s", b->libdir);
    sl_addf(env, "GR_BACKEND_LIB=%s", b->lib);
}
