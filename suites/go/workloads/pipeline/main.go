// pipeline: the Go reference of suites/workloads/pipeline.c.  Fan-out /
// fan-in with context cancellation: a generator sends 1..SIZE (default
// 200000), 4 workers square the values, their outputs merge into one
// channel that a closer closes when all workers are gone; every stage
// selects on ctx.Done().  Run 1 consumes everything and checks the sum of
// squares (mod 2^64); run 2 cancels after SIZE/2 values, drains, and checks
// that every stage exits.
//
// Output: `pipeline: procs=P n=N workers=W sum=S expected=S canceled_after=K ok`.
package main

import (
	"context"
	"fmt"
	"sync"

	"grbench/workloads/wl"
)

const workers = 4

// runOnce consumes at most limit values, then cancels and drains; it returns
// the sum of the values consumed before the cancel and how many values were
// received in all.
func runOnce(n, limit int64) (sum uint64, total int64) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nums, squares := make(chan uint64), make(chan uint64)
	var all, fan sync.WaitGroup
	all.Add(workers + 2)
	fan.Add(workers)
	go func() {
		defer all.Done()
		defer close(nums)
		for i := int64(1); i <= n; i++ {
			select {
			case nums <- uint64(i):
			case <-ctx.Done():
				return
			}
		}
	}()
	for w := 0; w < workers; w++ {
		go func() {
			defer all.Done()
			defer fan.Done()
			for {
				select {
				case v, ok := <-nums:
					if !ok {
						return
					}
					select {
					case squares <- v * v:
					case <-ctx.Done():
						return
					}
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer all.Done()
		fan.Wait()
		close(squares)
	}()
	for total < limit {
		v, ok := <-squares
		if !ok {
			break
		}
		sum += v
		total++
	}
	cancel()
	for range squares {
		total++
	}
	all.Wait()
	return sum, total
}

func main() {
	a := wl.Parse("pipeline", 200000, "how many values flow through (default 200000)")
	n := a.Size
	var expected uint64
	for i := int64(1); i <= n; i++ {
		expected += uint64(i) * uint64(i)
	}
	sum, total := runOnce(n, n)
	if sum != expected || total != n {
		wl.Fail("pipeline: sum=%d expected=%d values=%d of %d", sum, expected, total, n)
	}
	k := n / 2
	if _, total = runOnce(n, k); total < k || total > n {
		wl.Fail("pipeline: after cancel at %d received %d values (n=%d)", k, total, n)
	}
	fmt.Printf("pipeline: procs=%d n=%d workers=%d sum=%d expected=%d canceled_after=%d ok\n",
		a.Procs, n, workers, sum, expected, k)
}
