/*
 * test_runtime.c — gr_run, gr_go, procs, goroutine counts, yield, the
 * clock and sleep, deadlock detection, syscalls, calls outside gr_run,
 * dumps, the leak report and stacks (SPEC.md "Runtime").
 *
 * Invariants: .raw tests call gr_run themselves and check its result;
 * every time check is a lower bound or a liveness bound of seconds.
 */
#include "ct.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void count_main(void *arg) { atomic_fetch_add((_Atomic int *)arg, 1); }

GR_TEST(RT_RUN_1, "gr_run runs main once and returns GR_OK", .raw = true)
{
    _Atomic int n = 0;
    ASSERT_OK(gr_run(NULL, count_main, &n));
    ASSERT_EQ(n, 1);
    gr_config zero = {0};
    ASSERT_OK(gr_run(&zero, count_main, &n));
    ASSERT_EQ(n, 2);
}

static void block_on(void *arg) { gr_chan_recv(arg, NULL, NULL); }

static void leak_main(void *arg)
{
    gr_chan *c = gr_chan_make(0, 0);
    ASSERT_NOT_NULL(c);
    for (int i = 0; i < 3; i++)
        GO(block_on, c);
    *(int64_t *)arg = gr_now();
}

GR_TEST(RT_RUN_2, "gr_run does not wait for other goroutines", .raw = true)
{
    int64_t returned = 0;
    ASSERT_OK(gr_run(NULL, leak_main, &returned));
    ASSERT_GT(returned, 0);
    ASSERT_LT(gr_now() - returned, 5 * CT_SEC); /* liveness: it did return */
}

static void procs_main(void *arg)
{
    ASSERT_EQ(gr_numgoroutine(), 1);
    ASSERT_EQ(gr_procs(), *(int *)arg);
}

static void deadlock_main(void *arg)
{
    (void)arg;
    gr_chan *c = gr_chan_make(0, 0);
    gr_chan_recv(c, NULL, NULL);
}

GR_TEST(RT_RUN_3, "gr_run works again: other procs, after a deadlock, after a leak", .raw = true)
{
    for (int procs = 1; procs <= 3; procs++) {
        gr_config cfg = {.procs = procs};
        ASSERT_OK(gr_run(&cfg, procs_main, &procs));
    }
    ct_capture_begin();
    int rc = gr_run(NULL, deadlock_main, NULL);
    free(ct_capture_end());
    ASSERT_ERR(rc, GR_EDEADLK);
    int procs = 2;
    gr_config cfg = {.procs = 2};
    ASSERT_OK(gr_run(&cfg, procs_main, &procs));
    int64_t t;
    ASSERT_OK(gr_run(&cfg, leak_main, &t));
    ASSERT_OK(gr_run(&cfg, procs_main, &procs));
}

GR_TEST(RT_PROCS_1, "gr_procs is cfg.procs, or gr_numcpu() for 0", .raw = true)
{
    int want = 3;
    gr_config cfg = {.procs = 3};
    ASSERT_OK(gr_run(&cfg, procs_main, &want));
    want = gr_numcpu();
    cfg.procs = 0;
    ASSERT_OK(gr_run(&cfg, procs_main, &want));
}

/* RT-PROCS-2: count goroutines inside a busy section. */
static _Atomic int running, max_running;
static gr_waitgroup procs_wg;

static void busy(void *arg)
{
    (void)arg;
    for (int i = 0; i < 40; i++) {
        int now = atomic_fetch_add(&running, 1) + 1;
        int m = atomic_load(&max_running);
        while (now > m && !atomic_compare_exchange_weak(&max_running, &m, now)) {
        }
        ct_spin_ns(20000);
        atomic_fetch_sub(&running, 1);
        gr_yield();
    }
    gr_wg_done(&procs_wg);
}

static void busy_main(void *arg)
{
    (void)arg;
    atomic_store(&running, 0);
    atomic_store(&max_running, 0);
    for (int i = 0; i < 6; i++) {
        gr_wg_add(&procs_wg, 1);
        GO(busy, NULL);
    }
    gr_wg_wait(&procs_wg);
    ASSERT_LE(atomic_load(&max_running), gr_procs());
}

GR_TEST(RT_PROCS_2, "at most procs goroutines run user code at once", .raw = true)
{
    for (int procs = 1; procs <= 2; procs++) {
        gr_config cfg = {.procs = procs};
        ASSERT_OK(gr_run(&cfg, busy_main, NULL));
    }
}

static _Atomic int flag_a, flag_b;

static void spin_a(void *arg)
{
    atomic_store(&flag_a, 1);
    int64_t end = gr_now() + 20 * CT_SEC;
    while (!atomic_load(&flag_b))
        ASSERT_MSG(gr_now() < end, "liveness: the other goroutine never ran in parallel");
    gr_wg_done(arg);
}

static void spin_b(void *arg)
{
    atomic_store(&flag_b, 1);
    int64_t end = gr_now() + 20 * CT_SEC;
    while (!atomic_load(&flag_a))
        ASSERT_MSG(gr_now() < end, "liveness: the other goroutine never ran in parallel");
    gr_wg_done(arg);
}

GR_TEST(RT_PROCS_3, "with procs 2, two spinning goroutines run in parallel", .procs = 2)
{
    gr_waitgroup wg = {0};
    gr_wg_add(&wg, 2);
    GO(spin_a, &wg);
    GO(spin_b, &wg);
    gr_wg_wait(&wg);
}

static void cpu_main(void *arg) { ASSERT_EQ(gr_numcpu(), *(int *)arg); }

GR_TEST(RT_CPU_1, "gr_numcpu is at least 1, the same inside and outside", .raw = true)
{
    int n = gr_numcpu();
    ASSERT_GE(n, 1);
    ASSERT_OK(gr_run(NULL, cpu_main, &n));
}

struct go_arg {
    int in;
    gr_chan *out;
};

static void double_it(void *arg)
{
    struct go_arg *a = arg;
    ct_send_int(a->out, a->in * 2);
}

GR_TEST(RT_GO_1, "gr_go runs fn(arg) once, concurrently")
{
    struct go_arg a = {.in = 21, .out = ct_chan_int(0)};
    ASSERT_OK(gr_go(double_it, &a));
    ASSERT_EQ(ct_recv_int(a.out), 42); /* unbuffered: the goroutine ran concurrently */
    ASSERT_ERR(gr_chan_tryrecv(a.out, NULL, NULL), GR_EAGAIN);
    gr_chan_release(a.out);
}

static _Atomic int spawned_runs;

static void count_and_done(void *arg)
{
    atomic_fetch_add(&spawned_runs, 1);
    gr_wg_done(arg);
}

GR_TEST(RT_GO_2, "1,000 goroutines all run to completion")
{
    gr_waitgroup wg = {0};
    ASSERT_OK(gr_wg_add(&wg, 1000));
    for (int i = 0; i < 1000; i++)
        GO(count_and_done, &wg);
    gr_wg_wait(&wg);
    ASSERT_EQ(atomic_load(&spawned_runs), 1000);
}

GR_TEST(RT_COUNT_1, "gr_numgoroutine counts live goroutines, main included")
{
    ASSERT_EQ(gr_numgoroutine(), 1);
    gr_chan *c = gr_chan_make(0, 0);
    for (int i = 0; i < 10; i++) {
        GO(block_on, c);
        ASSERT_GE(gr_numgoroutine(), 2 + i);
    }
    ASSERT_EQ(gr_numgoroutine(), 11);
    ASSERT_OK(gr_chan_close(c));
    ct_wait_goroutines(1, 10);
    ASSERT_EQ(gr_numgoroutine(), 1);
    gr_chan_release(c);
}

static void nothing(void *arg) { (void)arg; }

GR_TEST(RT_COUNT_2, "gr_numgoroutine is 0 outside gr_run", .raw = true)
{
    ASSERT_EQ(gr_numgoroutine(), 0);
    ASSERT_OK(gr_run(NULL, nothing, NULL));
    ASSERT_EQ(gr_numgoroutine(), 0);
}

static void set_flag(void *arg) { atomic_store((_Atomic int *)arg, 1); }

GR_TEST(RT_YIELD_1, "gr_yield lets another goroutine run at procs 1", .procs = 1)
{
    _Atomic int flag = 0;
    GO(set_flag, &flag);
    int64_t end = gr_now() + 10 * CT_SEC;
    while (!atomic_load(&flag)) {
        ASSERT_MSG(gr_now() < end, "liveness: the other goroutine never ran");
        gr_yield();
    }
}

/* RT-YIELD-2: the shape that starved main on ws.  A child-first spawn
 * leaves the parent in runnext; a second one displaces it further (on ws,
 * into the P's LIFO), so main is queued behind two continuations when G2
 * starts to spin on gr_yield().  Main sets the flag only after gr_go
 * returns to it, so the loop ends only if yield really lets main run. */
typedef struct yield_chain {
    _Atomic int flag;     /* set by main once it runs again */
    _Atomic int g3_done;  /* G3 ran to its end */
    _Atomic long yields;  /* G2's yields before it saw the flag */
    gr_waitgroup wg;
} yield_chain;

static void yc_g3(void *arg)
{
    yield_chain *y = arg;
    atomic_store(&y->g3_done, 1);
    gr_wg_done(&y->wg);
}

static void yc_g2(void *arg)
{
    yield_chain *y = arg;
    GO(yc_g3, y);
    int64_t end = gr_now() + 10 * CT_SEC;
    while (!atomic_load(&y->flag)) {
        ASSERT_MSG(gr_now() < end, "liveness: main never ran again (G2 yielded %ld times)",
                   atomic_load(&y->yields));
        atomic_fetch_add(&y->yields, 1);
        gr_yield();
    }
    gr_wg_done(&y->wg);
}

static void yield_chain_run(void)
{
    for (int round = 0; round < 20; round++) {
        yield_chain y = {0};
        ASSERT_OK(gr_wg_add(&y.wg, 2));
        GO(yc_g2, &y);
        atomic_store(&y.flag, 1);
        gr_wg_wait(&y.wg);
        ASSERT_EQ(atomic_load(&y.g3_done), 1);
    }
}

GR_TEST(RT_YIELD_2, "a yield loop does not starve a goroutine queued behind a spawn chain",
        .multi = true)
{
    yield_chain_run();
}

GR_TEST(RT_YIELD_2, "a yield loop does not starve a queued goroutine at procs 2", .procs = 2)
{
    yield_chain_run();
}

static void stamp(void *arg)
{
    gr_chan *c = arg;
    int64_t t = 0;
    ASSERT_OK(gr_chan_recv(c, &t, NULL));
    int64_t mine = gr_now();
    ASSERT_GE(mine, t);
    ASSERT_OK(gr_chan_send(c, &mine));
}

GR_TEST(RT_NOW_1, "gr_now is monotonic, also across goroutines")
{
    int64_t prev = gr_now();
    for (int i = 0; i < 10000; i++) {
        int64_t t = gr_now();
        ASSERT_GE(t, prev);
        prev = t;
    }
    gr_chan *c = gr_chan_make(sizeof(int64_t), 0);
    GO(stamp, c);
    int64_t t1 = gr_now(), t2 = 0;
    ASSERT_OK(gr_chan_send(c, &t1));
    ASSERT_OK(gr_chan_recv(c, &t2, NULL));
    ASSERT_GE(t2, t1);
    ASSERT_GE(gr_now(), t2);
    int64_t before = gr_now();
    gr_sleep(10 * CT_MS);
    ASSERT_GE(gr_now() - before, 10 * CT_MS);
    gr_chan_release(c);
}

GR_TEST(RT_SLEEP_1, "gr_sleep never returns early")
{
    static const int64_t durations[] = {1000, 100000, CT_MS, 15 * CT_MS, 60 * CT_MS};
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++) {
        int64_t t0 = gr_now();
        gr_sleep(durations[i]);
        int64_t slept = gr_now() - t0;
        ASSERT_GE(slept, durations[i]);
    }
}

GR_TEST(RT_SLEEP_2, "gr_sleep(0) and gr_sleep(<0) return at once")
{
    int64_t t0 = gr_now();
    for (int i = 0; i < 100; i++) {
        gr_sleep(0);
        gr_sleep(-1);
        gr_sleep(-CT_SEC);
    }
    ASSERT_LT(gr_now() - t0, 5 * CT_SEC);
}

static void sleeper(void *arg)
{
    gr_sleep(200 * CT_MS);
    gr_wg_done(arg);
}

GR_TEST(RT_SLEEP_3, "sleeping goroutines park: 50 x 200 ms at procs 1 take far less than 10 s",
        .procs = 1)
{
    gr_waitgroup wg = {0};
    int64_t t0 = gr_now();
    ASSERT_OK(gr_wg_add(&wg, 50));
    for (int i = 0; i < 50; i++)
        GO(sleeper, &wg);
    gr_wg_wait(&wg);
    int64_t took = gr_now() - t0;
    ASSERT_GE(took, 200 * CT_MS);
    ASSERT_LT(took, 5 * CT_SEC);
}

static void lock_it(void *arg) { gr_mutex_lock(arg); }

static void deadlock_many_main(void *arg)
{
    (void)arg;
    static gr_mutex mu;
    static gr_waitgroup wg;
    gr_mutex_lock(&mu);
    gr_wg_add(&wg, 1);
    GO(lock_it, &mu); /* blocks: main holds mu */
    gr_wg_wait(&wg);                          /* nobody calls done */
}

GR_TEST(RT_DEADLOCK_1, "all asleep: GR_EDEADLK, the message and a dump", .raw = true)
{
    ct_capture_begin();
    int rc = gr_run(NULL, deadlock_main, NULL);
    char *err = ct_capture_end();
    ASSERT_ERR(rc, GR_EDEADLK);
    ASSERT_MSG(strstr(err, "all goroutines are asleep - deadlock!"), "stderr lacks the message");
    ASSERT_MSG(strstr(err, "goroutine 1 ["), "stderr lacks a dump entry for goroutine 1");
    free(err);

    ct_capture_begin();
    rc = gr_run(NULL, deadlock_many_main, NULL);
    err = ct_capture_end();
    ASSERT_ERR(rc, GR_EDEADLK);
    ASSERT_MSG(strstr(err, "all goroutines are asleep - deadlock!"), "stderr lacks the message");
    int entries = 0;
    for (const char *p = err; (p = strstr(p, "goroutine ")) != NULL; p++)
        entries += p[10] >= '0' && p[10] <= '9';
    ASSERT_GE(entries, 2);
    free(err);
}

static void send_later(void *arg)
{
    gr_sleep(30 * CT_MS);
    ct_send_int(arg, 7);
}

GR_TEST(RT_DEADLOCK_2, "a pending timer or sleep is not a deadlock")
{
    gr_chan *t = gr_after(30 * CT_MS);
    ASSERT_NOT_NULL(t);
    ASSERT_OK(gr_chan_recv(t, NULL, NULL));
    gr_chan_release(t);
    gr_sleep(30 * CT_MS);
    gr_chan *c = ct_chan_int(0);
    GO(send_later, c);
    ASSERT_EQ(ct_recv_int(c), 7);
    gr_chan_release(c);
}

static void in_syscall(void *arg)
{
    gr_syscall_enter();
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
    gr_syscall_exit();
    ct_send_int(arg, 1);
}

GR_TEST(RT_DEADLOCK_3, "a goroutine inside a system call is not asleep")
{
    gr_chan *c = ct_chan_int(0);
    GO(in_syscall, c);
    ASSERT_EQ(ct_recv_int(c), 1);
    gr_chan_release(c);
}

struct sys_arg {
    int fds[2];
    gr_chan *ping, *pong, *done;
};

static void blocked_reader(void *arg)
{
    struct sys_arg *a = arg;
    char b = 0;
    gr_syscall_enter();
    ssize_t n = read(a->fds[0], &b, 1);
    gr_syscall_exit();
    ASSERT_EQ(n, 1);
    ct_send_int(a->done, 1);
}

static void ponger(void *arg)
{
    struct sys_arg *a = arg;
    for (int i = 0; i < 100; i++)
        ct_send_int(a->pong, ct_recv_int(a->ping) + 1);
}

static void pinger(void *arg)
{
    struct sys_arg *a = arg;
    for (int i = 0; i < 100; i++) {
        ct_send_int(a->ping, i);
        ASSERT_EQ(ct_recv_int(a->pong), i + 1);
    }
    char b = 'x';
    ASSERT_EQ(write(a->fds[1], &b, 1), 1);
}

GR_TEST(RT_SYSCALL_1, "at procs 1, others run while one goroutine blocks in a syscall",
        .procs = 1, .timeout_s = 20)
{
    struct sys_arg a = {.ping = ct_chan_int(0), .pong = ct_chan_int(0), .done = ct_chan_int(0)};
    ASSERT_EQ(pipe(a.fds), 0);
    GO(blocked_reader, &a);
    gr_sleep(20 * CT_MS); /* let the reader enter read() first (not needed for correctness) */
    GO(ponger, &a);
    GO(pinger, &a);
    ASSERT_EQ(ct_recv_int(a.done), 1);
    ct_wait_goroutines(1, 10); /* nobody uses the channels any more */
    close(a.fds[0]);
    close(a.fds[1]);
    gr_chan_release(a.ping);
    gr_chan_release(a.pong);
    gr_chan_release(a.done);
}

static void once_fn(void *arg) { atomic_fetch_add((_Atomic int *)arg, 1); }

struct outside {
    gr_chan *c;
    gr_mutex mu;
    gr_rwmutex rw;
    gr_waitgroup wg;
    gr_once once;
    gr_cond cond;
    _Atomic int once_runs;
    _Atomic int went;
};

static void make_chan_main(void *arg)
{
    struct outside *o = arg;
    o->c = ct_chan_int(2);
    ct_send_int(o->c, 5);
}

static void after_outside_main(void *arg)
{
    struct outside *o = arg;
    ASSERT_EQ(gr_chan_len(o->c), 1);
    ASSERT_EQ(ct_recv_int(o->c), 5);
    ASSERT_ERR(gr_chan_tryrecv(o->c, NULL, NULL), GR_EAGAIN); /* not closed, nothing sent */
    ASSERT_TRUE(gr_mutex_trylock(&o->mu));                     /* still unlocked */
    ASSERT_OK(gr_mutex_unlock(&o->mu));
    ASSERT_TRUE(gr_rwmutex_trylock(&o->rw));
    ASSERT_OK(gr_rwmutex_unlock(&o->rw));
    gr_wg_wait(&o->wg); /* counter still 0 */
    ASSERT_EQ(atomic_load(&o->once_runs), 0);
    gr_once_do(&o->once, once_fn, &o->once_runs);
    ASSERT_EQ(atomic_load(&o->once_runs), 1);
    ASSERT_EQ(atomic_load(&o->went), 0);
    gr_chan_release(o->c);
}

GR_TEST(RT_OUTSIDE_1, "calls outside gr_run fail or do nothing, with no effect", .raw = true)
{
    static struct outside o;
    ASSERT_OK(gr_run(NULL, make_chan_main, &o));
    int v = 9;
    gr_case cs[1] = {{.ch = o.c, .dir = GR_RECV, .elem = &v}};
    ASSERT_ERR(gr_go(set_flag, &o.went), GR_EINVAL);
    ASSERT_ERR(gr_procs(), GR_EINVAL);
    ASSERT_NULL(gr_chan_make(4, 1));
    ASSERT_NULL(gr_after(CT_MS));
    ASSERT_NULL(gr_timer_new(CT_MS));
    ASSERT_NULL(gr_ticker_new(CT_MS));
    ASSERT_NULL(gr_ctx_with_cancel(gr_ctx_background()));
    ASSERT_ERR(gr_chan_send(o.c, &v), GR_EINVAL);
    ASSERT_ERR(gr_chan_trysend(o.c, &v), GR_EINVAL);
    ASSERT_ERR(gr_chan_recv(o.c, &v, NULL), GR_EINVAL);
    ASSERT_ERR(gr_chan_tryrecv(o.c, &v, NULL), GR_EINVAL);
    ASSERT_EQ(v, 9);
    ASSERT_ERR(gr_chan_close(o.c), GR_EINVAL);
    ASSERT_EQ(gr_chan_len(o.c), 0);
    ASSERT_ERR(gr_select(cs, 1), GR_EINVAL);
    ASSERT_ERR(gr_select_try(cs, 1), GR_EINVAL);
    ASSERT_EQ(v, 9);
    ASSERT_ERR(gr_wg_add(&o.wg, 1), GR_EINVAL);
    ASSERT_ERR(gr_wg_done(&o.wg), GR_EINVAL);
    gr_wg_wait(&o.wg);
    gr_mutex_lock(&o.mu);
    ASSERT_FALSE(gr_mutex_trylock(&o.mu));
    ASSERT_ERR(gr_mutex_unlock(&o.mu), GR_EINVAL);
    gr_rwmutex_lock(&o.rw);
    gr_rwmutex_rlock(&o.rw);
    ASSERT_FALSE(gr_rwmutex_trylock(&o.rw));
    ASSERT_FALSE(gr_rwmutex_tryrlock(&o.rw));
    ASSERT_ERR(gr_rwmutex_unlock(&o.rw), GR_EINVAL);
    ASSERT_ERR(gr_rwmutex_runlock(&o.rw), GR_EINVAL);
    gr_once_do(&o.once, once_fn, &o.once_runs);
    gr_cond_signal(&o.cond);
    gr_cond_broadcast(&o.cond);
    gr_cond_wait(&o.cond, &o.mu);
    ASSERT_FALSE(gr_timer_stop(NULL));
    int64_t t0 = gr_now();
    gr_yield();
    gr_sleep(2 * CT_SEC);
    ASSERT_LT(gr_now() - t0, CT_SEC);
    ASSERT_OK(gr_run(NULL, after_outside_main, &o));
}

static void backend_main(void *arg) { ASSERT_TRUE(strcmp(gr_backend_name(), arg) == 0); }

GR_TEST(RT_BACKEND_1, "gr_backend_name names the backend, inside and outside", .raw = true)
{
    const char *name = gr_backend_name();
    ASSERT_NOT_NULL(name);
    ASSERT_GT(strlen(name), 0);
    const char *want = ct_expected_backend();
    if (want)
        ASSERT_MSG(strcmp(name, want) == 0, "gr_backend_name() = \"%s\", --backend %s", name, want);
    ASSERT_OK(gr_run(NULL, backend_main, (void *)name));
}

static char *dump_text(void)
{
    FILE *f = tmpfile();
    ASSERT_NOT_NULL(f);
    gr_dump(f);
    fflush(f);
    long len = ftell(f);
    ASSERT_GE(len, 0);
    rewind(f);
    char *s = calloc((size_t)len + 1, 1);
    ASSERT_NOT_NULL(s);
    size_t got = fread(s, 1, (size_t)len, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

static void dump_main(void *arg)
{
    (void)arg;
    gr_chan *c = gr_chan_make(0, 0);
    GO(block_on, c);
    int64_t end = gr_now() + 10 * CT_SEC;
    for (;;) {
        char *s = dump_text();
        bool entries = strstr(s, "goroutine 1 [") && strstr(strstr(s, "goroutine ") + 1, "goroutine ");
        bool says = strstr(s, "chan") != NULL;
        if (entries && says) {
            free(s);
            break;
        }
        ASSERT_MSG(gr_now() < end, "gr_dump never showed the blocked goroutine:\n%s", s);
        free(s);
        gr_sleep(CT_MS);
    }
    ASSERT_OK(gr_chan_close(c));
    ct_wait_goroutines(1, 10);
    gr_chan_release(c);
}

GR_TEST(RT_DUMP_1, "gr_dump lists goroutines and what they block on", .raw = true)
{
    ASSERT_OK(gr_run(NULL, dump_main, NULL));
    char *s = dump_text(); /* outside gr_run: nothing */
    ASSERT_EQ(strlen(s), 0);
    free(s);
}

GR_TEST(RT_LEAKS_1, "GR_DEBUG=leaks reports goroutines alive at the end", .raw = true)
{
    int64_t t;
    setenv("GR_DEBUG", "leaks", 1);
    ct_capture_begin();
    int rc = gr_run(NULL, leak_main, &t);
    char *err = ct_capture_end();
    ASSERT_OK(rc);
    ASSERT_MSG(strstr(err, "3"), "the leak report does not give the count 3");
    ASSERT_MSG(strstr(err, "goroutine "), "the leak report lists no goroutine");
    free(err);
    unsetenv("GR_DEBUG");
    ct_capture_begin();
    rc = gr_run(NULL, leak_main, &t);
    err = ct_capture_end();
    ASSERT_OK(rc);
    ASSERT_MSG(strlen(err) == 0, "without GR_DEBUG=leaks gr_run printed: %s", err);
    free(err);
}

/* 64 two-way selects with both cases ready: bit i is the case select i
 * took. */
static void choices_main(void *arg)
{
    uint64_t *bits = arg;
    gr_chan *a = gr_chan_make(sizeof(int), 1), *b = gr_chan_make(sizeof(int), 1);
    int v = 0;
    *bits = 0;
    for (int i = 0; i < 64; i++) {
        ASSERT_OK(gr_chan_send(a, &v));
        ASSERT_OK(gr_chan_send(b, &v));
        gr_case cs[2] = {{.ch = a, .dir = GR_RECV, .elem = &v}, {.ch = b, .dir = GR_RECV, .elem = &v}};
        int k = gr_select(cs, 2);
        ASSERT_MSG(k == 0 || k == 1, "gr_select returned %d", k);
        *bits |= (uint64_t)k << i;
        ASSERT_OK(gr_chan_recv(k ? a : b, &v, NULL)); /* the case not taken */
    }
    gr_chan_release(a);
    gr_chan_release(b);
}

/* A copy of the caller's GR_DEBUG (NULL: unset), for a test that sets its
 * own around its gr_run calls; debug_env_restore puts it back. */
static char *debug_env_save(void)
{
    const char *saved = getenv("GR_DEBUG");
    return saved ? strdup(saved) : NULL;
}

static void debug_env_restore(char *keep)
{
    if (keep)
        setenv("GR_DEBUG", keep, 1);
    else
        unsetenv("GR_DEBUG");
    free(keep);
}

static uint64_t choices(const char *debug)
{
    if (debug)
        setenv("GR_DEBUG", debug, 1);
    else
        unsetenv("GR_DEBUG");
    gr_config cfg = {.procs = 1};
    uint64_t bits = 0;
    ASSERT_OK(gr_run(&cfg, choices_main, &bits));
    return bits;
}

GR_TEST(RT_SEED_1, "GR_DEBUG=seed=N makes select's random choices repeat run after run", .raw = true)
{
    char *keep = debug_env_save();
    uint64_t s7 = choices("seed=7"), s7again = choices("seed=7"), s8 = choices("stats=0,seed=8");
    uint64_t c1 = choices(NULL), c2 = choices(NULL);
    debug_env_restore(keep);
    ASSERT_MSG(s7 == s7again, "seed=7 chose %016llx, then %016llx", (unsigned long long)s7,
               (unsigned long long)s7again);
    /* Still random within a run, and the seed matters (each 2^-64 by chance). */
    ASSERT_MSG(s7 != 0 && s7 != UINT64_MAX, "seed=7 always took one case: %016llx", (unsigned long long)s7);
    ASSERT_MSG(s8 != s7, "seeds 7 and 8 chose the same %016llx", (unsigned long long)s7);
    ASSERT_MSG(c1 != c2, "without a seed two runs chose the same %016llx", (unsigned long long)c1);
}

static volatile int never = -1; /* keeps the recursion unbounded but not provably infinite */

__attribute__((noinline)) static int recurse(volatile char *prev, int depth)
{
    volatile char frame[512];
    if (depth == never)
        return 0;
    frame[0] = (char)depth;
    frame[511] = prev ? prev[0] : 0;
    return recurse(frame, depth + 1) + frame[511];
}

static void overflow(void *arg)
{
    (void)arg;
    int r = recurse(NULL, 0);
    printf("unreachable %d\n", r);
}

GR_TEST(RT_STACK_1, "unbounded recursion dies with \"goroutine stack overflow\"", .death = true,
        .stderr_has = "goroutine stack overflow", .no_leak_check = true)
{
    GO(overflow, NULL);
    gr_chan *c = gr_chan_make(0, 0);
    gr_chan_recv(c, NULL, NULL); /* the process dies first */
}

__attribute__((noinline)) static void use_stack(size_t bytes)
{
    volatile char *buf = __builtin_alloca(bytes);
    for (size_t i = 0; i < bytes; i += 256)
        buf[i] = (char)i;
    buf[bytes - 1] = 1;
}

static void use_16k(void *arg)
{
    use_stack(16 * 1024);
    gr_wg_done(arg);
}

static void use_512k(void *arg)
{
    use_stack(512 * 1024);
    gr_wg_done(arg);
}

static void stack_main(void *arg)
{
    gr_waitgroup wg = {0};
    gr_wg_add(&wg, 1);
    GO(arg ? use_512k : use_16k, &wg);
    gr_wg_wait(&wg);
}

GR_TEST(RT_STACK_2, "goroutines get 16 KiB by default and half of cfg.stack_size", .raw = true)
{
    ASSERT_OK(gr_run(NULL, stack_main, NULL));
    gr_config cfg = {.stack_size = 1024 * 1024};
    ASSERT_OK(gr_run(&cfg, stack_main, &cfg));
}

static _Atomic int flags_main_ran;
static void flags_main(void *arg)
{
    (void)arg;
    atomic_fetch_add(&flags_main_ran, 1);
}

GR_TEST(RT_FLAGS_1, "gr_run refuses unknown flags (GR_EINVAL) and unsupported ones (GR_ENOTSUP)",
        .raw = true)
{
    static const unsigned unknown[] = {1u << 1, 1u << 7, 1u << 31, ~0u};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        gr_config cfg = {.procs = 1, .flags = unknown[i]};
        ASSERT_ERR(gr_run(&cfg, flags_main, NULL), GR_EINVAL);
    }
    ASSERT_EQ(atomic_load(&flags_main_ran), 0);
    gr_config async = {.procs = 1, .flags = GR_FLAG_PREEMPT_ASYNC};
    int rc = gr_run(&async, flags_main, NULL);
    ASSERT_MSG(rc == GR_OK || rc == GR_ENOTSUP, "gr_run(GR_FLAG_PREEMPT_ASYNC) = %s", ct_errname(rc));
    ASSERT_EQ(atomic_load(&flags_main_ran), rc == GR_OK ? 1 : 0);
    ASSERT_OK(gr_run(NULL, flags_main, NULL));
    ASSERT_EQ(atomic_load(&flags_main_ran), rc == GR_OK ? 2 : 1);
}

/* ---- RT-PREEMPT-*: asynchronous preemption (GR_FLAG_PREEMPT_ASYNC) ----
 * Each test runs its own gr_run at procs=1 with the flag; a backend that
 * answers GR_ENOTSUP reports the clause as not supported. */

typedef struct preempt_world {
    _Atomic int flag;   /* set by the sleeper: the hog may stop */
    _Atomic int wakes;  /* times the sleeper ran */
    _Atomic int done;   /* the hog finished: the sleeper stops */
    int want_wakes;
    void (*hog)(struct preempt_world *);
    _Atomic int bad;    /* RT-PREEMPT-3: a half-written buffer was seen */
    unsigned char *buf;
    size_t len;
} preempt_world;

static void preempt_sleeper(void *arg)
{
    preempt_world *w = arg;
    while (!atomic_load(&w->done)) {
        gr_sleep(CT_MS);
        if (w->buf) { /* sample the hog's buffer: memset leaves it uniform */
            unsigned char v = w->buf[0];
            for (size_t i = 0; i < w->len; i += w->len / 256)
                if (w->buf[i] != v)
                    atomic_store(&w->bad, 1);
            if (w->buf[w->len - 1] != v)
                atomic_store(&w->bad, 1);
        }
        if (atomic_fetch_add(&w->wakes, 1) + 1 >= w->want_wakes)
            atomic_store(&w->flag, 1);
    }
}

static void preempt_main(void *arg)
{
    preempt_world *w = arg;
    ASSERT_OK(gr_go(preempt_sleeper, w));
    w->hog(w);
    atomic_store(&w->done, 1);
    ct_wait_goroutines(1, 10);
}

static void preempt_run(preempt_world *w)
{
    gr_config cfg = {.procs = 1, .flags = GR_FLAG_PREEMPT_ASYNC};
    int rc = gr_run(&cfg, preempt_main, w);
    if (rc == GR_ENOTSUP)
        ct_skip("the backend has no asynchronous preemption (gr_run: GR_ENOTSUP)");
    ASSERT_OK(rc);
}

/* A plain C loop: no runtime call, nothing a cooperative scheduler sees. */
static void hog_spin(preempt_world *w)
{
    while (!atomic_load_explicit(&w->flag, memory_order_relaxed)) {
    }
}

GR_TEST(RT_PREEMPT_1, "a goroutine spinning without runtime calls does not starve a sleeper",
        .raw = true, .timeout_s = 60)
{
    preempt_world w = {.want_wakes = 3, .hog = hog_spin};
    preempt_run(&w);
    ASSERT_GE(atomic_load(&w.wakes), 3);
}

#if defined(__x86_64__)
/* Spin with known values in general-purpose and SSE registers (callee-
 * and caller-saved) until the sleeper has run want_wakes times, which at
 * procs=1 takes that many preemptions of this very loop; then read the
 * registers back. */
static void hog_regs(preempt_world *w)
{
    uint64_t out[13];
    errno = 4242;
    __asm__ volatile(
        "movabsq $0x1111111111111111, %%rbx\n\t"
        "movabsq $0x2222222222222222, %%r8\n\t"
        "movabsq $0x3333333333333333, %%r9\n\t"
        "movabsq $0x4444444444444444, %%r10\n\t"
        "movabsq $0x5555555555555555, %%r11\n\t"
        "movabsq $0x6666666666666666, %%r12\n\t"
        "movabsq $0x7777777777777777, %%r13\n\t"
        "movabsq $0x0123456789abcdef, %%r14\n\t"
        "movabsq $0x7edcba9876543210, %%r15\n\t"
        "movabsq $0x3ff8000000000000, %%rax\n\t" /* 1.5 */
        "movq %%rax, %%xmm0\n\t"
        "movabsq $0xc00c000000000000, %%rax\n\t" /* -3.5 */
        "movq %%rax, %%xmm7\n\t"
        "movabsq $0x4059000000000000, %%rax\n\t" /* 100.0 */
        "movq %%rax, %%xmm15\n\t"
        "1: pause\n\t"
        "cmpl $0, (%[flag])\n\t"
        "je 1b\n\t"
        "movq %%rbx, 0(%[out])\n\t"
        "movq %%r8, 8(%[out])\n\t"
        "movq %%r9, 16(%[out])\n\t"
        "movq %%r10, 24(%[out])\n\t"
        "movq %%r11, 32(%[out])\n\t"
        "movq %%r12, 40(%[out])\n\t"
        "movq %%r13, 48(%[out])\n\t"
        "movq %%r14, 56(%[out])\n\t"
        "movq %%r15, 64(%[out])\n\t"
        "movq %%xmm0, 72(%[out])\n\t"
        "movq %%xmm7, 80(%[out])\n\t"
        "movq %%xmm15, 88(%[out])\n\t"
        :
        : [flag] "r"(&w->flag), [out] "r"(out)
        : "rax", "rbx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "xmm0", "xmm7",
          "xmm15", "memory", "cc");
    out[12] = (uint64_t)errno;
    static const uint64_t want[13] = {
        0x1111111111111111u, 0x2222222222222222u, 0x3333333333333333u, 0x4444444444444444u,
        0x5555555555555555u, 0x6666666666666666u, 0x7777777777777777u, 0x0123456789abcdefu,
        0x7edcba9876543210u, 0x3ff8000000000000u, 0xc00c000000000000u, 0x4059000000000000u,
        4242u};
    for (int i = 0; i < 13; i++)
        ASSERT_MSG(out[i] == want[i], "register/errno %d: 0x%llx after preemption, want 0x%llx", i,
                   (unsigned long long)out[i], (unsigned long long)want[i]);
}
#elif defined(__aarch64__)
/* The same on AArch64: callee-saved x19-x28 and d8, caller-saved x9-x15,
 * and the vector registers v0 and v31. */
static void hog_regs(preempt_world *w)
{
    uint64_t out[21];
    errno = 4242;
    __asm__ volatile(
        "movz x19, #0x1111\n\t" "movz x20, #0x2222\n\t" "movz x21, #0x3333\n\t"
        "movz x22, #0x4444\n\t" "movz x23, #0x5555\n\t" "movz x24, #0x6666\n\t"
        "movz x25, #0x7777\n\t" "movz x26, #0x8888\n\t" "movz x27, #0x9999\n\t"
        "movz x28, #0xaaaa\n\t" "movz x9, #0xbbbb\n\t"  "movz x10, #0xcccc\n\t"
        "movz x11, #0xdddd\n\t" "movz x12, #0xeeee\n\t" "movz x13, #0x1234\n\t"
        "movz x14, #0x5678\n\t" "movz x15, #0x9abc\n\t"
        "fmov d8, #1.5\n\t" "fmov d0, #-3.5\n\t" "fmov d31, #10.0\n\t"
        "1: ldr w16, [%[flag]]\n\t"
        "cbz w16, 1b\n\t"
        "stp x19, x20, [%[out], #0]\n\t" "stp x21, x22, [%[out], #16]\n\t"
        "stp x23, x24, [%[out], #32]\n\t" "stp x25, x26, [%[out], #48]\n\t"
        "stp x27, x28, [%[out], #64]\n\t" "stp x9, x10, [%[out], #80]\n\t"
        "stp x11, x12, [%[out], #96]\n\t" "stp x13, x14, [%[out], #112]\n\t"
        "str x15, [%[out], #128]\n\t" "str d8, [%[out], #136]\n\t"
        "str d0, [%[out], #144]\n\t" "str d31, [%[out], #152]\n\t"
        :
        : [flag] "r"(&w->flag), [out] "r"(out)
        : "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x19", "x20", "x21", "x22",
          "x23", "x24", "x25", "x26", "x27", "x28", "v0", "v8", "v31", "memory", "cc");
    out[20] = (uint64_t)errno;
    /* x19-x28, x9-x15, then d8 = 1.5, d0 = -3.5, d31 = 10.0, then errno. */
    static const uint64_t want[21] = {
        0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, 0x7777, 0x8888, 0x9999, 0xaaaa,
        0xbbbb, 0xcccc, 0xdddd, 0xeeee, 0x1234, 0x5678, 0x9abc,
        0x3ff8000000000000u, 0xc00c000000000000u, 0x4024000000000000u, 4242u};
    for (int i = 0; i < 21; i++)
        ASSERT_MSG(out[i] == want[i], "register/errno %d: 0x%llx after preemption, want 0x%llx", i,
                   (unsigned long long)out[i], (unsigned long long)want[i]);
}
#endif

GR_TEST(RT_PREEMPT_2, "a preempted goroutine's registers, FP state and errno survive",
        .raw = true, .timeout_s = 60)
{
#if defined(__x86_64__) || defined(__aarch64__)
    preempt_world w = {.want_wakes = 5, .hog = hog_regs};
    preempt_run(&w);
    ASSERT_GE(atomic_load(&w.wakes), 5);
#else
    ct_skip("the register check is written for x86-64 and aarch64");
#endif
}

/* Hold the address of a __thread variable, and errno's, across
 * preemptions, and write through the cached address all along: if the
 * goroutine resumed on another thread, the writes would land in the first
 * thread's slot and the addresses would no longer be this thread's. */
static __thread long tls_slot;

static void hog_tls(preempt_world *w)
{
    long *volatile mine = &tls_slot; /* volatile: the cached address is kept */
    int *volatile err = &errno;
    pthread_t me = pthread_self();
    long n = 0;
    tls_slot = 0;
    while (!atomic_load_explicit(&w->flag, memory_order_relaxed)) {
        (*mine)++;
        n++;
    }
    ASSERT_MSG(pthread_equal(me, pthread_self()), "the goroutine resumed on another OS thread");
    ASSERT_MSG(mine == &tls_slot, "a cached __thread address is another thread's now");
    ASSERT_MSG(err == &errno, "the cached errno address is another thread's now");
    ASSERT_EQ(tls_slot, n);
}

GR_TEST(RT_PREEMPT_4, "a preempted goroutine resumes on its own thread: cached TLS stays valid",
        .raw = true, .timeout_s = 60)
{
    preempt_world w = {.want_wakes = 5, .hog = hog_tls};
    preempt_run(&w);
    ASSERT_GE(atomic_load(&w.wakes), 5);
}

/* memset a buffer to a new value, round after round: outside memset it is
 * always uniform, so a sleeper that finds it half-written ran while the
 * hog was inside libc. */
static void hog_libc(preempt_world *w)
{
    for (int round = 1; round <= 40; round++)
        memset(w->buf, round, w->len);
}

GR_TEST(RT_PREEMPT_3, "a goroutine inside a libc call is never preempted there", .raw = true,
        .timeout_s = 120)
{
    size_t len = 16 << 20; /* on the heap: a bss this large stops Valgrind's loader */
    unsigned char *buf = calloc(1, len);
    ASSERT_TRUE(buf != NULL);
    preempt_world w = {.want_wakes = 1 << 30, .hog = hog_libc, .buf = buf, .len = len};
    preempt_run(&w);
    int half_written = atomic_load(&w.bad);
    free(buf);
    ASSERT_EQ(half_written, 0);
}

/* ---- RT-PREEMPT-5: GR_DEBUG=preemptoff ----------------------------------
 * At procs=1 main spins for 50 ms (by the clock, no runtime call) while a
 * goroutine's 1 ms sleep ends; with preemptoff nothing may take the thread
 * from main, so the sleeper has not run when the spin ends.  With
 * GR_FLAG_PREEMPT_ASYNC where the backend has it (the strongest case),
 * else without (a cooperative backend: it holds trivially). */

typedef struct preemptoff_world {
    _Atomic int started; /* the sleeper is about to sleep */
    _Atomic int woke;    /* the sleeper ran after its sleep */
    int woke_in_spin;    /* woke as the spin ended */
} preemptoff_world;

static void preemptoff_sleeper(void *arg)
{
    preemptoff_world *w = arg;
    atomic_store(&w->started, 1);
    gr_sleep(CT_MS);
    atomic_store(&w->woke, 1);
}

static void preemptoff_main(void *arg)
{
    preemptoff_world *w = arg;
    ASSERT_OK(gr_go(preemptoff_sleeper, w));
    while (!atomic_load(&w->started))
        gr_yield();
    /* Most of the spin in this program's own code (a safe point), not in
     * the clock (libgr and the vDSO), where asynchronous preemption never
     * interrupts: ct_spin_ns would spin there. */
    int64_t end = gr_now() + 50 * CT_MS;
    static volatile unsigned sink;
    while (gr_now() < end)
        for (int i = 0; i < 100000; i++)
            sink = sink + 1;
    w->woke_in_spin = atomic_load(&w->woke);
    /* Now main parks: the sleeper must run (a generous liveness bound). */
    for (int i = 0; i < 10000 && !atomic_load(&w->woke); i++)
        gr_sleep(CT_MS);
}

GR_TEST(RT_PREEMPT_5, "GR_DEBUG=preemptoff: a goroutine running long keeps its thread", .raw = true,
        .timeout_s = 60)
{
    char *keep = debug_env_save();
    setenv("GR_DEBUG", "preemptoff", 1);
    preemptoff_world w = {0};
    gr_config cfg = {.procs = 1, .flags = GR_FLAG_PREEMPT_ASYNC};
    int rc = gr_run(&cfg, preemptoff_main, &w);
    if (rc == GR_ENOTSUP) { /* no asynchronous preemption: the cooperative case */
        cfg.flags = 0;
        rc = gr_run(&cfg, preemptoff_main, &w);
    }
    debug_env_restore(keep);
    ASSERT_OK(rc);
    ASSERT_MSG(w.woke_in_spin == 0, "the sleeper ran while main spun under preemptoff (flags %u)",
               cfg.flags);
    ASSERT_EQ(atomic_load(&w.woke), 1);
}
