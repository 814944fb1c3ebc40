/* util.c — implementation of the small helpers declared in util.h.
 * Invariants: see util.h; no global state except what libc keeps. */
#define _GNU_SOURCE
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(void)
{
    fputs("grbench: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}
void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p)
        oom();
    return p;
}
void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}
char *xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        oom();
    return p;
}

static char *xvasprintf(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        oom();
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* err's and warnx_'s line: "grbench: <kind><message>" on stderr. */
static void report(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "grbench: %s", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("", fmt, ap);
    va_end(ap);
    return -1;
}

void warnx_(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report("warning: ", fmt, ap);
    va_end(ap);
}

void sb_init(sbuf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
}
void sb_addn(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 64;
        while (c < b->len + n + 1)
            c *= 2;
        b->s = xrealloc(b->s, c);
        b->cap = c;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}
void sb_add(sbuf *b, const char *s)
{
    sb_addn(b, s, strlen(s));
}
void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    sb_add(b, s);
    free(s);
}
char *sb_steal(sbuf *b)
{
    char *s = b->s ? b->s : xstrdup("");
    sb_init(b);
    return s;
}
void sb_free(sbuf *b)
{
    free(b->s);
    sb_init(b);
}

void sl_init(strlist *l)
{
    l->v = xcalloc(1, sizeof(char *));
    l->n = 0;
    l->cap = 1;
}
/* Append s, which the list now owns. */
static void sl_take(strlist *l, char *s)
{
    if (l->n + 2 > l->cap) {
        l->cap = (l->cap + 2) * 2;
        l->v = xrealloc(l->v, l->cap * sizeof(char *));
    }
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}
void sl_add(strlist *l, const char *s)
{
    sl_take(l, xstrdup(s));
}
void sl_addf(strlist *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_take(l, xvasprintf(fmt, ap));
    va_end(ap);
}
void sl_addl(strlist *l, ...)
{
    va_list ap;
    va_start(ap, l);
    for (const char *w; (w = va_arg(ap, const char *));)
        sl_add(l, w);
    va_end(ap);
}
void sl_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
bool sl_contains(const strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}
void sl_split(strlist *l, const char *s, const char *seps)
{
    const char *p = s;
    while (*p) {
        size_t n = strcspn(p, seps);
        if (n) {
            char *t = strndup(p, n);
            if (!t)
                oom();
            str_trim(t);
            if (*t)
                sl_add(l, t);
            free(t);
        }
        p += n;
        if (*p)
            p++;
    }
}

char *path_join(const char *a, const char *b)
{
    if (!a || !*a)
        return xstrdup(b);
    size_t la = strlen(a);
    return xasprintf("%s%s%s", a, a[la - 1] == '/' ? "" : "/", b);
}
bool path_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}
bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}
bool is_executable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

int mkdir_p(const char *p)
{
    char *t = xstrdup(p);
    for (char *s = t + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(t, 0777) != 0 && errno != EEXIST) {
            int e = errno;
            err("mkdir %s: %s", t, strerror(e));
            free(t);
            return -1;
        }
        *s = '/';
    }
    if (mkdir(t, 0777) != 0 && errno != EEXIST) {
        int e = errno;
        err("mkdir %s: %s", t, strerror(e));
        free(t);
        return -1;
    }
    free(t);
    return 0;
}

int rm_rf(const char *p)
{
    struct stat st;
    if (lstat(p, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(p);
        if (!d)
            return -1;
        struct dirent *e;
        int rc = 0;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *c = path_join(p, e->d_name);
            if (rm_rf(c) != 0)
                rc = -1;
            free(c);
        }
        closedir(d);
        if (rmdir(p) != 0)
            rc = -1;
        return rc;
    }
    return unlink(p) == 0 ? 0 : -1;
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err("cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    sbuf b;
    sb_init(&b);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_addn(&b, buf, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        sb_free(&b);
        err("error reading %s", path);
        return NULL;
    }
    if (len)
        *len = b.len;
    return sb_steal(&b);
}

char *abs_path(const char *p)
{
    char *r = realpath(p, NULL);
    if (r)
        return r;
    if (p[0] == '/')
        return xstrdup(p);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return xstrdup(p);
    return path_join(cwd, p);
}

char *which(const char *prog)
{
    if (strchr(prog, '/'))
        return is_executable(prog) ? xstrdup(prog) : NULL;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    strlist dirs;
    sl_init(&dirs);
    sl_split(&dirs, path, ":");
    char *found = NULL;
    for (size_t i = 0; i < dirs.n && !found; i++) {
        char *c = path_join(dirs.v[i], prog);
        if (is_executable(c))
            found = c;
        else
            free(c);
    }
    sl_free(&dirs);
    return found;
}

/* parse_int (into *l, by strtol in base 10) and, with l NULL, parse_double
 * (into *d, by strtod; finite only): the number must be all of a non-empty
 * s, without a range error. */
static bool parse_number(const char *s, long *l, double *d)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long lv = l ? strtol(s, &end, 10) : 0;
    double dv = l ? 0 : strtod(s, &end);
    if (errno || *end || !isfinite(dv))
        return false;
    if (l)
        *l = lv;
    else
        *d = dv;
    return true;
}
bool parse_int(const char *s, long *out)
{
    return parse_number(s, out, NULL);
}
bool parse_double(const char *s, double *out)
{
    return parse_number(s, NULL, out);
}
int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}
int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
bool parse_int_list(const char *s, int **out, size_t *n)
{
    strlist l;
    sl_init(&l);
    sl_split(&l, s, ",");
    if (l.n == 0) {
        sl_free(&l);
        return false;
    }
    int *v = xcalloc(l.n, sizeof(int));
    size_t k = 0;
    for (size_t i = 0; i < l.n; i++) {
        long x;
        if (!parse_int(l.v[i], &x) || x < 1 || x > 4096) {
            free(v);
            sl_free(&l);
            return false;
        }
        v[k++] = (int)x;
    }
    sl_free(&l);
    qsort(v, k, sizeof(int), cmp_int);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || v[u - 1] != v[i])
            v[u++] = v[i];
    *out = v;
    *n = u;
    return true;
}

double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
char *utc_stamp(const char *fmt)
{
    char buf[64];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, fmt, &tm);
    return xstrdup(buf);
}
char *fmt_duration(double s)
{
    if (s < 0)
        s = 0;
    if (s < 60)
        return xasprintf("%.1fs", s);
    long t = (long)(s + 0.5);
    if (t < 3600)
        return xasprintf("%ldm%02lds", t / 60, t % 60);
    return xasprintf("%ldh%02ldm", t / 3600, (t % 3600) / 60);
}
char *sanitize(const char *s)
{
    char *r = xstrdup(s);
    for (char *p = r; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
            *p = '_';
    return r;
}
void str_trim(char *s)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    size_t i = 0;
    while (s[i] && isspace((unsigned char)s[i]))
        i++;
    if (i)
        memmove(s, s + i, n - i + 1);
}
bool str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *re_escape(const char *s)
{
    sbuf b;
    sb_init(&b);
    sb_add(&b, "");
    for (; *s; s++) {
        if (strchr("\\^$.|?*+()[]{}", *s))
            sb_addn(&b, "\\", 1);
        sb_addn(&b, s, 1);
    }
    return sb_steal(&b);
}
