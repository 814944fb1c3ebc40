/* fingerprint.c — see fingerprint.h.  Sources: /proc/cpuinfo, /proc/meminfo,
 * uname(2), sysconf, `cc --version`, the build's meson-info JSON (allocator,
 * buildtype, b_sanitize), `git`, `go version`, `hyperfine --version`,
 * `gnuplot --version`; and the runtimes under the rows: `gccgo --version`
 * and the Go release its libgo implements (the runtime.Version() string
 * libgo carries, "go1.18 gccgo (...)"), the Boost version the build was
 * configured with (Meson reads boost/version.hpp; GRBENCH_BOOST_VERSION),
 * and glibc's version (gnu_get_libc_version(): pthread and ucontext run on
 * its NPTL and swapcontext).  A runtime that is absent reads "not installed".
 * gr_env: the GR_* variables the run inherited (every child inherits them:
 * GR_DEBUG, GR_BOOSTFIBER_STACK, ...), blank-separated, "" when none. */
#define _GNU_SOURCE
#include "fingerprint.h"
#include "proc.h"
#include "util.h"

#include <gnu/libc-version.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static char *first_line(char *s)
{
    if (!s)
        return xstrdup("unknown");
    char *nl = strchr(s, '\n');
    if (nl)
        *nl = 0;
    str_trim(s);
    if (!*s) {
        free(s);
        return xstrdup("unknown");
    }
    return s;
}

static char *run1(const char *cwd, const char *a0, const char *a1, const char *a2, const char *a3)
{
    char *argv[] = {(char *)a0, (char *)a1, (char *)a2, (char *)a3, NULL};
    char *w = which(a0);
    if (!w)
        return xstrdup("unknown");
    free(w);
    return first_line(proc_capture(argv, NULL, cwd, 20, false, false, NULL));
}

static char *cpuinfo_field(const char *key)
{
    char *t = read_file("/proc/cpuinfo", NULL);
    if (!t)
        return xstrdup("unknown");
    char *r = NULL;
    for (char *l = strtok(t, "\n"); l && !r; l = strtok(NULL, "\n"))
        if (str_starts(l, key)) {
            char *c = strchr(l, ':');
            if (c) {
                r = xstrdup(c + 1);
                str_trim(r);
            }
        }
    free(t);
    return r ? r : xstrdup("unknown");
}

static void set(json_t *o, const char *k, char *v)
{
    json_object_set_new(o, k, json_string(v));
    free(v);
}

static char *meson_option(const char *build_dir, const char *name)
{
    char *p = path_join(build_dir, "meson-info/intro-buildoptions.json");
    json_t *root = json_load_file(p, 0, NULL);
    free(p);
    char *r = NULL;
    if (json_is_array(root)) {
        size_t i;
        json_t *o;
        json_array_foreach(root, i, o)
        {
            const char *n = json_string_value(json_object_get(o, "name"));
            if (!n || strcmp(n, name))
                continue;
            json_t *v = json_object_get(o, "value");
            if (json_is_string(v))
                r = xstrdup(json_string_value(v));
            else if (json_is_array(v)) {
                sbuf b;
                sb_init(&b);
                sb_add(&b, "");
                size_t j;
                json_t *x;
                json_array_foreach(v, j, x)
                {
                    if (j)
                        sb_add(&b, ",");
                    sb_add(&b, json_string_value(x) ? json_string_value(x) : "?");
                }
                r = sb_steal(&b);
            } else if (json_is_boolean(v))
                r = xstrdup(json_is_true(v) ? "true" : "false");
        }
    }
    if (root)
        json_decref(root);
    return r ? r : xstrdup("unknown");
}

#ifndef GRBENCH_BOOST_VERSION
#define GRBENCH_BOOST_VERSION ""
#endif

/* "go1.18 gccgo (Debian 12.2.0-14+deb12u1) 12.2.0": the version string in
 * the libgo that gccgo links (gccgo -print-file-name=libgo.so), or NULL. */
static char *libgo_version(void)
{
    char *argv[] = {"gccgo", "-print-file-name=libgo.so", NULL};
    char *path = first_line(proc_capture(argv, NULL, NULL, 20, false, false, NULL));
    size_t n = 0;
    char *t = path[0] == '/' ? read_file(path, &n) : NULL;
    free(path);
    if (!t)
        return NULL;
    char *r = NULL;
    const char key[] = " gccgo (";
    for (char *p = memmem(t, n, key, sizeof key - 1); p && !r;
         p = memmem(p + 1, n - (size_t)(p + 1 - t), key, sizeof key - 1)) {
        char *b = p;
        while (b > t && b[-1] != 0 && p - b < 16)
            b--;
        if (strncmp(b, "go1.", 4) != 0)
            continue;
        r = strndup(b, strnlen(b, 120));
    }
    free(t);
    return r;
}

json_t *fingerprint_collect(const char *source_dir, const char *build_dir)
{
    json_t *o = json_object();
    set(o, "cpu_model", cpuinfo_field("model name"));
    set(o, "cores_online", xasprintf("%ld", sysconf(_SC_NPROCESSORS_ONLN)));
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
    set(o, "memory", xasprintf("%.1f GiB", (double)pages * (double)psz / (1024.0 * 1024 * 1024)));
    struct utsname u;
    if (uname(&u) == 0) {
        set(o, "kernel", xasprintf("%s %s %s", u.sysname, u.release, u.machine));
        set(o, "hostname", xstrdup(u.nodename));
    }
    set(o, "compiler", run1(NULL, "cc", "--version", NULL, NULL));
    set(o, "allocator", meson_option(build_dir, "allocator"));
    set(o, "buildtype", meson_option(build_dir, "buildtype"));
    set(o, "sanitize", meson_option(build_dir, "b_sanitize"));
    set(o, "backends_built", meson_option(build_dir, "backends"));
    char *rev = run1(source_dir, "git", "rev-parse", "HEAD", NULL);
    char *argv[] = {"git", "status", "--porcelain", "--untracked-files=no", NULL};
    char *git = which("git");
    char *st = git ? proc_capture(argv, NULL, source_dir, 20, false, false, NULL) : NULL;
    free(git);
    bool dirty = st && *st;
    free(st);
    set(o, "git_revision", xasprintf("%s%s", rev, dirty ? " (dirty tree)" : ""));
    free(rev);
    set(o, "go_version", run1(NULL, "go", "version", NULL, NULL));
    char *gccgo = which("gccgo");
    if (gccgo) {
        set(o, "gccgo_version", run1(NULL, "gccgo", "--version", NULL, NULL));
        char *lv = libgo_version();
        set(o, "gccgo_go_release", lv ? lv : xstrdup("unknown"));
    } else
        set(o, "gccgo_version", xstrdup("not installed"));
    free(gccgo);
    set(o, "boost_version",
        xstrdup(*GRBENCH_BOOST_VERSION ? GRBENCH_BOOST_VERSION : "not installed"));
    set(o, "glibc_version", xstrdup(gnu_get_libc_version()));
    extern char **environ;
    sbuf ge;
    sb_init(&ge);
    sb_add(&ge, "");
    for (char **e = environ; *e; e++)
        if (str_starts(*e, "GR_"))
            sb_printf(&ge, "%s%s", ge.s[0] ? " " : "", *e);
    set(o, "gr_env", sb_steal(&ge));
    set(o, "hyperfine", run1(NULL, "hyperfine", "--version", NULL, NULL));
    set(o, "gnuplot", run1(NULL, "gnuplot", "--version", NULL, NULL));
    return o;
}
