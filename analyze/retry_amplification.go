package analyze

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// retryAmplification reports chains of dependencies whose retries
// multiply: one call at the top of the chain can become the product of
// every edge's tries at its bottom, the retry storm that keeps a service
// down once it slows (Bronson et al., "Metastable Failures in Distributed
// Systems", HotOS 2021). One finding per service that receives more than
// policy.max_retry_amplification calls per call at the top, for its worst
// chain; a cycle whose tries multiply is one finding of its own.
var retryAmplification = &Analyzer{
	Name: "retry-amplification",
	Doc: `A chain of dependencies whose retries multiply.

Every edge on the chain retries its calls, so one call at the top can become
the product of their tries at the bottom: when the bottom service slows down,
the callers' retries multiply its load and keep it down after the trigger is
gone (a metastable failure).`,
	Help:     "Retry at one layer only, cap retries with a retry budget, or give the upper layers timeouts longer than the lower layers' retries take.",
	Severity: Warning,
	// A finding is about the service that receives the calls (a cycle's:
	// its first member, which no chain finding names first); the chain
	// into it may change and the finding stays the same one.
	Identity: func(subjects []string) []string { return subjects[:min(1, len(subjects))] },
	Worse: func(base, head Finding) string {
		return fmt.Sprintf("up to %v calls per call now, through %s; it was %v", head.Data["amplification"], strings.Join(head.Path, " -> "), base.Data["amplification"])
	},
	Run: func(p *Pass) (any, error) {
		a := amplify(p.Graph)
		limit := p.Policy.MaxRetryAmplification
		for _, c := range a.cycles {
			p.Report(a.cycleFinding(c))
		}
		for v := range p.Graph.Services {
			if a.cut[v] || a.length[v] == 0 {
				continue
			}
			chain := a.chain(v)
			if prod := a.product(chain); prod > limit*(1+1e-9) {
				p.Report(a.chainFinding(v, chain, prod, limit))
			}
		}
		return nil, nil
	},
}

// amplification holds, for every service, the chain of calls into it with
// the largest product of tries (ties: the shorter chain, then the
// lexically smaller). It is computed on the condensation of the graph
// (Tarjan's strongly connected components) as a longest path in a DAG, in
// log space: O(V + E) plus O(log depth) per tie, never enumerating paths.
// A component with an edge that retries holds a cycle whose product grows
// with every round; it is reported once, and chains do not pass through it.
type amplification struct {
	g      *graph.Graph
	factor []float64 // per edge: model.Dependency.Factor
	cut    []bool    // per node: in a component whose cycles amplify
	cycles [][]int   // per amplifying component: its edges, one cycle closed

	// The best chain into each node: its log product, length in edges,
	// the previous node and the edge from it (-1 for the chain of the node
	// alone, product 1).
	logp   []float64
	length []int32
	parent []int32
	via    []int32
	// anc[k][v] is v's 2^k-th ancestor on its chain, for comparing two
	// chains of equal length in O(log length): binary lifting (Bender &
	// Farach-Colton, "The LCA Problem Revisited", LATIN 2000).
	anc [][]int32
}

// logEps is how close two log products are to count as equal: products of
// the same tries in another order differ in the last bits.
const logEps = 1e-9

func amplify(g *graph.Graph) *amplification {
	n := g.Len()
	a := &amplification{g: g, factor: make([]float64, len(g.Edges)), cut: make([]bool, n),
		logp: make([]float64, n), length: make([]int32, n), parent: make([]int32, n), via: make([]int32, n)}
	for k, e := range g.Edges {
		a.factor[k] = e.Dep.Factor()
	}
	for v := range n {
		a.parent[v], a.via[v] = -1, -1
	}
	a.anc = [][]int32{a.parent}
	of, comps := g.Components()
	for ci := len(comps) - 1; ci >= 0; ci-- { // callers first
		members := comps[ci]
		if k := a.amplifyingEdge(members, of, ci); k >= 0 {
			for _, v := range members {
				a.cut[v] = true
			}
			a.cycles = append(a.cycles, a.cycleThrough(k, of, ci))
			continue
		}
		a.settle(members, of, ci)
	}
	return a
}

// amplifyingEdge returns the edge inside component ci with the largest
// factor above 1 (ties: the first), or -1. Every edge inside a strongly
// connected component lies on a cycle, so such an edge makes the
// component's calls grow with every round.
func (a *amplification) amplifyingEdge(members []int, of []int, ci int) int {
	best := -1
	for _, v := range members {
		for _, k := range a.g.Out(v) {
			if of[a.g.Edges[k].To] == ci && a.factor[k] > 1 && (best < 0 || a.factor[k] > a.factor[best]) {
				best = k
			}
		}
	}
	return best
}

// cycleThrough closes edge k (u -> w) into a cycle with a shortest path
// from w back to u inside component ci (breadth-first, in edge order),
// and returns the cycle's edges from k on.
func (a *amplification) cycleThrough(k int, of []int, ci int) []int {
	u, w := a.g.Edges[k].From, a.g.Edges[k].To
	if u == w {
		return []int{k}
	}
	via := map[int]int{w: -1}
	queue := []int{w}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, j := range a.g.Out(x) {
			y := a.g.Edges[j].To
			if _, seen := via[y]; seen || of[y] != ci {
				continue
			}
			via[y] = j
			if y == u {
				var back []int
				for z := u; z != w; z = a.g.Edges[via[z]].From {
					back = append(back, via[z])
				}
				slices.Reverse(back)
				return append([]int{k}, back...)
			}
			queue = append(queue, y)
		}
	}
	return []int{k} // unreachable: u and w are strongly connected
}

// candidate is a chain into a node: its log product, length and last edge.
type candidate struct {
	logp   float64
	length int32
	from   int32 // previous node
	via    int32 // edge from it
}

// better reports whether chain x (into some node) beats chain y (into the
// same node): a larger product, else a shorter chain, else the lexically
// smaller sequence of IDs.
func (a *amplification) better(x, y candidate) bool {
	if d := x.logp - y.logp; math.Abs(d) > logEps*max(1, math.Abs(x.logp)) {
		return d > 0
	}
	if x.length != y.length {
		return x.length < y.length
	}
	if x.from == y.from {
		return x.via < y.via
	}
	return a.lexLess(int(x.from), int(y.from))
}

// lexLess reports whether the chain into u is lexically smaller than the
// chain into v, both of the same length. Chains form a forest (each node
// keeps one parent), so they agree above the deepest common ancestor and
// first differ just below it, at nodes found by jumping both up in powers
// of two. Nodes are numbered in ID order, so comparing nodes compares IDs.
func (a *amplification) lexLess(u, v int) bool {
	x, y := int32(u), int32(v)
	d := a.length[u]
	for k := len(a.anc) - 1; k >= 0; k-- {
		if int32(1)<<k <= d && a.anc[k][x] != a.anc[k][y] {
			x, y = a.anc[k][x], a.anc[k][y]
			d -= int32(1) << k
		}
	}
	return x < y
}

// settle gives every member of a component without amplifying cycles its
// best chain. Chains enter through edges from settled callers outside the
// component; inside it every edge counts 1, so the product is the best
// entry's and the chain continues breadth-first, shortest first, ties to
// the lexically smaller (a bucketed Dijkstra with unit weights).
func (a *amplification) settle(members []int, of []int, ci int) {
	best := make(map[int]candidate, len(members))
	top := math.Inf(-1)
	for _, w := range members {
		for _, k := range a.g.In(w) {
			u := a.g.Edges[k].From
			if of[u] == ci || a.cut[u] {
				continue
			}
			c := candidate{logp: a.logp[u] + math.Log(a.factor[k]), length: a.length[u] + 1, from: int32(u), via: int32(k)}
			if old, ok := best[w]; !ok || a.better(c, old) {
				best[w] = c
			}
		}
		if c, ok := best[w]; ok {
			top = max(top, c.logp)
		}
	}
	if len(members) == 1 {
		if c, ok := best[members[0]]; ok && c.logp > logEps {
			a.finish(members[0], c)
		}
		return
	}
	if !(top > logEps) {
		return // every chain has product 1: each member's best is itself
	}
	// Only entries with the top product matter; the component's
	// internal edges then carry it on, one edge longer each.
	buckets := map[int32][]int{}
	var lengths []int32
	for w, c := range best {
		if math.Abs(c.logp-top) > logEps*max(1, math.Abs(top)) {
			delete(best, w)
			continue
		}
		if _, ok := buckets[c.length]; !ok {
			lengths = append(lengths, c.length)
		}
		buckets[c.length] = append(buckets[c.length], w)
	}
	done := make(map[int]bool, len(members))
	for len(lengths) > 0 {
		slices.Sort(lengths)
		l := lengths[0]
		lengths = lengths[1:]
		var level []int
		for _, x := range buckets[l] {
			if !done[x] && best[x].length == l {
				done[x] = true
				level = append(level, x)
			}
		}
		delete(buckets, l)
		slices.Sort(level) // settle in node order: deterministic
		for _, x := range level {
			a.finish(x, best[x])
		}
		for _, x := range level {
			for _, k := range a.g.Out(x) {
				y := a.g.Edges[k].To
				if of[y] != ci || done[y] {
					continue
				}
				c := candidate{logp: a.logp[x], length: l + 1, from: int32(x), via: int32(k)}
				if old, ok := best[y]; !ok || a.better(c, old) {
					if _, ok := buckets[l+1]; !ok {
						lengths = append(lengths, l+1)
					}
					best[y] = c
					buckets[l+1] = append(buckets[l+1], y)
				}
			}
		}
	}
}

// finish records v's best chain and extends the lifting table.
func (a *amplification) finish(v int, c candidate) {
	a.logp[v], a.length[v], a.parent[v], a.via[v] = c.logp, c.length, c.from, c.via
	for k := 1; int32(1)<<k <= c.length; k++ {
		if k == len(a.anc) {
			level := make([]int32, len(a.parent))
			for i := range level {
				level[i] = -1
			}
			a.anc = append(a.anc, level)
		}
		a.anc[k][v] = a.anc[k-1][a.anc[k-1][v]]
	}
}

// chain returns the edges of v's best chain, top first.
func (a *amplification) chain(v int) []int {
	var edges []int
	for x := v; a.via[x] >= 0; x = int(a.parent[x]) {
		edges = append(edges, int(a.via[x]))
	}
	slices.Reverse(edges)
	return edges
}

// product multiplies the factors of edges, exactly for whole tries.
func (a *amplification) product(edges []int) float64 {
	p := 1.0
	for _, k := range edges {
		p *= a.factor[k]
	}
	return p
}

// nodes lists the services of a chain of edges, top first.
func (a *amplification) nodes(edges []int) []string {
	out := []string{a.g.ID(a.g.Edges[edges[0]].From)}
	for _, k := range edges {
		out = append(out, a.g.ID(a.g.Edges[k].To))
	}
	return out
}

// tries says what one edge does to a call: "3 tries of orders".
func (a *amplification) tries(k int) string {
	d := a.g.Edges[k].Dep
	if d.Retry != nil && d.Retry.HasBudget && a.factor[k] < float64(d.Retry.Attempts) {
		return fmt.Sprintf("%s tries of %s (a %s retry budget)", words.Num(a.factor[k]), d.To, words.Num(d.Retry.Budget))
	}
	return fmt.Sprintf("%s tries of %s", words.Num(a.factor[k]), d.To)
}

// retryRange points at the retry block of the last edge of a chain that
// retries: the nearest multiplier to the service that takes the calls.
func (a *amplification) retryRange(edges []int) *Range {
	for i := len(edges) - 1; i >= 0; i-- {
		if d := a.g.Edges[edges[i]].Dep; a.factor[edges[i]] > 1 && d.Retry != nil {
			if r := RangeOf(d.Retry.DeclRange); r != nil {
				return r
			}
			return RangeOf(d.DeclRange)
		}
	}
	return RangeOf(a.g.Edges[edges[len(edges)-1]].Dep.DeclRange)
}

func (a *amplification) chainFinding(v int, edges []int, prod, limit float64) Finding {
	path := a.nodes(edges)
	var parts []string
	for _, k := range edges {
		if a.factor[k] > 1 {
			parts = append(parts, a.tries(k))
		}
	}
	msg := fmt.Sprintf("%s receives up to %s calls for each call %s makes: %s multiply, more than max_retry_amplification (%s)",
		path[len(path)-1], words.Num(prod), path[0], words.And(parts), words.Num(limit))
	if hint := a.timeoutHint(edges); hint != "" {
		msg += "; " + hint
	}
	sev := Warning
	if a.g.Services[v].Criticality == model.Critical {
		sev = Error
	}
	others := slices.Clone(path[:len(path)-1])
	slices.Sort(others)
	return Finding{
		Severity: sev,
		Message:  msg,
		Subjects: append([]string{path[len(path)-1]}, slices.Compact(others)...),
		Path:     path,
		Range:    a.retryRange(edges),
		Data:     map[string]any{"amplification": round2(prod)},
	}
}

// timeoutHint explains the first pair of edges on a chain where the upper
// one gives up before the lower one's tries are done: the upper retries
// then pile on calls the lower one is still retrying.
func (a *amplification) timeoutHint(edges []int) string {
	for i := 0; i+1 < len(edges); i++ {
		up, down := a.g.Edges[edges[i]].Dep, a.g.Edges[edges[i+1]].Dep
		if up.Timeout <= 0 || down.Timeout <= 0 || down.Retry == nil || down.Retry.Attempts < 2 {
			continue
		}
		worst := time.Duration(down.Retry.Attempts) * down.Timeout
		for n := 1; n < down.Retry.Attempts; n++ {
			worst += down.Retry.Wait(n)
		}
		if up.Timeout < worst {
			return fmt.Sprintf("%s gives up on %s after %s, before %s's %d tries of %s (up to %s) are done",
				up.From, up.To, shortDuration(up.Timeout), down.From, down.Retry.Attempts, down.To, shortDuration(worst))
		}
	}
	return ""
}

// shortDuration writes a timeout as people set it: "250ms", "1.5s", "2m".
func shortDuration(d time.Duration) string {
	if d < time.Minute {
		return d.String()
	}
	return model.FormatDuration(d)
}

func (a *amplification) cycleFinding(edges []int) Finding {
	var members []int
	for _, k := range edges {
		members = append(members, a.g.Edges[k].From)
	}
	slices.Sort(members)
	subjects := ids(a.g, slices.Compact(members))
	path := a.nodes(edges)
	prod := a.product(edges)
	sev := Warning
	for _, s := range subjects {
		if svc := a.g.Model.Service(s); svc != nil && svc.Criticality == model.Critical {
			sev = Error
		}
	}
	msg := fmt.Sprintf("%s call each other in a cycle that retries: every round multiplies the calls by %s, so they grow with every round",
		words.And(subjects), words.Num(prod))
	if len(subjects) == 1 {
		msg = fmt.Sprintf("%s calls itself with retries: every round multiplies the calls by %s, so they grow with every round", subjects[0], words.Num(prod))
	}
	return Finding{
		Severity: sev,
		Message:  msg,
		Subjects: subjects,
		Path:     path,
		Range:    a.retryRange(edges[:1]),
		Data:     map[string]any{"amplification": round2(prod), "cycle": true},
	}
}

// round2 rounds to two decimals, as the contract gives data.amplification.
func round2(x float64) float64 {
	if math.IsInf(x, 0) || math.Abs(x) > 1e15 {
		return x
	}
	return math.Round(x*100) / 100
}
