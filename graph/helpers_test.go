package graph

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

const (
	out  = model.ImpactOutage
	deg  = model.ImpactDegraded
	none = model.ImpactNone
)

var (
	D        = graphtest.Dep
	S        = graphtest.Svc
	Grouped  = graphtest.Grouped
	Buffered = graphtest.Buffered
)

func build(svcs ...*model.Service) *Graph { return New(graphtest.Build(svcs...)) }

// forRandomGraphs runs check on count random graphs (randomGraph) of lo to
// hi services drawn from a source seeded with seed; intn draws check's own
// random choices from the same source.
func forRandomGraphs(seed int64, count, lo, hi int, check func(it int, g *Graph, intn func(int) int)) {
	r := rand.New(rand.NewSource(seed))
	for it := 0; it < count; it++ {
		check(it, randomGraph(r, lo+r.Intn(hi-lo+1)), r.Intn)
	}
}

// randomGraph builds a small random model: services "a", "b", ... with
// random impacts, delays, groups, buffers, self-loops and cycles.
func randomGraph(r *rand.Rand, n int) *Graph {
	svcs := make([]*model.Service, n)
	for i := range svcs {
		svcs[i] = S(string(rune('a' + i)))
	}
	for i := range svcs {
		deg := r.Intn(4)
		used := map[int]bool{}
		for j := 0; j < deg; j++ {
			to := r.Intn(n)
			if used[to] {
				continue
			}
			used[to] = true
			d := D(svcs[to].ID, model.Impact(r.Intn(3)), time.Duration(r.Intn(4))*time.Minute)
			if r.Intn(3) == 0 {
				d.Group = fmt.Sprint("g", r.Intn(2))
			}
			if r.Intn(4) == 0 {
				d.Buffer = &model.Buffer{FillsIn: time.Duration(1+r.Intn(5)) * time.Minute, OnFull: []model.OnFull{model.OnFullBlock, model.OnFullFail, model.OnFullDrop}[r.Intn(3)]}
			}
			svcs[i].DependsOn = append(svcs[i].DependsOn, d)
		}
	}
	return build(svcs...)
}
