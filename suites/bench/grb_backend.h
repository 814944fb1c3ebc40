/*
 * grb_backend.h — the `--backend NAME|PATH` flag shared by the bench binary
 * and the workloads, over the suites' one selector (suites/common/
 * backend.h: LD_LIBRARY_PATH, GR_BACKEND_LIB and GR_BACKEND_NAME).
 *
 * Invariants: at most one re-exec per process (the flag is removed from the
 * argv that is re-executed, and a process already started on the library
 * by the protocol is not re-executed); NAME resolves to <build root>/
 * backends/NAME (GRB_BUILD_ROOT, set at configure time), or to
 * ../../backends/NAME beside an installed copy (installed.h); PATH is a
 * folder holding libgr.so.1, or a library file under any name.
 */
#ifndef GRB_BACKEND_H
#define GRB_BACKEND_H

/* Scan argv for "--backend X" / "--backend=X".  Absent, or already running
 * on X: return 0.  Otherwise re-exec without the flag (does not return on
 * success); returns -1 after printing why on a bad value or a failed exec. */
int grb_backend_reexec(int argc, char **argv);

/* After a re-exec by NAME: the name that was requested, else NULL. */
const char *grb_backend_requested(void);

/* Check that the mapped library is the one asked for (sb_verify), and that
 * gr_backend_name() (given as `actual`) is what --backend NAME asked for.
 * Returns 0 when both hold (or nothing was asked); prints a diagnostic to
 * stderr and returns -1 otherwise. */
int grb_backend_check(const char *actual);

#endif /* GRB_BACKEND_H */
