/*
 * idle.c — the memory cost of a parked goroutine, and where its bytes go.
 * Start SIZE goroutines (default 100000) that each block on one channel
 * receive, wait until all are parked, and read the process's memory before
 * they start and while they are all parked; then close the channel and
 * check that every one of them wakes and exits.
 *
 * Two readings of the same moments:
 *   - the resident set from /proc/self/statm (the kernel's RSS counters):
 *     rss_before, rss_after and bytes_per_goroutine = (after - before) / N;
 *   - a breakdown from /proc/self/smaps (the page walk of every mapping)
 *     and the allocator's own statistics, per goroutine:
 *       stack_bytes           resident pages of the mappings that hold a
 *                             parked goroutine's stack (each idler records
 *                             the address of one of its locals; a mapping
 *                             with such an address is a stack mapping).
 *                             Whatever the backend keeps inside the stack
 *                             mapping is here too: ws's G record (it lives at
 *                             the top of its stack), glibc's thread
 *                             descriptor and TLS on pthread;
 *       heap_bytes            the allocator's bytes in use (glibc:
 *                             mallinfo2 uordblks + hblkhd; jemalloc:
 *                             stats.allocated; tcmalloc:
 *                             generic.current_allocated_bytes): the G records
 *                             and other bookkeeping the runtime mallocs;
 *       alloc_overhead_bytes  the allocator's resident bytes minus those in
 *                             use: chunk headers, rounding, free chunks and
 *                             the touched part of the top.  glibc: resident
 *                             pages of its own mappings, found by their
 *                             layout ([heap], the 64 MiB-aligned arena heaps
 *                             whose heap_info names their size, mmapped
 *                             chunks whose header names their length);
 *                             jemalloc: stats.resident; tcmalloc: heap_size -
 *                             pageheap_unmapped_bytes;
 *       other_anon_bytes      resident pages of the other anonymous mappings
 *                             (the backend's own tables, thread stacks of
 *                             its Ms).  With glibc malloc (the build's
 *                             allocator=system) the split by page is exact;
 *                             with an interposed allocator only its totals
 *                             are known, so this row is the anonymous rest
 *                             less the allocator's resident bytes, and where
 *                             the allocator's extents merged into a stack
 *                             mapping it goes negative (libjemalloc.so.2
 *                             preloaded: -1384.8 B at N=100000 on ucontext)
 *                             and the stack row holds the difference;
 *       file_bytes            resident pages of file mappings (code and data
 *                             pages first touched while the N started);
 *       sum_bytes             the five above: the smaps Rss growth / N;
 *       kernel_pte_bytes      page tables (VmPTE of /proc/self/status);
 *       kernel_stack_bytes    kernel stacks (KernelStack of /proc/meminfo,
 *                             system-wide: one per thread, so the pthread
 *                             backend's per-thread cost).
 *     The two kernel rows are not part of the RSS.  The five rows partition
 *     the resident pages, so they sum to sum_bytes; sum_bytes (the page
 *     walk) is measured apart from bytes_per_goroutine (the RSS counters),
 *     and `grbench profile --heap` and the report check that the two agree
 *     within 1 %.
 *
 * When gperftools' heap profiler is running in the process (`grbench
 * profile --heap`, HEAPPROFILE), it is asked for a dump named "before" just
 * after the first reading and one named "parked" just after the second, so
 * the profile's "in use" of the two dumps brackets the N goroutines.
 *
 * Output: `idle: procs=P n=N rss_before=B rss_after=A bytes_per_goroutine=X
 * stack_bytes=.. heap_bytes=.. alloc_overhead_bytes=.. other_anon_bytes=..
 * file_bytes=.. sum_bytes=.. kernel_pte_bytes=.. kernel_stack_bytes=.. ok`
 * (bytes; the breakdown per goroutine with one decimal).  See wl.h for exit
 * codes.
 *
 * Invariants: both readings are taken while all N goroutines are parked;
 * nothing is allocated between the two readings by this program (the
 * buffers for the readings are allocated and touched before the first);
 * every figure is read from the kernel or the allocator, none is derived
 * from a constant.
 */
#define _GNU_SOURCE
#include "wl.h"

#include <dlfcn.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

/* ---- one reading of the process's memory ---- */

enum { V_STACK, V_ANON, V_FILE };         /* a mapping's class */
enum { K_OTHER, K_HEAP, K_ANON_RW };       /* what smaps says it is */

typedef struct {
    uintptr_t lo, hi;
    long long rss;    /* bytes */
    long long malloc; /* bytes of rss that are glibc malloc's (find_malloc) */
    int cls;
    int kind;         /* K_* */
} vma;

typedef struct {
    vma *v;
    size_t n, cap;
    long long statm_rss, pte, kstack;   /* bytes */
    long long inuse, resident;          /* the allocator's; resident < 0: from smaps */
    bool truncated;
} reading;

typedef enum { A_GLIBC, A_JEMALLOC, A_TCMALLOC } allocator;
static allocator alloc_kind;
static int (*je_mallctl)(const char *, void *, size_t *, void *, size_t);
static int (*tc_prop)(const char *, size_t *);

static void allocator_detect(void)
{
    /* An interposed allocator defines its own entry points; glibc's
     * mallinfo2 would then describe an arena nobody uses. */
    je_mallctl = (int (*)(const char *, void *, size_t *, void *, size_t))dlsym(RTLD_DEFAULT, "mallctl");
    tc_prop = (int (*)(const char *, size_t *))dlsym(RTLD_DEFAULT, "MallocExtension_GetNumericProperty");
    alloc_kind = je_mallctl ? A_JEMALLOC : tc_prop ? A_TCMALLOC : A_GLIBC;
}

static size_t je_stat(const char *name)
{
    size_t v = 0, len = sizeof v;
    return je_mallctl(name, &v, &len, NULL, 0) == 0 ? v : 0;
}
static size_t tc_stat(const char *name)
{
    size_t v = 0;
    return tc_prop(name, &v) ? v : 0;
}

static long long kb_field(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    char line[256];
    long long v = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':') {
            v = atoll(line + kl + 1) * 1024;
            break;
        }
    fclose(f);
    return v;
}

/* Read n words at addr without touching it (a mapping may begin with a
 * guard page, as ws's stack slabs do, which faults when read directly). */
static bool peek(uintptr_t addr, size_t *w, size_t n)
{
    struct iovec local = {w, n * sizeof *w}, remote = {(void *)addr, n * sizeof *w};
    return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)(n * sizeof *w);
}

static unsigned char *mc_vec;   /* mincore's vector */
static size_t mc_cap;
static uintptr_t *mc_starts;     /* chunk candidates of one mapping */
static size_t mc_starts_cap;

/* Resident bytes of [lo, hi), by mincore (page granularity). */
static long long resident(uintptr_t lo, uintptr_t hi)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE), np = (hi - lo + pg - 1) / pg;
    long long r = 0;
    while (np > 0) {
        size_t k = np < mc_cap ? np : mc_cap;
        if (mincore((void *)lo, k * pg, mc_vec) != 0)
            return r;
        for (size_t i = 0; i < k; i++)
            r += mc_vec[i] & 1;
        lo += k * pg;
        np -= k;
    }
    return r * (long long)pg;
}

/* The resident bytes of glibc malloc's memory inside one mapping.
 * Anonymous mappings of the same flags merge, so malloc's memory is found
 * by the layout malloc gives it, not by the mapping's bounds:
 *   - [heap]: the main arena, all of it;
 *   - a non-main arena heap: 64 MiB aligned, starting with heap_info
 *     {ar_ptr, prev, size, mprotect_size}; its read-write part is
 *     mprotect_size long;
 *   - mmapped chunks from the mapping's start: {prev_size, size |
 *     IS_MMAPPED (2)}, one after another. */
static long long glibc_resident(const vma *m, const uintptr_t *starts, size_t ns)
{
    if (m->kind == K_HEAP)
        return m->rss; /* all of it */
    if (m->kind != K_ANON_RW)
        return 0;
    uintptr_t lo = m->lo, hi = m->hi;
    const uintptr_t heap_max = (uintptr_t)64 << 20;
    long long r = 0;
    bool arena_at_lo = false;
    for (uintptr_t a = (lo + heap_max - 1) & ~(heap_max - 1); a < hi; a += heap_max) {
        size_t w[4];
        if (peek(a, w, 4) && w[0] != 0 && w[2] <= w[3] && w[3] <= heap_max && w[3] > 0 &&
            a + w[3] <= hi) {
            r += resident(a, a + w[3]);
            arena_at_lo |= a == lo;
        }
    }
    /* chunk runs from the mapping's start and from every place where a
     * mapping of the other reading started inside it (mappings merge) */
    uintptr_t end = lo; /* chunks are not counted twice */
    for (size_t k = 0; k <= ns; k++) {
        uintptr_t c = k == ns ? lo : starts[k];
        if (c < lo || c >= hi || c < end || (c == lo && arena_at_lo))
            continue;
        while (c < hi) {
            size_t w[2];
            if (!peek(c, w, 2) || !(w[1] & 2))
                break;
            size_t len = w[1] & ~(size_t)7;
            if (len == 0 || len > hi - c || len % (size_t)sysconf(_SC_PAGESIZE))
                break;
            r += resident(c, c + len);
            c += len;
            end = c;
        }
    }
    return r > m->rss ? m->rss : r;
}

/* glibc malloc's part of every mapping of r; hint: the other reading,
 * whose mapping starts are chunk candidates too (sorted ascending). */
static void find_malloc(reading *r, const reading *hint)
{
    if (alloc_kind != A_GLIBC)
        return;
    size_t j = 0;
    for (size_t i = 0; i < r->n; i++) {
        vma *m = &r->v[i];
        size_t a = j;
        if (hint) {
            while (a < hint->n && hint->v[a].lo < m->lo)
                a++;
            j = a;
            while (j < hint->n && hint->v[j].lo < m->hi)
                j++;
        }
        m->malloc = 0;
        if (hint && j > a) {
            uintptr_t *st = mc_starts;
            size_t ns = 0;
            for (size_t k = a; k < j && ns < mc_starts_cap; k++)
                st[ns++] = hint->v[k].lo;
            m->malloc = glibc_resident(m, st, ns);
        } else {
            m->malloc = glibc_resident(m, NULL, 0);
        }
    }
}

static void take_reading(reading *r)
{
    r->n = 0;
    r->truncated = false;
    r->statm_rss = wl_rss_bytes();
    FILE *f = fopen("/proc/self/smaps", "r");
    if (f != NULL) {
        char line[512];
        vma *cur = NULL;
        while (fgets(line, sizeof line, f)) {
            unsigned long lo, hi;
            char perms[8];
            int off = 0;
            if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &off) == 3 && off > 0) {
                if (r->n == r->cap) {
                    r->truncated = true;
                    cur = NULL;
                    continue;
                }
                char *path = line + off;
                path[strcspn(path, "\n")] = 0;
                cur = &r->v[r->n++];
                cur->lo = lo;
                cur->hi = hi;
                cur->rss = 0;
                cur->cls = *path && path[0] != '[' ? V_FILE : V_ANON;
                cur->malloc = 0;
                cur->kind = !strcmp(path, "[heap]") ? K_HEAP
                          : !*path && perms[0] == 'r' && perms[1] == 'w' ? K_ANON_RW : K_OTHER;
            } else if (cur && !strncmp(line, "Rss:", 4)) {
                cur->rss = atoll(line + 4) * 1024;
            }
        }
        fclose(f);
    }
    r->pte = kb_field("/proc/self/status", "VmPTE");
    r->kstack = kb_field("/proc/meminfo", "KernelStack");
    r->resident = -1;
    switch (alloc_kind) {
    case A_GLIBC: {
        struct mallinfo2 mi = mallinfo2();
        r->inuse = (long long)(mi.uordblks + mi.hblkhd);
        break;
    }
    case A_JEMALLOC: {
        uint64_t epoch = 1;
        size_t len = sizeof epoch;
        je_mallctl("epoch", &epoch, &len, &epoch, len); /* refresh the statistics */
        r->inuse = (long long)je_stat("stats.allocated");
        r->resident = (long long)je_stat("stats.resident");
        break;
    }
    case A_TCMALLOC:
        r->inuse = (long long)tc_stat("generic.current_allocated_bytes");
        r->resident = (long long)(tc_stat("generic.heap_size") - tc_stat("tcmalloc.pageheap_unmapped_bytes"));
        break;
    }
}

static int cmp_uptr(const void *a, const void *b)
{
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

/* Does [lo, hi) hold any of the sorted addresses? */
static bool holds(const uintptr_t *sp, size_t n, uintptr_t lo, uintptr_t hi)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (sp[m] < lo)
            a = m + 1;
        else
            b = m;
    }
    return a < n && sp[a] < hi;
}

typedef struct {
    long long cls[3]; /* each class's Rss, less malloc's part */
    long long malloc; /* glibc malloc's resident bytes */
    long long total;
} sums;

/* Mark the stack mappings (after: those holding a parked stack; before:
 * those overlapping one of after's) and add up each class. */
static void classify(reading *before, reading *after, const uintptr_t *sp, size_t n, sums *sb,
                     sums *sa)
{
    memset(sb, 0, sizeof *sb);
    memset(sa, 0, sizeof *sa);
    for (size_t i = 0; i < after->n; i++)
        if (holds(sp, n, after->v[i].lo, after->v[i].hi))
            after->v[i].cls = V_STACK;
    for (size_t i = 0; i < before->n; i++)
        for (size_t j = 0; j < after->n; j++)
            if (after->v[j].cls == V_STACK && before->v[i].lo < after->v[j].hi &&
                after->v[j].lo < before->v[i].hi) {
                before->v[i].cls = V_STACK;
                break;
            }
    for (size_t i = 0; i < before->n; i++) {
        sb->cls[before->v[i].cls] += before->v[i].rss - before->v[i].malloc;
        sb->malloc += before->v[i].malloc;
        sb->total += before->v[i].rss;
    }
    for (size_t i = 0; i < after->n; i++) {
        sa->cls[after->v[i].cls] += after->v[i].rss - after->v[i].malloc;
        sa->malloc += after->v[i].malloc;
        sa->total += after->v[i].rss;
    }
}

/* ---- the workload ---- */

typedef struct {
    gr_chan *release;
    gr_waitgroup parked, exited;
    uintptr_t *sp; /* one stack address per idler */
    atomic_long next;
} idle_set;

static void idler(void *p)
{
    idle_set *s = p;
    volatile char here = 0; /* a byte of this goroutine's stack */
    /* relaxed: the WaitGroup's Done/Wait orders the store for the reader */
    long i = atomic_fetch_add_explicit(&s->next, 1, memory_order_relaxed);
    s->sp[i] = (uintptr_t)&here;
    gr_wg_done(&s->parked);
    gr_chan_recv(s->release, NULL, NULL); /* parks until the close */
    (void)here;
    gr_wg_done(&s->exited);
}

/* Memory for the readings themselves: mmap'd, not malloc'd, so that it is
 * none of the allocator's statistics, and touched now, not between the
 * readings. */
static void *scratch(size_t bytes)
{
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        wl_fail("idle: out of memory");
    memset(m, 0xff, bytes);
    return m;
}

static void reading_alloc(reading *r, size_t cap)
{
    r->cap = cap;
    r->v = scratch(cap * sizeof *r->v);
    r->n = 0;
}

static double per(long long d, long n) { return (double)d / (double)n; }

static void run(void *p)
{
    const wl_args *a = p;
    const long n = a->size;
    wl_require_goroutines("idle", n + 1);
    allocator_detect();
    idle_set s = {.release = gr_chan_make(0, 0)};
    if (s.release == NULL)
        wl_fail("idle: out of memory");
    s.sp = scratch((size_t)n * sizeof *s.sp);
    atomic_init(&s.next, 0);
    /* room for every mapping: a few hundred, plus one per 64 stacks (or two
     * per stack where guard pages split mappings) */
    reading before, after;
    size_t cap = 4096 + 2 * (size_t)n + 16;
    reading_alloc(&before, cap);
    reading_alloc(&after, cap);
    mc_cap = 1 << 16;
    mc_vec = scratch(mc_cap);
    mc_starts_cap = cap;
    mc_starts = scratch(mc_starts_cap * sizeof *mc_starts);
    take_reading(&before); /* warm: fopen's buffers, the page-table walk */
    gr_wg_add(&s.parked, n);
    gr_wg_add(&s.exited, n);
    void (*dump)(const char *) = (void (*)(const char *))dlsym(RTLD_DEFAULT, "HeapProfilerDump");
    if (dump && !getenv("HEAPPROFILE"))
        dump = NULL;
    take_reading(&before);
    find_malloc(&before, NULL);
    if (dump)
        dump("before");
    for (long i = 0; i < n; i++)
        wl_go(idler, &s);
    gr_wg_wait(&s.parked);
    gr_sleep(10 * 1000 * 1000); /* let the last ones reach the receive */
    take_reading(&after);
    find_malloc(&after, &before);
    if (dump)
        dump("parked");
    long live = gr_numgoroutine() - 1;
    gr_chan_close(s.release);
    gr_wg_wait(&s.exited);
    gr_chan_release(s.release);
    if (before.statm_rss < 0 || after.statm_rss < 0)
        wl_fail("idle: cannot read /proc/self/statm");
    if (live < n)
        wl_fail("idle: only %ld of %ld goroutines were alive while parked", live, n);
    if (before.n == 0 || after.n == 0 || before.truncated || after.truncated)
        wl_fail("idle: cannot read /proc/self/smaps (%zu mappings, room for %zu)", after.n, cap);
    long recorded = atomic_load_explicit(&s.next, memory_order_relaxed);
    qsort(s.sp, (size_t)recorded, sizeof *s.sp, cmp_uptr);
    sums sb, sa;
    classify(&before, &after, s.sp, (size_t)recorded, &sb, &sa);
    long long stack = sa.cls[V_STACK] - sb.cls[V_STACK];
    long long inuse = after.inuse - before.inuse;
    long long heap_res, other;
    if (alloc_kind == A_GLIBC) {
        heap_res = sa.malloc - sb.malloc;
        other = sa.cls[V_ANON] - sb.cls[V_ANON];
    } else { /* the allocator's mappings are among the anonymous ones */
        heap_res = after.resident - before.resident;
        other = sa.cls[V_ANON] - sb.cls[V_ANON] - heap_res;
    }
    long long file = sa.cls[V_FILE] - sb.cls[V_FILE];
    long long sum = sa.total - sb.total;
    long long before_b = before.statm_rss, after_b = after.statm_rss;
    munmap(s.sp, (size_t)n * sizeof *s.sp);
    munmap(before.v, cap * sizeof *before.v);
    munmap(after.v, cap * sizeof *after.v);
    munmap(mc_vec, mc_cap);
    munmap(mc_starts, mc_starts_cap * sizeof *mc_starts);
    printf("idle: procs=%d n=%ld rss_before=%lld rss_after=%lld bytes_per_goroutine=%lld "
           "stack_bytes=%.1f heap_bytes=%.1f alloc_overhead_bytes=%.1f other_anon_bytes=%.1f "
           "file_bytes=%.1f sum_bytes=%.1f kernel_pte_bytes=%.1f kernel_stack_bytes=%.1f ok\n",
           gr_procs(), n, before_b, after_b, (after_b - before_b) / n, per(stack, n), per(inuse, n),
           per(heap_res - inuse, n), per(other, n), per(file, n), per(sum, n),
           per(after.pte - before.pte, n), per(after.kstack - before.kstack, n));
}

int main(int argc, char **argv)
{
    wl_args a;
    wl_parse(argc, argv, "idle", 100000, "how many parked goroutines (default 100000)", &a);
    wl_run(&a, run, &a);
    return WL_EXIT_OK;
}
