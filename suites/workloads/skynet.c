/*
 * skynet.c — the skynet workload: a tree of goroutines, each of which either
 * sends its number (a leaf) or starts 10 children and sends the sum of what
 * they send back over an unbuffered channel.  SIZE leaves (default
 * 1,000,000, a power of 10) give SIZE*(SIZE-1)/2: 499999500000 for 1e6.
 *
 * Output: `skynet: procs=P size=S sum=X expected=Y ok`.  See wl.h for the
 * exit codes.  Invariant: every goroutine holds its own reference on the
 * channel it sends on, and releases it after sending.
 */
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>

enum { DIV = 10 };

typedef struct {
    int64_t num, size;
    gr_chan *out; /* a reference owned by this goroutine */
} sky_arg;

static void skynet(void *p)
{
    sky_arg a = *(sky_arg *)p;
    free(p);
    int64_t sum = a.num;
    if (a.size > 1) {
        gr_chan *rc = gr_chan_make(sizeof(int64_t), 0);
        if (rc == NULL)
            wl_skip("gr_chan_make: out of memory");
        for (int i = 0; i < DIV; i++) {
            sky_arg *c = malloc(sizeof *c);
            if (c == NULL)
                wl_skip("malloc: out of memory");
            *c = (sky_arg){a.num + i * (a.size / DIV), a.size / DIV, gr_chan_retain(rc)};
            wl_go(skynet, c);
        }
        sum = 0;
        for (int i = 0; i < DIV; i++) {
            int64_t v = 0;
            gr_chan_recv(rc, &v, NULL);
            sum += v;
        }
        gr_chan_release(rc);
    }
    gr_chan_send(a.out, &sum);
    gr_chan_release(a.out);
}

static void run(void *p)
{
    const wl_args *a = p;
    /* every goroutine of the tree may be alive at once */
    wl_require_goroutines("skynet", a->size + a->size / (DIV - 1) + 1);
    gr_chan *out = gr_chan_make(sizeof(int64_t), 0);
    sky_arg *root = malloc(sizeof *root);
    if (out == NULL || root == NULL)
        wl_skip("out of memory");
    *root = (sky_arg){0, a->size, gr_chan_retain(out)};
    wl_go(skynet, root);
    int64_t sum = -1;
    gr_chan_recv(out, &sum, NULL);
    gr_chan_release(out);
    const int64_t expected = a->size * (a->size - 1) / 2;
    if (sum != expected)
        wl_fail("skynet: size=%ld sum=%lld expected=%lld", a->size, (long long)sum,
                (long long)expected);
    printf("skynet: procs=%d size=%ld sum=%lld expected=%lld ok\n", gr_procs(), a->size,
           (long long)sum, (long long)expected);
}

int main(int argc, char **argv)
{
    wl_args a;
    wl_parse(argc, argv, "skynet", 1000000, "number of leaf goroutines, a power of 10 (default 1000000)", &a);
    long s = a.size;
    while (s % DIV == 0)
        s /= DIV;
    if (s != 1) {
        fprintf(stderr, "skynet: SIZE must be a power of 10, not %ld\n", a.size);
        return WL_EXIT_USAGE;
    }
    wl_run(&a, run, &a);
    return WL_EXIT_OK;
}
