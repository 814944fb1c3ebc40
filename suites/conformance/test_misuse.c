/*
 * test_misuse.c — one test per row of the brief's error table (SPEC.md
 * "Misuse"): each asserts the error code AND that the process goes on with
 * nothing lost (values still delivered exactly once, objects still usable).
 *
 * Invariants: after each misuse the test exercises the object normally, so
 * a misuse that corrupts state fails here rather than in a later test.
 */
#include "ct.h"

#include <stdint.h>

GR_TEST(MISUSE_SEND_CLOSED_1, "send on a closed channel: GR_ECLOSED, buffered values kept",
        .also = "ERR-NOEFFECT-1")
{
    gr_chan *c = ct_chan_int(4);
    ct_send_int(c, 1);
    ct_send_int(c, 2);
    ASSERT_OK(gr_chan_close(c));
    int v = 3;
    ASSERT_ERR(gr_chan_send(c, &v), GR_ECLOSED);
    ASSERT_EQ(gr_chan_len(c), 2);
    ASSERT_EQ(ct_recv_int(c), 1);
    ASSERT_EQ(ct_recv_int(c), 2);
    bool ok = true;
    ASSERT_OK(gr_chan_recv(c, &v, &ok));
    ASSERT_FALSE(ok);
    gr_chan_release(c);
}

GR_TEST(MISUSE_TRYSEND_CLOSED_1, "trysend on a closed channel: GR_ECLOSED, even when full")
{
    gr_chan *c = ct_chan_int(1);
    ct_send_int(c, 5);
    ASSERT_OK(gr_chan_close(c));
    int v = 6;
    ASSERT_ERR(gr_chan_trysend(c, &v), GR_ECLOSED);
    ASSERT_EQ(ct_recv_int(c), 5);
    ASSERT_ERR(gr_chan_trysend(c, &v), GR_ECLOSED);
    gr_chan *u = ct_chan_int(0);
    ASSERT_OK(gr_chan_close(u));
    ASSERT_ERR(gr_chan_trysend(u, &v), GR_ECLOSED);
    gr_chan_release(c);
    gr_chan_release(u);
}

static void close_soon(void *arg)
{
    gr_sleep(20 * CT_MS);
    ASSERT_OK(gr_chan_close(arg));
}

GR_TEST(MISUSE_SELSEND_CLOSED_1, "a chosen send case on a closed channel: GR_ECLOSED, nothing else commits")
{
    gr_chan *closed = ct_chan_int(1), *other = ct_chan_int(1);
    ASSERT_OK(gr_chan_close(closed));
    int out = 1, in = 0;
    gr_case only[1] = {{.ch = closed, .dir = GR_SEND, .elem = &out}};
    ASSERT_ERR(gr_select(only, 1), GR_ECLOSED);
    ASSERT_ERR(gr_select_try(only, 1), GR_ECLOSED);
    /* With another ready case, whichever is chosen commits alone. */
    int eclosed = 0, received = 0;
    for (int i = 0; i < 64; i++) {
        ct_send_int(other, 40 + i);
        in = 0;
        gr_case cs[2] = {{.ch = closed, .dir = GR_SEND, .elem = &out}, {.ch = other, .dir = GR_RECV, .elem = &in}};
        int rc = gr_select(cs, 2);
        if (rc == GR_ECLOSED) {
            eclosed++;
            ASSERT_EQ(in, 0);
            ASSERT_EQ(ct_recv_int(other), 40 + i); /* the other case did not commit */
        } else {
            ASSERT_EQ(rc, 1);
            ASSERT_EQ(in, 40 + i);
            received++;
        }
    }
    ASSERT_EQ(eclosed + received, 64);
    /* A blocked select is woken by the close with GR_ECLOSED. */
    gr_chan *u = ct_chan_int(0), *never = ct_chan_int(0);
    gr_case bl[2] = {{.ch = never, .dir = GR_RECV, .elem = &in}, {.ch = u, .dir = GR_SEND, .elem = &out}};
    GO(close_soon, u);
    ASSERT_ERR(gr_select(bl, 2), GR_ECLOSED);
    ct_wait_goroutines(1, 10);
    gr_chan_release(never);
    gr_chan_release(u);
    gr_chan_release(closed);
    gr_chan_release(other);
}

GR_TEST(MISUSE_CLOSE_CLOSED_1, "close of a closed channel: GR_ECLOSED, values and receivers unaffected")
{
    gr_chan *c = ct_chan_int(2);
    ct_send_int(c, 9);
    ASSERT_OK(gr_chan_close(c));
    ASSERT_ERR(gr_chan_close(c), GR_ECLOSED);
    ASSERT_ERR(gr_chan_close(c), GR_ECLOSED);
    ASSERT_EQ(gr_chan_len(c), 1);
    ASSERT_EQ(ct_recv_int(c), 9);
    bool ok = true;
    ASSERT_OK(gr_chan_recv(c, NULL, &ok));
    ASSERT_FALSE(ok);
    gr_chan_release(c);
}

GR_TEST(MISUSE_CLOSE_NULL_1, "close(NULL): GR_EINVAL")
{
    ASSERT_ERR(gr_chan_close(NULL), GR_EINVAL);
    ASSERT_ERR(gr_chan_close(NULL), GR_EINVAL);
}

GR_TEST(MISUSE_SEND_NULLELEM_1, "send with elem NULL on a non-empty element type: GR_EINVAL")
{
    gr_chan *c = ct_chan_int(2);
    ASSERT_ERR(gr_chan_send(c, NULL), GR_EINVAL);
    ASSERT_ERR(gr_chan_trysend(c, NULL), GR_EINVAL);
    ASSERT_EQ(gr_chan_len(c), 0);
    ct_send_int(c, 4);
    ASSERT_EQ(ct_recv_int(c), 4);
    gr_chan_release(c);
}

static void wg_waiter(void *arg)
{
    gr_wg_wait(arg);
    gr_wg_done((gr_waitgroup *)arg + 1);
}

GR_TEST(MISUSE_WG_NEG_1, "a negative WaitGroup counter: GR_EINVAL, counter unchanged")
{
    gr_waitgroup wg[2] = {{{0}}, {{0}}}; /* wg[1] counts the waiter's exit */
    ASSERT_ERR(gr_wg_add(&wg[0], -1), GR_EINVAL);
    ASSERT_ERR(gr_wg_done(&wg[0]), GR_EINVAL);
    gr_wg_wait(&wg[0]); /* still zero */
    ASSERT_OK(gr_wg_add(&wg[0], 2));
    ASSERT_OK(gr_wg_add(&wg[1], 1));
    GO(wg_waiter, wg);
    ASSERT_ERR(gr_wg_add(&wg[0], -3), GR_EINVAL); /* 2 - 3 < 0: no change */
    gr_sleep(20 * CT_MS);
    ASSERT_OK(gr_wg_done(&wg[0]));
    ASSERT_OK(gr_wg_done(&wg[0]));
    gr_wg_wait(&wg[1]); /* the waiter was released by the two Dones */
    ASSERT_ERR(gr_wg_done(&wg[0]), GR_EINVAL);
}

GR_TEST(MISUSE_MUTEX_UNLOCK_1, "unlock of an unlocked mutex: GR_EPERM, mutex still usable")
{
    gr_mutex mu = {0};
    ASSERT_ERR(gr_mutex_unlock(&mu), GR_EPERM);
    gr_mutex_lock(&mu);
    ASSERT_OK(gr_mutex_unlock(&mu));
    ASSERT_ERR(gr_mutex_unlock(&mu), GR_EPERM);
    ASSERT_TRUE(gr_mutex_trylock(&mu));
    ASSERT_FALSE(gr_mutex_trylock(&mu));
    ASSERT_OK(gr_mutex_unlock(&mu));
}

GR_TEST(MISUSE_RWMUTEX_1, "runlock/unlock without the lock: GR_EPERM, no effect")
{
    gr_rwmutex rw = {0};
    ASSERT_ERR(gr_rwmutex_runlock(&rw), GR_EPERM);
    ASSERT_ERR(gr_rwmutex_unlock(&rw), GR_EPERM);
    gr_rwmutex_rlock(&rw);
    ASSERT_ERR(gr_rwmutex_unlock(&rw), GR_EPERM); /* read-locked, not write-locked */
    ASSERT_FALSE(gr_rwmutex_trylock(&rw));         /* the reader still holds it */
    ASSERT_OK(gr_rwmutex_runlock(&rw));
    ASSERT_ERR(gr_rwmutex_runlock(&rw), GR_EPERM);
    gr_rwmutex_lock(&rw);
    ASSERT_ERR(gr_rwmutex_runlock(&rw), GR_EPERM); /* write-locked, not read-locked */
    ASSERT_FALSE(gr_rwmutex_tryrlock(&rw));        /* the writer still holds it */
    ASSERT_OK(gr_rwmutex_unlock(&rw));
    ASSERT_ERR(gr_rwmutex_unlock(&rw), GR_EPERM);
    ASSERT_TRUE(gr_rwmutex_trylock(&rw));
    ASSERT_OK(gr_rwmutex_unlock(&rw));
}

GR_TEST(MISUSE_SELECT_DIR_1, "a bad select dir or NULL cases: GR_EINVAL, nothing commits")
{
    gr_chan *a = ct_chan_int(1);
    ct_send_int(a, 8);
    int v = 0;
    gr_case cs[2] = {{.ch = a, .dir = GR_RECV, .elem = &v}, {.ch = a, .dir = 3, .elem = &v}};
    ASSERT_ERR(gr_select(cs, 2), GR_EINVAL);
    ASSERT_ERR(gr_select_try(cs, 2), GR_EINVAL);
    cs[1].dir = 0;
    ASSERT_ERR(gr_select_try(cs, 2), GR_EINVAL);
    cs[1].dir = -1;
    ASSERT_ERR(gr_select(cs, 2), GR_EINVAL);
    ASSERT_EQ(v, 0);
    ASSERT_EQ(gr_chan_len(a), 1);
    ASSERT_ERR(gr_select(NULL, 1), GR_EINVAL);
    ASSERT_ERR(gr_select_try(NULL, 3), GR_EINVAL);
    ASSERT_EQ(ct_recv_int(a), 8);
    gr_chan_release(a);
}

GR_TEST(MISUSE_NULL_ARG_1, "NULL sync objects: GR_EINVAL")
{
    ASSERT_ERR(gr_wg_add(NULL, 1), GR_EINVAL);
    ASSERT_ERR(gr_wg_done(NULL), GR_EINVAL);
    ASSERT_ERR(gr_mutex_unlock(NULL), GR_EINVAL);
    ASSERT_ERR(gr_rwmutex_runlock(NULL), GR_EINVAL);
    ASSERT_ERR(gr_rwmutex_unlock(NULL), GR_EINVAL);
}

static void never_runs(void *arg)
{
    atomic_store((_Atomic int *)arg, 1);
}

GR_TEST(MISUSE_RUN_1, "gr_run with procs < 0 or main NULL: GR_EINVAL, nothing run", .raw = true)
{
    _Atomic int ran = 0;
    gr_config bad = {.procs = -1};
    ASSERT_ERR(gr_run(&bad, never_runs, &ran), GR_EINVAL);
    bad.procs = INT32_MIN;
    ASSERT_ERR(gr_run(&bad, never_runs, &ran), GR_EINVAL);
    ASSERT_ERR(gr_run(NULL, NULL, NULL), GR_EINVAL);
    ASSERT_EQ(atomic_load(&ran), 0);
    gr_config ok = {.procs = 1};
    ASSERT_OK(gr_run(&ok, never_runs, &ran)); /* and the runtime still works */
    ASSERT_EQ(atomic_load(&ran), 1);
}

static void nested_main(void *arg)
{
    _Atomic int inner = 0;
    ASSERT_ERR(gr_run(NULL, never_runs, &inner), GR_EINVAL);
    ASSERT_EQ(atomic_load(&inner), 0);
    gr_chan *c = ct_chan_int(0); /* the outer runtime is undisturbed */
    GO(never_runs, arg);
    gr_chan_release(c);
    ct_wait_flag(arg, 10, "a goroutine after the nested gr_run");
}

GR_TEST(MISUSE_RUN_NESTED_1, "nested gr_run: GR_EINVAL, the outer run goes on", .raw = true)
{
    _Atomic int ran = 0;
    ASSERT_OK(gr_run(NULL, nested_main, &ran));
    ASSERT_EQ(atomic_load(&ran), 1);
}

GR_TEST(MISUSE_GO_NULL_1, "gr_go(NULL): GR_EINVAL, nothing started")
{
    long before = gr_numgoroutine();
    ASSERT_ERR(gr_go(NULL, NULL), GR_EINVAL);
    ASSERT_ERR(gr_go(NULL, &before), GR_EINVAL);
    ASSERT_EQ(gr_numgoroutine(), before);
}

GR_TEST(MISUSE_TICKER_1, "ticker periods <= 0: NULL from new, GR_EINVAL from reset")
{
    ASSERT_NULL(gr_ticker_new(0));
    ASSERT_NULL(gr_ticker_new(-CT_SEC));
    gr_ticker *t = gr_ticker_new(10 * CT_MS);
    ASSERT_NOT_NULL(t);
    ASSERT_ERR(gr_ticker_reset(t, 0), GR_EINVAL);
    ASSERT_ERR(gr_ticker_reset(t, -1), GR_EINVAL);
    int64_t t0 = gr_now(), fired = 0;
    ASSERT_OK(gr_chan_recv(gr_ticker_chan(t), &fired, NULL)); /* still ticking */
    ASSERT_LT(gr_now() - t0, 10 * CT_SEC);
    gr_ticker_stop(t);
    gr_ticker_release(t);
}

GR_TEST(MISUSE_CHAN_SIZE_1, "gr_chan_make with an overflowing size: NULL, the process goes on")
{
    ASSERT_NULL(gr_chan_make(SIZE_MAX / 2, SIZE_MAX / 2));
    ASSERT_NULL(gr_chan_make(SIZE_MAX, 2));
    ASSERT_NULL(gr_chan_make(2, SIZE_MAX));
    gr_chan *c = ct_chan_int(1);
    ct_send_int(c, 1);
    ASSERT_EQ(ct_recv_int(c), 1);
    gr_chan_release(c);
}

GR_TEST(MISUSE_CTX_NULL_1, "context constructors with a NULL parent: NULL")
{
    static int key;
    ASSERT_NULL(gr_ctx_with_cancel(NULL));
    ASSERT_NULL(gr_ctx_with_timeout(NULL, CT_SEC));
    ASSERT_NULL(gr_ctx_with_deadline(NULL, gr_now() + CT_SEC));
    ASSERT_NULL(gr_ctx_with_value(NULL, &key, &key));
    gr_ctx *c = gr_ctx_with_cancel(gr_ctx_background());
    ASSERT_NOT_NULL(c);
    gr_ctx_cancel(c);
    gr_ctx_release(c);
}
