/*
 * installed.c — build tree or installed copy: see installed.h.
 *
 * Invariants: SC_BUILD_ROOT is the Meson build root (set in
 * suites/common/meson.build); any failure to resolve a path counts as
 * "in the build tree", the behaviour the program had before it could be
 * installed.
 */
#define _GNU_SOURCE
#include "installed.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SC_BUILD_ROOT
#error "SC_BUILD_ROOT (the Meson build root) must be defined"
#endif

const char *sc_installed_path(char *buf, size_t len, const char *rel, const char *in_build)
{
    char exe[PATH_MAX], root[PATH_MAX];
    if (!realpath("/proc/self/exe", exe))
        return in_build;
    if (realpath(SC_BUILD_ROOT, root)) {
        size_t n = strlen(root);
        if (strncmp(exe, root, n) == 0 && exe[n] == '/')
            return in_build; /* a build-tree program */
    }
    char *slash = strrchr(exe, '/');
    if (!slash)
        return in_build;
    *slash = '\0';
    int w = snprintf(buf, len, "%s/%s", exe, rel);
    if (w < 0 || (size_t)w >= len || access(buf, F_OK) != 0)
        return in_build;
    return buf;
}
