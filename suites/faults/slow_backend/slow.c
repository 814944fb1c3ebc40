/*
 * slow.c — the slow fixture: a libgr.so.1 that forwards every call of
 * spec/gr.h to a real backend's libgr.so.1 and adds a calibrated delay to
 * one chosen call.  It is a test fixture, not a switch in the product: it
 * lets grbench's gate be checked against a known regression (the
 * make-test instruction check and `make gate-eval`).
 *
 * Configuration: the file slow.conf beside this library (found with
 * dladdr), or the file named by $GR_SLOW_CONF; lines of key=value:
 *   real=PATH   the real backend's libgr.so.1 (default: the one the build
 *               baked in, SLOW_DEFAULT_REAL)
 *   slow=NAME   the gr_* function to slow down (default: none)
 *   spin=N      N iterations of a busy loop per call: a fixed number of
 *               instructions (the instruction-count gate); spin=0 keeps
 *               the slow path (its fixed cost) with no iteration, the base
 *               that a slowed copy is compared with
 *   ns=T        a delay of about T ns per call: converted to spin
 *               iterations by timing the loop when the library loads
 * So two copies of this file in two folders, with two slow.conf, are two
 * backends that differ only in the delay, which is what an A/B needs.
 *
 * Invariants: it exports every gr_* name of spec/gr.h (as broken.c does);
 * the real library is opened with RTLD_DEEPBIND, so its own internal calls
 * bind to itself, never back to these forwarders; a bad configuration
 * aborts at load with a message (a fixture that silently measured nothing
 * would pass every check); with no "slow" key the forwarders add nothing
 * but one indirect call.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <gr.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef SLOW_DEFAULT_REAL
#define SLOW_DEFAULT_REAL "libgr-real.so.1"
#endif

#define EXPORT __attribute__((visibility("default")))

/* Every function of the ABI: R(ret, name, params, args) or V(name, params, args). */
#define GR_FUNCS(R, V)                                                                                  \
    R(const char *, gr_strerror, (int e), (e))                                                          \
    R(int, gr_run, (const gr_config *c, void (*f)(void *), void *a), (c, f, a))                         \
    R(int, gr_go, (void (*f)(void *), void *a), (f, a))                                                 \
    V(gr_yield, (void), ())                                                                             \
    R(int, gr_procs, (void), ())                                                                        \
    R(int, gr_numcpu, (void), ())                                                                       \
    R(long, gr_numgoroutine, (void), ())                                                                \
    R(int64_t, gr_now, (void), ())                                                                      \
    V(gr_sleep, (int64_t ns), (ns))                                                                     \
    V(gr_syscall_enter, (void), ())                                                                     \
    V(gr_syscall_exit, (void), ())                                                                      \
    R(const char *, gr_backend_name, (void), ())                                                        \
    V(gr_dump, (FILE *out), (out))                                                                      \
    R(gr_chan *, gr_chan_make, (size_t e, size_t n), (e, n))                                            \
    R(gr_chan *, gr_chan_retain, (gr_chan *c), (c))                                                     \
    V(gr_chan_release, (gr_chan *c), (c))                                                               \
    R(int, gr_chan_send, (gr_chan *c, const void *e), (c, e))                                           \
    R(int, gr_chan_recv, (gr_chan *c, void *e, bool *ok), (c, e, ok))                                   \
    R(int, gr_chan_trysend, (gr_chan *c, const void *e), (c, e))                                        \
    R(int, gr_chan_tryrecv, (gr_chan *c, void *e, bool *ok), (c, e, ok))                                \
    R(int, gr_chan_close, (gr_chan *c), (c))                                                            \
    R(size_t, gr_chan_len, (gr_chan *c), (c))                                                           \
    R(size_t, gr_chan_cap, (gr_chan *c), (c))                                                           \
    R(int, gr_select, (gr_case *cs, size_t n), (cs, n))                                                 \
    R(int, gr_select_try, (gr_case *cs, size_t n), (cs, n))                                             \
    R(gr_chan *, gr_after, (int64_t ns), (ns))                                                          \
    R(gr_timer *, gr_timer_new, (int64_t ns), (ns))                                                     \
    R(gr_chan *, gr_timer_chan, (gr_timer *t), (t))                                                     \
    R(bool, gr_timer_stop, (gr_timer *t), (t))                                                          \
    R(bool, gr_timer_reset, (gr_timer *t, int64_t ns), (t, ns))                                         \
    V(gr_timer_release, (gr_timer *t), (t))                                                             \
    R(gr_ticker *, gr_ticker_new, (int64_t p), (p))                                                     \
    R(gr_chan *, gr_ticker_chan, (gr_ticker *t), (t))                                                   \
    V(gr_ticker_stop, (gr_ticker *t), (t))                                                              \
    R(int, gr_ticker_reset, (gr_ticker *t, int64_t p), (t, p))                                          \
    V(gr_ticker_release, (gr_ticker *t), (t))                                                           \
    R(int, gr_wg_add, (gr_waitgroup *w, long d), (w, d))                                                \
    R(int, gr_wg_done, (gr_waitgroup *w), (w))                                                          \
    V(gr_wg_wait, (gr_waitgroup *w), (w))                                                               \
    V(gr_mutex_lock, (gr_mutex *m), (m))                                                                \
    R(int, gr_mutex_unlock, (gr_mutex *m), (m))                                                         \
    R(bool, gr_mutex_trylock, (gr_mutex *m), (m))                                                       \
    V(gr_rwmutex_rlock, (gr_rwmutex *m), (m))                                                           \
    R(int, gr_rwmutex_runlock, (gr_rwmutex *m), (m))                                                    \
    V(gr_rwmutex_lock, (gr_rwmutex *m), (m))                                                            \
    R(int, gr_rwmutex_unlock, (gr_rwmutex *m), (m))                                                     \
    R(bool, gr_rwmutex_trylock, (gr_rwmutex *m), (m))                                                   \
    R(bool, gr_rwmutex_tryrlock, (gr_rwmutex *m), (m))                                                  \
    V(gr_once_do, (gr_once *o, void (*f)(void *), void *a), (o, f, a))                                  \
    V(gr_cond_wait, (gr_cond *c, gr_mutex *m), (c, m))                                                  \
    V(gr_cond_signal, (gr_cond *c), (c))                                                                \
    V(gr_cond_broadcast, (gr_cond *c), (c))                                                             \
    R(gr_ctx *, gr_ctx_background, (void), ())                                                          \
    R(gr_ctx *, gr_ctx_with_cancel, (gr_ctx *p), (p))                                                   \
    R(gr_ctx *, gr_ctx_with_timeout, (gr_ctx *p, int64_t ns), (p, ns))                                  \
    R(gr_ctx *, gr_ctx_with_deadline, (gr_ctx *p, int64_t d), (p, d))                                   \
    R(gr_ctx *, gr_ctx_with_value, (gr_ctx *p, const void *k, void *v), (p, k, v))                      \
    V(gr_ctx_cancel, (gr_ctx *c), (c))                                                                  \
    V(gr_ctx_cancel_cause, (gr_ctx *c, int cause), (c, cause))                                          \
    R(gr_chan *, gr_ctx_done, (gr_ctx *c), (c))                                                         \
    R(int, gr_ctx_err, (gr_ctx *c), (c))                                                                \
    R(int, gr_ctx_cause, (gr_ctx *c), (c))                                                              \
    R(bool, gr_ctx_deadline, (gr_ctx *c, int64_t *d), (c, d))                                           \
    R(void *, gr_ctx_value, (gr_ctx *c, const void *k), (c, k))                                         \
    R(gr_ctx *, gr_ctx_retain, (gr_ctx *c), (c))                                                        \
    V(gr_ctx_release, (gr_ctx *c), (c))

/* One index per function, so the chosen one is an integer compare. */
#define IDX_R(ret, name, params, args) IDX_##name,
#define IDX_V(name, params, args) IDX_##name,
enum { GR_FUNCS(IDX_R, IDX_V) IDX_COUNT };

static const char *const fn_names[] = {
#define NAME_R(ret, name, params, args) #name,
#define NAME_V(name, params, args) #name,
    GR_FUNCS(NAME_R, NAME_V)
};

static void *real_fn[IDX_COUNT];
static int slow_idx = -1;
static unsigned long slow_spin_n;
static volatile unsigned long slow_sink;

/* The delay: a loop whose every iteration is a store, so the compiler
 * keeps each one; the same instruction count on every call. */
static void slow_spin(void)
{
    for (unsigned long i = 0; i < slow_spin_n; i++)
        slow_sink = i;
}

__attribute__((noreturn)) static void die(const char *what, const char *detail)
{
    fprintf(stderr, "gr slow fixture: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Spin iterations per ns: the best of 5 timings of 2e6 iterations. */
static double spins_per_ns(void)
{
    double best = 0;
    unsigned long saved = slow_spin_n;
    slow_spin_n = 2000000;
    for (int k = 0; k < 5; k++) {
        double t0 = now_ns();
        slow_spin();
        double r = (double)slow_spin_n / (now_ns() - t0);
        if (r > best)
            best = r;
    }
    slow_spin_n = saved;
    return best;
}

static void read_conf(const char *path, char *real, size_t realsz, char *slow, size_t slowsz, double *ns, long *spin)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;   /* no file: defaults */
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *eq = strchr(line, '=');
        if (!eq)
            die("a line without '=' in", path);
        *eq = 0;
        const char *k = line, *v = eq + 1;
        char *end;
        if (!strcmp(k, "real"))
            snprintf(real, realsz, "%s", v);
        else if (!strcmp(k, "slow"))
            snprintf(slow, slowsz, "%s", v);
        else if (!strcmp(k, "ns")) {
            *ns = strtod(v, &end);
            if (*end || *ns < 0)
                die("ns= wants a number >= 0 in", path);
        } else if (!strcmp(k, "spin")) {
            *spin = strtol(v, &end, 10);
            if (*end || *spin < 0)
                die("spin= wants an integer >= 0 in", path);
        } else
            die("unknown key in", path);
    }
    fclose(f);
}

__attribute__((constructor)) static void slow_init(void)
{
    char real[4096] = SLOW_DEFAULT_REAL, slow[128] = "", conf[4096] = "";
    double ns = 0;
    long spin = -1;     /* -1: not given */
    const char *env = getenv("GR_SLOW_CONF");
    Dl_info self;
    if (env && *env)
        snprintf(conf, sizeof conf, "%s", env);
    else if (dladdr((void *)slow_init, &self) && self.dli_fname) {
        snprintf(conf, sizeof conf, "%s", self.dli_fname);
        char *sl = strrchr(conf, '/');
        snprintf(sl ? sl + 1 : conf, sizeof conf - (size_t)(sl ? sl + 1 - conf : 0), "slow.conf");
    }
    if (conf[0])
        read_conf(conf, real, sizeof real, slow, sizeof slow, &ns, &spin);
    void *h = dlopen(real, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!h)
        die("cannot open the real backend", dlerror());
    for (int i = 0; i < IDX_COUNT; i++) {
        real_fn[i] = dlsym(h, fn_names[i]);
        if (!real_fn[i])
            die("the real backend lacks", fn_names[i]);
    }
    if (slow[0]) {
        for (int i = 0; i < IDX_COUNT && slow_idx < 0; i++)
            if (!strcmp(fn_names[i], slow))
                slow_idx = i;
        if (slow_idx < 0)
            die("slow= names no function of gr.h", slow);
        slow_spin_n = spin >= 0 ? (unsigned long)spin : ns > 0 ? (unsigned long)(ns * spins_per_ns() + 0.5) : 0;
    }
    if (getenv("GR_SLOW_VERBOSE"))
        fprintf(stderr, "gr slow fixture: real %s, slow %s, %lu spin iterations per call\n", real,
                slow[0] ? slow : "(none)", slow_spin_n);
}

/* The forwarders: the delay when this is the slowed function, then the
 * call through fn, the real library's function (FWD_PRELUDE). */
#define FWD_PRELUDE(ret, name, params)                                                                  \
    if (__builtin_expect(slow_idx == IDX_##name, 0))                                                    \
        slow_spin();                                                                                    \
    ret(*fn) params;                                                                                    \
    memcpy(&fn, &real_fn[IDX_##name], sizeof fn);
#define FWD_R(ret, name, params, args)                                                                  \
    EXPORT ret name params                                                                              \
    {                                                                                                   \
        FWD_PRELUDE(ret, name, params)                                                                  \
        return fn args;                                                                                 \
    }
#define FWD_V(name, params, args)                                                                       \
    EXPORT void name params                                                                             \
    {                                                                                                   \
        FWD_PRELUDE(void, name, params)                                                                 \
        fn args;                                                                                        \
    }
GR_FUNCS(FWD_R, FWD_V)
