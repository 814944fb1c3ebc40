/*
 * backend.h — `--backend NAME|PATH` for every suite program: the one
 * module that turns a backend's name or path into the libgr.so.1 a program
 * runs on, and the one environment protocol that carries the choice.
 *
 * A suite program is linked once against -lgr and carries a RUNPATH;
 * LD_LIBRARY_PATH comes before RUNPATH, so choosing a backend is running
 * the program with LD_LIBRARY_PATH naming a folder whose libgr.so.1 is the
 * wanted library.  NAME means <backends>/NAME/libgr.so.1 (the build tree's,
 * or the installed one beside an installed program, installed.h); a PATH
 * (anything with a '/') is a libgr.so.1 file under any name, or a folder
 * holding one.  A file not called libgr.so.1 gets a temporary folder with a
 * libgr.so.1 symlink to it.
 *
 * The protocol, the same whoever starts the program (the program itself by
 * re-executing, the stress driver, the harness, check-all under Valgrind):
 *   LD_LIBRARY_PATH  the folder first, then whatever it held before;
 *   GR_BACKEND_LIB   the real path of the library wanted;
 *   GR_BACKEND_NAME  the NAME asked for (unset for a PATH);
 *   GR_BACKEND_TMPDIR  a temporary folder for the started program to remove.
 * A program started that way verifies, before it does anything else, that
 * the library the loader actually mapped is GR_BACKEND_LIB (sb_verify), so
 * a RUNPATH/RPATH mix-up fails loudly instead of testing the wrong backend.
 *
 * Invariants: at most one re-exec (a program that finds GR_BACKEND_LIB
 * equal to what it would choose goes on); messages go to stderr, prefixed
 * with the program's name.
 */
#ifndef GRBENCH_SUITES_BACKEND_H
#define GRBENCH_SUITES_BACKEND_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct sb_backend {
    char name[64];       /* the NAME asked for, "" for a PATH */
    char lib[PATH_MAX];  /* real path of the library */
    char dir[PATH_MAX];  /* a folder whose libgr.so.1 is lib */
    char tmpdir[64];     /* non-empty: dir is a temporary folder (sb_cleanup) */
} sb_backend;

/* Resolve arg; 0, or -1 with a message.  `backends` is the build tree's
 * backends folder (an installed program looks beside itself instead). */
int sb_resolve(const char *prog, const char *arg, const char *backends, sb_backend *b);

/* Remove b's temporary folder, if it has one. */
void sb_cleanup(sb_backend *b);

/* Put the protocol in this process's environment for b (before an exec). */
int sb_export(const sb_backend *b, bool hand_over_tmpdir);

/* Run on arg: return 0 when this process already runs on it (the
 * environment says so), else re-execute /proc/self/exe with argv and the
 * protocol set (returns -1 only if that fails). */
int sb_select(const char *prog, const char *arg, const char *backends, char **argv);

/* In a program started under the protocol (a no-op without it): check that
 * the mapped libgr.so.1 is GR_BACKEND_LIB and remove GR_BACKEND_TMPDIR.
 * loaded gets the mapped library's real path ("?" if unknown).  0, or -1
 * with a message. */
int sb_verify(const char *prog, char *loaded, size_t len);

/* The NAME asked for, or NULL (a PATH, or no --backend). */
const char *sb_requested_name(void);

#endif
