/*
 * floor_swapcontext.c — the ucontext backend's floor: swapcontext(3)
 * between the main context and one other, with no scheduler (the same
 * measurement as backends/ucontext/measure/swap.c, in the floors' format).
 */
#include "floor.h"

#include <ucontext.h>

static ucontext_t a, b;
static long counted; /* switches back, minus the untimed first */

static void fb(void)
{
    for (;;) {
        swapcontext(&b, &a);
        counted++;
    }
}

int main(int argc, char **argv)
{
    long n = floor_rounds(argc, argv);
    static char stk[65536];
    getcontext(&b);
    b.uc_stack.ss_sp = stk;
    b.uc_stack.ss_size = sizeof stk;
    b.uc_link = NULL;
    makecontext(&b, fb, 0);
    swapcontext(&a, &b); /* start it: not timed */
    double t0 = floor_now();
    for (long i = 0; i < n; i++)
        swapcontext(&a, &b);
    double t1 = floor_now();
    return floor_report("ucontext", "swapcontext", t1 - t0, n, counted);
}
