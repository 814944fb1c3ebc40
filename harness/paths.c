/* paths.c — where grbench looks by default: the source tree, the build tree
 * and the results folder, baked in by Meson and overridable with
 * GRBENCH_SOURCE_DIR / GRBENCH_BUILD_DIR (and each command's --source /
 * --build / --results-dir).  Apart from main.c, so that the subcommands
 * depend on it and not on the dispatcher.
 * Invariants: the answers are stable for the process's life unless the
 * environment changes; default_results_dir's string is the caller's. */
#include "cmds.h"
#include "util.h"

#include <stdlib.h>

#ifndef GRBENCH_SOURCE_DIR
#define GRBENCH_SOURCE_DIR "."
#endif
#ifndef GRBENCH_BUILD_DIR
#define GRBENCH_BUILD_DIR "build"
#endif

const char *default_source_dir(void)
{
    const char *e = getenv("GRBENCH_SOURCE_DIR");
    return e && *e ? e : GRBENCH_SOURCE_DIR;
}

const char *default_build_dir(void)
{
    const char *e = getenv("GRBENCH_BUILD_DIR");
    return e && *e ? e : GRBENCH_BUILD_DIR;
}

char *default_results_dir(void)
{
    return path_join(default_source_dir(), "results");
}
