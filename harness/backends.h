/* backends.h — which libgr.so.1 each matrix column runs on, and how a child
 * is put on it.
 * A spec is NAME (build/backends/NAME/libgr.so.1), PATH (a library file
 * under any name, or the folder holding a libgr.so.1; labelled by the
 * folder's name) or LABEL=PATH.  With no spec, every
 * build/backends/<name>/libgr.so.1 that exists is used.
 * Every child runs on its backend by one mechanism, the suites' backend
 * protocol (suites/common/backend.h): LD_LIBRARY_PATH = libdir first and
 * GR_BACKEND_LIB = lib, never with a --backend flag too; the child then
 * verifies that the loader mapped exactly lib.
 * Invariants: every resolved backend has an existing, absolute lib path, a
 * libdir whose libgr.so.1 is lib (a temporary folder with a symlink when
 * lib has another name, removed by backends_free), and a label that is
 * unique, file-name safe and not "go" (reserved for the Go reference row). */
#ifndef GRBENCH_BACKENDS_H
#define GRBENCH_BACKENDS_H

#include "util.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *label, *lib, *libdir;
    bool tmpdir;
} backend;
typedef struct {
    backend *v;
    size_t n;
} backendvec;

int backends_resolve(const char *specs, const char *build_dir, backendvec *out);
void backends_free(backendvec *b);
/* Add the protocol's "K=V" entries for b to a child's environment. */
void backend_env(const backend *b, strlist *env);

#endif
