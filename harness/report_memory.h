/* report_memory.h — REPORT.md's memory breakdown per parked goroutine (see the .c). */
#ifndef GRBENCH_REPORT_MEMORY_H
#define GRBENCH_REPORT_MEMORY_H

#include "resultset.h"

#include <stdio.h>

/* Write the section for the set's idle cells at procs, one row per
 * backend of `backends` (Go included) that has the breakdown. */
void report_memory(FILE *f, const resultset *rs, const strlist *backends, int procs);

#endif
