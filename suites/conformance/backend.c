/*
 * backend.c — `--backend NAME|PATH`: run the suite on another libgr.so.1,
 * through the suites' one selector (suites/common/backend.h: resolve,
 * re-execute with LD_LIBRARY_PATH and GR_BACKEND_LIB set, verify).
 *
 * Invariants: before any test runs, the library the loader actually mapped
 * is checked against GR_BACKEND_LIB — a RUNPATH/RPATH mix-up bails out
 * instead of silently testing the wrong backend; the TAP stream names the
 * backend and the library it runs on.
 */
#include "runner.h"

#include "backend.h"

#include <limits.h>
#include <stdio.h>

#ifndef GR_BACKENDS_DIR
#define GR_BACKENDS_DIR "backends"
#endif

int ct_backend_reexec(const char *arg, char **argv)
{
    return sb_select("conformance", arg, GR_BACKENDS_DIR, argv);
}

int ct_backend_after_exec(FILE *out)
{
    char loaded[PATH_MAX];
    int rc = sb_verify("conformance", loaded, sizeof loaded);
    const char *name = gr_backend_name();
    fprintf(out, "# backend: %s, library %s\n", name ? name : "(null)", loaded);
    if (rc != 0)
        fprintf(out, "Bail out! the backend library the loader mapped is not the one asked for\n");
    return rc;
}

const char *ct_expected_backend(void)
{
    return sb_requested_name();
}
