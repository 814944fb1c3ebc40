/* resultset.c — reading and writing the files of one result set; see
 * resultset.h for the layout and the invariants. */
#define _GNU_SOURCE
#include "resultset.h"
#include "atomicio.h"
#include "csv.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GROW(vec) do { if ((vec)->n == (vec)->cap) { (vec)->cap = (vec)->cap ? (vec)->cap * 2 : 64; \
    (vec)->v = xrealloc((vec)->v, (vec)->cap * sizeof(*(vec)->v)); } } while (0)

void rows_add(rowvec *r, const char *suite, const char *name, const char *backend, int procs,
              int rep, const char *metric, double value, const char *unit)
{
    GROW(r);
    row *x = &r->v[r->n++];
    x->suite = xstrdup(suite); x->name = xstrdup(name); x->backend = xstrdup(backend);
    x->procs = procs; x->rep = rep; x->metric = xstrdup(metric); x->value = value; x->unit = xstrdup(unit);
}

int rows_write(const rowvec *r, const char *path)
{
    afile a;
    if (afile_open(&a, path) != 0) return -1;
    fputs("suite,name,backend,procs,repetition,metric,value,unit\n", a.f);
    for (size_t i = 0; i < r->n; i++) {
        const row *x = &r->v[i];
        char num[64];
        csv_field(a.f, x->suite, 0); csv_field(a.f, x->name, 0); csv_field(a.f, x->backend, 0);
        fprintf(a.f, "%d,%d,", x->procs, x->rep);
        csv_field(a.f, x->metric, 0);
        snprintf(num, sizeof num, "%.9g", x->value);
        csv_field(a.f, num, 0);
        csv_field(a.f, x->unit, 1);
    }
    return afile_commit(&a);
}

int rows_read(rowvec *r, const char *path)
{
    csv_table t;
    memset(r, 0, sizeof *r);
    if (csv_read(path, &t) != 0) return -1;
    static const char *need[] = { "suite", "name", "backend", "procs", "repetition", "metric", "value", "unit" };
    int col[8];
    for (int i = 0; i < 8; i++)
        if ((col[i] = csv_col(&t, need[i])) < 0) { csv_free(&t); return err("%s: missing column \"%s\"", path, need[i]); }
    for (size_t i = 0; i < t.nrows; i++) {
        char **f = t.rows[i];
        long procs, rep; double v;
        if (!parse_int(f[col[3]], &procs) || !parse_int(f[col[4]], &rep) || !parse_double(f[col[6]], &v) || procs < 1) {
            err("%s: data row %zu: bad number (procs \"%s\", repetition \"%s\", value \"%s\")",
                path, i + 1, f[col[3]], f[col[4]], f[col[6]]);
            csv_free(&t); rows_free(r);
            return -1;
        }
        rows_add(r, f[col[0]], f[col[1]], f[col[2]], (int)procs, (int)rep, f[col[5]], v, f[col[7]]);
    }
    csv_free(&t);
    return 0;
}

void rows_free(rowvec *r)
{
    for (size_t i = 0; i < r->n; i++) {
        row *x = &r->v[i];
        free(x->suite); free(x->name); free(x->backend); free(x->metric); free(x->unit);
    }
    free(r->v); memset(r, 0, sizeof *r);
}

void cells_add(cellvec *c, const char *kind, const char *backend, const char *name, int procs,
               const char *status, double seconds, const char *detail, const char *log)
{
    GROW(c);
    cell *x = &c->v[c->n++];
    x->kind = xstrdup(kind); x->backend = xstrdup(backend); x->name = xstrdup(name); x->procs = procs;
    x->status = xstrdup(status); x->seconds = seconds; x->detail = xstrdup(detail ? detail : "");
    x->log = xstrdup(log ? log : "");
}

int cells_write(const cellvec *c, const char *path)
{
    afile a;
    if (afile_open(&a, path) != 0) return -1;
    fputs("kind,backend,name,procs,status,seconds,detail,log\n", a.f);
    for (size_t i = 0; i < c->n; i++) {
        const cell *x = &c->v[i];
        csv_field(a.f, x->kind, 0); csv_field(a.f, x->backend, 0); csv_field(a.f, x->name, 0);
        fprintf(a.f, "%d,", x->procs);
        csv_field(a.f, x->status, 0);
        fprintf(a.f, "%.3f,", x->seconds);
        csv_field(a.f, x->detail, 0); csv_field(a.f, x->log, 1);
    }
    return afile_commit(&a);
}

static int cells_read(cellvec *c, const char *path)
{
    csv_table t;
    memset(c, 0, sizeof *c);
    if (csv_read(path, &t) != 0) return -1;
    static const char *need[] = { "kind", "backend", "name", "procs", "status", "seconds", "detail", "log" };
    int col[8];
    for (int i = 0; i < 8; i++)
        if ((col[i] = csv_col(&t, need[i])) < 0) { csv_free(&t); return err("%s: missing column \"%s\"", path, need[i]); }
    for (size_t i = 0; i < t.nrows; i++) {
        char **f = t.rows[i];
        long procs; double s;
        if (!parse_int(f[col[3]], &procs) || !parse_double(f[col[5]], &s)) {
            csv_free(&t); cells_free(c);
            return err("%s: row %zu: bad number", path, i + 1);
        }
        cells_add(c, f[col[0]], f[col[1]], f[col[2]], (int)procs, f[col[4]], s, f[col[6]], f[col[7]]);
    }
    csv_free(&t);
    return 0;
}

void cells_free(cellvec *c)
{
    for (size_t i = 0; i < c->n; i++) {
        cell *x = &c->v[i];
        free(x->kind); free(x->backend); free(x->name); free(x->status); free(x->detail); free(x->log);
    }
    free(c->v); memset(c, 0, sizeof *c);
}

void conf_add(confvec *c, const char *backend, const char *clause, const char *test,
              const char *status, const char *reason)
{
    GROW(c);
    confrow *x = &c->v[c->n++];
    x->backend = xstrdup(backend); x->clause = xstrdup(clause); x->test = xstrdup(test);
    x->status = xstrdup(status); x->reason = xstrdup(reason ? reason : "");
}

int conf_write(const confvec *c, const char *path)
{
    afile a;
    if (afile_open(&a, path) != 0) return -1;
    fputs("backend,clause,test,status,reason\n", a.f);
    for (size_t i = 0; i < c->n; i++) {
        const confrow *x = &c->v[i];
        csv_field(a.f, x->backend, 0); csv_field(a.f, x->clause, 0); csv_field(a.f, x->test, 0);
        csv_field(a.f, x->status, 0); csv_field(a.f, x->reason, 1);
    }
    return afile_commit(&a);
}

void leaks_add(leakvec *l, const char *backend, const char *program, long leaked, const char *line)
{
    GROW(l);
    leakrow *x = &l->v[l->n++];
    x->backend = xstrdup(backend); x->program = xstrdup(program); x->leaked = leaked; x->line = xstrdup(line ? line : "");
}

int leaks_write(const leakvec *l, const char *path)
{
    afile a;
    if (afile_open(&a, path) != 0) return -1;
    fputs("backend,program,leaked,line\n", a.f);
    for (size_t i = 0; i < l->n; i++) {
        const leakrow *x = &l->v[i];
        csv_field(a.f, x->backend, 0); csv_field(a.f, x->program, 0);
        fprintf(a.f, "%ld,", x->leaked);
        csv_field(a.f, x->line, 1);
    }
    return afile_commit(&a);
}

static int conf_read(resultset *rs, const char *dir)
{
    char *p = path_join(dir, "results.csv");
    csv_table t;
    int rc = csv_read(p, &t);
    if (rc == 0) {
        int b = csv_col(&t, "backend"), c = csv_col(&t, "clause"), te = csv_col(&t, "test"),
            s = csv_col(&t, "status"), r = csv_col(&t, "reason");
        if (b < 0 || c < 0 || te < 0 || s < 0 || r < 0) rc = err("%s: missing columns", p);
        else
            for (size_t i = 0; i < t.nrows; i++)
                conf_add(&rs->conf, t.rows[i][b], t.rows[i][c], t.rows[i][te], t.rows[i][s], t.rows[i][r]);
        csv_free(&t);
    }
    free(p);
    if (rc != 0) return rc;
    p = path_join(dir, "leaks.csv");
    if (path_exists(p)) {
        rc = csv_read(p, &t);
        if (rc == 0) {
            int b = csv_col(&t, "backend"), pr = csv_col(&t, "program"), n = csv_col(&t, "leaked"), l = csv_col(&t, "line");
            if (b < 0 || pr < 0 || n < 0 || l < 0) rc = err("%s: missing columns", p);
            else
                for (size_t i = 0; i < t.nrows; i++) {
                    long v = -1;
                    parse_int(t.rows[i][n], &v);
                    leaks_add(&rs->leaks, t.rows[i][b], t.rows[i][pr], v, t.rows[i][l]);
                }
            csv_free(&t);
        }
    }
    free(p);
    return rc;
}

int resultset_load(resultset *rs, const char *path)
{
    memset(rs, 0, sizeof *rs);
    if (!path_exists(path)) return err("%s: no such result set", path);
    char *dir;
    if (is_dir(path)) dir = abs_path(path);
    else {
        char *a = abs_path(path);
        char *slash = strrchr(a, '/');
        if (slash && slash != a) *slash = 0;
        dir = a;
    }
    rs->dir = dir;
    const char *base = strrchr(dir, '/');
    rs->id = xstrdup(base ? base + 1 : dir);
    char *csvp = path_join(dir, "combined.csv");
    if (!path_exists(csvp)) {
        err("%s: not a result set (no combined.csv); an empty or unfinished run?", dir);
        free(csvp); resultset_free(rs); return -1;
    }
    int rc = rows_read(&rs->data, csvp);
    free(csvp);
    if (rc != 0) { resultset_free(rs); return -1; }
    char *fpp = path_join(dir, "fingerprint.json");
    if (path_exists(fpp)) {
        json_error_t je;
        rs->fp = json_load_file(fpp, 0, &je);
        if (!rs->fp || !json_is_object(rs->fp)) {
            err("%s: line %d: %s", fpp, je.line, rs->fp ? "not a JSON object" : je.text);
            free(fpp); resultset_free(rs); return -1;
        }
    }
    free(fpp);
    char *cp = path_join(dir, "cells.csv");
    if (path_exists(cp) && cells_read(&rs->cells, cp) != 0) { free(cp); resultset_free(rs); return -1; }
    free(cp);
    char *cd = path_join(dir, "conformance");
    if (is_dir(cd)) {
        rs->has_conf = true;
        if (conf_read(rs, cd) != 0) { free(cd); resultset_free(rs); return -1; }
    }
    free(cd);
    return 0;
}

void resultset_free(resultset *rs)
{
    free(rs->dir); free(rs->id);
    if (rs->fp) json_decref(rs->fp);
    rows_free(&rs->data); cells_free(&rs->cells);
    for (size_t i = 0; i < rs->conf.n; i++) {
        confrow *x = &rs->conf.v[i];
        free(x->backend); free(x->clause); free(x->test); free(x->status); free(x->reason);
    }
    free(rs->conf.v);
    for (size_t i = 0; i < rs->leaks.n; i++) { free(rs->leaks.v[i].backend); free(rs->leaks.v[i].program); free(rs->leaks.v[i].line); }
    free(rs->leaks.v);
    memset(rs, 0, sizeof *rs);
}

typedef struct { char *path, *key; } listent;
static int cmp_listent(const void *a, const void *b)
{
    const listent *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->path, y->path);
}

int resultset_list(const char *results_dir, strlist *out)
{
    DIR *d = opendir(results_dir);
    if (!d) return err("cannot list %s", results_dir);
    listent *v = NULL; size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *p = path_join(results_dir, e->d_name);
        char *c = path_join(p, "combined.csv");
        struct stat sb;
        /* Symlinks (results/latest) are aliases, not sets of their own. */
        bool ok = lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode) && path_exists(c);
        free(c);
        if (!ok) { free(p); continue; }
        char *key = NULL;
        char *fpp = path_join(p, "fingerprint.json");
        json_t *fp = json_load_file(fpp, 0, NULL);
        free(fpp);
        const char *st = fp ? json_string_value(json_object_get(fp, "started")) : NULL;
        key = xasprintf("%s|%s", st ? st : "", e->d_name);
        if (fp) json_decref(fp);
        if (n == cap) { cap = cap ? cap * 2 : 16; v = xrealloc(v, cap * sizeof *v); }
        v[n].path = p; v[n].key = key; n++;
    }
    closedir(d);
    qsort(v, n, sizeof *v, cmp_listent);
    for (size_t i = 0; i < n; i++) { sl_add(out, v[i].path); free(v[i].path); free(v[i].key); }
    free(v);
    return 0;
}

static bool match(const row *x, const char *suite, const char *name, const char *backend, int procs, const char *metric)
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
        if (match(&r->v[i], suite, name, backend, procs, metric)) v[k++] = r->v[i].value;
    *n = k;
    return v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double median(double *v, size_t n)
{
    if (n == 0) return NAN;
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
        if ((!suite || !strcmp(r->v[i].suite, suite)) && !sl_contains(out, r->v[i].name)) sl_add(out, r->v[i].name);
}

void rows_backends(const rowvec *r, strlist *out)
{
    bool go = false, gccgo = false;   /* the reference rows go last: gccgo, then go (gc) */
    for (size_t i = 0; i < r->n; i++) {
        if (!strcmp(r->v[i].backend, "go")) { go = true; continue; }
        if (!strcmp(r->v[i].backend, "gccgo")) { gccgo = true; continue; }
        if (!sl_contains(out, r->v[i].backend)) sl_add(out, r->v[i].backend);
    }
    if (gccgo) sl_add(out, "gccgo");
    if (go) sl_add(out, "go");
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int *rows_procs(const rowvec *r, size_t *n)
{
    int *v = xmalloc((r->n + 1) * sizeof(int));
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        bool seen = false;
        for (size_t j = 0; j < k; j++) if (v[j] == r->v[i].procs) seen = true;
        if (!seen) v[k++] = r->v[i].procs;
    }
    qsort(v, k, sizeof(int), cmp_int);
    *n = k;
    return v;
}

const char *fp_str(const resultset *rs, const char *key)
{
    if (!rs->fp) return "";
    json_t *v = json_object_get(rs->fp, key);
    const char *s = json_string_value(v);
    return s ? s : "";
}

const char *conf_clause_status(const confvec *cv, const char *backend, const char *clause,
                               const char **reason)
{
    const char *st = NULL;
    *reason = "";
    for (size_t i = 0; i < cv->n; i++) {
        const confrow *x = &cv->v[i];
        if (strcmp(x->backend, backend) || strcmp(x->clause, clause)) continue;
        if (!strcmp(x->status, "fail")) { if (!st || strcmp(st, "fail")) *reason = x->reason; st = "fail"; }
        else if (!strcmp(x->status, "pass")) { if (!st || !strcmp(st, "skip")) st = "pass"; }
        else if (!st) { st = x->status; *reason = x->reason; }
    }
    return st;
}
