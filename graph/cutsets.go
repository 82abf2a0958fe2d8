package graph

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/blast-tool/blast/model"
)

// MaxCutSets bounds how many cut sets CutSets holds in one family: a
// service behind two independent alternatives with a thousand single
// points of failure each has a million minimal cut sets of order 2.
const MaxCutSets = 1 << 22

// TooManyCutSetsError is CutSets' refusal of a question whose answer, or
// a step towards it, would hold more than MaxCutSets sets.
type TooManyCutSetsError struct{ MaxOrder int }

func (e *TooManyCutSetsError) Error() string {
	return fmt.Sprintf("more than %d minimal cut sets of order at most %d: ask for a lower order", MaxCutSets, e.MaxOrder)
}

// CutSets returns the minimal cut sets of order at most maxOrder for an
// outage of target: the minimal sets of services (target excluded) whose
// joint failure eventually takes target out, under propagate's semantics.
// Each set is ascending; the list is ordered by size, then lexically. Node
// order is ID order, so this is also the order of the IDs. It returns nil
// for an invalid target or maxOrder < 1, a *TooCoupledError when the
// single failures of what target depends on exceed DefaultMaxPairs, and a
// *TooManyCutSetsError past MaxCutSets.
//
// Only outage can cause outage, so the question is a pure AND/OR fault
// tree: target is out if one of its hard dependencies (HardEdge) leads to
// an out service, or if every member of a redundancy group of two or more
// members, all of whose edges pass outage, does; each other service is
// also a basic event (its own failure). MOCUS (J. B. Fussell and W. E.
// Vesely, "A new methodology for obtaining cut sets for fault trees",
// Trans. Am. Nucl. Soc. 15, 1972) expands such a tree top-down: OR gates
// add rows, AND gates multiply them, sets beyond maxOrder are truncated and
// non-minimal ones removed by absorption (Boolean subsumption).
//
// Three things keep it small on large models. The cut sets of order 1 of
// every service, its single points of failure and itself, are exact in the
// single-failure impact (SingleFailures over the services target depends
// on), so families carry only sets of order 2 and more, and every set that
// holds one of a service's single points of failure is dropped before it
// is built (it would be absorbed). Only AND gates make such sets: along
// hard edges a family only flows, and the members of a cycle of hard
// edges share their single points of failure and hence one family, so it
// is computed once per cycle (and a family that flows unchanged is shared,
// not copied). Inside cycles through AND gates, the families are iterated
// from none to their least fixed point (which is propagate's: a service
// counts as failed only when its causes are), which terminates because
// truncated families form a finite lattice.
func (g *Graph) CutSets(target, maxOrder int) ([][]int, error) {
	n := len(g.Services)
	if target < 0 || target >= n || maxOrder < 1 {
		return nil, nil
	}
	_, relevant, need := g.cutScope(target)
	var nodes []int
	for v, ok := range need {
		if ok {
			nodes = append(nodes, v)
		}
	}
	sub, t := g.subgraph(nodes, relevant), slices.Index(nodes, target)
	im, err := sub.singleFailuresWith(impactOptions{OutageOnly: true, MaxPairs: DefaultMaxPairs})
	if err != nil {
		return nil, err
	}
	cs := newCutSolver(sub, im, t, maxOrder)
	res, err := cs.solve()
	if err != nil {
		return nil, err
	}
	out := make([][]int, len(res))
	for i, s := range res {
		// nodes is ascending: relabelled sets and their order stay sorted.
		set := make([]int, len(s))
		for j, x := range s {
			set[j] = nodes[x]
		}
		out[i] = set
	}
	return out, nil
}

// cutScope is what target's outage can depend on: the AND gates (groups
// of two or more members, each of whose edges passes outage; a group of
// one is no group, its edge a hard dependency), the edges that matter
// (hard ones and AND gates' members) and the services they reach.
func (g *Graph) cutScope(target int) (andGate []bool, relevant func(k int) bool, need []bool) {
	andGate = make([]bool, len(g.Groups))
	for i, gr := range g.Groups {
		andGate[i] = len(gr.Edges) > 1
		for _, k := range gr.Edges {
			if !g.OutageEdge(k) {
				andGate[i] = false
				break
			}
		}
	}
	relevant = func(k int) bool {
		if e := &g.Edges[k]; e.Group >= 0 && andGate[e.Group] {
			return true
		}
		return g.HardEdge(k)
	}
	need = make([]bool, len(g.Services))
	need[target] = true
	stack := []int{target}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, k := range g.out[v] {
			if w := g.Edges[k].To; relevant(k) && !need[w] {
				need[w] = true
				stack = append(stack, w)
			}
		}
	}
	return andGate, relevant, need
}

// subgraph returns the graph of the given nodes (ascending) and the edges
// among them that keep returns true for, renumbered in order; a group
// keeps the kept edges of its members. It is what the impact pass reads:
// services, edges, groups and adjacency.
func (g *Graph) subgraph(nodes []int, keep func(k int) bool) *Graph {
	at := make(map[int]int, len(nodes))
	s := &Graph{Model: g.Model, Services: make([]*model.Service, len(nodes))}
	for i, v := range nodes {
		at[v] = i
		s.Services[i] = g.Services[v]
	}
	s.out, s.in, s.groupsOf = make([][]int, len(nodes)), make([][]int, len(nodes)), make([][]int, len(nodes))
	groupAt := map[int]int{}
	for i, v := range nodes {
		for _, k := range g.out[v] {
			e := g.Edges[k]
			j, ok := at[e.To]
			if !ok || !keep(k) {
				continue
			}
			ne := Edge{From: i, To: j, Dep: e.Dep, Group: -1}
			if e.Group >= 0 {
				gi, ok := groupAt[e.Group]
				if !ok {
					gi = len(s.Groups)
					groupAt[e.Group] = gi
					s.Groups = append(s.Groups, Group{Service: i, Name: g.Groups[e.Group].Name})
					s.groupsOf[i] = append(s.groupsOf[i], gi)
				}
				ne.Group = gi
				s.Groups[gi].Edges = append(s.Groups[gi].Edges, len(s.Edges))
			}
			s.out[i] = append(s.out[i], len(s.Edges))
			s.in[j] = append(s.in[j], len(s.Edges))
			s.Edges = append(s.Edges, ne)
		}
	}
	s.classify()
	return s
}

// family is a minimal, canonically ordered list of cut sets, never
// modified once built (families are shared); CutSets' hold the sets of
// order 2 and more.
type family [][]int32

func (f family) equal(o family) bool {
	if len(f) != len(o) {
		return false
	}
	for i := range f {
		if !slices.Equal(f[i], o[i]) {
			return false
		}
	}
	return true
}

type cutSolver struct {
	g      *Graph
	im     *Impact
	k      int
	target int
	// class is the condensation of hard edges: a class's members share
	// their single points of failure and their family fam[c].
	class *condensation
	fam   []family
	// excl[u] == gen marks the single points of failure of the class being
	// evaluated, and the target: a set holding one is dropped.
	excl []uint32
	gen  uint32
	buf  []byte
}

func newCutSolver(g *Graph, im *Impact, target, k int) *cutSolver {
	cl := g.condense(g.HardEdge)
	return &cutSolver{g: g, im: im, k: k, target: target, class: cl,
		fam: make([]family, len(cl.Components)), excl: make([]uint32, len(g.Services))}
}

// singles returns the cut sets of order 1 of node v's outage: v itself and
// its single points of failure (the target excluded by the caller's marks).
func (cs *cutSolver) singles(v int, yield func(u int32)) {
	yield(int32(v))
	for _, u := range cs.im.SPOFs32(v) {
		yield(u)
	}
}

func (cs *cutSolver) solve() ([][]int32, error) {
	t := cs.target
	var out [][]int32
	for _, u := range cs.im.SPOFs32(t) {
		out = append(out, []int32{u})
	}
	if cs.k == 1 {
		return out, nil
	}
	// Families in the order of the condensation of all (relevant) edges,
	// dependencies first; inside a cyclic component, classes are iterated
	// to the least fixed point.
	g := cs.g
	order := g.condense(all)
	for ci, comp := range order.Components {
		var classes []int
		seen := map[int]bool{}
		for _, v := range comp {
			if c := cs.class.Of[v]; !seen[c] {
				seen[c] = true
				classes = append(classes, c)
			}
		}
		for changed := true; changed; {
			changed = false
			for _, c := range classes {
				f, err := cs.eval(c)
				if err != nil {
					return nil, err
				}
				if !f.equal(cs.fam[c]) {
					cs.fam[c] = f
					changed = true
				}
			}
			if !order.Cyclic(ci) {
				break
			}
		}
	}
	out = append(out, cs.fam[cs.class.Of[t]]...)
	if len(out) > MaxCutSets {
		return nil, &TooManyCutSetsError{cs.k}
	}
	return out, nil
}

// mark marks the single points of failure of class c (its members' and
// theirs) and the target, as excl of a new generation.
func (cs *cutSolver) mark(c int) {
	cs.gen++
	if cs.gen == 0 {
		clear(cs.excl)
		cs.gen = 1
	}
	cs.singles(cs.class.Components[c][0], func(u int32) { cs.excl[u] = cs.gen })
	cs.excl[cs.target] = cs.gen
}

// eval computes class c's family from the current families: the families
// of its hard dependencies outside it and the products of its AND gates,
// without the sets that hold one of its single points of failure.
func (cs *cutSolver) eval(c int) (family, error) {
	g := cs.g
	cs.mark(c)
	var parts []family
	seen := map[int]bool{c: true}
	for _, x := range cs.class.Components[c] {
		for _, k := range g.out[x] {
			if d := cs.class.Of[g.Edges[k].To]; g.HardEdge(k) && !seen[d] {
				seen[d] = true
				if f := cs.keep(cs.fam[d]); len(f) > 0 {
					parts = append(parts, f)
				}
			}
		}
	}
	for _, x := range cs.class.Components[c] {
		for _, gi := range g.groupsOf[x] {
			gr := g.Groups[gi]
			if len(gr.Edges) < 2 {
				continue // a group of one is a hard edge
			}
			var acc family
			for j, k := range gr.Edges {
				f := cs.operand(g.Edges[k].To)
				if j == 0 {
					acc = f
				} else {
					acc = cs.and(acc, f)
				}
				if len(acc) == 0 || len(acc) > MaxCutSets {
					break
				}
			}
			if len(acc) > MaxCutSets {
				return nil, &TooManyCutSetsError{cs.k}
			}
			// Products of singles can give a set of one: a service that
			// takes out every member is a single point of failure of c,
			// marked.
			if acc = cs.keep(acc); len(acc) > 0 {
				parts = append(parts, acc)
			}
		}
	}
	switch len(parts) {
	case 0:
		return nil, nil
	case 1:
		return parts[0], nil // flows unchanged: shared
	}
	var rows family
	for _, p := range parts {
		rows = append(rows, p...)
	}
	if len(rows) > MaxCutSets {
		return nil, &TooManyCutSetsError{cs.k}
	}
	return cs.minimize(rows), nil
}

// keep returns the sets of f that hold no marked service: f itself when
// there are none to drop.
func (cs *cutSolver) keep(f family) family {
	drop := func(s []int32) bool {
		for _, x := range s {
			if cs.excl[x] == cs.gen {
				return true
			}
		}
		return false
	}
	i := slices.IndexFunc(f, drop)
	if i < 0 {
		return f
	}
	out := append(family(nil), f[:i]...)
	for _, s := range f[i+1:] {
		if !drop(s) {
			out = append(out, s)
		}
	}
	return out
}

// operand is a group member m's whole family for a product: its unmarked
// singles and the unmarked sets of its class's family, minimal (a single
// absorbs no set of its class's family, which holds none of them).
func (cs *cutSolver) operand(m int) family {
	var f family
	cs.singles(m, func(u int32) {
		if cs.excl[u] != cs.gen {
			f = append(f, []int32{u})
		}
	})
	slices.SortFunc(f, cmpSet)
	return append(f, cs.keep(cs.fam[cs.class.Of[m]])...)
}

// and multiplies two families, truncating at order k; past MaxCutSets
// rows it stops, unminimized.
func (cs *cutSolver) and(a, b family) family {
	rows := product(a, b, cs.k, MaxCutSets)
	if len(rows) > MaxCutSets {
		return rows
	}
	return cs.minimize(rows)
}

// product is the unions of order at most k of a set of a with a set of b,
// unminimized; it stops after the first set of a that takes it past limit
// rows.
func product(a, b family, k, limit int) family {
	var rows family
	for _, x := range a {
		for _, y := range b {
			if u := union(x, y, k); u != nil {
				rows = append(rows, u)
			}
		}
		if len(rows) > limit {
			break
		}
	}
	return rows
}

// union merges two ascending sets, or returns nil if the result exceeds k.
func union(x, y []int32, k int) []int32 {
	out := make([]int32, 0, min(k, len(x)+len(y)))
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		var v int32
		switch {
		case j == len(y) || (i < len(x) && x[i] < y[j]):
			v = x[i]
			i++
		case i == len(x) || y[j] < x[i]:
			v = y[j]
			j++
		default:
			v = x[i]
			i++
			j++
		}
		if len(out) == k {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// minimize removes duplicates and supersets (absorption: A + AB = A) and
// orders the sets by size, then lexically.
func (cs *cutSolver) minimize(rows family) family { return minimize(rows, cs.k, &cs.buf) }

// minimize is cutSolver.minimize for sets of at most k elements, with buf
// as scratch space for the sets' keys.
func minimize(rows family, k int, buf *[]byte) family {
	slices.SortFunc(rows, cmpSet)
	rows = slices.CompactFunc(rows, func(a, b []int32) bool { return slices.Equal(a, b) })
	if len(rows) == 0 || len(rows[len(rows)-1]) == 1 {
		return rows
	}
	key := func(s []int32) string {
		*buf = (*buf)[:0]
		for _, x := range s {
			*buf = binary.LittleEndian.AppendUint32(*buf, uint32(x))
		}
		return string(*buf)
	}
	kept := make(map[string]struct{}, len(rows))
	out := rows[:0]
	sub := make([]int32, 0, k)
	for _, s := range rows {
		absorbed := false
		if len(s) > 1 && len(s) > 16 {
			// Too many subsets to enumerate: scan the kept sets instead.
			for _, t := range out {
				if len(t) < len(s) && subset(t, s) {
					absorbed = true
					break
				}
			}
		} else if len(s) > 1 {
			// Check every proper non-empty subset.
			for mask := 1; mask < 1<<len(s)-1 && !absorbed; mask++ {
				sub = sub[:0]
				for i := range s {
					if mask&(1<<i) != 0 {
						sub = append(sub, s[i])
					}
				}
				_, absorbed = kept[key(sub)]
			}
		}
		if !absorbed {
			kept[key(s)] = struct{}{}
			out = append(out, s)
		}
	}
	return out
}

func cmpSet(a, b []int32) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return slices.Compare(a, b)
}

// subset reports whether ascending a is a subset of ascending b.
func subset(a, b []int32) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
		j++
	}
	return true
}
