/*
 * safepoint.c — the safe-point rule of asynchronous preemption
 * (safepoint.h): the main program's executable segments, read once with
 * dl_iterate_phdr, and the interrupted PC of a signal context.
 *
 * Invariants: the segment table is written only by the first probe (under
 * a pthread_once), before any port installs its signal handler, and never
 * again; readers take no lock.  The program's own SIGURG action is saved
 * by install and read by chain only while ours is installed.
 */
#include "safepoint.h"

#include <link.h>
#include <pthread.h>
#include <string.h>
#include <ucontext.h>

#define MAX_TEXT 8

static struct {
    uintptr_t lo, hi;
} text[MAX_TEXT];
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

static struct sigaction program_urg; /* the program's own SIGURG action */
static bool urg_installed;

bool gr__preempt_signal_install(void (*handler)(int, siginfo_t *, void *))
{
    if (urg_installed)
        return true;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, GR__PREEMPT_SIGNAL);
    if (sigaction(GR__PREEMPT_SIGNAL, &sa, &program_urg) != 0)
        return false;
    urg_installed = true;
    return true;
}

void gr__preempt_signal_restore(void)
{
    if (!urg_installed)
        return;
    sigaction(GR__PREEMPT_SIGNAL, &program_urg, NULL); /* one still in flight finds it */
    urg_installed = false;
}

void gr__preempt_signal_chain(int sig, siginfo_t *si, void *uc)
{
    if (program_urg.sa_flags & SA_SIGINFO) {
        if (program_urg.sa_sigaction)
            program_urg.sa_sigaction(sig, si, uc);
    } else if (program_urg.sa_handler != SIG_DFL && program_urg.sa_handler != SIG_IGN) {
        program_urg.sa_handler(sig);
    }
}
