/*
 * ledger.h — what the invariant checker records while one program runs:
 * the fate of every value id (sent, refused with GR_ECLOSED, or never
 * sent), how often and where each id was received, what was still
 * buffered at the end, counts for zero-size channels, and the outcome of
 * every close.
 *
 * Invariants: an id's send fate is written only by its sender; receive
 * counts are atomic (a duplicate delivery is itself a finding and must not
 * be a data race in the checker); everything is read by main only after
 * the all-workers WaitGroup, which orders it after the writes.
 */
#ifndef STRESS_LEDGER_H
#define STRESS_LEDGER_H

#include "stress.h"

#include <stdatomic.h>

enum { SP_UNSENT = 0, SP_SENT = 1, SP_REFUSED = 2 };

/* Report a violation (any goroutine): prints "VIOLATION: ..." and counts it. */
void sp_violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int sp_violations(void);
/* End a child: print the driver's result line ("stress-child: rc=N
 * violations=N backend=NAME", the last line driver.c parses) for gr_run's
 * rc and return the child's exit status (1 if anything was violated). */
int sp_child_finish(int rc);

void sp_ledger_reset(const sp_prog *p);
/* Fill buf (esize bytes) with the encoding of id; esize 0 writes nothing. */
void sp_encode(void *buf, size_t esize, uint32_t id);
/* The sender's record of what happened to id on channel c. */
void sp_note_send(int c, uint32_t id, size_t esize, int fate);
/* A receive on channel c returned ok/!ok with buf: checks and records it.
 * `receiver` is the goroutine index (-1 = main's final drain). */
void sp_note_recv(int c, const void *buf, size_t esize, bool ok, int receiver, bool drain);
void sp_note_close(int c, int rc);
/* After every worker finished and every channel was drained: check the
 * whole ledger (exactly-once, nothing invented, one successful close). */
void sp_ledger_check(const sp_prog *p);
/* One line of totals ("stress-child: sent=N received=N buffered=N refused=N"). */
void sp_ledger_summary(const sp_prog *p, FILE *out);

#endif /* STRESS_LEDGER_H */
