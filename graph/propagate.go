package graph

import "github.com/blast-tool/blast/model"

// Eventual propagation (time -> infinity) of blast's impairment states.
//
// A service's state is the worst of what reaches it (none < degraded <
// outage). An edge passes on at most its dependency's state and at most its
// declared impact, except that a buffer whose OnFull turns (block, fail)
// makes the edge pass outage once its dependency is out: every buffer fills
// eventually. A redundancy group passes the weakest of what its members
// pass; ungrouped edges and groups combine by the maximum. The failed
// services are in outage. The result is the least fixed point of these
// monotone equations (Tarski), which is what a cold start from "everything
// healthy" reaches: cyclic dependencies do not sustain an impairment that
// nothing outside the cycle causes.

// Turns reports whether edge k passes outage once its dependency has been
// out long enough: a block/fail buffer that eventually fills.
func (g *Graph) Turns(k int) bool {
	b := g.Edges[k].Dep.Buffer
	return b != nil && b.OnFull.Turns()
}

// OutageEdge reports whether edge k eventually passes outage when its
// dependency is out: declared impact outage, or a buffer that turns.
func (g *Graph) OutageEdge(k int) bool { return g.edgeKind[k]&edgeOutage != 0 }

// Passes returns what edge k eventually passes on when its dependency is in state s.
func (g *Graph) Passes(k int, s model.Impact) model.Impact {
	d := g.Edges[k].Dep
	switch s {
	case model.ImpactOutage:
		if g.Turns(k) {
			return model.ImpactOutage
		}
		return d.Impact
	case model.ImpactDegraded:
		return min(d.Impact, model.ImpactDegraded)
	}
	return model.ImpactNone
}

// evalNode computes the state of v from the states of its dependencies.
func (g *Graph) evalNode(v int, st []model.Impact) model.Impact {
	best := model.ImpactNone
	for _, k := range g.out[v] {
		e := &g.Edges[k]
		if e.Group >= 0 {
			continue
		}
		if p := g.Passes(k, st[e.To]); p > best {
			best = p
			if best == model.ImpactOutage {
				return best
			}
		}
	}
	for _, gi := range g.groupsOf[v] {
		lvl := model.ImpactOutage
		for _, k := range g.Groups[gi].Edges {
			lvl = min(lvl, g.Passes(k, st[g.Edges[k].To]))
			if lvl == model.ImpactNone {
				break
			}
		}
		if lvl > best {
			best = lvl
		}
	}
	return best
}

// propagate returns the eventual state of every service when the services
// failed (node indices; out-of-range ones are ignored) fail together. It is a
// plain worklist fixed-point iteration: a node is re-evaluated whenever one
// of its dependencies gets worse, and states only rise, so it terminates
// after at most 2 rises per node.
func (g *Graph) propagate(failed []int) []model.Impact {
	n := len(g.Services)
	st := make([]model.Impact, n)
	work := make([]int, 0, len(failed))
	for _, f := range failed {
		if f >= 0 && f < n && st[f] != model.ImpactOutage {
			st[f] = model.ImpactOutage
			work = append(work, f)
		}
	}
	for len(work) > 0 {
		u := work[len(work)-1]
		work = work[:len(work)-1]
		for _, k := range g.in[u] {
			v := g.Edges[k].From
			if st[v] == model.ImpactOutage {
				continue
			}
			if s := g.evalNode(v, st); s > st[v] {
				st[v] = s
				work = append(work, v)
			}
		}
	}
	return st
}
