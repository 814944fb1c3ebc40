// workerpool: the Go reference of suites/workloads/workerpool.c.  8 workers
// fed by a buffered jobs channel (cap 64), with graceful shutdown: the
// producer closes jobs after SIZE jobs (default 100000), workers drain it
// and leave, a closer closes results after the last worker, and main
// collects until results is closed.  Checked: every job ran exactly once.
//
// Output: `workerpool: procs=P jobs=N workers=W ran=N results=N once=ok ok`.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"

	"grbench/workloads/wl"
)

const (
	workers = 8
	queue   = 64
)

func main() {
	a := wl.Parse("workerpool", 100000, "how many jobs (default 100000)")
	n := a.Size
	jobs, results := make(chan int64, queue), make(chan int64, queue)
	ran := make([]int32, n)
	var all, pool sync.WaitGroup
	all.Add(workers + 2)
	pool.Add(workers)
	go func() {
		defer all.Done()
		for id := int64(0); id < n; id++ {
			jobs <- id
		}
		close(jobs) // graceful shutdown starts here
	}()
	for w := 0; w < workers; w++ {
		go func() {
			defer all.Done()
			defer pool.Done()
			for id := range jobs {
				atomic.AddInt32(&ran[id], 1)
				results <- id*2 + 1 // the "work"
			}
		}()
	}
	go func() {
		defer all.Done()
		pool.Wait()
		close(results)
	}()
	var count, sum int64
	for v := range results {
		count++
		sum += v
	}
	all.Wait()
	var total int64
	for id, c := range ran {
		if c != 1 {
			wl.Fail("workerpool: job %d ran %d times", id, c)
		}
		total += int64(c)
	}
	if count != n || sum != n*n {
		wl.Fail("workerpool: %d results (sum %d) for %d jobs", count, sum, n)
	}
	fmt.Printf("workerpool: procs=%d jobs=%d workers=%d ran=%d results=%d once=ok ok\n",
		a.Procs, n, workers, total, count)
}
