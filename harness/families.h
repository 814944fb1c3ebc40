/* families.h — benchmark families: how the report groups its tables and the
 * plots their bars.  A benchmark belongs to the first family one of whose
 * names matches its name (the whole name when the family is `exact`, else
 * its start); anything else is the last family, "Other", which has no names.
 * Invariants: family_of never returns NULL; families are in report order. */
#ifndef GRBENCH_FAMILIES_H
#define GRBENCH_FAMILIES_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef struct {
    const char *id; /* file-name safe: bench-<id>.png */
    const char *title;
    bool exact; /* names are whole benchmark names, not prefixes */
    const char *prefixes[8];
} family;

extern const family families[];
extern const size_t nfamilies;
const family *family_of(const char *bench);
/* The names of `names` that belong to family f, in their order, added to out. */
void family_members(const family *f, const strlist *names, strlist *out);

#endif
