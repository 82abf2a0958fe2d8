// Package parallel runs independent jobs on a few goroutines and carries a
// panic back to the goroutine that asked for them.
//
// A panic in a goroutine of its own ends the process with Go's exit code 2,
// which blast's contract gives to invalid input: a crash would pass for a
// user's mistake. For re-raises it in the caller, where the command line's
// recover reports it as an internal error (exit 70).
package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Panic is a job's panic re-raised in the caller: the value and the stack
// of the goroutine that panicked.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("%v", p.Value) }

// For calls job(i) for every i in [0, n) on at most workers goroutines
// (GOMAXPROCS when workers <= 0) and returns when all are done. If a job
// panics, the remaining jobs are skipped and, once every goroutine has
// stopped, For panics with the first *Panic.
func For(n, workers int, job func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first *Panic
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if v := recover(); v != nil {
					p, ok := v.(*Panic)
					if !ok {
						p = &Panic{Value: v, Stack: debug.Stack()}
					}
					once.Do(func() { first = p })
					for range next { // drain: skip what is left
					}
				}
			}()
			for i := range next {
				job(i)
			}
		}()
	}
	wg.Wait()
	if first != nil {
		panic(first)
	}
}
