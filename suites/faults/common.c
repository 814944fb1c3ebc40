/*
 * common.c — helpers shared by the fault cases (faults.h): a goroutine that
 * blocks until its channel closes, a wait for the goroutine count to drop
 * back to main alone, and a check that the runtime still works (spawn,
 * send, receive) after a fault.
 *
 * Invariant: the usability check allocates only what it frees again.
 */
#include "faults.h"

void fault_blocker(void *arg)
{
    gr_chan_recv(arg, NULL, NULL);
}

bool fault_wait_main_only(int limit_s)
{
    int64_t end = gr_now() + (int64_t)limit_s * 1000000000;
    while (gr_numgoroutine() > 1 && gr_now() < end)
        gr_sleep(1000000);
    return gr_numgoroutine() == 1;
}

static void echo(void *arg)
{
    gr_chan *c = arg;
    int v = 0;
    gr_chan_recv(c, &v, NULL);
    v++;
    gr_chan_send(c, &v);
}

bool fault_runtime_usable(const char *when)
{
    gr_chan *c = gr_chan_make(sizeof(int), 0);
    if (!c) {
        printf("usable %s: gr_chan_make failed\n", when);
        return false;
    }
    int rc = gr_go(echo, c);
    if (rc != GR_OK) {
        printf("usable %s: gr_go returned %d (%s)\n", when, rc, gr_strerror(rc));
        gr_chan_release(c);
        return false;
    }
    int v = 41;
    gr_chan_send(c, &v);
    gr_chan_recv(c, &v, NULL);
    gr_chan_release(c);
    bool ok = v == 42 && fault_wait_main_only(10);
    printf("usable %s: %s\n", when, ok ? "yes (spawn, send, receive)" : "NO");
    return ok;
}
