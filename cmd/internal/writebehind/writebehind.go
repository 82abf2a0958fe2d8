// Package writebehind is a buffered writer whose full buffers are written
// by a goroutine of its own, so that the kernel's copy of one buffer runs
// on one core while the caller renders the next on another. A report can
// be large (150 MB of JSON at 10,000 services), and written in turn it
// costs the time to render it plus the time to copy it.
package writebehind

import (
	"io"
	"sync"
)

// Writer writes behind its caller: Write fills a buffer and hands each
// full one to the writer goroutine, Flush waits until all are written,
// Stop ends the goroutine. At most Buffers*Size bytes are held.
//
// The caller's goroutine owns cur; the writer goroutine owns the buffers
// sent on full until it hands them back on free. Its first error sticks:
// later buffers are not written, and Flush and Write report it.
type Writer struct {
	w    io.Writer
	cur  []byte
	full chan []byte
	free chan []byte
	done chan struct{} // closed when the writer goroutine has returned

	mu  sync.Mutex
	err error // the writer goroutine's first error
}

// Buffers of Size bytes each are what a Writer holds.
const (
	Buffers = 4
	Size    = 256 << 10
)

// New returns a Writer to w, its goroutine started.
func New(w io.Writer) *Writer {
	b := &Writer{w: w, full: make(chan []byte, Buffers), free: make(chan []byte, Buffers), done: make(chan struct{})}
	for range Buffers - 1 {
		b.free <- make([]byte, 0, Size)
	}
	b.cur = make([]byte, 0, Size)
	go b.drain()
	return b
}

// drain writes the buffers sent on full until it is closed.
func (b *Writer) drain() {
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

func (b *Writer) error() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Write appends p to the current buffer, handing each full one to the
// writer goroutine.
func (b *Writer) Write(p []byte) (int, error) {
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
func (b *Writer) Flush() error {
	if len(b.cur) > 0 {
		b.full <- b.cur
		b.cur = <-b.free
	}
	// Every other buffer is back on free once the goroutine is idle.
	held := make([][]byte, 0, Buffers-1)
	for range Buffers - 1 {
		held = append(held, <-b.free)
	}
	for _, buf := range held {
		b.free <- buf
	}
	return b.error()
}

// Stop ends the writer goroutine once it has written what it was given
// (not the current buffer: Flush first to write it). The Writer is not
// used after.
func (b *Writer) Stop() {
	close(b.full)
	<-b.done
}
