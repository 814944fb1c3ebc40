/*
 * gbench_host.h — a gr runtime kept running on a helper OS thread, whose main
 * goroutine executes calls posted by another thread (Google Benchmark's).
 *
 * This is how the shim keeps runtime start-up out of the timed region: the
 * host for procs N is started once, before the first benchmark that needs
 * N, and every benchmark body then runs on its main goroutine.
 *
 * Invariants: at most one host exists at a time (gr_run cannot nest); calls
 * are strictly sequential (gb_host_call returns only after fn returned on
 * the goroutine); while idle, the main goroutine waits inside
 * gr_syscall_enter/gr_syscall_exit so that an M:N backend may use its P.
 */
#ifndef GBENCH_HOST_H
#define GBENCH_HOST_H

#ifdef __cplusplus
extern "C" {
#endif

/* Make sure a host with `procs` processors is running, stopping a host with
 * another procs value first.  Returns 0, or a gr error from starting it. */
int gb_host_ensure(int procs);

/* Run fn(arg) on the host's main goroutine and wait until it returns: 0.
 * If gr_run ends first (e.g. GR_EDEADLK: the body deadlocked), returns its
 * error; the next gb_host_ensure starts a fresh runtime. */
int gb_host_call(void (*fn)(void *arg), void *arg);

/* Stop the running host, if any; returns gr_run's result (0 when none). */
int gb_host_stop(void);

/* Nanoseconds the last start took, from pthread_create to the main goroutine
 * running (-1 before the first start). */
long long gb_host_last_start_ns(void);

#ifdef __cplusplus
}
#endif

#endif /* GBENCH_HOST_H */
