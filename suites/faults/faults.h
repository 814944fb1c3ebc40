/*
 * faults.h — the fault cases of faults.c, each the body of a forked child
 * that returns its exit status (0 pass, 1 fail, FAULT_SKIP skip), and the
 * helpers they share (common.c).
 *
 * Invariant: a child prints one line per check it makes, so a failure's
 * output says which check failed and with what values.
 */
#ifndef FAULTS_H
#define FAULTS_H

#include <gr.h>
#include <stdbool.h>
#include <stdio.h>

#define FAULT_SKIP 77

int fault_stack_child(void);
int fault_nomem_child(void);
int fault_threads_child(void);

/* common.c */
/* A goroutine that blocks receiving from the channel arg until it is closed. */
void fault_blocker(void *arg);
/* Wait (sleeping 1 ms) until only main is left; false after limit_s. */
bool fault_wait_main_only(int limit_s);
/* Start a goroutine, pass a value through a channel both ways: the runtime
 * still works.  Prints what failed; returns true when it works. */
bool fault_runtime_usable(const char *when);

#endif /* FAULTS_H */
