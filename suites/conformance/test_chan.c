/*
 * test_chan.c — channels: make, len/cap, blocking, FIFO, try-operations,
 * close, the NULL channel, reference counts (SPEC.md "Channels").  The
 * many-to-many stress test is in test_stress.c, misuse in test_misuse.c.
 *
 * Invariants: "blocks" is checked as "has not happened before the partner
 * acted" (a flag that cannot be set earlier), never by timing alone.
 */
#include "ct.h"

#include <stdlib.h>
#include <string.h>

struct big {
    unsigned char b[256];
};

GR_TEST(CHAN_MAKE_1, "make gives cap and len 0; elements are copied whole, by value")
{
    gr_chan *c = gr_chan_make(sizeof(struct big), 5);
    ASSERT_NOT_NULL(c);
    ASSERT_EQ(gr_chan_cap(c), 5);
    ASSERT_EQ(gr_chan_len(c), 0);
    struct big in, out;
    for (int i = 0; i < 256; i++)
        in.b[i] = (unsigned char)(i * 7 + 1);
    ASSERT_OK(gr_chan_send(c, &in));
    struct big copy = in;
    memset(&in, 0, sizeof in); /* changing the source after the send changes nothing */
    memset(&out, 0xee, sizeof out);
    bool ok = false;
    ASSERT_OK(gr_chan_recv(c, &out, &ok));
    ASSERT_TRUE(ok);
    ASSERT_TRUE(memcmp(&out, &copy, sizeof out) == 0);
    gr_chan_release(c);
}

static void zero_sender(void *arg)
{
    ASSERT_OK(gr_chan_send(arg, NULL));
}

GR_TEST(CHAN_ZERO_1, "elem_size 0 is chan struct{}")
{
    gr_chan *c = gr_chan_make(0, 3);
    ASSERT_NOT_NULL(c);
    for (int i = 0; i < 3; i++)
        ASSERT_OK(gr_chan_send(c, NULL));
    ASSERT_EQ(gr_chan_len(c), 3);
    ASSERT_ERR(gr_chan_trysend(c, NULL), GR_EAGAIN);
    bool ok = false;
    ASSERT_OK(gr_chan_recv(c, NULL, &ok));
    ASSERT_TRUE(ok);
    ASSERT_EQ(gr_chan_len(c), 2);
    gr_chan_release(c);
    gr_chan *u = gr_chan_make(0, 0);
    ASSERT_NOT_NULL(u);
    GO(zero_sender, u);
    ASSERT_OK(gr_chan_recv(u, NULL, &ok));
    ASSERT_TRUE(ok);
    ASSERT_OK(gr_chan_close(u));
    ASSERT_OK(gr_chan_recv(u, NULL, &ok));
    ASSERT_FALSE(ok);
    gr_chan_release(u);
}

static void blocked_send_one(void *arg)
{
    ct_send_int(arg, 1);
}

GR_TEST(CHAN_LEN_1, "len counts buffered values, cap the buffer; 0 for unbuffered and NULL")
{
    gr_chan *c = ct_chan_int(4);
    for (int i = 0; i < 4; i++) {
        ASSERT_EQ(gr_chan_len(c), i);
        ct_send_int(c, i);
    }
    ASSERT_EQ(gr_chan_len(c), 4);
    ASSERT_EQ(gr_chan_cap(c), 4);
    ct_recv_int(c);
    ASSERT_EQ(gr_chan_len(c), 3);
    ASSERT_OK(gr_chan_close(c));
    ASSERT_EQ(gr_chan_len(c), 3);
    gr_chan_release(c);
    gr_chan *u = ct_chan_int(0);
    GO(blocked_send_one, u);
    gr_sleep(10 * CT_MS);
    ASSERT_EQ(gr_chan_len(u), 0); /* a blocked sender is not buffered */
    ASSERT_EQ(gr_chan_cap(u), 0);
    ASSERT_EQ(ct_recv_int(u), 1);
    gr_chan_release(u);
    ASSERT_EQ(gr_chan_len(NULL), 0);
    ASSERT_EQ(gr_chan_cap(NULL), 0);
}

struct flagged {
    gr_chan *c;
    _Atomic int done;
    int value;
};

static void recv_then_flag(void *arg)
{
    struct flagged *f = arg;
    f->value = ct_recv_int(f->c);
    atomic_store(&f->done, 1);
}

static void send_then_flag(void *arg)
{
    struct flagged *f = arg;
    ct_send_int(f->c, 99);
    atomic_store(&f->done, 1);
}

GR_TEST(CHAN_BLOCK_1, "receive from an empty channel blocks until a send")
{
    for (size_t cap = 0; cap <= 3; cap += 3) {
        struct flagged f = {.c = ct_chan_int(cap)};
        GO(recv_then_flag, &f);
        gr_sleep(30 * CT_MS);
        ASSERT_EQ(atomic_load(&f.done), 0);
        ct_send_int(f.c, 5);
        ct_wait_flag(&f.done, 10, "the receive");
        ASSERT_EQ(f.value, 5);
        gr_chan_release(f.c);
    }
}

GR_TEST(CHAN_BLOCK_2, "send on a full channel blocks until a receive")
{
    struct flagged f = {.c = ct_chan_int(2)};
    ct_send_int(f.c, 1);
    ct_send_int(f.c, 2);
    GO(send_then_flag, &f);
    gr_sleep(30 * CT_MS);
    ASSERT_EQ(atomic_load(&f.done), 0);
    ASSERT_EQ(gr_chan_len(f.c), 2);
    ASSERT_EQ(ct_recv_int(f.c), 1);
    ct_wait_flag(&f.done, 10, "the blocked send");
    ASSERT_EQ(gr_chan_len(f.c), 2);
    ASSERT_EQ(ct_recv_int(f.c), 2);
    ASSERT_EQ(ct_recv_int(f.c), 99);
    gr_chan_release(f.c);
}

static int handed;

static void recv_into_global(void *arg)
{
    ASSERT_OK(gr_chan_recv(arg, &handed, NULL));
}

GR_TEST(CHAN_BLOCK_3, "unbuffered: send and receive each wait for the other")
{
    struct flagged f = {.c = ct_chan_int(0)};
    GO(send_then_flag, &f);
    gr_sleep(30 * CT_MS);
    ASSERT_EQ(atomic_load(&f.done), 0);
    ASSERT_EQ(ct_recv_int(f.c), 99);
    ct_wait_flag(&f.done, 10, "the send's return");
    handed = 0;
    GO(recv_into_global, f.c);
    ct_send_int(f.c, 1234);
    ASSERT_EQ(handed, 1234); /* the receive completed before the send returned */
    gr_chan_release(f.c);
}

GR_TEST(CHAN_FIFO_1, "a buffered channel is a FIFO queue")
{
    gr_chan *c = ct_chan_int(100);
    for (int i = 0; i < 100; i++)
        ct_send_int(c, i);
    for (int i = 0; i < 100; i++)
        ASSERT_EQ(ct_recv_int(c), i);
    gr_chan_release(c);
}

static void produce_5000(void *arg)
{
    for (int i = 0; i < 5000; i++)
        ct_send_int(arg, i);
}

GR_TEST(CHAN_FIFO_2, "one sender's values arrive in order (cap 0, 1, 16)", .procs = 4)
{
    static const size_t caps[] = {0, 1, 16};
    for (size_t k = 0; k < 3; k++) {
        gr_chan *c = ct_chan_int(caps[k]);
        GO(produce_5000, c);
        for (int i = 0; i < 5000; i++)
            ASSERT_EQ(ct_recv_int(c), i);
        gr_chan_release(c);
    }
}

struct payload {
    int data[1000];
};

static void fill_and_send(void *arg)
{
    struct payload *p = malloc(sizeof *p);
    ASSERT_NOT_NULL(p);
    for (int i = 0; i < 1000; i++)
        p->data[i] = i * 3; /* plain writes */
    ASSERT_OK(gr_chan_send(arg, &p));
}

GR_TEST(CHAN_SYNC_1, "writes before a send are seen after the receive", .procs = 4)
{
    gr_chan *c = gr_chan_make(sizeof(struct payload *), 0);
    for (int round = 0; round < 50; round++) {
        GO(fill_and_send, c);
        struct payload *p = NULL;
        ASSERT_OK(gr_chan_recv(c, &p, NULL));
        for (int i = 0; i < 1000; i++)
            ASSERT_EQ(p->data[i], i * 3);
        free(p);
    }
    gr_chan_release(c);
}

static _Atomic int holders, max_holders;

static void sem_user(void *arg)
{
    void **a = arg;
    gr_chan *sem = a[0];
    for (int i = 0; i < 20; i++) {
        ASSERT_OK(gr_chan_send(sem, NULL)); /* acquire */
        int h = atomic_fetch_add(&holders, 1) + 1;
        int m = atomic_load(&max_holders);
        while (h > m && !atomic_compare_exchange_weak(&max_holders, &m, h)) {
        }
        gr_yield();
        atomic_fetch_sub(&holders, 1);
        ASSERT_OK(gr_chan_recv(sem, NULL, NULL)); /* release */
    }
    gr_wg_done(a[1]);
}

GR_TEST(CHAN_SYNC_2, "a cap-3 channel as a semaphore admits at most 3", .procs = 4)
{
    gr_chan *sem = gr_chan_make(0, 3);
    gr_waitgroup wg = {0};
    void *a[2] = {sem, &wg};
    ASSERT_OK(gr_wg_add(&wg, 12));
    for (int i = 0; i < 12; i++)
        GO(sem_user, a);
    gr_wg_wait(&wg);
    ASSERT_LE(atomic_load(&max_holders), 3);
    ASSERT_GE(atomic_load(&max_holders), 1);
    gr_chan_release(sem);
}

GR_TEST(CHAN_TRY_1, "try-ops that would block return GR_EAGAIN with no effect")
{
    gr_chan *c = ct_chan_int(1);
    int v = 1;
    ASSERT_OK(gr_chan_trysend(c, &v));
    v = 2;
    ASSERT_ERR(gr_chan_trysend(c, &v), GR_EAGAIN);
    ASSERT_EQ(gr_chan_len(c), 1);
    bool ok = false;
    ASSERT_OK(gr_chan_tryrecv(c, &v, &ok));
    ASSERT_EQ(v, 1);
    ASSERT_TRUE(ok);
    v = 77;
    ok = true;
    ASSERT_ERR(gr_chan_tryrecv(c, &v, &ok), GR_EAGAIN);
    ASSERT_EQ(v, 77);
    ASSERT_TRUE(ok);
    gr_chan_release(c);
    gr_chan *u = ct_chan_int(0);
    ASSERT_ERR(gr_chan_trysend(u, &v), GR_EAGAIN);
    ASSERT_ERR(gr_chan_tryrecv(u, &v, &ok), GR_EAGAIN);
    ASSERT_EQ(v, 77);
    gr_chan_release(u);
}

static void recv_check_42(void *arg)
{
    ASSERT_EQ(ct_recv_int(arg), 42);
}

GR_TEST(CHAN_TRY_2, "try-ops on unbuffered succeed with a blocked partner")
{
    gr_chan *u = ct_chan_int(0);
    GO(recv_check_42, u);
    int v = 42, rc;
    int64_t end = gr_now() + 10 * CT_SEC;
    while ((rc = gr_chan_trysend(u, &v)) == GR_EAGAIN) {
        ASSERT_MSG(gr_now() < end, "liveness: trysend never found the blocked receiver");
        gr_sleep(CT_MS);
    }
    ASSERT_OK(rc);
    GO(blocked_send_one, u);
    v = 0;
    bool ok = false;
    while ((rc = gr_chan_tryrecv(u, &v, &ok)) == GR_EAGAIN) {
        ASSERT_MSG(gr_now() < end, "liveness: tryrecv never found the blocked sender");
        gr_sleep(CT_MS);
    }
    ASSERT_OK(rc);
    ASSERT_EQ(v, 1);
    ASSERT_TRUE(ok);
    ct_wait_goroutines(1, 10);
    gr_chan_release(u);
}

GR_TEST(CHAN_TRY_3, "tryrecv on a closed channel drains, then gives zero and ok=false")
{
    gr_chan *c = ct_chan_int(2);
    ct_send_int(c, 8);
    ASSERT_OK(gr_chan_close(c));
    int v = 0;
    bool ok = false;
    ASSERT_OK(gr_chan_tryrecv(c, &v, &ok));
    ASSERT_EQ(v, 8);
    ASSERT_TRUE(ok);
    v = 55;
    ok = true;
    ASSERT_OK(gr_chan_tryrecv(c, &v, &ok));
    ASSERT_EQ(v, 0);
    ASSERT_FALSE(ok);
    gr_chan_release(c);
}

GR_TEST(CHAN_TRY_4, "try-ops on the NULL channel return GR_EAGAIN")
{
    int v = 3;
    bool ok = true;
    ASSERT_ERR(gr_chan_trysend(NULL, &v), GR_EAGAIN);
    ASSERT_ERR(gr_chan_tryrecv(NULL, &v, &ok), GR_EAGAIN);
    ASSERT_EQ(v, 3);
    ASSERT_TRUE(ok);
}

struct closer_slot {
    gr_chan *c;
    gr_waitgroup *wg;
    int v;
    bool ok;
    int rc;
};

static void recv_slot(void *arg)
{
    struct closer_slot *s = arg;
    s->v = 123;
    s->ok = true;
    s->rc = gr_chan_recv(s->c, &s->v, &s->ok);
    gr_wg_done(s->wg);
}

GR_TEST(CHAN_CLOSE_1, "close wakes every blocked receiver with zero and ok=false")
{
    gr_chan *c = ct_chan_int(0);
    gr_waitgroup wg = {0};
    struct closer_slot s[5];
    ASSERT_OK(gr_wg_add(&wg, 5));
    for (int i = 0; i < 5; i++) {
        s[i] = (struct closer_slot){.c = c, .wg = &wg};
        GO(recv_slot, &s[i]);
    }
    gr_sleep(20 * CT_MS);
    ASSERT_OK(gr_chan_close(c));
    gr_wg_wait(&wg);
    for (int i = 0; i < 5; i++) {
        ASSERT_OK(s[i].rc);
        ASSERT_EQ(s[i].v, 0);
        ASSERT_FALSE(s[i].ok);
    }
    gr_chan_release(c);
}

GR_TEST(CHAN_CLOSE_2, "close drains the buffer in order, then zero and ok=false forever")
{
    gr_chan *c = ct_chan_int(5);
    for (int i = 1; i <= 3; i++)
        ct_send_int(c, i * 10);
    ASSERT_OK(gr_chan_close(c));
    for (int i = 1; i <= 3; i++)
        ASSERT_EQ(ct_recv_int(c), i * 10);
    for (int i = 0; i < 3; i++) {
        int v = 9;
        bool ok = true;
        ASSERT_OK(gr_chan_recv(c, &v, &ok));
        ASSERT_EQ(v, 0);
        ASSERT_FALSE(ok);
    }
    ASSERT_EQ(gr_chan_len(c), 0);
    gr_chan_release(c);
}

static void send_slot(void *arg)
{
    struct closer_slot *s = arg;
    s->rc = gr_chan_send(s->c, &s->v);
    gr_wg_done(s->wg);
}

GR_TEST(CHAN_CLOSE_3, "close wakes blocked senders with GR_ECLOSED; their values are dropped")
{
    for (size_t cap = 0; cap <= 1; cap++) {
        gr_chan *c = ct_chan_int(cap);
        if (cap)
            ct_send_int(c, 1); /* full */
        gr_waitgroup wg = {0};
        struct closer_slot s[3];
        ASSERT_OK(gr_wg_add(&wg, 3));
        for (int i = 0; i < 3; i++) {
            s[i] = (struct closer_slot){.c = c, .wg = &wg, .v = 100 + i, .rc = 1};
            GO(send_slot, &s[i]);
        }
        gr_sleep(20 * CT_MS);
        ASSERT_OK(gr_chan_close(c));
        gr_wg_wait(&wg);
        for (int i = 0; i < 3; i++)
            ASSERT_ERR(s[i].rc, GR_ECLOSED);
        if (cap)
            ASSERT_EQ(ct_recv_int(c), 1);
        int v = 5;
        bool ok = true;
        ASSERT_OK(gr_chan_recv(c, &v, &ok));
        ASSERT_FALSE(ok);
        ASSERT_EQ(v, 0);
        gr_chan_release(c);
    }
}

GR_TEST(CHAN_CLOSE_4, "the zero value overwrites all elem_size bytes")
{
    gr_chan *c = gr_chan_make(64, 1);
    ASSERT_NOT_NULL(c);
    ASSERT_OK(gr_chan_close(c));
    unsigned char buf[64];
    memset(buf, 0xaa, sizeof buf);
    bool ok = true;
    ASSERT_OK(gr_chan_recv(c, buf, &ok));
    ASSERT_FALSE(ok);
    for (int i = 0; i < 64; i++)
        ASSERT_EQ(buf[i], 0);
    memset(buf, 0xaa, sizeof buf);
    ASSERT_OK(gr_chan_tryrecv(c, buf, &ok));
    for (int i = 0; i < 64; i++)
        ASSERT_EQ(buf[i], 0);
    gr_chan_release(c);
}

static void send_nil(void *arg)
{
    int v = 1;
    (void)arg;
    gr_chan_send(NULL, &v);
}

static void nil_main(void *arg)
{
    (void)arg;
    GO(send_nil, NULL);
    gr_chan_recv(NULL, NULL, NULL);
}

GR_TEST(CHAN_NIL_1, "send and receive on the NULL channel block forever", .raw = true)
{
    ct_capture_begin();
    int rc = gr_run(NULL, nil_main, NULL);
    free(ct_capture_end());
    ASSERT_ERR(rc, GR_EDEADLK);
}

static void owner_of_last_ref(void *arg)
{
    void **a = arg;
    gr_chan *c = a[0], *done = a[1];
    gr_sleep(10 * CT_MS); /* the creator has released its reference by now, or will soon */
    ct_send_int(c, 11);
    ASSERT_EQ(ct_recv_int(c), 11);
    ASSERT_OK(gr_chan_close(c));
    gr_chan_release(c);
    ct_send_int(done, 1);
}

GR_TEST(CHAN_REF_1, "a retained channel outlives the creator's reference")
{
    gr_chan *c = ct_chan_int(1), *done = ct_chan_int(0);
    ASSERT_PTR_EQ(gr_chan_retain(c), c);
    void *a[2] = {c, done};
    GO(owner_of_last_ref, a);
    gr_chan_release(c); /* the goroutine holds the last reference */
    ASSERT_EQ(ct_recv_int(done), 1);
    gr_chan_release(done);
    ASSERT_NULL(gr_chan_retain(NULL));
    gr_chan_release(NULL);
}

GR_TEST(CHAN_ELEM_1, "receives accept elem == NULL and ok == NULL")
{
    gr_chan *c = ct_chan_int(3);
    ct_send_int(c, 1);
    ct_send_int(c, 2);
    ct_send_int(c, 3);
    ASSERT_OK(gr_chan_recv(c, NULL, NULL));
    ASSERT_OK(gr_chan_tryrecv(c, NULL, NULL));
    int v = 0;
    ASSERT_OK(gr_chan_recv(c, &v, NULL));
    ASSERT_EQ(v, 3);
    ASSERT_OK(gr_chan_close(c));
    ASSERT_OK(gr_chan_recv(c, NULL, NULL));
    gr_chan_release(c);
}
