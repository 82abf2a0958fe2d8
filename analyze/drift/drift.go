// Package drift compares a declared model with the calls a system was seen
// to make (a Topology from Jaeger's dependencies API or the OpenTelemetry
// servicegraph connector) and reports where they disagree, as ordinary
// findings of three rules: a call between declared services that the model
// does not declare (undeclared-dependency), a declared dependency on which
// no call was seen (unobserved-dependency), and a service seen calling or
// being called that the model does not declare (undeclared-service). A
// declared model rots as the system changes; these findings say where.
//
// The comparison is by ID: observed names are made IDs by the importer as
// `blast import` makes them, so an import and a drift report agree.
package drift

import (
	"fmt"
	"sort"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/topology"
)

// Rule IDs of the contract.
const (
	UndeclaredDependency = "undeclared-dependency"
	UnobservedDependency = "unobserved-dependency"
	UndeclaredService    = "undeclared-service"
)

// Options tune the comparison.
type Options struct {
	// MinCalls is the fewest calls an observed dependency needs to count
	// (--min-calls, default 1): rarer calls are ignored, as if unseen.
	MinCalls int64
}

// Compare returns the drift findings of m against the observed calls obs,
// sorted in the contract's order. Each finding's data gives "calls": the
// calls observed on the dependency (for undeclared-service, to and from
// the service).
func Compare(m *model.Model, obs *topology.Topology, opt Options) []analyze.Finding {
	minCalls := max(opt.MinCalls, 1)
	observed := map[[2]string]int64{} // counted pairs and their calls
	seen := map[string]bool{}
	var all []*topology.Edge
	for _, e := range obs.Edges {
		if e.Calls < minCalls {
			continue
		}
		observed[[2]string{e.From, e.To}] = e.Calls
		seen[e.From], seen[e.To] = true, true
		all = append(all, e)
	}
	rare := map[[2]string]int64{} // seen, but under MinCalls
	for _, e := range obs.Edges {
		if e.Calls < minCalls {
			rare[[2]string{e.From, e.To}] = e.Calls
		}
	}

	var out []analyze.Finding
	// Observed calls between declared services that the model lacks.
	for _, e := range all {
		from, to := m.Service(e.From), m.Service(e.To)
		if from == nil || to == nil || declares(from, e.To) {
			continue
		}
		out = append(out, analyze.Finding{
			Rule: UndeclaredDependency, Severity: analyze.Warning,
			Message:  fmt.Sprintf("%s calls %s (%s observed), but the model declares no such dependency", e.From, e.To, words.Count(int(e.Calls), "call")),
			Subjects: []string{e.From, e.To}, Path: []string{e.From, e.To},
			Range: analyze.RangeOf(from.DeclRange),
			Data:  map[string]any{"calls": e.Calls},
		})
	}
	// Declared dependencies without a counted call.
	for _, s := range m.Services {
		for _, d := range s.DependsOn {
			if _, ok := observed[[2]string{s.ID, d.To}]; ok {
				continue
			}
			msg := fmt.Sprintf("%s depends on %s, but no call from %s to %s was observed", s.ID, d.To, s.ID, d.To)
			calls, isRare := rare[[2]string{s.ID, d.To}]
			switch {
			case isRare:
				msg = fmt.Sprintf("%s depends on %s, but only %s from %s to %s %s observed, under the minimum of %s", s.ID, d.To, words.Count(int(calls), "call"), s.ID, d.To, wasWere(calls), words.Int(int(minCalls)))
			case !seen[s.ID]:
				msg += fmt.Sprintf(" (%s itself was not seen in the observations)", s.ID)
			}
			out = append(out, analyze.Finding{
				Rule: UnobservedDependency, Severity: analyze.Info,
				Message:  msg,
				Subjects: []string{s.ID, d.To}, Path: []string{s.ID, d.To},
				Range: analyze.RangeOf(d.DeclRange),
				Data:  map[string]any{"calls": calls},
			})
		}
	}
	// Services seen but not declared.
	type traffic struct {
		calls int64
		peers map[string]bool
	}
	undeclared := map[string]*traffic{}
	note := func(id, peer string, calls int64) {
		if m.Service(id) != nil {
			return
		}
		t := undeclared[id]
		if t == nil {
			t = &traffic{peers: map[string]bool{}}
			undeclared[id] = t
		}
		t.calls += calls
		t.peers[peer] = true
	}
	for _, e := range all {
		note(e.From, e.To, e.Calls)
		note(e.To, e.From, e.Calls)
	}
	ids := make([]string, 0, len(undeclared))
	for id := range undeclared {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t := undeclared[id]
		peers := make([]string, 0, len(t.peers))
		for p := range t.peers {
			peers = append(peers, p)
		}
		sort.Strings(peers)
		shown := peers
		if len(shown) > 5 {
			shown = append(shown[:5:5], words.Count(len(peers)-5, "other"))
		}
		out = append(out, analyze.Finding{
			Rule: UndeclaredService, Severity: analyze.Warning,
			Message:  fmt.Sprintf("%s is seen in the observations (%s, with %s) but the model does not declare it", id, words.Count(int(t.calls), "call"), words.And(shown)),
			Subjects: []string{id},
			Data:     map[string]any{"calls": t.calls},
		})
	}
	analyze.SortFindings(out)
	return out
}

func declares(s *model.Service, id string) bool {
	for _, d := range s.DependsOn {
		if d.To == id {
			return true
		}
	}
	return false
}

func wasWere(n int64) string {
	if n == 1 {
		return "was"
	}
	return "were"
}
