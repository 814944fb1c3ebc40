/*
 * fuzz_main.c — the libFuzzer entry point (LLVMFuzzerTestOneInput): decodes
 * one input (fuzz.h) into calls outside gr_run, then one gr_run whose main
 * goroutine performs the decoded operations, and checks that gr_run
 * returns GR_OK.  Linked with -fsanitize=fuzzer,address,undefined against a
 * backend's static archive (tools/fuzz-smoke.sh), so ASan/UBSan and
 * LeakSanitizer see the backend's code too.
 *
 * Invariants: gr_run is re-entered once per input (RT-RUN-3), so a backend
 * that leaks or corrupts state across runs is caught by later inputs;
 * inputs are bounded (at most 512 operations) so each runs in
 * milliseconds.
 */
#include "fuzz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPS 512

void fz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz_gr [%s]: invariant broken: ", gr_backend_name());
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

static void main_fn(void *arg)
{
    fz_in *in = arg;
    static fz_state s;
    memset(&s, 0, sizeof s);
    fz_chan_init(&s, in);
    s.ctx[0] = gr_ctx_with_cancel(gr_ctx_background());
    s.ctx[1] = gr_ctx_with_cancel(s.ctx[0]);
    s.ctx[2] = gr_ctx_with_cancel(s.ctx[0]);
    FZ_CHECK(s.ctx[0] && s.ctx[1] && s.ctx[2], "gr_ctx_with_cancel returned NULL");
    for (int k = 0; k < MAX_OPS && in->n > 0; k++) {
        unsigned op = fz_byte(in);
        if (op < 160)
            fz_chan_op(&s, op, in);
        else
            fz_sync_op(&s, op, in);
    }
    fz_sync_fini(&s);
    fz_chan_fini(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = {data, size};
    unsigned cfg = fz_byte(&in);
    fz_outside(fz_byte(&in));
    gr_config c = {.procs = 1 + (int)(cfg % 4)};
    int rc = gr_run(&c, main_fn, &in);
    if (rc != GR_OK)
        fz_fail("gr_run returned %d (%s)", rc, gr_strerror(rc));
    return 0;
}
