/*
 * yieldcg.c — gr_yield (mode y) and an unbuffered ping-pong round trip
 * (mode p) at procs=1, quoted in ../README.md.  Not built by Meson:
 *   gcc -O2 -I../../../spec yieldcg.c -o yieldcg -L$BUILD/backends/ucontext \
 *       -l:libgr.so.1 -Wl,-rpath,$BUILD/backends/ucontext -lpthread
 *   ./yieldcg y 1000000          # ns per yield
 *   valgrind --tool=callgrind ./yieldcg y 11000   (minus the n=1000 run, /10000)
 */
#include "gr.h"
#include <stdio.h>
#include <stdlib.h>
static long n;
static gr_chan *a, *b;
static void pong(void *x) { (void)x; int v; bool ok; for (;;) { gr_chan_recv(a, &v, &ok); if (!ok) return; gr_chan_send(b, &v); } }
static void m_yield(void *x) { (void)x; for (long i = 0; i < n; i++) gr_yield(); }
static void m_pp(void *x) { (void)x; a = gr_chan_make(sizeof(int), 0); b = gr_chan_make(sizeof(int), 0); gr_go(pong, NULL);
  for (long i = 0; i < n; i++) { int v = (int)i; gr_chan_send(a, &v); gr_chan_recv(b, &v, NULL); } gr_chan_close(a); gr_yield(); }
int main(int argc, char **argv) { n = atol(argv[2]); gr_config c = {.procs = 1};
  int64_t t0 = gr_now(); int rc = gr_run(&c, argv[1][0] == 'y' ? m_yield : m_pp, NULL);
  printf("%s n=%ld rc=%d %.1f ns/op\n", argv[1], n, rc, (double)(gr_now() - t0) / n); return 0; }
