/* cmd_args.c — what every subcommand's option parsing shares (cmds.h): the
 * getopt loop with its --help and its "try --help" hint, and the checked
 * parsers of the option values that several commands take (and the --cpu
 * list written back).
 * Invariants: a parser that returns false has printed "--OPTION: want ..."
 * and left *out untouched; the loop never exits the process. */
#include "cmds.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cmd_next(cmd_args *a, int *o)
{
    if (!a->started) {
        optind = 0;
        a->started = true;
        a->status = -1;
    }
    *o = getopt_long(a->argc, a->argv, a->shortopts ? a->shortopts : "h", a->opts, NULL);
    if (*o == -1)
        return false;
    if (*o == 'h') {
        fputs(a->usage, stdout);
        a->status = 0;
        return false;
    }
    if (*o == '?' || *o == ':') {
        fprintf(stderr, "try grbench %s --help\n", a->name);
        a->status = 2;
        return false;
    }
    return true;
}

bool opt_seconds(const char *opt, const char *arg, double *out)
{
    double v;
    if (!parse_double(arg, &v) || !(v > 0)) {
        err("%s: want seconds > 0, got \"%s\"", opt, arg);
        return false;
    }
    *out = v;
    return true;
}

bool opt_int_min(const char *opt, const char *arg, long min, long *out)
{
    long v;
    if (parse_int(arg, &v) && v >= min) {
        *out = v;
        return true;
    }
    if (min == 1)
        err("%s: want a positive integer, got \"%s\"", opt, arg);
    else
        err("%s: want an integer >= %ld, got \"%s\"", opt, min, arg);
    return false;
}

bool opt_alpha(const char *arg, double *out)
{
    double v;
    if (!parse_double(arg, &v) || v <= 0 || v >= 1) {
        err("--alpha: want a number in (0,1), got \"%s\"", arg);
        return false;
    }
    *out = v;
    return true;
}

bool opt_percent(const char *opt, const char *arg, double *out)
{
    char *t = xstrdup(arg);
    size_t n = strlen(t);
    if (n && t[n - 1] == '%')
        t[n - 1] = 0;
    double v;
    bool ok = parse_double(t, &v) && v >= 0;
    free(t);
    if (!ok) {
        err("%s: want a percentage >= 0, got \"%s\"", opt, arg);
        return false;
    }
    *out = v;
    return true;
}

char *cpu_list_str(const int *cpus, size_t n)
{
    sbuf b;
    sb_init(&b);
    sb_add(&b, "");
    for (size_t i = 0; i < n; i++)
        sb_printf(&b, "%s%d", i ? "," : "", cpus[i]);
    return sb_steal(&b);
}
