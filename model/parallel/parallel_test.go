package parallel

import (
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		var sum atomic.Int64
		seen := make([]atomic.Bool, 50)
		For(50, workers, func(i int) {
			sum.Add(int64(i))
			if seen[i].Swap(true) {
				t.Errorf("job %d ran twice", i)
			}
		})
		if sum.Load() != 49*50/2 {
			t.Errorf("workers %d: sum %d", workers, sum.Load())
		}
	}
	For(0, 4, func(int) { t.Error("no job to run") })
}

// TestForPanic checks that a job's panic reaches the caller, with the
// stack of the goroutine that panicked, once every worker has stopped.
func TestForPanic(t *testing.T) {
	defer func() {
		p, ok := recover().(*Panic)
		if !ok {
			t.Fatal("no *Panic reached the caller")
		}
		if p.Value != "job 7 failed" || !strings.Contains(string(p.Stack), "parallel.TestForPanic") {
			t.Errorf("panic %v, stack:\n%s", p.Value, p.Stack)
		}
	}()
	For(100, 2, func(i int) {
		if i == 7 {
			panic("job 7 failed")
		}
	})
}

func TestParallelUsesWorkers(t *testing.T) {
	var running, peak atomic.Int32
	both := make(chan struct{})
	var once sync.Once
	done := make([]bool, 4)
	For(len(done), 2, func(i int) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if n >= 2 {
			once.Do(func() { close(both) })
		}
		select { // wait for a second worker; the timeout only avoids a hang
		case <-both:
		case <-time.After(5 * time.Second):
		}
		running.Add(-1)
		done[i] = true
	})
	if peak.Load() < 2 || !reflect.DeepEqual(done, []bool{true, true, true, true}) {
		t.Errorf("peak concurrency %d with 2 workers, jobs done %v", peak.Load(), done)
	}
}
