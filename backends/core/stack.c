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

/* Stacks are carved from chunks of CHUNK_STACKS slots, one mmap each, and
 * each slot's guard page is installed with MADV_GUARD_INSTALL (Linux 6.13+),
 * which marks the page without splitting the mapping.  With mprotect each
 * stack would cost two mappings, and vm.max_map_count (65530 by default)
 * would cap the live goroutines near 32,700.  On older kernels we fall back
 * to mprotect and live with that cap.
 *
 * The pool: a LIFO of warm stacks (their touched pages kept, so reuse costs
 * no first touch), bounded by POOL_MAX, and an unbounded LIFO of cold ones
 * whose pages were returned to the kernel with MADV_DONTNEED (the guard
 * survives it).  Both hold stacks of one size, under one core lock. */
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif
#define CHUNK_STACKS 64
#define POOL_MAX     4096

static gr__lock pool_lock = GR__LOCK_INIT;
static gr__stack warm[POOL_MAX];
static size_t warm_n;
static gr__stack *cold;
static size_t cold_n, cold_cap;
static size_t pool_size;             /* the size every pooled stack has */
static char *chunk_next, *chunk_end; /* the chunk being carved */
static size_t chunk_size;            /* slot size of that chunk */
static int guard_mode;               /* 0 unknown, 1 madvise, 2 mprotect */

/* The guard range of the stack this thread runs on (set by the port).
 * initial-exec: one %fs-relative access on every switch. */
static _Thread_local const char *cur_guard_lo __attribute__((tls_model("initial-exec")));
static _Thread_local const char *cur_guard_hi __attribute__((tls_model("initial-exec")));
static _Thread_local void *altstack;

size_t gr__stack_round(size_t size)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    if (size < GR__STACK_MIN)
        size = GR__STACK_MIN;
    return (size + pg - 1) / pg * pg;
}

static int install_guard(char *g)
{
    if (guard_mode != 2) {
        if (madvise(g, GR__GUARD, MADV_GUARD_INSTALL) == 0) {
            guard_mode = 1;
            return 0;
        }
        if (guard_mode == 1)
            return GR_ENOMEM;
        guard_mode = 2; /* kernel without guard markers */
    }
    return mprotect(g, GR__GUARD, PROT_NONE) == 0 ? 0 : GR_ENOMEM;
}

/* Carve a new stack; pool_lock held. */
static int stack_carve(gr__stack *s, size_t size)
{
    size_t slot = size + GR__GUARD;
    if (chunk_size != slot || chunk_next == NULL || chunk_next + slot > chunk_end) {
        char *m = mmap(NULL, slot * CHUNK_STACKS, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED)
            return GR_ENOMEM;
        /* The rest of an older chunk is abandoned address space (never
         * touched, so it costs no memory). */
        chunk_next = m;
        chunk_end = m + slot * CHUNK_STACKS;
        chunk_size = slot;
    }
    char *m = chunk_next;
    if (install_guard(m) != 0)
        return GR_ENOMEM;
    chunk_next += slot;
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
    if (pool_size != size) {
        /* A new size (a gr_run with another stack_size): the pooled stacks
         * no longer fit.  Rare; unmap them. */
        while (warm_n > 0)
            stack_unmap(&warm[--warm_n]);
        while (cold_n > 0)
            stack_unmap(&cold[--cold_n]);
        pool_size = size;
    }
    int rc = 0;
    if (warm_n > 0)
        *s = warm[--warm_n];
    else if (cold_n > 0)
        *s = cold[--cold_n];
    else
        rc = stack_carve(s, size);
    gr__lock_release(&pool_lock);
    return rc;
}

void gr__stack_put(gr__stack *s)
{
    gr__lock_acquire(&pool_lock);
    if (s->size != pool_size) {
        gr__lock_release(&pool_lock);
        stack_unmap(s);
        return;
    }
    if (warm_n < POOL_MAX) {
        warm[warm_n++] = *s;
        gr__lock_release(&pool_lock);
        return;
    }
    if (cold_n == cold_cap) {
        size_t ncap = cold_cap ? cold_cap * 2 : 1024;
        gr__stack *nc = realloc(cold, ncap * sizeof *nc);
        if (!nc) {
            gr__lock_release(&pool_lock);
            stack_unmap(s);
            return;
        }
        cold = nc;
        cold_cap = ncap;
    }
    cold[cold_n++] = *s;
    gr__lock_release(&pool_lock);
    /* Give the pages back; the range (and its guard) stays ours. */
    madvise(s->lo, s->size, MADV_DONTNEED);
}

void gr__stack_pool_drain(void)
{
    gr__lock_acquire(&pool_lock);
    while (warm_n > 0)
        stack_unmap(&warm[--warm_n]);
    while (cold_n > 0)
        stack_unmap(&cold[--cold_n]);
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
