package graph

import (
	"encoding/binary"
	"slices"
)

// CutSets returns the minimal cut sets of order at most maxOrder for an
// outage of target: the minimal sets of services (target excluded) whose
// joint failure eventually takes target out, under propagate's semantics.
// Each set is ascending; the list is ordered by size, then lexically. Node
// order is ID order, so this is also the order of the IDs. It returns nil
// for an invalid target or maxOrder < 1.
//
// Only outage can cause outage, so the question is a pure AND/OR fault
// tree: target is out if one of its hard dependencies (HardEdge) leads to
// an out service, or if every member of a redundancy group of two or more
// members, all of whose edges pass outage, does; each other service is
// also a basic event (its own failure). The tree is expanded
// top-down from target in the manner of MOCUS (J. B. Fussell and W. E.
// Vesely, "A new methodology for obtaining cut sets for fault trees",
// Trans. Am. Nucl. Soc. 15, 1972): OR gates add rows, AND gates multiply
// them, sets beyond maxOrder are truncated and non-minimal ones removed by
// absorption (Boolean subsumption). Each gate is expanded once and its
// result reused, which is sound because a service's cut sets do not depend
// on how it was reached, except inside dependency cycles: there a service
// on the expansion path counts as not failed, which is the least fixed
// point of the gate equations; it is computed by iterating the
// component's gates from "no cut sets" until nothing changes (the
// truncated families form a finite lattice, so this terminates).
func (g *Graph) CutSets(target, maxOrder int) [][]int {
	n := len(g.Services)
	if target < 0 || target >= n || maxOrder < 1 {
		return nil
	}
	// andGate[i]: group i is an AND gate. A group with one member is no
	// group (its edge is a hard dependency, an OR input), and a group with
	// a member that never passes outage never passes it.
	andGate := make([]bool, len(g.Groups))
	for i, gr := range g.Groups {
		andGate[i] = len(gr.Edges) > 1
		for _, k := range gr.Edges {
			if !g.OutageEdge(k) {
				andGate[i] = false
				break
			}
		}
	}
	relevant := func(k int) bool {
		if e := &g.Edges[k]; e.Group >= 0 && andGate[e.Group] {
			return true
		}
		return g.HardEdge(k)
	}
	// The services target's outage can depend on.
	need := make([]bool, n)
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
	cond := g.condense(relevant)
	cs := &cutSolver{g: g, k: maxOrder, target: target, andGate: andGate, fam: map[int]family{}}
	for ci, comp := range cond.Components {
		if !need[comp[0]] {
			continue
		}
		if !cond.Cyclic(ci) {
			cs.fam[comp[0]] = cs.eval(comp[0])
			continue
		}
		for changed := true; changed; {
			changed = false
			for _, v := range comp {
				f := cs.eval(v)
				if !f.equal(cs.fam[v]) {
					cs.fam[v] = f
					changed = true
				}
			}
		}
	}
	res := cs.fam[target]
	out := make([][]int, len(res))
	for i, s := range res {
		out[i] = widen(s)
	}
	return out
}

// family is a minimal, canonically ordered list of cut sets.
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
	g       *Graph
	k       int
	target  int
	andGate []bool
	fam     map[int]family
	buf     []byte
}

// eval expands v's gate from the current families of its inputs.
func (cs *cutSolver) eval(v int) family {
	g := cs.g
	var rows family
	if v != cs.target {
		rows = append(rows, []int32{int32(v)})
	}
	for _, k := range g.out[v] {
		if g.HardEdge(k) {
			rows = append(rows, cs.fam[g.Edges[k].To]...)
		}
	}
	for _, gi := range g.groupsOf[v] {
		if !cs.andGate[gi] {
			continue
		}
		var acc family
		for j, k := range g.Groups[gi].Edges {
			f := cs.fam[g.Edges[k].To]
			if j == 0 {
				acc = f
			} else {
				acc = cs.and(acc, f)
			}
			if len(acc) == 0 {
				break
			}
		}
		rows = append(rows, acc...)
	}
	return cs.minimize(rows)
}

// and multiplies two families, truncating at order k.
func (cs *cutSolver) and(a, b family) family {
	var rows family
	for _, x := range a {
		for _, y := range b {
			if u := union(x, y, cs.k); u != nil {
				rows = append(rows, u)
			}
		}
	}
	return cs.minimize(rows)
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

func (cs *cutSolver) key(s []int32) string {
	cs.buf = cs.buf[:0]
	for _, x := range s {
		cs.buf = binary.LittleEndian.AppendUint32(cs.buf, uint32(x))
	}
	return string(cs.buf)
}

// minimize removes duplicates and supersets (absorption: A + AB = A) and
// orders the sets by size, then lexically.
func (cs *cutSolver) minimize(rows family) family {
	slices.SortFunc(rows, cmpSet)
	rows = slices.CompactFunc(rows, func(a, b []int32) bool { return slices.Equal(a, b) })
	if len(rows) == 0 || len(rows[len(rows)-1]) == 1 {
		return rows
	}
	kept := make(map[string]struct{}, len(rows))
	out := rows[:0]
	sub := make([]int32, 0, cs.k)
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
				_, absorbed = kept[cs.key(sub)]
			}
		}
		if !absorbed {
			kept[cs.key(s)] = struct{}{}
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
