/*
 * broken.c — a deliberately broken libgr.so.1 for the harness fault test
 * (../harness_broken.sh): the same ABI as spec/gr.h, but every function
 * that a program needs to get work done either segfaults (BROKEN_HANG 0)
 * or hangs forever (BROKEN_HANG 1).  Only the identification calls work
 * (gr_backend_name, gr_strerror, gr_numcpu, gr_now), so a program gets as
 * far as starting its run and then dies or hangs mid-matrix.
 *
 * Invariant: it exports every gr_* name of spec/gr.h (so no run fails
 * early with "symbol lookup error" instead of the fault under test), and
 * never returns from a broken call.
 */
#include <gr.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#ifndef BROKEN_HANG
#define BROKEN_HANG 0
#endif

#define EXPORT __attribute__((visibility("default")))

__attribute__((noreturn)) static void broken(void)
{
#if BROKEN_HANG
    for (;;)
        pause();
#else
    raise(SIGSEGV);
    for (;;)
        pause();
#endif
}

/* One broken definition per ABI function: B(ret, name, params).  The
 * parameters are there for the signature only. */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define B(ret, name, ...) EXPORT ret name(__VA_ARGS__) { broken(); }

EXPORT const char *gr_strerror(int err) { return err ? "broken backend" : "ok"; }
EXPORT const char *gr_backend_name(void) { return BROKEN_HANG ? "broken-hang" : "broken-segv"; }
EXPORT int gr_numcpu(void) { return 1; }
EXPORT int64_t gr_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

B(int, gr_run, const gr_config *c, void (*f)(void *), void *a)
B(int, gr_go, void (*f)(void *), void *a)
B(void, gr_yield, void)
B(int, gr_procs, void)
B(long, gr_numgoroutine, void)
B(void, gr_sleep, int64_t ns)
B(void, gr_syscall_enter, void)
B(void, gr_syscall_exit, void)
B(void, gr_dump, FILE *out)
B(gr_chan *, gr_chan_make, size_t e, size_t n)
B(gr_chan *, gr_chan_retain, gr_chan *c)
B(void, gr_chan_release, gr_chan *c)
B(int, gr_chan_send, gr_chan *c, const void *e)
B(int, gr_chan_recv, gr_chan *c, void *e, bool *ok)
B(int, gr_chan_trysend, gr_chan *c, const void *e)
B(int, gr_chan_tryrecv, gr_chan *c, void *e, bool *ok)
B(int, gr_chan_close, gr_chan *c)
B(size_t, gr_chan_len, gr_chan *c)
B(size_t, gr_chan_cap, gr_chan *c)
B(int, gr_select, gr_case *cs, size_t n)
B(int, gr_select_try, gr_case *cs, size_t n)
B(gr_chan *, gr_after, int64_t ns)
B(gr_timer *, gr_timer_new, int64_t ns)
B(gr_chan *, gr_timer_chan, gr_timer *t)
B(bool, gr_timer_stop, gr_timer *t)
B(bool, gr_timer_reset, gr_timer *t, int64_t ns)
B(void, gr_timer_release, gr_timer *t)
B(gr_ticker *, gr_ticker_new, int64_t p)
B(gr_chan *, gr_ticker_chan, gr_ticker *t)
B(void, gr_ticker_stop, gr_ticker *t)
B(int, gr_ticker_reset, gr_ticker *t, int64_t p)
B(void, gr_ticker_release, gr_ticker *t)
B(int, gr_wg_add, gr_waitgroup *w, long d)
B(int, gr_wg_done, gr_waitgroup *w)
B(void, gr_wg_wait, gr_waitgroup *w)
B(void, gr_mutex_lock, gr_mutex *m)
B(int, gr_mutex_unlock, gr_mutex *m)
B(bool, gr_mutex_trylock, gr_mutex *m)
B(void, gr_rwmutex_rlock, gr_rwmutex *m)
B(int, gr_rwmutex_runlock, gr_rwmutex *m)
B(void, gr_rwmutex_lock, gr_rwmutex *m)
B(int, gr_rwmutex_unlock, gr_rwmutex *m)
B(bool, gr_rwmutex_trylock, gr_rwmutex *m)
B(bool, gr_rwmutex_tryrlock, gr_rwmutex *m)
B(void, gr_once_do, gr_once *o, void (*f)(void *), void *a)
B(void, gr_cond_wait, gr_cond *c, gr_mutex *m)
B(void, gr_cond_signal, gr_cond *c)
B(void, gr_cond_broadcast, gr_cond *c)
B(gr_ctx *, gr_ctx_background, void)
B(gr_ctx *, gr_ctx_with_cancel, gr_ctx *p)
B(gr_ctx *, gr_ctx_with_timeout, gr_ctx *p, int64_t ns)
B(gr_ctx *, gr_ctx_with_deadline, gr_ctx *p, int64_t d)
B(gr_ctx *, gr_ctx_with_value, gr_ctx *p, const void *k, void *v)
B(void, gr_ctx_cancel, gr_ctx *c)
B(void, gr_ctx_cancel_cause, gr_ctx *c, int cause)
B(gr_chan *, gr_ctx_done, gr_ctx *c)
B(int, gr_ctx_err, gr_ctx *c)
B(int, gr_ctx_cause, gr_ctx *c)
B(bool, gr_ctx_deadline, gr_ctx *c, int64_t *d)
B(void *, gr_ctx_value, gr_ctx *c, const void *k)
B(gr_ctx *, gr_ctx_retain, gr_ctx *c)
B(void, gr_ctx_release, gr_ctx *c)
