/*
 * floor_ws_switch.c — the ws backend's floor: ws_switch (backends/ws/
 * switch_x86_64.S, linked as is) between the main stack and one other
 * stack, with no scheduler.  x86-64 only (the aarch64 switch has its own
 * frame layout; Meson builds this program on x86-64).
 * Invariant: the second context's stack is laid out as ws's ctx.c lays out
 * a new goroutine's: six zero callee-saved registers, then ws_trampoline,
 * whose call to ws_g_entry runs on a 16-byte aligned stack.
 */
#include "floor.h"

#include <stdint.h>

void *ws_switch(void **save_sp, void *new_sp, void *arg);
void ws_trampoline(void);
void ws_g_entry(void *arg);

static void *a_sp, *b_sp;
static long counted; /* switches back, minus the untimed first */

/* Called by ws_trampoline on the second stack; switches back for ever. */
void ws_g_entry(void *arg)
{
    (void)arg;
    for (;;) {
        ws_switch(&b_sp, a_sp, NULL);
        counted++;
    }
}

int main(int argc, char **argv)
{
    long n = floor_rounds(argc, argv);
    static _Alignas(16) char stk[65536];
    uintptr_t top = ((uintptr_t)(stk + sizeof stk)) & ~(uintptr_t)15;
    void **sp = (void **)(top - 72); /* 72: rsp % 16 == 0 at the trampoline's call */
    for (int i = 0; i < 6; i++)
        sp[i] = 0;
    sp[6] = (void *)ws_trampoline;
    b_sp = sp;
    ws_switch(&a_sp, b_sp, NULL); /* start it: the first switch is not timed */
    double t0 = floor_now();
    for (long i = 0; i < n; i++)
        ws_switch(&a_sp, b_sp, NULL);
    double t1 = floor_now();
    return floor_report("ws", "ws_switch", t1 - t0, n, counted);
}
