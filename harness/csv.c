/* csv.c — the CSV writer and strict reader declared in csv.h. */
#include "csv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void csv_field(FILE *f, const char *s, int last)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', f);
            fputc(*p, f);
        }
        fputc('"', f);
    } else
        fputs(s, f);
    fputc(last ? '\n' : ',', f);
}

typedef struct {
    char **v;
    size_t n, cap;
} fields;
static void fields_add(fields *fs, char *s)
{
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 8;
        fs->v = xrealloc(fs->v, fs->cap * sizeof(char *));
    }
    fs->v[fs->n++] = s;
}

int csv_parse(const char *text, const char *what, csv_table *t)
{
    memset(t, 0, sizeof *t);
    const char *p = text;
    size_t line = 1, cap = 0;
    while (*p) {
        fields fs = {0};
        size_t row_line = line;
        for (;;) { /* one field per iteration */
            sbuf b;
            sb_init(&b);
            sb_add(&b, "");
            if (*p == '"') {
                p++;
                for (;;) {
                    if (!*p) {
                        sb_free(&b);
                        for (size_t i = 0; i < fs.n; i++)
                            free(fs.v[i]);
                        free(fs.v);
                        csv_free(t);
                        return err("%s: line %zu: unterminated quoted field", what, row_line);
                    }
                    if (*p == '"') {
                        if (p[1] == '"') {
                            sb_add(&b, "\"");
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    if (*p == '\n')
                        line++;
                    sb_addn(&b, p, 1);
                    p++;
                }
            }
            while (*p && *p != ',' && *p != '\n' && *p != '\r') {
                sb_addn(&b, p, 1);
                p++;
            }
            fields_add(&fs, sb_steal(&b));
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == '\r')
                p++;
            if (*p == '\n') {
                p++;
                line++;
            }
            break;
        }
        if (fs.n == 1 && fs.v[0][0] == 0) {
            free(fs.v[0]);
            free(fs.v);
            continue;
        } /* blank line */
        if (!t->header) {
            t->header = fs.v;
            t->ncols = fs.n;
            continue;
        }
        if (fs.n != t->ncols) {
            size_t n = fs.n, want = t->ncols;
            for (size_t i = 0; i < fs.n; i++)
                free(fs.v[i]);
            free(fs.v);
            csv_free(t);
            return err("%s: line %zu: %zu fields, the header has %zu (truncated file?)", what,
                       row_line, n, want);
        }
        if (t->nrows == cap) {
            cap = cap ? cap * 2 : 64;
            t->rows = xrealloc(t->rows, cap * sizeof(char **));
        }
        t->rows[t->nrows++] = fs.v;
    }
    if (!t->header) {
        csv_free(t);
        return err("%s: empty file, no CSV header", what);
    }
    return 0;
}

int csv_read(const char *path, csv_table *t)
{
    char *text = read_file(path, NULL);
    if (!text) {
        memset(t, 0, sizeof *t);
        return -1;
    }
    int rc = csv_parse(text, path, t);
    free(text);
    return rc;
}

int csv_col(const csv_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (int)i;
    return -1;
}

void csv_free(csv_table *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    free(t->rows);
    if (t->header)
        for (size_t c = 0; c < t->ncols; c++)
            free(t->header[c]);
    free(t->header);
    memset(t, 0, sizeof *t);
}
