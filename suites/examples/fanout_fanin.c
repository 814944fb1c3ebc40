/*
 * fanout_fanin.c — guide §7 "Fan-out / Fan-in", the guide's program: three
 * workers square the jobs 1..5, and main prints the results.
 *
 * Output: "1 4 9 16 25 " in any order — each result followed by a space,
 * no newline, exactly as Go's fmt.Print(r, " ").
 * Invariants: the producer closes `jobs` after the 5th job, so the workers'
 * loops end; the closer closes `results` after every worker is done, so
 * main's loop ends after exactly 5 results.  The producer and the closer
 * each hold their own reference on the channel they close.
 */
#include "ex.h"

struct fan {
    gr_chan *jobs, *results;
    gr_waitgroup wg;
};

static void square_worker(void *arg)
{
    struct fan *f = arg;
    int j;
    bool ok;
    while (gr_chan_recv(f->jobs, &j, &ok) == GR_OK && ok) {
        int r = j * j;
        gr_chan_send(f->results, &r);
    }
    gr_wg_done(&f->wg);
}

static void producer(void *arg)
{
    gr_chan *jobs = arg;
    for (int i = 1; i <= 5; i++)
        gr_chan_send(jobs, &i);
    gr_chan_close(jobs);
    gr_chan_release(jobs);
}

static void closer(void *arg)
{
    struct fan *f = arg;
    gr_chan *results = f->results;
    gr_wg_wait(&f->wg);
    gr_chan_close(results); /* main may return once this is closed: f is gone */
    gr_chan_release(results);
}

static void fan_main(void *arg)
{
    (void)arg;
    struct fan f = {.jobs = ex_chan(sizeof(int), 0), .results = ex_chan(sizeof(int), 0)};
    for (int w = 0; w < 3; w++) { /* fan-out */
        gr_wg_add(&f.wg, 1);
        ex_go(square_worker, &f);
    }
    ex_go(producer, gr_chan_retain(f.jobs));
    gr_chan_retain(f.results); /* the closer's reference */
    ex_go(closer, &f);

    int r;
    bool ok;
    while (gr_chan_recv(f.results, &r, &ok) == GR_OK && ok) /* fan-in */
        printf("%d ", r);
    gr_chan_release(f.jobs);
    gr_chan_release(f.results);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, fan_main, NULL);
}
