package model

import (
	"fmt"
	"math"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// scenarioSchema builds the HCL schema of a scenario from ScenarioSchema,
// so that attributes added to the table are accepted without parser changes.
func scenarioSchema() *hcl.BodySchema {
	s := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "service", Required: true}}}
	for _, a := range ScenarioSchema.Attrs {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: a.Name})
	}
	for _, b := range ScenarioSchema.Blocks {
		s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: b.Type})
	}
	return s
}

func blockSpec(typ string) *BlockSpec {
	for i := range ScenarioSchema.Blocks {
		if ScenarioSchema.Blocks[i].Type == typ {
			return &ScenarioSchema.Blocks[i]
		}
	}
	return nil
}

func attrSpec(specs []AttrSpec, name string) *AttrSpec {
	for i := range specs {
		if specs[i].Name == name {
			return &specs[i]
		}
	}
	return nil
}

func (l *loader) decodeScenario(b *hcl.Block) *Scenario {
	id := b.Labels[0]
	if !l.checkID("scenario", id, b.LabelRanges[0]) {
		return nil
	}
	before := len(l.diags)
	sc := &Scenario{ID: id, Attrs: map[string]*Value{}, Blocks: map[string][]*ScenarioBlock{}, DeclRange: b.DefRange, LabelRange: b.LabelRanges[0]}
	attrs, blocks, ok := l.blockContent(b, scenarioSchema())
	if !ok {
		return sc
	}
	if svc, a, ok := l.getString(attrs, "service"); ok {
		sc.Service, sc.ServiceRange = svc, a.Expr.Range()
	}
	l.decodeScenarioAttrs(ScenarioSchema.Attrs, attrs, sc.Attrs)
	for _, cb := range blocks {
		spec := blockSpec(cb.Type)
		if spec == nil {
			continue
		}
		if prev := sc.Blocks[cb.Type]; len(prev) > 0 && !spec.Multi {
			l.errorf(cb.DefRange, "Duplicate "+cb.Type+" block", "This scenario already has a %s block at %s; only one is allowed.", cb.Type, posString(prev[0].DeclRange))
			continue
		}
		bs := &hcl.BodySchema{}
		for _, a := range spec.Attrs {
			bs.Attributes = append(bs.Attributes, hcl.AttributeSchema{Name: a.Name})
		}
		blk := &ScenarioBlock{Type: cb.Type, Attrs: map[string]*Value{}, DeclRange: cb.DefRange}
		if battrs, _, ok := l.blockContent(cb, bs); ok {
			l.decodeScenarioAttrs(spec.Attrs, battrs, blk.Attrs)
		}
		sc.Blocks[cb.Type] = append(sc.Blocks[cb.Type], blk)
	}
	// The simulator's checks read the scenario's values: run them once
	// every value is valid, so one mistake gives one diagnostic.
	if sc.Service != "" && !l.diags[before:].HasErrors() {
		l.add(l.m.CheckScenario(sc)...)
	}
	return sc
}

// CheckScenario reports what keeps scenario sc from being simulated over m
// beyond each value's type and range, which are checked as values are read:
// the service it replays, the attributes its blocks require, the size of
// the series and of the fleet, and a restart rate for its recovery; for a
// load scenario, the capacity, the load that reaches the service and calls
// without cycles (checkLoadScenario). The loader runs it on every
// scenario; run it again after SetScenario.
func (m *Model) CheckScenario(sc *Scenario) hcl.Diagnostics {
	var diags hcl.Diagnostics
	errorf := func(rng hcl.Range, summary, detail string, args ...any) {
		diags = append(diags, errorDiag(rng, summary, detail, args...))
	}
	id := sc.Service
	s := m.Service(id)
	load := sc.Kind() == LoadScenario
	switch {
	case s == nil:
		ids := make([]string, len(m.Services))
		for i, x := range m.Services {
			ids[i] = x.ID
		}
		errorf(sc.ServiceRange, "Unknown service", "No service %q is declared in any file.%s", id, didYouMean(id, ids))
	case load:
		diags = append(diags, m.checkLoadScenario(sc, s)...)
	case s.Fleet == nil:
		errorf(sc.ServiceRange, "Service has no fleet", "A scenario replays a change to a fleet, but service %q has no fleet block. Add fleet { servers = ... } and a resource to it.", id)
	case len(s.Resources) == 0:
		errorf(sc.ServiceRange, "Service has no resource", "A scenario needs a resource with a limit, but service %q declares none. Add a resource block (per_server, limit), or disturbance blocks to replay a loss of capacity under load.", id)
	}
	if diags.HasErrors() {
		return diags // the rest needs the fleet
	}
	diags = append(diags, checkApplies(sc)...)
	for _, spec := range ScenarioSchema.Blocks {
		for _, b := range sc.Blocks[spec.Type] {
			for _, a := range spec.Attrs {
				if a.Required && b.Attrs[a.Name] == nil {
					errorf(b.DeclRange, "Missing required argument", "This %s block needs %s: %s.", spec.Type, a.Name, a.Doc)
				}
			}
		}
	}
	if dur, step := sc.Get("duration"), sc.Get("sample_every"); step.Duration > 0 && dur.Duration/step.Duration > MaxSamples {
		errorf(valueRange(sc.DeclRange, step, dur), "Too many samples", "duration %s sampled every %s gives %d samples; blast keeps at most %d. Sample less often or simulate a shorter time.",
			FormatDuration(dur.Duration), FormatDuration(step.Duration), dur.Duration/step.Duration, MaxSamples)
	}
	// The simulated fleet, additions included, is bounded (MaxFleet): at
	// the value that crosses the bound, naming the --set that gave it. A
	// load replay's queues cost what its servers do (Erlang C), too.
	total := float64(s.Fleet.Servers)
	tooLarge := func(rng hcl.Range, what, setBy string) {
		if setBy != "" {
			setBy = fmt.Sprintf(" (%s given on the command line)", setBy)
		}
		errorf(rng, "Fleet too large", "%s: %s servers in all%s. blast simulates fleets of at most %s servers, additions included (docs/simulation.md); simulate a smaller fleet: the shape of a failure shows at a fraction of the size.", what, commas(int64(total)), setBy, commas(MaxFleet))
	}
	if total > MaxFleet {
		rng, ok := s.Fleet.AttrRanges["servers"]
		if !ok {
			rng = s.Fleet.DeclRange
		}
		tooLarge(rng, fmt.Sprintf("The fleet of %s", id), s.Fleet.serversSetBy)
	}
	if load {
		return diags
	}
	for _, b := range sc.Blocks["add_capacity"] {
		n := b.Attrs["servers"]
		if n == nil || total > MaxFleet {
			continue
		}
		if total += n.Number; total > MaxFleet {
			tooLarge(n.Range, fmt.Sprintf("The fleet of %s (%s servers) with its add_capacity blocks", id, commas(int64(s.Fleet.Servers))), n.setBy)
		}
	}
	if bs := sc.Blocks["recovery"]; len(bs) > 0 && bs[0].Attrs["restart_rate"] == nil && !(s.Fleet.RestartRate > 0) {
		errorf(bs[0].DeclRange, "Missing restart rate", "Recovery restarts servers at restart_rate per hour, but neither this block nor the fleet of %q sets one. Set restart_rate here or in the fleet block.", id)
	}
	return diags
}

// valueRange is the range of the first value that was written, else def.
func valueRange(def hcl.Range, vs ...*Value) hcl.Range {
	for _, v := range vs {
		if v != nil && v.Range.Filename != "" {
			return v.Range
		}
	}
	return def
}

func (l *loader) decodeScenarioAttrs(specs []AttrSpec, attrs attrSet, out map[string]*Value) {
	for _, spec := range specs {
		v, a, ok := l.attrValue(attrs, spec.Name)
		if !ok {
			continue
		}
		val, d := scenarioValue(spec, v, a.Expr.Range())
		if d != nil {
			l.add(d)
			continue
		}
		out[spec.Name] = val
	}
}

// scenarioValue validates v against spec and returns it as a Value.
func scenarioValue(spec AttrSpec, v cty.Value, rng hcl.Range) (*Value, *hcl.Diagnostic) {
	bad := func(summary, format string, args ...any) (*Value, *hcl.Diagnostic) {
		return nil, errorDiag(rng, summary, format, args...)
	}
	want := cty.String
	switch spec.Kind {
	case KindNumber, KindCount, KindFraction:
		want = cty.Number
	case KindBool:
		want = cty.Bool
	}
	cv, d := convertValue(v, want, spec.Name, rng)
	if d != nil {
		return nil, d
	}
	val := &Value{Kind: spec.Kind, Range: rng}
	switch spec.Kind {
	case KindNumber, KindCount, KindFraction:
		f, err := ctyNumber(cv)
		if err != nil {
			return bad("Value out of range", "%s", invalidValue(spec.Name, err, ""))
		}
		switch spec.Kind {
		case KindCount:
			if d := countDiag(spec.Name, f, 0); d != nil {
				d.Subject = &rng
				return nil, d
			}
		case KindFraction:
			if f < 0 || f > 1 || math.IsNaN(f) {
				return bad("Value out of range", "%s must be a fraction between 0 and 1, not %s.", spec.Name, formatNum(f))
			}
		}
		switch {
		case spec.Positive && !(f > 0):
			return bad("Value out of range", "%s must be greater than zero, not %s.", spec.Name, formatNum(f))
		case spec.NonNegative && f < 0:
			return bad("Value out of range", "%s must not be negative, not %s.", spec.Name, formatNum(f))
		case spec.Max > 0 && f > spec.Max:
			return bad("Value out of range", "%s must be at most %s, not %s.", spec.Name, formatNum(spec.Max), formatNum(f))
		}
		val.Number = f
	case KindBool:
		val.Bool = cv.True()
	case KindDuration:
		d, err := ParseDuration(cv.AsString())
		if err != nil {
			return bad("Invalid duration", "%s", invalidValue(spec.Name, err, writeDuration))
		}
		if spec.Positive && d <= 0 {
			return bad("Value out of range", "%s must be longer than zero.", spec.Name)
		}
		val.Duration, val.String = d, cv.AsString()
	case KindTime:
		t, err := ParseTime(cv.AsString())
		if err != nil {
			return bad("Invalid time", "Invalid value for %q: %q is not an RFC 3339 timestamp such as \"2020-11-25T02:44:00-08:00\".", spec.Name, cv.AsString())
		}
		val.Time, val.String = t, cv.AsString()
	case KindString:
		s := cv.AsString()
		if len(spec.Enum) > 0 {
			if err := checkEnum(spec.Name, s, spec.Enum); err != nil {
				return bad("Invalid value for "+spec.Name, "%s", err)
			}
		}
		val.String = s
	default:
		return bad("Unsupported attribute kind", "Attribute %q has an unknown kind in ScenarioSchema; this is a bug in blast.", spec.Name)
	}
	return val, nil
}

var policySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "fail_on"}, {Name: "headroom"}, {Name: "shared_fate_roles"}, {Name: "shared_fate_critical"}, {Name: "max_retry_amplification"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "ignore", LabelNames: []string{"rule"}}},
}

var ignoreSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "subjects"}, {Name: "reason", Required: true}, {Name: "until"}},
}

// Severities lists the finding severities, most severe first.
var Severities = []string{"error", "warning", "info"}

func (l *loader) decodePolicy(b *hcl.Block) *Policy {
	p := DefaultPolicy()
	p.DeclRange = b.DefRange
	attrs, blocks, ok := l.blockContent(b, policySchema)
	if !ok {
		return &p
	}
	p.FailOn, _ = l.getEnum(attrs, "fail_on", Severities, "error")
	if h, a, ok := l.getNumber(attrs, "headroom"); ok {
		if h <= 0 || h > 10 {
			l.errorf(a.Expr.Range(), "Value out of range", "headroom is a fraction of the fleet in (0, 10] (0.25 = a quarter more servers), not %s.", formatNum(h))
		} else {
			p.Headroom = h
		}
	}
	if n, _, ok := l.getCount(attrs, "shared_fate_roles", 1); ok {
		p.SharedFateRoles = n
	}
	if n, _, ok := l.getCount(attrs, "shared_fate_critical", 1); ok {
		p.SharedFateCritical = n
	}
	if f, a, ok := l.getNumber(attrs, "max_retry_amplification"); ok {
		if f < 1 {
			l.errorf(a.Expr.Range(), "Value out of range", "max_retry_amplification is the most calls one call may become down a chain of retries: at least 1 (no retry anywhere), not %s.", formatNum(f))
		} else {
			p.MaxRetryAmplification = f
		}
	}
	for _, cb := range blocks {
		if ig := l.decodeIgnore(cb); ig != nil {
			p.Ignores = append(p.Ignores, ig)
		}
	}
	return &p
}

func (l *loader) decodeIgnore(b *hcl.Block) *Ignore {
	ig := &Ignore{Rule: b.Labels[0], DeclRange: b.DefRange}
	if checkEnum("rule", ig.Rule, RuleIDs) != nil {
		l.errorf(b.LabelRanges[0], "Unknown rule", "%q is not a rule ID.%s Rules: %s.", ig.Rule, didYouMean(ig.Rule, RuleIDs), strings.Join(RuleIDs, ", "))
	}
	attrs, _, ok := l.blockContent(b, ignoreSchema)
	if !ok {
		return ig
	}
	subs, rngs, _ := l.getStringList(attrs, "subjects")
	ids := l.serviceIDs()
	for i, s := range subs {
		if l.m.Service(s) == nil {
			l.warnf(rngs[i], "Unknown service", "The ignore names %q, but no such service is declared, so it can never match.%s", s, didYouMean(s, ids))
		}
	}
	ig.Subjects = subs
	if r, a, ok := l.getString(attrs, "reason"); ok {
		if strings.TrimSpace(r) == "" {
			l.errorf(a.Expr.Range(), "Empty reason", "An ignore must say why the finding is accepted: write a reason.")
		}
		ig.Reason = r
	}
	if u, a, ok := l.getString(attrs, "until"); ok {
		t, err := ParseDate(u)
		if err != nil {
			l.errorf(a.Expr.Range(), "Invalid date", "until must be a date (\"2027-01-31\") or an RFC 3339 timestamp, not %q.", u)
		} else {
			ig.Until, ig.HasUntil = t, true
		}
	}
	return ig
}
