/*
 * support.c — the helpers behind ct.h: failing and skipping a test,
 * error-code names, liveness waits, int-channel shorthands, stderr capture.
 *
 * Invariants: ct_fail/ct_skip may run on any goroutine and end the whole
 * child process with _exit (no atexit handlers, which could race with
 * running goroutines); messages go to stdout, which the child made
 * unbuffered, so they interleave correctly with the library's stderr.
 */
#include "runner.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

_Noreturn void ct_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "%s:%d: ", file, line);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(NULL);
    _exit(CT_EXIT_FAIL);
}

void ct_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
}

_Noreturn void ct_skip(const char *reason)
{
    fprintf(stdout, "CT-SKIP: %s\n", reason);
    fflush(NULL);
    _exit(CT_EXIT_SKIP);
}

const char *ct_errname(int err)
{
    switch (err) {
    case GR_OK: return "GR_OK";
#define CT_ERRNAME(name, value, text) \
    case GR_##name:                   \
        return "GR_" #name;
        GR_ERRNO_MAP(CT_ERRNAME)
#undef CT_ERRNAME
    default: return "?";
    }
}

void ct_wait_flag(_Atomic int *flag, int limit_s, const char *what)
{
    int64_t deadline = gr_now() + limit_s * CT_SEC;
    while (!atomic_load(flag)) {
        if (gr_now() > deadline) {
            printf("liveness: %s did not happen within %d s\n", what, limit_s);
            fflush(NULL);
            _exit(CT_EXIT_FAIL);
        }
        gr_sleep(CT_MS);
    }
}

void ct_wait_goroutines(long n, int limit_s)
{
    int64_t deadline = gr_now() + limit_s * CT_SEC;
    long have;
    while ((have = gr_numgoroutine()) > n) {
        if (gr_now() > deadline) {
            printf("liveness: gr_numgoroutine() = %ld, still above %ld after %d s\n", have, n,
                   limit_s);
            gr_dump(stdout);
            fflush(NULL);
            _exit(CT_EXIT_FAIL);
        }
        gr_sleep(CT_MS);
    }
}

gr_chan *ct_chan_int(size_t cap)
{
    gr_chan *c = gr_chan_make(sizeof(int), cap);
    ASSERT_NOT_NULL(c);
    return c;
}

void ct_send_int(gr_chan *c, int v)
{
    ASSERT_OK(gr_chan_send(c, &v));
}

int ct_recv_int(gr_chan *c)
{
    int v = -1;
    bool ok = false;
    ASSERT_OK(gr_chan_recv(c, &v, &ok));
    ASSERT_TRUE(ok);
    return v;
}

void ct_spin_ns(int64_t ns)
{
    int64_t end = gr_now() + ns;
    while (gr_now() < end) {
    }
}

static int saved_fd = -1;
static FILE *cap_file;

void ct_capture_begin(void)
{
    fflush(stderr);
    cap_file = tmpfile();
    ASSERT_NOT_NULL(cap_file);
    saved_fd = dup(2);
    ASSERT_GE(saved_fd, 0);
    ASSERT_GE(dup2(fileno(cap_file), 2), 0);
}

char *ct_capture_end(void)
{
    fflush(stderr);
    ASSERT_GE(dup2(saved_fd, 2), 0);
    close(saved_fd);
    saved_fd = -1;
    long len = ftell(cap_file);
    if (len < 0)
        len = 0;
    fseek(cap_file, 0, SEEK_END);
    len = ftell(cap_file);
    rewind(cap_file);
    char *s = calloc((size_t)len + 1, 1);
    ASSERT_NOT_NULL(s);
    size_t got = fread(s, 1, (size_t)len, cap_file);
    s[got] = '\0';
    fclose(cap_file);
    cap_file = NULL;
    /* Echo it so that the runner shows it if the test fails later. */
    fputs(s, stdout);
    return s;
}
