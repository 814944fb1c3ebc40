/*
 * main.c — `stress`, the differential stress tester's command line.
 *
 *   stress [--backend NAME|PATH]... [--seed N | --start N --count K]
 *          [--procs P] [--timeout S] [--json FILE] [--verbose] [--print]
 *          [--fair [--liveness-ms MS]]
 *
 * Every seed's program runs on every backend given (default: every built
 * backend); a failure prints its seed and the command that replays it.
 * --fair switches from the channel programs (stress.h) to the fairness
 * checker's (fair.h): spawn chains, yield loops on flags, parks and wakes,
 * timers and mutex hand-offs, checked for liveness.
 * Without --seed/--start the first seed is random and printed; the count
 * defaults to $STRESS_SEEDS or 200.  Exit status: 0 all passed, 1 a program
 * failed, 2 usage.  `--child` is internal: run one program in this process.
 */
#include "fair.h"
#include "stress.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fputs("usage: stress [--backend NAME|PATH]... [--seed N | --start N --count K]\n"
          "              [--procs P] [--timeout S] [--json FILE] [--verbose] [--print]\n"
          "              [--fair [--liveness-ms MS] [--preempt]]\n"
          "Runs random goroutine programs on every backend under an invariant checker.\n"
          "  --seed N     run (replay) exactly seed N\n"
          "  --start N    first seed (default: random, printed)\n"
          "  --count K    number of seeds (default $STRESS_SEEDS or 200)\n"
          "  --procs P    force gr_config.procs (default: drawn from the seed: 1, 2 or 4)\n"
          "  --timeout S  per-program time limit in seconds (default 20)\n"
          "  --json FILE  write a machine-readable summary\n"
          "  --print      print the program of each seed and exit\n"
          "  --fair       the fairness checker: programs whose every wait must end\n"
          "  --liveness-ms MS  --fair: how long one wait may take (default 5000)\n"
          "  --preempt    --fair: add 11-20 ms spins in plain C and run with\n"
          "               GR_FLAG_PREEMPT_ASYNC where the backend has it\n"
          "  --verbose    print every program's output\n",
          f);
}

static uint64_t random_seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t s = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)getpid();
    return sp_next(&s) % 1000000000000ull;
}

int main(int argc, char **argv)
{
    enum { MAXB = 16 };
    static sp_backend bs[MAXB];
    int nb = 0;
    bool child = false, print = false, have_start = false;
    const char *env = getenv("STRESS_SEEDS");
    sp_opts o = {.count = env && atol(env) > 0 ? atol(env) : 200, .timeout_s = 20,
                 .liveness_ms = 5000};
    static const struct option opts[] = {
        {"backend", required_argument, NULL, 'b'}, {"seed", required_argument, NULL, 's'},
        {"start", required_argument, NULL, 'S'},   {"count", required_argument, NULL, 'n'},
        {"procs", required_argument, NULL, 'p'},   {"timeout", required_argument, NULL, 't'},
        {"json", required_argument, NULL, 'j'},    {"verbose", no_argument, NULL, 'v'},
        {"print", no_argument, NULL, 'P'},         {"child", no_argument, NULL, 'c'},
        {"fair", no_argument, NULL, 'f'},          {"liveness-ms", required_argument, NULL, 'l'},
        {"preempt", no_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            if (nb == MAXB || sp_backend_resolve(&bs[nb], optarg) != 0)
                return 2;
            nb++;
            break;
        case 's': o.start = strtoull(optarg, NULL, 0); o.count = 1; have_start = true; break;
        case 'S': o.start = strtoull(optarg, NULL, 0); have_start = true; break;
        case 'n': o.count = atol(optarg); break;
        case 'p': o.procs = atoi(optarg); break;
        case 't': o.timeout_s = atoi(optarg); break;
        case 'j': o.json = optarg; break;
        case 'v': o.verbose = true; break;
        case 'P': print = true; break;
        case 'c': child = true; break;
        case 'f': o.fair = true; break;
        case 'R': o.preempt = true; break;
        case 'l': o.liveness_ms = atol(optarg); break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (o.preempt && !o.fair) {
        fputs("stress: --preempt needs --fair\n", stderr);
        return 2;
    }
    if (optind < argc || o.count <= 0 || o.timeout_s <= 0 || o.procs < 0 || o.liveness_ms <= 0) {
        usage(stderr);
        return 2;
    }
    if (!have_start)
        o.start = random_seed();
    char loaded[4096];
    if (child && sb_verify("stress", loaded, sizeof loaded) != 0)
        return 2; /* running on another library than the driver chose */
    if (child && o.fair) {
        static sf_prog f;
        sf_generate(&f, o.start, o.procs, o.preempt);
        return sf_run_child(&f, o.liveness_ms * 1000000LL);
    }
    if (child) {
        sp_prog p;
        sp_generate(&p, o.start, o.procs);
        return sp_run_child(&p);
    }
    if (print) {
        for (long k = 0; k < o.count; k++) {
            static sp_prog p;
            static sf_prog f;
            if (o.fair) {
                sf_generate(&f, o.start + (uint64_t)k, o.procs, o.preempt);
                sf_print(&f, stdout);
            } else {
                sp_generate(&p, o.start + (uint64_t)k, o.procs);
                sp_print(&p, stdout);
            }
        }
        return 0;
    }
    ssize_t len = readlink("/proc/self/exe", o.self, sizeof o.self - 1);
    if (len <= 0) {
        fprintf(stderr, "stress: cannot find my own executable\n");
        return 2;
    }
    o.self[len] = '\0';
    if (nb == 0)
        nb = sp_backends_default(bs, MAXB);
    if (nb == 0) {
        fprintf(stderr, "stress: no backend found (give --backend NAME|PATH)\n");
        return 2;
    }
    int rc = sp_drive(&o, bs, nb);
    for (int i = 0; i < nb; i++)
        sp_backend_cleanup(&bs[i]);
    return rc;
}
