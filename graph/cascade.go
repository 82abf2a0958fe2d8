package graph

import (
	"container/heap"
	"math"
	"time"

	"github.com/blast-tool/blast/model"
)

// Never is the time of a state that is never reached.
const Never = time.Duration(math.MaxInt64)

// Mechanism is how a service came to reach a state.
type Mechanism uint8

const (
	// MechFailed: the service is one of the failed ones.
	MechFailed Mechanism = iota
	// MechDependency: a dependency's state passed through the edge's declared impact.
	MechDependency
	// MechBuffer: the edge's buffer filled during the dependency's outage and blocks or fails.
	MechBuffer
	// MechGroup: the last alternative of a redundancy group was lost.
	MechGroup
)

func (m Mechanism) String() string {
	switch m {
	case MechFailed:
		return "failed"
	case MechDependency:
		return "dependency"
	case MechBuffer:
		return "buffer"
	case MechGroup:
		return "group"
	}
	return "invalid"
}

// Cause explains one (service, level) of a timeline.
type Cause struct {
	Mechanism Mechanism
	// Edge is the edge that delivered the state; for MechGroup the member
	// that arrived last. -1 for MechFailed.
	Edge int
	// Group is the redundancy group for MechGroup, else -1.
	Group int
	// Buffer reports that Edge delivered through its full buffer (always
	// for MechBuffer; for MechGroup, how the last member arrived).
	Buffer bool
	// Level is the dependency's state that started it: degraded or outage.
	Level model.Impact
}

// Timeline is the earliest time each service reaches degraded and outage
// after a set of failures at t=0.
type Timeline struct {
	g      *Graph
	Failed []int
	// Degraded and Outage hold, per node, the earliest time it is at least
	// degraded, resp. out; Never when not reached. Degraded <= Outage.
	Degraded, Outage []time.Duration
	// DegradedCause and OutageCause explain each reached state.
	DegradedCause, OutageCause []Cause
}

// At returns when v reaches level (degraded or outage) and why.
func (t *Timeline) At(v int, level model.Impact) (time.Duration, Cause) {
	if level == model.ImpactOutage {
		return t.Outage[v], t.OutageCause[v]
	}
	return t.Degraded[v], t.DegradedCause[v]
}

// Path returns the causal chain from a failed service to v at level, in
// failure order (the failed service first, v last), following causes. It
// is nil when v never reaches level. Causes always point to states settled
// earlier, so the chain is finite.
func (t *Timeline) Path(v int, level model.Impact) []int {
	if at, _ := t.At(v, level); at == Never {
		return nil
	}
	var path []int
	for {
		path = append(path, v)
		_, c := t.At(v, level)
		if c.Mechanism == MechFailed {
			break
		}
		v, level = t.g.Edges[c.Edge].To, c.Level
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// addSat adds durations, saturating at Never.
func addSat(a, b time.Duration) time.Duration {
	if a == Never || b == Never || a > Never-b {
		return Never
	}
	return a + b
}

// Labels: node label 2v+l and edge label 2N+2k+l, where l is 0 for degraded
// and 1 for outage.
type hitem struct {
	t  time.Duration
	id int
}

type hq []hitem

func (h hq) Len() int { return len(h) }
func (h hq) Less(i, j int) bool {
	if h[i].t != h[j].t {
		return h[i].t < h[j].t
	}
	return h[i].id < h[j].id
}
func (h hq) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *hq) Push(x any)   { *h = append(*h, x.(hitem)) }
func (h *hq) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Cascade computes the timed cascade of the failed services (node indices;
// out-of-range ones are ignored): the earliest time each service reaches
// degraded and outage.
//
// Times obey a system of min/max/+ equations: a (node, level) label is the
// minimum over its ungrouped edges and groups; an edge label for level L is
// the minimum of to's time for L plus `after` (if the declared impact is at
// least L) and, for a buffer that blocks or fails, to's outage time plus
// fills_in plus `after` (the buffered outage time, which passes outage and
// hence every level); a group label is the maximum of its members' edge
// labels. These are superior functions, so the least solution is found by
// Knuth's generalization of Dijkstra's algorithm (D. E. Knuth, "A
// generalization of Dijkstra's algorithm", Information Processing Letters
// 6(1), 1977): settle labels in nondecreasing time from a binary heap; a
// group fires when its last member settles, at that member's time. Cycles
// need no special care. O((N+E) log(N+E)).
func (g *Graph) Cascade(failed []int) *Timeline {
	n, m := len(g.Services), len(g.Edges)
	t := &Timeline{
		g:             g,
		Degraded:      make([]time.Duration, n),
		Outage:        make([]time.Duration, n),
		DegradedCause: make([]Cause, n),
		OutageCause:   make([]Cause, n),
	}
	for v := range n {
		t.Degraded[v], t.Outage[v] = Never, Never
	}
	done := make([]bool, 2*n+2*m)
	best := make([]time.Duration, 2*n+2*m)
	for i := range best {
		best[i] = Never
	}
	edgeCause := make([]Cause, 2*m)
	nodeCause := [2][]Cause{t.DegradedCause, t.OutageCause}
	groupCount := make([][2]int, len(g.Groups))
	h := &hq{}
	push := func(id int, at time.Duration) bool {
		if at == Never || done[id] || at >= best[id] {
			return false
		}
		best[id] = at
		heap.Push(h, hitem{at, id})
		return true
	}
	seen := map[int]bool{}
	for _, f := range failed {
		if f < 0 || f >= n || seen[f] {
			continue
		}
		seen[f] = true
		t.Failed = append(t.Failed, f)
		for l := 0; l < 2; l++ {
			if push(2*f+l, 0) {
				nodeCause[l][f] = Cause{Mechanism: MechFailed, Edge: -1, Group: -1}
			}
		}
	}
	for h.Len() > 0 {
		it := heap.Pop(h).(hitem)
		if done[it.id] {
			continue
		}
		done[it.id] = true
		if it.id < 2*n {
			v, l := it.id/2, it.id%2
			if l == 0 {
				t.Degraded[v] = it.t
			} else {
				t.Outage[v] = it.t
			}
			lvl := model.Impact(l + 1)
			for _, k := range g.in[v] {
				d := g.Edges[k].Dep
				if d.Impact >= lvl && push(2*n+2*k+l, addSat(it.t, d.After)) {
					edgeCause[2*k+l] = Cause{Mechanism: MechDependency, Edge: k, Group: -1, Level: lvl}
				}
				if l == 1 && g.Turns(k) {
					at := addSat(addSat(it.t, d.Buffer.FillsIn), d.After)
					for el := 0; el < 2; el++ {
						if push(2*n+2*k+el, at) {
							edgeCause[2*k+el] = Cause{Mechanism: MechBuffer, Edge: k, Group: -1, Buffer: true, Level: model.ImpactOutage}
						}
					}
				}
			}
			continue
		}
		k, l := (it.id-2*n)/2, (it.id-2*n)%2
		e := g.Edges[k]
		c := edgeCause[2*k+l]
		if e.Group >= 0 {
			gc := &groupCount[e.Group][l]
			*gc++
			if *gc < len(g.Groups[e.Group].Edges) {
				continue
			}
			c = Cause{Mechanism: MechGroup, Edge: k, Group: e.Group, Buffer: c.Buffer, Level: c.Level}
		}
		if push(2*e.From+l, it.t) {
			nodeCause[l][e.From] = c
		}
	}
	return t
}
