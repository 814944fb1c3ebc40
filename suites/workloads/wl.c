/*
 * wl.c — the shared command line, runtime start and exits of the workloads
 * (see wl.h for the contract and the exit codes).
 */
#define _GNU_SOURCE
#include "wl.h"

#include "grb_backend.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *wl_name = "workload";

static _Noreturn void usage(const char *size_help, int code)
{
    fprintf(code ? stderr : stdout,
            "usage: %s [--procs N] [--backend NAME|PATH] [SIZE]\n"
            "  SIZE: %s\n"
            "exit: 0 checked ok, 1 wrong result, 2 usage, 77 skipped on this backend\n",
            wl_name, size_help);
    exit(code);
}

static bool parse_long(const char *s, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0')
        return false;
    *out = v;
    return true;
}

void wl_parse(int argc, char **argv, const char *name, long default_size, const char *size_help,
              wl_args *out)
{
    wl_name = name;
    if (grb_backend_reexec(argc, argv) != 0)
        exit(WL_EXIT_USAGE);
    out->procs = 0;
    out->size = default_size;
    out->flags = 0;
    bool have_size = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        long v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
            usage(size_help, 0);
        if (!strncmp(a, "--procs=", 8) || !strncmp(a, "-procs=", 7))
            val = strchr(a, '=') + 1;
        else if (!strcmp(a, "--procs") || !strcmp(a, "-procs")) {
            if (++i >= argc)
                usage(size_help, WL_EXIT_USAGE);
            val = argv[i];
        }
        if (val != NULL) {
            if (!parse_long(val, &v) || v < 0 || v > 4096)
                usage(size_help, WL_EXIT_USAGE);
            out->procs = (int)v;
        } else if (!have_size && parse_long(a, &v) && v > 0) {
            out->size = v;
            have_size = true;
        } else {
            fprintf(stderr, "%s: unexpected argument: %s\n", name, a);
            usage(size_help, WL_EXIT_USAGE);
        }
    }
}

typedef struct {
    void (*fn)(void *);
    void *arg;
} trampoline;

/* The main goroutine: check that --backend NAME loaded NAME, then run. */
static void wl_main(void *p)
{
    trampoline *t = p;
    if (grb_backend_check(gr_backend_name()) != 0)
        _exit(WL_EXIT_USAGE);
    t->fn(t->arg);
}

int wl_run_rc(const wl_args *a, void (*main_fn)(void *), void *arg)
{
    gr_config cfg = {.procs = a->procs, .flags = a->flags};
    trampoline t = {main_fn, arg};
    return gr_run(&cfg, wl_main, &t);
}

void wl_run(const wl_args *a, void (*main_fn)(void *), void *arg)
{
    int rc = wl_run_rc(a, main_fn, arg);
    if (rc != GR_OK) {
        printf("FAIL: gr_run: %s\n", gr_strerror(rc));
        fflush(stdout);
        exit(WL_EXIT_FAIL);
    }
}

static _Noreturn void vexit(int code, const char *prefix, const char *fmt, va_list ap)
{
    fputs(prefix, stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    fflush(stdout);
    _exit(code); /* other goroutines may still run: do not run atexit handlers */
}

void wl_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vexit(WL_EXIT_SKIP, "skipped: ", fmt, ap);
}

void wl_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vexit(WL_EXIT_FAIL, "FAIL: ", fmt, ap);
}

void wl_require_goroutines(const char *name, long live)
{
    const char *backend = gr_backend_name();
    if (backend == NULL || strcmp(backend, "pthread") != 0)
        return;
    long limit = WL_PTHREAD_MAX_GOROUTINES;
    const char *env = getenv("GRBENCH_PTHREAD_LIMIT");
    if (env != NULL && env[0] != '\0')
        limit = atol(env);
    if (live > limit)
        wl_skip("%s needs up to %ld live goroutines; the pthread backend (one OS thread each) "
                "is limited to %ld (GRBENCH_PTHREAD_LIMIT)", name, live, limit);
}

void wl_go(void (*fn)(void *), void *arg)
{
    int rc = gr_go(fn, arg);
    if (rc == GR_ENOMEM)
        wl_skip("gr_go: out of memory with %ld goroutines live on the %s backend",
                gr_numgoroutine(), gr_backend_name());
    if (rc != GR_OK)
        wl_fail("gr_go: %s", gr_strerror(rc));
}

long long wl_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    long long size, resident;
    int n = fscanf(f, "%lld %lld", &size, &resident);
    fclose(f);
    if (n != 2)
        return -1;
    return resident * sysconf(_SC_PAGESIZE);
}
