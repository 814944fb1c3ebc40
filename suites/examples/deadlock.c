/*
 * deadlock.c — Go's "fatal error: all goroutines are asleep - deadlock!":
 * main waits on a WaitGroup that nobody will mark done, and the only other
 * goroutine waits to receive on a channel that nobody sends on.
 *
 * gr_run detects it, prints "all goroutines are asleep - deadlock!" and a
 * dump of both goroutines (start function, what each is blocked on, the
 * object's address) to stderr, and returns GR_EDEADLK.  This program then
 * prints "gr_run returned GR_EDEADLK" on stdout and exits with status 2,
 * as a Go program does after that fatal error.
 * Invariant: no timer is pending, so the deadlock is certain.
 */
#include "ex.h"

/* Exported (not static), so that the dump names both functions. */
void blocked_receiver(void *arg);
void deadlock_main(void *arg);

void blocked_receiver(void *arg)
{
    gr_chan_recv(arg, NULL, NULL); /* nobody sends: asleep forever */
}

void deadlock_main(void *arg)
{
    (void)arg;
    gr_waitgroup wg = {0};
    gr_chan *ch = ex_chan(sizeof(int), 0);
    gr_wg_add(&wg, 1);
    ex_go(blocked_receiver, ch);
    gr_wg_wait(&wg); /* nobody calls gr_wg_done */
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    gr_config cfg = {.procs = a.procs};
    int rc = gr_run(&cfg, deadlock_main, NULL);
    if (rc == GR_EDEADLK) {
        printf("gr_run returned GR_EDEADLK\n");
        return 2;
    }
    printf("gr_run returned %d (%s), not GR_EDEADLK\n", rc, gr_strerror(rc));
    return 1;
}
