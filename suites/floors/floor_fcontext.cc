/*
 * floor_fcontext.cc — the boostfiber backends' floor: boost::context::fiber
 * resume between the main context and one other (Boost.Context's
 * jump_fcontext, which Boost.Fiber switches with), with no scheduler.
 * Invariant: each resume() is one switch; the other fiber resumes main at
 * once, so a round trip is two.
 */
extern "C" {
#include "floor.h"
}

#include <boost/context/fiber.hpp>

#include <utility>

namespace bc = boost::context;

int main(int argc, char **argv)
{
    long n = floor_rounds(argc, argv);
    long counted = -1; /* switches back, minus the untimed first */
    bc::fiber f{[&counted](bc::fiber &&main) {
        for (;;) {
            counted++;
            main = std::move(main).resume();
        }
        return std::move(main);
    }};
    f = std::move(f).resume(); /* start it: not timed */
    double t0 = floor_now();
    for (long i = 0; i < n; i++)
        f = std::move(f).resume();
    double t1 = floor_now();
    return floor_report("boostfiber", "fiber::resume", t1 - t0, n, counted);
}
