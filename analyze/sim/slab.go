package sim

import "math"

// ref names a pooled value: its index and its generation, so that a
// reference outliving a recycled value is recognised as stale.
type ref struct{ i, gen uint32 }

// noRef refers to nothing (a call from outside, a call nobody waits on).
var noRef = ref{i: math.MaxUint32}

// slab is a pool of values reused by index, for the cohorts, requests and
// calls the load simulation makes and drops every step: a free list, so a
// long run allocates for its peak only, and a generation per slot, so that
// a reference to a released value reads as stale instead of as its
// successor. A slot's generation is odd while it is live.
type slab[T any] struct {
	items []T
	gen   []uint32
	free  []uint32
}

// alloc returns a live slot. Its value is what the slot last held, so
// that the caller can reuse the slices in it; the caller resets the rest.
func (s *slab[T]) alloc() (ref, *T) {
	var i uint32
	if n := len(s.free); n > 0 {
		i = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		var zero T
		s.items, s.gen = append(s.items, zero), append(s.gen, 0)
		i = uint32(len(s.items) - 1)
	}
	s.gen[i]++
	return ref{i: i, gen: s.gen[i]}, &s.items[i]
}

// ok reports whether r refers to a live value.
func (s *slab[T]) ok(r ref) bool {
	return int(r.i) < len(s.gen) && s.gen[r.i] == r.gen
}

// at returns the value r refers to, live or not.
func (s *slab[T]) at(r ref) *T { return &s.items[r.i] }

// release frees r's slot; releasing a stale reference does nothing.
func (s *slab[T]) release(r ref) {
	if !s.ok(r) {
		return
	}
	s.gen[r.i]++
	s.free = append(s.free, r.i)
}
