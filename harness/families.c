/* families.c — the family table of families.h (the benchmark set of
 * suites/bench/README.md).
 * The first family (the guide's counter trio) matches names exactly, so that
 * "RWMutexReadMostly" or "ChanSPSC" do not fall into it; the others match
 * name prefixes. */
#include "families.h"
#include "util.h"

#include <string.h>

const family families[] = {
    { "counter", "Mutex vs Channel vs Atomic (the guide's counter)", { "Mutex", "Channel", "Atomic" } },
    { "lifecycle", "Goroutine lifecycle and switching", { "SpawnJoin", "SpawnBurst", "PingPong", "Yield" } },
    { "channels", "Channels", { "ChanSPSC", "ChanProdCons", "Chan" } },
    { "select", "Select", { "Select" } },
    { "sync", "WaitGroup and RWMutex", { "WaitGroup", "RWMutex", "Once", "Cond" } },
    { "ctxtimer", "Context and timers", { "Context", "Timer", "Ticker", "After" } },
    { "syscall", "System calls", { "Syscall" } },
    { "other", "Other", { NULL } },
};
const size_t nfamilies = sizeof families / sizeof families[0];

const family *family_of(const char *bench)
{
    for (size_t i = 0; i + 1 < nfamilies; i++)
        for (size_t k = 0; families[i].prefixes[k]; k++) {
            const char *p = families[i].prefixes[k];
            if (i == 0 ? !strcmp(bench, p) : str_starts(bench, p)) return &families[i];
        }
    return &families[nfamilies - 1];
}
