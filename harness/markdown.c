/* markdown.c — the Markdown tables' heads of REPORT.md and matrix.md (see
 * markdown.h).
 * Invariants: writes only to the FILE it is given, whole lines. */
#include "markdown.h"

void md_table_head(FILE *f, const char *lead, const char *lead_rule, const strlist *cols,
                   const char *col_rule)
{
    fputs(lead, f);
    for (size_t i = 0; i < cols->n; i++)
        fprintf(f, " %s |", cols->v[i]);
    fprintf(f, "\n%s", lead_rule);
    for (size_t i = 0; i < cols->n; i++)
        fputs(col_rule, f);
    fputc('\n', f);
}
