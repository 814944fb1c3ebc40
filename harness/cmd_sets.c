/* cmd_sets.c — the result sets that a subcommand's operands name (cmds.h):
 * each resolved (resolve_set: a path, a run id, or "latest") and loaded.
 * Invariants: all or none: on failure every set loaded so far is freed
 * again and the error has been reported; nothing is written. */
#include "cmds.h"
#include "util.h"

#include <stdlib.h>

int load_sets(resultset *sets, size_t n, char *const *args, const char *results_dir)
{
    char *rdir = results_dir ? xstrdup(results_dir) : default_results_dir();
    char **paths = xcalloc(n + 1, sizeof(char *));
    size_t resolved = 0, loaded = 0;
    while (resolved < n && (paths[resolved] = resolve_set(args ? args[resolved] : NULL, rdir)))
        resolved++;
    free(rdir);
    if (resolved == n)
        while (loaded < n && resultset_load(&sets[loaded], paths[loaded]) == 0)
            loaded++;
    for (size_t i = 0; i < resolved; i++)
        free(paths[i]);
    free(paths);
    if (loaded == n)
        return 0;
    for (size_t i = 0; i < loaded; i++)
        resultset_free(&sets[i]);
    return -1;
}
