// idle: the Go reference of suites/workloads/idle.c.  Start SIZE goroutines
// (default 100000) that each block on one channel receive, wait until all
// are parked, and read the resident set from /proc/self/statm before and
// after; then close the channel and check that every one exits.
//
// Output: `idle: procs=P n=N rss_before=B rss_after=A bytes_per_goroutine=X ok`.
package main

import (
	"fmt"
	"os"
	"runtime"
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

func main() {
	a := wl.Parse("idle", 100000, "how many parked goroutines (default 100000)")
	n := a.Size
	release := make(chan struct{})
	var parked, exited sync.WaitGroup
	parked.Add(int(n))
	exited.Add(int(n))
	before := rssBytes()
	for i := int64(0); i < n; i++ {
		go func() {
			parked.Done()
			<-release
			exited.Done()
		}()
	}
	parked.Wait()
	time.Sleep(10 * time.Millisecond)
	after := rssBytes()
	live := int64(runtime.NumGoroutine() - 1)
	close(release)
	exited.Wait()
	if before < 0 || after < 0 {
		wl.Fail("idle: cannot read /proc/self/statm")
	}
	if live < n {
		wl.Fail("idle: only %d of %d goroutines were alive while parked", live, n)
	}
	fmt.Printf("idle: procs=%d n=%d rss_before=%d rss_after=%d bytes_per_goroutine=%d ok\n",
		a.Procs, n, before, after, (after-before)/n)
}
