/* report_preempt.h — REPORT.md's PreemptLatency section (see the .c). */
#ifndef GRBENCH_REPORT_PREEMPT_H
#define GRBENCH_REPORT_PREEMPT_H

#include "resultset.h"

#include <stdio.h>

/* Write the section for the set's preemptlat cells at procs 1, one row per
 * backend of `backends` (Go included) that ran it. */
void report_preempt(FILE *f, const resultset *rs, const strlist *backends);

#endif
