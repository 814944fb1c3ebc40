/*
 * preempt_x86_64.S — the asynchronous-preemption trampoline of ws for
 * x86-64 (System V ABI); preempt.c has the design.
 *
 *   void ws_preempt_tramp(void);   never called: "entered" by on_sigurg
 *
 * On entry (the signal context rewritten by on_sigurg):
 *   rsp = interrupted rsp - 128 - 8, [rsp] = the interrupted rip,
 *   every other register as the interrupted code left it.
 * It saves rflags, the 15 general-purpose registers and the whole FP/SIMD
 * state (XSAVE of every component XCR0 enables, into a 64-byte aligned
 * area whose header is zeroed first; FXSAVE when ws_xsave_size is 0),
 * clears DF as the ABI requires at a call, calls ws_async_preempt on a
 * 16-byte aligned stack, restores everything in reverse and returns with
 * `ret $128`: rip = the interrupted rip, rsp = the interrupted rsp.  The
 * interrupted code's red zone (the 128 bytes below its rsp) is never
 * written.  rbp holds the frame across the call (callee-saved).
 */
    .text
    .globl  ws_preempt_tramp
    .hidden ws_preempt_tramp
    .type   ws_preempt_tramp, @function
    .p2align 4
ws_preempt_tramp:
    .cfi_startproc
    pushfq
    pushq   %rax
    pushq   %rbx
    pushq   %rcx
    pushq   %rdx
    pushq   %rsi
    pushq   %rdi
    pushq   %rbp
    pushq   %r8
    pushq   %r9
    pushq   %r10
    pushq   %r11
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    movq    %rsp, %rbp
    movq    ws_xsave_size(%rip), %rax
    testq   %rax, %rax
    jz      1f
    subq    %rax, %rsp
    andq    $-64, %rsp
    xorl    %eax, %eax                  /* zero the XSAVE header (bytes 512..575) */
    movq    %rax, 512(%rsp)
    movq    %rax, 520(%rsp)
    movq    %rax, 528(%rsp)
    movq    %rax, 536(%rsp)
    movq    %rax, 544(%rsp)
    movq    %rax, 552(%rsp)
    movq    %rax, 560(%rsp)
    movq    %rax, 568(%rsp)
    movl    $-1, %eax
    movl    $-1, %edx
    xsave64 (%rsp)
    cld
    call    ws_async_preempt
    movl    $-1, %eax
    movl    $-1, %edx
    xrstor64 (%rsp)
    jmp     2f
1:  subq    $512, %rsp
    andq    $-64, %rsp
    fxsave64 (%rsp)
    cld
    call    ws_async_preempt
    fxrstor64 (%rsp)
2:  movq    %rbp, %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %r11
    popq    %r10
    popq    %r9
    popq    %r8
    popq    %rbp
    popq    %rdi
    popq    %rsi
    popq    %rdx
    popq    %rcx
    popq    %rbx
    popq    %rax
    popfq
    ret     $128
    .cfi_endproc
    .size   ws_preempt_tramp, .-ws_preempt_tramp

    .section .note.GNU-stack,"",@progbits
