// Command blast finds the hidden couplings that turn a small change into a
// large outage: blast radius, single points of failure, monitoring that shares
// fate with what it watches, O(N^2) scaling hotspots, time-to-failure
// cascades and fleet simulations, from services declared in HCL.
package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

func main() {
	deferCollection(os.Getenv)
	os.Exit(run(os.Args[1:]))
}

// firstCollectionAt is the heap at which the first collection runs.
const firstCollectionAt = 512 << 20

// deferCollection lets the heap grow to firstCollectionAt before the
// garbage collector first runs, then returns to the default pacing
// (GOGC=100, no memory limit). blast runs once and exits: on a model of
// 10,000 services the whole run allocates about 250 MB, and the default
// pacing, which collects first at 4 MB and at every doubling after, spends
// a fifth of the run marking a heap that is about to be freed at exit. A
// larger model crosses the threshold and is collected as before, so memory
// stays bounded. This is the Go GC guide's "GOGC=off with a memory limit"
// for short-lived programs (https://go.dev/doc/gc-guide#Memory_limit),
// limited to the first cycle. A user's GOGC or GOMEMLIMIT is left alone.
func deferCollection(getenv func(string) string) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(firstCollectionAt)
	// The finalizer runs after the first collection, which finds the
	// sentinel unreachable.
	runtime.SetFinalizer(new([32]byte), func(*[32]byte) { // 32 bytes: not in the tiny allocator, whose objects may never be finalized
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
