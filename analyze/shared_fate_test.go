package analyze

import (
	"testing"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
)

// explainedByVictim's merge answers as its definition does: some victim
// w of u takes out every other victim of u (and so is not in a cycle
// with u), on random models and the estate shapes.
func TestExplainedByVictim(t *testing.T) {
	models := []*graph.Graph{graph.New(graphtest.Layered(300, 0.01, 4)), graph.New(graphtest.Tiered(600, 5)), graph.New(graphtest.Chain(100, 1))}
	for seed := int64(1); seed < 20; seed++ {
		n := 5 + int(seed*7%60)
		models = append(models, graph.New(graphtest.Generate(n, n*int(1+seed%6), seed)))
	}
	var explained, not int
	for _, g := range models {
		imp, err := g.SingleFailures()
		if err != nil {
			t.Fatal(err)
		}
		fate := newFate(imp, g.Len())
		for u := range g.Services {
			want := false
			for _, w := range fate.Victims[u] {
				covers := true
				for _, x := range fate.Victims[u] {
					if x != w && !imp.IsSPOF(int(w), int(x)) {
						covers = false
					}
				}
				want = want || covers && !imp.IsSPOF(int(w), u)
			}
			if got := explainedByVictim(fate, u); got != want {
				t.Fatalf("%d services: explainedByVictim(%s) = %v, want %v", g.Len(), g.ID(u), got, want)
			}
			if want {
				explained++
			} else if len(fate.Victims[u]) > 1 {
				not++
			}
		}
	}
	if explained == 0 || not == 0 {
		t.Fatalf("explained %d, not explained %d: the models do not test both answers", explained, not)
	}
}
