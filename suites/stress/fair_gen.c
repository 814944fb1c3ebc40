/*
 * fair_gen.c — builds a random fairness program from a seed (fair.h gives
 * the model and the argument that it always ends) and prints it for a
 * human replaying a seed.
 *
 * Invariants enforced here, each needed by that argument:
 *   - a WAIT, RECV or WAIT_WG waits for an event already in the plan, of
 *     another goroutine (so the waited-for event has a smaller position);
 *   - a goroutine gets events only after the SPAWN that starts it, and
 *     every goroutine is spawned;
 *   - between its LOCK and UNLOCK a goroutine gets no event that waits
 *     (no WAIT, RECV, WAIT_WG or second LOCK), and every LOCK is unlocked
 *     before the plan ends;
 *   - the generator draws from the seed only, never from the clock.
 * Spawn chains are made on purpose: right after a SPAWN the child usually
 * takes the next event, often another SPAWN, so a child-first scheduler
 * queues its parents several deep, the shape that hides a runnable
 * goroutine from a yield loop.
 */
#include "fair.h"
#include "stress.h"

#include <stdlib.h>

typedef struct gen {
    sf_prog *p;
    uint64_t r;
    bool spawned[SF_MAXG];
    int next_child;            /* the lowest goroutine not yet spawned */
    int holding[SF_MAXG];      /* mutex held in the plan, or -1 */
    int held_by[SF_NMUTEX];    /* goroutine holding it in the plan, or -1 */
    int flag_setter[SF_MAXOBJ];
    int chan_sender[SF_MAXOBJ];
    bool chan_taken[SF_MAXOBJ];
    int wg_doer[SF_MAXOBJ];
} gen;

static sf_ev *emit(gen *s, enum sf_kind k, int g, int obj)
{
    if (s->p->nev >= SF_MAXEV)
        abort(); /* sf_generate reserves room for the closing events */
    sf_ev *e = &s->p->ev[s->p->nev++];
    *e = (sf_ev){.kind = (uint8_t)k, .g = (uint8_t)g, .obj = (int16_t)obj, .from = -1};
    return e;
}

static int pick_spawned(gen *s)
{
    int n = 0, v[SF_MAXG];
    for (int g = 0; g < s->p->ng; g++)
        if (s->spawned[g])
            v[n++] = g;
    return v[sp_below(&s->r, n)];
}

/* A random candidate index in [0, n) whose `owner[i]` is another
 * goroutine than g (and, with `taken`, not taken yet); -1 if none. */
static int pick_other(gen *s, const int *owner, const bool *taken, int n, int g)
{
    int v[SF_MAXOBJ], k = 0;
    for (int i = 0; i < n; i++)
        if (owner[i] != g && !(taken && taken[i]))
            v[k++] = i;
    return k ? v[sp_below(&s->r, k)] : -1;
}

static void do_spawn(gen *s, int g)
{
    int child = s->next_child++;
    s->spawned[child] = true;
    s->p->parent[child] = g;
    emit(s, SF_SPAWN, g, child);
}

/* Try to add one event of kind k for goroutine g; false if k does not fit. */
static bool try_event(gen *s, enum sf_kind k, int g)
{
    sf_prog *p = s->p;
    bool locked = s->holding[g] >= 0;
    int i;
    switch (k) {
    case SF_SPAWN:
        if (s->next_child >= p->ng)
            return false;
        do_spawn(s, g);
        return true;
    case SF_SET:
        if (p->nflag >= SF_MAXOBJ)
            return false;
        s->flag_setter[p->nflag] = g;
        emit(s, SF_SET, g, p->nflag++);
        return true;
    case SF_WAIT:
        if (locked || (i = pick_other(s, s->flag_setter, NULL, p->nflag, g)) < 0)
            return false;
        emit(s, SF_WAIT, g, i)->from = (int16_t)s->flag_setter[i];
        return true;
    case SF_SEND:
        if (p->nchan >= SF_MAXOBJ)
            return false;
        s->chan_sender[p->nchan] = g;
        emit(s, SF_SEND, g, p->nchan++);
        return true;
    case SF_RECV: {
        if (locked || (i = pick_other(s, s->chan_sender, s->chan_taken, p->nchan, g)) < 0)
            return false;
        s->chan_taken[i] = true;
        sf_ev *e = emit(s, SF_RECV, g, i);
        e->from = (int16_t)s->chan_sender[i];
        e->timed = sp_chance(&s->r, 50);
        return true;
    }
    case SF_DONE:
        if (p->nwg >= SF_MAXOBJ)
            return false;
        s->wg_doer[p->nwg] = g;
        emit(s, SF_DONE, g, p->nwg++);
        return true;
    case SF_WAIT_WG:
        if (locked || (i = pick_other(s, s->wg_doer, NULL, p->nwg, g)) < 0)
            return false;
        emit(s, SF_WAIT_WG, g, i)->from = (int16_t)s->wg_doer[i];
        return true;
    case SF_SLEEP:
    case SF_AFTER: {
        static const int32_t ns[] = {0, 1000, 20000, 200000, 1000000};
        emit(s, k, g, 0)->n = ns[sp_below(&s->r, 5)];
        return true;
    }
    case SF_LOCK: {
        int m = sp_below(&s->r, SF_NMUTEX);
        if (locked || s->held_by[m] >= 0)
            return false;
        s->held_by[m] = g;
        s->holding[g] = m;
        emit(s, SF_LOCK, g, m);
        return true;
    }
    case SF_UNLOCK:
        if (!locked)
            return false;
        s->held_by[s->holding[g]] = -1;
        emit(s, SF_UNLOCK, g, s->holding[g]);
        s->holding[g] = -1;
        return true;
    case SF_YIELDS:
        emit(s, SF_YIELDS, g, 0)->n = 1 + sp_below(&s->r, 5);
        return true;
    case SF_SPIN:
        if (!p->preempt)
            return false;
        emit(s, SF_SPIN, g, 0)->n = (11 + sp_below(&s->r, 10)) * 1000000;
        return true;
    default:
        return false;
    }
}

void sf_generate(sf_prog *p, uint64_t seed, int procs_override, bool preempt)
{
    /* Weights of the kinds, in enum order. */
    static const int weight[SF_KIND_COUNT] = {4, 3, 5, 2, 3, 2, 2, 1, 1, 2, 3, 2, 1};
    gen s = {.p = p, .r = seed ^ 0x66616972ull /* "fair": not the channel programs' stream */};
    *p = (sf_prog){.seed = seed, .preempt = preempt};
    p->procs = (int[]){1, 2, 4}[sp_below(&s.r, 3)]; /* drawn even when overridden */
    if (procs_override > 0)
        p->procs = procs_override;
    p->ng = 2 + sp_below(&s.r, SF_MAXG - 1);
    for (int g = 0; g < SF_MAXG; g++)
        s.holding[g] = -1, p->parent[g] = -1;
    for (int m = 0; m < SF_NMUTEX; m++)
        s.held_by[m] = -1;
    s.spawned[0] = true;
    s.next_child = 1;
    /* Room at the end for the SPAWNs not yet made and one UNLOCK per mutex. */
    int target = 10 + sp_below(&s.r, SF_MAXEV - 10 - SF_MAXG - SF_NMUTEX);
    /* SPIN is last, so without --preempt the draws are those of a
     * generator without it: a seed's program does not change. */
    int total = 0;
    for (int k = 0; k < (preempt ? SF_KIND_COUNT : SF_SPIN); k++)
        total += weight[k];
    int chain = -1; /* the child of the last SPAWN */
    for (int tries = 0; p->nev < target && tries < 50 * SF_MAXEV; tries++) {
        int g = chain >= 0 && sp_chance(&s.r, 75) ? chain : pick_spawned(&s);
        enum sf_kind k = SF_SPAWN;
        if (!(g == chain && sp_chance(&s.r, 60))) { /* a chain goes on spawning */
            int w = sp_below(&s.r, total);
            for (k = 0; w >= weight[k]; k++)
                w -= weight[k];
        }
        if (try_event(&s, k, g))
            chain = k == SF_SPAWN ? p->ev[p->nev - 1].obj : -1;
    }
    while (s.next_child < p->ng) {
        int g = chain >= 0 ? chain : pick_spawned(&s);
        do_spawn(&s, g);
        chain = p->ev[p->nev - 1].obj;
    }
    for (int m = 0; m < SF_NMUTEX; m++)
        if (s.held_by[m] >= 0)
            try_event(&s, SF_UNLOCK, s.held_by[m]);
}

static const char *const kind_names[SF_KIND_COUNT] = {
    "spawn", "set", "wait", "send", "recv", "done", "wait-wg", "sleep", "after", "lock",
    "unlock", "yields", "spin",
};

void sf_print(const sf_prog *p, FILE *out)
{
    fprintf(out, "fair program seed=%llu procs=%d goroutines=%d events=%d preempt=%d expect=GR_OK\n",
            (unsigned long long)p->seed, p->procs, p->ng, p->nev, p->preempt);
    for (int k = 0; k < p->nev; k++) {
        const sf_ev *e = &p->ev[k];
        static const char prefix[SF_KIND_COUNT] = {'g', 'f', 'f', 'c', 'c', 'w', 'w',
                                                   0,   0,   'm', 'm', 0,   0};
        fprintf(out, "  %2d g%d: %s", k, e->g, kind_names[e->kind]);
        if (prefix[e->kind])
            fprintf(out, " %c%d", prefix[e->kind], e->obj);
        if (e->from >= 0)
            fprintf(out, " (from g%d)", e->from);
        if (e->kind == SF_RECV && e->timed)
            fputs(" timed", out);
        if (e->kind == SF_SLEEP || e->kind == SF_AFTER || e->kind == SF_SPIN)
            fprintf(out, " %d ns", e->n);
        if (e->kind == SF_YIELDS)
            fprintf(out, " x%d", e->n);
        fputc('\n', out);
    }
}
