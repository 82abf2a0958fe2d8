package analyze

import (
	"sort"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Shared analyses: computed once per model and required by the rules.

// ImpactAnalyzer computes, for every service, the single failures that take
// it out or degrade it (graph.Graph.SingleFailures).
var ImpactAnalyzer = &Analyzer{
	Name: "impact",
	Doc:  "exact single-failure impact of every service (bitsets over the condensation)",
	Run:  func(p *Pass) (any, error) { return p.Graph.SingleFailures(), nil },
}

// Fate is the single-failure relation in both directions.
type Fate struct {
	Impact *graph.Impact
	// Victims[u] lists the services (ascending) that a failure of u alone takes out.
	Victims [][]int
	// spofSet[v] holds SPOFs(v) for membership tests.
	spofSet []map[int]bool
}

// FateAnalyzer inverts the single-point-of-failure lists into victim lists.
var FateAnalyzer = &Analyzer{
	Name:     "fate",
	Doc:      "who takes whom out: single points of failure and their victims",
	Requires: []*Analyzer{ImpactAnalyzer},
	Run: func(p *Pass) (any, error) {
		imp := p.ResultOf[ImpactAnalyzer].(*graph.Impact)
		n := p.Graph.Len()
		f := &Fate{Impact: imp, Victims: make([][]int, n), spofSet: make([]map[int]bool, n)}
		for v := 0; v < n; v++ {
			for _, u := range imp.SPOFs(v) {
				f.Victims[u] = append(f.Victims[u], v)
			}
		}
		return f, nil
	},
}

// IsSPOF reports whether a failure of u alone takes v out.
func (f *Fate) IsSPOF(u, v int) bool {
	if f.spofSet[v] == nil {
		s := map[int]bool{}
		for _, w := range f.Impact.SPOFs(v) {
			s[w] = true
		}
		f.spofSet[v] = s
	}
	return f.spofSet[v][u]
}

// Immediate returns the members of set that are not explained by another
// member: u is explained when some other w in set is taken out by u while u
// is not taken out by w (mutual members of a cycle explain each other only
// if one of them is outside it). This is the transitive reduction of the
// "takes out" relation restricted to set, so a reviewer sees the nearest
// cause, not every service upstream of it.
func (f *Fate) Immediate(set []int) []int {
	in := make(map[int]bool, len(set))
	for _, u := range set {
		in[u] = true
	}
	var out []int
	for _, u := range set {
		explained := false
		for _, w := range f.Victims[u] {
			if w != u && in[w] && !f.IsSPOF(w, u) {
				explained = true
				break
			}
		}
		if !explained {
			out = append(out, u)
		}
	}
	return out
}

// CyclesAnalyzer finds the hard-dependency cycles (graph.Graph.HardCycles).
var CyclesAnalyzer = &Analyzer{
	Name: "hard-cycles",
	Doc:  "strongly connected components of outage dependencies",
	Run:  func(p *Pass) (any, error) { return p.Graph.HardCycles(), nil },
}

// passes reports whether edge e can pass an impairment of at least level min
// eventually (a blocking buffer turns any edge into an outage edge).
func passes(e graph.Edge, min model.Impact) bool {
	if e.Dep.Impact >= min {
		return true
	}
	return e.Dep.Buffer != nil && e.Dep.Buffer.OnFull.Turns()
}

// dependencyPath returns the shortest chain from service `from` down its
// dependencies to service `to`, over edges that pass at least level min, as
// service IDs, or nil when there is none. Breadth-first search: Moore 1959.
func dependencyPath(g *graph.Graph, from, to int, min model.Impact) []string {
	if from == to {
		return []string{g.ID(from)}
	}
	prev := map[int]int{from: -1}
	queue := []int{from}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, k := range g.Out(x) {
			e := g.Edges[k]
			if !passes(e, min) {
				continue
			}
			if _, seen := prev[e.To]; seen {
				continue
			}
			prev[e.To] = x
			if e.To == to {
				var path []string
				for y := to; y != -1; y = prev[y] {
					path = append(path, g.ID(y))
				}
				for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
					path[i], path[j] = path[j], path[i]
				}
				return path
			}
			queue = append(queue, e.To)
		}
	}
	return nil
}

// ids converts node indices to sorted service IDs.
func ids(g *graph.Graph, ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = g.ID(n)
	}
	sort.Strings(out)
	return out
}

// Summaries returns the contract's per-service entries: blast radius and
// single points of failure, sorted by ID.
func Summaries(r *Result) []ServiceSummary {
	imp, _ := r.ResultOf[ImpactAnalyzer].(*graph.Impact)
	g := r.Graph
	out := make([]ServiceSummary, g.Len())
	for i, s := range g.Services {
		out[i] = ServiceSummary{ID: s.ID, Role: string(s.Role), Criticality: string(s.Criticality), SinglePointsOfFailure: []string{}}
		if imp != nil {
			out[i].BlastRadius = BlastRadius{Outage: imp.OutageCount[i], Degraded: imp.DegradedCount[i]}
			out[i].SinglePointsOfFailure = ids(g, imp.SPOFs(i))
		}
	}
	return out
}

// list joins names as "a, b and c".
func list(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	s := ""
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s + " and " + names[len(names)-1]
}
