/*
 * registry.c — collects the tests that GR_TEST / CT_SELFTEST register (from
 * constructors, before main) and expands them into cases: one per TAP line.
 *
 * Invariants: registration only appends; ct_cases() returns cases sorted by
 * (file, line), so numbering is stable from build to build; a `.multi` test
 * becomes two cases, at procs 1 and 4; clause IDs are converted from the
 * macro spelling (CHAN_CLOSE_2) to SPEC.md's (CHAN-CLOSE-2).
 */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reg {
    const ct_test **v;
    size_t n, cap;
};
static struct reg tests, selftests;

static void push(struct reg *r, const ct_test *t)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        if (!r->v)
            abort();
    }
    r->v[r->n++] = t;
}

void ct_register(const ct_test *t) { push(&tests, t); }
void ct_register_selftest(const ct_test *t) { push(&selftests, t); }

static int by_place(const void *a, const void *b)
{
    const ct_test *x = *(const ct_test *const *)a, *y = *(const ct_test *const *)b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Split "A B C" into clauses[1..]; clauses[0] is the primary. */
static void fill_clauses(ct_case *c)
{
    const ct_test *t = c->t;
    size_t k = 0;
    char *primary = strdup(t->id);
    if (!primary)
        abort();
    for (char *p = primary; *p; p++)
        if (*p == '_')
            *p = '-';
    c->clauses[k++] = primary;
    if (t->also) {
        char *copy = strdup(t->also), *save = NULL;
        if (!copy)
            abort();
        for (char *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
            if (k + 1 >= CT_MAX_CLAUSES) {
                fprintf(stderr, "%s:%d: too many clauses in .also\n", t->file, t->line);
                abort();
            }
            c->clauses[k++] = w;
        }
    }
    c->clauses[k] = NULL;
}

ct_list ct_cases(bool selftest)
{
    struct reg *r = selftest ? &selftests : &tests;
    qsort(r->v, r->n, sizeof *r->v, by_place);
    ct_list l = {.v = calloc(2 * r->n + 1, sizeof(ct_case)), .n = 0};
    if (!l.v)
        abort();
    for (size_t i = 0; i < r->n; i++) {
        const ct_test *t = r->v[i];
        int variants[2] = {t->procs, 0};
        int nv = 1;
        if (t->multi) {
            variants[0] = 1;
            variants[1] = 4;
            nv = 2;
        }
        for (int j = 0; j < nv; j++) {
            ct_case *c = &l.v[l.n++];
            c->t = t;
            c->procs = variants[j];
            fill_clauses(c);
            if (t->multi)
                snprintf(c->label, sizeof c->label, "%s %s (procs=%d)", c->clauses[0], t->name,
                         c->procs);
            else
                snprintf(c->label, sizeof c->label, "%s %s", c->clauses[0], t->name);
        }
    }
    return l;
}
