/*
 * grb_backend.c — `--backend NAME|PATH`: re-exec with LD_LIBRARY_PATH set to
 * the chosen backend's folder.  See grb_backend.h for the contract.
 *
 * Invariants: only the --backend flag (and its value) is removed from the
 * argument list; every other argument reaches the new image unchanged and
 * in order.  The re-exec uses /proc/self/exe so that it runs this very
 * binary whatever argv[0] says.
 */
#define _GNU_SOURCE
#include "grb_backend.h"
#include "installed.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GRB_BUILD_ROOT
#define GRB_BUILD_ROOT "."
#endif

#define REQUESTED_ENV "GRB_BACKEND_REQUESTED"

/* Resolve NAME or PATH to a folder that should hold libgr.so.1. */
static int resolve_dir(const char *value, char *dir, size_t len, int *by_name)
{
    struct stat sb;
    *by_name = 0;
    if (strchr(value, '/') == NULL) {
        *by_name = 1;
        char bdir[PATH_MAX];
        const char *backends =
            sc_installed_path(bdir, sizeof bdir, "../../backends", GRB_BUILD_ROOT "/backends");
        if ((size_t)snprintf(dir, len, "%s/%s", backends, value) >= len)
            return -1;
    } else if (stat(value, &sb) == 0 && S_ISREG(sb.st_mode)) {
        const char *slash = strrchr(value, '/');
        size_t n = (size_t)(slash - value);
        if (n == 0)
            n = 1; /* "/libgr.so.1" */
        if (n >= len)
            return -1;
        memcpy(dir, value, n);
        dir[n] = '\0';
    } else {
        if ((size_t)snprintf(dir, len, "%s", value) >= len)
            return -1;
    }
    char lib[PATH_MAX];
    if ((size_t)snprintf(lib, sizeof lib, "%s/libgr.so.1", dir) >= sizeof lib)
        return -1;
    if (stat(lib, &sb) != 0) {
        fprintf(stderr, "--backend %s: no libgr.so.1 at %s (%s)\n", value, lib, strerror(errno));
        return -1;
    }
    return 0;
}

int grb_backend_reexec(int argc, char **argv)
{
    int at = -1, nargs = 0;
    const char *value = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--backend") == 0 || strcmp(argv[i], "-backend") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "--backend needs a NAME or a PATH\n");
                return -1;
            }
            at = i, nargs = 2, value = argv[i + 1];
            break;
        }
        if (strncmp(argv[i], "--backend=", 10) == 0) {
            at = i, nargs = 1, value = argv[i] + 10;
            break;
        }
    }
    if (at < 0)
        return 0;

    char dir[PATH_MAX];
    int by_name;
    if (resolve_dir(value, dir, sizeof dir, &by_name) != 0)
        return -1;
    char resolved[PATH_MAX];
    if (realpath(dir, resolved) == NULL) {
        fprintf(stderr, "--backend %s: %s: %s\n", value, dir, strerror(errno));
        return -1;
    }
    if (setenv("LD_LIBRARY_PATH", resolved, 1) != 0)
        return -1;
    if (by_name)
        setenv(REQUESTED_ENV, value, 1);
    else
        unsetenv(REQUESTED_ENV);

    char **nargv = calloc((size_t)argc + 1, sizeof *nargv);
    if (nargv == NULL)
        return -1;
    int k = 0;
    for (int i = 0; i < argc; i++)
        if (i < at || i >= at + nargs)
            nargv[k++] = argv[i];
    nargv[k] = NULL;
    execv("/proc/self/exe", nargv);
    fprintf(stderr, "--backend: exec failed: %s\n", strerror(errno));
    free(nargv);
    return -1;
}

const char *grb_backend_requested(void)
{
    const char *r = getenv(REQUESTED_ENV);
    return r != NULL && r[0] != '\0' ? r : NULL;
}

int grb_backend_check(const char *actual)
{
    const char *want = grb_backend_requested();
    if (want == NULL)
        return 0;
    if (actual != NULL && strcmp(actual, want) == 0)
        return 0;
    fprintf(stderr, "--backend %s: the loaded libgr.so.1 says it is \"%s\"\n", want,
            actual != NULL ? actual : "(null)");
    return -1;
}
