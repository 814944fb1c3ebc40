/*
 * stack.c — mmap'd goroutine stacks with guard pages, their pool, and the
 * stack-overflow diagnostic (see stack.h for the invariants).
 */
#include "stack.h"

#include "lock.h"
#include "port.h"
#include "sanitizer.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The pool: a LIFO of stacks of one size, under a core lock.  Ports with
 * per-P caches (ws) sit in front of it. */
#define POOL_MAX 4096
static gr__lock pool_lock = GR__LOCK_INIT;
static gr__stack pool[POOL_MAX];
static size_t pool_n;

/* The guard range of the stack this thread runs on (set by the port). */
static _Thread_local const char *cur_guard_lo, *cur_guard_hi;
static _Thread_local void *altstack;

size_t gr__stack_round(size_t size)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    if (size < GR__STACK_MIN)
        size = GR__STACK_MIN;
    return (size + pg - 1) / pg * pg;
}

static int stack_map(gr__stack *s, size_t size)
{
    size_t len = size + GR__GUARD;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED)
        return GR_ENOMEM;
    if (mprotect(m, GR__GUARD, PROT_NONE) != 0) {
        munmap(m, len);
        return GR_ENOMEM;
    }
    s->map = m;
    s->lo = m + GR__GUARD;
    s->size = size;
    s->vg_id = GR__VG_STACK_REGISTER(s->lo, s->lo + size);
    return 0;
}

static void stack_unmap(gr__stack *s)
{
    GR__VG_STACK_DEREGISTER(s->vg_id);
    munmap(s->map, s->size + GR__GUARD);
    s->map = s->lo = NULL;
}

int gr__stack_get(gr__stack *s, size_t size)
{
    gr__lock_acquire(&pool_lock);
    if (pool_n > 0 && pool[pool_n - 1].size == size) {
        *s = pool[--pool_n];
        gr__lock_release(&pool_lock);
        return 0;
    }
    gr__lock_release(&pool_lock);
    return stack_map(s, size);
}

void gr__stack_put(gr__stack *s)
{
    gr__lock_acquire(&pool_lock);
    if (pool_n < POOL_MAX && (pool_n == 0 || pool[0].size == s->size)) {
        pool[pool_n++] = *s;
        gr__lock_release(&pool_lock);
        return;
    }
    gr__lock_release(&pool_lock);
    stack_unmap(s);
}

void gr__stack_pool_drain(void)
{
    gr__lock_acquire(&pool_lock);
    while (pool_n > 0)
        stack_unmap(&pool[--pool_n]);
    gr__lock_release(&pool_lock);
}

void gr__stack_set_current(const gr__stack *s)
{
    cur_guard_lo = s ? s->map : NULL;
    cur_guard_hi = s ? s->lo : NULL;
}

/* ---- the diagnostic ---------------------------------------------------- */

static struct sigaction old_segv, old_bus;

static void write_str(const char *s)
{
    ssize_t r = write(2, s, strlen(s));
    (void)r;
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    const char *a = (const char *)si->si_addr;
    /* A frame larger than the guard may jump past it: accept 64 KiB below. */
    if (cur_guard_lo && a < cur_guard_hi && a + 65536 >= cur_guard_lo) {
        write_str("goroutine stack overflow\n"
                  "fatal error: stack overflow (hit the guard page of a goroutine stack;"
                  " raise gr_config.stack_size)\n");
        _exit(2);
    }
    /* Not ours: chain to the previous handler, or die as the default would. */
    struct sigaction *old = sig == SIGBUS ? &old_bus : &old_segv;
    if (old->sa_flags & SA_SIGINFO && old->sa_sigaction) {
        old->sa_sigaction(sig, si, uc);
        return;
    }
    if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN && old->sa_handler) {
        old->sa_handler(sig);
        return;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void gr__stack_guard_install(void)
{
    static _Atomic int installed;
    int zero = 0;
    /* acq_rel: one installer; later callers need no data from it. */
    if (!atomic_compare_exchange_strong_explicit(&installed, &zero, 1, memory_order_acq_rel,
                                                 memory_order_relaxed))
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
}

int gr__stack_thread_init(void)
{
    if (altstack)
        return 0;
    size_t sz = 64 * 1024;
    void *m = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return GR_ENOMEM;
    stack_t ss = {.ss_sp = m, .ss_size = sz, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) {
        munmap(m, sz);
        return GR_ENOMEM;
    }
    altstack = m;
    return 0;
}
