/*
 * driver.c — runs seeds × backends: each program in a fresh child process
 * (fork + exec of this binary with --child and LD_LIBRARY_PATH pointing at
 * the backend), with a timeout, and compares the child's fate with the
 * outcome the generator promised (GR_OK, or GR_EDEADLK plus Go's message).
 *
 * Verdicts: pass; "violation" (the checker printed VIOLATION lines);
 * "expected GR_OK, got GR_EDEADLK" (a false deadlock); "expected
 * GR_EDEADLK, got ..." (a missed one); "hang" (killed after the timeout);
 * "crash" (a signal).  With --fair the programs are the fairness
 * checker's (fair.h): they always expect GR_OK, and a goroutine stuck past
 * the liveness bound is a violation the child reports itself.  Invariants: every child is reaped; its output goes
 * to an unlinked temporary file (never a pipe that could fill); the seed,
 * backend and replay command are printed for every failure.
 */
#include "stress.h"

#include "capture.h"
#include "fair.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GR_DEADLOCK_TEXT "all goroutines are asleep - deadlock!"

/* One seed's program, of either kind, as the driver sees it. */
typedef struct sp_case {
    uint64_t seed;
    int procs;
    enum sp_trap trap; /* SP_TRAP_NONE: GR_OK expected */
    sp_prog chan;      /* the channel program (without --fair) */
    sf_prog fair;      /* the fairness program (--fair) */
} sp_case;

static void make_case(const sp_opts *o, uint64_t seed, sp_case *c)
{
    c->seed = seed;
    if (o->fair) {
        sf_generate(&c->fair, seed, o->procs, o->preempt);
        c->procs = c->fair.procs;
        c->trap = SP_TRAP_NONE;
    } else {
        sp_generate(&c->chan, seed, o->procs);
        c->procs = c->chan.procs;
        c->trap = c->chan.trap;
    }
}

static void print_case(const sp_opts *o, const sp_case *c, FILE *out)
{
    if (o->fair)
        sf_print(&c->fair, out);
    else
        sp_print(&c->chan, out);
}

/* Run one program; returns NULL on pass, else a static reason.  *out gets
 * the child's output (malloc'd). */
static const char *run_one(const sp_opts *o, const sp_backend *b, const sp_case *p, char **out)
{
    static char why[256];
    *out = NULL;
    char seed[32], procs[16], live[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)p->seed);
    snprintf(procs, sizeof procs, "%d", p->procs);
    snprintf(live, sizeof live, "%ld", o->liveness_ms);
    sc_child ch;
    int f = sc_fork(&ch);
    if (f < 0)
        return "driver: mkstemp/fork failed";
    if (f == 1) {
        sb_export(&b->b, false); /* the selector's protocol; the child verifies */
        if (o->fair)
            execl(o->self, "stress", "--child", "--fair", "--liveness-ms", live, "--seed", seed,
                  "--procs", procs, o->preempt ? "--preempt" : "--fair", (char *)NULL);
        else
            execl(o->self, "stress", "--child", "--seed", seed, "--procs", procs, (char *)NULL);
        _exit(126);
    }
    int status;
    bool hung = sc_wait(&ch, o->timeout_s, &status, NULL);
    *out = sc_output(&ch);
    const char *text = *out ? *out : "";
    const char *last = strstr(text, "stress-child: rc=");
    int rc = 1, viol = 0;
    if (last)
        sscanf(last, "stress-child: rc=%d violations=%d", &rc, &viol);
    bool want_dl = p->trap != SP_TRAP_NONE;
    if (hung)
        snprintf(why, sizeof why, "hang: no result within %d s (expected %s)", o->timeout_s,
                 want_dl ? "GR_EDEADLK" : "GR_OK");
    else if (WIFSIGNALED(status))
        snprintf(why, sizeof why, "crash: killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else if (!last)
        snprintf(why, sizeof why, "child exited with status %d without a result line",
                 WEXITSTATUS(status));
    else if (viol)
        snprintf(why, sizeof why, "%d invariant violation(s)", viol);
    else if (want_dl && rc != -EDEADLK)
        snprintf(why, sizeof why, "expected GR_EDEADLK (trap %s), gr_run returned %d",
                 sp_trap_name(p->trap), rc);
    else if (!want_dl && rc != 0)
        snprintf(why, sizeof why, "expected GR_OK, gr_run returned %d%s", rc,
                 rc == -EDEADLK ? " (a false deadlock)" : "");
    else if (want_dl && !strstr(text, GR_DEADLOCK_TEXT))
        snprintf(why, sizeof why, "GR_EDEADLK without \"%s\" on stderr", GR_DEADLOCK_TEXT);
    else if (WEXITSTATUS(status) != 0)
        snprintf(why, sizeof why, "child exited with status %d", WEXITSTATUS(status));
    else
        return NULL;
    return why;
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", *s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

typedef struct failure {
    unsigned long long seed;
    int backend;
    char why[256];
} failure;

static void write_json(const sp_opts *o, sp_backend *bs, int nb, long programs, long deadlock,
                       const failure *f, int nf, double secs)
{
    FILE *j = fopen(o->json, "w");
    if (!j) {
        fprintf(stderr, "stress: cannot write %s: %s\n", o->json, strerror(errno));
        return;
    }
    fprintf(j, "{\"tool\": \"stress\", \"mode\": \"%s\", \"backends\": [",
            o->fair ? "fair" : "channels");
    for (int i = 0; i < nb; i++) {
        fputs(i ? ", " : "", j);
        json_str(j, bs[i].label);
    }
    fprintf(j, "], \"start_seed\": %llu, \"seeds\": %ld, \"programs\": %ld, "
               "\"deadlock_class\": %ld, \"seconds\": %.1f, \"findings\": [",
            (unsigned long long)o->start, o->count, programs, deadlock, secs);
    for (int i = 0; i < nf; i++) {
        fprintf(j, "%s{\"seed\": %llu, \"backend\": ", i ? ", " : "", f[i].seed);
        json_str(j, bs[f[i].backend].label);
        fprintf(j, ", \"what\": ");
        json_str(j, f[i].why);
        fputc('}', j);
    }
    fprintf(j, "]}\n");
    fclose(j);
}

int sp_drive(const sp_opts *o, sp_backend *bs, int nb)
{
    enum { MAXF = 64 };
    static failure fails[MAXF];
    int nf = 0;
    long programs = 0, deadlock = 0, failed = 0;
    double t0 = sc_now();
    printf("stress%s%s: seeds %llu..%llu on %d backend(s)", o->fair ? " --fair" : "",
           o->preempt ? " --preempt" : "",
           (unsigned long long)o->start,
           (unsigned long long)(o->start + (uint64_t)o->count - 1), nb);
    for (int i = 0; i < nb; i++)
        printf("%s%s", i ? ", " : ": ", bs[i].label);
    printf("\n");
    fflush(stdout);
    for (long k = 0; k < o->count; k++) {
        static sp_case p;
        make_case(o, o->start + (uint64_t)k, &p);
        for (int i = 0; i < nb; i++) {
            char *out = NULL;
            const char *why = run_one(o, &bs[i], &p, &out);
            programs++;
            deadlock += p.trap != SP_TRAP_NONE;
            if (why) {
                failed++;
                printf("FAIL seed=%llu backend=%s procs=%d: %s\n", (unsigned long long)p.seed,
                       bs[i].label, p.procs, why);
                printf("  replay: stress%s%s --seed %llu --backend %s --verbose\n",
                       o->fair ? " --fair" : "", o->preempt ? " --preempt" : "",
                       (unsigned long long)p.seed, bs[i].label);
                print_case(o, &p, stdout);
                printf("%s", out ? out : "");
                if (nf < MAXF) {
                    fails[nf] = (failure){.seed = p.seed, .backend = i};
                    snprintf(fails[nf].why, sizeof fails[nf].why, "%s", why);
                    nf++;
                }
            } else if (o->verbose) {
                printf("ok seed=%llu backend=%s procs=%d trap=%s\n", (unsigned long long)p.seed,
                       bs[i].label, p.procs, sp_trap_name(p.trap));
                printf("%s", out ? out : "");
            }
            free(out);
            fflush(stdout);
        }
    }
    double secs = sc_now() - t0;
    printf("stress: %ld program(s) (%ld seed(s) x %d backend(s), %ld of the deadlock class), "
           "%ld failed, %.1f s\n", programs, o->count, nb, deadlock, failed, secs);
    if (o->json)
        write_json(o, bs, nb, programs, deadlock, fails, nf, secs);
    return failed ? 1 : 0;
}
