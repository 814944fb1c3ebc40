/* parse_hyperfine.c — hyperfine --export-json into "wall" rows (seconds, one
 * per timed run; warm-up runs are not in the file).  See parsers.h. */
#include "parsers.h"

#include <string.h>

int parse_hyperfine(const char *path, const char *suite, const char *name, const char *backend,
                    int procs, rowvec *out)
{
    json_t *root = parse_json_file(path);
    if (!root)
        return -1;
    json_t *res = json_object_get(root, "results");
    json_t *r0 = json_is_array(res) ? json_array_get(res, 0) : NULL;
    json_t *times = r0 ? json_object_get(r0, "times") : NULL;
    if (!json_is_array(times) || json_array_size(times) == 0) {
        json_decref(root);
        return err("%s: no results[0].times array (not hyperfine JSON?)", path);
    }
    size_t i;
    json_t *t;
    json_array_foreach(times, i, t) if (!json_is_number(t))
    {
        json_decref(root);
        return err("%s: times[%zu] is not a number", path, i);
    }
    json_array_foreach(times, i, t)
        rows_add(out, suite, name, backend, procs, (int)i, "wall", json_number_value(t), "s");
    int n = (int)json_array_size(times);
    json_decref(root);
    return n;
}
