/*
 * leak.c — guide §8 "Goroutine Leaks": the leak pattern.  A goroutine sends
 * on an unbuffered channel that nobody will ever receive from, and main
 * returns early, leaving it blocked forever.
 *
 * Output: "main returns; leaky_sender is still blocked sending on 0x...".
 * Run with GR_DEBUG=leaks to see gr_run's report on stderr, like a Go
 * goroutine dump or goleak: the leaked goroutine's start function
 * (leaky_sender), "chan send", how long, and the channel's address — the
 * same address as printed above.  gr_run still returns GR_OK.
 * Invariants: leaky_sender is an exported (non-static) symbol and the
 * program is linked with -rdynamic, so dladdr can name it; the channel is
 * never released, because the leaked goroutine still uses it (C has no GC
 * to keep it alive for us).  See leak_fixed.c for the fix.
 */
#include "ex.h"

void leaky_sender(void *arg);

void leaky_sender(void *arg)
{
    gr_chan *ch = arg;
    int v = 1;
    gr_chan_send(ch, &v); /* ch <- 1: no receiver, ever */
}

static void leak_main(void *arg)
{
    (void)arg;
    gr_chan *ch = ex_chan(sizeof(int), 0);
    ex_go(leaky_sender, ch);
    gr_sleep(50 * EX_MS); /* main's other work; then it returns early */
    printf("main returns; leaky_sender is still blocked sending on %p\n", (void *)ch);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, leak_main, NULL);
}
