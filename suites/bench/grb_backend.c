/*
 * grb_backend.c — `--backend NAME|PATH` for the benchmark and workload
 * programs, through the suites' one selector (suites/common/backend.h).
 * See grb_backend.h for the contract.
 *
 * Invariants: only the --backend flag (and its value) is removed from the
 * argument list (Google Benchmark rejects flags it does not know); every
 * other argument reaches the new image unchanged and in order.
 */
#include "grb_backend.h"

#include "backend.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GRB_BUILD_ROOT
#define GRB_BUILD_ROOT "."
#endif

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
    char **nargv = calloc((size_t)argc + 1, sizeof *nargv);
    if (nargv == NULL)
        return -1;
    int k = 0;
    for (int i = 0; i < argc; i++)
        if (i < at || i >= at + nargs)
            nargv[k++] = argv[i];
    nargv[k] = NULL;
    int rc = sb_select(argv[0], value, GRB_BUILD_ROOT "/backends", nargv);
    free(nargv);
    return rc;
}

const char *grb_backend_requested(void)
{
    return sb_requested_name();
}

int grb_backend_check(const char *actual)
{
    char loaded[PATH_MAX];
    if (sb_verify("--backend", loaded, sizeof loaded) != 0)
        return -1;
    const char *want = grb_backend_requested();
    if (want == NULL)
        return 0;
    if (actual != NULL && strcmp(actual, want) == 0)
        return 0;
    fprintf(stderr, "--backend %s: the loaded libgr.so.1 says it is \"%s\"\n", want,
            actual != NULL ? actual : "(null)");
    return -1;
}
