package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blast-tool/blast/model"
	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
)

// Edge is one declared dependency: service From needs service To.
// Failure flows against the edge, from To to From.
type Edge struct {
	From, To int // node indices
	Dep      *model.Dependency
	// Group is the index into Graph.Groups of the edge's redundancy group, or -1.
	Group int
}

// Group is a redundancy group: alternatives of one service. Its impact
// arrives only once every member edge passes it on.
type Group struct {
	Service int    // the dependent service
	Name    string // the group label
	Edges   []int  // indices into Graph.Edges, sorted by dependency ID
}

// Graph is the dependency graph of a model. Node i is Services[i]; services
// are sorted by ID, so node IDs are stable for a given set of services.
// It implements gonum's graph.Directed with edges pointing from a service to
// what it depends on.
type Graph struct {
	Model    *model.Model
	Services []*model.Service
	Edges    []Edge
	Groups   []Group

	index map[string]int
	out   [][]int // node -> edge indices where node is From (its dependencies)
	in    [][]int // node -> edge indices where node is To (its dependents)

	groupsOf [][]int // node -> its redundancy groups, by name

	// edgeKind[k] caches what every analysis asks of edge k, millions of
	// times on a large model: edgeOutage, edgeHard.
	edgeKind []uint8
}

const (
	edgeOutage = 1 << iota // OutageEdge
	edgeHard               // HardEdge
)

// classify fills edgeKind from the edges' dependencies and groups.
func (g *Graph) classify() {
	g.edgeKind = make([]uint8, len(g.Edges))
	for k := range g.Edges {
		e := &g.Edges[k]
		if e.Dep.Impact == model.ImpactOutage || g.Turns(k) {
			g.edgeKind[k] |= edgeOutage
			if e.Group < 0 || len(g.Groups[e.Group].Edges) == 1 {
				g.edgeKind[k] |= edgeHard
			}
		}
	}
}

// New builds the graph of a validated model. Dependencies on undeclared
// services are skipped (the loader reports them).
func New(m *model.Model) *Graph {
	svcs := append([]*model.Service(nil), m.Services...)
	slices.SortFunc(svcs, func(a, b *model.Service) int { return strings.Compare(a.ID, b.ID) })
	g := &Graph{Model: m, Services: svcs, index: make(map[string]int, len(svcs))}
	ndeps := 0
	for i, s := range svcs {
		g.index[s.ID] = i
		ndeps += len(s.DependsOn)
	}
	// Sized ahead: at 10^5 services, growing half a million edges and a
	// slice of them per service cost more than the rest of New.
	g.Edges = make([]Edge, 0, ndeps)
	g.out = make([][]int, len(svcs))
	outs := make([]int, 0, ndeps) // every out list, one array
	var groups map[string]int
	var names []string
	var deps []*model.Dependency
	for i, s := range svcs {
		clear(groups)
		names = names[:0]
		for _, d := range s.DependsOn {
			if d.Group != "" {
				if groups == nil {
					groups = map[string]int{}
				}
				if _, ok := groups[d.Group]; !ok {
					groups[d.Group] = -1
					names = append(names, d.Group)
				}
			}
		}
		slices.Sort(names)
		for _, n := range names {
			groups[n] = len(g.Groups)
			g.Groups = append(g.Groups, Group{Service: i, Name: n})
		}
		deps = append(deps[:0], s.DependsOn...)
		slices.SortStableFunc(deps, func(a, b *model.Dependency) int { return strings.Compare(a.To, b.To) })
		first := len(outs)
		for _, d := range deps {
			j, ok := g.index[d.To]
			if !ok {
				continue
			}
			e := Edge{From: i, To: j, Dep: d, Group: -1}
			if d.Group != "" {
				e.Group = groups[d.Group]
			}
			k := len(g.Edges)
			g.Edges = append(g.Edges, e)
			outs = append(outs, k)
			if e.Group >= 0 {
				g.Groups[e.Group].Edges = append(g.Groups[e.Group].Edges, k)
			}
		}
		if len(outs) > first {
			g.out[i] = outs[first:len(outs):len(outs)]
		}
	}
	// Each node's in list holds its edges in edge order, as appending them
	// one by one would: counted, then filled into one array.
	g.in = make([][]int, len(svcs))
	start := make([]int, len(svcs)+1)
	for _, e := range g.Edges {
		start[e.To+1]++
	}
	for v := range svcs {
		start[v+1] += start[v]
	}
	ins := make([]int, len(g.Edges))
	pos := slices.Clone(start[:len(svcs)])
	for k, e := range g.Edges {
		ins[pos[e.To]] = k
		pos[e.To]++
	}
	for v := range svcs {
		if start[v] < start[v+1] {
			g.in[v] = ins[start[v]:start[v+1]:start[v+1]]
		}
	}
	g.groupsOf = make([][]int, len(svcs))
	for i, gr := range g.Groups {
		g.groupsOf[gr.Service] = append(g.groupsOf[gr.Service], i)
	}
	g.classify()
	return g
}

// Len is the number of services.
func (g *Graph) Len() int { return len(g.Services) }

// Index returns the node index of a service ID.
func (g *Graph) Index(id string) (int, bool) { i, ok := g.index[id]; return i, ok }

// Lookup returns the nodes of the services ids, in order. An ID that names
// no service is an error that names it, with the nearest ID there is.
func (g *Graph) Lookup(ids []string) ([]int, error) {
	out := make([]int, 0, len(ids))
	for _, id := range ids {
		i, ok := g.index[id]
		if !ok {
			_, err := g.Model.FindService(id)
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		out = append(out, i)
	}
	return out, nil
}

// ID returns the service ID of node i.
func (g *Graph) ID(i int) string { return g.Services[i].ID }

// Out returns the indices of the edges from node i to its dependencies, sorted by dependency ID.
func (g *Graph) Out(i int) []int { return g.out[i] }

// In returns the indices of the edges from node i's dependents to i, sorted by dependent ID.
func (g *Graph) In(i int) []int { return g.in[i] }

// gonum graph.Directed.

type node int64

func (n node) ID() int64 { return int64(n) }

type edge struct{ f, t node }

func (e edge) From() gg.Node         { return e.f }
func (e edge) To() gg.Node           { return e.t }
func (e edge) ReversedEdge() gg.Edge { return edge{e.t, e.f} }

// Node implements graph.Graph.
func (g *Graph) Node(id int64) gg.Node {
	if id < 0 || id >= int64(len(g.Services)) {
		return nil
	}
	return node(id)
}

// Nodes implements graph.Graph.
func (g *Graph) Nodes() gg.Nodes {
	ns := make([]gg.Node, len(g.Services))
	for i := range ns {
		ns[i] = node(i)
	}
	return iterator.NewOrderedNodes(ns)
}

func (g *Graph) nodesOf(edges []int, to bool) gg.Nodes {
	seen := map[int]bool{}
	var ns []gg.Node
	for _, k := range edges {
		n := g.Edges[k].From
		if to {
			n = g.Edges[k].To
		}
		if !seen[n] {
			seen[n] = true
			ns = append(ns, node(n))
		}
	}
	if len(ns) == 0 {
		return gg.Empty
	}
	return iterator.NewOrderedNodes(ns)
}

// From implements graph.Graph: the services id depends on.
func (g *Graph) From(id int64) gg.Nodes { return g.nodesOf(g.out[id], true) }

// To implements graph.Directed: the services that depend on id.
func (g *Graph) To(id int64) gg.Nodes { return g.nodesOf(g.in[id], false) }

// HasEdgeBetween implements graph.Graph.
func (g *Graph) HasEdgeBetween(x, y int64) bool {
	return g.HasEdgeFromTo(x, y) || g.HasEdgeFromTo(y, x)
}

// HasEdgeFromTo implements graph.Directed.
func (g *Graph) HasEdgeFromTo(u, v int64) bool {
	for _, k := range g.out[u] {
		if int64(g.Edges[k].To) == v {
			return true
		}
	}
	return false
}

// Edge implements graph.Graph.
func (g *Graph) Edge(u, v int64) gg.Edge {
	if g.HasEdgeFromTo(u, v) {
		return edge{node(u), node(v)}
	}
	return nil
}

var _ gg.Directed = (*Graph)(nil)
