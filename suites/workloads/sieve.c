/*
 * sieve.c — the concurrent prime sieve (the Go tour's): a generator
 * goroutine sends 2, 3, 4, ... and each prime found adds a filter goroutine
 * to the chain that drops the multiples of that prime.  It takes the first
 * SIZE primes (default 2000), checks them against a plain sieve of
 * Eratosthenes, then shuts the chain down: closing `done` makes every
 * blocked sender return, and each stage closes its output as it leaves.
 *
 * Output: `sieve: procs=P n=N last=L sum=S ok`.  See wl.h for exit codes.
 * Invariants: every stage closes its output channel when it leaves; all
 * SIZE+1 goroutines have exited (WaitGroup) before the result is printed.
 */
#include "wl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    gr_chan *in, *out, *done;
    int64_t prime;
    gr_waitgroup *wg;
} stage;

/* Send v on out unless done is closed first; false when done. */
static bool send_or_done(gr_chan *out, gr_chan *done, int64_t v)
{
    gr_case cs[2] = {{.ch = out, .dir = GR_SEND, .elem = &v}, {.ch = done, .dir = GR_RECV}};
    return gr_select(cs, 2) == 0;
}

static void generate(void *p)
{
    stage *s = p;
    for (int64_t i = 2; send_or_done(s->out, s->done, i); i++) {
    }
    gr_chan_close(s->out);
    gr_wg_done(s->wg);
}

static void filter(void *p)
{
    stage *s = p;
    int64_t v;
    bool ok;
    while (gr_chan_recv(s->in, &v, &ok) == GR_OK && ok)
        if (v % s->prime != 0 && !send_or_done(s->out, s->done, v))
            break;
    gr_chan_close(s->out);
    gr_wg_done(s->wg);
}

/* The first n primes by a sieve of Eratosthenes (caller frees). */
static int64_t *plain_primes(long n)
{
    double ln = log((double)n + 2);
    long limit = n < 6 ? 15 : (long)((double)n * (ln + log(ln))) + 10;
    char *composite = calloc((size_t)limit + 1, 1);
    int64_t *p = malloc(sizeof *p * (size_t)n);
    if (composite == NULL || p == NULL)
        wl_fail("sieve: out of memory");
    long k = 0;
    for (long i = 2; i <= limit && k < n; i++) {
        if (composite[i])
            continue;
        p[k++] = i;
        for (long j = i * i; j <= limit; j += i)
            composite[j] = 1;
    }
    free(composite);
    if (k < n)
        wl_fail("sieve: plain sieve bound too small");
    return p;
}

static void run(void *p)
{
    const wl_args *a = p;
    const long n = a->size;
    wl_require_goroutines("sieve", n + 2);
    stage *st = calloc((size_t)n + 1, sizeof *st);
    gr_chan **chans = calloc((size_t)n + 1, sizeof *chans);
    int64_t *got = malloc(sizeof *got * (size_t)n);
    gr_chan *done = gr_chan_make(0, 0);
    gr_waitgroup wg = {0};
    if (st == NULL || chans == NULL || got == NULL || done == NULL)
        wl_fail("sieve: out of memory");

    chans[0] = gr_chan_make(sizeof(int64_t), 0);
    st[0] = (stage){.out = chans[0], .done = done, .wg = &wg};
    gr_wg_add(&wg, 1);
    wl_go(generate, &st[0]);
    for (long i = 0; i < n; i++) {
        bool ok = false;
        gr_chan_recv(chans[i], &got[i], &ok);
        if (!ok)
            wl_fail("sieve: the chain closed early");
        chans[i + 1] = gr_chan_make(sizeof(int64_t), 0);
        st[i + 1] = (stage){.in = chans[i], .out = chans[i + 1], .done = done,
                            .prime = got[i], .wg = &wg};
        gr_wg_add(&wg, 1);
        wl_go(filter, &st[i + 1]);
    }
    gr_chan_close(done);
    gr_wg_wait(&wg);

    int64_t *want = plain_primes(n);
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        if (got[i] != want[i])
            wl_fail("sieve: prime #%ld is %lld, expected %lld", i + 1, (long long)got[i],
                    (long long)want[i]);
        sum += got[i];
    }
    printf("sieve: procs=%d n=%ld last=%lld sum=%lld ok\n", gr_procs(), n, (long long)got[n - 1],
           (long long)sum);
    for (long i = 0; i <= n; i++)
        gr_chan_release(chans[i]);
    gr_chan_release(done);
    free(want);
    free(got);
    free(chans);
    free(st);
}

int main(int argc, char **argv)
{
    wl_args a;
    wl_parse(argc, argv, "sieve", 2000, "how many primes to find (default 2000)", &a);
    wl_run(&a, run, &a);
    return WL_EXIT_OK;
}
