/* sets.c — finding a result set from a command-line argument: a directory,
 * a combined.csv, a run id under results/, or "latest".
 * Invariants: never creates or changes anything. */
#include "cmds.h"
#include "resultset.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

char *resolve_set(const char *arg, const char *results_dir)
{
    if (!arg || !strcmp(arg, "latest")) {
        strlist l;
        sl_init(&l);
        if (!is_dir(results_dir) || resultset_list(results_dir, &l) != 0 || l.n == 0) {
            sl_free(&l);
            err("no result sets under %s (run `grbench run` first)", results_dir);
            return NULL;
        }
        char *r = xstrdup(l.v[l.n - 1]);
        sl_free(&l);
        return r;
    }
    if (path_exists(arg))
        return xstrdup(arg);
    char *p = path_join(results_dir, arg);
    if (is_dir(p))
        return p;
    free(p);
    err("%s: no such result set (not a path, nor a run id under %s)", arg, results_dir);
    return NULL;
}
