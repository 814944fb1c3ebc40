/* parse_tap.c — the conformance runner's TAP into conformance rows.
 * Lines: "ok N - CLAUSE-ID name", "not ok N - CLAUSE-ID name",
 * "ok N - CLAUSE-ID name # SKIP reason", "# diagnostics" (attached to the
 * test before them: the first one becomes a failure's reason), "1..N", and
 * the closing "N passed, N failed[, N skipped]".  See parsers.h. */
#define _GNU_SOURCE
#include "parsers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int parse_tap(const char *text, const char *backend, confvec *out, bool *complete,
              strlist *leak_lines)
{
    strlist lines;
    sl_init(&lines);
    sl_split(&lines, text, "\n");
    int tests = 0;
    long plan = -1, passed = -1, failed = -1, skipped = 0;
    long last = -1; /* index in out of the last test */
    for (size_t i = 0; i < lines.n; i++) {
        char *l = lines.v[i];
        bool notok = str_starts(l, "not ok");
        if (notok || str_starts(l, "ok")) {
            const char *p = l + (notok ? 6 : 2);
            if (*p && !isspace((unsigned char)*p))
                continue;
            while (isspace((unsigned char)*p))
                p++;
            while (isdigit((unsigned char)*p))
                p++;
            while (isspace((unsigned char)*p))
                p++;
            if (*p == '-')
                p++;
            while (isspace((unsigned char)*p))
                p++;
            char *desc = xstrdup(p), *directive = NULL;
            char *hash = strstr(desc, " # ");
            if (hash) {
                *hash = 0;
                directive = hash + 3;
            } else if ((hash = strchr(desc, '#'))) {
                *hash = 0;
                directive = hash + 1;
            }
            str_trim(desc);
            char *sp = strchr(desc, ' ');
            char *clause = sp ? strndup(desc, (size_t)(sp - desc)) : xstrdup(desc);
            const char *name = sp ? sp + 1 : "";
            test_status status = notok ? TEST_FAIL : TEST_PASS;
            const char *reason = "";
            if (directive) {
                while (isspace((unsigned char)*directive))
                    directive++;
                if (strncasecmp(directive, "SKIP", 4) == 0) {
                    status = TEST_SKIP;
                    reason = directive + 4;
                    while (*reason == ' ' || *reason == ':')
                        reason++;
                } else if (strncasecmp(directive, "TODO", 4) == 0) {
                    status = notok ? TEST_TODO : TEST_PASS;
                    reason = directive;
                }
            }
            conf_add(out, backend, clause, name, status, reason);
            last = (long)out->n - 1;
            tests++;
            free(clause);
            free(desc);
            continue;
        }
        if (l[0] == '#') {
            const char *d = l + 1;
            while (isspace((unsigned char)*d))
                d++;
            if (leak_lines && strcasestr(d, "leak"))
                sl_add(leak_lines, d);
            if (last >= 0 && out->v[last].status == TEST_FAIL && out->v[last].reason[0] == 0 &&
                *d) {
                free(out->v[last].reason);
                out->v[last].reason = xstrdup(d);
            }
            continue;
        }
        long a, b;
        if (sscanf(l, "1..%ld", &a) == 1) {
            plan = a;
            continue;
        }
        if (sscanf(l, "%ld passed, %ld failed", &a, &b) == 2) {
            passed = a;
            failed = b;
            const char *s = strstr(l, "failed,");
            if (s)
                sscanf(s, "failed, %ld skipped", &skipped);
        }
    }
    sl_free(&lines);
    if (complete) {
        bool ok = false;
        if (passed >= 0)
            ok = (passed + failed + skipped == tests) || (passed + failed == tests);
        else if (plan >= 0)
            ok = plan == tests;
        *complete = ok && tests > 0;
    }
    return tests > 0 ? tests : -1;
}
