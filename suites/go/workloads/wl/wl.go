// Package wl is what the Go workloads share with each other, mirroring
// suites/workloads/wl.c: the command line `[--procs N] [SIZE]` and the
// exits.  Exit codes: 0 checked ok (last line ends in " ok"), 1 wrong
// result ("FAIL: ..."), 2 bad command line.  Go never needs the skip (77).
package wl

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
)

// Args is a parsed command line.
type Args struct {
	Procs int   // GOMAXPROCS in effect
	Size  int64 // the positional SIZE, or the default
}

// Parse reads `[--procs N] [SIZE]` (flags and SIZE in any order) and sets
// GOMAXPROCS (0 keeps the default, the CPU count).
func Parse(name string, defaultSize int64, sizeHelp string) Args {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	procs := fs.Int("procs", 0, "GOMAXPROCS (0 = all CPUs)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s [--procs N] [SIZE]\n  SIZE: %s\n", name, sizeHelp)
		fs.PrintDefaults()
	}
	a := Args{Size: defaultSize}
	args, haveSize := os.Args[1:], false
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				os.Exit(0)
			}
			os.Exit(2)
		}
		if fs.NArg() == 0 {
			break
		}
		v, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || v <= 0 || haveSize {
			fmt.Fprintf(os.Stderr, "%s: unexpected argument: %s\n", name, fs.Arg(0))
			fs.Usage()
			os.Exit(2)
		}
		a.Size, haveSize = v, true
		args = fs.Args()[1:]
	}
	if *procs < 0 {
		fs.Usage()
		os.Exit(2)
	}
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}
	a.Procs = runtime.GOMAXPROCS(0)
	return a
}

// Fail prints "FAIL: ..." and exits 1.
func Fail(format string, args ...interface{}) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}
