package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var serviceSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "title"}, {Name: "role"}, {Name: "criticality"}, {Name: "monitors"}, {Name: "tags"}, {Name: "load"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "depends_on", LabelNames: []string{"id"}},
		{Type: "fleet"},
		{Type: "resource", LabelNames: []string{"name"}},
		{Type: "capacity"},
	},
}

// extendSchema is what an `extend` block may add to a declared service.
var extendSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "tags"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "depends_on", LabelNames: []string{"id"}}},
}

var dependsOnSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "impact"}, {Name: "after"}, {Name: "group"}, {Name: "tested"}, {Name: "note"}, {Name: "timeout"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "buffer"}, {Type: "retry"}},
}

var bufferSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "capacity"}, {Name: "fill_rate"}, {Name: "fills_in"}, {Name: "on_full"}, {Name: "tested"}},
}

var fleetSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "servers", Required: true}, {Name: "cells"}, {Name: "cold_start"}, {Name: "restart_rate"}, {Name: "rto"}},
}

var resourceSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "per_server", Required: true}, {Name: "limit", Required: true}, {Name: "scope"}, {Name: "unit"}},
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

var (
	roleNames        = strs(Roles)
	criticalityNames = strs(Criticalities)
	impactNames      = []string{"outage", "degraded", "none"}
	onFullNames      = []string{"block", "fail", "drop"}
	scopeNames       = []string{"fleet", "cell"}
)

func (l *loader) decodeService(b *hcl.Block) *Service {
	id := b.Labels[0]
	if !l.checkID("service", id, b.LabelRanges[0]) {
		return nil
	}
	s := &Service{ID: id, Title: id, Role: RoleService, Criticality: Medium, DeclRange: b.DefRange, LabelRange: b.LabelRanges[0]}
	l.arena.reset() // nothing of the last service's blocks is read again
	attrs, blocks, ok := l.blockContent(b, serviceSchema)
	if !ok {
		return s
	}
	if t, _, ok := l.getString(attrs, "title"); ok {
		s.Title = t
	}
	role, _ := l.getEnum(attrs, "role", roleNames, string(RoleService))
	s.Role = Role(role)
	crit, _ := l.getEnum(attrs, "criticality", criticalityNames, string(Medium))
	s.Criticality = Criticality(crit)
	var ma *hcl.Attribute
	s.Monitors, s.MonitorRanges, ma = l.getStringList(attrs, "monitors")
	if ma != nil {
		s.MonitorsRange = ma.Expr.Range()
	}
	for i, m := range s.Monitors {
		l.checkID("service", m, s.MonitorRanges[i])
	}
	s.Tags, _, _ = l.getStringList(attrs, "tags")
	l.decodeLoad(s, attrs)

	deps := map[string]*Dependency{}
	var resources = map[string]*Resource{}
	var resBlocks []*hcl.Block
	for _, cb := range blocks {
		switch cb.Type {
		case "depends_on":
			dep := l.decodeDependency(s.ID, cb)
			if first, dup := deps[dep.To]; dup {
				l.errorf(dep.LabelRange, "Duplicate dependency", "Service %q already depends on %q at %s. Merge the two depends_on blocks.", s.ID, dep.To, posString(first.LabelRange))
				continue
			}
			deps[dep.To] = dep
			s.DependsOn = append(s.DependsOn, dep)
		case "fleet":
			if s.Fleet != nil {
				l.errorf(cb.DefRange, "Duplicate fleet block", "Service %q already has a fleet block at %s. A service has at most one fleet.", s.ID, posString(s.Fleet.DeclRange))
				continue
			}
			s.Fleet = l.decodeFleet(cb)
		case "capacity":
			if s.Capacity != nil {
				l.errorf(cb.DefRange, "Duplicate capacity block", "Service %q already has a capacity block at %s. A service has at most one.", s.ID, posString(s.Capacity.DeclRange))
				continue
			}
			s.Capacity = l.decodeCapacity(cb)
		case "resource":
			resBlocks = append(resBlocks, cb)
		}
	}
	// Resources after the fleet, wherever it is written: their validation needs N.
	for _, cb := range resBlocks {
		r := l.decodeResource(s, cb)
		if r == nil {
			continue
		}
		if first, dup := resources[r.Name]; dup {
			l.errorf(cb.LabelRanges[0], "Duplicate resource", "Service %q already declares resource %q at %s.", s.ID, r.Name, posString(first.DeclRange))
			continue
		}
		resources[r.Name] = r
		s.Resources = append(s.Resources, r)
	}
	l.checkCapacity(s)
	return s
}

// extend applies an `extend "ID"` block: its depends_on blocks and tags
// join service ID, declared in a service block of any file. It lets a
// generated file (blast import --into) add to a model without rewriting
// the user's files, so it only adds: extending an undeclared service, or
// declaring a dependency the service already has, is an error.
func (l *loader) extend(b *hcl.Block, services map[string]*Service) {
	id := b.Labels[0]
	if !l.checkID("service", id, b.LabelRanges[0]) {
		return
	}
	s := services[id]
	if s == nil {
		ids := make([]string, 0, len(services))
		for k := range services {
			ids = append(ids, k)
		}
		l.errorf(b.LabelRanges[0], "Unknown service", "extend names %q, but no service %q is declared in any file.%s An extend block adds to a service declared elsewhere: declare it in a service block, or fix the name.", id, id, didYouMean(id, ids))
		return
	}
	attrs, blocks, ok := l.blockContent(b, extendSchema)
	if !ok {
		return
	}
	tags, _, _ := l.getStringList(attrs, "tags")
	for _, t := range tags {
		if !slices.Contains(s.Tags, t) {
			s.Tags = append(s.Tags, t)
		}
	}
	for _, cb := range blocks {
		dep := l.decodeDependency(s.ID, cb)
		if first := s.dependency(dep.To); first != nil {
			l.errorf(dep.LabelRange, "Duplicate dependency", "Service %q already depends on %q at %s. An extend block adds only what a service lacks: remove this depends_on block, or change the first one.", s.ID, dep.To, posString(first.LabelRange))
			continue
		}
		s.DependsOn = append(s.DependsOn, dep)
	}
}

// dependency returns s's dependency on id, or nil.
func (s *Service) dependency(id string) *Dependency {
	for _, d := range s.DependsOn {
		if d.To == id {
			return d
		}
	}
	return nil
}

func (l *loader) decodeDependency(from string, b *hcl.Block) *Dependency {
	d := &Dependency{From: from, To: b.Labels[0], Impact: ImpactOutage, Tested: true, DeclRange: b.DefRange, LabelRange: b.LabelRanges[0]}
	attrs, blocks, ok := l.blockContent(b, dependsOnSchema)
	if !ok {
		return d
	}
	imp, _ := l.getEnum(attrs, "impact", impactNames, "outage")
	d.Impact, _ = ParseImpact(imp)
	if after, _, ok := l.getDuration(attrs, "after"); ok {
		d.After = after
	}
	if g, _, ok := l.getString(attrs, "group"); ok {
		d.Group = g
	}
	d.Tested = l.getBool(attrs, "tested", true)
	if n, _, ok := l.getString(attrs, "note"); ok {
		d.Note = n
	}
	l.decodeTimeout(d, attrs)
	for _, cb := range blocks {
		switch {
		case cb.Type == "retry" && d.Retry != nil:
			l.errorf(cb.DefRange, "Duplicate retry block", "This dependency already has a retry block at %s. A dependency has at most one.", posString(d.Retry.DeclRange))
		case cb.Type == "retry":
			d.Retry = l.decodeRetry(cb)
		case d.Buffer != nil:
			l.errorf(cb.DefRange, "Duplicate buffer block", "This dependency already has a buffer at %s. A dependency has at most one buffer.", posString(d.Buffer.DeclRange))
		default:
			d.Buffer = l.decodeBuffer(cb)
		}
	}
	return d
}

func (l *loader) decodeBuffer(b *hcl.Block) *Buffer {
	buf := &Buffer{OnFull: OnFullBlock, DeclRange: b.DefRange}
	attrs, _, ok := l.blockContent(b, bufferSchema)
	if !ok {
		return buf
	}
	of, _ := l.getEnum(attrs, "on_full", onFullNames, "block")
	buf.OnFull = OnFull(of)
	buf.Tested = l.getBool(attrs, "tested", false)

	capOK, rateOK := false, false
	var rateAttr *hcl.Attribute
	if v, a, ok := l.attrValue(attrs, "capacity"); ok {
		buf.Capacity, capOK = l.quantity(v, a, ParseSize, "size", `"2GiB" or a number of items`)
	}
	if v, a, ok := l.attrValue(attrs, "fill_rate"); ok {
		rateAttr = a
		buf.FillRate, rateOK = l.quantity(v, a, ParseRate, "rate", `"34MiB/min" or "1200/s"`)
		if rateOK && buf.FillRate <= 0 {
			l.errorf(a.Expr.Range(), "Invalid rate", "fill_rate must be greater than zero: a buffer that never fills needs no buffer block.")
			rateOK = false
		}
	}
	fillsIn, fa, fillsOK := l.getDuration(attrs, "fills_in")
	if attrs.get("fills_in") == nil {
		for _, n := range []string{"capacity", "fill_rate"} {
			if attrs.get(n) == nil {
				l.errorf(b.DefRange, "Missing required argument", "The argument %q is required unless fills_in is given: a buffer needs capacity and fill_rate, or fills_in.", n)
			}
		}
	}
	if capOK && rateOK {
		secs := buf.Capacity / buf.FillRate
		if secs > MaxDuration.Seconds() {
			l.errorf(rateAttr.Expr.Range(), "Value out of range", "This buffer takes %.3g years to fill: capacity / fill_rate must be at most 100 years.", secs/(365*86400))
		} else {
			computed := time.Duration(math.Round(secs * float64(time.Second)))
			if fillsOK {
				if math.Abs(computed.Seconds()-fillsIn.Seconds()) > 0.01*fillsIn.Seconds() {
					l.errorf(fa.Expr.Range(), "Inconsistent buffer", "fills_in is %s, but capacity / fill_rate gives %s. Remove fills_in or make the three agree (within 1%%).", fillsIn, computed)
				}
			} else {
				buf.FillsIn = computed
			}
		}
	}
	if fillsOK {
		buf.FillsIn = fillsIn
	}
	return buf
}

// quantity reads a size or rate: a number, or a string in the given syntax.
func (l *loader) quantity(v cty.Value, a *hcl.Attribute, parse func(string) (float64, error), kind, example string) (float64, bool) {
	if v.Type() == cty.Number {
		f, err := ctyNumber(v)
		if err == nil && f < 0 {
			err = fmt.Errorf("%s is negative", formatNum(f))
		}
		if !l.valid(a, "Invalid "+kind, invalidValue(a.Name, err, "")) {
			return 0, false
		}
		return f, true
	}
	sv, ok := l.convertTo(v, cty.String, a)
	if !ok {
		return 0, false
	}
	f, err := parse(sv.AsString())
	return f, l.valid(a, "Invalid "+kind, invalidValue(a.Name, err, "a "+kind+" such as "+example))
}

func (l *loader) decodeFleet(b *hcl.Block) *Fleet {
	f := &Fleet{Cells: 1, DeclRange: b.DefRange, AttrRanges: map[string]hcl.Range{}}
	attrs := l.blockAttrs(b, fleetSchema, f.AttrRanges)
	serversOK := false
	if n, _, ok := l.getCount(attrs, "servers", 1); ok {
		f.Servers, serversOK = n, true
	}
	if n, a, ok := l.getCount(attrs, "cells", 1); ok {
		f.Cells = n
		if serversOK && n > f.Servers {
			l.errorf(a.Expr.Range(), "Too many cells", "cells (%d) must not exceed servers (%d): every cell holds at least one server.", n, f.Servers)
		}
	}
	if d, _, ok := l.getDuration(attrs, "cold_start"); ok {
		f.ColdStart = d
	}
	if r, a, ok := l.getNumber(attrs, "restart_rate"); ok {
		if r <= 0 {
			l.errorf(a.Expr.Range(), "Invalid restart_rate", "restart_rate is servers per hour and must be greater than zero, not %s.", formatNum(r))
		} else {
			f.RestartRate = r
		}
	}
	if d, a, ok := l.getDuration(attrs, "rto"); ok {
		if d <= 0 {
			l.errorf(a.Expr.Range(), "Invalid rto", "rto must be greater than zero.")
		} else {
			f.RTO = d
		}
	}
	return f
}

// ScopeSize is today's N for a resource of the given scope: the whole
// fleet, or the largest cell (ceil(servers / cells)), which reaches a limit
// first.
func (f *Fleet) ScopeSize(s Scope) int {
	if s == ScopeCell && f.Cells > 1 {
		return (f.Servers + f.Cells - 1) / f.Cells
	}
	return f.Servers
}

func (l *loader) decodeResource(s *Service, b *hcl.Block) *Resource {
	name := b.Labels[0]
	r := &Resource{Name: name, Unit: name, Scope: ScopeFleet, DeclRange: b.DefRange, AttrRanges: map[string]hcl.Range{}}
	if s.Fleet == nil {
		l.errorf(b.DefRange, "Resource without fleet", "Resource %q needs a fleet block in service %q: per_server is a function of the number of servers. Add fleet { servers = ... }.", name, s.ID)
	}
	if name == "" {
		l.errorf(b.LabelRanges[0], "Invalid resource name", "A resource needs a non-empty name, such as \"threads\".")
		return nil
	}
	if d := textDiag("resource name", name, b.LabelRanges[0]); d != nil {
		l.add(d)
		return nil
	}
	attrs := l.blockAttrs(b, resourceSchema, r.AttrRanges)
	if lim, a, ok := l.getNumber(attrs, "limit"); ok {
		if lim <= 0 {
			l.errorf(a.Expr.Range(), "Invalid limit", "limit must be greater than zero, not %s.", formatNum(lim))
		} else {
			r.Limit = lim
		}
	}
	sc, _ := l.getEnum(attrs, "scope", scopeNames, "fleet")
	r.Scope = Scope(sc)
	if u, _, ok := l.getString(attrs, "unit"); ok {
		r.Unit = u
	}
	if a := attrs.get("per_server"); a != nil {
		src := ""
		if f := l.m.Files[a.Expr.Range().Filename]; f != nil {
			rng := a.Expr.Range()
			if rng.Start.Byte >= 0 && rng.End.Byte <= len(f.Bytes) && rng.Start.Byte <= rng.End.Byte {
				src = string(f.Bytes[rng.Start.Byte:rng.End.Byte])
			}
		}
		if law, ok := quotedExpression(a.Expr); ok {
			// A law written in quotes is a string, not an expression: a
			// newcomer's likeliest mistake, so say how to write it.
			l.errorf(a.Expr.Range(), "per_server is a string", "per_server is an expression in N, not a string: remove the quotes, as in per_server = %s.", law)
			r.PerServer, r.PerServerSrc = a.Expr, src
			r.Law = lawError(fmt.Errorf("per_server of %s.%s is a string", s.ID, name))
			return r
		}
		if d := l.ev.checkVars(a.Expr, true); d.HasErrors() {
			l.add(d...)
			r.PerServer, r.PerServerSrc = a.Expr, src
			r.Law = lawError(fmt.Errorf("per_server of %s.%s is invalid", s.ID, name))
			return r
		}
		if err := r.setLaw(a.Expr, src, l.ev.ctx); err != nil {
			l.add(err...)
			return r
		}
		if s.Fleet != nil && s.Fleet.Servers > 0 {
			if d := r.checkLaw(s.Fleet); d != nil {
				l.add(d)
			}
		}
	}
	return r
}

// lawError is the Law of a resource whose per_server is invalid.
func lawError(err error) func(float64) (float64, error) {
	return func(float64) (float64, error) { return 0, err }
}

// setLaw installs per_server as the resource's Law, evaluated with N bound
// in a child of ctx so that locals and functions stay in scope.
func (r *Resource) setLaw(expr hcl.Expression, src string, ctx *hcl.EvalContext) hcl.Diagnostics {
	r.PerServer, r.PerServerSrc, r.lawKey = expr, src, lawKey(expr, src, ctx)
	r.Law = func(n float64) (float64, error) {
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return 0, fmt.Errorf("per_server: N must be a finite number")
		}
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{"N": cty.NumberFloatVal(n)}
		v, d := expr.Value(child)
		fail := func(reason string) (float64, error) {
			return 0, &LawError{Range: expr.Range(), N: n, Reason: reason}
		}
		if d.HasErrors() {
			return fail(": " + diagText(d))
		}
		if v.IsNull() || !v.IsWhollyKnown() {
			return fail(" has no value")
		}
		v, _ = v.Unmark()
		if v.Type() != cty.Number {
			return fail(" is " + typeName(v.Type()) + ", not a number")
		}
		bf := v.AsBigFloat()
		f, _ := bf.Float64()
		if bf.IsInf() || math.IsInf(f, 0) || math.IsNaN(f) {
			return fail(" is not a finite number")
		}
		return f, nil
	}
	return nil
}

// checkLaw evaluates the law at the fleet's current scope size, then at
// lawProbes.
func (r *Resource) checkLaw(f *Fleet) *hcl.Diagnostic { return r.lawDiag(r.probeLaw(f)) }

// diagText joins the summaries and details of error diagnostics.
func diagText(d hcl.Diagnostics) string {
	var parts []string
	for _, x := range d {
		if x.Severity != hcl.DiagError {
			continue
		}
		s := x.Summary
		if x.Detail != "" {
			s += ": " + x.Detail
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// quotedExpression reports whether expr is a quoted string (native syntax)
// whose text is itself an expression of N (and locals), and returns that
// text: "1000 + 7 * (N - 1)" is a law in quotes, "many" is just a string.
func quotedExpression(expr hcl.Expression) (string, bool) {
	t, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || !t.IsStringLiteral() {
		return "", false
	}
	v, d := t.Value(nil)
	if d.HasErrors() || v.Type() != cty.String {
		return "", false
	}
	text := v.AsString()
	inner, d := hclsyntax.ParseExpression([]byte(text), "", hcl.InitialPos)
	if d.HasErrors() {
		return "", false
	}
	usesN := false
	for _, tr := range inner.Variables() {
		switch tr.RootName() {
		case "N":
			usesN = true
		case "local":
		default:
			return "", false
		}
	}
	return text, usesN
}
