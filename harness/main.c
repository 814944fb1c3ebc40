/* main.c — grbench's entry point: one table of subcommands, which both
 * dispatches and prints the usage text.
 * Invariants: every subcommand answers --help with exit 0; unknown commands
 * and options exit 2 with a usage hint; a command is listed exactly once. */
#include "cmds.h"
#include "proc.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name, *args, *summary;
    int (*fn)(int argc, char **argv);
} commands[] = {
    {"run", "", "run the benchmark matrix (backend x procs) into results/<run-id>/", cmd_run},
    {"conformance", "", "run the conformance suite on every backend; backend x clause matrix",
     cmd_conformance},
    {"compare", " OLD NEW", "Mann-Whitney U test of two result sets; exit 1 on a regression",
     cmd_compare},
    {"ab", " OLD NEW", "A/B of two builds or libgr.so.1 in one interleaved run; the CI gate",
     cmd_ab},
    {"plot", "", "draw the result set's plots (PNG and SVG) with gnuplot", cmd_plot},
    {"report", "", "write REPORT.md from one result set", cmd_report},
    {"profile", "", "record one benchmark or workload (CPU: perf or gperftools; --heap); top sites",
     cmd_profile},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
    fputs("usage: grbench COMMAND [OPTIONS]\n"
          "\n"
          "Runs grbench's suites over every backend, keeps the results, compares and\n"
          "reports them.  Commands (each has --help):\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char head[32];
        snprintf(head, sizeof head, "%s%s", commands[i].name, commands[i].args);
        fprintf(f, "  %-16s %s\n", head, commands[i].summary);
    }
    fputs("\nTypical: grbench run && grbench conformance && grbench plot && grbench report\n", f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *c = argv[1];
    if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(c, commands[i].name)) {
            proc_install_signal_handlers();
            return commands[i].fn(argc - 1, argv + 1);
        }
    err("unknown command \"%s\"; try grbench --help", c);
    return 2;
}
