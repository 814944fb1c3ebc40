/*
 * capture.h — run a piece of a test program in a forked child whose stdout and
 * stderr go to an unlinked temporary file, wait for it with a timeout, and
 * read what it wrote.  Shared by the conformance runner, the stress driver
 * and the fault tests, which all judge a child by its exit and its output.
 *
 * Invariants: the output goes to a file, never a pipe, so a chatty child
 * cannot block; the child leads its own process group, and a timeout kills
 * the whole group; every child is reaped and the file is closed on every
 * path (sc_output closes it).
 */
#ifndef GRBENCH_SUITES_CAPTURE_H
#define GRBENCH_SUITES_CAPTURE_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct sc_child {
    pid_t pid;
    int fd; /* the unlinked output file */
} sc_child;

/* Fork.  Returns 1 in the child (stdin is /dev/null, stdout/stderr go to the
 * file, stdout unbuffered), 0 in the parent, -1 with errno set and nothing
 * left behind when mkstemp or fork fails. */
int sc_fork(sc_child *c);

/* Wait for the child, polling with a short back-off; after timeout_s
 * seconds kill its process group.  Fills *status; returns true when it
 * timed out.  *seconds (if not NULL) gets the time waited. */
bool sc_wait(sc_child *c, double timeout_s, int *status, double *seconds);

/* Everything the child wrote (malloc'd, NUL-terminated; NULL if out of
 * memory), and close the file. */
char *sc_output(sc_child *c);

/* Monotonic seconds. */
double sc_now(void);

#endif
