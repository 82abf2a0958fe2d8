package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// MaxRequests bounds the requests from outside that a load scenario in
// mode "requests" simulates one by one (load x duration).
const MaxRequests = 20_000_000

// checkLoadScenario reports what keeps load scenario sc from being
// simulated: a service without fleet or capacity, no load that reaches
// it, calls that would go round a cycle forever, and a request-mode run
// too large to simulate call by call.
func (m *Model) checkLoadScenario(sc *Scenario, s *Service) hcl.Diagnostics {
	var diags hcl.Diagnostics
	errorf := func(rng hcl.Range, summary, detail string, args ...any) {
		diags = append(diags, errorDiag(rng, summary, detail, args...))
	}
	switch {
	case s.Fleet == nil:
		errorf(sc.ServiceRange, "Service has no fleet", "A load scenario disturbs a fleet's capacity, but service %q has no fleet block. Add fleet { servers = ... } and capacity { per_server = \"100/s\" } to it.", s.ID)
		return diags
	case s.Capacity == nil:
		errorf(sc.ServiceRange, "Service has no capacity", "A load scenario disturbs a service's capacity, but service %q has no capacity block. Add capacity { per_server = \"100/s\" }: the calls one server completes per second.", s.ID)
		return diags
	}
	if !m.loadReaches(s) {
		errorf(sc.ServiceRange, "No load reaches the service", "No service with a load calls %q, directly or through others, so nothing arrives to disturb. Give the service that takes requests from outside a load, such as load = \"700/s\".", s.ID)
	}
	if path, dep := m.callCycle(); dep != nil {
		errorf(dep.LabelRange, "Calls go round a cycle", "Requests follow every depends_on down from a service with load, and %s is a cycle: its calls would go round forever. The load simulation needs the services that load reaches to call each other without a cycle.", strings.Join(path, " -> "))
	}
	dur := sc.Get("duration").Duration
	if mode := sc.Get("mode"); mode.String == "requests" {
		total := 0.0
		for _, x := range m.Services {
			total += x.Load
		}
		if n := total * dur.Seconds(); n > MaxRequests {
			errorf(valueRange(sc.DeclRange, mode), "Too many requests", "mode = \"requests\" simulates every call, and %s of load over %s is %.3g requests; blast simulates at most %d one by one. Use mode = \"fluid\" or a shorter duration.",
				formatNum(total)+"/s", FormatDuration(dur), n, MaxRequests)
		}
	}
	for _, b := range sc.Blocks["disturbance"] {
		if at := b.Get("at"); at != nil && at.Duration >= dur {
			r := valueRange(b.DeclRange, at)
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Disturbance after the end", Subject: &r,
				Detail: fmt.Sprintf("This disturbance starts at %s, but the scenario lasts %s: it never happens. Start it earlier or simulate longer.", FormatDuration(at.Duration), FormatDuration(dur))})
		}
	}
	return diags
}

// checkApplies reports the attributes and blocks of sc that are for the
// other kind of scenario: blocks are errors (they would change what the
// scenario means), attributes warnings (they are ignored).
func checkApplies(sc *Scenario) hcl.Diagnostics {
	var diags hcl.Diagnostics
	kind := sc.Kind()
	what := map[string]string{FleetScenario: "a change to a fleet", LoadScenario: "a disturbance under load"}
	names := make([]string, 0, len(sc.Attrs))
	for n := range sc.Attrs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		spec := attrSpec(ScenarioSchema.Attrs, n)
		if spec == nil || spec.Applies == "" || spec.Applies == kind {
			continue
		}
		r := sc.Attrs[n].Range
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Attribute has no effect", Subject: &r,
			Detail: fmt.Sprintf("%s is for scenarios that replay %s; this one replays %s, so it is ignored.", n, what[spec.Applies], what[kind])})
	}
	for _, spec := range ScenarioSchema.Blocks {
		if spec.Applies == "" || spec.Applies == kind {
			continue
		}
		for _, b := range sc.Blocks[spec.Type] {
			r := b.DeclRange
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Block does not apply", Subject: &r,
				Detail: fmt.Sprintf("A scenario with disturbance blocks replays a disturbance under load; the %s block belongs to a scenario that replays a change to a fleet. Move it to a scenario of its own.", spec.Type)})
		}
	}
	return diags
}

// loadReaches reports whether a service with load calls s, directly or
// through others, or has load itself.
func (m *Model) loadReaches(s *Service) bool {
	callers := map[string][]string{}
	for _, x := range m.Services {
		for _, d := range x.DependsOn {
			callers[d.To] = append(callers[d.To], x.ID)
		}
	}
	seen := map[string]bool{s.ID: true}
	stack := []string{s.ID}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x := m.Service(id); x != nil && x.Load > 0 {
			return true
		}
		for _, c := range callers[id] {
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return false
}

// callCycle finds a cycle among the services that load reaches, by
// depth-first search from each service with load in ID order, following
// dependencies in declaration order. It returns the cycle (closed: it ends
// where it starts) and the dependency that closes it, or nil.
func (m *Model) callCycle() ([]string, *Dependency) {
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	type frame struct {
		s    *Service
		next int
	}
	for _, root := range m.Services {
		if root.Load <= 0 || state[root.ID] != unseen {
			continue
		}
		stack := []frame{{s: root}}
		state[root.ID] = open
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(f.s.DependsOn) {
				state[f.s.ID] = done
				stack = stack[:len(stack)-1]
				continue
			}
			d := f.s.DependsOn[f.next]
			f.next++
			to := m.Service(d.To)
			if to == nil {
				continue
			}
			switch state[to.ID] {
			case open:
				var path []string
				for i := len(stack) - 1; i >= 0; i-- {
					path = append(path, stack[i].s.ID)
					if stack[i].s.ID == to.ID {
						break
					}
				}
				slices.Reverse(path)
				return append(path, to.ID), d
			case unseen:
				state[to.ID] = open
				stack = append(stack, frame{s: to})
			}
		}
	}
	return nil, nil
}
