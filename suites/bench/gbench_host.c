/*
 * gbench_host.c — run a gr runtime on a helper thread and execute posted calls
 * on its main goroutine (see gbench_host.h).
 *
 * Protocol, all under `mu`: the caller waits until the mailbox is empty,
 * puts (fn, arg) in it and waits for `done_seq` to reach its ticket; the
 * main goroutine takes the call, runs it without holding `mu`, then bumps
 * `done_seq`.  `quit` ends the loop; gr_run then returns on the helper
 * thread, which gb_host_stop joins.
 *
 * GRBENCH_TRACE=1 prints each start/stop and its latency to stderr.
 */
#define _GNU_SOURCE
#include "gbench_host.h"

#include <gr.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool alive;          /* a helper thread exists */
    bool ready;          /* its main goroutine is serving */
    bool quit;
    bool dead;           /* gr_run returned (quit, or an error such as deadlock) */
    int procs;
    void (*fn)(void *);  /* the mailbox; NULL when empty */
    void *arg;
    unsigned long posted, done;
    int run_result;
    pthread_t thread;
    long long t_start, start_ns;
} H = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .start_ns = -1};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static bool tracing(void)
{
    const char *t = getenv("GRBENCH_TRACE");
    return t != NULL && t[0] != '\0' && t[0] != '0';
}

/* The main goroutine: serve calls until told to quit. */
static void host_main(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&H.mu);
    H.ready = true;
    H.start_ns = now_ns() - H.t_start;
    pthread_cond_broadcast(&H.cv);
    for (;;) {
        gr_syscall_enter();
        while (H.fn == NULL && !H.quit)
            pthread_cond_wait(&H.cv, &H.mu);
        void (*fn)(void *) = H.fn;
        void *arg = H.arg;
        bool quit = H.quit && fn == NULL;
        pthread_mutex_unlock(&H.mu);
        gr_syscall_exit();
        if (quit)
            return;
        fn(arg);
        pthread_mutex_lock(&H.mu);
        H.fn = NULL;
        H.done++;
        pthread_cond_broadcast(&H.cv);
    }
}

static void *host_thread(void *unused)
{
    (void)unused;
    gr_config cfg = {.procs = H.procs};
    int rc = gr_run(&cfg, host_main, NULL);
    pthread_mutex_lock(&H.mu);
    H.run_result = rc;
    H.dead = true;
    H.ready = true; /* wakes a starter whose gr_run failed before main ran */
    pthread_cond_broadcast(&H.cv);
    pthread_mutex_unlock(&H.mu);
    return NULL;
}

int gb_host_stop(void)
{
    pthread_mutex_lock(&H.mu);
    if (!H.alive) {
        pthread_mutex_unlock(&H.mu);
        return 0;
    }
    long long t0 = now_ns();
    H.quit = true;
    pthread_cond_broadcast(&H.cv);
    pthread_mutex_unlock(&H.mu);
    pthread_join(H.thread, NULL);
    if (tracing())
        fprintf(stderr, "gbench: runtime procs=%d stopped in %lld ns (gr_run: %d)\n", H.procs,
                now_ns() - t0, H.run_result);
    H.alive = H.ready = H.quit = H.dead = false;
    return H.run_result;
}

int gb_host_ensure(int procs)
{
    if (H.alive && H.procs == procs && !H.dead)
        return 0;
    gb_host_stop();
    pthread_mutex_lock(&H.mu);
    H.procs = procs;
    H.run_result = 0;
    H.ready = H.quit = H.dead = false;
    H.fn = NULL;
    H.t_start = now_ns();
    if (pthread_create(&H.thread, NULL, host_thread, NULL) != 0) {
        pthread_mutex_unlock(&H.mu);
        return GR_ENOMEM;
    }
    H.alive = true;
    while (!H.ready)
        pthread_cond_wait(&H.cv, &H.mu);
    int rc = H.run_result;
    pthread_mutex_unlock(&H.mu);
    if (H.dead) { /* gr_run returned without serving */
        pthread_join(H.thread, NULL);
        H.alive = H.dead = false;
        return rc != 0 ? rc : GR_EINVAL;
    }
    if (tracing())
        fprintf(stderr, "gbench: runtime procs=%d started in %lld ns\n", procs, H.start_ns);
    return 0;
}

int gb_host_call(void (*fn)(void *arg), void *arg)
{
    pthread_mutex_lock(&H.mu);
    while (H.fn != NULL && !H.dead)
        pthread_cond_wait(&H.cv, &H.mu);
    if (!H.alive || H.dead) {
        int rc = H.alive ? H.run_result : GR_EINVAL;
        pthread_mutex_unlock(&H.mu);
        return rc != 0 ? rc : GR_EINVAL;
    }
    unsigned long ticket = ++H.posted;
    H.fn = fn;
    H.arg = arg;
    pthread_cond_broadcast(&H.cv);
    while (H.done < ticket && !H.dead)
        pthread_cond_wait(&H.cv, &H.mu);
    int rc = H.done >= ticket ? 0 : (H.run_result != 0 ? H.run_result : GR_EINVAL);
    if (rc != 0)
        H.fn = NULL;
    pthread_mutex_unlock(&H.mu);
    return rc;
}

long long gb_host_last_start_ns(void)
{
    return H.start_ns;
}
