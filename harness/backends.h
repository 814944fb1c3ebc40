/* backends.h — which libgr.so.1 each matrix column runs on.
 * A spec is NAME (build/backends/NAME/libgr.so.1), PATH (a libgr.so.1 or the
 * folder holding one; labelled by the folder's name) or LABEL=PATH.  With no
 * spec, every build/backends/<name>/libgr.so.1 that exists is used.
 * Invariants: every resolved backend has an existing, absolute lib path and a
 * label that is unique, file-name safe and not "go" (reserved for the Go
 * reference row). */
#ifndef GRBENCH_BACKENDS_H
#define GRBENCH_BACKENDS_H

#include <stddef.h>
#include "util.h"

typedef struct { char *label, *lib, *libdir; } backend;
typedef struct { backend *v; size_t n; } backendvec;

int backends_resolve(const char *specs, const char *build_dir, backendvec *out);
void backends_free(backendvec *b);
/* "LD_LIBRARY_PATH=<libdir>[:old]" for the child's environment; malloc'd. */
char *backend_ld_env(const backend *b);

#endif
