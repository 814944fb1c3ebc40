/*
 * backend.c — `--backend NAME|PATH`: run the suite on another libgr.so.1.
 *
 * The conformance binary is linked once against -lgr and carries a RUNPATH;
 * LD_LIBRARY_PATH takes precedence over RUNPATH, so choosing a backend is
 * re-executing ourselves with LD_LIBRARY_PATH set to a directory whose
 * libgr.so.1 is the wanted library.  NAME means
 * GR_BACKENDS_DIR/NAME/libgr.so.1 (GR_BACKENDS_DIR comes from Meson; an
 * installed copy uses ../../backends beside itself, see installed.h); a PATH
 * (anything with a '/') is used as is, and when its file name is not
 * libgr.so.1 a temporary directory with a symlink of that name is made.
 *
 * Invariants: the re-executed process sees CT_BACKEND_LIB (the real path
 * wanted) and checks, before running any test, that the library the loader
 * actually mapped is that file — a RUNPATH/RPATH mix-up fails loudly instead
 * of silently testing the wrong backend.  The temporary directory is removed
 * by the re-executed process right after start-up (the mapping stays valid).
 */
#include "runner.h"
#include "installed.h"

#include <dlfcn.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GR_BACKENDS_DIR
#define GR_BACKENDS_DIR "backends"
#endif

int ct_backend_reexec(const char *arg, char **argv)
{
    char want[PATH_MAX], real[PATH_MAX];
    bool by_name = strchr(arg, '/') == NULL;
    char bdir[PATH_MAX];
    if (by_name)
        snprintf(want, sizeof want, "%s/%s/libgr.so.1",
                 sc_installed_path(bdir, sizeof bdir, "../../backends", GR_BACKENDS_DIR), arg);
    else
        snprintf(want, sizeof want, "%s", arg);
    if (!realpath(want, real)) {
        fprintf(stderr, "conformance: backend %s: %s: %s\n", arg, want, strerror(errno));
        if (by_name)
            fprintf(stderr, "conformance: was the backend built (meson -Dbackends=...)?\n");
        return -1;
    }
    char dirbuf[PATH_MAX], basebuf[PATH_MAX], dir[PATH_MAX];
    snprintf(dirbuf, sizeof dirbuf, "%s", want);
    snprintf(basebuf, sizeof basebuf, "%s", want);
    const char *base = basename(basebuf);
    if (strcmp(base, "libgr.so.1") == 0) {
        if (!realpath(dirname(dirbuf), dir)) {
            fprintf(stderr, "conformance: %s: %s\n", want, strerror(errno));
            return -1;
        }
    } else {
        char tmpl[] = "/tmp/gr-conformance-XXXXXX";
        if (!mkdtemp(tmpl)) {
            fprintf(stderr, "conformance: mkdtemp: %s\n", strerror(errno));
            return -1;
        }
        snprintf(dir, sizeof dir, "%s", tmpl);
        char link[PATH_MAX + 32];
        snprintf(link, sizeof link, "%s/libgr.so.1", dir);
        if (symlink(real, link) != 0) {
            fprintf(stderr, "conformance: symlink %s: %s\n", link, strerror(errno));
            rmdir(dir);
            return -1;
        }
        setenv("CT_BACKEND_TMPDIR", dir, 1);
    }
    const char *old = getenv("LD_LIBRARY_PATH");
    size_t len = strlen(dir) + (old ? strlen(old) + 1 : 0) + 1;
    char *path = malloc(len);
    if (!path)
        return -1;
    snprintf(path, len, "%s%s%s", dir, old && *old ? ":" : "", old && *old ? old : "");
    setenv("LD_LIBRARY_PATH", path, 1);
    setenv("CT_BACKEND_LIB", real, 1);
    setenv("CT_BACKEND_REEXEC", "1", 1); /* main() does not re-exec again */
    if (by_name)
        setenv("CT_BACKEND_NAME", arg, 1);
    else
        unsetenv("CT_BACKEND_NAME");
    execv("/proc/self/exe", argv);
    fprintf(stderr, "conformance: re-exec failed: %s\n", strerror(errno));
    return -1;
}

int ct_backend_after_exec(FILE *out)
{
    Dl_info info;
    char loaded[PATH_MAX] = "?";
    if (dladdr((void *)(uintptr_t)gr_run, &info) && info.dli_fname) {
        if (!realpath(info.dli_fname, loaded))
            snprintf(loaded, sizeof loaded, "%s", info.dli_fname);
    }
    const char *tmp = getenv("CT_BACKEND_TMPDIR");
    if (tmp) {
        char link[PATH_MAX + 32];
        snprintf(link, sizeof link, "%s/libgr.so.1", tmp);
        unlink(link);
        rmdir(tmp);
        unsetenv("CT_BACKEND_TMPDIR");
    }
    const char *name = gr_backend_name();
    fprintf(out, "# backend: %s, library %s\n", name ? name : "(null)", loaded);
    const char *want = getenv("CT_BACKEND_LIB");
    if (want && strcmp(want, loaded) != 0) {
        fprintf(out, "Bail out! asked for backend library %s but the loader mapped %s "
                     "(is the binary linked with RPATH instead of RUNPATH?)\n", want, loaded);
        return -1;
    }
    const char *want_name = getenv("CT_BACKEND_NAME");
    (void)want_name; /* checked by the RT-BACKEND-1 test, not here */
    return 0;
}

const char *ct_expected_backend(void)
{
    return getenv("CT_BACKEND_NAME");
}
