/*
 * fair.h — the fairness checker's program model (`stress --fair`): random
 * goroutine programs whose only question is liveness, "does every
 * goroutine that waits for something another goroutine will do
 * eventually proceed?".  The generator is fair_gen.c, the interpreter that
 * runs one program inside gr_run is fair_run.c; driver.c runs them in
 * child processes exactly as it runs the channel programs of stress.h.
 *
 * A program is one global plan: a sequence of events, each owned by one
 * goroutine (g0 is main).  A goroutine executes its own events in plan
 * order; different goroutines run concurrently, in whatever order the
 * scheduler picks.  Event kinds:
 *   SPAWN g'      start goroutine g' (a child-first scheduler runs g' now,
 *                 so chains of spawns displace their parents into queues);
 *   SET f         store flag f;
 *   WAIT f        loop on gr_yield() until flag f is set (the yield loop);
 *   SEND c / RECV c   one value through channel c (capacity 1, used once),
 *                 so RECV parks until SEND wakes it;
 *   DONE w / WAIT_WG w   a WaitGroup of count 1: done once, waited by many;
 *   SLEEP d       gr_sleep(d); AFTER d: receive from gr_after(d);
 *   LOCK m / UNLOCK m   a mutex hand-off; YIELDS k: k plain yields;
 *   SPIN d        (with --preempt) spin in plain C for 11-20 ms without a
 *                 runtime call, so the run's asynchronous preemption
 *                 (GR_FLAG_PREEMPT_ASYNC) interrupts it.
 *
 * Why every program must end (checked by the generator, relied on by the
 * checker): a wait at plan position k waits only for an event at a
 * position < k of another goroutine (the flag's SET, the channel's SEND,
 * the WaitGroup's DONE), a goroutine's first event comes after its SPAWN,
 * and between LOCK m and UNLOCK m a goroutine does only events that never
 * wait for another goroutine (SET, SEND, DONE, SLEEP, AFTER, YIELDS, SPIN).  By
 * induction on the position, every event completes on a scheduler that
 * lets every runnable goroutine run: the programs have no deadlock, so any
 * goroutine stuck past the liveness bound is a scheduler bug.
 *
 * Invariants: a program is a pure function of its seed (and the procs
 * override); events of goroutine g are in plan order; each channel has
 * exactly one SEND and at most one RECV, each flag one SET, each
 * WaitGroup one DONE; LOCK/UNLOCK pairs nest in no other LOCK.
 */
#ifndef STRESS_FAIR_H
#define STRESS_FAIR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SF_MAXG 12
#define SF_MAXEV 64
#define SF_MAXOBJ 32 /* flags, channels, WaitGroups: each */
#define SF_NMUTEX 2

enum sf_kind {
    SF_SPAWN,
    SF_SET,
    SF_WAIT,
    SF_SEND,
    SF_RECV,
    SF_DONE,
    SF_WAIT_WG,
    SF_SLEEP,
    SF_AFTER,
    SF_LOCK,
    SF_UNLOCK,
    SF_YIELDS,
    SF_SPIN,   /* --preempt only: spin in plain C for n ns, no runtime call */
    SF_KIND_COUNT
};

typedef struct sf_ev {
    uint8_t kind;  /* enum sf_kind */
    uint8_t g;     /* the goroutine that executes it */
    int16_t obj;   /* goroutine (SPAWN), flag, channel, WaitGroup or mutex */
    int16_t from;  /* WAIT/RECV/WAIT_WG: the goroutine whose event it waits for */
    bool timed;    /* RECV: in a select against a liveness timer */
    int32_t n;     /* SLEEP/AFTER: nanoseconds; YIELDS: count */
} sf_ev;

typedef struct sf_prog {
    uint64_t seed;
    int procs;
    bool preempt;           /* run with GR_FLAG_PREEMPT_ASYNC; SPIN events */
    int ng;                 /* goroutines, main included */
    int nev;
    int nflag, nchan, nwg;
    int parent[SF_MAXG];    /* -1 for main */
    sf_ev ev[SF_MAXEV];
} sf_prog;

/* fair_gen.c */
void sf_generate(sf_prog *p, uint64_t seed, int procs_override, bool preempt);
void sf_print(const sf_prog *p, FILE *out);

/* fair_run.c: run the program in this process (inside gr_run); a goroutine
 * that waits longer than liveness_ns prints "VIOLATION: ..." and the
 * scheduler state (gr_dump), and the program then winds down; ends with
 * the "stress-child: rc=N violations=N backend=NAME" line; returns the
 * exit status. */
int sf_run_child(const sf_prog *p, int64_t liveness_ns);

#endif /* STRESS_FAIR_H */
