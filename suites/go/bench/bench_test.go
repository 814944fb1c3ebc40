// Package bench is the Go reference for suites/bench: the same
// microbenchmarks as the C program `bench`, under the same names and with
// the same definition of one op (stated above each function).
//
// Run: go test -run '^$' -bench . -cpu 1,4 ./bench   (from suites/go)
//
// Names map one to one: Go's "BenchmarkPingPong-4" is C's "PingPong/procs:4"
// (Go prints no "-1" suffix at -cpu 1), and "BenchmarkChanProdCons/10-4" is
// "ChanProdCons/10/procs:4".
//
// Invariant: every goroutine a benchmark starts has exited before it
// returns, as in the C versions.
package bench

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Mutex: one op = mu.Lock(); n++; mu.Unlock() on one shared mutex (RunParallel).
func BenchmarkMutex(b *testing.B) {
	var mu sync.Mutex
	var n int
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			n++
			mu.Unlock()
		}
	})
	if n != b.N {
		b.Fatalf("lost updates: %d of %d", n, b.N)
	}
}

// Atomic: one op = one atomic add on one shared int64 (RunParallel).
func BenchmarkAtomic(b *testing.B) {
	var n int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			atomic.AddInt64(&n, 1)
		}
	})
}

// WaitGroupAddDone: one op = wg.Add(1); wg.Done() on one shared WaitGroup
// (RunParallel; Go's sync.BenchmarkWaitGroupAddDone).
func BenchmarkWaitGroupAddDone(b *testing.B) {
	var wg sync.WaitGroup
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			wg.Add(1)
			wg.Done()
		}
	})
}

// RWMutexReadMostly: one op = RLock+RUnlock, except every 100th op of each
// goroutine, which is Lock+Unlock (Go's sync.BenchmarkRWMutexWrite100).
func BenchmarkRWMutexReadMostly(b *testing.B) {
	var rw sync.RWMutex
	b.RunParallel(func(pb *testing.PB) {
		foo := 0
		for pb.Next() {
			foo++
			if foo%100 == 0 {
				rw.Lock()
				rw.Unlock()
			} else {
				rw.RLock()
				rw.RUnlock()
			}
		}
	})
}

// Channel: one op = one send of an int on a shared buffered channel (cap
// 1024), drained by one goroutine that selects on {done, ch} (the guide's §10).
func BenchmarkChannel(b *testing.B) {
	ch := make(chan int, 1024)
	done := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		for {
			select {
			case <-done:
				return
			case <-ch:
			}
		}
	}()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ch <- 1
		}
	})
	b.StopTimer()
	close(done)
	<-exited
}

// PingPong: one op = one round trip over two unbuffered channels.
func BenchmarkPingPong(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		for v := range ping {
			pong <- v
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ping <- i
		if <-pong != i {
			b.Fatal("a value came back changed")
		}
	}
	b.StopTimer()
	close(ping)
	<-exited
}

// ChanSPSC: one op = one int passed from one producer goroutine to the
// benchmark goroutine through a channel of cap 128.
func BenchmarkChanSPSC(b *testing.B) {
	ch := make(chan int64, 128)
	n := b.N
	b.ResetTimer()
	go func() {
		for i := 0; i < n; i++ {
			ch <- int64(i)
		}
	}()
	var sum int64
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	b.StopTimer()
	if want := int64(n) * int64(n-1) / 2; sum != want {
		b.Fatalf("sum %d, want %d", sum, want)
	}
}

// ChanProdCons/S: Go's runtime benchmarkChanProdCons(b, S, 0): GOMAXPROCS
// producers and consumers share one channel of cap S; one op = one value
// passed (N/1000 rounds of 1000 sends).
func BenchmarkChanProdCons(b *testing.B) {
	for _, size := range []int{0, 10, 100} {
		size := size
		b.Run(strconv.Itoa(size), func(b *testing.B) { chanProdCons(b, size) })
	}
}

func chanProdCons(b *testing.B, chanSize int) {
	const callsPerSched = 1000
	procs := runtime.GOMAXPROCS(-1)
	rounds := int32(b.N / callsPerSched)
	c := make(chan bool, 2*procs)
	myc := make(chan int, chanSize)
	b.ResetTimer()
	for p := 0; p < procs; p++ {
		go func() {
			for atomic.AddInt32(&rounds, -1) >= 0 {
				for g := 0; g < callsPerSched; g++ {
					myc <- 1
				}
			}
			myc <- 0
			c <- true
		}()
		go func() {
			for <-myc != 0 {
			}
			c <- true
		}()
	}
	for p := 0; p < 2*procs; p++ {
		<-c
	}
}

// Select2: one op = one 2-case select receiving from one of two private
// cap-1 channels, plus the buffered send to the other (RunParallel; Go's
// runtime.BenchmarkSelectUncontended).
func BenchmarkSelect2(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		c1, c2 := make(chan int, 1), make(chan int, 1)
		c1 <- 0
		for pb.Next() {
			select {
			case <-c1:
				c2 <- 0
			case <-c2:
				c1 <- 0
			}
		}
	})
}

// SelectContended: the same select and send on two channels of cap
// GOMAXPROCS shared by all RunParallel goroutines (Go's
// runtime.BenchmarkSelectAsyncContended).
func BenchmarkSelectContended(b *testing.B) {
	procs := runtime.GOMAXPROCS(0)
	c1, c2 := make(chan int, procs), make(chan int, procs)
	b.RunParallel(func(pb *testing.PB) {
		c1 <- 0
		for pb.Next() {
			select {
			case <-c1:
				c2 <- 0
			case <-c2:
				c1 <- 0
			}
		}
	})
}

// SpawnJoin: one op = start a goroutine that only calls wg.Done(), and wait for it.
func BenchmarkSpawnJoin(b *testing.B) {
	var wg sync.WaitGroup
	for i := 0; i < b.N; i++ {
		wg.Add(1)
		go wg.Done()
		wg.Wait()
	}
}

// SpawnBurst: one op = one goroutine of a burst: start up to 1000
// goroutines (each only calls wg.Done()), then wait for all of them.
func BenchmarkSpawnBurst(b *testing.B) {
	const burst = 1000
	var wg sync.WaitGroup
	for done := 0; done < b.N; {
		k := b.N - done
		if k > burst {
			k = burst
		}
		wg.Add(k)
		for j := 0; j < k; j++ {
			go wg.Done()
		}
		wg.Wait()
		done += k
	}
}

// Yield: one op = one runtime.Gosched() by one of two goroutines that yield
// in turn; at -cpu 1 each op is one switch.
func BenchmarkYield(b *testing.B) {
	var wg sync.WaitGroup
	loop := func(n int) {
		for i := 0; i < n; i++ {
			runtime.Gosched()
		}
		wg.Done()
	}
	wg.Add(2)
	go loop(b.N / 2)
	go loop(b.N - b.N/2)
	wg.Wait()
}

// SyscallHandoff: one op = one PingPong round trip while a third goroutine
// sits in a real blocking system call (select(2) on a pipe nobody writes
// until the end, bounded to 20 ms per call, yielding between calls).
func BenchmarkSyscallHandoff(b *testing.B) {
	r, w, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	fd := int(r.Fd())
	var stop, entered int32
	var timeouts int64
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // the blocker
		defer wg.Done()
		for atomic.LoadInt32(&stop) == 0 {
			var set syscall.FdSet
			set.Bits[fd/64] |= 1 << (uint(fd) % 64)
			tv := syscall.Timeval{Usec: 20000}
			atomic.StoreInt32(&entered, 1)
			if n, _ := syscall.Select(fd+1, &set, nil, nil, &tv); n == 0 {
				atomic.AddInt64(&timeouts, 1)
			}
			runtime.Gosched()
		}
	}()
	ping, pong := make(chan int), make(chan int)
	go func() {
		defer wg.Done()
		for v := range ping {
			pong <- v
		}
	}()
	for atomic.LoadInt32(&entered) == 0 {
		time.Sleep(100 * time.Microsecond)
	}
	time.Sleep(time.Millisecond)
	t0 := atomic.LoadInt64(&timeouts)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ping <- i
		<-pong
	}
	b.StopTimer()
	b.ReportMetric(float64(atomic.LoadInt64(&timeouts)-t0), "blocked_polls")
	atomic.StoreInt32(&stop, 1)
	w.Write([]byte{'x'})
	close(ping)
	wg.Wait()
}

// ContextCancelFanout100: one op = make a cancelable root, 100 child
// contexts each with one goroutine waiting on its Done channel, wait until
// all have started, cancel the root, and wait until all 100 have exited.
func BenchmarkContextCancelFanout100(b *testing.B) {
	const fanout = 100
	var ready, exited sync.WaitGroup
	cancels := make([]context.CancelFunc, fanout)
	for i := 0; i < b.N; i++ {
		root, cancel := context.WithCancel(context.Background())
		ready.Add(fanout)
		exited.Add(fanout)
		for k := 0; k < fanout; k++ {
			child, cc := context.WithCancel(root)
			cancels[k] = cc
			go func(ctx context.Context) {
				done := ctx.Done()
				ready.Done()
				<-done
				exited.Done()
			}(child)
		}
		ready.Wait()
		cancel()
		exited.Wait()
		for _, cc := range cancels {
			cc()
		}
	}
}

// TimerAfter: one op = <-time.After(1ns).
func BenchmarkTimerAfter(b *testing.B) {
	for i := 0; i < b.N; i++ {
		<-time.After(time.Nanosecond)
	}
}
