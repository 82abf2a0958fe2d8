package analyze

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// singlePointOfFailure reports every service whose failure alone takes out
// at least one critical service, redundancy groups taken into account: one
// finding per cause, whose subjects are the cause and every critical
// service it takes out (the contract's shape, so that an ignore of
// ["facility", "control-plane"] matches exactly when the facility is a
// single point of failure of the control plane, however many services lie
// between them).
//
// The message stays short on large models by leading with the nearest
// victims (nearestVictims): when db takes out api, which takes out
// checkout, it says "api, and checkout through api".
var singlePointOfFailure = &Analyzer{
	Name: "single-point-of-failure",
	Doc: `A service whose failure alone takes a critical service down.

The failure of this one service causes an outage of one or more critical
services, after redundancy groups are taken into account. In the Kinesis
outage of 2020-11-25 the monolithic front-end fleet was such a service for
CloudWatch, Cognito and Lambda.`,
	Help:     "Add a tested alternative in a redundancy group, cellularise the dependency, or make the edge degrade instead of failing.",
	Severity: Error,
	Requires: failureFacts,
	// The cause identifies a finding: the critical services it takes out
	// are what the finding says about it, and a change that adds one makes
	// the same finding worse, not another one.
	Identity: func(subjects []string) []string { return subjects[:min(1, len(subjects))] },
	Worse:    spofWorse,
	Run: explainFailure(func(p *Pass, g *graph.Graph, fate *fateRelation, paths *pathFinder, table []string) (any, error) {
		critical := make([]bool, g.Len())
		for v, s := range g.Services {
			critical[v] = s.Criticality == model.Critical
		}
		nv := newNearestVictims(fate, g.Len(), critical)
		type cause struct {
			u        int
			critical []int32 // every critical service u takes out, ascending
			nearest  []int   // those not taken out through another of them, ascending
			message  string
			victim   int // the nearest victim the path starts at
			path     []string
		}
		var causes []*cause
		for u := range g.Services {
			if crit, nearest, via := nv.of(u); len(crit) > 0 {
				msg := spofMessage(g.ID, u, crit, nearest, via, len(fate.Victims[u]))
				causes = append(causes, &cause{u: u, critical: crit, nearest: nearest, message: msg, victim: nearest[0]})
			}
		}
		// The path leads to the nearest victim with the shortest chain of
		// hard dependencies down to the cause through services the cause
		// takes out: the mechanism (control-plane -> queue -> facility, not
		// the redundancy group the facility is one member of). Ties go to
		// the lower ID.
		//
		// Where a redundancy group is the mechanism (alternatives that
		// share the cause) there is no such chain, and the path is the
		// shortest chain of dependencies that pass an outage. nearestOf[v]
		// lists those causes of which v is a nearest victim, so that the
		// paths are searched from each victim in turn: the path finder
		// resumes one search per source (see pathFinder).
		nearestOf := make([][]*cause, g.Len())
		for _, c := range causes {
			if chain, v := nv.chain(g, c.u, c.nearest); chain != nil {
				c.path, c.victim = chain, v
				continue
			}
			for _, v := range c.nearest {
				nearestOf[v] = append(nearestOf[v], c)
			}
		}
		for v := range g.Services { // ascending: a tie keeps the lower ID
			for _, c := range nearestOf[v] {
				if path := paths.path(v, c.u, model.ImpactOutage); path != nil && (c.path == nil || len(path) < len(c.path)) {
					c.path, c.victim = path, v
				}
			}
		}
		for _, c := range causes {
			s := g.Services[c.u]
			subjects := make([]string, 1, 1+len(c.critical))
			subjects[0] = s.ID
			for _, v := range c.critical { // ascending nodes: sorted IDs
				subjects = append(subjects, table[v])
			}
			victim := g.Services[c.victim]
			outage := len(fate.Victims[c.u])
			p.Report(Finding{
				Severity: Error,
				Message:  c.message,
				Subjects: subjects,
				Path:     c.path,
				// Where a reviewer acts: the dependency of the nearest
				// victim on the first service of its chain down to the
				// cause, where an alternative or a softer edge goes.
				Range: cmp.Or(firstHopRange(victim, c.path), RangeOf(victim.DeclRange)),
				Data: map[string]any{
					"critical": len(c.critical),
					"outage":   outage,
					"nearest":  namesOf(table, c.nearest),
				},
			})
		}
		return nil, nil
	}),
}

// maxNamed is how many services a single-point-of-failure message names in
// each of its lists before it counts the rest.
const maxNamed = 6

// spofMessage says what a failure of u alone takes out: "db is a single
// point of failure of 2 critical services: api, and checkout through api;
// its failure alone takes out 3 services in all", or with one critical
// victim "db is a single point of failure of api (critical)".
func spofMessage(id func(int) string, u int, critical []int32, nearest []int, via []int32, outage int) string {
	var b strings.Builder
	if len(critical) == 1 {
		fmt.Fprintf(&b, "%s is a single point of failure of %s (critical)", id(u), id(int(critical[0])))
	} else {
		fmt.Fprintf(&b, "%s is a single point of failure of %s: %s",
			id(u), words.Count(len(critical), "critical service"), namedOf(len(nearest), func(i int) string { return id(nearest[i]) }))
	}
	if len(critical) > len(nearest) {
		b.WriteString(", and " + throughWords(id, critical, via))
	}
	if outage > len(critical) {
		fmt.Fprintf(&b, "; its failure alone takes out %s in all", words.Count(outage, "service"))
	}
	return b.String()
}

// throughWords names the critical services taken out through a nearest
// victim, grouped by it in the order of the nearest victims: "checkout
// through api, billing and ledger through payments"; past maxNamed names,
// "12 more through api" (or "through them" when several nearest victims
// lead to them). It names only what it writes: a cause may take out
// thousands.
func throughWords(id func(int) string, critical, via []int32) string {
	type through struct{ via, victim int }
	var listed []through // the first maxNamed+1, in critical's order
	n, firstVia, oneVia := 0, -1, true
	for i, w := range via {
		if w < 0 {
			continue
		}
		n++
		if firstVia < 0 {
			firstVia = int(w)
		}
		oneVia = oneVia && int(w) == firstVia
		if len(listed) <= maxNamed {
			listed = append(listed, through{int(w), int(critical[i])})
		}
	}
	if n > maxNamed {
		them := "them"
		if oneVia {
			them = id(firstVia)
		}
		return fmt.Sprintf("%s more through %s", words.Int(n), them)
	}
	// Nodes are numbered in ID order and the nearest victims are
	// ascending, so ordering by via is ordering by nearest victim; the
	// sort is stable, so each group keeps critical's order.
	slices.SortStableFunc(listed, func(a, b through) int { return a.via - b.via })
	var groups []string
	for i := 0; i < len(listed); {
		j := i
		var names []string
		for ; j < len(listed) && listed[j].via == listed[i].via; j++ {
			names = append(names, id(listed[j].victim))
		}
		groups = append(groups, words.And(names)+" through "+id(listed[i].via))
		i = j
	}
	return strings.Join(groups, ", ")
}

// named lists at most maxNamed names and counts the rest: "a, b and 3 more".
func named(names []string) string { return namedOf(len(names), func(i int) string { return names[i] }) }

// namedOf is named for n names given by index, looking up only those it
// lists.
func namedOf(n int, name func(i int) string) string { return words.AndFirst(n, maxNamed, name) }

// namedOr is named with "or": "a, b or 3 more".
func namedOr(names []string) string {
	return words.OrFirst(len(names), maxNamed, func(i int) string { return names[i] })
}

// spofWorse says what made a single point of failure worse: the critical
// services it takes out now and did not before ("db is now also a single
// point of failure of checkout"), and those it no longer takes out.
func spofWorse(base, head Finding) string {
	if len(head.Subjects) == 0 {
		return ""
	}
	added, removed := subjectChange(base.Subjects[min(1, len(base.Subjects)):], head.Subjects[1:])
	if len(added) == 0 {
		return ""
	}
	msg := fmt.Sprintf("%s is now also a single point of failure of %s", head.Subjects[0], named(added))
	if len(removed) > 0 {
		msg += fmt.Sprintf(" (no longer of %s)", named(removed))
	}
	return msg
}

// nearestVictims finds, for a cause u, the critical services it takes out
// and the nearest of them: those that no other critical victim of u takes
// out (unless they take each other out: members of one cycle are each as
// near as the other). It is fateRelation.Immediate seen from the other
// side: Immediate keeps the causes of one victim nearest to it, this keeps
// the victims of one cause nearest to it.
//
// "Takes out" is transitive (a failure that takes w out takes out what
// w's failure takes out: propagation is monotone). So a critical victim v
// of u is not nearest exactly when u takes out one of above(v), the
// critical services nearest to v among those that take v out and that v
// does not take out (Immediate of that set): if u takes out some such w,
// it takes out the one of above(v) that w leads to. above(v) is short and
// depends on v alone, so it is computed once, and testing a victim costs a
// few marks instead of a scan of its causes. And every victim that is not
// nearest is taken out by a nearest one, its via, found by following
// above() up from it.
//
// Critical services that take each other out (members of one cycle) have
// one above(): what takes one of them out and not the other takes out
// both. They share it as a class, computed once, and a cause tests it
// once for all of them: on a giant cycle, one test for a thousand victims.
type nearestVictims struct {
	fate *fateRelation
	// victims[u] lists the critical services that u takes out, ascending:
	// victimsAt[victimsStart[u]:victimsStart[u+1]], inverted from the
	// critical services' single points of failure (a fraction of all
	// pairs, where scanning fate.Victims would read every pair).
	victimsStart []int32
	victimsAt    []int32
	above        [][]int32 // above[v] for a critical v, shared by its class
	class        []int32   // class[v]: v's class of critical services that take each other out
	// mark[v] == gen: v is a critical victim of the current cause;
	// near[v] == gen: v is one of its nearest, and via[v] (when
	// viaGen[v] == gen) the nearest one through which it is taken out.
	// upGen[c] == gen: up[c] is upOf's answer for class c.
	mark, near, viaGen, upGen []uint32
	via, up                   []int32
	gen                       uint32
	viaScratch                []int32 // of's via
	// chain's marks, of its own generation: target[v] == chainGen: v is a
	// nearest victim of the cause; seen[v] == chainGen: the search up from
	// the cause has reached v, dist[v] steps from it; down[v] == chainGen:
	// the search down from the victim has reached v, from prev[v].
	target, seen, down []uint32
	dist, prev         []int32
	queue              []int32
	chainGen           uint32
}

func newNearestVictims(fate *fateRelation, n int, critical []bool) *nearestVictims {
	nv := &nearestVictims{fate: fate, above: make([][]int32, n), class: make([]int32, n), victimsStart: make([]int32, n+1),
		mark: make([]uint32, n), near: make([]uint32, n), viaGen: make([]uint32, n), via: make([]int32, n)}
	spofs := make([][]int32, n)
	var strict []int
	classes := int32(0)
	for v := 0; v < n; v++ {
		if !critical[v] {
			continue
		}
		spofs[v] = fate.Impact.SPOFs32(v)
		strict = strict[:0]
		mutual := -1 // the lowest critical service that takes v out and that v takes out
		for _, w := range spofs[v] {
			nv.victimsStart[w+1]++
			// above(v): the critical services nearest to v among those
			// whose failure alone takes v out and that v does not take out.
			if !critical[w] {
				continue
			}
			if !fate.IsSPOF(v, int(w)) {
				strict = append(strict, int(w))
			} else if mutual < 0 {
				mutual = int(w)
			}
		}
		if mutual >= 0 && mutual < v { // its class is made: v joins it
			nv.above[v], nv.class[v] = nv.above[mutual], nv.class[mutual]
			continue
		}
		for _, w := range fate.Immediate(strict) {
			nv.above[v] = append(nv.above[v], int32(w))
		}
		nv.class[v] = classes
		classes++
	}
	nv.upGen, nv.up = make([]uint32, classes), make([]int32, classes)
	for u := 0; u < n; u++ {
		nv.victimsStart[u+1] += nv.victimsStart[u]
	}
	nv.victimsAt = make([]int32, nv.victimsStart[n])
	next := slices.Clone(nv.victimsStart[:n])
	for v, ws := range spofs { // ascending v: each list comes out ascending
		for _, w := range ws {
			nv.victimsAt[next[w]] = int32(v)
			next[w]++
		}
	}
	return nv
}

// nextGen starts a new generation of marks.
func (nv *nearestVictims) nextGen() { nextGeneration(&nv.gen, nv.mark, nv.near, nv.viaGen, nv.upGen) }

// of returns u's critical victims (ascending), the nearest of them
// (ascending), and for each critical victim the nearest one through which
// u takes it out (-1 for a nearest victim itself). critical is shared and
// via is scratch space, valid until the next call: callers must not modify
// either.
func (nv *nearestVictims) of(u int) (critical []int32, nearest []int, via []int32) {
	critical = nv.victimsAt[nv.victimsStart[u]:nv.victimsStart[u+1]:nv.victimsStart[u+1]]
	if len(critical) == 0 {
		return nil, nil, nil
	}
	nv.nextGen()
	for _, v := range critical {
		nv.mark[v] = nv.gen
	}
	for _, v := range critical {
		if nv.upOf(int(v)) < 0 {
			nearest = append(nearest, int(v))
			nv.near[v] = nv.gen
		}
	}
	via = slices.Grow(nv.viaScratch[:0], len(critical))[:len(critical)]
	for i, v := range critical {
		via[i] = -1
		if nv.near[v] != nv.gen {
			via[i] = int32(nv.viaOf(int(v)))
		}
	}
	nv.viaScratch = via
	return critical, nearest, via
}

// upOf returns the first of above(v) that the current cause takes out, or
// -1: once per class and cause.
func (nv *nearestVictims) upOf(v int) int {
	c := nv.class[v]
	if nv.upGen[c] == nv.gen {
		return int(nv.up[c])
	}
	up := int32(-1)
	for _, w := range nv.above[v] {
		if nv.mark[w] == nv.gen {
			up = w
			break
		}
	}
	nv.upGen[c], nv.up[c] = nv.gen, up
	return int(up)
}

// viaOf returns the nearest victim of the current cause through which it
// takes out v, which is not nearest: up above() to the first nearest one.
// The walk ends, since each step goes to a service that takes out the one
// before and is not taken out by it.
func (nv *nearestVictims) viaOf(v int) int {
	if nv.viaGen[v] == nv.gen {
		return int(nv.via[v])
	}
	w := nv.upOf(v)
	if nv.near[w] != nv.gen {
		w = nv.viaOf(w)
	}
	nv.viaGen[v], nv.via[v] = nv.gen, int32(w)
	return w
}

// chain returns the nearest victim of u with the shortest chain of hard
// dependencies (graph.HardEdge) down to u through services that u takes
// out, the lowest ID on a tie, and that chain as service IDs: the one a
// breadth-first search (Moore 1959) from the victim in edge order finds
// first. It returns nil and -1 when no nearest victim has such a chain.
//
// One search per cause, not one per nearest victim: a breadth-first search
// up the hard dependents of u, through u's victims, gives every service's
// distance down to u, level by level, and stops after the first level that
// holds a nearest victim (the lowest of them is the victim). Then a search
// down from the victim in edge order, as the per-victim search did, but
// only through services one step nearer to u at each step: those are the
// services on its shortest chains, the search meets them in the same order
// as an unrestricted one (every service that could reach one first in the
// same level is itself on a shortest chain) and so finds the same chain
// (TestSPOFChains compares it with a search per victim).
func (nv *nearestVictims) chain(g *graph.Graph, u int, nearest []int) ([]string, int) {
	if nv.seen == nil {
		n := g.Len()
		nv.seen, nv.down, nv.target = make([]uint32, n), make([]uint32, n), make([]uint32, n)
		nv.prev, nv.dist = make([]int32, n), make([]int32, n)
	}
	gen := nextGeneration(&nv.chainGen, nv.seen, nv.down, nv.target)
	for _, v := range nearest {
		nv.target[v] = gen
	}
	nv.seen[u], nv.dist[u] = gen, 0
	queue := append(nv.queue[:0], int32(u))
	victim := -1
	for head := 0; head < len(queue) && victim < 0; {
		for end := len(queue); head < end; head++ { // one level
			x := int(queue[head])
			for _, k := range g.In(x) {
				y := g.Edges[k].From
				if nv.seen[y] == gen || !g.HardEdge(k) || !nv.fate.IsSPOF(u, y) {
					continue
				}
				nv.seen[y], nv.dist[y] = gen, nv.dist[x]+1
				queue = append(queue, int32(y))
				if nv.target[y] == gen && (victim < 0 || y < victim) {
					victim = y
				}
			}
		}
	}
	if victim < 0 {
		nv.queue = queue
		return nil, -1
	}
	// Down from the victim: every level before the victim's is complete,
	// so dist is exact wherever it is one less than the step before.
	nv.down[victim], nv.prev[victim] = gen, -1
	queue = append(queue[:0], int32(victim))
	for head := 0; nv.down[u] != gen; head++ {
		x := int(queue[head])
		for _, k := range g.Out(x) {
			y := g.Edges[k].To
			if nv.down[y] == gen || nv.seen[y] != gen || nv.dist[y] != nv.dist[x]-1 || !g.HardEdge(k) {
				continue
			}
			nv.down[y], nv.prev[y] = gen, int32(x)
			if y == u {
				break
			}
			queue = append(queue, int32(y))
		}
	}
	nv.queue = queue
	path := make([]string, nv.dist[victim]+1)
	for y, i := int32(u), len(path)-1; y != -1; y, i = nv.prev[y], i-1 {
		path[i] = g.ID(int(y))
	}
	return path, victim
}
