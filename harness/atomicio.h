/* atomicio.h — crash-safe writes.  A file is written to "<path>.tmp-<pid>",
 * flushed, fsync'd and renamed over <path>; a directory is assembled under a
 * hidden temporary name beside its final name and renamed into place once.
 *
 * Invariants: a reader never sees a half-written file; a directory that
 * already exists at the final name is never replaced (dir_commit fails
 * instead), so an earlier result set is never modified by a later run. */
#ifndef GRBENCH_ATOMICIO_H
#define GRBENCH_ATOMICIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *f;
    char *path;
    char *tmp;
} afile;

/* Open a temp file for writing; 0 or -1 (reported). */
int afile_open(afile *a, const char *path);
/* Flush, fsync and rename into place; 0 or -1 (temp removed on failure). */
int afile_commit(afile *a);
void afile_abort(afile *a);
int atomic_write(const char *path, const char *data, size_t len);

/* Create "<parent>/.tmp-<name>-<pid>" (fresh, empty); malloc'd path or NULL. */
char *dir_begin(const char *parent, const char *name);
/* Rename tmp to final; fails (never replaces) if final exists. */
int dir_commit(const char *tmp, const char *final);
/* Replace a derived directory (plots/): new goes in, old is removed after. */
int dir_replace(const char *tmp, const char *final);

#endif
