/* report_reliability.c — the "Reliability checks" section of REPORT.md,
 * generated from the reliability.json that tools/check-all.sh writes
 * (`make check-all`): what was checked, on which backend, how many
 * conformance tests, stress seeds and fuzz inputs ran, and what was found.
 *
 * Invariants: the section only states what the file says (nothing is
 * typed by hand); a missing file yields a one-line pointer to
 * `make check-all`, and a malformed one a clear error (exit 2 upstream),
 * never a half-written report (the caller writes through atomicio). */
#include "report_reliability.h"

#include "util.h"

#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static long long num(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) ? json_integer_value(v)
           : json_is_real(v)  ? (long long)json_real_value(v)
                              : -1;
}

int report_reliability(FILE *f, const char *path)
{
    fprintf(f, "## Reliability checks\n\n");
    struct stat st;
    if (!path || stat(path, &st) != 0) {
        fprintf(
            f,
            "*No reliability summary: run `make check-all` (ASan+UBSan, TSan and Valgrind over "
            "the conformance suite and the stress tester, fault tests, fuzzing) before `make report`.*\n\n");
        return 0;
    }
    json_error_t e;
    json_t *root = json_load_file(path, 0, &e);
    if (!root || !json_is_object(root)) {
        err("%s:%d: not a reliability summary: %s", path, e.line, e.text);
        json_decref(root);
        return -1;
    }
    json_t *steps = json_object_get(root, "steps");
    if (!json_is_array(steps)) {
        err("%s: no \"steps\" array", path);
        json_decref(root);
        return -1;
    }
    char when[64];
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&st.st_mtime));
    long long findings = num(root, "findings");
    json_t *seeds = json_object_get(root, "stress_seeds");
    fprintf(f,
            "From `%s` (`make check-all` at revision `%s`, %s, %lld s). Each sanitizer build runs "
            "the whole conformance suite and %lld stress seeds per backend; Valgrind memcheck runs "
            "the conformance suite and %lld seeds per backend (zero errors and zero definite leaks "
            "required). **Findings: %lld.**\n\n",
            path, str(root, "revision"), when, num(root, "seconds"),
            json_is_object(seeds) ? num(seeds, "sanitizers") : -1,
            json_is_object(seeds) ? num(seeds, "valgrind") : -1, findings);
    fprintf(f, "| check | backend | status | detail |\n|---|---|---|---|\n");
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s)
    {
        if (!json_is_object(s))
            continue;
        fprintf(f, "| %s | %s | %s | %s |\n", str(s, "step"), str(s, "backend"), str(s, "status"),
                str(s, "detail"));
    }
    fprintf(f, "\n");
    json_t *fz = json_object_get(root, "fuzz");
    if (json_is_object(fz))
        fprintf(f,
                "Fuzzing: %lld inputs through the libFuzzer target (`suites/fuzz`, ASan+UBSan, "
                "%lld s per backend from the committed corpus), %lld with findings.\n\n",
                num(fz, "inputs"), num(fz, "seconds_per_backend"), num(fz, "findings"));
    json_decref(root);
    return 0;
}
