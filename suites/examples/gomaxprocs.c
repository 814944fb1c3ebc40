/*
 * gomaxprocs.c — guide §2 "Scheduler Model": the CPU count and GOMAXPROCS.
 *
 * Output: "CPUs: <gr_numcpu()>" then "GOMAXPROCS: <gr_procs()>".  Like Go,
 * GOMAXPROCS defaults to the CPU count; `--procs N` sets it to N (the
 * GOMAXPROCS environment variable of Go).
 * Invariant: gr_procs() reports exactly the procs that gr_run was given.
 */
#include "ex.h"

static void gomaxprocs_main(void *arg)
{
    (void)arg;
    printf("CPUs: %d\n", gr_numcpu());
    printf("GOMAXPROCS: %d\n", gr_procs()); /* runtime.GOMAXPROCS(0): read only */
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, gomaxprocs_main, NULL);
}
