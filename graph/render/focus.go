package render

import (
	"sort"

	"github.com/blast-tool/blast/graph"
)

// neighbourhood keeps the services within depth hops of a root, following
// dependencies (what the roots need, transitively) and dependents (what needs
// the roots) separately, as two breadth-first searches: a dependency of a
// dependent is not part of the roots' story. When more than maxNodes are
// found (maxNodes > 0), the closest are kept, ties broken by ID, and the number
// dropped is returned. Roots are always kept.
func neighbourhood(g *graph.Graph, roots []int, depth, maxNodes int) (keep []bool, leftOut int) {
	n := g.Len()
	const unseen = -1
	dist := make([]int, n)
	for i := range dist {
		dist[i] = unseen
	}
	for _, r := range roots {
		dist[r] = 0
	}
	for _, down := range []bool{true, false} {
		seen := make([]int, n)
		for i := range seen {
			seen[i] = unseen
		}
		queue := make([]int, 0, len(roots))
		for _, r := range roots {
			if seen[r] == unseen {
				seen[r] = 0
				queue = append(queue, r)
			}
		}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			if seen[v] >= depth {
				continue
			}
			edges := g.In(v)
			if down {
				edges = g.Out(v)
			}
			for _, k := range edges {
				w := g.Edges[k].From
				if down {
					w = g.Edges[k].To
				}
				if seen[w] == unseen {
					seen[w] = seen[v] + 1
					queue = append(queue, w)
				}
			}
		}
		for i, d := range seen {
			if d != unseen && (dist[i] == unseen || d < dist[i]) {
				dist[i] = d
			}
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
		limit := maxNodes
		if limit < len(roots) {
			limit = len(roots)
		}
		leftOut = len(found) - limit
		found = found[:limit]
	}
	keep = make([]bool, n)
	for _, i := range found {
		keep[i] = true
	}
	return keep, leftOut
}
