/* report_reliability.h — REPORT.md's reliability section (see the .c). */
#ifndef GRBENCH_REPORT_RELIABILITY_H
#define GRBENCH_REPORT_RELIABILITY_H

#include <stdio.h>

/* Write the section from `path` (NULL or missing: a pointer to make
 * check-all).  0, or -1 on a malformed file (error printed). */
int report_reliability(FILE *f, const char *path);

#endif
