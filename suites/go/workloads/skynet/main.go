// skynet: the Go reference of suites/workloads/skynet.c.  A tree of
// goroutines: a leaf sends its number, an inner node starts 10 children and
// sends the sum of what they send back over an unbuffered channel.  SIZE
// leaves (default 1000000, a power of 10) give SIZE*(SIZE-1)/2.
//
// Output: `skynet: procs=P size=S sum=X expected=Y ok`.
package main

import (
	"fmt"
	"os"

	"grbench/workloads/wl"
)

const div = 10

func skynet(out chan<- int64, num, size int64) {
	if size == 1 {
		out <- num
		return
	}
	rc := make(chan int64)
	for i := int64(0); i < div; i++ {
		go skynet(rc, num+i*(size/div), size/div)
	}
	var sum int64
	for i := 0; i < div; i++ {
		sum += <-rc
	}
	out <- sum
}

func main() {
	a := wl.Parse("skynet", 1000000, "number of leaf goroutines, a power of 10 (default 1000000)")
	s := a.Size
	for s%div == 0 {
		s /= div
	}
	if s != 1 {
		fmt.Fprintf(os.Stderr, "skynet: SIZE must be a power of 10, not %d\n", a.Size)
		os.Exit(2)
	}
	out := make(chan int64)
	go skynet(out, 0, a.Size)
	sum := <-out
	expected := a.Size * (a.Size - 1) / 2
	if sum != expected {
		wl.Fail("skynet: size=%d sum=%d expected=%d", a.Size, sum, expected)
	}
	fmt.Printf("skynet: procs=%d size=%d sum=%d expected=%d ok\n", a.Procs, a.Size, sum, expected)
}
