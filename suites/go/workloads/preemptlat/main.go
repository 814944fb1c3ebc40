// preemptlat: the Go reference of suites/workloads/preemptlat.c
// (PreemptLatency).  Main starts a sleeper that loops on
// time.Sleep(1 ms) and records how late each wake-up is, then spins for
// SIZE ms (default 1000) in a loop with no function call, reading the clock
// once per 2^18 iterations.  Go 1.14+ preempts the loop asynchronously
// (sysmon's 10 ms time slice, SIGURG); gccgo (12) does not, so at procs=1
// built by gccgo it stalls, and says preempt=none.
//
// Output: `preemptlat: procs=P ms=SIZE preempt=async|none wakes=N
//          late_p50_us=A late_p99_us=B late_max_us=C stalled=0|1 ok`
// with the same meaning as in the C version.
package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"grbench/workloads/wl"
)

const sleepNS = int64(time.Millisecond)

func main() {
	a := wl.Parse("preemptlat", 1000, "how long the hog spins, in ms (default 1000)")
	var hogging, started int32 = 1, 0
	var late []int64
	var wakes int64
	var done sync.WaitGroup
	done.Add(1)
	go func() {
		atomic.StoreInt32(&started, 1)
		for atomic.LoadInt32(&hogging) == 1 {
			t := time.Now()
			time.Sleep(time.Millisecond)
			l := int64(time.Since(t)) - sleepNS
			if l < 0 {
				l = 0
			}
			late = append(late, l)
			if atomic.LoadInt32(&hogging) == 1 {
				wakes++
			}
		}
		done.Done()
	}()
	for atomic.LoadInt32(&started) == 0 {
		// Lets the sleeper start at GOMAXPROCS=1: an explicit yield, as a
		// runtime without asynchronous preemption (gccgo) needs; time.Sleep(0)
		// returns at once and would spin here for ever.
		runtime.Gosched()
	}
	hog(time.Duration(a.Size) * time.Millisecond)
	atomic.StoreInt32(&hogging, 0)
	done.Wait()
	if len(late) == 0 {
		wl.Fail("preemptlat: the sleeper recorded no sleep")
	}
	sort.Slice(late, func(i, j int) bool { return late[i] < late[j] })
	n := len(late)
	p99 := (n*99+99)/100 - 1
	stalled := 0
	if wakes == 0 {
		stalled = 1
	}
	preempt := "async"
	if runtime.Compiler == "gccgo" {
		preempt = "none"
	}
	fmt.Printf("preemptlat: procs=%d ms=%d preempt=%s wakes=%d late_p50_us=%d late_p99_us=%d "+
		"late_max_us=%d stalled=%d ok\n", a.Procs, a.Size, preempt, wakes, late[(n-1)/2]/1000,
		late[p99]/1000, late[n-1]/1000, stalled)
}

var sink uint64

//go:noinline
func hog(d time.Duration) {
	x := uint64(1)
	end := time.Now().Add(d)
	for i := uint64(1); ; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		if i&(1<<18-1) == 0 && !time.Now().Before(end) {
			break
		}
	}
	sink = x
}
