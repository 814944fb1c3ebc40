/*
 * gen.c — builds a random program from a seed (stress.h states the rules
 * that make its outcome known) and prints it for a human replaying a seed.
 *
 * Invariants enforced here, each needed by the deadlock-freedom argument:
 *   - every channel has at least one receiver (consumer or relay);
 *   - a relay receives only from channels numbered below every channel it
 *     sends to (the relay graph is acyclic);
 *   - every channel is closed: by a closer after its senders' WaitGroup,
 *     by a rogue closer at a random moment, or both;
 *   - in a cancellable program every producer and relay is ctx_aware and
 *     exactly one canceller cancels the root context; otherwise nobody is
 *     ctx_aware;
 *   - the generator draws from the seed only, never from the clock.
 */
#include "stress.h"

#include <stdlib.h>

static const char *const trap_names[SP_TRAP_COUNT] = {
    "none", "main-recv", "orphan-send", "waitgroup", "cycle", "select-nil", "mutex", "nil-recv",
};

const char *sp_trap_name(enum sp_trap t)
{
    return (unsigned)t < SP_TRAP_COUNT ? trap_names[t] : "?";
}

static sp_g *add_g(sp_prog *p, enum sp_role role, uint64_t *r)
{
    if (p->ng >= SP_MAXG)
        abort(); /* SP_MAXG is sized for the largest program sp_generate makes */
    sp_g *g = &p->g[p->ng++];
    *g = (sp_g){.role = role, .self_cancel_at = -1, .seed = sp_next(r)};
    return g;
}

/* A random non-empty subset of channels [lo, hi), at most `max` of them. */
static int pick_set(uint64_t *r, int lo, int hi, int max, int *out)
{
    int n = 0;
    int want = 1 + sp_below(r, max);
    for (int c = lo; c < hi && n < want; c++)
        if (sp_chance(r, 50) || (c == hi - 1 && n == 0))
            out[n++] = c;
    if (n == 0)
        out[n++] = lo + sp_below(r, hi - lo);
    return n;
}

static bool has(const int *v, int n, int x)
{
    for (int i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

static void gen_ctx(sp_prog *p, sp_g *g, uint64_t *r, bool sender)
{
    if (!p->cancellable)
        return;
    g->ctx_aware = sender || sp_chance(r, 50);
    if (g->ctx_aware && sp_chance(r, 30)) {
        g->own_ctx = true;
        if (sp_chance(r, 30))
            g->self_cancel_at = sp_below(r, 12);
    }
}

void sp_generate(sp_prog *p, uint64_t seed, int procs_override)
{
    static const size_t caps[] = {0, 0, 1, 2, 3, 8};
    static const size_t sizes[] = {0, 8, 8, 24, 64};
    uint64_t r = seed;
    *p = (sp_prog){.seed = seed};
    p->procs = (int[]){1, 2, 4}[sp_below(&r, 3)]; /* drawn even when overridden */
    if (procs_override > 0)
        p->procs = procs_override;
    p->nch = 1 + sp_below(&r, SP_MAXCH);
    for (int c = 0; c < p->nch; c++) {
        p->cap[c] = caps[sp_below(&r, 6)];
        p->esize[c] = sizes[sp_below(&r, 5)];
    }
    p->cancellable = sp_chance(&r, 35);
    p->trap = sp_chance(&r, 20) ? (enum sp_trap)(1 + sp_below(&r, SP_TRAP_COUNT - 1)) : SP_TRAP_NONE;

    int nprod = 1 + sp_below(&r, 4);
    for (int i = 0; i < nprod; i++) {
        sp_g *g = add_g(p, SP_PRODUCER, &r);
        g->nout = pick_set(&r, 0, p->nch, 3, g->out);
        g->count = 1 + sp_below(&r, SP_MAXVAL);
        gen_ctx(p, g, &r, true);
    }
    int nrelay = p->nch >= 2 ? sp_below(&r, 3) : 0;
    for (int i = 0; i < nrelay; i++) {
        sp_g *g = add_g(p, SP_RELAY, &r);
        int split = 1 + sp_below(&r, p->nch - 1);
        g->nin = pick_set(&r, 0, split, 2, g->in);
        g->nout = pick_set(&r, split, p->nch, 2, g->out);
        gen_ctx(p, g, &r, true);
    }
    int ncons = 1 + sp_below(&r, 3);
    for (int i = 0; i < ncons; i++) {
        sp_g *g = add_g(p, SP_CONSUMER, &r);
        g->nin = pick_set(&r, 0, p->nch, 3, g->in);
        gen_ctx(p, g, &r, false);
    }
    for (int i = 0; i < p->ng; i++) {
        for (int k = 0; k < p->g[i].nout; k++)
            p->nsenders[p->g[i].out[k]]++;
        for (int k = 0; k < p->g[i].nin; k++)
            p->nreceivers[p->g[i].in[k]]++;
    }
    /* Every channel gets a receiver: a consumer that does not have it yet. */
    for (int c = 0; c < p->nch; c++) {
        if (p->nreceivers[c])
            continue;
        for (int i = p->ng - 1; i >= 0; i--) {
            sp_g *g = &p->g[i];
            if (g->role == SP_CONSUMER && g->nin < SP_MAXCH && !has(g->in, g->nin, c)) {
                g->in[g->nin++] = c;
                p->nreceivers[c]++;
                break;
            }
        }
    }
    for (int c = 0; c < p->nch; c++) {
        bool rogue = sp_chance(&r, 30);
        p->wg_closed[c] = !rogue || sp_chance(&r, 50);
        if (p->wg_closed[c]) {
            sp_g *g = add_g(p, SP_CLOSER, &r);
            g->nout = 1;
            g->out[0] = c;
        }
        if (rogue) {
            sp_g *g = add_g(p, SP_ROGUE, &r);
            g->nout = 1;
            g->out[0] = c;
            g->count = sp_below(&r, 40);
        }
    }
    if (p->cancellable) {
        sp_g *g = add_g(p, SP_CANCELLER, &r);
        g->count = sp_below(&r, 60);
    }
}

static const char *role_name(enum sp_role r)
{
    static const char *const n[] = {"producer", "consumer", "relay", "closer", "rogue-closer",
                                    "canceller"};
    return n[r];
}

static void print_set(FILE *out, const char *what, const int *v, int n)
{
    if (n == 0)
        return;
    fprintf(out, " %s ", what);
    for (int i = 0; i < n; i++)
        fprintf(out, "%sc%d", i ? "," : "", v[i]);
}

void sp_print(const sp_prog *p, FILE *out)
{
    fprintf(out, "program seed=%llu procs=%d cancellable=%d trap=%s expect=%s\n",
            (unsigned long long)p->seed, p->procs, p->cancellable, sp_trap_name(p->trap),
            p->trap == SP_TRAP_NONE ? "GR_OK" : "GR_EDEADLK");
    for (int c = 0; c < p->nch; c++)
        fprintf(out, "  c%d: cap %zu, elem %zu bytes, %d sender(s), %d receiver(s), closed by %s\n",
                c, p->cap[c], p->esize[c], p->nsenders[c], p->nreceivers[c],
                p->wg_closed[c] ? "its WaitGroup" : "a rogue closer only");
    for (int i = 0; i < p->ng; i++) {
        const sp_g *g = &p->g[i];
        fprintf(out, "  g%d: %s", i, role_name(g->role));
        print_set(out, "from", g->in, g->nin);
        print_set(out, "to", g->out, g->nout);
        if (g->count)
            fprintf(out, " count=%d", g->count);
        if (g->ctx_aware)
            fprintf(out, " ctx=%s", g->own_ctx ? "own" : "root");
        if (g->self_cancel_at >= 0)
            fprintf(out, " self-cancel@%d", g->self_cancel_at);
        fputc('\n', out);
    }
}
