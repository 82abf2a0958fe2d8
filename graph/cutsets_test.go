package graph

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

func TestCutSets(t *testing.T) {
	tests := []struct {
		name   string
		g      *Graph
		target int
		k      int
		want   [][]int
	}{
		{"chain", build(S("a", D("b", out, 0)), S("b", D("c", out, 0)), S("c")), 0, 3, [][]int{{1}, {2}}},
		{"degraded edges never cut", build(S("a", D("b", deg, 0), D("c", out, 0)), S("b"), S("c")), 0, 3, [][]int{{2}}},
		{"group is an AND", build(S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", out, 0), "g")), S("b", D("d", out, 0)), S("c", D("d", out, 0)), S("d")), 0, 3,
			[][]int{{3}, {1, 2}}},
		{"order truncation", build(S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", out, 0), "g")), S("b"), S("c")), 0, 1, nil},
		{"soft group member", build(S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", deg, 0), "g")), S("b"), S("c")), 0, 3, nil},
		{"a group of one is no group", build(S("a", Grouped(D("b", out, 0), "g")), S("b")), 0, 2, [][]int{{1}}},
		{"buffer turns", build(S("a", Buffered(D("b", none, 0), time.Hour, model.OnFullBlock)), S("b")), 0, 2, [][]int{{1}}},
		{"cycle through target", build(S("a", D("b", out, 0)), S("b", D("a", out, 0), D("c", out, 0)), S("c")), 0, 3, [][]int{{1}, {2}}},
		{"cycle with group", build(
			S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", out, 0), "g")),
			S("b", D("c", out, 0)), S("c", D("b", out, 0), D("d", out, 0)), S("d")), 0, 3, [][]int{{1}, {2}, {3}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := tc.g.CutSets(tc.target, tc.k); err != nil || !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Fatalf("CutSets = %v (%v), want %v", got, err, tc.want)
			}
		})
	}
	g := build(S("a"))
	if a, _ := g.CutSets(5, 3); a != nil {
		t.Fatal("invalid arguments should give nil")
	}
	if a, _ := g.CutSets(0, 0); a != nil {
		t.Fatal("invalid arguments should give nil")
	}
}

// bruteCutSets enumerates every set of at most k other services, keeps those
// whose joint failure takes target out, then the minimal ones.
func bruteCutSets(g *Graph, target, k int) [][]int {
	var others []int
	for v := 0; v < g.Len(); v++ {
		if v != target {
			others = append(others, v)
		}
	}
	// Enumerate by size so that minimal sets are found first.
	var bySize [][]int
	for size := 1; size <= k; size++ {
		var gen func(start int, cur []int)
		gen = func(start int, cur []int) {
			if len(cur) == size {
				if g.propagate(cur)[target] != model.ImpactOutage {
					return
				}
				for _, f := range bySize {
					if subsetInt(f, cur) {
						return
					}
				}
				bySize = append(bySize, slices.Clone(cur))
				return
			}
			for i := start; i < len(others); i++ {
				gen(i+1, append(cur, others[i]))
			}
		}
		gen(0, nil)
	}
	return bySize
}

func subsetInt(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// sameCutSets checks g.CutSets(target, k) against ref's answer (nil and
// empty agree); what names the model in a failure.
func sameCutSets(t *testing.T, what string, g *Graph, target, k int, ref func(*Graph, int, int) [][]int) {
	t.Helper()
	got, err := g.CutSets(target, k)
	if err != nil {
		t.Fatal(err)
	}
	if want := ref(g, target, k); !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
		t.Fatalf("%s target %d k %d:\n got %v\nwant %v", what, target, k, got, want)
	}
}

func TestCutSetsMatchBruteForce(t *testing.T) {
	forRandomGraphs(5, 600, 2, 9, func(it int, g *Graph, intn func(int) int) {
		sameCutSets(t, fmt.Sprint("iteration ", it), g, intn(g.Len()), 1+intn(3), bruteCutSets)
	})
}

// referenceCutSets is CutSets as it was before the single failures of the
// impact pass seeded it: MOCUS over every relevant gate with the families
// of order 1 carried along. It is exact (TestCutSetsMatchBruteForce held it
// to brute force) and slow on large models: the reference that the fast
// one must agree with beyond brute force's reach.
func referenceCutSets(g *Graph, target, maxOrder int) [][]int {
	n := len(g.Services)
	if target < 0 || target >= n || maxOrder < 1 {
		return nil
	}
	andGate, relevant, need := g.cutScope(target)
	cond := g.condense(relevant)
	cs := &refSolver{g: g, k: maxOrder, target: target, andGate: andGate, fam: map[int]family{}}
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

type refSolver struct {
	g       *Graph
	k       int
	target  int
	andGate []bool
	fam     map[int]family
	buf     []byte
}

// eval expands v's gate from the current families of its inputs.
func (cs *refSolver) eval(v int) family {
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
func (cs *refSolver) and(a, b family) family {
	return cs.minimize(product(a, b, cs.k, math.MaxInt))
}

func (cs *refSolver) minimize(rows family) family {
	return minimize(rows, cs.k, &cs.buf)
}

// TestCutSetsMatchReference holds CutSets to the plain MOCUS beyond brute
// force's reach: random models of up to 60 services with groups, buffers
// and cycles, and the estate shapes (a giant hard cycle; platforms and
// chains), for many targets and orders 1 to 4.
func TestCutSetsMatchReference(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	var graphs []*Graph
	for it := 0; it < 40; it++ {
		graphs = append(graphs, randomLarge(r, 10+r.Intn(50)), randomGroups(r, 10+r.Intn(30)))
	}
	for seed := int64(1); seed <= 6; seed++ {
		graphs = append(graphs, New(graphtest.Generate(80, 320, seed)), New(graphtest.Layered(120, 0.02, seed)), New(graphtest.Tiered(150, seed)))
	}
	for gi, g := range graphs {
		for q := 0; q < 8; q++ {
			sameCutSets(t, fmt.Sprint("graph ", gi), g, r.Intn(g.Len()), 1+r.Intn(4), referenceCutSets)
		}
	}
}

// randomGroups is a random model whose services hold redundancy groups of
// two to four members besides plain dependencies, cycles included.
func randomGroups(r *rand.Rand, n int) *Graph {
	svcs := make([]*model.Service, n)
	for i := range svcs {
		svcs[i] = S(idx(i))
	}
	for i := range svcs {
		used := map[int]bool{i: true}
		pick := func() (string, bool) {
			to := r.Intn(n)
			if used[to] {
				return "", false
			}
			used[to] = true
			return svcs[to].ID, true
		}
		for j := r.Intn(3); j > 0; j-- {
			if to, ok := pick(); ok {
				svcs[i].DependsOn = append(svcs[i].DependsOn, D(to, []model.Impact{out, out, deg}[r.Intn(3)], 0))
			}
		}
		for gr := r.Intn(3); gr > 0; gr-- {
			for m := 2 + r.Intn(3); m > 0; m-- {
				if to, ok := pick(); ok {
					svcs[i].DependsOn = append(svcs[i].DependsOn, Grouped(D(to, []model.Impact{out, out, out, deg}[r.Intn(4)], 0), fmt.Sprint("g", gr)))
				}
			}
		}
	}
	return build(svcs...)
}
