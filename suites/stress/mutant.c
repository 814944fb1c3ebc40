/*
 * mutant.c — a deliberately wrong layer over a real libgr.so.1, preloaded
 * (LD_PRELOAD) to prove that the stress checker sees each class of bug it
 * claims to: STRESS_MUTANT=drop makes every 5th gr_chan_send report GR_OK
 * without sending (a lost value); STRESS_MUTANT=dup makes a successful
 * receive sometimes hand back the previous value again (a duplicate);
 * STRESS_MUTANT=garbage makes a closed receive leave 0x5A bytes instead of
 * zeros.  The Meson tests 'stress-mutant-*' expect stress to fail.
 *
 * Invariant: with STRESS_MUTANT unset every call is passed through
 * unchanged (the real functions come from dlsym(RTLD_NEXT)).
 */
#include <dlfcn.h>
#include <gr.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic unsigned calls;

static const char *mode(void)
{
    const char *m = getenv("STRESS_MUTANT");
    return m ? m : "";
}

int gr_chan_send(gr_chan *c, const void *elem)
{
    static int (*real)(gr_chan *, const void *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "gr_chan_send");
    if (strcmp(mode(), "drop") == 0 && c && elem && atomic_fetch_add(&calls, 1) % 5 == 4)
        return GR_OK;
    return real(c, elem);
}

int gr_chan_recv(gr_chan *c, void *elem, bool *ok)
{
    static int (*real)(gr_chan *, void *, bool *);
    static _Thread_local unsigned char last[64];
    static _Thread_local bool have;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "gr_chan_recv");
    bool got = false;
    if (strcmp(mode(), "dup") == 0 && have && elem && atomic_fetch_add(&calls, 1) % 3 == 2) {
        memcpy(elem, last, 8);
        if (ok)
            *ok = true;
        return GR_OK;
    }
    int rc = real(c, elem, &got);
    if (ok)
        *ok = got;
    if (rc == GR_OK && got && elem) {
        memcpy(last, elem, 8);
        have = true;
    }
    if (rc == GR_OK && !got && elem && strcmp(mode(), "garbage") == 0)
        memset(elem, 0x5A, 1);
    return rc;
}
