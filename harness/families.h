/* families.h — benchmark families: how the report groups its tables and the
 * plots their bars.  A benchmark belongs to the first family whose prefix
 * list matches the start of its name; anything else is "Other".
 * Invariants: family_of never returns NULL; families are in report order. */
#ifndef GRBENCH_FAMILIES_H
#define GRBENCH_FAMILIES_H

#include <stddef.h>

typedef struct {
    const char *id;        /* file-name safe: bench-<id>.png */
    const char *title;
    const char *prefixes[8];
} family;

extern const family families[];
extern const size_t nfamilies;
const family *family_of(const char *bench);

#endif
