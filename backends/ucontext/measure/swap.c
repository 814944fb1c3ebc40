/*
 * swap.c — the cost of one swapcontext(3), quoted in ../README.md: two
 * contexts switch back and forth N times; prints ns per swapcontext.
 * Not built by Meson.  gcc -O2 swap.c -o swap && ./swap 1000000
 * Instructions: valgrind --tool=callgrind ./swap 100000
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <ucontext.h>
static ucontext_t a, b;
static long n;
static void fb(void) { for (;;) swapcontext(&b, &a); }
int main(int argc, char **argv) {
    n = argc > 1 ? atol(argv[1]) : 1000000;
    static char stk[65536];
    getcontext(&b); b.uc_stack.ss_sp = stk; b.uc_stack.ss_size = sizeof stk; b.uc_link = NULL;
    makecontext(&b, fb, 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++) swapcontext(&a, &b);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / (2.0 * n);
    printf("%.1f ns per swapcontext (%ld round trips)\n", ns, n);
    return 0;
}
