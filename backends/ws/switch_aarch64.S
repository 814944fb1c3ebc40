/*
 * switch_aarch64.S — the ws context switch for AArch64 (AAPCS64).
 *
 *   void *ws_switch(void **save_sp, void *new_sp, void *arg);
 *
 * Saves the callee-saved registers x19-x28, the frame pointer x29, the link
 * register x30 and the low halves d8-d15 of v8-v15 in a 160-byte frame on
 * the current stack, stores SP in *save_sp, loads new_sp, restores the
 * frame found there and returns `arg` (in x0) to the restored x30.  No
 * system call.  FPCR is not saved (goroutines share the thread's FP modes).
 *
 * A new goroutine's frame (ctx.c) has x29 = 0 and x30 = ws_trampoline, which
 * calls ws_g_entry(m) with x0 = arg = the M.
 */
    .text
    .globl  ws_switch
    .hidden ws_switch
    .type   ws_switch, %function
    .p2align 4
ws_switch:
    .cfi_startproc
    sub     sp, sp, #160
    stp     x19, x20, [sp, #0]
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    stp     d8,  d9,  [sp, #96]
    stp     d10, d11, [sp, #112]
    stp     d12, d13, [sp, #128]
    stp     d14, d15, [sp, #144]
    mov     x9, sp
    str     x9, [x0]
    mov     sp, x1
    ldp     x19, x20, [sp, #0]
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    ldp     d8,  d9,  [sp, #96]
    ldp     d10, d11, [sp, #112]
    ldp     d12, d13, [sp, #128]
    ldp     d14, d15, [sp, #144]
    add     sp, sp, #160
    mov     x0, x2
    ret
    .cfi_endproc
    .size   ws_switch, .-ws_switch

    .globl  ws_trampoline
    .hidden ws_trampoline
    .type   ws_trampoline, %function
    .p2align 4
ws_trampoline:
    .cfi_startproc
    .cfi_undefined x30
    bl      ws_g_entry
    brk     #0
    .cfi_endproc
    .size   ws_trampoline, .-ws_trampoline

    .section .note.GNU-stack,"",%progbits
