/* heap_fixture.c — a workload with known allocation sites, for the test of
 * `grbench profile --heap` (tests/profile_heap.sh).  Inside gr_run, one
 * goroutine holds 48 MiB (fixture_hold: 48 blocks of 1 MiB) for a moment
 * and frees it all before exit; another makes 30,000 small allocations
 * that it frees at once (fixture_churn).  So fixture_hold must lead the
 * bytes in use at the high-water dump, although nothing of it is in use at
 * exit, and fixture_churn must lead the allocations.
 *
 * Command line as a workload's: [--procs N] [SIZE] (SIZE ignored).
 * Output: `heapsite: held=48 churned=30000 ok`.
 * Invariants: the two sites are separate noinline functions, so the
 * profile names them; every block is freed before gr_run returns. */
#include <gr.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HOLD_BLOCKS = 48, HOLD_SIZE = 1 << 20, CHURN = 30000 };

static void *held[HOLD_BLOCKS];
static volatile long sink;

__attribute__((noinline)) static void fixture_hold(void)
{
    for (int i = 0; i < HOLD_BLOCKS; i++) {
        held[i] = malloc(HOLD_SIZE);
        if (held[i] == NULL)
            abort();
        memset(held[i], i, HOLD_SIZE);
    }
}

__attribute__((noinline)) static void fixture_churn(void)
{
    for (int i = 0; i < CHURN; i++) {
        char *p = malloc(24);
        if (p == NULL)
            abort();
        p[0] = (char)i;
        sink += p[0];
        free(p);
    }
}

static void churner(void *arg)
{
    fixture_churn();
    gr_wg_done(arg);
}

static void main_fn(void *arg)
{
    (void)arg;
    gr_waitgroup wg = {0};
    gr_wg_add(&wg, 1);
    fixture_hold();
    if (gr_go(churner, &wg) != GR_OK)
        abort();
    gr_wg_wait(&wg);
    for (int i = 0; i < HOLD_BLOCKS; i++)
        free(held[i]);
}

int main(int argc, char **argv)
{
    gr_config cfg = {0};
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--procs") && i + 1 < argc)
            cfg.procs = atoi(argv[++i]);
    int rc = gr_run(&cfg, main_fn, NULL);
    if (rc != GR_OK) {
        printf("FAIL: gr_run: %s\n", gr_strerror(rc));
        return 1;
    }
    printf("heapsite: held=%d churned=%d ok\n", HOLD_BLOCKS, CHURN);
    return 0;
}
