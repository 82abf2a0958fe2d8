package graph

import (
	"slices"
)

// condensation is the DAG of strongly connected components of a graph.
// Dependency cycles are normal in service architectures; analyses that need
// an order (impact sets, cut sets) work component by component in
// Components order and iterate to a fixed point inside cyclic ones.
type condensation struct {
	// Of maps each node to its component.
	Of []int
	// Components lists the members of each component, sorted ascending.
	// Every component comes after all components it depends on
	// (dependencies first).
	Components [][]int

	selfLoop []bool
}

// Cyclic reports whether component c holds a cycle: more than one member, or
// a service that depends on itself.
func (c *condensation) Cyclic(i int) bool {
	return len(c.Components[i]) > 1 || c.selfLoop[i]
}

// condense computes the strongly connected components of the edges for
// which keep returns true (all: every edge) with Tarjan's algorithm (R. Tarjan, "Depth-first search and linear
// graph algorithms", SIAM J. Computing 1(2), 1972), written iteratively so
// that 500,000-node chains do not exhaust the goroutine stack. Tarjan emits
// a component only after every component reachable from it, which is the
// dependencies-first order.
func (g *Graph) condense(keep func(k int) bool) *condensation {
	n := len(g.Services)
	const unvisited = -1
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = unvisited
	}
	c := &condensation{Of: make([]int, n)}
	var stack []int32
	type frame struct {
		v    int32
		next int32 // position in g.out[v]
	}
	var call []frame
	next := int32(0)
	for root := 0; root < n; root++ {
		if index[root] != unvisited {
			continue
		}
		call = append(call, frame{v: int32(root)})
		index[root], low[root] = next, next
		next++
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			out := g.out[v]
			descended := false
			for int(f.next) < len(out) {
				k := out[f.next]
				f.next++
				if !keep(k) {
					continue
				}
				w := g.Edges[k].To
				if index[w] == unvisited {
					index[w], low[w] = next, next
					next++
					stack = append(stack, int32(w))
					onStack[w] = true
					call = append(call, frame{v: int32(w)})
					descended = true
					break
				} else if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
			}
			if descended {
				continue
			}
			// v is finished.
			if low[v] == index[v] {
				var comp []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					c.Of[w] = len(c.Components)
					comp = append(comp, int(w))
					if w == v {
						break
					}
				}
				slices.Sort(comp)
				c.Components = append(c.Components, comp)
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				if low[v] < low[p] {
					low[p] = low[v]
				}
			}
		}
	}
	c.selfLoop = make([]bool, len(c.Components))
	for k := range g.Edges {
		e := &g.Edges[k]
		if e.From == e.To && keep(k) {
			c.selfLoop[c.Of[e.From]] = true
		}
	}
	return c
}

// Cycle is a set of services that need each other through hard
// dependencies (see HardEdge).
type Cycle struct {
	// Members are the services of the cycle, sorted ascending.
	Members []int
	// Path is one concrete cycle through the smallest member, closed: it
	// starts and ends with Members[0].
	Path []int
	// Edges are the hard edges between members, ascending: every edge of
	// every cycle through them.
	Edges []int
}

// HardEdge reports whether edge k is a hard dependency, as the language
// defines it: its dependency's failure alone, sooner or later, takes the
// dependent out. That is an edge that eventually passes outage (OutageEdge:
// declared outage, or a buffer that blocks or fails when full) and is not
// one of several alternatives of a redundancy group; a group with one
// member is no group. Every analysis and view that speaks of hard
// dependencies (hard cycles, their diagram marks, cut sets) asks this.
func (g *Graph) HardEdge(k int) bool { return g.edgeKind[k]&edgeHard != 0 }

// HardCycles returns the dependency cycles made of hard edges only (see
// HardEdge): services that need each other outright, so none of them can
// cold-start first. They are the cyclic strongly connected components of
// the hard-edge subgraph, ordered by smallest member; each Path is a
// shortest cycle through the smallest member found by breadth-first search
// in edge order, hence deterministic.
func (g *Graph) HardCycles() []Cycle {
	c := g.condense(g.HardEdge)
	var cycles []Cycle
	index := make([]int, len(c.Components)) // component -> position in cycles, or -1
	for i, comp := range c.Components {
		index[i] = -1
		if !c.Cyclic(i) {
			continue
		}
		index[i] = len(cycles)
		cycles = append(cycles, Cycle{Members: comp, Path: g.shortestCycle(comp[0], i, c)})
	}
	for k, e := range g.Edges {
		if ci := index[c.Of[e.From]]; ci >= 0 && c.Of[e.From] == c.Of[e.To] && g.HardEdge(k) {
			cycles[ci].Edges = append(cycles[ci].Edges, k)
		}
	}
	slices.SortFunc(cycles, func(a, b Cycle) int { return a.Members[0] - b.Members[0] })
	return cycles
}

// shortestCycle finds a shortest closed walk s -> ... -> s over hard edges
// inside component ci.
func (g *Graph) shortestCycle(s, ci int, c *condensation) []int {
	parent := map[int]int{}
	queue := []int{s}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, k := range g.out[v] {
			if !g.HardEdge(k) {
				continue
			}
			w := g.Edges[k].To
			if c.Of[w] != ci {
				continue
			}
			if w == s {
				path := []int{s}
				for x := v; x != s; x = parent[x] {
					path = append(path, x)
				}
				path = append(path, s)
				slices.Reverse(path[1 : len(path)-1])
				return path
			}
			if _, seen := parent[w]; !seen {
				parent[w] = v
				queue = append(queue, w)
			}
		}
	}
	return []int{s, s}
}

// all keeps every edge (condense's argument for the whole graph).
func all(int) bool { return true }

// Components returns the strongly connected components of the whole
// graph, every edge counted (Tarjan 1972, as condense): of maps each node
// to its component, and comps lists each component's members ascending,
// every component after all those it depends on (dependencies first), so
// that walking comps backwards visits callers before what they call.
func (g *Graph) Components() (of []int, comps [][]int) {
	c := g.condense(all)
	return c.Of, c.Components
}
