/*
 * ctx.c — per-M thread-local state and the first frame of a goroutine's
 * stack for the hand-written switches.
 *
 * Invariants:
 *   - the M pointer of a thread is read only through ws_getm(), which the
 *     compiler may neither inline nor analyse (noipa) and which clobbers
 *     memory: after any switch point a goroutine may run on another thread,
 *     and a cached TLS address would still name the old thread's M;
 *   - a new G's stack holds, at its top, a frame that ws_switch pops into
 *     ws_trampoline with a 16-byte aligned stack (x86-64: rsp % 16 == 0 at
 *     the call; aarch64: sp % 16 == 0).
 */
#include "ws.h"

#include <string.h>

static _Thread_local ws_m *tls_m;

WS_OPAQUE ws_m *ws_getm(void)
{
    __asm__ __volatile__("" ::: "memory");
    return tls_m;
}

/* Port op current, read straight from TLS: it is a leaf that never
 * switches, and noinline/noipa keeps it from being inlined into code that
 * does (the same rule as ws_getm). */
WS_OPAQUE gr_g *ws_current(void)
{
    __asm__ __volatile__("" ::: "memory");
    ws_m *m = tls_m;
    return m && m->curg ? &m->curg->g : NULL;
}

WS_OPAQUE void ws_setm(ws_m *m)
{
    __asm__ __volatile__("" ::: "memory");
    tls_m = m;
}

#ifdef WS_SWITCH_ASM
void ws_trampoline(void); /* switch_<arch>.S */

int ws_ctx_make(ws_ctx *ctx, void *lo, size_t size)
{
    uintptr_t top = ((uintptr_t)lo + size) & ~(uintptr_t)15;
#if defined(__x86_64__)
    /* [sp+0..40] r15 r14 r13 r12 rbx rbp, [sp+48] return address. */
    void **sp = (void **)(top - 56);
    memset(sp, 0, 48);
    sp[6] = (void *)ws_trampoline;
#elif defined(__aarch64__)
    /* 160-byte frame: x19..x28, x29 (0), x30 (= ws_trampoline), d8..d15. */
    void **sp = (void **)(top - 160);
    memset(sp, 0, 160);
    sp[11] = (void *)ws_trampoline;
#else
#error "WS_SWITCH_ASM on an architecture without switch_<arch>.S"
#endif
    ctx->sp = sp;
    return GR_OK;
}
#endif
