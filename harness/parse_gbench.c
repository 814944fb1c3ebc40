/* parse_gbench.c — Google Benchmark JSON (--benchmark_format=json) into rows,
 * and benchmark names out of --benchmark_list_tests.  See parsers.h. */
#define _GNU_SOURCE
#include "parsers.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

void bench_name_split(const char *raw, char **name, int *procs)
{
    strlist parts;
    sl_init(&parts);
    sl_split(&parts, raw, "/");
    sbuf b;
    sb_init(&b);
    sb_add(&b, "");
    *procs = 0;
    for (size_t i = 0; i < parts.n; i++) {
        const char *p = parts.v[i];
        if (str_starts(p, "procs:") && all_digits(p + 6)) {
            *procs = atoi(p + 6);
            continue;
        }
        if (!strcmp(p, "real_time") || !strcmp(p, "process_time") || !strcmp(p, "manual_time") ||
            str_starts(p, "repeats:") || str_starts(p, "min_time:") ||
            str_starts(p, "iterations:") || str_starts(p, "min_warmup_time:"))
            continue;
        if (b.len)
            sb_add(&b, "/");
        sb_add(&b, p);
    }
    sl_free(&parts);
    *name = sb_steal(&b);
}

void go_name_split(const char *raw, char **name, int *procs)
{
    const char *s = str_starts(raw, "Benchmark") ? raw + 9 : raw;
    char *n = xstrdup(s);
    *procs = 1;
    char *dash = strrchr(n, '-');
    if (dash && all_digits(dash + 1)) {
        *procs = atoi(dash + 1);
        *dash = 0;
    }
    *name = n;
}

static double to_ns(double v, const char *unit)
{
    if (!unit || !strcmp(unit, "ns"))
        return v;
    if (!strcmp(unit, "us"))
        return v * 1e3;
    if (!strcmp(unit, "ms"))
        return v * 1e6;
    if (!strcmp(unit, "s"))
        return v * 1e9;
    return NAN;
}

json_t *parse_json_file(const char *path)
{
    json_error_t je;
    if (!path_exists(path)) {
        err("%s: no such file", path);
        return NULL;
    }
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        err("%s: invalid JSON at line %d: %s", path, je.line, je.text);
    return root;
}

int parse_gbench(const char *path, const char *backend, int default_procs, rowvec *out,
                 strlist *skipped)
{
    json_t *root = parse_json_file(path);
    if (!root)
        return -1;
    json_t *arr = json_object_get(root, "benchmarks");
    if (!json_is_array(arr)) {
        json_decref(root);
        return err("%s: no \"benchmarks\" array (not Google Benchmark JSON?)", path);
    }
    rowvec tmp = {0};
    size_t i;
    json_t *b;
    /* Repetition index: use repetition_index when present, else count. */
    strlist seen;
    sl_init(&seen);
    json_array_foreach(arr, i, b)
    {
        const char *rawname = json_string_value(json_object_get(b, "name"));
        const char *run_type = json_string_value(json_object_get(b, "run_type"));
        if (!rawname) {
            rows_free(&tmp);
            sl_free(&seen);
            json_decref(root);
            return err("%s: benchmark %zu has no name", path, i);
        }
        if (run_type && strcmp(run_type, "iteration") != 0)
            continue; /* aggregates: mean, median... */
        char *name;
        int procs;
        bench_name_split(rawname, &name, &procs);
        if (procs == 0)
            procs = default_procs;
        if (json_is_true(json_object_get(b, "error_occurred"))) {
            const char *msg = json_string_value(json_object_get(b, "error_message"));
            char *s = xasprintf("%s: %s", rawname, msg ? msg : "error");
            if (skipped && !sl_contains(skipped, s))
                sl_add(skipped, s);
            free(s);
            free(name);
            continue;
        }
        json_t *rt = json_object_get(b, "real_time");
        const char *unit = json_string_value(json_object_get(b, "time_unit"));
        double ns = json_is_number(rt) ? to_ns(json_number_value(rt), unit) : NAN;
        if (!isfinite(ns)) {
            free(name);
            rows_free(&tmp);
            sl_free(&seen);
            json_decref(root);
            return err("%s: %s: missing or bad real_time/time_unit", path, rawname);
        }
        json_t *ri = json_object_get(b, "repetition_index");
        int rep;
        if (json_is_integer(ri))
            rep = (int)json_integer_value(ri);
        else {
            char *key = xasprintf("%s|%d", name, procs);
            rep = 0;
            for (size_t k = 0; k < seen.n; k++)
                if (!strcmp(seen.v[k], key))
                    rep++;
            sl_add(&seen, key);
            free(key);
        }
        rows_add(&tmp, "bench", name, backend, procs, rep, "time", ns, "ns");
        free(name);
    }
    sl_free(&seen);
    json_decref(root);
    for (size_t k = 0; k < tmp.n; k++) {
        row *x = &tmp.v[k];
        rows_add(out, x->suite, x->name, x->backend, x->procs, x->rep, x->metric, x->value,
                 x->unit);
    }
    int n = (int)tmp.n;
    rows_free(&tmp);
    return n;
}

int parse_gbench_list(const char *text, strlist *names)
{
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, text, "\n");
    int n = 0;
    for (size_t i = 0; i < lines.n; i++) {
        const char *l = lines.v[i];
        if (strchr(l, ' ') || l[0] == '#' || l[0] == '-')
            continue; /* banners, warnings */
        sl_add(names, l);
        n++;
    }
    sl_free(&lines);
    return n;
}
