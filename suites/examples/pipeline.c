/*
 * pipeline.c — guide §7 "Pipeline": stage1 emits 0..n-1, stage2 squares
 * them, main prints what comes out.
 *
 * Output (exact): 0 1 4 9 16, one per line (n = 5).
 * Invariants: each stage closes its output when its input is exhausted
 * (Go's close(out)), so the close travels down the pipeline and ends
 * main's loop; one channel per hop keeps the order.  Each stage holds a
 * reference on the channels it uses and drops it when it returns.
 */
#include "ex.h"

struct stage_arg {
    gr_chan *in, *out;
    int n;
};

static void stage1(void *arg) /* stage1(out chan<- item, n int) */
{
    struct stage_arg *s = arg;
    gr_chan *out = s->out;
    for (int i = 0; i < s->n; i++)
        gr_chan_send(out, &i);
    gr_chan_close(out);
    gr_chan_release(out);
}

static void stage2(void *arg) /* stage2(in <-chan item, out chan<- item) */
{
    struct stage_arg *s = arg;
    gr_chan *in = s->in, *out = s->out;
    int v;
    bool ok;
    while (gr_chan_recv(in, &v, &ok) == GR_OK && ok) {
        int sq = v * v;
        gr_chan_send(out, &sq);
    }
    gr_chan_close(out);
    gr_chan_release(in);
    gr_chan_release(out);
}

static void pipeline_main(void *arg)
{
    (void)arg;
    gr_chan *a = ex_chan(sizeof(int), 0), *b = ex_chan(sizeof(int), 0);
    struct stage_arg s1 = {.out = gr_chan_retain(a), .n = 5};
    struct stage_arg s2 = {.in = gr_chan_retain(a), .out = gr_chan_retain(b)};
    ex_go(stage1, &s1);
    ex_go(stage2, &s2);
    int v;
    bool ok;
    while (gr_chan_recv(b, &v, &ok) == GR_OK && ok)
        printf("%d\n", v);
    gr_chan_release(a);
    gr_chan_release(b);
}

int main(int argc, char **argv)
{
    ex_args a = ex_parse(argc, argv);
    return ex_run(&a, pipeline_main, NULL);
}
