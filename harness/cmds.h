/* cmds.h — the subcommands of grbench and what they share: each takes the
 * arguments after its name and returns the process exit status
 * (0 ok; 1 a finding: failed cells, failed clauses, a regression; 2 usage or
 * input error). */
#ifndef GRBENCH_CMDS_H
#define GRBENCH_CMDS_H

#include "resultset.h"

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

int cmd_run(int argc, char **argv);
int cmd_conformance(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_ab(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_profile(int argc, char **argv);

/* Defaults baked in by Meson, overridable with --source / --build /
 * --results-dir and the GRBENCH_SOURCE_DIR / GRBENCH_BUILD_DIR environment. */
const char *default_source_dir(void);
const char *default_build_dir(void);
char *default_results_dir(void);
/* Resolve a result-set argument: a path, a run id under the results dir, or
 * "latest" (the newest set).  malloc'd path or NULL (reported). */
char *resolve_set(const char *arg, const char *results_dir);
/* Resolve and then load the n sets args names (args NULL: the one set
 * "latest") under results_dir (NULL: default_results_dir()): 0, or -1
 * (reported) with none of them loaded (cmd_sets.c). */
int load_sets(resultset *sets, size_t n, char *const *args, const char *results_dir);

/* Where cmd_next stores an option's value itself, so that a command's own
 * switch sees only the options that need more: the argument (str), true
 * (flag), or a value checked by the opt_* parsers below under the option's
 * --name in opts (seconds; count, an integer >= min; alpha; percent).
 * Exactly one target is set; a table of them ends with val 0. */
typedef struct {
    int val; /* the option's val in opts */
    const char **str;
    bool *flag;
    double *seconds, *alpha, *percent;
    long *count, min;
} cmd_bind;

/* The operands after a subcommand's options: min..max of them (max
 * CMD_ANY_OPERANDS: the command counts them itself); `what` says what they
 * are, for the error ("at most one result set"); NULL: "unexpected
 * argument \"ARG\"" (for max 0). */
enum { CMD_ANY_OPERANDS = -1 };
typedef struct {
    int min, max;
    const char *what;
} cmd_operands;

/* The option loop of a subcommand (cmd_args.c):
 *     cmd_args args = cmd_args_of("plot", plot_usage, opts, binds, argc, argv);
 *     args.operands = (cmd_operands){0, 1, "at most one result set"};
 *     int o;
 *     while (cmd_next(&args, &o)) switch (o) { ...the command's own... }
 *     if (args.status >= 0) return args.status;
 * or, where binds take every option, `if (cmd_parse(&args) >= 0) return args.status;`.
 * cmd_next stores the bound options, answers --help (usage on stdout,
 * status 0), an unknown option, a missing or bad value ("try grbench NAME
 * --help" or the parser's message, status 2) and, once the options end, a
 * number of operands that `operands` does not allow ("NAME: WHAT", status
 * 2) itself, and leaves status -1 when the command goes on (optind: the
 * first operand).  opts ends with CMD_OPT_HELP; shortopts defaults to "h". */
typedef struct {
    const char *name, *usage;
    const struct option *opts;
    const cmd_bind *binds; /* or NULL */
    int argc;
    char **argv;
    cmd_operands operands;
    const char *shortopts;
    int status;
    bool started;
} cmd_args;
#define CMD_OPT_HELP               \
    {"help", no_argument, 0, 'h'}, \
    {                              \
        0, 0, 0, 0                 \
    }
/* The loop's state for one command line: no operands allowed until
 * a.operands says otherwise; shortopts "h"; binds may be NULL. */
cmd_args cmd_args_of(const char *name, const char *usage, const struct option *opts,
                     const cmd_bind *binds, int argc, char **argv);
bool cmd_next(cmd_args *a, int *o);
/* cmd_next to the end, for a command whose options are all bound (one
 * neither bound nor handled is accepted and ignored); returns a->status. */
int cmd_parse(cmd_args *a);

/* Checked option values: false after "OPT: want ..., got \"ARG\"" on stderr
 * (*out untouched).  Seconds > 0; an integer >= min; a significance level
 * in (0,1); a percentage >= 0 with or without a trailing %. */
bool opt_seconds(const char *opt, const char *arg, double *out);
bool opt_int_min(const char *opt, const char *arg, long min, long *out);
bool opt_alpha(const char *arg, double *out);
bool opt_percent(const char *opt, const char *arg, double *out);
/* The --cpu value back from its parsed list: "1,4" (malloc'd). */
char *cpu_list_str(const int *cpus, size_t n);

#endif
