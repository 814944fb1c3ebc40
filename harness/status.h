/* status.h — the outcomes a result set records, each an enum with its name
 * from one table: a matrix cell's (cells.csv: ok | failed | timeout |
 * skipped) and a conformance test's (conformance/results.csv: pass | fail |
 * skip | todo).  Code compares the enums; only the files and the printed
 * text hold the names.
 * Invariants: the names are the bytes the files have always held; a name
 * that is not in its table does not parse; CELL_OK is 0, so a zeroed cell
 * (run.h's plan_cell) is "ok so far". */
#ifndef GRBENCH_STATUS_H
#define GRBENCH_STATUS_H

#include <stdbool.h>

#define CELL_STATUS_MAP(X)     \
    X(CELL_OK, "ok")           \
    X(CELL_FAILED, "failed")   \
    X(CELL_TIMEOUT, "timeout") \
    X(CELL_SKIPPED, "skipped")
#define TEST_STATUS_MAP(X) \
    X(TEST_PASS, "pass")   \
    X(TEST_FAIL, "fail")   \
    X(TEST_SKIP, "skip")   \
    X(TEST_TODO, "todo")

#define STATUS_ENUM(id, name) id,
typedef enum { CELL_STATUS_MAP(STATUS_ENUM) } cell_status;
typedef enum { TEST_STATUS_MAP(STATUS_ENUM) } test_status;

extern const char *const cell_status_name[];
extern const char *const test_status_name[];
/* The enum of a name; false (and *out untouched) when it is not one. */
bool cell_status_parse(const char *s, cell_status *out);
bool test_status_parse(const char *s, test_status *out);

#endif
