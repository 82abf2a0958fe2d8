package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// deferCollection holds the collector off until the first cycle, then
// restores the default pacing, so that a large model is collected as
// usual; a user's GOGC is left alone.
func TestDeferCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	deferCollection(func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, GC percent = %d, want it untouched (100)", got)
	}

	deferCollection(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != firstCollectionAt {
		t.Errorf("memory limit = %d, want %d until the first collection", got, firstCollectionAt)
	}
	runtime.GC() // the first collection: the finalizer is queued
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) != math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatal("the default pacing is not back after a collection")
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after the first collection, GC percent = %d, want 100", got)
	}
}
