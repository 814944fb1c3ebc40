/*
 * idle.c — the memory cost of a parked goroutine: start SIZE goroutines
 * (default 100000) that each block on one channel receive, wait until all
 * are parked, and read the resident set (/proc/self/statm) before and after;
 * then close the channel and check that every one of them wakes and exits.
 *
 * Output: `idle: procs=P n=N rss_before=B rss_after=A bytes_per_goroutine=X ok`
 * (X = (A-B)/N, bytes).  See wl.h for exit codes.
 * Invariant: the measurement is taken while all N goroutines are parked.
 */
#include "wl.h"

#include <stdio.h>

typedef struct {
    gr_chan *release;
    gr_waitgroup parked, exited;
} idle_set;

static void idler(void *p)
{
    idle_set *s = p;
    gr_wg_done(&s->parked);
    gr_chan_recv(s->release, NULL, NULL); /* parks until the close */
    gr_wg_done(&s->exited);
}

static void run(void *p)
{
    const wl_args *a = p;
    const long n = a->size;
    wl_require_goroutines("idle", n + 1);
    idle_set s = {.release = gr_chan_make(0, 0)};
    if (s.release == NULL)
        wl_fail("idle: out of memory");
    gr_wg_add(&s.parked, n);
    gr_wg_add(&s.exited, n);
    long long before = wl_rss_bytes();
    for (long i = 0; i < n; i++)
        wl_go(idler, &s);
    gr_wg_wait(&s.parked);
    gr_sleep(10 * 1000 * 1000); /* let the last ones reach the receive */
    long long after = wl_rss_bytes();
    long live = gr_numgoroutine() - 1;
    gr_chan_close(s.release);
    gr_wg_wait(&s.exited);
    gr_chan_release(s.release);
    if (before < 0 || after < 0)
        wl_fail("idle: cannot read /proc/self/statm");
    if (live < n)
        wl_fail("idle: only %ld of %ld goroutines were alive while parked", live, n);
    printf("idle: procs=%d n=%ld rss_before=%lld rss_after=%lld bytes_per_goroutine=%lld ok\n",
           gr_procs(), n, before, after, (after - before) / n);
}

int main(int argc, char **argv)
{
    wl_args a;
    wl_parse(argc, argv, "idle", 100000, "how many parked goroutines (default 100000)", &a);
    wl_run(&a, run, &a);
    return WL_EXIT_OK;
}
