/*
 * stack.c — the stack-overflow case: a goroutine recurses without bound
 * (each frame keeps a live 512-byte array, so the compiler cannot turn the
 * recursion into a loop).  The backend must end the process with a
 * non-zero status after printing "goroutine stack overflow"; reaching the
 * line "fault-stack: survived" is a failure (the parent checks for it).
 */
#include "faults.h"

#include <string.h>

static volatile int sink;

__attribute__((noinline)) static int recurse(int depth)
{
    volatile char frame[512];
    if (depth < 0) /* never: the recursion is meant to be unbounded */
        return 0;
    memset((char *)frame, depth & 0xff, sizeof frame);
    int r = recurse(depth + 1) + frame[depth % 512];
    sink = r;
    return r;
}

static void overflow(void *arg)
{
    gr_chan *done = arg;
    sink = recurse(0);
    gr_chan_close(done);
}

static void main_fn(void *arg)
{
    (void)arg;
    gr_chan *done = gr_chan_make(0, 0);
    if (gr_go(overflow, done) != GR_OK) {
        printf("fault-stack: gr_go failed\n");
        return;
    }
    gr_chan_recv(done, NULL, NULL);
}

int fault_stack_child(void)
{
    gr_config cfg = {.procs = 2};
    int rc = gr_run(&cfg, main_fn, NULL);
    printf("fault-stack: survived: gr_run returned %d\n", rc);
    return 0;
}
