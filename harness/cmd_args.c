/* cmd_args.c — what every subcommand's option parsing shares (cmds.h): the
 * getopt loop with its --help, its "try --help" hint, the options it
 * stores itself (cmd_bind) and the count of operands, and the checked
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

/* Store optarg where b says; false after the parser's message. */
static bool bind_store(const cmd_args *a, const cmd_bind *b)
{
    char opt[64] = "";
    for (const struct option *p = a->opts; p->name; p++)
        if (p->val == b->val) {
            snprintf(opt, sizeof opt, "--%s", p->name);
            break;
        }
    if (b->str)
        *b->str = optarg;
    else if (b->flag)
        *b->flag = true;
    else if (b->seconds)
        return opt_seconds(opt, optarg, b->seconds);
    else if (b->alpha)
        return opt_alpha(optarg, b->alpha);
    else if (b->percent)
        return opt_percent(opt, optarg, b->percent);
    else if (b->count)
        return opt_int_min(opt, optarg, b->min, b->count);
    return true;
}

/* The operands once the options have ended; false after the message. */
static bool operands_ok(const cmd_args *a)
{
    const cmd_operands *w = &a->operands;
    int n = a->argc - optind;
    if (w->max == CMD_ANY_OPERANDS || (n >= w->min && n <= w->max))
        return true;
    if (w->what)
        err("%s: %s", a->name, w->what);
    else
        err("%s: unexpected argument \"%s\"", a->name, a->argv[optind + w->max]);
    return false;
}

cmd_args cmd_args_of(const char *name, const char *usage, const struct option *opts,
                     const cmd_bind *binds, int argc, char **argv)
{
    cmd_args a = {.name = name,
                  .usage = usage,
                  .opts = opts,
                  .binds = binds,
                  .argc = argc,
                  .argv = argv,
                  .operands = {0, 0, NULL}};
    return a;
}

bool cmd_next(cmd_args *a, int *o)
{
    if (!a->started) {
        optind = 0;
        a->started = true;
        a->status = -1;
    }
    for (;;) {
        *o = getopt_long(a->argc, a->argv, a->shortopts ? a->shortopts : "h", a->opts, NULL);
        if (*o == -1) {
            if (!operands_ok(a))
                a->status = 2;
            return false;
        }
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
        const cmd_bind *b = a->binds;
        while (b && b->val && b->val != *o)
            b++;
        if (!b || !b->val)
            return true;
        if (!bind_store(a, b)) {
            a->status = 2;
            return false;
        }
    }
}

int cmd_parse(cmd_args *a)
{
    int o;
    while (cmd_next(a, &o))
        continue;
    return a->status;
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
