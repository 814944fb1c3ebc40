/* markdown.h — the Markdown that REPORT.md (cmd_report.c,
 * report_questions.c) and conformance/matrix.md (cmd_conformance.c) share:
 * the head of a table with one column per name.
 * Invariants: writes only to the FILE it is given, whole lines. */
#ifndef GRBENCH_MARKDOWN_H
#define GRBENCH_MARKDOWN_H

#include "util.h"

#include <stdio.h>

/* `lead` ("| workload | procs |"), " NAME |" per column, then the rule
 * line: `lead_rule` ("|---|---:|") and `col_rule` ("---:|") per column. */
void md_table_head(FILE *f, const char *lead, const char *lead_rule, const strlist *cols,
                   const char *col_rule);

#endif
