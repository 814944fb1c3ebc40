/*
 * safepoint.c — the safe-point rule of asynchronous preemption
 * (safepoint.h): the main program's executable segments, read once with
 * dl_iterate_phdr, and the interrupted PC of a signal context.
 *
 * Invariants: the segment table is written only by the first probe (under
 * a pthread_once), before any port installs its signal handler, and never
 * again; readers take no lock.
 */
#include "safepoint.h"

#include <link.h>
#include <pthread.h>
#include <ucontext.h>

#define MAX_TEXT 8

static struct { uintptr_t lo, hi; } text[MAX_TEXT];
static int ntext;
static bool usable;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int first_object(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    (void)arg;
    for (int i = 0; i < info->dlpi_phnum && ntext < MAX_TEXT; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            text[ntext].lo = info->dlpi_addr + ph->p_vaddr;
            text[ntext].hi = text[ntext].lo + ph->p_memsz;
            ntext++;
        }
    }
    return 1; /* the first object is the main program: stop */
}

static void probe(void)
{
    dl_iterate_phdr(first_object, NULL);
    /* This very function in the main program: libgr is linked statically,
     * and the rule would let the runtime itself be interrupted. */
    usable = ntext > 0 && !gr__safepoint_pc((uintptr_t)&gr__safepoint_probe);
}

bool gr__safepoint_probe(void)
{
    pthread_once(&once, probe);
    return usable;
}

bool gr__safepoint_pc(uintptr_t pc)
{
    for (int i = 0; i < ntext; i++)
        if (pc >= text[i].lo && pc < text[i].hi)
            return true;
    return false;
}

uintptr_t gr__signal_pc(const void *ucv)
{
    const ucontext_t *uc = ucv;
#if defined(__x86_64__)
    return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
    return (uintptr_t)uc->uc_mcontext.pc;
#else
    (void)uc;
    return 0;
#endif
}
