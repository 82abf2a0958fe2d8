package model

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Attribute names that Set accepts, in the contract's order.
var (
	fleetSetAttrs    = []string{"servers", "cells", "cold_start", "restart_rate", "rto"}
	resourceSetAttrs = []string{"per_server", "limit", "scope", "unit"}
)

// setRange is where values given on the command line are said to come from.
var cliRange = hcl.Range{Filename: "--set", Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 1}}

// unquote accepts `--set x="str"` as well as `--set x=str`.
func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		if s, err := strconv.Unquote(v); err == nil {
			return s
		}
	}
	return v
}

// evalContext returns the context expressions are evaluated in: the one
// the loader built, or one built from Locals for a model made in code.
func (m *Model) evalContext() *evaluator {
	if m.ev == nil {
		locals := m.Locals
		if locals == nil {
			locals = map[string]cty.Value{}
		}
		m.ev = newEvaluator(locals)
	}
	return m.ev
}

// Set overrides one value of a service by path, for `--set`:
// SERVICE.fleet.ATTR (servers, cells, cold_start, restart_rate, rto),
// SERVICE.resource.NAME.ATTR (per_server, limit, scope, unit),
// SERVICE.load, SERVICE.capacity.ATTR (per_server, queue, concurrency) or
// SERVICE.depends_on.ID.ATTR (timeout, retry.attempts, retry.backoff,
// retry.jitter, retry.budget). The value is parsed per the attribute's type
// and the fleet and its resources are re-validated; on error the model is
// unchanged. The error begins with the path; the caller names the flag
// that gave it (--set, --sweep).
func (m *Model) Set(path, value string) error {
	return setError(path, m.set(path, value))
}

// setError puts the path before what is wrong with its value.
func setError(path string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", path, err)
}

func (m *Model) set(path, value string) error {
	var svc *Service
	var rest string
	for _, s := range m.Services { // longest matching ID: IDs may hold dots
		if strings.HasPrefix(path, s.ID+".") && (svc == nil || len(s.ID) > len(svc.ID)) {
			svc, rest = s, path[len(s.ID)+1:]
		}
	}
	if svc == nil {
		return fmt.Errorf("no service matches; paths are SERVICE.fleet.ATTR, SERVICE.resource.NAME.ATTR, SERVICE.load, SERVICE.capacity.ATTR or SERVICE.depends_on.ID.ATTR")
	}
	value = unquote(value)
	if handled, err := m.setLoad(svc, rest, value, path); handled {
		return err
	}
	switch {
	case strings.HasPrefix(rest, "fleet."):
		return m.setFleet(svc, rest[len("fleet."):], value, path)
	case strings.HasPrefix(rest, "resource."):
		nameAttr := rest[len("resource."):]
		dot := strings.LastIndexByte(nameAttr, '.')
		if dot < 0 {
			return fmt.Errorf("expected %s.resource.NAME.ATTR with ATTR one of %s", svc.ID, strings.Join(resourceSetAttrs, ", "))
		}
		return m.setResource(svc, nameAttr[:dot], nameAttr[dot+1:], value, path)
	}
	return fmt.Errorf("expected %s.fleet.ATTR (%s), %s.resource.NAME.ATTR (%s), %s.load, %s.capacity.ATTR (%s) or %s.depends_on.ID.ATTR (%s)",
		svc.ID, strings.Join(fleetSetAttrs, ", "), svc.ID, strings.Join(resourceSetAttrs, ", "), svc.ID, svc.ID, strings.Join(capacitySetAttrs, ", "), svc.ID, strings.Join(edgeSetAttrs, ", "))
}

// parseSetNumber reads a number given on the command line; each of checks
// may reject it.
func parseSetNumber(path, value string, checks ...func(float64) error) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a number", value)
	}
	if math.Abs(f) > MaxNumber {
		return 0, fmt.Errorf("%s is out of range (at most %g)", value, float64(MaxNumber))
	}
	return checked(f, checks)
}

// checked is f, unless one of checks rejects it.
func checked(f float64, checks []func(float64) error) (float64, error) {
	for _, check := range checks {
		if err := check(f); err != nil {
			return 0, err
		}
	}
	return f, nil
}

// positive is the check that setting name is greater than zero.
func positive(name string) func(float64) error {
	return func(f float64) error {
		if f <= 0 {
			return fmt.Errorf("%s must be greater than zero", name)
		}
		return nil
	}
}

func parseSetCount(path, value string, min int) (int, error) {
	f, err := parseSetNumber(path, value)
	if err != nil {
		return 0, err
	}
	if d := countDiag(path, f, min); d != nil {
		return 0, fmt.Errorf("%s: %s", d.Summary, d.Detail)
	}
	return int(f), nil
}

func (m *Model) setFleet(svc *Service, attr, value, path string) error {
	if svc.Fleet == nil {
		return fmt.Errorf("service %q has no fleet block", svc.ID)
	}
	f := *svc.Fleet // edit a copy; commit once valid
	switch attr {
	case "servers", "cells":
		n, err := parseSetCount(path, value, 1)
		if err != nil {
			return err
		}
		if attr == "servers" {
			f.Servers, f.serversSetBy = n, path
		} else {
			f.Cells = n
		}
	case "cold_start", "rto":
		d, err := ParseDuration(value)
		if err != nil {
			return fmt.Errorf("%v", err)
		}
		if attr == "rto" && d <= 0 {
			return fmt.Errorf("rto must be greater than zero")
		}
		if attr == "rto" {
			f.RTO = d
		} else {
			f.ColdStart = d
		}
	case "restart_rate":
		r, err := parseSetNumber(path, value, positive(attr))
		if err != nil {
			return err
		}
		f.RestartRate = r
	default:
		return noAttribute("fleet", attr, fleetSetAttrs)
	}
	if f.Cells > f.Servers {
		return fmt.Errorf("cells (%d) must not exceed servers (%d)", f.Cells, f.Servers)
	}
	for _, r := range svc.Resources {
		if r.Law == nil {
			continue
		}
		if d := r.checkLaw(&f); d != nil {
			return fmt.Errorf("resource %q: %s", r.Name, d.Detail)
		}
	}
	*svc.Fleet = f
	return nil
}

func (m *Model) setResource(svc *Service, name, attr, value, path string) error {
	var r *Resource
	var names []string
	for _, x := range svc.Resources {
		names = append(names, x.Name)
		if x.Name == name {
			r = x
		}
	}
	if r == nil {
		return fmt.Errorf("service %q has no resource %q; resources: %s", svc.ID, name, strings.Join(names, ", "))
	}
	nr := *r
	switch attr {
	case "limit":
		f, err := parseSetNumber(path, value, positive(attr))
		if err != nil {
			return err
		}
		nr.Limit = f
	case "scope":
		if err := checkEnum("scope", value, scopeNames); err != nil {
			return fmt.Errorf("%v", err)
		}
		nr.Scope = Scope(value)
	case "unit":
		if d := textDiag("unit", value, cliRange); d != nil {
			return fmt.Errorf("%s", d.Detail)
		}
		nr.Unit = value
	case "per_server":
		if err := CheckNesting(value, path); err != nil {
			return fmt.Errorf("%v", err)
		}
		expr, diags := hclsyntax.ParseExpression([]byte(value), path, hcl.InitialPos)
		if diags.HasErrors() {
			return fmt.Errorf("%s", diagText(diags))
		}
		ev := m.evalContext()
		if d := ev.checkVars(expr, true); d.HasErrors() {
			return fmt.Errorf("%s", diagText(d))
		}
		nr.setLaw(expr, value, ev.ctx)
	default:
		return noAttribute("resource", attr, resourceSetAttrs)
	}
	if svc.Fleet != nil && nr.Law != nil {
		if d := nr.checkLaw(svc.Fleet); d != nil {
			return fmt.Errorf("%s", d.Detail)
		}
	}
	*r = nr
	return nil
}

// ScenarioPaths lists the paths SetScenario accepts, for help and errors.
func ScenarioPaths() []string {
	var out []string
	for _, a := range ScenarioSchema.Attrs {
		out = append(out, a.Name)
	}
	for _, b := range ScenarioSchema.Blocks {
		prefix := b.Type + "."
		if b.Multi {
			prefix += "INDEX."
		}
		for _, a := range b.Attrs {
			out = append(out, prefix+a.Name)
		}
	}
	for _, a := range fleetSetAttrs {
		out = append(out, "fleet."+a)
	}
	for _, a := range resourceSetAttrs {
		out = append(out, "resource.NAME."+a)
	}
	for _, a := range capacitySetAttrs {
		out = append(out, "capacity."+a)
	}
	out = append(out, "SERVICE.load")
	for _, a := range edgeSetAttrs {
		out = append(out, "SERVICE.depends_on.ID."+a)
	}
	return out
}

// SetScenario overrides one value of a scenario by path: its attributes
// (duration, seed, ...), an attribute of a nested block (alarm.on; a block
// that is absent is created), an attribute of the INDEXth block of a
// repeated type (add_capacity.0.servers, disturbance.0.capacity; INDEX may
// equal the count to add a block), fleet.ATTR / resource.NAME.ATTR /
// capacity.ATTR of the scenario's service, or any service's value as Set
// takes it (api.load, api.depends_on.orders.retry.attempts). As with
// Set, the error begins with the path.
func (m *Model) SetScenario(sc *Scenario, path, value string) error {
	return setError(path, m.setScenario(sc, path, value))
}

func (m *Model) setScenario(sc *Scenario, path, value string) error {
	if sc == nil {
		return fmt.Errorf("no scenario")
	}
	if strings.HasPrefix(path, "fleet.") || strings.HasPrefix(path, "resource.") || strings.HasPrefix(path, "capacity.") {
		if m.Service(sc.Service) == nil {
			return fmt.Errorf("scenario %q names no declared service", sc.ID)
		}
		return m.set(sc.Service+"."+path, value)
	}
	value = unquote(value)
	if path == "service" {
		s := m.Service(value)
		if sc.Kind() == LoadScenario && (s == nil || s.Fleet == nil || s.Capacity == nil) {
			return fmt.Errorf("%q is not a declared service with a fleet and a capacity", value)
		}
		if sc.Kind() == FleetScenario && (s == nil || s.Fleet == nil || len(s.Resources) == 0) {
			return fmt.Errorf("%q is not a declared service with a fleet and a resource", value)
		}
		sc.Service = value
		return nil
	}
	if first, _, _ := strings.Cut(path, "."); attrSpec(ScenarioSchema.Attrs, first) == nil && blockSpec(first) == nil && m.servicePath(path) {
		return m.set(path, value)
	}
	if sc.Attrs == nil {
		sc.Attrs = map[string]*Value{}
	}
	if sc.Blocks == nil {
		sc.Blocks = map[string][]*ScenarioBlock{}
	}
	parts := strings.Split(path, ".")
	valid := "valid paths: " + strings.Join(ScenarioPaths(), ", ")
	if len(parts) == 1 {
		spec := attrSpec(ScenarioSchema.Attrs, path)
		if spec == nil {
			return fmt.Errorf("scenario has no attribute %q;%s %s", path, didYouMean(path, ScenarioPaths()), valid)
		}
		return setScenarioValue(sc.Attrs, *spec, path, value, sc.DeclRange)
	}
	bspec := blockSpec(parts[0])
	if bspec == nil {
		return fmt.Errorf("scenario has no block %q;%s %s", parts[0], didYouMean(parts[0], blockTypes()), valid)
	}
	blocks := sc.Blocks[bspec.Type]
	var blk *ScenarioBlock
	var attr string
	if bspec.Multi {
		if len(parts) != 3 {
			return fmt.Errorf("%s may repeat, so write %s.INDEX.ATTR (INDEX from 0; %d declared)", bspec.Type, bspec.Type, len(blocks))
		}
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 || i > len(blocks) {
			return fmt.Errorf("index %q out of range: the scenario has %d %s blocks (use 0..%d, or %d to add one)", parts[1], len(blocks), bspec.Type, max(len(blocks)-1, 0), len(blocks))
		}
		attr = parts[2]
		if attrSpec(bspec.Attrs, attr) == nil {
			return noAttribute(bspec.Type, attr, attrNames(bspec.Attrs))
		}
		if i == len(blocks) {
			blk = &ScenarioBlock{Type: bspec.Type, Attrs: map[string]*Value{}, DeclRange: cliRange}
			defer func() {
				if len(blk.Attrs) > 0 {
					sc.Blocks[bspec.Type] = append(sc.Blocks[bspec.Type], blk)
				}
			}()
		} else {
			blk = blocks[i]
		}
	} else {
		if len(parts) != 2 {
			return fmt.Errorf("write %s.ATTR; valid: %s", bspec.Type, strings.Join(attrNames(bspec.Attrs), ", "))
		}
		attr = parts[1]
		if attrSpec(bspec.Attrs, attr) == nil {
			return noAttribute(bspec.Type, attr, attrNames(bspec.Attrs))
		}
		if len(blocks) == 0 {
			blk = &ScenarioBlock{Type: bspec.Type, Attrs: map[string]*Value{}, DeclRange: cliRange}
			defer func() {
				if len(blk.Attrs) > 0 {
					sc.Blocks[bspec.Type] = []*ScenarioBlock{blk}
				}
			}()
		} else {
			blk = blocks[0]
		}
	}
	if blk.Attrs == nil {
		blk.Attrs = map[string]*Value{}
	}
	return setScenarioValue(blk.Attrs, *attrSpec(bspec.Attrs, attr), path, value, blk.DeclRange)
}

// setScenarioValue parses value per spec and stores it in attrs.
func setScenarioValue(attrs map[string]*Value, spec AttrSpec, path, value string, rng hcl.Range) error {
	if old := attrs[spec.Name]; old != nil {
		rng = old.Range
	}
	var v cty.Value
	switch spec.Kind {
	case KindNumber, KindCount, KindFraction:
		f, err := parseSetNumber(path, value)
		if err != nil {
			return err
		}
		v = cty.NumberFloatVal(f)
	case KindBool:
		b, err := strconv.ParseBool(value)
		if err != nil || (value != "true" && value != "false") {
			return fmt.Errorf("%q is not true or false", value)
		}
		v = cty.BoolVal(b)
	default:
		v = cty.StringVal(value)
	}
	val, d := scenarioValue(spec, v, rng)
	if d != nil {
		return fmt.Errorf("%s: %s", d.Summary, d.Detail)
	}
	val.setBy = path
	attrs[spec.Name] = val
	return nil
}

// noAttribute says that what has no attribute attr, with the nearest
// valid one and all of them.
func noAttribute(what, attr string, valid []string) error {
	hint := ""
	if s := Suggest(attr, valid); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("%s has no attribute %q%s; valid: %s", what, attr, hint, strings.Join(valid, ", "))
}

func attrNames(specs []AttrSpec) []string {
	out := make([]string, len(specs))
	for i, a := range specs {
		out[i] = a.Name
	}
	return out
}

func blockTypes() []string {
	var out []string
	for _, b := range ScenarioSchema.Blocks {
		out = append(out, b.Type)
	}
	sort.Strings(out)
	return out
}

// SetAll applies values given as PATH=VALUE, in order: to sc by
// SetScenario when sc is not nil, else by Set. An error begins with the
// path, or the whole value when it is not PATH=VALUE; the caller names the
// flag (--set).
func (m *Model) SetAll(sc *Scenario, sets []string) error {
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			example := "kinesis-frontend.fleet.servers=4800"
			if sc != nil {
				example = "recovery.restart_rate=900"
			}
			return fmt.Errorf("%q: want PATH=VALUE, for example %s", s, example)
		}
		var err error
		if sc != nil {
			err = m.SetScenario(sc, path, value)
		} else {
			err = m.Set(path, value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
