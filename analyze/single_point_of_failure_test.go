package analyze

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

// TestSPOFChains checks the single-point-of-failure rule's one search per
// cause (nearestVictims.chain) against its definition, a search per
// nearest victim: on random models and the estate shapes, each with its
// own critical services and with random ones, every cause gets the same
// victim and the same chain. It checks the nearest victims on the way
// (checkNearest).
func TestSPOFChains(t *testing.T) {
	models := map[string]*model.Model{
		"layered-300": graphtest.Layered(300, 0.01, 4),
		"layered-500": graphtest.Layered(500, 0.0025, 1),
		"tiered-600":  graphtest.Tiered(600, 5),
		"chain-200":   graphtest.Chain(200, 2),
	}
	for seed := int64(1); seed < 30; seed++ {
		n := 5 + int(seed*7%60)
		models[fmt.Sprintf("generated-%d", seed)] = graphtest.Generate(n, n*int(1+seed%6), seed)
	}
	var long int // chains of three services or more: the searches' order matters
	for name, m := range models {
		g := graph.New(m)
		imp, err := g.SingleFailures()
		if err != nil {
			t.Fatal(err)
		}
		fate := newFate(imp, g.Len())
		r := rand.New(rand.NewSource(int64(g.Len())))
		for _, random := range []bool{false, true} {
			critical := make([]bool, g.Len())
			for v, s := range g.Services {
				critical[v] = s.Criticality == model.Critical || random && r.Intn(3) == 0
			}
			nv := newNearestVictims(fate, g.Len(), critical)
			for u := range g.Services {
				crit, nearest, via := nv.of(u)
				checkNearest(t, name, g, imp, u, crit, nearest, via)
				if len(nearest) == 0 {
					continue
				}
				got, gotVictim := nv.chain(g, u, nearest)
				want, wantVictim := refChain(g, imp, u, nearest)
				if !slices.Equal(got, want) || gotVictim != wantVictim {
					t.Fatalf("%s (random criticals %v): cause %s: chain %v from %d, want %v from %d",
						name, random, g.ID(u), got, gotVictim, want, wantVictim)
				}
				if len(want) > 2 {
					long++
				}
			}
		}
	}
	if long == 0 {
		t.Fatal("no chain of three services or more: the test compares nothing that depends on the searches' order")
	}
}

// refChain is the definition nearestVictims.chain answers: for each
// nearest victim in ascending order, a breadth-first search down hard
// dependencies in edge order through what u takes out, keeping the first
// shortest chain.
func refChain(g *graph.Graph, imp *graph.Impact, u int, nearest []int) ([]string, int) {
	var best []string
	victim := -1
	for _, v := range nearest {
		prev := map[int]int{v: -1}
		queue := []int{v}
		found := false
		for len(queue) > 0 && !found {
			x := queue[0]
			queue = queue[1:]
			for _, k := range g.Out(x) {
				y := g.Edges[k].To
				if _, seen := prev[y]; seen || !g.HardEdge(k) || y != u && !imp.IsSPOF(u, y) {
					continue
				}
				prev[y] = x
				queue = append(queue, y)
				if found = y == u; found {
					break
				}
			}
		}
		if !found {
			continue
		}
		var chain []string
		for y := u; y != -1; y = prev[y] {
			chain = append([]string{g.ID(y)}, chain...)
		}
		if best == nil || len(chain) < len(best) {
			best, victim = chain, v
		}
	}
	return best, victim
}

// checkNearest checks nearestVictims.of(u) against the definitions: the
// nearest of u's critical victims are those that no other of them takes
// out unless it takes that one out too, and every other one is taken out
// by its via, a nearest one.
func checkNearest(t *testing.T, name string, g *graph.Graph, imp *graph.Impact, u int, crit []int32, nearest []int, via []int32) {
	t.Helper()
	var want []int
	for _, v := range crit {
		near := true
		for _, w := range crit {
			if w != v && imp.IsSPOF(int(w), int(v)) && !imp.IsSPOF(int(v), int(w)) {
				near = false
			}
		}
		if near {
			want = append(want, int(v))
		}
	}
	if !slices.Equal(nearest, want) {
		t.Fatalf("%s: cause %s: nearest %v, want %v", name, g.ID(u), nearest, want)
	}
	for i, v := range crit {
		isNear := slices.Contains(want, int(v))
		if isNear != (via[i] < 0) || !isNear && (!slices.Contains(want, int(via[i])) || !imp.IsSPOF(int(via[i]), int(v))) {
			t.Fatalf("%s: cause %s: via of %s is %d", name, g.ID(u), g.ID(int(v)), via[i])
		}
	}
}
