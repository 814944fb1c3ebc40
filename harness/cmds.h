/* cmds.h — the subcommands of grbench and what they share: each takes the
 * arguments after its name and returns the process exit status
 * (0 ok; 1 a finding: failed cells, failed clauses, a regression; 2 usage or
 * input error). */
#ifndef GRBENCH_CMDS_H
#define GRBENCH_CMDS_H

int cmd_run(int argc, char **argv);
int cmd_conformance(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_ab(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_profile(int argc, char **argv);

/* Defaults baked in by Meson, overridable with --source / --build /
 * --results-dir and the GRBENCH_SOURCE_DIR / GRBENCH_BUILD_DIR environment. */
const char *default_source_dir(void);
const char *default_build_dir(void);
char *default_results_dir(void);
/* Resolve a result-set argument: a path, a run id under the results dir, or
 * "latest" (the newest set).  malloc'd path or NULL (reported). */
char *resolve_set(const char *arg, const char *results_dir);

#endif
