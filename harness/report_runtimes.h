/* report_runtimes.h — REPORT.md's section naming the runtime under each
 * row, with its version (see the .c). */
#ifndef GRBENCH_REPORT_RUNTIMES_H
#define GRBENCH_REPORT_RUNTIMES_H

#include "resultset.h"

#include <stdio.h>

/* One line per row of `backends` (the set's labels, Go rows included),
 * and a line for gccgo when the set has no gccgo row. */
void report_runtimes(FILE *f, const resultset *rs, const strlist *backends);

#endif
