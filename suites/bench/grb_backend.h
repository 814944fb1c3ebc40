/*
 * grb_backend.h — the `--backend NAME|PATH` flag shared by the bench binary
 * and the workloads: pick a libgr.so.1 at run time by re-executing the
 * program with LD_LIBRARY_PATH pointing at it (binaries carry RUNPATH,
 * which LD_LIBRARY_PATH overrides).
 *
 * Invariants: at most one re-exec per process (the flag is removed from the
 * argv that is re-executed, so the new image never sees it); NAME resolves
 * to <build root>/backends/NAME (GRB_BUILD_ROOT, set at configure time),
 * or to ../../backends/NAME beside an installed copy (installed.h);
 * PATH is a directory holding libgr.so.1, or the path of a libgr.so.1.
 * After the re-exec GRB_BACKEND_REQUESTED holds what was asked for, so the
 * program can check gr_backend_name() against it.
 */
#ifndef GRB_BACKEND_H
#define GRB_BACKEND_H

/* Scan argv for "--backend X" / "--backend=X".  Absent: return 0 and leave
 * argv alone.  Present: re-exec (does not return on success); returns -1
 * after printing why on a bad value or a failed exec. */
int grb_backend_reexec(int argc, char **argv);

/* After a re-exec by NAME: the name that was requested, else NULL. */
const char *grb_backend_requested(void);

/* Check that gr_backend_name() (given as `actual`) is what --backend NAME
 * asked for.  Returns 0 when it is, or nothing was asked by name; prints a
 * diagnostic to stderr and returns -1 otherwise. */
int grb_backend_check(const char *actual);

#endif /* GRB_BACKEND_H */
