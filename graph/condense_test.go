package graph

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

func TestCondense(t *testing.T) {
	tests := []struct {
		name   string
		g      *Graph
		comps  [][]int
		cyclic []bool
	}{
		{"chain", build(S("a", D("b", out, 0)), S("b", D("c", out, 0)), S("c")),
			[][]int{{2}, {1}, {0}}, []bool{false, false, false}},
		{"cycle and tail", build(S("a", D("b", out, 0)), S("b", D("c", deg, 0)), S("c", D("b", none, 0), D("d", out, 0)), S("d")),
			[][]int{{3}, {1, 2}, {0}}, []bool{false, true, false}},
		{"self loop", build(S("a", D("a", out, 0)), S("b")),
			[][]int{{0}, {1}}, []bool{true, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.g.condense(all)
			if !reflect.DeepEqual(c.Components, tc.comps) {
				t.Fatalf("components = %v, want %v", c.Components, tc.comps)
			}
			for i := range tc.comps {
				if c.Cyclic(i) != tc.cyclic[i] {
					t.Errorf("Cyclic(%d) = %v", i, c.Cyclic(i))
				}
				for _, v := range tc.comps[i] {
					if c.Of[v] != i {
						t.Errorf("Of[%d] = %d, want %d", v, c.Of[v], i)
					}
				}
			}
		})
	}
}

// Every edge goes from a later (or the same) component to an earlier one.
func TestCondenseOrderRandom(t *testing.T) {
	forRandomGraphs(7, 300, 2, 10, func(_ int, g *Graph, intn func(int) int) {
		c := g.condense(all)
		for _, e := range g.Edges {
			if c.Of[e.From] < c.Of[e.To] {
				t.Fatalf("edge %d->%d goes to a later component", e.From, e.To)
			}
		}
		// Same component iff mutually reachable: rs is the reflexive
		// transitive closure of the edges (Warshall, 1962).
		rs := make([][]bool, g.Len())
		for v := range rs {
			rs[v] = make([]bool, g.Len())
			rs[v][v] = true
		}
		for _, e := range g.Edges {
			rs[e.From][e.To] = true
		}
		for k := range rs {
			for u := range rs {
				for v := range rs {
					rs[u][v] = rs[u][v] || rs[u][k] && rs[k][v]
				}
			}
		}
		for u := 0; u < g.Len(); u++ {
			for v := 0; v < g.Len(); v++ {
				if (c.Of[u] == c.Of[v]) != (rs[u][v] && rs[v][u]) {
					t.Fatalf("nodes %d, %d: component mismatch", u, v)
				}
			}
		}
	})
}

func TestCondenseLongChain(t *testing.T) {
	// Deep recursion would overflow a recursive Tarjan; the iterative one copes.
	n := 200000
	svcs := make([]*model.Service, n)
	for i := range svcs {
		svcs[i] = S(idx(i))
		if i+1 < n {
			svcs[i].DependsOn = []*model.Dependency{D(idx(i+1), out, 0)}
		}
	}
	svcs[n-1].DependsOn = []*model.Dependency{D(idx(0), out, 0)}
	c := build(svcs...).condense(all)
	if len(c.Components) != 1 || len(c.Components[0]) != n {
		t.Fatalf("got %d components", len(c.Components))
	}
}

func idx(i int) string { return fmt.Sprintf("s%06d", i) }

func TestHardCycles(t *testing.T) {
	tests := []struct {
		name string
		g    *Graph
		want []Cycle
	}{
		{"outage pair", build(S("a", D("b", out, 0)), S("b", D("a", out, 0))),
			[]Cycle{{Members: []int{0, 1}, Path: []int{0, 1, 0}, Edges: []int{0, 1}}}},
		{"degraded edge breaks it", build(S("a", D("b", out, 0)), S("b", D("a", deg, 0))), nil},
		{"blocking buffer makes it hard", build(S("a", D("b", out, 0)), S("b", Buffered(D("a", none, 0), time.Hour, model.OnFullBlock))),
			[]Cycle{{Members: []int{0, 1}, Path: []int{0, 1, 0}, Edges: []int{0, 1}}}},
		{"dropping buffer does not", build(S("a", D("b", out, 0)), S("b", Buffered(D("a", none, 0), time.Hour, model.OnFullDrop))), nil},
		{"group is soft", build(S("a", D("b", out, 0)), S("b", Grouped(D("a", out, 0), "g"), Grouped(D("c", out, 0), "g")), S("c")), nil},
		{"a group of one is no group", build(S("a", Grouped(D("b", out, 0), "g")), S("b", D("a", out, 0))),
			[]Cycle{{Members: []int{0, 1}, Path: []int{0, 1, 0}, Edges: []int{0, 1}}}},
		{"self", build(S("a", D("a", out, 0))), []Cycle{{Members: []int{0}, Path: []int{0, 0}, Edges: []int{0}}}},
		{"shortest path through smallest", build(
			S("a", D("b", out, 0), D("d", out, 0)), S("b", D("c", out, 0)), S("c", D("a", out, 0)), S("d", D("a", out, 0))),
			[]Cycle{{Members: []int{0, 1, 2, 3}, Path: []int{0, 3, 0}, Edges: []int{0, 1, 2, 3, 4}}}},
		{"two cycles and an edge between them", build(S("a", D("b", out, 0)), S("b", D("a", out, 0)), S("c", D("d", out, 0)), S("d", D("a", out, 0), D("c", out, 0))),
			[]Cycle{{Members: []int{0, 1}, Path: []int{0, 1, 0}, Edges: []int{0, 1}}, {Members: []int{2, 3}, Path: []int{2, 3, 2}, Edges: []int{2, 4}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.g.HardCycles(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("HardCycles = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// HardEdge is the language's hard dependency: outage outside a redundancy
// group of two or more, or a soft edge whose buffer blocks or fails.
func TestHardEdge(t *testing.T) {
	g := build(
		S("a", D("b", out, 0), D("c", deg, 0), D("d", none, 0)),
		S("b", Buffered(D("c", none, 0), time.Hour, model.OnFullBlock), Buffered(D("d", deg, 0), time.Hour, model.OnFullFail), Buffered(D("e", out, 0), time.Hour, model.OnFullDrop)),
		S("c", Grouped(D("d", out, 0), "one")),
		S("d", Grouped(D("b", out, 0), "two"), Grouped(D("e", out, 0), "two")),
		S("e", Buffered(D("a", deg, 0), time.Hour, model.OnFullDrop)),
	)
	want := map[string]bool{"a->b": true, "b->c": true, "b->d": true, "b->e": true, "c->d": true}
	for k, e := range g.Edges {
		name := g.ID(e.From) + "->" + g.ID(e.To)
		if got := g.HardEdge(k); got != want[name] {
			t.Errorf("HardEdge(%s) = %v, want %v", name, got, want[name])
		}
	}
}
