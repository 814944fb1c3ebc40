/* resultset.c — reading and writing the files of one result set; see
 * resultset.h for the layout and the invariants.  The four record types'
 * add, writer, reader and free are generated from their field tables by
 * RS_DEFINE, so a column is named, typed and ordered in one place.
 * Invariants: a writer's bytes depend only on the records (the committed
 * sets under results/ read and write back unchanged); a reader that fails
 * leaves its vector empty. */
#define _GNU_SOURCE
#include "resultset.h"
#include "atomicio.h"
#include "csv.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GROW(vec)                                                          \
    do {                                                                   \
        if ((vec)->n == (vec)->cap) {                                      \
            (vec)->cap = (vec)->cap ? (vec)->cap * 2 : 64;                 \
            (vec)->v = xrealloc((vec)->v, (vec)->cap * sizeof(*(vec)->v)); \
        }                                                                  \
    } while (0)

/* ---- the column types of resultset.h ---- */

typedef enum {
    RS_K_STR,
    RS_K_INT,
    RS_K_PROCS,
    RS_K_LONG,
    RS_K_REAL,
    RS_K_SECS,
    RS_K_CELLST,
    RS_K_TESTST
} rs_kind;

/* A field's text into *out (a char * for STR: the text itself, not a copy). */
static bool rs_parse(rs_kind k, char *s, void *out)
{
    long l;
    switch (k) {
    case RS_K_STR:
        *(char **)out = s;
        return true;
    case RS_K_INT:
    case RS_K_PROCS:
        if (!parse_int(s, &l) || l < (k == RS_K_PROCS ? 1 : INT_MIN) || l > INT_MAX)
            return false;
        *(int *)out = (int)l;
        return true;
    case RS_K_LONG:
        return parse_int(s, out);
    case RS_K_CELLST:
        return cell_status_parse(s, out);
    case RS_K_TESTST:
        return test_status_parse(s, out);
    default:
        return parse_double(s, out);
    }
}

/* A value as its field's text: the string itself, or formatted into buf. */
static const char *rs_text(rs_kind k, const void *v, char *buf, size_t n)
{
    switch (k) {
    case RS_K_STR:
        return *(char *const *)v;
    case RS_K_INT:
    case RS_K_PROCS:
        snprintf(buf, n, "%d", *(const int *)v);
        break;
    case RS_K_LONG:
        snprintf(buf, n, "%ld", *(const long *)v);
        break;
    case RS_K_REAL:
    case RS_K_SECS:
        snprintf(buf, n, k == RS_K_REAL ? "%.9g" : "%.3f", *(const double *)v);
        break;
    case RS_K_CELLST:
        return cell_status_name[*(const cell_status *)v];
    case RS_K_TESTST:
        return test_status_name[*(const test_status *)v];
    }
    return buf;
}

/* The file's table, with the index of every column of `columns` in col[];
 * 0, or -1 (reported, nothing to free). */
static int rs_load(const char *path, const char *const *columns, size_t ncols, csv_table *t,
                   int *col)
{
    if (csv_read(path, t) != 0)
        return -1;
    for (size_t i = 0; i < ncols; i++)
        if ((col[i] = csv_col(t, columns[i])) < 0) {
            csv_free(t);
            return err("%s: missing column \"%s\"", path, columns[i]);
        }
    return 0;
}

static void rs_header(FILE *f, const char *const *columns, size_t ncols)
{
    for (size_t i = 0; i < ncols; i++)
        csv_field(f, columns[i], i + 1 == ncols);
}

/* One field of a record, as each generated function handles it: copied
 * in by the add (owned strings are duplicated), released by the free,
 * written, read, passed on.  RS_STORE and RS_RELEASE use the record x;
 * RS_WRITE the writer's locals a, x, num, k and ncols; RS_READ and RS_ARG
 * the reader's f, col, x, k, bad and what (RS_DEFINE below). */
#define RS_COPY_str(v)               xstrdup(v)
#define RS_COPY_num(v)               (v)
#define RS_FREE_str(v)               free(v)
#define RS_FREE_num(v)               (void)(v)
#define RS_OWNED(member, arg, owned) owned
#define RS_PASTE_(a, b)              a##b
#define RS_PASTE(a, b)               RS_PASTE_(a, b) /* after expanding a and b */
#define RS_OWN(op, type)             RS_PASTE(op, RS_TYPE_##type(RS_OWNED))

#define RS_WHAT(kind)                   ((kind) == RS_K_CELLST || (kind) == RS_K_TESTST ? "status" : "number")
#define RS_COLUMN(type, field, column)  column,
#define RS_STORE(type, field, column)   x->field = RS_OWN(RS_COPY_, type)(field);
#define RS_RELEASE(type, field, column) RS_OWN(RS_FREE_, type)(x->field);
#define RS_WRITE(type, field, column) \
    csv_field(a.f, rs_text(RS_K_##type, &x->field, num, sizeof num), ++k == ncols);
#define RS_READ(type, field, column)                              \
    if (bad < 0 && !rs_parse(RS_K_##type, f[col[k]], &x.field)) { \
        bad = (int)k;                                             \
        what = RS_WHAT(RS_K_##type);                              \
    }                                                             \
    k++;
#define RS_ARG(type, field, column) , x.field

/* The add, writer, reader and free of one record type (resultset.h). */
#define RS_DEFINE(rec, vec, prefix, FIELDS)                                                 \
    static const char *const prefix##_columns[] = {FIELDS(RS_COLUMN)};                      \
    void prefix##_add(vec *to FIELDS(RS_PARAM))                                             \
    {                                                                                       \
        GROW(to);                                                                           \
        rec *x = &to->v[to->n++];                                                           \
        FIELDS(RS_STORE)                                                                    \
    }                                                                                       \
    int prefix##_write(const vec *from, const char *path)                                   \
    {                                                                                       \
        const size_t ncols = sizeof prefix##_columns / sizeof prefix##_columns[0];          \
        afile a;                                                                            \
        if (afile_open(&a, path) != 0)                                                      \
            return -1;                                                                      \
        rs_header(a.f, prefix##_columns, ncols);                                            \
        for (size_t i = 0; i < from->n; i++) {                                              \
            const rec *x = &from->v[i];                                                     \
            char num[64];                                                                   \
            size_t k = 0;                                                                   \
            FIELDS(RS_WRITE)                                                                \
        }                                                                                   \
        return afile_commit(&a);                                                            \
    }                                                                                       \
    int prefix##_read(vec *to, const char *path)                                            \
    {                                                                                       \
        const size_t ncols = sizeof prefix##_columns / sizeof prefix##_columns[0];          \
        int col[sizeof prefix##_columns / sizeof prefix##_columns[0]];                      \
        csv_table t;                                                                        \
        memset(to, 0, sizeof *to);                                                          \
        if (rs_load(path, prefix##_columns, ncols, &t, col) != 0)                           \
            return -1;                                                                      \
        for (size_t i = 0; i < t.nrows; i++) {                                              \
            char **f = t.rows[i];                                                           \
            rec x;                                                                          \
            int bad = -1;                                                                   \
            const char *what = "";                                                          \
            size_t k = 0;                                                                   \
            FIELDS(RS_READ)                                                                 \
            if (bad >= 0) {                                                                 \
                err("%s: data row %zu: bad %s in column \"%s\": \"%s\"", path, i + 1, what, \
                    prefix##_columns[bad], f[col[bad]]);                                    \
                csv_free(&t);                                                               \
                prefix##_free(to);                                                          \
                return -1;                                                                  \
            }                                                                               \
            prefix##_add(to FIELDS(RS_ARG));                                                \
        }                                                                                   \
        csv_free(&t);                                                                       \
        return 0;                                                                           \
    }                                                                                       \
    void prefix##_free(vec *v)                                                              \
    {                                                                                       \
        for (size_t i = 0; i < v->n; i++) {                                                 \
            rec *x = &v->v[i];                                                              \
            FIELDS(RS_RELEASE)                                                              \
        }                                                                                   \
        free(v->v);                                                                         \
        memset(v, 0, sizeof *v);                                                            \
    }

RS_DEFINE(row, rowvec, rows, RS_ROW_FIELDS)
RS_DEFINE(cell, cellvec, cells, RS_CELL_FIELDS)
RS_DEFINE(confrow, confvec, conf, RS_CONF_FIELDS)
RS_DEFINE(leakrow, leakvec, leaks, RS_LEAK_FIELDS)

/* conformance/: results.csv, and leaks.csv when there is one. */
static int conf_dir_read(resultset *rs, const char *dir)
{
    char *p = path_join(dir, "results.csv");
    int rc = conf_read(&rs->conf, p);
    free(p);
    if (rc != 0)
        return rc;
    p = path_join(dir, "leaks.csv");
    if (path_exists(p))
        rc = leaks_read(&rs->leaks, p);
    free(p);
    return rc;
}

int resultset_load(resultset *rs, const char *path)
{
    memset(rs, 0, sizeof *rs);
    if (!path_exists(path))
        return err("%s: no such result set", path);
    char *dir;
    if (is_dir(path))
        dir = abs_path(path);
    else {
        char *a = abs_path(path);
        char *slash = strrchr(a, '/');
        if (slash && slash != a)
            *slash = 0;
        dir = a;
    }
    rs->dir = dir;
    const char *base = strrchr(dir, '/');
    rs->id = xstrdup(base ? base + 1 : dir);
    char *csvp = path_join(dir, "combined.csv");
    if (!path_exists(csvp)) {
        err("%s: not a result set (no combined.csv); an empty or unfinished run?", dir);
        free(csvp);
        resultset_free(rs);
        return -1;
    }
    int rc = rows_read(&rs->data, csvp);
    free(csvp);
    if (rc != 0) {
        resultset_free(rs);
        return -1;
    }
    char *fpp = path_join(dir, "fingerprint.json");
    if (path_exists(fpp)) {
        json_error_t je;
        rs->fp = json_load_file(fpp, 0, &je);
        if (!rs->fp || !json_is_object(rs->fp)) {
            err("%s: line %d: %s", fpp, je.line, rs->fp ? "not a JSON object" : je.text);
            free(fpp);
            resultset_free(rs);
            return -1;
        }
    }
    free(fpp);
    char *cp = path_join(dir, "cells.csv");
    if (path_exists(cp) && cells_read(&rs->cells, cp) != 0) {
        free(cp);
        resultset_free(rs);
        return -1;
    }
    free(cp);
    char *cd = path_join(dir, "conformance");
    if (is_dir(cd)) {
        rs->has_conf = true;
        if (conf_dir_read(rs, cd) != 0) {
            free(cd);
            resultset_free(rs);
            return -1;
        }
    }
    free(cd);
    return 0;
}

void resultset_free(resultset *rs)
{
    free(rs->dir);
    free(rs->id);
    if (rs->fp)
        json_decref(rs->fp);
    rows_free(&rs->data);
    cells_free(&rs->cells);
    conf_free(&rs->conf);
    leaks_free(&rs->leaks);
    memset(rs, 0, sizeof *rs);
}

typedef struct {
    char *path, *key;
} listent;
static int cmp_listent(const void *a, const void *b)
{
    const listent *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->path, y->path);
}

int resultset_list(const char *results_dir, strlist *out)
{
    DIR *d = opendir(results_dir);
    if (!d)
        return err("cannot list %s", results_dir);
    listent *v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(results_dir, e->d_name);
        char *c = path_join(p, "combined.csv");
        struct stat sb;
        /* Symlinks (results/latest) are aliases, not sets of their own. */
        bool ok = lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode) && path_exists(c);
        free(c);
        if (!ok) {
            free(p);
            continue;
        }
        char *key = NULL;
        char *fpp = path_join(p, "fingerprint.json");
        json_t *fp = json_load_file(fpp, 0, NULL);
        free(fpp);
        const char *st = fp ? json_string_value(json_object_get(fp, "started")) : NULL;
        key = xasprintf("%s|%s", st ? st : "", e->d_name);
        if (fp)
            json_decref(fp);
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[n].path = p;
        v[n].key = key;
        n++;
    }
    closedir(d);
    qsort(v, n, sizeof *v, cmp_listent);
    for (size_t i = 0; i < n; i++) {
        sl_add(out, v[i].path);
        free(v[i].path);
        free(v[i].key);
    }
    free(v);
    return 0;
}

static bool match(const row *x, const char *suite, const char *name, const char *backend, int procs,
                  const char *metric)
{
    return (!suite || !strcmp(x->suite, suite)) && (!name || !strcmp(x->name, name)) &&
           (!backend || !strcmp(x->backend, backend)) && (procs <= 0 || x->procs == procs) &&
           (!metric || !strcmp(x->metric, metric));
}

double *rows_values(const rowvec *r, const char *suite, const char *name, const char *backend,
                    int procs, const char *metric, size_t *n)
{
    double *v = xmalloc((r->n + 1) * sizeof(double));
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (match(&r->v[i], suite, name, backend, procs, metric))
            v[k++] = r->v[i].value;
    *n = k;
    return v;
}

double median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double rows_median(const rowvec *r, const char *suite, const char *name, const char *backend,
                   int procs, const char *metric)
{
    size_t n;
    double *v = rows_values(r, suite, name, backend, procs, metric, &n);
    double m = median(v, n);
    free(v);
    return m;
}

void rows_names(const rowvec *r, const char *suite, strlist *out)
{
    for (size_t i = 0; i < r->n; i++)
        if ((!suite || !strcmp(r->v[i].suite, suite)) && !sl_contains(out, r->v[i].name))
            sl_add(out, r->v[i].name);
}

bool rows_is_reference(const char *backend)
{
    return !strcmp(backend, "go") || !strcmp(backend, "gccgo");
}

/* grbench's own schedulers first, in the order of their design (1:1, M:N
 * with a shared queue, work stealing), then any other backend by name: a
 * stable order for every table and plot, whatever the interleaving. */
static int backend_rank(const char *b)
{
    static const char *const own[] = {"pthread", "ucontext", "ws"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(b, own[i]))
            return i;
    return 3;
}

static int backend_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int rx = backend_rank(x), ry = backend_rank(y);
    return rx != ry ? rx - ry : strcmp(x, y);
}

void rows_backends(const rowvec *r, strlist *out)
{
    size_t first = out->n;
    bool go = false, gccgo = false; /* the reference rows go last: gccgo, then go (gc) */
    for (size_t i = 0; i < r->n; i++) {
        if (!strcmp(r->v[i].backend, "go")) {
            go = true;
            continue;
        }
        if (!strcmp(r->v[i].backend, "gccgo")) {
            gccgo = true;
            continue;
        }
        if (!sl_contains(out, r->v[i].backend))
            sl_add(out, r->v[i].backend);
    }
    qsort(out->v + first, out->n - first, sizeof *out->v, backend_cmp);
    if (gccgo)
        sl_add(out, "gccgo");
    if (go)
        sl_add(out, "go");
}

int *rows_procs(const rowvec *r, size_t *n)
{
    int *v = xmalloc((r->n + 1) * sizeof(int));
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        bool seen = false;
        for (size_t j = 0; j < k; j++)
            if (v[j] == r->v[i].procs)
                seen = true;
        if (!seen)
            v[k++] = r->v[i].procs;
    }
    qsort(v, k, sizeof(int), cmp_int);
    *n = k;
    return v;
}

const char *fp_str(const resultset *rs, const char *key)
{
    if (!rs->fp)
        return "";
    json_t *v = json_object_get(rs->fp, key);
    const char *s = json_string_value(v);
    return s ? s : "";
}

bool conf_clause_status(const confvec *cv, const char *backend, const char *clause, test_status *st,
                        const char **reason)
{
    bool ran = false;
    *reason = "";
    for (size_t i = 0; i < cv->n; i++) {
        const confrow *x = &cv->v[i];
        if (strcmp(x->backend, backend) || strcmp(x->clause, clause))
            continue;
        if (x->status == TEST_FAIL) {
            if (!ran || *st != TEST_FAIL)
                *reason = x->reason;
            *st = TEST_FAIL;
        } else if (x->status == TEST_PASS) {
            if (!ran || *st == TEST_SKIP)
                *st = TEST_PASS;
        } else if (!ran) {
            *st = x->status;
            *reason = x->reason;
        }
        ran = true;
    }
    return ran;
}
