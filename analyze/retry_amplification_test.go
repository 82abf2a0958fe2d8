package analyze

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

// randomRetries builds a model of n services with random dependencies
// (cycles included) and random retries: mostly none, some 2 to 4 tries,
// some capped by a budget.
func randomRetries(r *rand.Rand, n, edges int) *model.Model {
	svcs := make([]*model.Service, n)
	for i := range svcs {
		svcs[i] = graphtest.Svc(fmt.Sprintf("s%02d", i))
	}
	has := map[[2]int]bool{}
	for range edges {
		from, to := r.IntN(n), r.IntN(n)
		if from == to || has[[2]int{from, to}] {
			continue
		}
		has[[2]int{from, to}] = true
		d := graphtest.Dep(svcs[to].ID, model.ImpactOutage, 0)
		switch x := r.Float64(); {
		case x < 0.35:
		case x < 0.85:
			d.Retry = &model.Retry{Attempts: 2 + r.IntN(3)}
		default:
			d.Retry = &model.Retry{Attempts: 3, Budget: float64(r.IntN(4)) / 4, HasBudget: true}
		}
		svcs[from].DependsOn = append(svcs[from].DependsOn, d)
	}
	return graphtest.Build(svcs...)
}

// bruteChain is the best chain into each service by enumerating every
// simple path, with the components that amplify found from reachability:
// what amplify must agree with.
type bruteChain struct {
	cut   []bool
	best  [][]int // nodes, top first
	prods []float64
}

func bruteForce(g *graph.Graph) bruteChain {
	n := g.Len()
	reach := make([][]bool, n)
	for i := range reach {
		reach[i] = make([]bool, n)
		reach[i][i] = true
	}
	for _, e := range g.Edges {
		reach[e.From][e.To] = true
	}
	for k := range n { // Floyd-Warshall transitive closure
		for i := range n {
			for j := range n {
				reach[i][j] = reach[i][j] || reach[i][k] && reach[k][j]
			}
		}
	}
	same := func(u, v int) bool { return reach[u][v] && reach[v][u] }
	b := bruteChain{cut: make([]bool, n), best: make([][]int, n), prods: make([]float64, n)}
	for ki, e := range g.Edges {
		if same(e.From, e.To) && g.Edges[ki].Dep.Factor() > 1 {
			for v := range n {
				if same(v, e.From) {
					b.cut[v] = true
				}
			}
		}
	}
	for v := range n {
		b.best[v], b.prods[v] = []int{v}, 1
	}
	better := func(p []int, prod float64, v int) bool {
		q, qp := b.best[v], b.prods[v]
		if math.Abs(math.Log(prod)-math.Log(qp)) > 1e-9 {
			return prod > qp
		}
		if len(p) != len(q) {
			return len(p) < len(q)
		}
		return slices.Compare(p, q) < 0
	}
	var walk func(path []int, prod float64)
	walk = func(path []int, prod float64) {
		v := path[len(path)-1]
		if better(path, prod, v) {
			b.best[v], b.prods[v] = slices.Clone(path), prod
		}
		for _, k := range g.Out(v) {
			w := g.Edges[k].To
			if b.cut[w] || slices.Contains(path, w) {
				continue
			}
			walk(append(path, w), prod*g.Edges[k].Dep.Factor())
		}
	}
	for v := range n {
		if !b.cut[v] {
			walk([]int{v}, 1)
		}
	}
	return b
}

// The condensation's longest path agrees with brute force on small random
// graphs: the same services cut by amplifying cycles, and for every other
// service the same worst chain and product.
func TestRetryAmplificationBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 400 {
		n := 2 + r.IntN(8)
		m := randomRetries(r, n, r.IntN(3*n))
		g := graph.New(m)
		a, want := amplify(g), bruteForce(g)
		for v := range n {
			if a.cut[v] != want.cut[v] {
				t.Fatalf("trial %d: %s cut = %v, brute force %v", trial, g.ID(v), a.cut[v], want.cut[v])
			}
			if a.cut[v] {
				continue
			}
			got := []int{v}
			if edges := a.chain(v); len(edges) > 0 {
				got = []int{g.Edges[edges[0]].From}
				for _, k := range edges {
					got = append(got, g.Edges[k].To)
				}
				if p := a.product(edges); math.Abs(p-want.prods[v]) > 1e-9*p {
					t.Fatalf("trial %d: %s product %v, brute force %v", trial, g.ID(v), p, want.prods[v])
				}
			}
			if !slices.Equal(got, want.best[v]) {
				t.Fatalf("trial %d: chain into %s = %v, brute force %v (%s)", trial, g.ID(v), names(g, got), names(g, want.best[v]), describe(g))
			}
		}
	}
}

func names(g *graph.Graph, ns []int) string {
	var out []string
	for _, n := range ns {
		out = append(out, g.ID(n))
	}
	return strings.Join(out, " -> ")
}

func describe(g *graph.Graph) string {
	var out []string
	for _, e := range g.Edges {
		out = append(out, fmt.Sprintf("%s->%s x%v", g.ID(e.From), g.ID(e.To), e.Dep.Factor()))
	}
	return strings.Join(out, ", ")
}

// Chains far longer than any stack or integer: the product overflows
// nothing in log space, and lexical ties on long chains resolve by
// binary lifting. Two chains of 2,000 doubling edges meet at the bottom.
func TestRetryAmplificationLongChains(t *testing.T) {
	const n = 2000
	var svcs []*model.Service
	for _, side := range []string{"a", "b"} {
		for i := range n {
			s := graphtest.Svc(fmt.Sprintf("%s%04d", side, i))
			next := fmt.Sprintf("%s%04d", side, i+1)
			if i == n-1 {
				next = "sink"
			}
			d := graphtest.Dep(next, model.ImpactOutage, 0)
			d.Retry = &model.Retry{Attempts: 2}
			s.DependsOn = append(s.DependsOn, d)
			svcs = append(svcs, s)
		}
	}
	svcs = append(svcs, graphtest.Svc("sink"))
	g := graph.New(graphtest.Build(svcs...))
	a := amplify(g)
	sink, _ := g.Index("sink")
	edges := a.chain(sink)
	if len(edges) != n || g.ID(g.Edges[edges[0]].From) != "a0000" {
		t.Fatalf("chain into sink: %d edges from %s, want %d from a0000 (the lexically smaller of two equal chains)", len(edges), g.ID(g.Edges[edges[0]].From), n)
	}
	if p := a.product(edges); !math.IsInf(p, 1) || math.Abs(a.logp[sink]-n*math.Ln2) > 1e-6 {
		t.Errorf("product %v, log %v", p, a.logp[sink])
	}
}

// BenchmarkRetryAmplification runs the rule on 100,000 generated services
// with about 500,000 dependencies, a third of them retrying (graph built
// once, outside the loop).
func BenchmarkRetryAmplification(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			m := graphtest.Generate(n, 5*n, 1)
			r := rand.New(rand.NewPCG(7, 7))
			for _, s := range m.Services {
				for _, d := range s.DependsOn {
					if r.Float64() < 0.33 {
						d.Retry = &model.Retry{Attempts: 2 + r.IntN(3)}
					}
				}
			}
			d := newDriver(m)
			findings := 0
			b.ResetTimer()
			cpu := modeltest.CPUTime()
			for range b.N {
				findings = 0
				if _, err := retryAmplification.Run(d.pass(retryAmplification, func(Finding) { findings++ })); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			modeltest.ReportCPU(b, cpu)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
			b.ReportMetric(float64(findings), "findings")
		})
	}
}
