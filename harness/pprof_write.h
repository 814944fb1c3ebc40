/* pprof_write.h — turn the text of `perf script -F comm,tid,period,ip,sym,dso`
 * into a profile that pprof opens (the perftools.profiles.Profile protocol
 * buffer, written uncompressed: pprof and `go tool pprof` accept it as is).
 *
 * Invariants: the output is always a valid profile when 0 is returned: the
 * string table starts with "", every sample has exactly two values
 * (samples/count and cpu/nanoseconds), every location and function id used
 * is defined once and is non-zero.  Locations are per function (dso+symbol),
 * not per address: the file answers "which functions", which is what the
 * quickstart is for; `perf report` on perf.data keeps the addresses. */
#ifndef GRBENCH_PPROF_WRITE_H
#define GRBENCH_PPROF_WRITE_H

#include <stddef.h>

/* Read the perf script text at script_path, write the profile to out_path
 * (atomically).  *nsamples gets the number of samples.  0, or -1 (reported). */
int pprof_from_perf_script(const char *script_path, const char *out_path, size_t *nsamples);

#endif
