// sieve: the Go reference of suites/workloads/sieve.c.  The concurrent prime
// sieve: a generator sends 2, 3, 4, ... and each prime found adds a filter
// goroutine to the chain.  The first SIZE primes (default 2000) are checked
// against a plain sieve of Eratosthenes; closing `done` then shuts the
// chain down (each stage closes its output as it leaves).
//
// Output: `sieve: procs=P n=N last=L sum=S ok`.
package main

import (
	"fmt"
	"math"
	"sync"

	"grbench/workloads/wl"
)

func generate(out chan<- int64, done <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out)
	for i := int64(2); ; i++ {
		select {
		case out <- i:
		case <-done:
			return
		}
	}
}

func filter(in <-chan int64, out chan<- int64, prime int64, done <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out)
	for v := range in {
		if v%prime != 0 {
			select {
			case out <- v:
			case <-done:
				return
			}
		}
	}
}

func plainPrimes(n int64) []int64 {
	ln := math.Log(float64(n) + 2)
	limit := int64(15)
	if n >= 6 {
		limit = int64(float64(n)*(ln+math.Log(ln))) + 10
	}
	composite := make([]bool, limit+1)
	var p []int64
	for i := int64(2); i <= limit && int64(len(p)) < n; i++ {
		if composite[i] {
			continue
		}
		p = append(p, i)
		for j := i * i; j <= limit; j += i {
			composite[j] = true
		}
	}
	if int64(len(p)) < n {
		wl.Fail("sieve: plain sieve bound too small")
	}
	return p
}

func main() {
	a := wl.Parse("sieve", 2000, "how many primes to find (default 2000)")
	n := a.Size
	done := make(chan struct{})
	var wg sync.WaitGroup
	ch := make(chan int64)
	wg.Add(1)
	go generate(ch, done, &wg)
	got := make([]int64, n)
	for i := int64(0); i < n; i++ {
		v, ok := <-ch
		if !ok {
			wl.Fail("sieve: the chain closed early")
		}
		got[i] = v
		next := make(chan int64)
		wg.Add(1)
		go filter(ch, next, v, done, &wg)
		ch = next
	}
	close(done)
	wg.Wait()
	want := plainPrimes(n)
	var sum int64
	for i := range got {
		if got[i] != want[i] {
			wl.Fail("sieve: prime #%d is %d, expected %d", i+1, got[i], want[i])
		}
		sum += got[i]
	}
	fmt.Printf("sieve: procs=%d n=%d last=%d sum=%d ok\n", a.Procs, n, got[n-1], sum)
}
