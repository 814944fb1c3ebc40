/* main.c — grbench's entry point: dispatches to one subcommand.
 * Invariants: every subcommand answers --help with exit 0; unknown commands
 * and options exit 2 with a usage hint. */
#include "cmds.h"
#include "proc.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GRBENCH_SOURCE_DIR
#define GRBENCH_SOURCE_DIR "."
#endif
#ifndef GRBENCH_BUILD_DIR
#define GRBENCH_BUILD_DIR "build"
#endif

const char *default_source_dir(void)
{
    const char *e = getenv("GRBENCH_SOURCE_DIR");
    return e && *e ? e : GRBENCH_SOURCE_DIR;
}
const char *default_build_dir(void)
{
    const char *e = getenv("GRBENCH_BUILD_DIR");
    return e && *e ? e : GRBENCH_BUILD_DIR;
}
char *default_results_dir(void) { return path_join(default_source_dir(), "results"); }

static const char usage[] =
    "usage: grbench COMMAND [OPTIONS]\n"
    "\n"
    "Runs grbench's suites over every backend, keeps the results, compares and\n"
    "reports them.  Commands (each has --help):\n"
    "  run           run the benchmark matrix (backend x procs) into results/<run-id>/\n"
    "  conformance   run the conformance suite on every backend; backend x clause matrix\n"
    "  compare OLD NEW  Mann-Whitney U test of two result sets; exit 1 on a regression\n"
    "  ab OLD NEW    A/B of two builds or libgr.so.1 in one interleaved run; the CI gate\n"
    "  plot          draw the result set's plots (PNG and SVG) with gnuplot\n"
    "  report        write REPORT.md from one result set\n"
    "  profile       record one benchmark or workload with perf or gperftools; top functions\n"
    "\n"
    "Typical: grbench run && grbench conformance && grbench plot && grbench report\n";

int main(int argc, char **argv)
{
    if (argc < 2) { fputs(usage, stderr); return 2; }
    const char *c = argv[1];
    if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) { fputs(usage, stdout); return 0; }
    proc_install_signal_handlers();
    if (!strcmp(c, "run")) return cmd_run(argc - 1, argv + 1);
    if (!strcmp(c, "conformance")) return cmd_conformance(argc - 1, argv + 1);
    if (!strcmp(c, "compare")) return cmd_compare(argc - 1, argv + 1);
    if (!strcmp(c, "ab")) return cmd_ab(argc - 1, argv + 1);
    if (!strcmp(c, "plot")) return cmd_plot(argc - 1, argv + 1);
    if (!strcmp(c, "report")) return cmd_report(argc - 1, argv + 1);
    if (!strcmp(c, "profile")) return cmd_profile(argc - 1, argv + 1);
    err("unknown command \"%s\"; try grbench --help", c);
    return 2;
}
