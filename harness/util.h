/* util.h — small shared helpers for grbench: growable strings and arrays,
 * error reporting, path helpers, number parsing, time.
 *
 * Invariants: every function either succeeds or reports why on stderr with
 * the "grbench: " prefix and returns an error value; nothing here exits the
 * process except xmalloc & co. on out-of-memory (a harness cannot go on
 * without memory, and partial results are always in temp files). */
#ifndef GRBENCH_UTIL_H
#define GRBENCH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "grbench: <msg>" to stderr; returns -1 so callers can `return err(..)`. */
int err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated string. */
typedef struct {
    char *s;
    size_t len, cap;
} sbuf;
void sb_init(sbuf *b);
void sb_add(sbuf *b, const char *s);
void sb_addn(sbuf *b, const char *s, size_t n);
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_steal(sbuf *b); /* returns the string, leaves b empty */
void sb_free(sbuf *b);

/* A growable list of owned strings, NULL-terminated (usable as argv). */
typedef struct {
    char **v;
    size_t n, cap;
} strlist;
void sl_init(strlist *l);
void sl_add(strlist *l, const char *s); /* copies s */
void sl_addf(strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sl_addl(strlist *l, ...) __attribute__((sentinel)); /* copies each string up to a NULL */
void sl_free(strlist *l);
bool sl_contains(const strlist *l, const char *s);
/* Split s on any character of seps, dropping empty items. */
void sl_split(strlist *l, const char *s, const char *seps);

char *path_join(const char *a, const char *b); /* malloc'd "a/b" */
bool path_exists(const char *p);
bool is_dir(const char *p);
bool is_executable(const char *p);
int mkdir_p(const char *p);                     /* 0 or -1 (reported) */
int rm_rf(const char *p);                       /* 0 or -1 */
char *read_file(const char *path, size_t *len); /* NULL (reported) on error */
char *abs_path(const char *p);                  /* realpath or cwd-joined; malloc'd */
/* Find an executable on PATH; malloc'd path or NULL. */
char *which(const char *prog);

/* Parse helpers: return false (and do not touch *out) on malformed input. */
bool parse_int(const char *s, long *out);
bool parse_double(const char *s, double *out);
/* Parse "1,4" into a sorted unique list of positive ints. */
bool parse_int_list(const char *s, int **out, size_t *n);
/* qsort's comparisons, ascending: of ints (of small magnitude: their
 * difference), and of doubles, also of records whose first member is the
 * double they are sorted by (a pointer to a struct is one to its first
 * member). */
int cmp_int(const void *a, const void *b);
int cmp_double(const void *a, const void *b);
/* splitmix64: a small, well-mixed PRNG stepping *s; the run order's
 * shuffle and the gate's randomization test draw from it. */
uint64_t splitmix64(uint64_t *s);

double now_s(void);               /* monotonic seconds */
char *utc_stamp(const char *fmt); /* strftime of now, UTC */
char *fmt_duration(double s);     /* "1m05s", "12.3s" */
/* A file-name-safe copy: [A-Za-z0-9._-] kept, everything else '_'. */
char *sanitize(const char *s);
void str_trim(char *s);
bool str_starts(const char *s, const char *prefix);

/* s with every POSIX extended-regex metacharacter escaped (for
 * --benchmark_filter=^NAME(/|$) and the like); malloc'd. */
char *re_escape(const char *s);

#endif
