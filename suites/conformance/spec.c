/*
 * spec.c — reads the clause IDs out of spec/SPEC.md and checks that the
 * suite covers them: every clause has a test, every test names a clause.
 *
 * Format (SPEC.md "How to read a clause"): a clause is a line that starts
 * with "- **ID**", where ID is [A-Z][A-Z0-9]* then "-PART"s, the last all
 * digits.  Invariants: IDs are returned in file order without duplicates (a
 * duplicate is an error); lines inside ``` fences are ignored.
 */
#include "runner.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of a valid ID at s (terminated by "**"), or 0. */
static size_t id_len(const char *s)
{
    size_t i = 0;
    if (!isupper((unsigned char)s[0]))
        return 0;
    while (isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-')
        i++;
    if (strncmp(s + i, "**", 2) != 0 || s[i - 1] == '-')
        return 0;
    size_t d = i;
    while (d > 0 && isdigit((unsigned char)s[d - 1]))
        d--;
    if (d == i || d == 0 || s[d - 1] != '-')
        return 0;
    for (size_t k = 1; k < i; k++)
        if (s[k] == '-' && s[k - 1] == '-')
            return 0;
    return i;
}

char **ct_spec_load(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "conformance: cannot read the spec %s (use --spec PATH)\n", path);
        return NULL;
    }
    size_t n = 0, cap = 256;
    char **ids = malloc(cap * sizeof *ids);
    char *line = NULL;
    size_t lcap = 0;
    bool fenced = false, bad = false;
    while (ids && getline(&line, &lcap, f) > 0) {
        if (strncmp(line, "```", 3) == 0)
            fenced = !fenced;
        if (fenced || strncmp(line, "- **", 4) != 0)
            continue;
        size_t len = id_len(line + 4);
        if (!len)
            continue;
        char *id = strndup(line + 4, len);
        for (size_t i = 0; i < n; i++)
            if (strcmp(ids[i], id) == 0) {
                fprintf(stderr, "conformance: clause %s appears twice in %s\n", id, path);
                bad = true;
            }
        if (n + 1 >= cap)
            ids = realloc(ids, (cap *= 2) * sizeof *ids);
        if (ids)
            ids[n++] = id;
    }
    free(line);
    fclose(f);
    if (!ids || bad)
        return NULL;
    ids[n] = NULL;
    if (n == 0) {
        fprintf(stderr, "conformance: no clauses found in %s\n", path);
        return NULL;
    }
    return ids;
}

int ct_spec_check(char **ids, const ct_list *cases, FILE *out)
{
    int problems = 0;
    for (char **id = ids; *id; id++) {
        bool found = false;
        for (size_t i = 0; i < cases->n && !found; i++)
            for (const char *const *c = cases->v[i].clauses; *c && !found; c++)
                found = strcmp(*c, *id) == 0;
        if (!found) {
            fprintf(out, "clause %s in SPEC.md has no test\n", *id);
            problems++;
        }
    }
    for (size_t i = 0; i < cases->n; i++) {
        const ct_case *k = &cases->v[i];
        if (i > 0 && k->t == cases->v[i - 1].t)
            continue; /* the procs=4 twin of a multi test */
        for (const char *const *c = k->clauses; *c; c++) {
            bool found = false;
            for (char **id = ids; *id && !found; id++)
                found = strcmp(*c, *id) == 0;
            if (!found) {
                fprintf(out, "test \"%s\" (%s:%d) names clause %s, which SPEC.md lacks\n",
                        k->t->name, k->t->file, k->t->line, *c);
                problems++;
            }
        }
    }
    return problems;
}
