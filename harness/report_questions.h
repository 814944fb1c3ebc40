/* report_questions.h — REPORT.md's section "The guide's questions,
 * measured" (see the .c). */
#ifndef GRBENCH_REPORT_QUESTIONS_H
#define GRBENCH_REPORT_QUESTIONS_H

#include "report.h"

/* Write the section into r->f from r's result set. */
void report_questions(rep *r);

#endif
