package analyze

import (
	"slices"
	"sort"
	"sync"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Shared analyses: computed once per model and required by the rules.

// impactFact is, for every service, the single failures that take it out or
// degrade it (graph.Graph.SingleFailures).
var impactFact = newFact("impact", "exact single-failure impact of every service (bitsets over the condensation)",
	func(p *Pass) (*graph.Impact, error) { return p.Graph.SingleFailures() })

// fateRelation is the single-failure relation in both directions.
//
// Its methods share scratch space, so a fateRelation is used by one
// goroutine at a time: the rules run beside each other, and each works on
// a fork of the fact's value (explainFailure).
type fateRelation struct {
	Impact *graph.Impact
	// Victims[u] lists the services (ascending) that a failure of u alone
	// takes out. The lists are Impact's (graph.Impact.Victims): callers
	// must not modify them.
	Victims [][]int32

	// spofs[v] is Impact.SPOFs32(v): membership tests are binary searches
	// in it (IsSPOF), with no per-service maps.
	spofs [][]int32
	// mark[u] == gen marks u as a member of the set Immediate works on: a
	// generation counter clears the set in O(1). The scratch slices are
	// allocated on first use.
	mark  []uint32
	expl  []uint32 // expl[u] == gen: Immediate found u explained
	rep   []uint32 // rep[u] == gen: u is mutual with a kept member
	gen   uint32
	order []int // Immediate's scratch

	// Queries about one cause in a row (a search down the services u
	// takes out asks IsSPOF(u, y) for every service it meets) are answered
	// from marks of u's victims, set once the run is long enough to pay
	// for them: victim[v] == victimGen marks v as a victim of victimOf.
	lastU, run, victimOf int
	victim               []uint32
	victimGen            uint32
}

// markAfter is how many IsSPOF queries in a row about one cause make it
// mark that cause's victims.
const markAfter = 8

// fateFact inverts the single-point-of-failure lists into victim lists.
var fateFact = newFact("fate", "who takes whom out: single points of failure and their victims",
	func(p *Pass) (*fateRelation, error) { return newFate(impactFact.Of(p), p.Graph.Len()), nil },
	impactFact.Analyzer)

// newFate reads both directions of the relation from imp, which holds
// them in flat arrays: at 10^5 services there are 10^8 pairs or more, and
// copying them, or 2*10^5 small slices, would cost the allocator and the
// garbage collector more than the pairs themselves.
func newFate(imp *graph.Impact, n int) *fateRelation {
	f := &fateRelation{Impact: imp, Victims: make([][]int32, n), spofs: make([][]int32, n)}
	for v := 0; v < n; v++ {
		f.spofs[v] = imp.SPOFs32(v)
		f.Victims[v] = imp.Victims(v)
	}
	return f.fork()
}

// fork returns the relation over the same lists (which nobody modifies)
// with scratch space of its own, for one goroutine.
func (f *fateRelation) fork() *fateRelation {
	return &fateRelation{Impact: f.Impact, Victims: f.Victims, spofs: f.spofs, lastU: -1, victimOf: -1}
}

// IsSPOF reports whether a failure of u alone takes v out.
func (f *fateRelation) IsSPOF(u, v int) bool {
	if v < 0 || v >= len(f.spofs) {
		return false
	}
	if u == f.victimOf && f.victimGen != 0 {
		return f.victim[v] == f.victimGen
	}
	if u != f.lastU {
		f.lastU, f.run = u, 0
	} else if f.run++; f.run == markAfter && u >= 0 && u < len(f.Victims) {
		f.markVictims(u)
		return f.victim[v] == f.victimGen
	}
	_, ok := slices.BinarySearch(f.spofs[v], int32(u))
	return ok
}

// nextGeneration starts a new generation of marks and returns it. A mark
// is set when it equals the generation, so a new one clears every mark in
// O(1); when the counter wraps, stale marks could match again, and they
// are cleared for real.
func nextGeneration(gen *uint32, marks ...[]uint32) uint32 {
	if *gen++; *gen == 0 {
		for _, m := range marks {
			clear(m)
		}
		*gen = 1
	}
	return *gen
}

// markVictims marks u's victims for IsSPOF.
func (f *fateRelation) markVictims(u int) {
	if f.victim == nil {
		f.victim = make([]uint32, len(f.spofs))
	}
	nextGeneration(&f.victimGen, f.victim)
	for _, w := range f.Victims[u] {
		f.victim[w] = f.victimGen
	}
	f.victimOf = u
}

// Immediate returns the members of set that are not explained by another
// member, in set's order: u is explained when some other w in set is taken
// out by u while u is not taken out by w (mutual members of a cycle explain
// each other only if one of them is outside it). This is the transitive
// reduction of the "takes out" relation restricted to set, so a reviewer
// sees the nearest cause, not every service upstream of it.
//
// "Takes out" (T) is a preorder: reflexive, and transitive because
// propagation is monotone (when u's failure takes w out, everything w's
// failure takes out is out too). So when u strictly explains w's member
// (T(u, w), not T(w, u)), every single point of failure of u is one of w
// and u is one more: |SPOFs(w)| > |SPOFs(u)|. One pass over the members in
// decreasing |SPOFs| order therefore meets every member after all those
// that could explain it, and a member is explained exactly when a kept one
// explains it (follow explanations down to a kept member: T composes).
// Each kept member marks, among its own single points of failure in set,
// those it explains, and those mutual with it, which it represents: a
// member mutual with a kept one is kept and explains exactly what that one
// does, so only one list per class of mutual members is read. Cost: a sort
// of set, then the lists of the kept representatives, each entry with one
// binary search (in the entry's own list); on a giant cycle, one list
// instead of |set| of them.
// TestFateAndPaths checks it against the definition.
func (f *fateRelation) Immediate(set []int) []int {
	if f.mark == nil {
		n := len(f.spofs)
		f.mark, f.expl, f.rep = make([]uint32, n), make([]uint32, n), make([]uint32, n)
	}
	gen := nextGeneration(&f.gen, f.mark, f.expl, f.rep)
	for _, u := range set {
		f.mark[u] = gen
	}
	order := append(f.order[:0], set...)
	slices.SortFunc(order, func(a, b int) int { return len(f.spofs[b]) - len(f.spofs[a]) })
	for _, u := range order {
		if f.expl[u] == gen || f.rep[u] == gen {
			continue
		}
		for _, x := range f.spofs[u] {
			if f.mark[x] != gen || f.expl[x] == gen || f.rep[x] == gen {
				continue
			}
			// Does u take x out? One binary search in x's list: the
			// queries about u are few next to u's victims, so marking
			// them (IsSPOF's runs) would cost more than it saves.
			if _, mutual := slices.BinarySearch(f.spofs[x], int32(u)); mutual {
				f.rep[x] = gen
			} else {
				f.expl[x] = gen
			}
		}
	}
	f.order = order
	kept := 0
	for _, u := range set {
		if f.expl[u] != gen {
			kept++
		}
	}
	if kept == 0 {
		return nil
	}
	out := make([]int, 0, kept)
	for _, u := range set {
		if f.expl[u] != gen {
			out = append(out, u)
		}
	}
	return out
}

// outageCauses returns, ascending, the single failures that make edge k
// pass an outage: its dependency's own failure and that dependency's
// single points of failure; none when the edge never passes an outage.
func (f *fateRelation) outageCauses(g *graph.Graph, k int) []int32 {
	if !g.OutageEdge(k) {
		return nil
	}
	e := g.Edges[k]
	sp := f.spofs[e.To]
	i, _ := slices.BinarySearch(sp, int32(e.To))
	out := make([]int32, 0, len(sp)+1)
	out = append(out, sp[:i]...)
	out = append(out, int32(e.To))
	return append(out, sp[i:]...)
}

// commonCauses returns, ascending, the single failures that make every
// edge in edges but skip (-1: none skipped) pass an outage: the
// intersection of their outageCauses.
func (f *fateRelation) commonCauses(g *graph.Graph, edges []int, skip int) []int32 {
	var common []int32
	first := true
	for _, k := range edges {
		switch {
		case k == skip:
		case first:
			common, first = f.outageCauses(g, k), false
		case len(common) > 0:
			common = intersectSorted(common, f.outageCauses(g, k))
		}
	}
	return common
}

// intersectSorted returns the ascending elements common to a and b, both
// ascending, in a (which it overwrites): a linear merge.
func intersectSorted(a, b []int32) []int32 {
	out := a[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// pathsFact is the one pathFinder of a model, shared by the rules that show
// the dependency path of a finding: its adjacency arrays are built once.
var pathsFact = newFact("paths", "shortest dependency paths, by resumable breadth-first search",
	func(p *Pass) (*pathFinder, error) { return newPathFinder(p.Graph), nil })

// pathFinder answers shortest-path queries with one resumable
// breadth-first search (Moore 1959) per source and level. A rule asks for
// the paths from one service to several others in a row (a critical
// service to each of its nearest single points of failure, an observer to
// what it monitors): the BFS tree does not depend on where a search stops,
// so each query continues the previous search instead of starting over.
// State lives in slices indexed by node, cleared by a generation counter.
// The edges a level may use are copied once into a compressed sparse row
// array of targets (in Out order, so the search and its tie-breaks are
// those over the graph), which the search reads sequentially instead of
// following two pointers per edge. The search state is one goroutine's:
// rules running beside each other each search a fork.
type pathFinder struct {
	g   *graph.Graph
	adj *adjacencies // shared by forks

	seen  []uint32 // seen[v] == gen: v is discovered in the current search
	prev  []int32  // BFS tree parent; -1 at the source
	queue []int32
	head  int // next queue entry to expand
	edge  int // next position in the adjacency of queue[head]
	gen   uint32

	from int
	min  model.Impact
}

// adjacencies are the csr of each min level, built on first use, once for
// all the forks of a pathFinder.
type adjacencies struct {
	once [model.ImpactOutage + 1]sync.Once
	of   [model.ImpactOutage + 1]*csr
}

// csr is a compressed sparse row adjacency: node x's targets are
// to[start[x]:start[x+1]].
type csr struct {
	start []int32
	to    []int32
}

func newPathFinder(g *graph.Graph) *pathFinder {
	return &pathFinder{g: g, adj: new(adjacencies), from: -1}
}

// fork returns a pathFinder over the same graph and adjacencies with a
// search state of its own (allocated by its first search), for one
// goroutine.
func (pf *pathFinder) fork() *pathFinder { return &pathFinder{g: pf.g, adj: pf.adj, from: -1} }

// adjacency returns the edges that eventually pass at least level min
// once their dependency is out (graph.Graph.Passes), as a csr.
func (pf *pathFinder) adjacency(min model.Impact) *csr {
	pf.adj.once[min].Do(func() {
		g := pf.g
		a := &csr{start: make([]int32, g.Len()+1)}
		for x := 0; x < g.Len(); x++ {
			for _, k := range g.Out(x) {
				if g.Passes(k, model.ImpactOutage) >= min {
					a.to = append(a.to, int32(g.Edges[k].To))
				}
			}
			a.start[x+1] = int32(len(a.to))
		}
		pf.adj.of[min] = a
	})
	return pf.adj.of[min]
}

// path returns the shortest chain from service `from` down its
// dependencies to service `to`, over edges that pass at least level min,
// as service IDs, or nil when there is none. Among shortest chains it is
// the one a FIFO search over Out's edge order finds first.
func (pf *pathFinder) path(from, to int, level model.Impact) []string {
	g := pf.g
	if from == to {
		return []string{g.ID(from)}
	}
	min := max(model.ImpactNone, min(level, model.ImpactOutage)) // callers pass constants; stay in range
	if pf.seen == nil {
		pf.seen, pf.prev = make([]uint32, g.Len()), make([]int32, g.Len())
	}
	if from != pf.from || min != pf.min || pf.gen == 0 {
		nextGeneration(&pf.gen, pf.seen)
		pf.from, pf.min = from, min
		pf.queue = append(pf.queue[:0], int32(from))
		pf.head, pf.edge = 0, 0
		pf.seen[from] = pf.gen
		pf.prev[from] = -1
	}
	a := pf.adjacency(min)
	seen, gen := pf.seen, pf.gen
	for seen[to] != gen {
		if pf.head >= len(pf.queue) {
			return nil
		}
		x := pf.queue[pf.head]
		targets := a.to[a.start[x]:a.start[x+1]]
		found := false
		for pf.edge < len(targets) && !found {
			y := targets[pf.edge]
			pf.edge++
			if seen[y] == gen {
				continue
			}
			seen[y] = gen
			pf.prev[y] = x
			pf.queue = append(pf.queue, y)
			found = int(y) == to
		}
		if pf.edge >= len(targets) {
			pf.head++
			pf.edge = 0
		}
	}
	n := 0
	for y := int32(to); y != -1; y = pf.prev[y] {
		n++
	}
	path := make([]string, n)
	for y := int32(to); y != -1; y = pf.prev[y] {
		n--
		path[n] = g.ID(int(y))
	}
	return path
}

// ids converts node indices to sorted service IDs.
func ids(g *graph.Graph, ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = g.ID(n)
	}
	// Nodes are numbered in ID order, so ascending nodes are sorted IDs
	// already: skip the string sort (10^7 IDs at 10^5 services).
	if !slices.IsSorted(ns) {
		sort.Strings(out)
	}
	return out
}

// failureFacts are what the rules that explain a failure require: who
// takes whom out (fateFact), the paths that show it (pathsFact) and the
// table of IDs that names them (idsFact).
var failureFacts = []*Analyzer{fateFact.Analyzer, pathsFact.Analyzer, idsFact.Analyzer}

// explainFailure is the Run of a rule that requires failureFacts: run gets
// them read for its pass, with the graph they describe, the relation and
// the path finder forked for it alone (rules run beside each other).
func explainFailure(run func(p *Pass, g *graph.Graph, fate *fateRelation, paths *pathFinder, table []string) (any, error)) func(*Pass) (any, error) {
	return func(p *Pass) (any, error) {
		return run(p, p.Graph, fateFact.Of(p).fork(), pathsFact.Of(p).fork(), idsFact.Of(p))
	}
}

// firstHopRange locates a finding whose dependency path starts at s: s's
// depends_on block for the path's first hop, or nil.
func firstHopRange(s *model.Service, path []string) *Range {
	if len(path) < 2 {
		return nil
	}
	for _, d := range s.DependsOn {
		if d.To == path[1] {
			return RangeOf(d.DeclRange)
		}
	}
	return nil
}
