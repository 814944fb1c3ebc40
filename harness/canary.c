/* canary.c — machine-noise canary and machine state; see canary.h. */
#define _GNU_SOURCE
#include "canary.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SPREAD_MAX 0.10
#define STEAL_MAX  0.05

static double mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ~2 ms of integer work whose result is kept, so it is not optimised away. */
static volatile uint64_t canary_sink;
static double canary_once(void)
{
    double t0 = mono_ns();
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 2000000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    canary_sink = x;
    return mono_ns() - t0;
}

double canary_measure_ns(void)
{
    double v[9];
    for (int i = 0; i < 9; i++)
        v[i] = canary_once();
    qsort(v, 9, sizeof v[0], cmp_d);
    return v[4];
}

static json_t *read_line_json(const char *path)
{
    char *t = path_exists(path) ? read_file(path, NULL) : NULL;
    if (!t)
        return json_null();
    str_trim(t);
    json_t *j = json_string(t);
    free(t);
    return j ? j : json_null();
}

/* /proc/stat's first line: total jiffies and steal jiffies. */
static bool proc_stat(double *total, double *steal)
{
    FILE *f = fopen("/proc/stat", "r");
    if (!f)
        return false;
    unsigned long long v[10] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
                   &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
    fclose(f);
    if (n < 8)
        return false;
    *total = 0;
    for (int i = 0; i < 8; i++)
        *total += (double)v[i]; /* guest time is inside user */
    *steal = (double)v[7];
    return true;
}

static json_t *loadavg(void)
{
    double a[3];
    FILE *f = fopen("/proc/loadavg", "r");
    if (!f)
        return json_null();
    int n = fscanf(f, "%lf %lf %lf", &a[0], &a[1], &a[2]);
    fclose(f);
    if (n != 3)
        return json_null();
    return json_pack("[fff]", a[0], a[1], a[2]);
}

json_t *noise_begin(void)
{
    json_t *n = json_object();
    json_object_set_new(n, "cores_online", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
    json_object_set_new(n, "governor",
                        read_line_json("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    json_object_set_new(n, "smt_active", read_line_json("/sys/devices/system/cpu/smt/active"));
    json_object_set_new(n, "loadavg_start", loadavg());
    double tot, st;
    if (proc_stat(&tot, &st)) {
        json_object_set_new(n, "stat_total_start", json_real(tot));
        json_object_set_new(n, "stat_steal_start", json_real(st));
    }
    json_object_set_new(n, "canary_method",
                        json_string("median of 9 timings of 2e6 xorshift steps, in ns"));
    json_object_set_new(n, "canary", json_object());
    noise_mark(n, "start");
    return n;
}

void noise_mark(json_t *n, const char *when)
{
    json_object_set_new(json_object_get(n, "canary"), when, json_real(canary_measure_ns()));
}

void noise_end(json_t *n)
{
    noise_mark(n, "end");
    json_object_set_new(n, "loadavg_end", loadavg());
    double tot, st;
    json_t *t0 = json_object_get(n, "stat_total_start"),
           *s0 = json_object_get(n, "stat_steal_start");
    double steal = -1;
    if (t0 && s0 && proc_stat(&tot, &st) && tot > json_number_value(t0))
        steal = (st - json_number_value(s0)) / (tot - json_number_value(t0));
    json_object_del(n, "stat_total_start");
    json_object_del(n, "stat_steal_start");
    json_object_set_new(n, "steal_fraction", steal >= 0 ? json_real(steal) : json_null());
    double lo = 0, hi = 0;
    const char *k;
    json_t *v;
    bool first = true;
    json_object_foreach(json_object_get(n, "canary"), k, v)
    {
        double x = json_number_value(v);
        if (first || x < lo)
            lo = x;
        if (first || x > hi)
            hi = x;
        first = false;
    }
    double spread = lo > 0 ? (hi - lo) / lo : 0;
    json_object_set_new(n, "canary_spread", json_real(spread));
    sbuf why;
    sb_init(&why);
    sb_add(&why, "");
    if (spread > SPREAD_MAX)
        sb_printf(&why, "%sthe canary drifted %.0f%% during the run (limit %.0f%%)",
                  why.len ? "; " : "", spread * 100, SPREAD_MAX * 100);
    if (steal > STEAL_MAX)
        sb_printf(&why, "%ssteal time was %.1f%% of the CPU time (limit %.0f%%)",
                  why.len ? "; " : "", steal * 100, STEAL_MAX * 100);
    json_t *la = json_object_get(n, "loadavg_start");
    long cores = (long)json_integer_value(json_object_get(n, "cores_online"));
    if (json_is_array(la) && cores > 0 && json_number_value(json_array_get(la, 0)) > (double)cores)
        sb_printf(&why, "%sthe load at the start was %.2f on %ld cores (other work was running)",
                  why.len ? "; " : "", json_number_value(json_array_get(la, 0)), cores);
    json_object_set_new(n, "noisy", json_boolean(why.len > 0));
    json_object_set_new(n, "noisy_because", json_string(why.s));
    sb_free(&why);
}

bool noise_is_noisy(const json_t *fp, char **why)
{
    json_t *n = fp ? json_object_get(fp, "noise") : NULL;
    bool noisy = n && json_is_true(json_object_get(n, "noisy"));
    const char *w = n ? json_string_value(json_object_get(n, "noisy_because")) : NULL;
    *why = xstrdup(noisy && w ? w : "");
    return noisy;
}
