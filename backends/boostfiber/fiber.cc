/*
 * fiber.cc — the Boost.Fiber half of the boostfiber backend (C++17; the
 * only C++ in libgr.so.1, behind the C functions of bf.h).  It owns:
 *   - the pool of worker threads: created on demand, never destroyed, each
 *     with ONE algorithm instance installed once (use_scheduling_algorithm
 *     at thread start); a gr_run with `procs` P uses workers 0..P-1;
 *   - the two algorithms, one per libgr.so.1 (BF_ALGO):
 *       bf_shared — Boost's algo::shared_work (its one global queue and its
 *                   pick_next), subclassed for three things Boost leaves out;
 *       bf_ws     — Boost's algo::work_stealing re-instantiated per thread
 *                   pool (see "Why a copy" below), on Boost's own
 *                   detail::context_spinlock_queue;
 *   - fiber creation on protected_fixedsize_stack, and the suspend /
 *     schedule primitives the C side builds park and ready from.
 *
 * What both algorithms add to Boost's (README.md, "Changes to Boost's
 * algorithms"):
 *   1. sleeping instead of spinning: constructed with suspend = true, so an
 *      idle thread sleeps on the algorithm's condition variable;
 *   2. waking an idle peer (Go's wakep): Boost's awakened() never notifies
 *      another thread, so with suspend = true new work would wait for the
 *      one thread that queued it; awakened() of a goroutine notifies one
 *      idle peer;
 *   3. the deadlock check: suspend_until() calls bf_worker_idle() first.
 * Both keep pinned contexts (the dispatcher, the thread's main fiber) in a
 * list of their own with a turn every BF_PINNED_TICK picks or when nothing
 * else is queued.  shared_work serves them only when the global queue is
 * empty, and the dispatcher is what moves fibers woken by OTHER threads
 * (the remote-ready queue) into the run queue, so a busy global queue would
 * starve every cross-thread wakeup; work_stealing queues them FIFO with the
 * rest, so every other switch was a dispatcher pass (README.md).
 *
 * Why a copy of work_stealing: Boost's keeps its registry of schedulers in
 * process-wide statics, sized once by std::call_once and joined through a
 * function-local static barrier of the FIRST thread count, with an id
 * counter that never goes back; and with one thread its pick_next loops
 * forever looking for a victim other than itself.  gr_run must start any
 * number of times with any procs, so bf_ws is the same algorithm (owner
 * pops FIFO, thieves take from the same end, random victims, at most
 * thread-count attempts, context attach/detach as Boost does) over a
 * registry that is this pool's.
 *
 * Invariants:
 *   - a worker takes part in at most one run at a time; between runs its
 *     main fiber blocks the thread on a futex (the dispatcher does not run),
 *     so fibers left on it (leaked goroutines) never run again until a later
 *     run's worker with the same index picks them, and then the C side
 *     freezes them (generation check);
 *   - tls_in_run is read only through noinline accessors: code that
 *     suspends may resume on another thread;
 *   - bf_algo_common::stealable counts the non-pinned contexts in the
 *     algorithm's queue (relaxed; a hint for idle decisions, re-checked
 *     under the Dekker pair described at idle_begin).
 */
#include "bf.h"

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/algo/shared_work.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/detail/context_spinlock_queue.hpp>
#include <boost/fiber/detail/spinlock.hpp>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/operations.hpp>
#include <boost/fiber/protected_fixedsize_stack.hpp>
#include <boost/fiber/scheduler.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <random>
#include <vector>

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" {
#include "stack.h"
}

namespace bfib = boost::fibers;
using bfib::context;

#ifndef BF_ALGO
#error "BF_ALGO must be BF_SHARED_WORK or BF_WORK_STEALING (meson.build sets it)"
#endif

static_assert(sizeof(bfib::detail::spinlock) <= sizeof(bf_lock), "bf_lock too small");
static_assert(alignof(bfib::detail::spinlock) <= alignof(bf_lock), "bf_lock misaligned");

/* The most workers a pool may have (gr_run's procs above it: GR_ENOMEM). */
enum { BF_MAX_WORKERS = 1024 };
/* bf_shared: a pinned context gets a turn after this many picks. */
enum { BF_PINNED_TICK = 61 };

/* ---- futex on a std::atomic<uint32_t> ---------------------------------- */

static void fx_wait(std::atomic<uint32_t> *a, uint32_t val)
{
    syscall(SYS_futex, reinterpret_cast<uint32_t *>(a), FUTEX_WAIT_PRIVATE, val, nullptr, nullptr,
            0);
}

static void fx_wake(std::atomic<uint32_t> *a, int n)
{
    syscall(SYS_futex, reinterpret_cast<uint32_t *>(a), FUTEX_WAKE_PRIVATE, n, nullptr, nullptr, 0);
}

/* ---- spinlocks (Boost's own type) ------------------------------------- */

static bfib::detail::spinlock *splk(bf_lock *l)
{
    return std::launder(reinterpret_cast<bfib::detail::spinlock *>(l->storage));
}

extern "C" void bfx_lock_init(bf_lock *l)
{
    new (l->storage) bfib::detail::spinlock();
}

extern "C" void bfx_lock(bf_lock *l)
{
    splk(l)->lock();
}

extern "C" void bfx_unlock(bf_lock *l)
{
    splk(l)->unlock();
}

/* ---- workers and their thread-local state ------------------------------ */

struct bf_worker;

/* initial-exec: one %fs-relative access; read only through the noinline
 * accessors below (a fiber may resume on another thread). */
static thread_local bool tls_in_run __attribute__((tls_model("initial-exec")));

__attribute__((noinline)) static bool get_in_run()
{
    __asm__ __volatile__("" ::: "memory");
    return tls_in_run;
}

__attribute__((noinline)) static void set_in_run(bool v)
{
    __asm__ __volatile__("" ::: "memory");
    tls_in_run = v;
}

/* What both algorithms share: this worker's index, the idle flag and the
 * count of stealable (non-pinned) contexts queued. */
struct bf_algo_common {
    int index;
    /* true while the thread is in (or entering) suspend_until.  seq_cst
     * store by the sleeper, seq_cst exchange by a waker: see idle_begin. */
    std::atomic<bool> idle{false};
    /* non-pinned contexts queued here.  Relaxed: a hint; see idle_begin. */
    std::atomic<long> stealable{0};
    virtual ~bf_algo_common() = default;
    virtual void wake() noexcept = 0; /* the algorithm's notify() */
};

/* The pool's registry: slot i is worker i's algorithm, published once with
 * release when the worker installs it, read with acquire. */
static std::atomic<bf_algo_common *> g_algos[BF_MAX_WORKERS];
/* procs of the run in progress (0 between runs).  Written by the gr_run
 * thread before the workers are released (release) and read by workers
 * (acquire, or relaxed inside a run, which the go-flag handshake orders). */
static std::atomic<int> g_procs{0};

/* Wake one idle peer of worker `self` so that it takes new work (Go's
 * wakep).  Any worker.  The seq_cst fence pairs with the one in
 * idle_begin: either the waker sees idle == true, or the sleeper sees the
 * work that was queued before the fence. */
static void wake_idle_peer(int self)
{
    int n = g_procs.load(std::memory_order_relaxed); /* relaxed: fixed in a run (go handshake) */
    if (n < 2)
        return; /* no peer */
    std::atomic_thread_fence(std::memory_order_seq_cst);
    for (int k = 1; k < n; k++) {
        int i = (self + k) % n;
        bf_algo_common *a = g_algos[i].load(std::memory_order_acquire);
        /* relaxed peek, then seq_cst exchange: one waker per sleep. */
        if (a && a->idle.load(std::memory_order_relaxed) &&
            a->idle.exchange(false, std::memory_order_seq_cst)) {
            a->wake();
            return;
        }
    }
}

/* Any worker of the run has stealable work (relaxed reads: a hint). */
[[maybe_unused]] static bool any_stealable()
{
    int n = g_procs.load(std::memory_order_relaxed); /* relaxed: fixed in a run */
    for (int i = 0; i < n; i++) {
        bf_algo_common *a = g_algos[i].load(std::memory_order_acquire);
        if (a && a->stealable.load(std::memory_order_relaxed) > 0)
            return true;
    }
    return false;
}

/* The idle protocol, called by suspend_until before it sleeps.  Returns
 * false if work appeared (the caller returns at once and the dispatcher
 * looks again).  Order: idle = true (seq_cst), fence, then look for work;
 * a waker queues work, fences, then reads idle.  So a sleeper that misses
 * the work was seen idle and will be notified (the algorithm's notify sets
 * a flag under its mutex, so that notification is never lost). */
static bool idle_begin(bf_algo_common *a, bool (*has_work)(bf_algo_common *))
{
    a->idle.store(true, std::memory_order_seq_cst);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (has_work(a)) {
        a->idle.store(false, std::memory_order_relaxed); /* relaxed: own flag, a hint to wakers */
        return false;
    }
    bf_worker_idle();
    return true;
}

#if BF_ALGO == BF_SHARED_WORK
/* ---- bf_shared: Boost's shared_work ----------------------------------- */

class bf_shared final : public bfib::algo::shared_work, public bf_algo_common {
    /* Pinned contexts (main fiber, dispatcher) of this thread: kept here, not
     * in shared_work's private lqueue_, so that they can get their turn.
     * Owner thread only. */
    bfib::scheduler::ready_queue_type pinned_{};
    unsigned tick_ = 0;

public:
    explicit bf_shared(int idx) : shared_work(true)
    {
        index = idx;
    }

    void awakened(context *ctx) noexcept override
    {
        if (ctx->is_context(bfib::type::pinned_context)) {
            ctx->ready_link(pinned_);
            return;
        }
        shared_work::awakened(ctx); /* detach, push on the global queue */
        /* relaxed: a hint (see bf_algo_common). */
        stealable.fetch_add(1, std::memory_order_relaxed);
        wake_idle_peer(index);
    }

    context *pick_next() noexcept override
    {
        if (!pinned_.empty() && ++tick_ % BF_PINNED_TICK == 0) {
            context *c = &pinned_.front();
            pinned_.pop_front();
            return c;
        }
        context *c = shared_work::pick_next(); /* global queue, attached */
        if (c) {
            /* relaxed: a hint; the global queue is shared, so the count of
             * whoever pushed it drops (a hint may go below zero locally). */
            stealable.fetch_sub(1, std::memory_order_relaxed);
            return c;
        }
        if (!pinned_.empty()) {
            c = &pinned_.front();
            pinned_.pop_front();
        }
        return c;
    }

    bool has_ready_fibers() const noexcept override
    {
        return !pinned_.empty() || shared_work::has_ready_fibers();
    }

    static bool has_work(bf_algo_common *a)
    {
        return static_cast<bf_shared *>(a)->has_ready_fibers();
    }

    void suspend_until(std::chrono::steady_clock::time_point const &tp) noexcept override
    {
        if (!idle_begin(this, has_work))
            return;
        shared_work::suspend_until(tp);
        idle.store(false, std::memory_order_relaxed); /* relaxed: own flag */
    }

    void notify() noexcept override
    {
        shared_work::notify();
    }

    void wake() noexcept override
    {
        shared_work::notify();
    }
};
using bf_algorithm = bf_shared;

#elif BF_ALGO == BF_WORK_STEALING
/* ---- bf_ws: Boost's work_stealing, per pool ---------------------------- */

class bf_ws final : public bfib::algo::algorithm, public bf_algo_common {
    bfib::detail::context_spinlock_queue rqueue_{};
    std::mutex mtx_{};
    std::condition_variable cnd_{};
    bool flag_ = false; /* [mtx_] */
    /* Victim choice; owner thread only.  Seeded here, on the worker's own
     * stack: Boost seeds a thread_local from std::random_device inside
     * pick_next, i.e. on the stack of whichever fiber is suspending, and
     * libstdc++'s random_device is about 5 KB (it overflowed 8 KB fiber
     * stacks in the native skynet, see suites/native/skynet_boostfiber.cc). */
    std::minstd_rand gen_;
    /* Pinned contexts (the dispatcher, the thread's main fiber), with a
     * turn every BF_PINNED_TICK picks or when nothing else is queued, as in
     * bf_shared.  Boost queues them FIFO with the rest, and the dispatcher
     * re-queues itself each time it resumes a fiber, so every other switch
     * went through a dispatcher pass (a clock read, the remote queue's lock);
     * it also kept them out of the stealable queue, whose steal() stops at a
     * pinned head.  Owner thread only. */
    bfib::scheduler::ready_queue_type pinned_{};
    unsigned tick_ = 0;

public:
    explicit bf_ws(int idx) : gen_(static_cast<std::minstd_rand::result_type>(
                                  std::chrono::steady_clock::now().time_since_epoch().count() ^
                                  (0x9e3779b9u * static_cast<unsigned>(idx + 1))))
    {
        index = idx;
    }

    /* As Boost's: a non-pinned context is detached from its old thread and
     * queued here; plus the wakeup of an idle peer. */
    void awakened(context *ctx) noexcept override
    {
        if (ctx->is_context(bfib::type::pinned_context)) {
            ctx->ready_link(pinned_);
            return;
        }
        ctx->detach();
        rqueue_.push(ctx);
        stealable.fetch_add(1, std::memory_order_relaxed); /* relaxed: hint */
        wake_idle_peer(index);
    }

    context *steal() noexcept
    {
        context *c = rqueue_.steal(); /* never a pinned context */
        if (c)
            stealable.fetch_sub(1, std::memory_order_relaxed); /* relaxed: hint */
        return c;
    }

    /* As Boost's: own queue first, then up to thread-count random victims;
     * with one thread, no victim (Boost's loop would never end). */
    context *pick_next() noexcept override
    {
        if (!pinned_.empty() && ++tick_ % BF_PINNED_TICK == 0)
            return pop_pinned();
        context *victim = rqueue_.pop();
        if (victim) {
            stealable.fetch_sub(1, std::memory_order_relaxed); /* relaxed: hint */
            context::active()->attach(victim);
            return victim;
        }
        if (!pinned_.empty())
            return pop_pinned();
        int n = g_procs.load(std::memory_order_relaxed); /* relaxed: fixed in a run */
        if (n < 2)
            return nullptr;
        std::uniform_int_distribution<int> dist{0, n - 1};
        for (int count = 0; count < n && !victim;) {
            int id;
            do {
                id = dist(gen_);
            } while (id == index);
            ++count;
            bf_algo_common *a = g_algos[id].load(std::memory_order_acquire);
            if (a)
                victim = static_cast<bf_ws *>(a)->steal();
        }
        if (victim)
            context::active()->attach(victim);
        return victim;
    }

    bool has_ready_fibers() const noexcept override
    {
        return !pinned_.empty() || !rqueue_.empty();
    }

    static bool has_work(bf_algo_common *a)
    {
        return static_cast<bf_ws *>(a)->has_ready_fibers() || any_stealable();
    }

    context *pop_pinned() noexcept
    {
        context *c = &pinned_.front();
        pinned_.pop_front();
        return c;
    }

    void suspend_until(std::chrono::steady_clock::time_point const &tp) noexcept override
    {
        if (!idle_begin(this, has_work))
            return;
        std::unique_lock<std::mutex> lk{mtx_};
        if ((std::chrono::steady_clock::time_point::max)() == tp)
            cnd_.wait(lk, [this] { return flag_; });
        else
            cnd_.wait_until(lk, tp, [this] { return flag_; });
        flag_ = false;
        lk.unlock();
        idle.store(false, std::memory_order_relaxed); /* relaxed: own flag */
    }

    void notify() noexcept override
    {
        std::unique_lock<std::mutex> lk{mtx_};
        flag_ = true;
        lk.unlock();
        cnd_.notify_all();
    }

    void wake() noexcept override
    {
        notify();
    }
};
using bf_algorithm = bf_ws;
#else
#error "unknown BF_ALGO"
#endif

/* ---- the pool ---------------------------------------------------------- */

struct bf_worker {
    int index;
    pthread_t tid;
    /* 1: take part in the run that bfx_run_begin started.  Release store by
     * the gr_run thread, acquire load by the worker, which resets it. */
    std::atomic<uint32_t> go{0};
    /* The leave handshake [lk]: `leave` is set by bfx_run_end; `waiter` is
     * the worker's main fiber while it is suspended waiting for it. */
    bf_lock lk;
    bool leave = false;
    context *waiter = nullptr;
};

static std::mutex pool_mtx;                 /* pool growth (gr_run thread) */
static bf_worker *g_pool[BF_MAX_WORKERS];   /* [pool_mtx]; never freed */
static int g_npool;                         /* [pool_mtx] */
static std::atomic<uint64_t> g_nthreads{0}; /* relaxed: a statistic */
/* Workers still in the run; the last to leave wakes bfx_run_end.  acq_rel
 * decrement, acquire load: what the workers did happens before run_end
 * returns. */
static std::atomic<uint32_t> g_nin{0};

/* The worker's main fiber waits here (suspended, so the dispatcher runs
 * this run's fibers) until bfx_run_end sets `leave`. */
static void leave_wait(bf_worker *w)
{
    bfx_lock(&w->lk);
    while (!w->leave) {
        w->waiter = context::active();
        bfx_suspend_unlock(&w->lk);
        bfx_lock(&w->lk);
    }
    w->leave = false;
    bfx_unlock(&w->lk);
}

static void *worker_main(void *p)
{
    bf_worker *w = static_cast<bf_worker *>(p);
    bf_thread_init();
    bf_algorithm *algo = new bf_algorithm(w->index);
    bfib::context::active()->get_scheduler()->set_algo(bfib::algo::algorithm::ptr_t(algo));
    g_algos[w->index].store(algo, std::memory_order_release);
    for (;;) {
        /* acquire: pairs with bfx_run_begin's release; the run's state
         * (g_procs, the C side's run) is visible after it. */
        while (w->go.load(std::memory_order_acquire) == 0)
            fx_wait(&w->go, 0);
        w->go.store(0, std::memory_order_relaxed); /* relaxed: own flag */
        set_in_run(true);
        bf_worker_joined(w->index);
        leave_wait(w);
        bf_worker_left(w->index);
        set_in_run(false);
        if (g_nin.fetch_sub(1, std::memory_order_acq_rel) == 1)
            fx_wake(&g_nin, 1);
    }
    return nullptr;
}

/* fork() keeps only the calling thread: in the child the pool's threads
 * are gone, so it forgets them (their memory, and fibers left on them, are
 * leaked) and the next gr_run starts a new pool.  A fork inside a run
 * gives a child that can only exec or _exit, as with any threaded program. */
static void pool_atfork_child()
{
    new (&pool_mtx) std::mutex();
    g_npool = 0;
    for (auto &a : g_algos)
        a.store(nullptr, std::memory_order_relaxed); /* relaxed: one thread left */
    g_procs.store(0, std::memory_order_relaxed);
    g_nin.store(0, std::memory_order_relaxed);
}

extern "C" int bfx_pool_ensure(int procs, int algo)
{
    if (algo != BF_ALGO || procs < 1 || procs > BF_MAX_WORKERS)
        return -ENOMEM;
    static std::once_flag atfork_once;
    std::call_once(atfork_once, [] { pthread_atfork(nullptr, nullptr, pool_atfork_child); });
    std::lock_guard<std::mutex> g{pool_mtx};
    while (g_npool < procs) {
        bf_worker *w = new (std::nothrow) bf_worker();
        if (!w)
            return -ENOMEM;
        w->index = g_npool;
        bfx_lock_init(&w->lk);
        pthread_attr_t a;
        pthread_attr_init(&a);
        pthread_attr_setstacksize(&a, 256 * 1024); /* main fiber + dispatcher code only */
        int rc = pthread_create(&w->tid, &a, worker_main, w);
        pthread_attr_destroy(&a);
        if (rc != 0) {
            delete w;
            return -ENOMEM;
        }
        g_pool[g_npool++] = w;
        g_nthreads.fetch_add(1, std::memory_order_relaxed); /* relaxed: statistic */
    }
    return 0;
}

extern "C" void bfx_run_begin(int procs)
{
    g_procs.store(procs, std::memory_order_release);
    g_nin.store(static_cast<uint32_t>(procs), std::memory_order_relaxed); /* published by go */
    for (int i = 0; i < procs; i++) {
        /* release: the worker's acquire of go sees g_procs, g_nin and the
         * C side's run state written before this call. */
        g_pool[i]->go.store(1, std::memory_order_release);
        fx_wake(&g_pool[i]->go, 1);
    }
}

extern "C" void bfx_run_end(void)
{
    int n = g_procs.load(std::memory_order_relaxed); /* written by this thread */
    for (int i = 0; i < n; i++) {
        bf_worker *w = g_pool[i];
        bfx_lock(&w->lk);
        w->leave = true;
        context *c = w->waiter;
        w->waiter = nullptr;
        bfx_unlock(&w->lk);
        if (c)
            bfx_schedule(c);
    }
    uint32_t v;
    while ((v = g_nin.load(std::memory_order_acquire)) != 0)
        fx_wait(&g_nin, v);
    g_procs.store(0, std::memory_order_relaxed); /* no worker is in a run */
}

extern "C" uint64_t bfx_threads(void)
{
    return g_nthreads.load(std::memory_order_relaxed);
}

/* ---- fibers ------------------------------------------------------------ */

extern "C" void *bfx_self(void)
{
    return get_in_run() ? context::active() : nullptr;
}

extern "C" void bfx_suspend_unlock(bf_lock *l)
{
    /* adopt the caller's lock; Boost releases it on the context resumed
     * next, after this one is saved, and clears the lock's ownership, so
     * the destructor does nothing. */
    bfib::detail::spinlock_lock lk{*splk(l), std::adopt_lock};
    context::active()->suspend(lk);
}

extern "C" void bfx_suspend_forever(void)
{
    context::active()->suspend();
    std::fputs("gr(boostfiber): a frozen goroutine was resumed\n", stderr);
    std::abort();
}

extern "C" void bfx_schedule(void *p)
{
    context *c = static_cast<context *>(p);
    if (get_in_run())
        context::active()->schedule(c);
    else
        c->get_scheduler()->schedule_from_remote(c);
}

extern "C" void bfx_yield(void)
{
    boost::this_fiber::yield();
}

/* Live protected stacks, against vm.max_map_count: each stack is two
 * mappings (guard + usable), and mprotect failing for want of a mapping
 * would leave a stack without its guard page (Boost only asserts).  So a
 * spawn past the cap is GR_ENOMEM instead.  Relaxed: a counter. */
static std::atomic<long> g_live_stacks{0};

static long stack_cap()
{
    static long cap = [] {
        long maps = 65530;
        if (FILE *f = std::fopen("/proc/sys/vm/max_map_count", "r")) {
            if (std::fscanf(f, "%ld", &maps) != 1)
                maps = 65530;
            std::fclose(f);
        }
        long c = (maps - 2048) / 2; /* leave room for the rest of the process */
        return c > 64 ? c : 64;
    }();
    return cap;
}

/* protected_fixedsize_stack, plus: the bounds go to the C side (for the
 * overflow diagnostic) and the cap above.  Boost copies the allocator into
 * the fiber's control block; `out` is only used by allocate(). */
struct bf_stack_alloc {
    boost::context::protected_fixedsize_stack inner;
    gr__stack *out;

    bf_stack_alloc(std::size_t size, gr__stack *st) : inner(size), out(st) {}

    boost::context::stack_context allocate()
    {
        if (g_live_stacks.fetch_add(1, std::memory_order_relaxed) >= stack_cap()) {
            g_live_stacks.fetch_sub(1, std::memory_order_relaxed);
            throw std::bad_alloc();
        }
        boost::context::stack_context sc;
        try {
            sc = inner.allocate();
        } catch (...) {
            g_live_stacks.fetch_sub(1, std::memory_order_relaxed);
            throw;
        }
        if (out) {
            std::size_t pg = boost::context::stack_traits::page_size();
            char *top = static_cast<char *>(sc.sp);
            out->map = top - sc.size; /* the guard page */
            out->lo = out->map + pg;
            out->size = sc.size - pg;
            out->vg_id = 0;
            out = nullptr;
        }
        return sc;
    }

    void deallocate(boost::context::stack_context &sc) noexcept
    {
        inner.deallocate(sc);
        g_live_stacks.fetch_sub(1, std::memory_order_relaxed);
    }
};

/* GR_BOOSTFIBER_STACK=pool: the core's pooled stacks (stack.c) instead of
 * protected_fixedsize_stack — still a guard page below each stack (a
 * MADV_GUARD_INSTALL marker, so 64 stacks share one mapping and
 * vm.max_map_count stops being the cap), reused warm instead of mmap'd and
 * munmap'd per fiber.  The gr__stack record is kept in the top 64 bytes of
 * the stack itself, so deallocate() can give back exactly what it got. */
/* Stacks freed during the run, kept warm: the core's pool keeps 4096 warm
 * and returns the rest to the kernel with MADV_DONTNEED, which with a
 * million goroutines alive at once (skynet on FIFO queues) is a madvise and
 * a TLB shoot-down per exit, and a fresh page fault per reuse — the kernel
 * had 54% of skynet's profile.  glibc keeps freed fixedsize_stack memory the
 * same way.  Given back to the core's pool at shutdown.  [g_cache_mtx] */
static std::mutex g_cache_mtx;
static std::vector<gr__stack> g_cache;

extern "C" void bfx_stack_cache_drain(void)
{
    std::vector<gr__stack> v;
    {
        std::lock_guard<std::mutex> g{g_cache_mtx};
        v.swap(g_cache);
    }
    for (gr__stack &s : v)
        gr__stack_put(&s);
}

struct bf_pool_alloc {
    std::size_t size;
    gr__stack *out;

    boost::context::stack_context allocate()
    {
        gr__stack s;
        bool got = false;
        {
            std::lock_guard<std::mutex> g{g_cache_mtx};
            if (!g_cache.empty() && g_cache.back().size == size) {
                s = g_cache.back();
                g_cache.pop_back();
                got = true;
            }
        }
        if (!got && gr__stack_get(&s, size) != 0)
            throw std::bad_alloc();
        if (out) {
            *out = s;
            out = nullptr;
        }
        boost::context::stack_context sc;
        char *rec = s.lo + s.size - 64;
        std::memcpy(rec, &s, sizeof s);
        sc.sp = rec;
        sc.size = s.size - 64;
        return sc;
    }

    void deallocate(boost::context::stack_context &sc) noexcept
    {
        gr__stack s;
        std::memcpy(&s, sc.sp, sizeof s);
        try {
            std::lock_guard<std::mutex> g{g_cache_mtx};
            g_cache.push_back(s);
            return;
        } catch (...) {
            /* no memory for the cache: the core's pool takes it */
        }
        gr__stack_put(&s);
    }
};
static_assert(sizeof(gr__stack) <= 64, "gr__stack record must fit the top 64 bytes");

/* Read GR_BOOSTFIBER_STACK once per gr_run (bf_init).  The gr_run thread. */
static std::atomic<bool> g_pool_stacks{false}; /* relaxed: set before the run starts */

extern "C" void bfx_stack_kind_from_env(void)
{
    const char *e = std::getenv("GR_BOOSTFIBER_STACK");
    g_pool_stacks.store(e && !std::strcmp(e, "pool"), std::memory_order_relaxed);
}

extern "C" int bfx_spawn(void *g, size_t stack_size, gr__stack *st, bool dispatch)
{
    bfib::launch how = dispatch ? bfib::launch::dispatch : bfib::launch::post;
    try {
        if (g_pool_stacks.load(std::memory_order_relaxed)) {
            bfib::fiber f{how, std::allocator_arg, bf_pool_alloc{stack_size, st}, [g] { bf_entry(g); }};
            f.detach();
        } else {
            bfib::fiber f{how, std::allocator_arg, bf_stack_alloc{stack_size, st}, [g] { bf_entry(g); }};
            f.detach();
        }
    } catch (...) {
        return -ENOMEM;
    }
    return 0;
}
