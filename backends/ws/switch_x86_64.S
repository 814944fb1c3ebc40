/*
 * switch_x86_64.S — the ws context switch for x86-64 (System V ABI).
 *
 *   void *ws_switch(void **save_sp, void *new_sp, void *arg);
 *
 * Pushes the callee-saved registers (rbp, rbx, r12-r15) on the current
 * stack, stores the stack pointer in *save_sp, loads new_sp, pops the
 * registers saved there and returns `arg` (in rax) on the other side.  The
 * caller-saved registers are dead across a call by the ABI, so they are not
 * saved.  No system call, no signal mask: that is the point (ucontext's
 * swapcontext pays a sigprocmask).  MXCSR and the x87 control word are not
 * saved either (like Go's gogo): goroutines share the thread's FP modes.
 *
 * A new goroutine's stack is prepared by ws_ctx_make (ctx.c) with six zero
 * registers and ws_trampoline as the return address, so its first switch
 * "returns" into ws_trampoline with arg (the M) in rax, which calls
 * ws_g_entry(m) on a 16-byte aligned stack.
 */
    .text
    .globl  ws_switch
    .hidden ws_switch
    .type   ws_switch, @function
    .p2align 4
ws_switch:
    .cfi_startproc
    pushq   %rbp
    pushq   %rbx
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    movq    %rsp, (%rdi)
    movq    %rsi, %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %rbx
    popq    %rbp
    movq    %rdx, %rax
    ret
    .cfi_endproc
    .size   ws_switch, .-ws_switch

    .globl  ws_trampoline
    .hidden ws_trampoline
    .type   ws_trampoline, @function
    .p2align 4
ws_trampoline:
    .cfi_startproc
    .cfi_undefined rip
    movq    %rax, %rdi
    call    ws_g_entry
    ud2
    .cfi_endproc
    .size   ws_trampoline, .-ws_trampoline

    .section .note.GNU-stack,"",@progbits
