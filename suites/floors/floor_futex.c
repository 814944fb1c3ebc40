/*
 * floor_futex.c — the pthread backend's floor: a futex ping-pong between
 * two threads, each sleeping in FUTEX_WAIT until the other hands over with
 * FUTEX_WAKE (the pthread backend parks a goroutine on a futex in its G).
 * Invariant: `turn` says whose turn it is (0 main, 1 the other thread);
 * each side waits while it is not its turn, flips it (release) and wakes
 * the other; the acquire load after the wait sees the flip.
 */
#include "floor.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

static _Atomic uint32_t turn;
static long n;
static long counted; /* the other side's timed hand-offs (read after join) */

static void fwait(uint32_t v)
{
    syscall(SYS_futex, (uint32_t *)&turn, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void fwake(void)
{
    syscall(SYS_futex, (uint32_t *)&turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Wait for my turn `me`, then give the turn to the other side. */
static void handoff(uint32_t me)
{
    /* acquire: pairs with the other side's release store. */
    while (atomic_load_explicit(&turn, memory_order_acquire) != me)
        fwait(me ^ 1);
    atomic_store_explicit(&turn, me ^ 1, memory_order_release);
    fwake();
}

static void *other(void *arg)
{
    (void)arg;
    handoff(1); /* the untimed first round */
    for (long i = 0; i < n; i++) {
        handoff(1);
        counted++;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    n = floor_rounds(argc, argv);
    pthread_t t;
    if (pthread_create(&t, NULL, other, NULL) != 0) {
        perror("pthread_create");
        return 1;
    }
    handoff(0); /* first round trip: thread start-up, not timed */
    double t0 = floor_now();
    for (long i = 0; i < n; i++)
        handoff(0);
    double t1 = floor_now();
    /* let the other side finish its last round */
    while (atomic_load_explicit(&turn, memory_order_acquire) != 0)
        fwait(1);
    pthread_join(t, NULL);
    return floor_report("pthread", "futex", t1 - t0, n, counted);
}
