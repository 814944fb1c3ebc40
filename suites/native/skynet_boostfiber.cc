/*
 * skynet_boostfiber.cc — the native Boost.Fiber skynet: the reference that
 * the boostfiber backends (backends/boostfiber) are measured against, so
 * the cost of the gr port over Boost.Fiber is one ratio (issue #14).
 *
 * It is the program of Boost.Fiber's performance docs
 * (libs/fiber/performance/fiber/skynet_stealing_detach.cpp), written again
 * here: each fiber either pushes its number (a leaf) or starts DIV children
 * with launch::dispatch on a fixedsize_stack of two pages, each pushing
 * into a buffered_channel of 16, and pushes the sum.  One change: the
 * channel is reference counted (see skynet()), as gr's channels are.  Threads join
 * algo::work_stealing (or shared_work) and the other threads wait on a
 * fiber condition_variable_any, as in the docs.
 *
 * Options, to take the differences from the gr port apart one at a time:
 *   --threads N      threads joining the algorithm (default 2)
 *   --algo ws|shared Boost's work_stealing (default) or shared_work
 *   --post           launch::post instead of dispatch (the child is queued
 *                    and the parent carries on: the boostfiber backends'
 *                    gr_go under GR_BOOSTFIBER_LAUNCH=post)
 *   --unbuffered     unbuffered channels, as in gr's skynet and Go's (a
 *                    child's send waits for its parent's receive, so the
 *                    whole tree can be alive at once); the docs' program
 *                    uses buffered_channel(16), whose leaves finish at once.
 *                    The harness's port-overhead cell passes this: the two
 *                    sides must run the same program
 *   --pages N        fixedsize_stack of N pages (default 4; the docs use 2,
 *                    which overflows here: work_stealing's first steal on a
 *                    thread builds a std::random_device, about 5 KB, on the
 *                    stack of whichever fiber is suspending, and an overflow
 *                    of an unguarded stack corrupted the heap — "free():
 *                    invalid pointer" — in 3 of 4 runs at 1M)
 *   --protected K    protected_fixedsize_stack of K KiB (the backend's stack
 *                    kind; it uses 64) instead of fixedsize_stack
 *   SIZE             leaves, a power of 10 (default 1000000)
 * Output: `skynet_boostfiber: threads=N size=S sum=X expected=Y ok` and the
 * exit status 0, or 1 on a wrong sum, 2 on bad usage.
 *
 * Invariant: Boost's work_stealing keeps process-wide state (its scheduler
 * registry and a barrier sized by the first thread count), so a process
 * runs exactly one pool; and at one thread its pick_next never finds a
 * victim, so --threads 1 with --algo ws is refused.
 */
#include <boost/fiber/all.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace bf = boost::fibers;

using buffered_type = bf::buffered_channel<std::uint64_t>;
using unbuffered_type = bf::unbuffered_channel<std::uint64_t>;

static bool g_post = false;
static bool g_unbuffered = false;
static std::size_t g_div = 10;

/* The docs' program keeps rc on the parent's stack; a child's push() may
 * still be inside the channel (unlocking, waking) when the parent has
 * popped its value and returned, so with two threads the channel can be
 * destroyed under it (it crashed here one run in two at 1M).  So rc is
 * shared: each child holds a reference until its push has returned. */
template <typename Chan> static std::shared_ptr<Chan> make_chan();
template <> std::shared_ptr<buffered_type> make_chan<buffered_type>()
{
    return std::make_shared<buffered_type>(16);
}
template <> std::shared_ptr<unbuffered_type> make_chan<unbuffered_type>()
{
    return std::make_shared<unbuffered_type>();
}

template <typename Chan, typename Alloc>
static void skynet(Alloc &salloc, std::shared_ptr<Chan> c, std::uint64_t num, std::uint64_t size)
{
    if (size == 1) {
        c->push(num);
        return;
    }
    auto rc = make_chan<Chan>();
    for (std::size_t i = 0; i < g_div; ++i) {
        std::uint64_t sub = num + i * size / g_div;
        bf::fiber{g_post ? bf::launch::post : bf::launch::dispatch, std::allocator_arg, salloc,
                  skynet<Chan, Alloc>, std::ref(salloc), rc, sub, size / g_div}
            .detach();
    }
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < g_div; ++i)
        sum += rc->value_pop();
    c->push(sum);
}

static std::mutex g_mtx;
static bf::condition_variable_any g_cnd;
static bool g_done = false;

static void join_algo(bool ws, std::uint32_t threads)
{
    if (ws)
        bf::use_scheduling_algorithm<bf::algo::work_stealing>(threads);
    else
        bf::use_scheduling_algorithm<bf::algo::shared_work>();
}

static void worker(bool ws, std::uint32_t threads)
{
    join_algo(ws, threads);
    std::unique_lock<std::mutex> lk(g_mtx);
    g_cnd.wait(lk, [] { return g_done; });
}

template <typename Chan, typename Alloc>
static std::uint64_t run_with(Alloc salloc, std::uint64_t size)
{
    /* the root's channel needs room for its one value: the caller pops it
     * only after skynet() returns */
    auto rc = std::make_shared<buffered_type>(2);
    if constexpr (std::is_same_v<Chan, buffered_type>)
        skynet<Chan>(salloc, rc, 0, size);
    else {
        auto top = make_chan<Chan>();
        bf::fiber{bf::launch::post, std::allocator_arg, salloc,
                  skynet<Chan, Alloc>, std::ref(salloc), top, 0, size}
            .detach();
        rc->push(top->value_pop());
    }
    return rc->value_pop();
}

template <typename Alloc>
static std::uint64_t run(Alloc salloc, std::uint64_t size)
{
    return g_unbuffered ? run_with<unbuffered_type>(salloc, size)
                        : run_with<buffered_type>(salloc, size);
}

int main(int argc, char **argv)
{
    std::uint32_t threads = 2;
    bool ws = true;
    std::size_t protected_kib = 0;
    std::size_t fixed_pages = 4;
    std::uint64_t size = 1000000;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            threads = static_cast<std::uint32_t>(std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--algo") && i + 1 < argc) {
            ++i;
            if (!std::strcmp(argv[i], "ws"))
                ws = true;
            else if (!std::strcmp(argv[i], "shared"))
                ws = false;
            else {
                std::fprintf(stderr, "skynet_boostfiber: --algo ws|shared\n");
                return 2;
            }
        } else if (!std::strcmp(argv[i], "--post"))
            g_post = true;
        else if (!std::strcmp(argv[i], "--unbuffered"))
            g_unbuffered = true;
        else if (!std::strcmp(argv[i], "--pages") && i + 1 < argc)
            fixed_pages = static_cast<std::size_t>(std::atol(argv[++i]));
        else if (!std::strcmp(argv[i], "--protected") && i + 1 < argc)
            protected_kib = static_cast<std::size_t>(std::atol(argv[++i]));
        else if (argv[i][0] != '-')
            size = std::strtoull(argv[i], nullptr, 10);
        else {
            std::fprintf(stderr,
                         "usage: skynet_boostfiber [--threads N] [--algo ws|shared] [--post] [--unbuffered] "
                         "[--pages N] [--protected KIB] [SIZE]\n");
            return 2;
        }
    }
    std::uint64_t s = size;
    while (s > 1 && s % 10 == 0)
        s /= 10;
    if (s != 1 || threads < 1 || (ws && threads < 2)) {
        std::fprintf(stderr, "skynet_boostfiber: SIZE must be a power of 10, threads >= 1 "
                             "(>= 2 for work_stealing, whose pick_next loops at one)\n");
        return 2;
    }
    std::vector<std::thread> pool;
    for (std::uint32_t i = 1; i < threads; ++i) /* the main thread is one of them */
        pool.emplace_back(worker, ws, threads);
    join_algo(ws, threads);

    std::uint64_t sum;
    if (protected_kib)
        sum = run(bf::protected_fixedsize_stack{protected_kib * 1024}, size);
    else
        sum = run(bf::fixedsize_stack{fixed_pages * bf::fixedsize_stack::traits_type::page_size()},
                  size);

    {
        std::unique_lock<std::mutex> lk(g_mtx);
        g_done = true;
    }
    g_cnd.notify_all();
    for (std::thread &t : pool)
        t.join();
    std::uint64_t expected = size * (size - 1) / 2;
    std::printf("skynet_boostfiber: threads=%u size=%llu sum=%llu expected=%llu %s\n", threads,
                static_cast<unsigned long long>(size), static_cast<unsigned long long>(sum),
                static_cast<unsigned long long>(expected), sum == expected ? "ok" : "WRONG");
    return sum == expected ? 0 : 1;
}
