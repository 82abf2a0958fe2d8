// Package drift compares a declared model with the calls a system was seen
// to make (a Topology from Jaeger's dependencies API or the OpenTelemetry
// servicegraph connector) and returns where they disagree: calls between
// declared services that the model does not declare, declared dependencies
// on which no call was seen, and services seen that the model does not
// declare. A declared model rots as the system changes; the rules
// undeclared-dependency, unobserved-dependency and undeclared-service
// (package analyze) report what Compare finds.
//
// The comparison is by ID: observed names are made IDs by the importer as
// `blast import` makes them, so an import and a drift report agree.
package drift

import (
	"slices"
	"sort"

	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/topology"
)

// Options tune the comparison.
type Options struct {
	// MinCalls is the fewest calls an observed dependency needs to count
	// (--min-calls; at least 1): rarer calls count as unseen.
	MinCalls int64
}

// Result is what Compare finds, each list in the model's or ID order.
type Result struct {
	MinCalls int64
	// Undeclared are counted calls between declared services that the
	// model does not declare, by caller and callee.
	Undeclared []Call
	// Unobserved are declared dependencies without a counted call, in the
	// order of the model's services and their depends_on blocks.
	Unobserved []Unobserved
	// Services are the services seen in counted calls that the model does
	// not declare, by ID.
	Services []Seen
}

// Call is an observed dependency: From called To Calls times.
type Call struct {
	From, To string
	Calls    int64
}

// Unobserved is a declared dependency on which no counted call was seen.
type Unobserved struct {
	Dep *model.Dependency
	// Calls are the calls seen on it, under MinCalls (0: none at all).
	Calls int64
	// CallerSeen tells whether the dependent service was in any counted
	// call: if not, the observations may simply not cover it.
	CallerSeen bool
}

// Seen is an undeclared service and the counted calls to and from it.
type Seen struct {
	ID    string
	Calls int64
	// Peers are the services it called or was called by, sorted; Declared
	// those of them that the model declares.
	Peers, Declared []string
}

// Compare compares m with the observed calls obs.
func Compare(m *model.Model, obs *topology.Topology, opt Options) *Result {
	r := &Result{MinCalls: max(opt.MinCalls, 1)}
	counted := map[[2]string]bool{}
	rare := map[[2]string]int64{}
	seen := map[string]bool{}
	undeclared := map[string]*Seen{}
	peer := func(id, other string, calls int64) {
		if m.Service(id) != nil {
			return
		}
		s := undeclared[id]
		if s == nil {
			s = &Seen{ID: id}
			undeclared[id] = s
		}
		s.Calls += calls
		s.Peers = append(s.Peers, other)
		if m.Service(other) != nil {
			s.Declared = append(s.Declared, other)
		}
	}
	for _, e := range obs.Edges { // sorted by caller, then callee
		k := [2]string{e.From, e.To}
		if e.Calls < r.MinCalls {
			rare[k] = e.Calls
			continue
		}
		counted[k] = true
		seen[e.From], seen[e.To] = true, true
		from, to := m.Service(e.From), m.Service(e.To)
		if from != nil && to != nil && !declares(from, e.To) {
			r.Undeclared = append(r.Undeclared, Call{From: e.From, To: e.To, Calls: e.Calls})
		}
		peer(e.From, e.To, e.Calls)
		peer(e.To, e.From, e.Calls)
	}
	for _, s := range m.Services {
		for _, d := range s.DependsOn {
			k := [2]string{s.ID, d.To}
			if !counted[k] {
				r.Unobserved = append(r.Unobserved, Unobserved{Dep: d, Calls: rare[k], CallerSeen: seen[s.ID]})
			}
		}
	}
	for _, s := range undeclared {
		sort.Strings(s.Peers)
		sort.Strings(s.Declared)
		s.Peers, s.Declared = slices.Compact(s.Peers), slices.Compact(s.Declared)
		r.Services = append(r.Services, *s)
	}
	sort.Slice(r.Services, func(i, j int) bool { return r.Services[i].ID < r.Services[j].ID })
	return r
}

func declares(s *model.Service, id string) bool {
	for _, d := range s.DependsOn {
		if d.To == id {
			return true
		}
	}
	return false
}
