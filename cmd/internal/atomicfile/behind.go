package atomicfile

import (
	"io"
	"sync"
)

// writeBehind is a buffered writer whose full buffers are written by a
// goroutine of their own, so that the kernel's copy of one buffer into the
// page cache runs on one core while the caller renders the next on
// another. A report can be large (150 MB of JSON at 10,000 services), and
// written in turn it costs the time to render it plus the time to copy it.
//
// The caller's goroutine owns cur; the writer goroutine owns the buffers
// sent on full until it hands them back on free. Its first error sticks:
// later buffers are not written, and Flush and Write report it.
type writeBehind struct {
	w    io.Writer
	cur  []byte
	full chan []byte
	free chan []byte
	done chan struct{} // closed when the writer goroutine has returned

	mu  sync.Mutex
	err error // the writer goroutine's first error
}

const (
	behindBuffers = 4
	behindSize    = 256 << 10
)

func newWriteBehind(w io.Writer) *writeBehind {
	b := &writeBehind{w: w, full: make(chan []byte, behindBuffers), free: make(chan []byte, behindBuffers), done: make(chan struct{})}
	for range behindBuffers - 1 {
		b.free <- make([]byte, 0, behindSize)
	}
	b.cur = make([]byte, 0, behindSize)
	go b.drain()
	return b
}

// drain writes the buffers sent on full until it is closed.
func (b *writeBehind) drain() {
	defer close(b.done)
	for buf := range b.full {
		if b.error() == nil {
			if _, err := b.w.Write(buf); err != nil {
				b.mu.Lock()
				b.err = err
				b.mu.Unlock()
			}
		}
		b.free <- buf[:0]
	}
}

func (b *writeBehind) error() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Write appends p to the current buffer, handing each full one to the
// writer goroutine.
func (b *writeBehind) Write(p []byte) (int, error) {
	if err := b.error(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), cap(b.cur)-len(b.cur))
		b.cur = append(b.cur, p[:k]...)
		p = p[k:]
		if len(b.cur) == cap(b.cur) {
			b.full <- b.cur
			b.cur = <-b.free
		}
	}
	return n, nil
}

// Flush writes what is buffered and waits until every buffer is written.
func (b *writeBehind) Flush() error {
	if len(b.cur) > 0 {
		b.full <- b.cur
		b.cur = <-b.free
	}
	// Every other buffer is back on free once the goroutine is idle.
	held := make([][]byte, 0, behindBuffers-1)
	for range behindBuffers - 1 {
		held = append(held, <-b.free)
	}
	for _, buf := range held {
		b.free <- buf
	}
	return b.error()
}

// stop ends the writer goroutine once it has written what it was given.
// The writer is not used after.
func (b *writeBehind) stop() {
	close(b.full)
	<-b.done
}
