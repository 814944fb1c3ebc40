/*
 * switch_ucontext.c — the ws context switch on architectures without a
 * hand-written switch_<arch>.S: swapcontext (which also saves the signal
 * mask, one system call per switch: slower, but portable).  meson.build
 * compiles either this file or the .S, never both.
 *
 * Invariant: the value passed through a switch travels in a thread-local
 * variable written just before swapcontext and read just after it through
 * a noinline accessor, on the same thread as the write (a switch never
 * crosses threads; a goroutine resumed later on another thread reads the
 * value its resumer wrote on that thread).
 */
#include "ws.h"

#include <stdlib.h>

static _Thread_local void *transfer;

static WS_OPAQUE void set_transfer(void *v)
{
    __asm__ __volatile__("" ::: "memory");
    transfer = v;
}

static WS_OPAQUE void *get_transfer(void)
{
    __asm__ __volatile__("" ::: "memory");
    return transfer;
}

void *ws_ctx_switch(ws_ctx *from, ws_ctx *to, void *arg)
{
    set_transfer(arg);
    swapcontext(&from->uc, &to->uc);
    return get_transfer();
}

static void uc_entry(void)
{
    ws_g_entry(get_transfer());
}

int ws_ctx_make(ws_ctx *ctx, void *lo, size_t size)
{
    if (!ctx->valid) {
        if (getcontext(&ctx->uc) != 0)
            return GR_ENOMEM;
        ctx->valid = true;
    }
    ctx->uc.uc_stack.ss_sp = lo;
    ctx->uc.uc_stack.ss_size = size;
    ctx->uc.uc_stack.ss_flags = 0;
    ctx->uc.uc_link = NULL;
    makecontext(&ctx->uc, uc_entry, 0);
    return GR_OK;
}
