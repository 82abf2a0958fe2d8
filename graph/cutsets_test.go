package graph

import (
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"time"

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
			if got := tc.g.CutSets(tc.target, tc.k); !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Fatalf("CutSets = %v, want %v", got, tc.want)
			}
		})
	}
	g := build(S("a"))
	if g.CutSets(5, 3) != nil || g.CutSets(0, 0) != nil {
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

func TestCutSetsMatchBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for it := 0; it < 600; it++ {
		g := randomGraph(r, 2+r.Intn(8))
		target, k := r.Intn(g.Len()), 1+r.Intn(3)
		got := g.CutSets(target, k)
		want := bruteCutSets(g, target, k)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d target %d k %d: got %v, want %v", it, target, k, got, want)
		}
	}
}
