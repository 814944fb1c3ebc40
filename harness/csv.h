/* csv.h — RFC 4180 CSV: quoting on write, strict parsing on read.
 * Invariants: the reader rejects (with file, line and reason) an unterminated
 * quote or a row whose field count differs from the header's; it never
 * returns a partially parsed table. */
#ifndef GRBENCH_CSV_H
#define GRBENCH_CSV_H

#include <stddef.h>
#include <stdio.h>

void csv_field(FILE *f, const char *s, int last); /* quotes when needed */

typedef struct {
    size_t ncols, nrows;
    char **header; /* ncols */
    char ***rows;  /* nrows x ncols */
} csv_table;

/* Parse text; `what` names the source in messages.  0 or -1 (reported). */
int csv_parse(const char *text, const char *what, csv_table *t);
int csv_read(const char *path, csv_table *t);
/* Index of a header column, or -1. */
int csv_col(const csv_table *t, const char *name);
void csv_free(csv_table *t);

#endif
