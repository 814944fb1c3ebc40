/*
 * hello.c — guide §1 "Goroutine Fundamentals": hello from 3 goroutines,
 * joined with a WaitGroup.
 *
 * Output: exactly three lines "hello from goroutine N" for N = 1, 2, 3, in
 * any order (the goroutines run concurrently).
 * Invariant: main returns only after all three have printed (wg), so the
 * program never leaks a goroutine.
 */
#include "ex.h"

static gr_waitgroup wg;

static void say_hello(void *arg)
{
    int id = (int)(intptr_t)arg;
    printf("hello from goroutine %d\n", id);
    gr_wg_done(&wg); /* Go's `defer wg.Done()`: the last thing it does */
}

static void hello_main(void *arg)
{
    (void)arg;
    gr_wg_add(&wg, 3);
    for (int i = 1; i <= 3; i++)
        ex_go(say_hello, (void *)(intptr_t)i); /* the id is passed, not captured */
    gr_wg_wait(&wg);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, hello_main, NULL);
}
