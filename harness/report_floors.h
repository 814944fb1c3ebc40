/* report_floors.h — REPORT.md's section on each design's floor and the
 * port's overhead over Boost.Fiber (see the .c). */
#ifndef GRBENCH_REPORT_FLOORS_H
#define GRBENCH_REPORT_FLOORS_H

#include "resultset.h"

#include <stdio.h>

/* Write the section: one row per backend of `backends` with a floor in the
 * set, then the port-overhead ratio of every skynet size the set has on
 * both sides. */
void report_floors(FILE *f, const resultset *rs, const strlist *backends);

#endif
