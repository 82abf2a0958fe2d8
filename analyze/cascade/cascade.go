package cascade

import (
	"fmt"
	"sort"
	"time"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Entry is one state reached by one service: the contract's timeline entry.
type Entry struct {
	Service string
	State   model.Impact // degraded or outage
	// At is when the state is reached, after the failures.
	At time.Duration
	// Path is the causal chain, the failed service first and Service last.
	Path      []string
	Mechanism Mechanism
}

// Mechanism is how an entry's state was reached, as data: the views word
// it ("buffer on cloudwatch full after 1h").
type Mechanism struct {
	Kind graph.Mechanism // failed, dependency, buffer or group
	// Via is the dependency that delivered the state: for a group, the
	// member lost last; "" for a failed service.
	Via string
	// Group names the redundancy group whose last alternative was lost.
	Group string
	// FillsIn is the buffer's fill time when the state came through a
	// full buffer, else 0.
	FillsIn time.Duration
	// After is the delay declared on the dependency that delivered it.
	After time.Duration
}

// Report is the timed cascade of a set of failures: `blast cascade`.
type Report struct {
	Failed []string
	// Timeline holds every impaired service (the failed ones included, at
	// 0s) sorted by time, then ID, then degraded before outage; a service
	// degraded first and out later appears once for each state.
	Timeline []Entry
	// HangingOn lists the services that stay out of outage only because
	// part of a redundancy group survives: the alternatives they now rely on.
	HangingOn []Survivor
}

// Survivor is a service kept up by what is left of one redundancy group.
type Survivor struct {
	Service string
	Group   string
	Lost    []string // the members that failed
	Through []string // the members it still has
	// Untested lists the remaining members nobody has exercised (tested = false).
	Untested []string
}

// MaxPathNames bounds the service names in a cascade's paths (Entry.Path
// of every entry): 2^25, half a GiB of names. A failure at the bottom of a
// chain of N services has paths of 1 to N names, N^2/2 in all, so a chain
// of about 8,000 services reaches it; its report would run to gigabytes.
const MaxPathNames = 1 << 25

// TooLongError is Run's refusal of a cascade whose paths exceed
// MaxPathNames, found before any path is built.
type TooLongError struct {
	Names  int64 // the names the paths would hold
	Budget int64
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("the cascade's causal paths would name %d services in all (each entry lists its chain from the failure), more than the %d blast writes: "+
		"the failure sits under a long chain of hard dependencies (see docs/scale.md)", e.Names, e.Budget)
}

// Run computes the timed cascade (graph.Graph.Cascade) of the services
// failed together at t=0, given as node indices (duplicates and indices out
// of range are ignored). It returns a *TooLongError when the paths would
// exceed MaxPathNames.
func Run(g *graph.Graph, failed []int) (*Report, error) {
	tl := g.Cascade(failed)
	entry := func(v int, lvl model.Impact) bool {
		at, _ := tl.At(v, lvl)
		// A service straight to outage is not degraded first.
		return at != graph.Never && !(lvl == model.ImpactDegraded && tl.Outage[v] == at)
	}
	depth := pathLengths(g, tl)
	var names int64
	for v := 0; v < g.Len(); v++ {
		for l, lvl := range []model.Impact{model.ImpactDegraded, model.ImpactOutage} {
			if entry(v, lvl) {
				names += int64(depth[l][v])
			}
		}
	}
	if names > MaxPathNames {
		return nil, &TooLongError{Names: names, Budget: MaxPathNames}
	}
	idx := append([]int(nil), tl.Failed...)
	sort.Ints(idx)
	r := &Report{Failed: ids(g, idx), Timeline: []Entry{}}
	for v := 0; v < g.Len(); v++ {
		for _, lvl := range []model.Impact{model.ImpactDegraded, model.ImpactOutage} {
			if !entry(v, lvl) {
				continue
			}
			at, c := tl.At(v, lvl)
			r.Timeline = append(r.Timeline, Entry{
				Service:   g.ID(v),
				State:     lvl,
				At:        at,
				Path:      ids(g, tl.Path(v, lvl)),
				Mechanism: mechanism(g, c),
			})
		}
	}
	sort.SliceStable(r.Timeline, func(i, j int) bool {
		a, b := r.Timeline[i], r.Timeline[j]
		if a.At != b.At {
			return a.At < b.At
		}
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		return a.State < b.State
	})
	r.HangingOn = HangingOn(g, tl)
	return r, nil
}

// pathLengths returns the length of every reached state's causal path
// (graph.Timeline.Path), by level (0 degraded, 1 outage), without building
// the paths: each state's is one more than its cause's, memoized.
func pathLengths(g *graph.Graph, tl *graph.Timeline) [2][]int32 {
	n := g.Len()
	depth := [2][]int32{make([]int32, n), make([]int32, n)}
	type state struct{ v, l int }
	var stack []state
	for v := range n {
		for l, lvl := range []model.Impact{model.ImpactDegraded, model.ImpactOutage} {
			if at, _ := tl.At(v, lvl); at == graph.Never || depth[l][v] != 0 {
				continue
			}
			x, xl, base := v, l, int32(0)
			for {
				if d := depth[xl][x]; d != 0 {
					base = d
					break
				}
				stack = append(stack, state{x, xl})
				_, c := tl.At(x, model.Impact(xl+1))
				if c.Mechanism == graph.MechFailed {
					break
				}
				x, xl = g.Edges[c.Edge].To, int(c.Level)-1
			}
			for i := len(stack) - 1; i >= 0; i-- {
				base++
				depth[stack[i].l][stack[i].v] = base
			}
			stack = stack[:0]
		}
	}
	return depth
}

// Dependents is the cascade of service v failing at a given time, without
// v itself: the simulator places it at the moment its fleet began failing.
func Dependents(g *graph.Graph, v int, at time.Duration) (*Report, error) {
	r, err := Run(g, []int{v})
	if err != nil {
		return nil, err
	}
	r.shift(at)
	others := r.Timeline[:0]
	for _, e := range r.Timeline {
		if e.Service != g.ID(v) {
			others = append(others, e)
		}
	}
	r.Timeline = others
	return r, nil
}

func ids(g *graph.Graph, p []int) []string {
	out := make([]string, len(p))
	for i, v := range p {
		out[i] = g.ID(v)
	}
	return out
}

// mechanism turns a graph cause into the figures the views word.
func mechanism(g *graph.Graph, c graph.Cause) Mechanism {
	m := Mechanism{Kind: c.Mechanism}
	if c.Mechanism == graph.MechFailed {
		return m
	}
	e := g.Edges[c.Edge]
	m.Via, m.After = g.ID(e.To), e.Dep.After
	if c.Buffer {
		m.FillsIn = e.Dep.Buffer.FillsIn
	}
	if c.Mechanism == graph.MechGroup {
		m.Group = g.Groups[c.Group].Name
	}
	return m
}

// HangingOn finds the services of a cascade that did not go out only
// because a redundancy group still has a member: in 2020 the status page
// kept only its backup tool, which operators had not drilled on.
func HangingOn(g *graph.Graph, tl *graph.Timeline) []Survivor {
	var out []Survivor
	for _, grp := range g.Groups {
		if tl.Outage[grp.Service] != graph.Never {
			continue
		}
		var sv Survivor
		for _, k := range grp.Edges {
			e := g.Edges[k]
			if g.OutageEdge(k) && tl.Outage[e.To] != graph.Never {
				sv.Lost = append(sv.Lost, g.ID(e.To))
				continue
			}
			sv.Through = append(sv.Through, g.ID(e.To))
			if !e.Dep.Tested {
				sv.Untested = append(sv.Untested, g.ID(e.To))
			}
		}
		if len(sv.Lost) == 0 || len(sv.Through) == 0 {
			continue
		}
		sv.Service, sv.Group = g.ID(grp.Service), grp.Name
		out = append(out, sv)
	}
	return out
}

// shift delays every entry by d: the simulator places a cascade at the time
// its fleet began failing.
func (r *Report) shift(d time.Duration) {
	for i := range r.Timeline {
		r.Timeline[i].At += d
	}
}
