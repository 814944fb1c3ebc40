/*
 * bounded_pool.c — guide §7 "Bounded worker pool": a semaphore channel of
 * capacity 10 caps how many of 30 tasks run at once.
 *
 * Each task takes a slot (a send into `sem`) before it is started, and
 * gives it back (a receive) when it finishes; at the end main fills all 10
 * slots itself, which can only happen once every task has given its slot
 * back (the guide's "drain").  A task runs for 5 ms and tracks how many
 * run at the same time.  Output: "ran 30 tasks, at most M at once
 * (limit 10)" with 1 <= M <= 10 (checked by the test).
 * Invariants: `running` never exceeds cap(sem), because a task runs only
 * while its token sits in `sem`; a task touches `p` only before it gives
 * its slot back, and holds its own reference on `sem` for that receive.
 */
#include "ex.h"

#include <stdatomic.h>

#define NTASKS 30
#define LIMIT 10

struct pool {
    gr_chan *sem; /* chan struct{}, cap LIMIT */
    atomic_int running, max_running, ran;
};

static void run_task(void *arg)
{
    struct pool *p = arg;
    gr_chan *sem = gr_chan_retain(p->sem); /* main cannot drain before our receive */
    int now = atomic_fetch_add(&p->running, 1) + 1;
    int max = atomic_load(&p->max_running);
    while (now > max && !atomic_compare_exchange_weak(&p->max_running, &max, now))
        ;
    gr_sleep(5 * EX_MS); /* t.Run() */
    atomic_fetch_sub(&p->running, 1);
    atomic_fetch_add(&p->ran, 1);
    gr_chan_recv(sem, NULL, NULL); /* Go's `defer func(){ <-sem }()` */
    gr_chan_release(sem);
}

static void pool_main(void *arg)
{
    (void)arg;
    struct pool p = {.sem = ex_chan(0, LIMIT)};
    for (int i = 0; i < NTASKS; i++) {
        gr_chan_send(p.sem, NULL); /* blocks while LIMIT tasks run */
        ex_go(run_task, &p);
    }
    for (size_t i = 0; i < gr_chan_cap(p.sem); i++) /* drain: all slots back */
        gr_chan_send(p.sem, NULL);
    printf("ran %d tasks, at most %d at once (limit %d)\n", atomic_load(&p.ran),
           atomic_load(&p.max_running), LIMIT);
    gr_chan_release(p.sem);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, pool_main, NULL);
}
