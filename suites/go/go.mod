// The Go reference of grbench (suites/go): the microbenchmarks of
// suites/bench as ./bench (go test -bench . -cpu 1,4 ./bench) and the
// workloads of suites/workloads as ./workloads/<name> (go run).
// Invariant: standard library only, so it builds with no network.
module grbench

go 1.19
