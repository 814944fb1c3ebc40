/*
 * sanitizer.h — annotations that M:N ports put around every stack switch,
 * so that ASan, TSan and Valgrind understand goroutine stacks.
 *
 *   ASan:     __sanitizer_start_switch_fiber before, finish after a switch;
 *   TSan:     one __tsan fiber per goroutine, __tsan_switch_to_fiber before;
 *   Valgrind: VALGRIND_STACK_REGISTER for each mmap'd stack.
 *
 * Each macro compiles to nothing when its tool is not in the build.
 * Invariant: every switch calls gr__san_switch_begin() on the old stack
 * immediately before the switch and gr__san_switch_end() on the new stack
 * immediately after it, with nothing in between that touches the stack.
 */
#ifndef GR_CORE_SANITIZER_H
#define GR_CORE_SANITIZER_H

#include <pthread.h>
#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define GR__ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GR__ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define GR__TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GR__TSAN 1
#endif
#endif

#ifdef GR__ASAN
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
                                     size_t *size_old);
#endif
#ifdef GR__TSAN
void AnnotateIgnoreSyncBegin(const char *file, int line);
void AnnotateIgnoreSyncEnd(const char *file, int line);
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned flags);
void __tsan_destroy_fiber(void *fiber);
void __tsan_switch_to_fiber(void *fiber, unsigned flags);
#endif

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define GR__VG_STACK_REGISTER(lo, hi) VALGRIND_STACK_REGISTER((lo), (hi))
#define GR__VG_STACK_DEREGISTER(id)   VALGRIND_STACK_DEREGISTER(id)
#else
#define GR__VG_STACK_REGISTER(lo, hi) 0u
#define GR__VG_STACK_DEREGISTER(id)   ((void)(id))
#endif

/* Scheduler bookkeeping that is not synchronisation in Go's memory model
 * (P-token hand-off, run-queue locks): ThreadSanitizer must not derive
 * happens-before edges from it, or it hides races between goroutines that
 * merely ran one after the other (Go's race detector does not instrument
 * its scheduler either).  Bracket such code with these. */
#ifdef GR__TSAN
#define GR__TSAN_IGNORE_SYNC_BEGIN() AnnotateIgnoreSyncBegin(__FILE__, __LINE__)
#define GR__TSAN_IGNORE_SYNC_END()   AnnotateIgnoreSyncEnd(__FILE__, __LINE__)
#else
#define GR__TSAN_IGNORE_SYNC_BEGIN() ((void)0)
#define GR__TSAN_IGNORE_SYNC_END()   ((void)0)
#endif

/* Per-switch state kept by the port in the thing being left. */
typedef struct gr__san_ctx {
    void *asan_fake_stack; /* ASan's fake-stack handle of the suspended side */
    void *tsan_fiber;      /* TSan fiber of this goroutine/scheduler context */
    const void *stack_lo;  /* the stack this context runs on (for ASan) */
    size_t stack_size;
} gr__san_ctx;

/* Describe the calling OS thread's own stack as a switch context (an M's
 * scheduler context, g0): its bounds for ASan and its TSan fiber. */
static inline void gr__san_thread_init(gr__san_ctx *c)
{
    pthread_attr_t a;
    void *lo = NULL;
    size_t sz = 0;
    if (pthread_getattr_np(pthread_self(), &a) == 0) {
        pthread_attr_getstack(&a, &lo, &sz);
        pthread_attr_destroy(&a);
    }
    c->stack_lo = lo;
    c->stack_size = sz;
    c->asan_fake_stack = NULL;
#ifdef GR__TSAN
    c->tsan_fiber = __tsan_get_current_fiber();
#else
    c->tsan_fiber = NULL;
#endif
}

/* About to leave `from` for `to` (call on from's stack).  `dying`: from
 * never resumes (ASan frees its fake stack). */
static inline void gr__san_switch_begin(gr__san_ctx *from, const gr__san_ctx *to, int dying)
{
    (void)from;
    (void)to;
    (void)dying;
#ifdef GR__ASAN
    __sanitizer_start_switch_fiber(dying ? NULL : &from->asan_fake_stack, to->stack_lo,
                                   to->stack_size);
#endif
#ifdef GR__TSAN
    __tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
}

/* Arrived in `self` (call on self's stack right after the switch). */
static inline void gr__san_switch_end(gr__san_ctx *self)
{
    (void)self;
#ifdef GR__ASAN
    __sanitizer_finish_switch_fiber(self->asan_fake_stack, NULL, NULL);
#endif
}

#endif /* GR_CORE_SANITIZER_H */
