/* families.c — the family table of families.h (the benchmark set of
 * suites/bench/README.md), walked by one loop.
 * The guide's counter trio matches names exactly, so that
 * "RWMutexReadMostly" or "ChanSPSC" do not fall into it; the others match
 * name prefixes.  Invariants: the last row is "Other", with no names. */
#include "families.h"
#include <string.h>

const family families[] = {
    {"counter",
     "Mutex vs Channel vs Atomic (the guide's counter)",
     true,
     {"Mutex", "Channel", "Atomic"}},
    {"lifecycle",
     "Goroutine lifecycle and switching",
     false,
     {"SpawnJoin", "SpawnBurst", "PingPong", "Yield"}},
    {"channels", "Channels", false, {"ChanSPSC", "ChanProdCons", "Chan"}},
    {"select", "Select", false, {"Select"}},
    {"sync", "WaitGroup and RWMutex", false, {"WaitGroup", "RWMutex", "Once", "Cond"}},
    {"ctxtimer", "Context and timers", false, {"Context", "Timer", "Ticker", "After"}},
    {"syscall", "System calls", false, {"Syscall"}},
    {"other", "Other", false, {NULL}},
};
const size_t nfamilies = sizeof families / sizeof families[0];

const family *family_of(const char *bench)
{
    for (size_t i = 0; i < nfamilies; i++)
        for (size_t k = 0; families[i].prefixes[k]; k++) {
            const char *p = families[i].prefixes[k];
            if (families[i].exact ? !strcmp(bench, p) : str_starts(bench, p))
                return &families[i];
        }
    return &families[nfamilies - 1];
}

void family_members(const family *f, const strlist *names, strlist *out)
{
    for (size_t i = 0; i < names->n; i++)
        if (family_of(names->v[i]) == f)
            sl_add(out, names->v[i]);
}
