package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Attribute names that Set accepts for the load simulation, in the
// contract's order.
var (
	capacitySetAttrs = []string{"per_server", "queue", "concurrency"}
	edgeSetAttrs     = []string{"timeout", "retry.attempts", "retry.backoff", "retry.jitter", "retry.budget"}
)

// servicePath reports whether path starts with a declared service's ID.
func (m *Model) servicePath(path string) bool {
	for _, s := range m.Services {
		if strings.HasPrefix(path, s.ID+".") {
			return true
		}
	}
	return false
}

// setLoad sets what the load simulation reads: rest is the path after
// "SERVICE.": load, capacity.ATTR or depends_on.ID.ATTR. handled is false when
// rest is none of these.
func (m *Model) setLoad(svc *Service, rest, value, path string) (handled bool, err error) {
	switch {
	case rest == "load":
		r, err := parseSetRate(path, value)
		if err != nil {
			return true, err
		}
		svc.Load = r
		return true, nil
	case strings.HasPrefix(rest, "capacity."):
		return true, m.setCapacity(svc, rest[len("capacity."):], value, path)
	case strings.HasPrefix(rest, "depends_on."):
		return true, m.setEdge(svc, rest[len("depends_on."):], value, path)
	}
	return false, nil
}

// parseSetRate reads a rate ("400/s") or a number of calls per second.
// Each of checks may reject it.
func parseSetRate(path, value string, checks ...func(float64) error) (float64, error) {
	if f, err := strconv.ParseFloat(strings.TrimSpace(value), 64); err == nil {
		if f < 0 {
			return 0, fmt.Errorf("a rate must not be negative")
		}
		return parseSetNumber(path, value, checks...)
	}
	r, err := ParseRate(value)
	if err != nil {
		return 0, fmt.Errorf("%v", err)
	}
	return checked(r, checks)
}

func (m *Model) setCapacity(svc *Service, attr, value, path string) error {
	if svc.Capacity == nil {
		return fmt.Errorf("service %q has no capacity block", svc.ID)
	}
	c := *svc.Capacity
	switch attr {
	case "per_server":
		r, err := parseSetRate(path, value, positive(attr))
		if err != nil {
			return err
		}
		c.PerServer = r
	case "queue":
		n, err := parseSetCount(path, value, 0)
		if err != nil {
			return err
		}
		c.Queue, c.Bounded = n, true
	case "concurrency":
		n, err := parseSetCount(path, value, 1)
		if err != nil {
			return err
		}
		c.Concurrency = n
	default:
		return noAttribute("capacity", attr, capacitySetAttrs)
	}
	*svc.Capacity = c
	return nil
}

// setEdge sets timeout or retry.ATTR of svc's dependency: spec is
// "ID.ATTR", the longest matching dependency ID winning (IDs may hold dots).
func (m *Model) setEdge(svc *Service, spec, value, path string) error {
	var dep *Dependency
	var attr string
	var ids []string
	for _, d := range svc.DependsOn {
		ids = append(ids, d.To)
		if strings.HasPrefix(spec, d.To+".") && (dep == nil || len(d.To) > len(dep.To)) {
			dep, attr = d, spec[len(d.To)+1:]
		}
	}
	if dep == nil {
		id, _, _ := strings.Cut(spec, ".")
		return fmt.Errorf("%s has no dependency %q;%s dependencies: %s", svc.ID, id, didYouMean(id, ids), strings.Join(ids, ", "))
	}
	if attr == "timeout" {
		d, err := ParseDuration(value)
		if err != nil {
			return fmt.Errorf("%v", err)
		}
		if d <= 0 {
			return fmt.Errorf("timeout must be longer than zero")
		}
		dep.Timeout = d
		return nil
	}
	r := Retry{Attempts: 1}
	if dep.Retry != nil {
		r = *dep.Retry
	}
	switch attr {
	case "retry.attempts":
		f, err := parseSetNumber(path, value, attemptsError)
		if err != nil {
			return err
		}
		r.Attempts = int(f)
	case "retry.backoff":
		d, err := parseBackoff(value)
		if err != nil {
			return err
		}
		r.Backoff = d
	case "retry.jitter":
		if value != "true" && value != "false" {
			return fmt.Errorf("%q is not true or false", value)
		}
		r.Jitter = value == "true"
	case "retry.budget":
		f, err := parseSetNumber(path, value, budgetError)
		if err != nil {
			return err
		}
		r.Budget, r.HasBudget = f, true
	default:
		return fmt.Errorf("a dependency has no setting %q; valid: %s", attr, strings.Join(edgeSetAttrs, ", "))
	}
	if dep.Retry == nil {
		r.DeclRange = cliRange
	}
	dep.Retry = &r
	return nil
}

// ServicePaths lists the paths Set accepts in m as they are typed, for
// completion: for each service, its fleet's and resources' attributes when
// it has a fleet, its load, its capacity's attributes when it has one, and
// the settings of each of its dependencies.
func (m *Model) ServicePaths() []string {
	var out []string
	for _, s := range m.Services {
		out = append(out, s.setPaths(s.ID+".", true)...)
	}
	return out
}

// setPaths are the paths of s after prefix: its fleet, resources and
// capacity; with edges, its load and dependencies too.
func (s *Service) setPaths(prefix string, edges bool) []string {
	var out []string
	add := func(p string, attrs []string) {
		for _, a := range attrs {
			out = append(out, prefix+p+a)
		}
	}
	if s.Fleet != nil {
		add("fleet.", fleetSetAttrs)
		for _, r := range s.Resources {
			add("resource."+r.Name+".", resourceSetAttrs)
		}
	}
	if s.Capacity != nil {
		add("capacity.", capacitySetAttrs)
	}
	if edges {
		out = append(out, prefix+"load")
		for _, d := range s.DependsOn {
			add("depends_on."+d.To+".", edgeSetAttrs)
		}
	}
	return out
}

// ScenarioSetPaths lists the paths SetScenario accepts for sc as they are
// typed, for completion: the attributes and blocks of its kind (a repeated
// block by each index it has, and the next, which adds one), its
// service's fleet, resources and capacity, and ServicePaths.
func (m *Model) ScenarioSetPaths(sc *Scenario) []string {
	kind := sc.Kind()
	var out []string
	for _, a := range ScenarioSchema.Attrs {
		if a.Applies == "" || a.Applies == kind {
			out = append(out, a.Name)
		}
	}
	for _, b := range ScenarioSchema.Blocks {
		if b.Applies != "" && b.Applies != kind {
			continue
		}
		prefixes := []string{b.Type + "."}
		if b.Multi {
			prefixes = nil
			for i := range len(sc.Blocks[b.Type]) + 1 {
				prefixes = append(prefixes, b.Type+"."+strconv.Itoa(i)+".")
			}
		}
		for _, p := range prefixes {
			for _, a := range b.Attrs {
				out = append(out, p+a.Name)
			}
		}
	}
	if s := m.Service(sc.Service); s != nil {
		out = append(out, s.setPaths("", false)...)
	}
	return append(out, m.ServicePaths()...)
}
