// idle: the Go reference of suites/workloads/idle.c.  Start SIZE goroutines
// (default 100000) that each block on one channel receive, wait until all
// are parked, and read the process's memory before they start and while
// they are all parked; then close the channel and check that every one
// exits.
//
// Two readings of the same moments, as in idle.c:
//   - the resident set from /proc/self/statm: rss_before, rss_after and
//     bytes_per_goroutine = (after - before) / N;
//   - a breakdown per goroutine, from runtime.MemStats (the allocator's own
//     statistics) and /proc/self/smaps (the page walk):
//     stack_bytes           StackInuse: the goroutine stacks' spans;
//     heap_bytes            HeapAlloc: the heap objects in use (the g
//                           records, the sudogs of the parked receives, the
//                           allgs slice);
//     alloc_overhead_bytes  HeapInuse - HeapAlloc (the unused part of the
//                           spans in use) plus the runtime's metadata that
//                           grew: MSpanInuse, MCacheInuse, GCSys, OtherSys,
//                           BuckHashSys;
//     other_anon_bytes      the anonymous resident growth (smaps) that the
//                           rows above do not account for (negative when
//                           MemStats counts bytes that are not resident);
//     file_bytes            resident growth of file mappings (smaps);
//     sum_bytes             the smaps Rss growth / N;
//     kernel_pte_bytes      page tables (VmPTE of /proc/self/status);
//     kernel_stack_bytes    kernel stacks (KernelStack of /proc/meminfo,
//                           system-wide).
//   The field names are idle.c's, so the harness and the report read both
//   alike.
//
// With GRBENCH_MEMPROFILE=FILE in the environment, every allocation is
// sampled (runtime.MemProfileRate = 1) and the heap profile of the parked
// moment is written to FILE (pprof's format; `go tool pprof FILE`), after
// the readings and a GC; `grbench profile --heap --backend go` uses it.
// Its buckets cost memory of their own, so the breakdown of such a run is
// not the plain one.
//
// Output: `idle: procs=P n=N rss_before=B rss_after=A bytes_per_goroutine=X
// stack_bytes=.. ... kernel_stack_bytes=.. ok`.
//
// Invariants: both readings are taken while no idler runs; the buffer that
// smaps is read into is allocated before the first reading.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"

	"grbench/workloads/wl"
)

func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	var size, resident int64
	if _, err := fmt.Sscan(string(b), &size, &resident); err != nil {
		return -1
	}
	return resident * int64(os.Getpagesize())
}

// kbField reads "Key:   N kB" from a /proc file, in bytes (-1 if absent).
func kbField(buf []byte, path, key string) int64 {
	n := readInto(buf, path)
	for _, line := range bytes.Split(buf[:n], []byte("\n")) {
		if bytes.HasPrefix(line, []byte(key+":")) {
			f := bytes.Fields(line[len(key)+1:])
			if len(f) > 0 {
				v, err := strconv.ParseInt(string(f[0]), 10, 64)
				if err == nil {
					return v * 1024
				}
			}
		}
	}
	return -1
}

func readInto(buf []byte, path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	for n < len(buf) {
		m, err := f.Read(buf[n:])
		n += m
		if err == io.EOF || m == 0 || err != nil {
			break
		}
	}
	return n
}

type reading struct {
	statm, anon, file, pte, kstack int64
	ms                             runtime.MemStats
	truncated                      bool
}

// smaps sums the Rss of the anonymous and the file mappings.
func (r *reading) smaps(buf []byte) {
	n := readInto(buf, "/proc/self/smaps")
	r.truncated = n == len(buf)
	file := false
	for _, line := range bytes.Split(buf[:n], []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) >= 5 && bytes.IndexByte(f[0], '-') > 0 && !bytes.HasSuffix(f[0], []byte(":")) {
			file = len(f) >= 6 && f[5][0] != '['
			continue
		}
		if len(f) >= 2 && string(f[0]) == "Rss:" {
			v, _ := strconv.ParseInt(string(f[1]), 10, 64)
			if file {
				r.file += v * 1024
			} else {
				r.anon += v * 1024
			}
		}
	}
}

func take(buf []byte) *reading {
	r := &reading{}
	runtime.ReadMemStats(&r.ms)
	r.statm = rssBytes()
	r.smaps(buf)
	r.pte = kbField(buf, "/proc/self/status", "VmPTE")
	r.kstack = kbField(buf, "/proc/meminfo", "KernelStack")
	return r
}

func meta(m *runtime.MemStats) int64 {
	return int64(m.MSpanInuse + m.MCacheInuse + m.GCSys + m.OtherSys + m.BuckHashSys)
}

func main() {
	a := wl.Parse("idle", 100000, "how many parked goroutines (default 100000)")
	n := a.Size
	memprofile := os.Getenv("GRBENCH_MEMPROFILE")
	if memprofile != "" {
		runtime.MemProfileRate = 1
	}
	buf := make([]byte, 8<<20)
	for i := range buf { // resident before the first reading
		buf[i] = 1
	}
	release := make(chan struct{})
	var parked, exited sync.WaitGroup
	parked.Add(int(n))
	exited.Add(int(n))
	take(buf) // warm: the files, the parsing's own allocations
	runtime.GC()
	before := take(buf)
	for i := int64(0); i < n; i++ {
		go func() {
			parked.Done()
			<-release
			exited.Done()
		}()
	}
	parked.Wait()
	time.Sleep(10 * time.Millisecond)
	after := take(buf)
	if memprofile != "" {
		// The profile is as of the last completed GC: one now, so that it
		// holds every goroutine started (after the readings).
		runtime.GC()
		f, err := os.Create(memprofile)
		if err == nil {
			err = pprof.Lookup("heap").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			wl.Fail("idle: writing the heap profile: %v", err)
		}
	}
	live := int64(runtime.NumGoroutine() - 1)
	close(release)
	exited.Wait()
	if before.statm < 0 || after.statm < 0 {
		wl.Fail("idle: cannot read /proc/self/statm")
	}
	if before.truncated || after.truncated || after.anon == 0 {
		wl.Fail("idle: cannot read /proc/self/smaps")
	}
	if live < n {
		wl.Fail("idle: only %d of %d goroutines were alive while parked", live, n)
	}
	per := func(d int64) float64 { return float64(d) / float64(n) }
	stack := int64(after.ms.StackInuse) - int64(before.ms.StackInuse)
	heap := int64(after.ms.HeapAlloc) - int64(before.ms.HeapAlloc)
	over := (int64(after.ms.HeapInuse) - int64(after.ms.HeapAlloc)) -
		(int64(before.ms.HeapInuse) - int64(before.ms.HeapAlloc)) + meta(&after.ms) - meta(&before.ms)
	anon := after.anon - before.anon
	file := after.file - before.file
	fmt.Printf("idle: procs=%d n=%d rss_before=%d rss_after=%d bytes_per_goroutine=%d "+
		"stack_bytes=%.1f heap_bytes=%.1f alloc_overhead_bytes=%.1f other_anon_bytes=%.1f "+
		"file_bytes=%.1f sum_bytes=%.1f kernel_pte_bytes=%.1f kernel_stack_bytes=%.1f ok\n",
		a.Procs, n, before.statm, after.statm, (after.statm-before.statm)/n,
		per(stack), per(heap), per(over), per(anon-stack-heap-over), per(file), per(anon+file),
		per(after.pte-before.pte), per(after.kstack-before.kstack))
}
