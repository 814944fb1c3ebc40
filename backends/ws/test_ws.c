/*
 * test_ws.c — tests of what is particular to the ws backend, beyond the
 * conformance suite (which every backend passes):
 *
 *   handoff: at procs=1 a goroutine blocks in a real system call (read on
 *            an empty pipe) inside gr_syscall_enter/exit; sysmon must hand
 *            its P to another M so that two other goroutines can ping-pong
 *            and finally write the byte the reader waits for.  Without the
 *            hand-off this test hangs (meson's timeout fails it);
 *   preempt: at procs=1 a goroutine spins calling gr_go (a preemption point)
 *            until a flag is set by a goroutine queued before it; without
 *            sysmon's 10 ms flag it would spin forever;
 *   many:    40,000 parked goroutines at once (more than vm.max_map_count
 *            allows with one mprotect'ed guard per stack), then released;
 *   rerun:   a second gr_run after one that leaked a goroutine.
 *
 * Usage: test_ws [handoff|preempt|many|rerun]... (default: all).
 */
#include "gr.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(c)                                                                            \
    do {                                                                                    \
        if (!(c)) {                                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);           \
            exit(1);                                                                        \
        }                                                                                   \
    } while (0)

/* ---- handoff ---------------------------------------------------------- */

static int pipefd[2];
static gr_waitgroup hwg;

static void reader(void *arg)
{
    (void)arg;
    char b = 0;
    gr_syscall_enter();
    ssize_t n = read(pipefd[0], &b, 1);
    gr_syscall_exit();
    CHECK(n == 1 && b == 'x');
    gr_wg_done(&hwg);
}

static void ponger(void *arg)
{
    gr_chan **c = arg;
    int v;
    for (int i = 0; i < 1000; i++) {
        CHECK(gr_chan_recv(c[0], &v, NULL) == GR_OK);
        CHECK(gr_chan_send(c[1], &v) == GR_OK);
    }
    gr_wg_done(&hwg);
}

static void pinger(void *arg)
{
    gr_chan **c = arg;
    for (int i = 0; i < 1000; i++) {
        int v = i;
        CHECK(gr_chan_send(c[0], &v) == GR_OK);
        CHECK(gr_chan_recv(c[1], &v, NULL) == GR_OK && v == i);
    }
    char b = 'x';
    CHECK(write(pipefd[1], &b, 1) == 1);
    gr_wg_done(&hwg);
}

static void handoff_main(void *arg)
{
    (void)arg;
    CHECK(pipe(pipefd) == 0);
    gr_chan *c[2] = {gr_chan_make(sizeof(int), 0), gr_chan_make(sizeof(int), 0)};
    gr_wg_add(&hwg, 3);
    gr_go(reader, NULL);
    gr_sleep(1000000); /* the reader is in read() now */
    gr_go(ponger, c);
    gr_go(pinger, c);
    gr_wg_wait(&hwg);
    gr_chan_release(c[0]);
    gr_chan_release(c[1]);
    close(pipefd[0]);
    close(pipefd[1]);
}

/* ---- preempt ---------------------------------------------------------- */

static atomic_int flag;

static void noop(void *arg)
{
    (void)arg;
}

static void set_flag(void *arg)
{
    (void)arg;
    atomic_store(&flag, 1);
}

static void spinner(void *arg)
{
    gr_waitgroup *wg = arg;
    while (!atomic_load(&flag))
        CHECK(gr_go(noop, NULL) == GR_OK);
    gr_wg_done(wg);
}

static void preempt_main(void *arg)
{
    (void)arg;
    gr_waitgroup wg = {0};
    gr_wg_add(&wg, 1);
    gr_go(set_flag, NULL); /* queued first ... */
    gr_go(spinner, &wg);   /* ... but the spinner runs next (runnext) */
    gr_wg_wait(&wg);
    CHECK(atomic_load(&flag) == 1);
}

/* ---- many --------------------------------------------------------------- */

enum { MANY = 40000 }; /* > 32,000: past the one-VMA-pair-per-stack limit */

static void waiter(void *arg)
{
    gr_chan *c = arg;
    gr_chan_recv(c, NULL, NULL);
    gr_chan_release(c);
}

static void many_main(void *arg)
{
    (void)arg;
    gr_chan *c = gr_chan_make(0, 0);
    for (int i = 0; i < MANY; i++)
        CHECK(gr_go(waiter, gr_chan_retain(c)) == GR_OK);
    while (gr_numgoroutine() < MANY + 1)
        gr_yield();
    gr_sleep(1000000);
    CHECK(gr_numgoroutine() == MANY + 1);
    gr_chan_close(c);
    gr_chan_release(c);
    while (gr_numgoroutine() > 1)
        gr_sleep(1000000);
}

/* ---- rerun ---------------------------------------------------------------- */

static void block_forever(void *arg)
{
    (void)arg;
    gr_chan_recv(NULL, NULL, NULL);
}

static void leak_main(void *arg)
{
    (void)arg;
    gr_go(block_forever, NULL);
    gr_yield();
}

static void count_main(void *arg)
{
    *(long *)arg = gr_numgoroutine();
}

int main(int argc, char **argv)
{
    const char *all[] = {"handoff", "preempt", "many", "rerun"};
    int n = argc > 1 ? argc - 1 : 4;
    for (int i = 0; i < n; i++) {
        const char *t = argc > 1 ? argv[i + 1] : all[i];
        gr_config one = {.procs = 1};
        if (strcmp(t, "handoff") == 0) {
            CHECK(gr_run(&one, handoff_main, NULL) == GR_OK);
        } else if (strcmp(t, "preempt") == 0) {
            CHECK(gr_run(&one, preempt_main, NULL) == GR_OK);
        } else if (strcmp(t, "many") == 0) {
            gr_config two = {.procs = 2};
            CHECK(gr_run(&two, many_main, NULL) == GR_OK);
        } else if (strcmp(t, "rerun") == 0) {
            long cnt = -1;
            CHECK(gr_run(&one, leak_main, NULL) == GR_OK);
            CHECK(gr_run(NULL, count_main, &cnt) == GR_OK);
            CHECK(cnt == 1);
        } else {
            fprintf(stderr, "unknown test %s\n", t);
            return 2;
        }
        printf("ok - ws %s\n", t);
    }
    return 0;
}
