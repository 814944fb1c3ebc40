/*
 * gbench.h — write and register Google Benchmark benchmarks in C, with Go's
 * benchmark model (b.N, b.RunParallel, -cpu).
 *
 * A benchmark is a C function `void fn(gb_state *st)` registered with
 * GB_BENCHMARK(Name, fn) (or GB_BENCHMARK_ARG for Name/arg).  The shim
 * (gbench_shim.cc) registers it once per --cpu value as "Name/procs:N" (or
 * "Name/arg/procs:N") and runs its body on the main goroutine of a gr
 * runtime started with gr_config.procs = N.  The runtime is started before
 * and stopped after the benchmarks of that procs value, so its start-up is
 * never inside the timed region.
 *
 * Invariants:
 *   - every benchmark body runs inside gr_run (on a goroutine), so it may
 *     call the whole gr ABI and park;
 *   - the timed region is exactly [gb_begin(), gb_end()) (or the
 *     gb_keep_running() loop, or gb_run_parallel()); set-up before it and
 *     tear-down after it are not timed;
 *   - times are wall-clock (UseRealTime) and CPU time is the process's
 *     (MeasureProcessCPUTime), because a goroutine may change OS thread;
 *   - a skip is reported through Google Benchmark's error field with a
 *     message that starts with "skipped: " (Google Benchmark 1.7.1 has no
 *     separate skip state); check_bench.py treats those as skips.
 */
#ifndef GBENCH_H
#define GBENCH_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A running benchmark: wraps benchmark::State.  Only the goroutine that the
 * body was called on may use it (gb_run_parallel bodies get a gb_pb). */
typedef struct gb_state gb_state;

/* ---- the timed loop ---------------------------------------------------- */

/* Go's b.N style: start the timer and return N, the number of ops the body
 * must now perform; gb_end() stops the timer.  Returns 0 (and the body must
 * just return) when the benchmark was skipped before the loop. */
int64_t gb_begin(gb_state *st);
void gb_end(gb_state *st);
/* The N that gb_begin() will return, without starting the timer (for
 * set-up that depends on N). */
int64_t gb_n(const gb_state *st);

/* Google Benchmark style, one C++ call per op: while (gb_keep_running(st)). */
bool gb_keep_running(gb_state *st);

/* Stop and restart the clock inside the timed region (costly: ~2 clock reads). */
void gb_pause_timing(gb_state *st);
void gb_resume_timing(gb_state *st);

/* For benchmarks registered with GB_MANUAL_TIME: the seconds one iteration
 * took, once per iteration (Google Benchmark's SetIterationTime). */
void gb_set_iteration_time(gb_state *st, double seconds);

/* ---- what the benchmark reports --------------------------------------- */

enum {
    GB_COUNTER_PLAIN = 0,
    GB_COUNTER_RATE = 1,           /* value / elapsed seconds */
    GB_COUNTER_AVG_ITERATIONS = 2, /* value / iterations */
    GB_COUNTER_INVERT = 4,         /* 1 / value (combine with RATE for s/unit) */
};
void gb_counter(gb_state *st, const char *name, double value, unsigned flags);
void gb_label(gb_state *st, const char *label);
void gb_set_items_processed(gb_state *st, int64_t items);

/* Skip this run with a reason; reported as error_message "skipped: <reason>".
 * Call before gb_begin() (then gb_begin() returns 0) or after gb_end(). */
void gb_skip(gb_state *st, const char *reason);
/* A real failure (wrong result, an error from the ABI). */
void gb_error(gb_state *st, const char *message);

/* The argument of a GB_BENCHMARK_ARG registration (0 otherwise). */
int64_t gb_arg(const gb_state *st);
/* The gr procs this run was started with (== gr_procs()). */
int gb_procs(const gb_state *st);

/* ---- RunParallel (Go's b.RunParallel) ---------------------------------- */

/* One parallel worker's view of the shared iteration counter (Go's
 * testing.PB).  gb_pb_next() is inline: it costs a decrement per op and one
 * atomic add per batch of `grain` ops. */
#ifndef __cplusplus
#include <stdatomic.h>
typedef struct gb_pb {
    int64_t cache;           /* ops left in this worker's current batch */
    int64_t grain;           /* batch size */
    int64_t n;               /* total ops, b.N */
    _Atomic int64_t *global; /* ops handed out so far, shared by all workers */
    int worker;              /* 0 .. procs-1 */
} gb_pb;

bool gb_pb_refill_(gb_pb *pb); /* slow path of gb_pb_next */

static inline bool gb_pb_next(gb_pb *pb)
{
    if (pb->cache > 0 || gb_pb_refill_(pb)) {
        pb->cache--;
        return true;
    }
    return false;
}

/* Run body(pb, arg) on gr_procs() new goroutines that share N ops between
 * them, and wait for all of them.  The timed region is exactly this call:
 * the spawn, the bodies and the join (as in Go, where RunParallel runs while
 * the timer runs).  Call it once per benchmark body, instead of gb_begin. */
void gb_run_parallel(gb_state *st, void (*body)(gb_pb *pb, void *arg), void *arg);
#endif /* !__cplusplus */

/* The shim keeps {last N, its ns} per benchmark for gb_run_parallel's grain. */
int64_t *gb_parallel_memo_(gb_state *st);

/* ---- registration ------------------------------------------------------ */

enum {
    GB_FLAG_NONE = 0,
    GB_MANUAL_TIME = 1, /* the body reports its time with gb_set_iteration_time */
};

typedef struct gb_def {
    const char *name;              /* Go's name, e.g. "PingPong" */
    void (*fn)(gb_state *st);
    int64_t arg;                   /* appended to the name when has_arg */
    bool has_arg;
    unsigned flags;                /* GB_* flags */
} gb_def;

/* Adds def (which must stay valid: use a static) to the list that gb_main
 * registers with Google Benchmark.  Call before gb_main (constructors do). */
void gb_register(const gb_def *def);

#define GB_CONCAT_(a, b) a##b
#define GB_CONCAT(a, b) GB_CONCAT_(a, b)
#define GB_REGISTER_DEF_(defname, ...)                                          \
    static const gb_def defname = {__VA_ARGS__};                                \
    __attribute__((constructor)) static void GB_CONCAT(defname, _ctor)(void)    \
    {                                                                           \
        gb_register(&defname);                                                  \
    }

/* Register fn as Name (the name is Go's, without "Benchmark"). */
#define GB_BENCHMARK(Name, func)                                                \
    GB_REGISTER_DEF_(GB_CONCAT(gb_def_, GB_CONCAT(func, __LINE__)),             \
                     .name = #Name, .fn = func)
/* Register fn as Name/arg; the body reads the value with gb_arg(). */
#define GB_BENCHMARK_ARG(Name, func, value)                                     \
    GB_REGISTER_DEF_(GB_CONCAT(gb_def_, GB_CONCAT(func, __LINE__)),             \
                     .name = #Name, .fn = func, .arg = (value), .has_arg = true)
#define GB_BENCHMARK_FLAGS(Name, func, fl)                                      \
    GB_REGISTER_DEF_(GB_CONCAT(gb_def_, GB_CONCAT(func, __LINE__)),             \
                     .name = #Name, .fn = func, .flags = (fl))

/* The program's main: strips --cpu=LIST and --backend NAME|PATH, passes the
 * other flags to Google Benchmark, runs every registered benchmark once per
 * procs value, and returns the exit status. */
int gb_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* GBENCH_H */
