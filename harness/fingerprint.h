/* fingerprint.h — the machine and build a result set was measured on:
 * CPU model, cores, memory, kernel, compiler, allocator, build type, git
 * revision (and whether the tree was dirty), Go version, tool versions,
 * and the runtimes under the rows (gccgo and its Go release, Boost, glibc).
 * Invariants: every field is a string (possibly "unknown"); collecting never
 * fails the run — a missing tool gives "unknown", not an error. */
#ifndef GRBENCH_FINGERPRINT_H
#define GRBENCH_FINGERPRINT_H

#include <jansson.h>

json_t *fingerprint_collect(const char *source_dir, const char *build_dir);

#endif
