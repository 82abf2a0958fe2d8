package render

import (
	"sort"

	"github.com/blast-tool/blast/graph"
	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/traverse"
)

// neighbourhood keeps the services within depth hops of a root, following
// dependencies (what the roots need, transitively) and dependents (what needs
// the roots) separately, as breadth-first searches (gonum's traverse) over
// graph.Graph's gonum graph.Directed and over its reverse: a dependency of
// a dependent is not part of the roots' story. When more than maxNodes are
// found (maxNodes > 0), the closest are kept, ties broken by ID, and the
// number dropped is returned. Roots are always kept.
func neighbourhood(g *graph.Graph, roots []int, depth, maxNodes int) (keep []bool, leftOut int) {
	n := g.Len()
	const unseen = -1
	dist := make([]int, n)
	for i := range dist {
		dist[i] = unseen
	}
	for _, dir := range []traverse.Graph{g, dependents{g}} {
		for _, r := range roots {
			var bfs traverse.BreadthFirst
			bfs.Walk(dir, g.Node(int64(r)), func(v gonum.Node, d int) bool {
				if d > depth {
					return true // breadth first: every node within depth is done
				}
				if i := v.ID(); dist[i] == unseen || d < dist[i] {
					dist[i] = d
				}
				return false
			})
		}
	}
	var found []int
	for i, d := range dist {
		if d != unseen {
			found = append(found, i)
		}
	}
	if maxNodes > 0 && len(found) > maxNodes {
		// Services are sorted by ID, so index order breaks ties by ID.
		sort.SliceStable(found, func(a, b int) bool { return dist[found[a]] < dist[found[b]] })
		limit := max(maxNodes, len(roots))
		leftOut = len(found) - limit
		found = found[:limit]
	}
	keep = make([]bool, n)
	for _, i := range found {
		keep[i] = true
	}
	return keep, leftOut
}

// dependents is a graph.Graph with its edges reversed, for traverse: From
// lists the services that depend on a service.
type dependents struct{ g *graph.Graph }

func (r dependents) From(id int64) gonum.Nodes { return r.g.To(id) }

func (r dependents) Edge(x, y int64) gonum.Edge {
	if e := r.g.Edge(y, x); e != nil {
		return e.ReversedEdge()
	}
	return nil
}
