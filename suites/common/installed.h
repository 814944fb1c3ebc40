/*
 * installed.h — where a suite program looks for what it finds by name (the
 * backends, the conformance runner's SPEC.md) when it runs as an installed
 * copy rather than from the build tree.
 *
 * In the build tree the paths that Meson compiled in are right.  `meson
 * install` copies the programs to <libdir>/grbench/suites/<suite>/, beside
 * <libdir>/grbench/backends -> ../gr (the installed backends), so an
 * installed copy looks relative to its own file instead: the installed tree
 * is relocatable (a DESTDIR copy or a moved prefix works as is), and an
 * installed program never silently uses a build tree that happens to still
 * exist.
 *
 * Invariants: "installed" means the running executable (/proc/self/exe,
 * resolved) is not inside the build root that this library was compiled
 * for; a build-tree program always gets `in_build` back, unchanged.  No
 * allocation: the answer is `in_build` or `buf`.
 */
#ifndef GRBENCH_SUITES_INSTALLED_H
#define GRBENCH_SUITES_INSTALLED_H

#include <stddef.h>

/* `rel` (a path relative to the folder of the running executable) when this
 * program is an installed copy and that path exists, written into buf;
 * otherwise `in_build`. */
const char *sc_installed_path(char *buf, size_t len, const char *rel, const char *in_build);

#endif
