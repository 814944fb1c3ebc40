/* status.c — the name tables of status.h and their lookups.
 * Invariants: each table is generated from its map, so the enum and the
 * names cannot drift apart. */
#include "status.h"

#include <stddef.h>
#include <string.h>

#define STATUS_NAME(id, name) name,
const char *const cell_status_name[] = {CELL_STATUS_MAP(STATUS_NAME)};
const char *const test_status_name[] = {TEST_STATUS_MAP(STATUS_NAME)};

static int lookup(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return (int)i;
    return -1;
}

#define COUNT(names) (sizeof names / sizeof names[0])

bool cell_status_parse(const char *s, cell_status *out)
{
    int i = lookup(cell_status_name, COUNT(cell_status_name), s);
    if (i >= 0)
        *out = (cell_status)i;
    return i >= 0;
}

bool test_status_parse(const char *s, test_status *out)
{
    int i = lookup(test_status_name, COUNT(test_status_name), s);
    if (i >= 0)
        *out = (test_status)i;
    return i >= 0;
}
