/*
 * bench_main.c — the `bench` program: every microbenchmark of suites/bench
 * (registered by constructors in bench_*.c) run through gb_main.
 * Usage: bench [--cpu=1,4] [--backend NAME|PATH] [Google Benchmark flags].
 */
#include "gbench.h"

int main(int argc, char **argv)
{
    return gb_main(argc, argv);
}
