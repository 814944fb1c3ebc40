/* parse_gotest.c — `go test -bench` text output into "time" rows (ns/op),
 * the format benchstat reads, labelled with the reference row that ran it
 * (gc's "go" or "gccgo": both print the same format).  See parsers.h. */
#define _GNU_SOURCE
#include "parsers.h"

#include <stdlib.h>
#include <string.h>

int parse_gotest(const char *path, rowvec *out)
{
    return parse_gotest_as(path, "go", out);
}

int parse_gotest_as(const char *path, const char *label, rowvec *out)
{
    char *text = read_file(path, NULL);
    if (!text)
        return -1;
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, text, "\n");
    free(text);
    strlist seen;
    sl_init(&seen);
    int n = 0;
    for (size_t i = 0; i < lines.n; i++) {
        if (!str_starts(lines.v[i], "Benchmark"))
            continue;
        strlist tok;
        sl_init(&tok);
        sl_split(&tok, lines.v[i], " \t");
        /* name, iterations, then value/unit pairs; find "ns/op". */
        double ns = -1;
        for (size_t k = 2; k + 1 < tok.n; k++)
            if (!strcmp(tok.v[k + 1], "ns/op")) {
                double v;
                if (parse_double(tok.v[k], &v))
                    ns = v;
            }
        if (tok.n >= 4 && ns >= 0) {
            char *name;
            int procs;
            go_name_split(tok.v[0], &name, &procs);
            char *key = xasprintf("%s|%d", name, procs);
            int rep = 0;
            for (size_t k = 0; k < seen.n; k++)
                if (!strcmp(seen.v[k], key))
                    rep++;
            sl_add(&seen, key);
            rows_add(out, "bench", name, label, procs, rep, "time", ns, "ns");
            free(key);
            free(name);
            n++;
        }
        sl_free(&tok);
    }
    sl_free(&seen);
    sl_free(&lines);
    return n;
}
