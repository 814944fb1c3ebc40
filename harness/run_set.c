/* run_set.c — writing the result set of `grbench run` (see run.h and
 * resultset.h): combined.csv, cells.csv (one aggregate row per cell),
 * order.csv (the order every repetition ran in), and at the end
 * fingerprint.json with the run's configuration, seed and noise record;
 * then the one rename that publishes results/<id>/ and the `latest` link.
 *
 * Invariants: every file is written atomically (cmd_run.c writes them
 * every 2 s and after every round), so the temp dir is always readable;
 * an existing set is never replaced (dir_commit refuses); binaries built
 * for the run are removed before the set is published (they are not
 * results). */
#define _GNU_SOURCE
#include "atomicio.h"
#include "fingerprint.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void cells_of(const run_ctx *c, cellvec *out)
{
    for (size_t i = 0; i < c->ncells; i++) {
        const plan_cell *p = &c->cells[i];
        if (p->reps_done == 0 && p->status == CELL_OK)
            continue; /* not run yet */
        cells_add(out, run_kind_name[p->kind], run_label_of(c, p), p->name, p->procs, p->status,
                  p->seconds, p->detail ? p->detail : "", p->log ? p->log : "");
    }
}

static int order_write(const run_ctx *c, const char *path)
{
    afile a;
    if (afile_open(&a, path) != 0)
        return -1;
    fputs("round,position,kind,backend,name,procs\n", a.f);
    for (size_t i = 0; i < c->order.n; i++)
        fprintf(a.f, "%s\n", c->order.v[i]);
    return afile_commit(&a);
}

int run_write_state(run_ctx *c)
{
    char *p = path_join(c->tmp, "combined.csv"), *q = path_join(c->tmp, "cells.csv"),
         *o = path_join(c->tmp, "order.csv");
    cellvec cv = {0};
    cells_of(c, &cv);
    int rc = rows_write(&c->rows, p) | cells_write(&cv, q) | order_write(c, o);
    cells_free(&cv);
    free(p);
    free(q);
    free(o);
    return rc;
}

static json_t *config_json(const run_ctx *c, const char *cpus)
{
    json_t *cfg = json_object();
    json_object_set_new(cfg, "cpu", json_string(cpus));
    json_object_set_new(cfg, "repetitions", json_integer(c->reps));
    json_object_set_new(cfg, "rounds_completed", json_integer(c->rounds_done));
    json_object_set_new(cfg, "interleaved", json_true());
    json_object_set_new(
        cfg, "order",
        json_string("rounds: repetition k of every cell before k+1 of any; per round a "
                    "random order of groups (one benchmark at one procs, every backend and Go), "
                    "members in random order; one process per repetition; see order.csv"));
    json_object_set_new(cfg, "seed", json_integer((json_int_t)c->seed));
    json_object_set_new(cfg, "metric",
                        json_string(c->metric == METRIC_INSTRUCTIONS ? "instructions" : "time"));
    json_object_set_new(cfg, "min_time_s", json_real(c->min_time));
    json_object_set_new(cfg, "budget_s", json_real(c->budget));
    json_object_set_new(cfg, "cell_timeout_s", json_real(c->cell_timeout));
    json_object_set_new(cfg, "filter", c->filter ? json_string(c->filter) : json_null());
    json_object_set_new(cfg, "hyperfine_warmup", json_integer(c->wl_warmup));
    json_object_set_new(cfg, "hyperfine_runs", json_integer(c->reps));
    json_object_set_new(cfg, "rss_runs", json_integer(c->mem_runs));
    json_object_set_new(cfg, "quick", json_boolean(c->quick));
    json_object_set_new(cfg, "peak_rss_method",
                        json_string("wait4() ru_maxrss of separate runs, not the hyperfine runs"));
    json_object_set_new(cfg, "time_metric",
                        json_string("Google Benchmark real_time per iteration; go test ns/op"));
    if (c->metric == METRIC_INSTRUCTIONS)
        json_object_set_new(cfg, "instructions_metric",
                            json_string("valgrind --tool=callgrind, (I(N2) - I(N1)) / (N2 - N1) "
                                        "of two fixed iteration counts (bench --iterations)"));
    json_t *bl = json_array();
    for (size_t i = 0; i < c->be.n; i++)
        json_array_append_new(
            bl, json_pack("{ssss}", "label", c->be.v[i].label, "library", c->be.v[i].lib));
    json_object_set_new(cfg, "backends", bl);
    json_object_set_new(cfg, "duration_s", json_real(now_s() - c->t_start));
    return cfg;
}

char *run_publish(run_ctx *c, const char *id, const char *cpus)
{
    json_t *fp = fingerprint_collect(c->source, c->build);
    json_object_set_new(fp, "run_id", json_string(id));
    json_object_set_new(fp, "started", json_string(c->started));
    char *fin = utc_stamp("%Y-%m-%dT%H:%M:%SZ");
    json_object_set_new(fp, "finished", json_string(fin));
    free(fin);
    json_object_set_new(fp, "interrupted", json_boolean(proc_interrupted));
    json_object_set_new(fp, "config", config_json(c, cpus));
    if (c->noise)
        json_object_set_new(fp, "noise", json_incref(c->noise));
    if (c->bench_context)
        json_object_set_new(fp, "bench_context", json_incref(c->bench_context));
    char *fpp = path_join(c->tmp, "fingerprint.json");
    char *fptext = json_dumps(fp, JSON_INDENT(2) | JSON_SORT_KEYS);
    int rc = run_write_state(c) | atomic_write(fpp, fptext, strlen(fptext));
    free(fptext);
    free(fpp);
    json_decref(fp);
    if (c->go_test_exe)
        unlink(c->go_test_exe);
    for (size_t i = 0; i < c->ncells; i++)
        if ((c->cells[i].kind == K_GOWORKLOAD || c->cells[i].kind == K_GOBENCH) && c->cells[i].exe)
            unlink(c->cells[i].exe);
    char *final = path_join(c->results, id);
    if (rc != 0 || dir_commit(c->tmp, final) != 0) {
        err("the run's files are left in %s", c->tmp);
        free(final);
        return NULL;
    }
    char *link = path_join(c->results, "latest"),
         *ltmp = xasprintf("%s.tmp-%ld", link, (long)getpid());
    unlink(ltmp);
    if (symlink(id, ltmp) == 0 && rename(ltmp, link) != 0)
        unlink(ltmp);
    free(link);
    free(ltmp);
    return final;
}
