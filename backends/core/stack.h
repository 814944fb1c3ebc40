/*
 * stack.h — goroutine stacks: mmap'd with a guard page, pooled for reuse,
 * and a SIGSEGV handler on an alternate signal stack that turns a hit on a
 * guard page into the diagnostic "goroutine stack overflow".
 *
 * First touch of a page costs about 12 us on the reference machines, so a
 * stack is never unmapped while the pool has room: gr__stack_put() keeps it
 * (and its touched pages) for the next goroutine.
 *
 * Invariants:
 *   - [map, map + GR__GUARD) is a guard page (a MADV_GUARD_INSTALL marker,
 *     or PROT_NONE on kernels before 6.13); [lo, lo + size) is usable;
 *     lo == map + GR__GUARD; the stack grows down from lo + size;
 *   - the pool only holds stacks of one size (the last one asked for);
 *   - each OS thread that runs goroutines calls gr__stack_thread_init()
 *     once, and the port calls gr__stack_set_current() whenever the stack
 *     that the thread runs on changes (a plain thread-local store).
 */
#ifndef GR_CORE_STACK_H
#define GR_CORE_STACK_H

#include <stddef.h>

#define GR__GUARD ((size_t)4096)

typedef struct gr__stack {
    char *map;      /* mapping start (the guard page) */
    char *lo;       /* lowest usable byte */
    size_t size;    /* usable bytes */
    unsigned vg_id; /* Valgrind stack id */
} gr__stack;

/* Round a requested size to whole pages (at least GR__STACK_MIN). */
size_t gr__stack_round(size_t size);

/* Get a stack of `size` usable bytes (from the pool when possible).
 * Returns 0 or GR_ENOMEM. */
int gr__stack_get(gr__stack *s, size_t size);
/* Return a stack to the pool (or unmap it when the pool is full). */
void gr__stack_put(gr__stack *s);
/* Unmap every pooled stack.  A port may call it from shutdown to give
 * memory back (boostfiber does, on request); the others keep the pool for
 * the next gr_run. */
void gr__stack_pool_drain(void);

/* Install the process-wide SIGSEGV/SIGBUS handler (idempotent). */
void gr__stack_guard_install(void);
/* Give the calling thread an alternate signal stack (idempotent per thread). */
int gr__stack_thread_init(void);
/* The stack that the calling thread runs on now (NULL: its own). */
void gr__stack_set_current(const gr__stack *s);

#endif /* GR_CORE_STACK_H */
