/*
 * chan_mutex_counts.c — guide §5 "Channels + Locks" (goroutine/examples/
 * chan_mutex_counts.go): producers -> jobs channel -> workers -> counts in
 * a map behind a mutex, stopped by a context.
 *
 * Three producers send words on `jobs` until a 100 ms WithTimeout context
 * ends; a closer goroutine closes `jobs` once every producer has returned;
 * four workers range over `jobs` and count each word in a shared map under
 * a mutex (the channel moves ownership of a job, the mutex guards the
 * aggregate).  Output: one "WORD: N" line per word seen, sorted, then
 * "counted C jobs, sent S" and "stopped: context deadline exceeded".
 * Invariants (checked by the test): C == S == the sum of the word counts —
 * cancellation stops the producers, and the workers still drain every job
 * that was accepted, because they exit only when `jobs` is closed.
 */
#include "ex.h"

#include <stdlib.h>
#include <string.h>

static const char *const words[] = {"apple", "banana", "cherry", "date"};
#define NWORDS (sizeof words / sizeof words[0])

struct entry {
    const char *key;
    long n;
};

/* A small string -> count map; every access holds mu. */
struct counts {
    gr_mutex mu;
    struct entry e[NWORDS];
    size_t len;
    long counted, sent;
};

struct shared {
    gr_ctx *ctx;
    gr_chan *jobs;
    gr_waitgroup producers, workers;
    struct counts counts;
};

static void count_word(struct counts *c, const char *w)
{
    gr_mutex_lock(&c->mu);
    size_t i = 0;
    while (i < c->len && strcmp(c->e[i].key, w) != 0)
        i++;
    if (i == c->len)
        c->e[c->len++] = (struct entry){.key = w, .n = 0};
    c->e[i].n++;
    c->counted++;
    gr_mutex_unlock(&c->mu);
}

static void producer(void *arg)
{
    struct shared *s = arg;
    long sent = 0;
    for (size_t i = 0;; i++) {
        const char *w = words[i % NWORDS];
        gr_case cases[] = {
            {.ch = s->jobs, .dir = GR_SEND, .elem = &w},
            {.ch = gr_ctx_done(s->ctx), .dir = GR_RECV},
        };
        if (gr_select(cases, 2) != 0)
            break;
        sent++;
    }
    gr_mutex_lock(&s->counts.mu);
    s->counts.sent += sent;
    gr_mutex_unlock(&s->counts.mu);
    gr_wg_done(&s->producers);
}

static void closer(void *arg)
{
    struct shared *s = arg;
    gr_wg_wait(&s->producers);
    gr_chan_close(s->jobs); /* no producer is left: the workers may finish */
    gr_wg_done(&s->workers);
}

static void worker(void *arg)
{
    struct shared *s = arg;
    const char *w;
    bool ok;
    while (gr_chan_recv(s->jobs, &w, &ok) == GR_OK && ok)
        count_word(&s->counts, w);
    gr_wg_done(&s->workers);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static void counts_main(void *arg)
{
    (void)arg;
    struct shared s = {.ctx = gr_ctx_with_timeout(gr_ctx_background(), 100 * EX_MS),
                       .jobs = ex_chan(sizeof(const char *), 16)};
    gr_wg_add(&s.producers, 3);
    gr_wg_add(&s.workers, 4 + 1); /* the closer counts as a worker: main waits for it too */
    for (int i = 0; i < 3; i++)
        ex_go(producer, &s);
    ex_go(closer, &s);
    for (int i = 0; i < 4; i++)
        ex_go(worker, &s);
    gr_wg_wait(&s.workers);

    struct counts *c = &s.counts; /* every writer is done: no lock needed */
    qsort(c->e, c->len, sizeof c->e[0], by_key);
    for (size_t i = 0; i < c->len; i++)
        printf("%s: %ld\n", c->e[i].key, c->e[i].n);
    printf("counted %ld jobs, sent %ld\n", c->counted, c->sent);
    printf("stopped: %s\n", gr_strerror(gr_ctx_err(s.ctx)));
    gr_ctx_cancel(s.ctx);
    gr_ctx_release(s.ctx);
    gr_chan_release(s.jobs);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, counts_main, NULL);
}
