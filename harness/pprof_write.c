/* pprof_write.c — perf script text -> pprof profile (protocol buffer).
 *
 * The input is blocks separated by blank lines:
 *     COMM TID PERIOD
 *     \t  ADDR SYMBOL (DSO)        <- leaf first, one line per frame
 *     ...
 * The output is perftools.profiles.Profile (profile.proto): samples are
 * written as they are read (field order does not matter in protobuf), the
 * function/location/string tables once at the end.
 *
 * Invariants: see pprof_write.h.  Strings and functions are interned through
 * open-addressing hash tables, so the conversion is linear in the input;
 * frames with address 0 and no symbol (the end of a frame-pointer walk) are
 * dropped, other unknown symbols are named after their DSO. */
#define _GNU_SOURCE
#include "pprof_write.h"
#include "atomicio.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- protobuf encoding ---- */
enum { WT_VARINT = 0, WT_LEN = 2 };

static void pb_varint(sbuf *b, uint64_t v)
{
    char tmp[10];
    size_t n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if (v)
            byte |= 0x80;
        tmp[n++] = (char)byte;
    } while (v);
    sb_addn(b, tmp, n);
}
static void pb_key(sbuf *b, unsigned field, unsigned wt)
{
    pb_varint(b, ((uint64_t)field << 3) | wt);
}
static void pb_uint(sbuf *b, unsigned field, uint64_t v)
{
    if (!v)
        return; /* proto3: zero is the default, omitted */
    pb_key(b, field, WT_VARINT);
    pb_varint(b, v);
}
static void pb_bytes(sbuf *b, unsigned field, const char *p, size_t n)
{
    pb_key(b, field, WT_LEN);
    pb_varint(b, n);
    sb_addn(b, p, n);
}
static void pb_msg(sbuf *b, unsigned field, sbuf *sub)
{
    pb_bytes(b, field, sub->s ? sub->s : "", sub->len);
    sub->len = 0;
}

/* ---- interning ---- */
static uint64_t fnv(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The open-addressing index of one table's n items: slot[h] = index + 1
 * (0 = empty), grown to keep it at most half full.  The table is read
 * through two functions: hash(tab, i), the hash of item i (the index
 * masks it), and same(tab, i, key), whether item i is key. */
typedef struct {
    uint32_t *slot;
    size_t nslot;
} slots;
typedef uint64_t (*item_hash)(const void *tab, size_t i);
typedef bool (*item_same)(const void *tab, size_t i, const void *key);

static void slots_grow(slots *x, size_t n, const void *tab, item_hash hash)
{
    size_t ns = x->nslot ? x->nslot * 2 : 1024;
    uint32_t *s = xcalloc(ns, sizeof *s);
    for (size_t i = 0; i < n; i++) {
        size_t h = hash(tab, i) & (ns - 1);
        while (s[h])
            h = (h + 1) & (ns - 1);
        s[h] = (uint32_t)(i + 1);
    }
    free(x->slot);
    x->slot = s;
    x->nslot = ns;
}

/* The index of key (of hash h) among the n items, or, when it is not one of
 * them, n with *added set: its slot now names item n, which the caller
 * stores and counts. */
static size_t slots_intern(slots *x, size_t n, const void *tab, item_hash hash, item_same same,
                           uint64_t h, const void *key, bool *added)
{
    if ((n + 1) * 2 > x->nslot)
        slots_grow(x, n, tab, hash);
    size_t at = h & (x->nslot - 1);
    *added = false;
    for (; x->slot[at]; at = (at + 1) & (x->nslot - 1))
        if (same(tab, x->slot[at] - 1, key))
            return x->slot[at] - 1;
    *added = true;
    x->slot[at] = (uint32_t)(n + 1);
    return n;
}

/* v, with room for item n: its capacity doubled (from 256) when full. */
static void *room_for(void *v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 256;
    return xrealloc(v, *cap * size);
}

typedef struct {
    char **str;
    size_t n, cap; /* string table, index = position */
    slots ix;
} strtab;

static uint64_t str_hash(const char *s)
{
    return fnv(s, strlen(s), 14695981039346656037ULL);
}
static uint64_t st_hash(const void *tab, size_t i)
{
    return str_hash(((const strtab *)tab)->str[i]);
}
static bool st_same(const void *tab, size_t i, const void *key)
{
    return !strcmp(((const strtab *)tab)->str[i], key);
}

static uint32_t st_intern(strtab *t, const char *str)
{
    bool added;
    size_t i = slots_intern(&t->ix, t->n, t, st_hash, st_same, str_hash(str), str, &added);
    if (added) {
        t->str = room_for(t->str, t->n, &t->cap, sizeof *t->str);
        t->str[t->n++] = xstrdup(str);
    }
    return (uint32_t)i;
}

/* A function is (name, file) string indexes; its id is position + 1 and it
 * is also the id of its one location. */
typedef struct {
    uint64_t *key;
    size_t n, cap;
    slots ix;
} functab;

static uint64_t key_hash(uint64_t k)
{
    return (k * 0x9E3779B97F4A7C15ULL) >> 20;
}
static uint64_t ft_hash(const void *tab, size_t i)
{
    return key_hash(((const functab *)tab)->key[i]);
}
static bool ft_same(const void *tab, size_t i, const void *key)
{
    return ((const functab *)tab)->key[i] == *(const uint64_t *)key;
}

static uint64_t ft_intern(functab *t, uint32_t name, uint32_t file)
{
    uint64_t k = ((uint64_t)name << 32) | file;
    bool added;
    size_t i = slots_intern(&t->ix, t->n, t, ft_hash, ft_same, key_hash(k), &k, &added);
    if (added) {
        t->key = room_for(t->key, t->n, &t->cap, sizeof *t->key);
        t->key[t->n++] = k;
    }
    return i + 1;
}

/* ---- parsing ---- */
typedef struct {
    strtab st;
    functab ft;
    sbuf out, sub, ids; /* the profile; a scratch message; packed ids */
    size_t nframes, nsamples;
    uint64_t period, last_period;
} conv;

static void flush_sample(conv *c)
{
    if (c->nframes == 0)
        return;
    sbuf vals;
    sb_init(&vals);
    pb_varint(&vals, 1);
    pb_varint(&vals, c->period);
    pb_bytes(&c->sub, 1, c->ids.s, c->ids.len);
    pb_bytes(&c->sub, 2, vals.s, vals.len);
    pb_msg(&c->out, 2, &c->sub);
    sb_free(&vals);
    c->ids.len = 0;
    c->nframes = 0;
    c->nsamples++;
    if (c->period)
        c->last_period = c->period;
}

/* "\t  7f0012 sym (dso)" -> one location id appended to c->ids. */
static void add_frame(conv *c, char *line)
{
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    char *end;
    errno = 0;
    unsigned long long addr = strtoull(p, &end, 16);
    if (end == p)
        return;
    p = end;
    while (*p == ' ')
        p++;
    char *dso = NULL;
    size_t len = strlen(p);
    while (len && (p[len - 1] == '\n' || p[len - 1] == ' '))
        p[--len] = 0;
    if (len && p[len - 1] == ')') {
        char *open = strrchr(p, '(');
        if (open) {
            p[len - 1] = 0;
            dso = open + 1;
            *open = 0;
        }
    }
    str_trim(p);
    bool unknown = !*p || !strcmp(p, "[unknown]");
    if (unknown && addr == 0)
        return;
    char *name;
    if (unknown) {
        bool nodso = !dso || !*dso || !strcmp(dso, "[unknown]");
        const char *base = nodso ? NULL : strrchr(dso, '/');
        name = nodso ? xstrdup("[unknown]") : xasprintf("[%s]", base ? base + 1 : dso);
    } else
        name = xstrdup(p);
    uint32_t ni = st_intern(&c->st, name);
    uint32_t fi = st_intern(&c->st, dso ? dso : "");
    free(name);
    pb_varint(&c->ids, ft_intern(&c->ft, ni, fi));
    c->nframes++;
}

/* "comm with spaces TID PERIOD": the period is the last number. */
static void parse_header(conv *c, char *line)
{
    str_trim(line);
    char *sp = strrchr(line, ' ');
    unsigned long long v = 0;
    if (sp) {
        char *end;
        v = strtoull(sp + 1, &end, 10);
        if (*end)
            v = 0;
    }
    c->period = v;
}

int pprof_from_perf_script(const char *script_path, const char *out_path, size_t *nsamples)
{
    FILE *f = fopen(script_path, "r");
    if (!f)
        return err("cannot read %s: %s", script_path, strerror(errno));
    conv c;
    memset(&c, 0, sizeof c);
    sb_init(&c.out);
    sb_init(&c.sub);
    sb_init(&c.ids);
    st_intern(&c.st, ""); /* string_table[0] must be "" */
    uint32_t s_samples = st_intern(&c.st, "samples"), s_count = st_intern(&c.st, "count");
    uint32_t s_cpu = st_intern(&c.st, "cpu"), s_ns = st_intern(&c.st, "nanoseconds");

    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool in_block = false;
    while ((n = getline(&line, &cap, f)) >= 0) {
        if (n == 0 || line[0] == '\n') {
            flush_sample(&c);
            in_block = false;
            continue;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            if (in_block)
                add_frame(&c, line);
            continue;
        }
        flush_sample(&c);
        parse_header(&c, line);
        in_block = true;
    }
    flush_sample(&c);
    free(line);
    fclose(f);

    /* sample_type: samples/count, cpu/nanoseconds */
    pb_uint(&c.sub, 1, s_samples);
    pb_uint(&c.sub, 2, s_count);
    pb_msg(&c.out, 1, &c.sub);
    pb_uint(&c.sub, 1, s_cpu);
    pb_uint(&c.sub, 2, s_ns);
    pb_msg(&c.out, 1, &c.sub);
    sbuf line_msg;
    sb_init(&line_msg);
    for (size_t i = 0; i < c.ft.n; i++) {
        uint64_t id = i + 1;
        /* location: id, line { function_id } */
        pb_uint(&line_msg, 1, id);
        pb_uint(&c.sub, 1, id);
        pb_msg(&c.sub, 4, &line_msg);
        pb_msg(&c.out, 4, &c.sub);
        /* function: id, name, system_name, filename (the DSO) */
        uint32_t name = (uint32_t)(c.ft.key[i] >> 32), file = (uint32_t)c.ft.key[i];
        pb_uint(&c.sub, 1, id);
        pb_uint(&c.sub, 2, name);
        pb_uint(&c.sub, 3, name);
        pb_uint(&c.sub, 4, file);
        pb_msg(&c.out, 5, &c.sub);
    }
    sb_free(&line_msg);
    for (size_t i = 0; i < c.st.n; i++)
        pb_bytes(&c.out, 6, c.st.str[i], strlen(c.st.str[i]));
    pb_uint(&c.sub, 1, s_cpu);
    pb_uint(&c.sub, 2, s_ns);
    pb_msg(&c.out, 11, &c.sub);         /* period_type */
    pb_uint(&c.out, 12, c.last_period); /* period */
    pb_uint(&c.out, 14, s_cpu);         /* default_sample_type */

    int rc = atomic_write(out_path, c.out.s ? c.out.s : "", c.out.len);
    if (nsamples)
        *nsamples = c.nsamples;
    for (size_t i = 0; i < c.st.n; i++)
        free(c.st.str[i]);
    free(c.st.str);
    free(c.st.ix.slot);
    free(c.ft.key);
    free(c.ft.ix.slot);
    sb_free(&c.out);
    sb_free(&c.sub);
    sb_free(&c.ids);
    return rc;
}
