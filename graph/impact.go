package graph

import (
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/parallel"
)

// Impact is the exact eventual effect of every single failure on every
// service.
//
// Its lists are the bulk of a large model's analysis (on a chain of N
// services, N^2/2 pairs), so they are built with their sizes known ahead
// (the counting pass of each chunk of failure sources comes before the
// pass that fills it) in a few flat arrays, and never widened or copied
// for a caller: see Victims.
type Impact struct {
	// OutageCount[u] counts the other services that a failure of u alone
	// takes to outage.
	OutageCount []int
	// DegradedCount[u] counts the other services that a failure of u alone
	// leaves degraded but not out.
	DegradedCount []int

	// victims[u]: the v != u that u's failure takes out, ascending;
	// windows (capacity capped) into one array per chunk of sources.
	victims [][]int32
	// spofs: row v holds the u != v whose failure takes v out, ascending
	// (victims transposed).
	spofs rows32
	// impairs[c]: row v holds the sources of chunk c (u / chunk == c) whose
	// failure takes a recorded v to at least degraded, ascending.
	impairs []rows32
	chunk   int
	lists   bool // victims and spofs were recorded
}

// rows32 is a list of lists in compressed sparse row form: row i is
// at[start[i]:start[i+1]].
type rows32 struct {
	start []int
	at    []int32
}

func (r *rows32) row(i int) []int32 {
	if r.start == nil {
		return nil
	}
	a, b := r.start[i], r.start[i+1]
	return r.at[a:b:b]
}

// DefaultMaxPairs bounds the single-failure pairs (a service, and a
// failure that takes it out or, for a recorded observer, impairs it) that
// SingleFailures holds: 2^28, 2 GiB of lists (PairBytes each). A chain of
// N services has N^2/2 of them, so a chain of about 23,000 services
// reaches it; such a model's JSON report alone would take gigabytes.
const DefaultMaxPairs = 1 << 28

// PairBytes is what SingleFailures keeps for each pair: its entry in the
// victims of the failure and in the single points of failure of the
// service, an int32 each.
const PairBytes = 8

// TooCoupledError is SingleFailures' refusal of a model whose pairs
// exceed the budget: it fails fast, before the lists exhaust memory.
type TooCoupledError struct {
	// Pairs is how many pairs were found before stopping: at least this
	// many exist.
	Pairs int64
	// Budget is the bound that was exceeded.
	Budget int64
	// Sources is how many services' failures were followed before stopping.
	Sources int
}

func (e *TooCoupledError) Error() string {
	return fmt.Sprintf("the single failures of the first %d services already take out %d services in all, more than the %d that blast holds in memory", e.Sources, e.Pairs, e.Budget)
}

// Victims returns the services v != u that a failure of u alone takes
// out, ascending. The slice is shared (its capacity is capped, so an
// append copies): callers must not modify it. It is nil when no lists were
// recorded (see impactOptions.CountsOnly).
func (im *Impact) Victims(u int) []int32 {
	if !im.lists {
		return nil
	}
	return im.victims[u]
}

// SPOFs returns the services u != v whose failure alone takes v to outage,
// ascending, in a new slice.
func (im *Impact) SPOFs(v int) []int { return widen(im.spofs.row(v)) }

// SPOFs32 is SPOFs without a copy: the list is shared, callers must not
// modify it.
func (im *Impact) SPOFs32(v int) []int32 { return im.spofs.row(v) }

// IsSPOF reports whether a failure of u alone takes v out (false when
// u == v or out of range).
func (im *Impact) IsSPOF(u, v int) bool {
	if v < 0 || v >= len(im.OutageCount) {
		return false
	}
	_, ok := slices.BinarySearch(im.spofs.row(v), int32(u))
	return ok
}

// Degraders returns the services u != v whose failure alone impairs v: takes
// it to at least degraded (so it includes SPOFs(v)), ascending. It is nil
// when v was not recorded (see impactOptions.Degraders; SingleFailures
// records observers only).
func (im *Impact) Degraders(v int) []int {
	var out []int
	for c := range im.impairs {
		for _, u := range im.impairs[c].row(v) {
			out = append(out, int(u))
		}
	}
	return out
}

// Effect returns the eventual state of v when u alone fails (outage when
// u == v). It answers from the recorded lists: for a v whose lists were not
// recorded it can only tell outage from the rest (or nothing at all).
func (im *Impact) Effect(u, v int) model.Impact {
	if u == v {
		return model.ImpactOutage
	}
	if im.IsSPOF(u, v) {
		return model.ImpactOutage
	}
	if u < 0 || u >= len(im.OutageCount) || len(im.impairs) == 0 {
		return model.ImpactNone
	}
	if _, ok := slices.BinarySearch(im.impairs[u/im.chunk].row(v), int32(u)); ok {
		return model.ImpactDegraded
	}
	return model.ImpactNone
}

// widen converts node lists to []int; an empty list is nil.
func widen(s []int32) []int {
	if len(s) == 0 {
		return nil
	}
	out := make([]int, len(s))
	for i, x := range s {
		out[i] = int(x)
	}
	return out
}

// impactOptions tunes singleFailuresWith.
type impactOptions struct {
	// ChunkSize is how many failure sources one pass handles (rounded up to
	// a multiple of 64); memory is 2 * N * ChunkSize bits. Default 4096.
	ChunkSize int
	// CountsOnly records no Victims or SPOFs lists.
	CountsOnly bool
	// Degraders selects the services whose Degraders list is kept; nil
	// keeps all. Degraded reach is often most of the model (any impact
	// passes degraded), so these lists grow as N^2: keep only those needed.
	Degraders func(v int) bool
	// MaxPairs bounds the recorded pairs (see DefaultMaxPairs); 0 means
	// no bound.
	MaxPairs int64
	// OutageOnly solves outage alone: DegradedCount and Degraders stay
	// empty (cut sets need no more).
	OutageOnly bool
	// Counts are always exact for every service.
	// Workers bounds the chunks solved at once (each holds its own sets:
	// 2 * N * ChunkSize bits); 0 means GOMAXPROCS, at most maxImpactWorkers.
	Workers int
}

// maxImpactWorkers bounds the chunks solved at once by default, and so the
// memory of their sets.
const maxImpactWorkers = 4

// SingleFailures computes, for every service at once, which single failures
// take it to outage and which impair it, exactly, under the eventual
// propagation semantics of propagate. It records every service's victims
// and SPOFs and the Degraders of observers (roles monitoring and status),
// whose rule needs them; use singleFailuresWith for other choices. It
// returns a *TooCoupledError when the lists would exceed DefaultMaxPairs.
func (g *Graph) SingleFailures() (*Impact, error) {
	return g.singleFailuresWith(impactOptions{
		Degraders: func(v int) bool { return g.Services[v].Role.IsObserver() },
		MaxPairs:  DefaultMaxPairs,
	})
}

// singleFailuresWith is SingleFailures with options.
//
// The algorithm is transitive closure by bit-parallel set propagation over
// the condensation (cf. E. Nuutila, "Efficient transitive closure
// computation in large digraphs", 1995; bit-vector dataflow as in Aho, Lam,
// Sethi, Ullman, "Compilers", 2nd ed., ch. 9). For each node v and a chunk
// of failure sources, O(v) is the set of sources whose failure puts v in
// outage and D(v) those that put it at least in degraded:
//
//	O(v) = {v} ∪ ⋃_{ungrouped e} EO(e) ∪ ⋃_{groups G} ⋂_{e ∈ G} EO(e)
//	EO(e) = O(to) if e eventually passes outage, else ∅
//	ED(e) = D(to) if impact ≥ degraded; O(to) if impact none but the buffer turns; else ∅
//
// and D likewise with ED. O is solved first (D reads it through buffers on
// impact-none edges). Each level is solved over the condensation of the
// edges its sets flow along, dependencies first, so the sets of a node's
// dependencies outside its component are final; inside a cyclic component
// the monotone equations are iterated from ∅ to their least fixed point
// (which is the least fixed point of propagate for every source bit at
// once), sweeping the component's OR-only sub-components in order: their
// members share one set, so only AND (group) edges pointing back need a
// second sweep. Cost is O(E * chunk/64) word operations per sweep and
// chunk, i.e. about O(N*E/64) in all, with per-node word ranges skipping
// empty parts of the sets.
//
// After each chunk, a counting pass over the sets gives every source's
// victim count (bit-sliced column counters) and every node's list sizes,
// so the budget is checked and the chunk's lists are allocated exactly
// before a second pass fills them; SPOFs are the victims transposed at the
// end, with their sizes counted along the way.
func (g *Graph) singleFailuresWith(o impactOptions) (*Impact, error) {
	n := len(g.Services)
	chunk := o.ChunkSize
	if chunk <= 0 {
		chunk = 4096
	}
	chunk = (chunk + 63) &^ 63
	if n < chunk {
		chunk = (n + 63) &^ 63
	}
	im := &Impact{
		OutageCount:   make([]int, n),
		DegradedCount: make([]int, n),
		chunk:         max(chunk, 64),
		lists:         !o.CountsOnly,
	}
	if n == 0 {
		return im, nil
	}
	if im.lists {
		im.victims = make([][]int32, n)
	}
	recD := make([]bool, n)
	for v := range n {
		recD[v] = !o.OutageOnly && (o.Degraders == nil || o.Degraders(v))
	}
	chunks := (n + chunk - 1) / chunk
	workers := min(chunks, max(1, o.Workers))
	if o.Workers <= 0 {
		workers = min(chunks, runtime.GOMAXPROCS(0), maxImpactWorkers)
	}
	// Each worker takes the next chunk, solves and counts it on a pass of
	// its own, and then waits for its turn: the budget is checked in chunk
	// order (so a refusal is the sequential one, after at most a chunk per
	// worker of further work), the chunk's impairing lists allocated, and
	// the turn handed on before the lists are filled. Only the check is in
	// turn, so a slow chunk holds up no other's solving or filling. Chunks
	// write disjoint parts of im; spofCount is summed per pass.
	passes := make([]*setPass, workers)
	passes[0] = newSetPass(g, chunk/64, o.OutageOnly)
	for w := 1; w < workers; w++ {
		passes[w] = passes[0].another()
	}
	im.impairs = make([]rows32, chunks)
	// turn[c] is closed once the chunks before c are checked. The owner of
	// a chunk closes the next turn whatever happens (a refusal, a panic),
	// so no worker waits for a chunk that never comes.
	turn := make([]chan struct{}, chunks+1)
	for c := range turn {
		turn[c] = make(chan struct{})
	}
	close(turn[0])
	var (
		next    atomic.Int64
		stop    atomic.Bool
		pairs   int64 // written in turn only
		refusal *TooCoupledError
	)
	solve := func(s *setPass, c int) {
		passed, finished := false, false
		pass := func() {
			if !passed {
				passed = true
				close(turn[c+1])
			}
		}
		defer func() {
			if !finished {
				stop.Store(true)
			}
			pass()
		}()
		if stop.Load() {
			return
		}
		s.run(c*chunk, min(n, (c+1)*chunk))
		imp := s.countChunk(im, recD)
		<-turn[c]
		if stop.Load() {
			return
		}
		if im.lists {
			for u := s.s0; u < s.s1; u++ {
				pairs += int64(im.OutageCount[u])
			}
		}
		pairs += int64(imp.start[n])
		if o.MaxPairs > 0 && pairs > o.MaxPairs {
			refusal = &TooCoupledError{Pairs: pairs, Budget: o.MaxPairs, Sources: s.s1}
			return
		}
		if imp.start[n] == 0 {
			imp = rows32{}
		} else {
			imp.at = make([]int32, imp.start[n])
		}
		pass()
		s.fill(im, recD, &imp)
		im.impairs[c] = imp
		finished = true
	}
	parallel.For(workers, workers, func(w int) {
		for c := int(next.Add(1) - 1); c < chunks; c = int(next.Add(1) - 1) {
			solve(passes[w], c)
		}
	})
	if refusal != nil {
		return nil, refusal
	}
	spofCount := make([]int, n+1)
	for _, s := range passes {
		for v, c := range s.spofCount {
			spofCount[v] += c
		}
	}
	if im.lists {
		im.spofs = transpose(im.victims, spofCount, workers)
	}
	return im, nil
}

// transpose returns the rows of the lists' transpose: row v holds the u
// whose list has v, ascending; count[v+1] is row v's size.
//
// Writing the pairs one by one to their rows would touch a different
// cache line for nearly every pair (10^8 rows' ends at once); instead the
// rows are filled a block at a time, every list resuming where the last
// block left it, so that only a block's row ends are being written. Rows
// are disjoint, so up to workers goroutines fill a range of blocks each,
// the ranges holding about as many pairs.
func transpose(lists [][]int32, count []int, workers int) rows32 {
	n := len(lists)
	t := rows32{start: count}
	for v := range n {
		t.start[v+1] += t.start[v]
	}
	t.at = make([]int32, t.start[n])
	parts := max(1, min(workers, (n+transposeBlock-1)/transposeBlock))
	bounds := make([]int, parts+1)
	bounds[parts] = n
	for p := 1; p < parts; p++ {
		v, _ := slices.BinarySearch(t.start[:n], t.start[n]*p/parts)
		bounds[p] = min(max(v/transposeBlock*transposeBlock, bounds[p-1]), n)
	}
	parallel.For(parts, parts, func(p int) { t.fill(lists, bounds[p], bounds[p+1]) })
	return t
}

// transposeBlock is how many rows transpose writes at once: their ends are
// 4096 cache lines.
const transposeBlock = 4096

// fill writes rows [lo, hi) of the transpose of lists into t, whose starts
// are set.
func (t *rows32) fill(lists [][]int32, lo, hi int) {
	pos := slices.Clone(t.start[lo:hi]) // pos[v-lo]: where row v goes on
	next := make([]int, len(lists))     // next[u]: where list u resumes
	if lo > 0 {
		for u, vs := range lists {
			next[u], _ = slices.BinarySearch(vs, int32(lo))
		}
	}
	for b0 := lo; b0 < hi; b0 += transposeBlock {
		b1 := min(b0+transposeBlock, hi)
		for u, vs := range lists {
			i := next[u]
			for ; i < len(vs) && int(vs[i]) < b1; i++ {
				v := int(vs[i]) - lo
				t.at[pos[v]] = int32(u)
				pos[v]++
			}
			next[u] = i
		}
	}
}

// Edge kinds for set propagation: which set of the dependency flows.
const (
	srcNone = iota
	srcD
	srcO
)

type setPass struct {
	g          *Graph
	w          int
	outageOnly bool
	s0, s1     int
	o, d       []uint64
	ro, rd     [][2]int32 // nonzero word ranges [lo, hi)
	eo, ed     []uint8    // per edge: source kind for O and D
	tmp        []uint64
	no, nd     []uint64
	po, pd     levelPlan
	co, cd     *columnCounter
	// spofCount[v+1] sums, over this pass's chunks, the sources that take
	// v out: the sizes of the SPOFs lists.
	spofCount []int
}

// newSetPass prepares the passes of chunks of w words; outageOnly solves
// the outage level only, whose sets then stand for the degraded ones too.
func newSetPass(g *Graph, w int, outageOnly bool) *setPass {
	n := len(g.Services)
	s := &setPass{
		g: g, w: w, outageOnly: outageOnly,
		o: make([]uint64, n*w), ro: make([][2]int32, n),
		eo: make([]uint8, len(g.Edges)), ed: make([]uint8, len(g.Edges)),
		tmp: make([]uint64, w), no: make([]uint64, w), nd: make([]uint64, w),
	}
	s.d, s.rd = s.o, s.ro
	if !outageOnly {
		s.d, s.rd = make([]uint64, n*w), make([][2]int32, n)
	}
	for k := range g.Edges {
		if g.OutageEdge(k) {
			s.eo[k] = srcO
		}
		switch {
		case g.Edges[k].Dep.Impact >= model.ImpactDegraded:
			s.ed[k] = srcD
		case g.Turns(k):
			s.ed[k] = srcO
		}
	}
	s.co, s.cd = newColumnCounter(w, n), newColumnCounter(w, n)
	s.po = s.plan(s.eo, srcO)
	if !outageOnly {
		s.pd = s.plan(s.ed, srcD)
	}
	return s
}

// another is a pass like s, sharing its plans (read only), with sets and
// counters of its own: for another chunk at the same time.
func (s *setPass) another() *setPass {
	n, w := len(s.g.Services), s.w
	t := *s
	t.o, t.ro = make([]uint64, n*w), make([][2]int32, n)
	t.d, t.rd = t.o, t.ro
	if !s.outageOnly {
		t.d, t.rd = make([]uint64, n*w), make([][2]int32, n)
	}
	t.tmp, t.no, t.nd = make([]uint64, w), make([]uint64, w), make([]uint64, w)
	t.co, t.cd = newColumnCounter(w, n), newColumnCounter(w, n)
	t.spofCount = nil
	return &t
}

func (s *setPass) set(kind uint8, v int) ([]uint64, [2]int32) {
	if kind == srcO {
		return s.o[v*s.w : (v+1)*s.w], s.ro[v]
	}
	return s.d[v*s.w : (v+1)*s.w], s.rd[v]
}

// levelPlan is the evaluation order of one level's equations: the
// condensation of the edges the level's sets flow along (cf), and inside
// each cyclic component of it, the components of its ungrouped edges only
// (cu), dependencies first. All members of a cu component reach each other
// through OR edges, so they share one set in the least fixed point.
type levelPlan struct {
	cf   *condensation
	subs [][][]int // cf component -> its cu components (members), in order
	// Node v's ungrouped edges whose sets flow at this level, as
	// or[orStart[v]:orStart[v+1]]: the dependency's node times 2, plus 1
	// when its outage set flows (else its degraded set). A compact array
	// read in order instead of the edges' structs: evaluation visits every
	// edge once per chunk and level.
	orStart []int32
	or      []int32
}

func (s *setPass) plan(kinds []uint8, kind uint8) levelPlan {
	g := s.g
	keep := func(k int) bool { return kinds[k] == kind }
	cf := g.condense(keep)
	cu := g.condense(func(k int) bool { return keep(k) && g.Edges[k].Group < 0 })
	p := levelPlan{cf: cf, subs: make([][][]int, len(cf.Components)), orStart: make([]int32, len(g.Services)+1)}
	for v := range g.Services {
		for _, k := range g.out[v] {
			if kinds[k] != srcNone && g.Edges[k].Group < 0 {
				p.or = append(p.or, int32(g.Edges[k].To)<<1|int32(kinds[k]>>1))
			}
		}
		p.orStart[v+1] = int32(len(p.or))
	}
	for ci := range cu.Components {
		v := cu.Components[ci][0]
		c := cf.Of[v]
		if cf.Cyclic(c) {
			p.subs[c] = append(p.subs[c], cu.Components[ci])
		}
	}
	return p
}

// run computes O and then D for sources [s0, s1). D depends on O (through
// buffers on impact-none edges), never the reverse.
func (s *setPass) run(s0, s1 int) {
	s.s0, s.s1 = s0, s1
	clear(s.o)
	clear(s.d)
	clear(s.ro)
	clear(s.rd)
	s.runLevel(s.po, s.eo, s.o, s.ro)
	if !s.outageOnly {
		s.runLevel(s.pd, s.ed, s.d, s.rd)
	}
}

func (s *setPass) runLevel(p levelPlan, kinds []uint8, sets []uint64, rng [][2]int32) {
	w := s.w
	for ci, comp := range p.cf.Components {
		if !p.cf.Cyclic(ci) {
			v := comp[0]
			rng[v] = s.eval(v, &p, kinds, sets[v*w:(v+1)*w])
			continue
		}
		// Least fixed point inside the component: sweep its OR-components
		// in order, each taking the union of its members' equations over
		// the current sets, until a sweep changes nothing (Kleene
		// iteration from ∅; sets only grow).
		for changed := true; changed; {
			changed = false
			for _, sub := range p.subs[ci] {
				clear(s.no)
				var r [2]int32
				for j, v := range sub {
					clear(s.nd)
					vr := s.eval(v, &p, kinds, s.nd)
					if vr[0] >= vr[1] {
						continue
					}
					for i := vr[0]; i < vr[1]; i++ {
						s.no[i] |= s.nd[i]
					}
					if j == 0 || r[0] >= r[1] {
						r = vr
					} else {
						r = [2]int32{min(r[0], vr[0]), max(r[1], vr[1])}
					}
				}
				v0 := sub[0]
				if !s.store(sets[v0*w:(v0+1)*w], &rng[v0], s.no, r) {
					continue
				}
				changed = true
				for _, v := range sub[1:] {
					s.store(sets[v*w:(v+1)*w], &rng[v], s.no, r)
				}
			}
		}
	}
}

// store copies a freshly evaluated set over the stored one and reports
// whether it changed. Sets only grow, so comparing ranges and words suffices.
func (s *setPass) store(dst []uint64, r *[2]int32, src []uint64, nr [2]int32) bool {
	if nr == *r {
		same := true
		for i := nr[0]; i < nr[1]; i++ {
			if dst[i] != src[i] {
				same = false
				break
			}
		}
		if same {
			return false
		}
	}
	clear(dst[r[0]:r[1]])
	copy(dst[nr[0]:nr[1]], src[nr[0]:nr[1]])
	*r = nr
	return true
}

// eval computes one level's set of v into dst (zeroed) and returns its range.
func (s *setPass) eval(v int, p *levelPlan, kinds []uint8, dst []uint64) [2]int32 {
	lo, hi := int32(s.w), int32(0)
	if v >= s.s0 && v < s.s1 {
		b := v - s.s0
		dst[b>>6] |= 1 << (b & 63)
		lo, hi = int32(b>>6), int32(b>>6)+1
	}
	g, w := s.g, s.w
	for _, x := range p.or[p.orStart[v]:p.orStart[v+1]] {
		to := int(x >> 1)
		var src []uint64
		var r [2]int32
		if x&1 != 0 {
			if r = s.ro[to]; r[0] >= r[1] {
				continue
			}
			src = s.o[to*w : (to+1)*w]
		} else {
			if r = s.rd[to]; r[0] >= r[1] {
				continue
			}
			src = s.d[to*w : (to+1)*w]
		}
		for i := r[0]; i < r[1]; i++ {
			dst[i] |= src[i]
		}
		lo, hi = min(lo, r[0]), max(hi, r[1])
	}
	for _, gi := range g.groupsOf[v] {
		var r [2]int32
		ok := true
		for j, k := range g.Groups[gi].Edges {
			if kinds[k] == srcNone {
				ok = false
				break
			}
			src, sr := s.set(kinds[k], g.Edges[k].To)
			if j == 0 {
				r = sr
				copy(s.tmp[r[0]:r[1]], src[r[0]:r[1]])
			} else {
				r = [2]int32{max(r[0], sr[0]), min(r[1], sr[1])}
				for i := r[0]; i < r[1]; i++ {
					s.tmp[i] &= src[i]
				}
			}
			if r[0] >= r[1] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for r[0] < r[1] && s.tmp[r[0]] == 0 {
			r[0]++
		}
		for r[1] > r[0] && s.tmp[r[1]-1] == 0 {
			r[1]--
		}
		if r[0] >= r[1] {
			continue
		}
		for i := r[0]; i < r[1]; i++ {
			dst[i] |= s.tmp[i]
		}
		lo, hi = min(lo, r[0]), max(hi, r[1])
	}
	if lo >= hi {
		return [2]int32{}
	}
	return [2]int32{lo, hi}
}

// sets returns v's outage and degraded sets of this chunk with their word
// ranges (the degraded range covers the outage one: outage is at least
// degraded), and the word and bit of v's own source bit, to be cleared
// (self -1 when v is not a source of this chunk).
func (s *setPass) sets(v int) (os, ds []uint64, ro, rd [2]int32, self int, selfBit uint64) {
	os, ro = s.set(srcO, v)
	ds, rd = s.set(srcD, v)
	self = -1
	if v >= s.s0 && v < s.s1 {
		self, selfBit = (v-s.s0)>>6, 1<<((v-s.s0)&63)
	}
	return
}

// countChunk counts this chunk: each source's victims into im's counts,
// each node's single points of failure into s.spofCount (when im keeps
// lists), and returns the sizes of the recorded nodes' impairing lists.
func (s *setPass) countChunk(im *Impact, recD []bool) rows32 {
	n := len(s.g.Services)
	if im.lists && s.spofCount == nil {
		s.spofCount = make([]int, n+1)
	}
	imp := rows32{start: make([]int, n+1)}
	for v := 0; v < n; v++ {
		no, nd := s.count(v)
		if im.lists {
			s.spofCount[v+1] += no
		}
		if recD[v] {
			imp.start[v+1] = nd
		}
	}
	s.co.flush(im.OutageCount, s.s0)
	s.cd.flush(im.DegradedCount, s.s0)
	for v := range n {
		imp.start[v+1] += imp.start[v]
	}
	return imp
}

// count adds node v's sets of this chunk to the column counters and
// returns how many sources take it out and how many impair it.
func (s *setPass) count(v int) (outage, impaired int) {
	os, ds, ro, rd, self, selfBit := s.sets(v)
	for i := rd[0]; i < rd[1]; i++ {
		dw := ds[i]
		var ow uint64
		if i >= ro[0] && i < ro[1] {
			ow = os[i]
		}
		if int(i) == self {
			dw &^= selfBit
			ow &^= selfBit
		}
		s.co.add(int(i), ow)
		s.cd.add(int(i), dw&^ow)
		outage += bits.OnesCount64(ow)
		impaired += bits.OnesCount64(dw)
	}
	return outage, impaired
}

// fill writes this chunk's lists, whose sizes count found: the victims of
// its sources (one array for the chunk, each source's window sized by its
// count) and the impairing sources of each recorded node (imp, sized).
func (s *setPass) fill(im *Impact, recD []bool, imp *rows32) {
	n := len(s.g.Services)
	// pos[u-s0]: where source u's next victim goes in back.
	var back []int32
	var pos []int
	if im.lists {
		pos = make([]int, s.s1-s.s0+1)
		for u := s.s0; u < s.s1; u++ {
			pos[u-s.s0+1] = pos[u-s.s0] + im.OutageCount[u]
		}
		back = make([]int32, pos[s.s1-s.s0])
		for u := s.s0; u < s.s1; u++ {
			a, b := pos[u-s.s0], pos[u-s.s0+1]
			im.victims[u] = back[a:b:b]
		}
	}
	for v := 0; v < n; v++ {
		os, ds, ro, rd, self, selfBit := s.sets(v)
		if im.lists {
			for i := ro[0]; i < ro[1]; i++ {
				ow := os[i]
				if int(i) == self {
					ow &^= selfBit
				}
				for x := ow; x != 0; x &= x - 1 {
					u := int(i)*64 + bits.TrailingZeros64(x)
					back[pos[u]] = int32(v)
					pos[u]++
				}
			}
		}
		if imp.at == nil || !recD[v] {
			continue
		}
		at := imp.at[imp.start[v]:imp.start[v+1]]
		j := 0
		for i := rd[0]; i < rd[1]; i++ {
			dw := ds[i]
			if int(i) == self {
				dw &^= selfBit
			}
			for x := dw; x != 0; x &= x - 1 {
				at[j] = int32(s.s0 + int(i)*64 + bits.TrailingZeros64(x))
				j++
			}
		}
	}
}

// columnCounter counts, for each bit position of a W-word set, how many of
// the added words had it set, with bit-sliced ripple-carry counters (one
// plane per binary digit, as in "vertical counters" / bit-sliced
// arithmetic): adding a word costs a few word operations instead of one
// per set bit.
type columnCounter struct {
	planes [][]uint64 // word -> planes, least significant first
}

func newColumnCounter(w, n int) *columnCounter {
	np := bits.Len(uint(n)) + 1
	c := &columnCounter{planes: make([][]uint64, w)}
	for i := range c.planes {
		c.planes[i] = make([]uint64, np)
	}
	return c
}

func (c *columnCounter) add(i int, x uint64) {
	p := c.planes[i]
	for j := 0; x != 0 && j < len(p); j++ {
		p[j], x = p[j]^x, p[j]&x
	}
}

// flush adds the counts to out (indexed from s0) and resets the counters.
func (c *columnCounter) flush(out []int, s0 int) {
	for i, p := range c.planes {
		for j, plane := range p {
			for x := plane; x != 0; x &= x - 1 {
				if u := s0 + i*64 + bits.TrailingZeros64(x); u < len(out) {
					out[u] += 1 << j
				}
			}
			p[j] = 0
		}
	}
}
