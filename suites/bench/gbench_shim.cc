// gbench_shim.cc — the C++ side of gbench.h: Google Benchmark (1.7.x) driven
// from C, with Go's -cpu and b.RunParallel on gr goroutines.
//
// How a run works: gb_main parses --cpu (a list of procs values), registers
// every gb_def once per value as "Name[/arg]/procs:N" (all of procs 1 first,
// then the next value), adds the context keys, and calls
// RunSpecifiedBenchmarks on the process's main thread.  Each registered
// lambda makes sure the runtime host for its procs value runs
// (gbench_host.c: gr_run on a helper thread, started once per value, outside
// every timed region) and then runs the C body on the host's main goroutine.
//
// Invariants:
//   - Google Benchmark's State is only touched by the goroutine running the
//     body (or by the main thread when the runtime died under it);
//   - every benchmark uses real time and process CPU time;
//   - one JSON document covers all procs values (one RunSpecifiedBenchmarks);
//   - flags other than --cpu / --backend / --help go to Google Benchmark.
#include "gbench.h"

#include <benchmark/benchmark.h>
#include <dlfcn.h>
#include <gr.h>
#include <sched.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

extern "C" {
#include "gb_version.h"
#include "gbench_host.h"
#include "grb_backend.h"
}

#ifndef GB_COMPILER
#define GB_COMPILER "unknown"
#endif
#ifndef GB_BUILD_TYPE
#define GB_BUILD_TYPE "unknown"
#endif
#ifndef GB_ALLOCATOR
#define GB_ALLOCATOR "unknown"
#endif

namespace {

// One registered benchmark at one procs value.  memo remembers the last
// RunParallel's N and ns so the next one sizes its batches like Go (~100 us).
struct Entry {
    const gb_def *def;
    int procs;
    int64_t memo[2] = {0, 0};
};

std::vector<const gb_def *> &defs()
{
    static std::vector<const gb_def *> v;
    return v;
}

}  // namespace

struct gb_state {
    benchmark::State *st;
    Entry *entry;
    bool begun;     // the timed loop was entered
    bool finished;  // ... and left (the timer is stopped for good)
};

extern "C" {

void gb_register(const gb_def *def)
{
    defs().push_back(def);
}

int64_t gb_begin(gb_state *s)
{
    benchmark::State &st = *s->st;
    const int64_t n = static_cast<int64_t>(st.max_iterations);
    if (s->begun)
        return 0;  // one timed loop per body
    s->begun = true;
    if (n <= 0 || !st.KeepRunningBatch(n)) {
        s->finished = true;
        return 0;
    }
    return n;
}

void gb_end(gb_state *s)
{
    benchmark::State &st = *s->st;
    if (!s->begun || s->finished)
        return;
    s->finished = true;
    // The second batch call finds the iterations used up and stops the timer.
    while (st.KeepRunningBatch(st.max_iterations)) {
    }
}

int64_t gb_n(const gb_state *s)
{
    return static_cast<int64_t>(s->st->max_iterations);
}

bool gb_keep_running(gb_state *s)
{
    s->begun = true;
    if (s->finished)
        return false;
    if (s->st->KeepRunning())
        return true;
    s->finished = true;
    return false;
}

void gb_pause_timing(gb_state *s) { s->st->PauseTiming(); }
void gb_resume_timing(gb_state *s) { s->st->ResumeTiming(); }
void gb_set_iteration_time(gb_state *s, double seconds) { s->st->SetIterationTime(seconds); }

void gb_counter(gb_state *s, const char *name, double value, unsigned flags)
{
    int f = benchmark::Counter::kDefaults;
    if (flags & GB_COUNTER_RATE)
        f |= benchmark::Counter::kIsRate;
    if (flags & GB_COUNTER_AVG_ITERATIONS)
        f |= benchmark::Counter::kAvgIterations;
    if (flags & GB_COUNTER_INVERT)
        f |= benchmark::Counter::kInvert;
    s->st->counters[name] = benchmark::Counter(value, static_cast<benchmark::Counter::Flags>(f));
}

void gb_label(gb_state *s, const char *label) { s->st->SetLabel(label); }
void gb_set_items_processed(gb_state *s, int64_t items) { s->st->SetItemsProcessed(items); }

void gb_skip(gb_state *s, const char *reason)
{
    std::string msg = std::string("skipped: ") + reason;
    s->st->SkipWithError(msg.c_str());
}

void gb_error(gb_state *s, const char *message) { s->st->SkipWithError(message); }

int64_t gb_arg(const gb_state *s) { return s->entry->def->arg; }
int gb_procs(const gb_state *s) { return s->entry->procs; }

// Go's RunParallel grain memory (gbench_parallel.c): the last N and its ns.
int64_t *gb_parallel_memo_(gb_state *s) { return s->entry->memo; }

}  // extern "C"

namespace {

// The body's goroutine must run on the runtime with the gb_state.
struct Call {
    gb_state *s;
};

void run_body(void *p)
{
    Call *c = static_cast<Call *>(p);
    c->s->entry->def->fn(c->s);
}

}  // namespace

// ---- reporting -------------------------------------------------------------

namespace {

// Forwards to a stock reporter, but names each run "Name[/arg]/procs:N":
// Google Benchmark would append "/process_time/real_time" (the time type),
// which says nothing here since every benchmark uses both.  The streams
// that Google Benchmark sets on this object are passed on at every call.
class ProcsNameReporter : public benchmark::BenchmarkReporter {
  public:
    explicit ProcsNameReporter(benchmark::BenchmarkReporter *inner) : inner_(inner) {}

    bool ReportContext(const Context &context) override
    {
        sync();
        return inner_->ReportContext(context);
    }
    void ReportRuns(const std::vector<Run> &runs) override
    {
        std::vector<Run> renamed(runs);
        for (Run &r : renamed) {
            r.run_name.time_type.clear();
            r.run_name.iterations.clear();  // --iterations: the count is in "iterations"
        }
        sync();
        inner_->ReportRuns(renamed);
    }
    void Finalize() override
    {
        sync();
        inner_->Finalize();
    }

  private:
    void sync()
    {
        inner_->SetOutputStream(&GetOutputStream());
        inner_->SetErrorStream(&GetErrorStream());
    }
    std::unique_ptr<benchmark::BenchmarkReporter> inner_;
};

// The value of "--NAME=VALUE" in argv (Google Benchmark's flag syntax), or def.
std::string flag_value(int argc, char **argv, const char *name, const char *def)
{
    std::string prefix = std::string("--") + name + "=";
    std::string v = def;
    for (int i = 1; i < argc; i++) {
        if (!std::strncmp(argv[i], prefix.c_str(), prefix.size()))
            v = argv[i] + prefix.size();
        else if (argv[i] == prefix.substr(0, prefix.size() - 1))
            v = "true";  // a bare boolean flag
    }
    return v;
}

// "Name/procs:N/process_time/real_time" -> "Name/procs:N".
std::string strip_time_type(std::string name)
{
    for (const char *suffix : {"/real_time", "/manual_time", "/process_time"}) {
        const size_t n = std::strlen(suffix);
        if (name.size() >= n && name.compare(name.size() - n, n, suffix) == 0)
            name.erase(name.size() - n);
    }
    return name;
}

bool truthy(const std::string &v)
{
    return v == "true" || v == "1" || v == "yes" || v == "on";
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
benchmark::BenchmarkReporter *make_reporter(const std::string &format, bool to_terminal,
                                            int argc, char **argv)
{
    if (format == "json")
        return new benchmark::JSONReporter();
    if (format == "csv")
        return new benchmark::CSVReporter();
    int opts = benchmark::ConsoleReporter::OO_None;
    std::string color = flag_value(argc, argv, "benchmark_color", "auto");
    if (to_terminal && (truthy(color) || (color == "auto" && isatty(STDOUT_FILENO))))
        opts |= benchmark::ConsoleReporter::OO_Color;
    if (truthy(flag_value(argc, argv, "benchmark_counters_tabular", "false")))
        opts |= benchmark::ConsoleReporter::OO_Tabular;
    return new benchmark::ConsoleReporter(static_cast<benchmark::ConsoleReporter::OutputOptions>(opts));
}
#pragma GCC diagnostic pop

}  // namespace

// ---- main ------------------------------------------------------------------

namespace {

void usage_extra()
{
    std::printf(
        "grbench microbenchmarks (Google Benchmark over the gr ABI)\n"
        "  --cpu=LIST            procs values to run every benchmark at, like Go's -cpu\n"
        "                        (default: the number of CPUs); names get /procs:N\n"
        "  --backend NAME|PATH   run on backends/NAME of the build tree, or on the\n"
        "                        libgr.so.1 at PATH (re-executes with LD_LIBRARY_PATH)\n"
        "  --iterations=N        run exactly N iterations per repetition, no sizing run\n"
        "                        (grbench's instruction counts under callgrind)\n"
        "  GRBENCH_TRACE=1       print runtime start/stop latencies to stderr\n"
        "Google Benchmark's flags follow.\n\n");
}

// Parse "1,4" into procs values; false on junk.
bool parse_cpu_list(const char *s, std::vector<int> &out)
{
    out.clear();
    while (*s) {
        char *end;
        long v = std::strtol(s, &end, 10);
        if (end == s || v < 1 || v > 4096)
            return false;
        out.push_back(static_cast<int>(v));
        s = end;
        if (*s == ',')
            s++;
        else if (*s)
            return false;
    }
    return !out.empty();
}

// Remove --cpu / -cpu (with '=' or as two words) from argv.
int take_cpu_flag(int &argc, char **argv, std::vector<int> &procs)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = nullptr;
        int used = 0;
        if (!std::strncmp(a, "--cpu=", 6))
            val = a + 6, used = 1;
        else if (!std::strncmp(a, "-cpu=", 5))
            val = a + 5, used = 1;
        else if ((!std::strcmp(a, "--cpu") || !std::strcmp(a, "-cpu")) && i + 1 < argc)
            val = argv[i + 1], used = 2;
        if (!used)
            continue;
        if (!parse_cpu_list(val, procs)) {
            std::fprintf(stderr, "bad --cpu list: %s (want e.g. 1,4)\n", val);
            return -1;
        }
        for (int k = i; k + used <= argc; k++)
            argv[k] = argv[k + used];
        argc -= used;
        i--;
    }
    return 0;
}

int default_procs()
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
    return 1;
}

std::string join(const std::vector<int> &v)
{
    std::string s;
    for (size_t i = 0; i < v.size(); i++)
        s += (i ? "," : "") + std::to_string(v[i]);
    return s;
}

// Facts only the runtime knows, read on its main goroutine.
struct RuntimeFacts {
    std::string backend;
    int numcpu = 0;
};

void read_facts(void *p)
{
    RuntimeFacts *f = static_cast<RuntimeFacts *>(p);
    const char *b = gr_backend_name();
    f->backend = b ? b : "(null)";
    f->numcpu = gr_numcpu();
}

std::string library_path()
{
    Dl_info info;
    if (dladdr(reinterpret_cast<void *>(&gr_run), &info) && info.dli_fname)
        return info.dli_fname;
    return "unknown";
}

void run_entry(benchmark::State &state, Entry *e)
{
    gb_state s{&state, e, false, false};
    int rc = gb_host_ensure(e->procs);
    if (rc != 0) {
        std::string msg = std::string("gr_run could not start: ") + gr_strerror(rc);
        state.SkipWithError(msg.c_str());
        return;
    }
    Call c{&s};
    rc = gb_host_call(run_body, &c);
    if (rc != 0) {
        std::string msg = std::string("the runtime ended during the benchmark: ") + gr_strerror(rc);
        state.SkipWithError(msg.c_str());
        return;
    }
    if (!state.error_occurred() && !s.begun)
        state.SkipWithError("the body never started its timed loop");
}

}  // namespace

extern "C" int gb_main(int argc, char **argv)
{
    if (grb_backend_reexec(argc, argv) != 0)
        return 2;
    for (int i = 1; i < argc; i++)
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h"))
            usage_extra();

    std::vector<int> procs{default_procs()};
    if (take_cpu_flag(argc, argv, procs) != 0)
        return 2;
    // --iterations=N: a fixed count (Google Benchmark 1.7 has no "Nx" min time).
    long iterations = 0;
    for (int i = 1; i < argc; i++) {
        if (std::strncmp(argv[i], "--iterations=", 13))
            continue;
        char *end;
        iterations = std::strtol(argv[i] + 13, &end, 10);
        if (*end || iterations < 1) {
            std::fprintf(stderr, "bad --iterations: %s (want a positive integer)\n", argv[i] + 13);
            return 2;
        }
        for (int k = i; k < argc; k++)
            argv[k] = argv[k + 1];
        argc--, i--;
    }
    // Google Benchmark's own reporters, wrapped for the names (read before
    // Initialize consumes the flags).
    ProcsNameReporter display(make_reporter(flag_value(argc, argv, "benchmark_format", "console"),
                                            true, argc, argv));
    const bool to_file = !flag_value(argc, argv, "benchmark_out", "").empty();
    const bool list_only = truthy(flag_value(argc, argv, "benchmark_list_tests", "false"));
    ProcsNameReporter file(make_reporter(flag_value(argc, argv, "benchmark_out_format", "json"),
                                         false, argc, argv));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;

    // Start the first runtime now: its facts go into the context, and it
    // serves the first procs value's benchmarks.
    RuntimeFacts facts;
    int rc = gb_host_ensure(procs[0]);
    if (rc != 0 || gb_host_call(read_facts, &facts) != 0) {
        std::fprintf(stderr, "bench: gr_run(procs=%d) failed: %s\n", procs[0], gr_strerror(rc));
        return 1;
    }
    if (grb_backend_check(facts.backend.c_str()) != 0)
        return 2;

    static std::vector<Entry> entries;  // stable addresses: reserve first
    entries.reserve(procs.size() * defs().size());
    for (int p : procs) {
        for (const gb_def *d : defs()) {
            entries.push_back(Entry{d, p});
            Entry *e = &entries.back();
            std::string name = d->name;
            if (d->has_arg)
                name += "/" + std::to_string(d->arg);
            name += "/procs:" + std::to_string(p);
            benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(
                name.c_str(), [e](benchmark::State &st) { run_entry(st, e); });
            b->UseRealTime()->MeasureProcessCPUTime();
            if (iterations > 0)
                b->Iterations(iterations);
            if (d->flags & GB_MANUAL_TIME)
                b->UseManualTime();
        }
    }

    benchmark::AddCustomContext("backend", facts.backend);
    benchmark::AddCustomContext("backend_library", library_path());
    benchmark::AddCustomContext("procs", join(procs));
    benchmark::AddCustomContext("gr_numcpu", std::to_string(facts.numcpu));
    benchmark::AddCustomContext("compiler", GB_COMPILER);
    benchmark::AddCustomContext("build_type", GB_BUILD_TYPE);
    benchmark::AddCustomContext("allocator", GB_ALLOCATOR);
    benchmark::AddCustomContext("git_revision", GB_GIT_REVISION);
    benchmark::AddCustomContext("runtime_start_ns", std::to_string(gb_host_last_start_ns()));

    if (list_only) {
        // Google Benchmark prints its internal names here; print ours.
        std::ostringstream names;
        std::streambuf *saved = std::cout.rdbuf(names.rdbuf());
        benchmark::RunSpecifiedBenchmarks(&display, nullptr);
        std::cout.rdbuf(saved);
        std::istringstream in(names.str());
        for (std::string line; std::getline(in, line);)
            std::cout << strip_time_type(line) << "\n";
    } else {
        benchmark::RunSpecifiedBenchmarks(&display, to_file ? &file : nullptr);
    }
    rc = gb_host_stop();
    benchmark::Shutdown();
    if (rc != 0) {
        std::fprintf(stderr, "bench: gr_run returned %s\n", gr_strerror(rc));
        return 1;
    }
    return 0;
}
