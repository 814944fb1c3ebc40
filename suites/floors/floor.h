/*
 * floor.h — shared by the floor programs (suites/floors): each times one
 * scheduler design's bare switching primitive, with no scheduler around
 * it, so that a report can divide PingPong by it (issue #14: how much each
 * scheduler adds on top of its primitive).
 *
 * Every program takes [ROUNDS] (default 1000000), does ROUNDS round trips
 * between two contexts (or threads), and prints one line:
 *     floor: <design> <primitive> <ns> ns per switch (<ROUNDS> round trips)
 * where a switch is one direction (a round trip is two), the unit of a
 * PingPong round trip's two hand-offs.  Exit 0; 1 if the other side did
 * not count exactly the round trips made (the smoke tests rely on it); 2
 * on bad usage.
 * Invariant: the timed loop contains the primitive and a loop counter only
 * (the other side's counter is one increment per switch back).
 */
#ifndef GR_FLOOR_H
#define GR_FLOOR_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline long floor_rounds(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    if (n <= 0) {
        fprintf(stderr, "usage: %s [ROUNDS > 0]\n", argv[0]);
        exit(2);
    }
    return n;
}

static inline double floor_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static inline int floor_report(const char *design, const char *prim, double ns_total, long n,
                               long counted)
{
    if (counted != n) {
        fprintf(stderr, "floor: %s: the other side counted %ld round trips, not %ld\n", design,
                counted, n);
        return 1;
    }
    printf("floor: %s %s %.1f ns per switch (%ld round trips)\n", design, prim,
           ns_total / (2.0 * (double)n), n);
    return 0;
}

#endif
