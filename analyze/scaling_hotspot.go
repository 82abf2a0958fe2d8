package analyze

import (
	"fmt"
	"maps"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/model"
)

// scalingFact is the scaling analysis of every resource (see package
// scaling), computed once for the scaling rules, in service order then
// declaration order. A law that cannot be evaluated fails the run: the
// model is invalid.
var scalingFact = newFact("scaling", "growth class, largest fleet and headroom of every resource",
	func(p *Pass) ([]scaledResource, error) {
		var out []scaledResource
		for _, svc := range p.Model.Services {
			if svc == nil || svc.Fleet == nil {
				continue
			}
			for _, r := range svc.Resources {
				if r == nil || r.Law == nil {
					continue
				}
				a, err := scaling.Analyze(svc, r, p.Policy.Headroom)
				if err != nil {
					return nil, err
				}
				out = append(out, scaledResource{Resource: r, Result: a})
			}
		}
		return out, nil
	})

// scaledResource is one analysed resource.
type scaledResource struct {
	Resource *model.Resource
	Result   scaling.Result
}

// scalingHotspot reports resources whose per-server use grows with the fleet.
// The Kinesis front end opened one thread per peer: every server added made
// every other server heavier, so the fleet's total grew as N^2 and one small
// capacity addition crossed the per-server limit on every server at once.
// Linear or faster growth is a warning; logarithmic growth is info, as is a
// cell-scoped law, which cells bound as long as the fleet grows by cells.
var scalingHotspot = &Analyzer{
	Name: "scaling-hotspot",
	Doc: `A per-server resource whose use grows with the fleet.

Per-server use of the resource grows with the number of servers in its
scope, so the aggregate grows as O(N^2) or worse; the Kinesis front-end
opened one OS thread per peer.`,
	Help:     "Bound the per-server use (fixed-size peer sets, shared connection pools) or cellularise the fleet so N counts one cell.",
	Severity: Warning,
	Requires: []*Analyzer{scalingFact.Analyzer},
	Run: perResource(func(p *Pass, f scaledResource) *Finding {
		r := f.Result
		if !r.Growth.Grows() {
			return nil
		}
		what := fmt.Sprintf("%s per server", r.Unit)
		switch {
		case !r.FleetHotspot && r.Growth.AtLeastLinear():
			msg := fmt.Sprintf("%s: %s grow as %s within a cell (%s today), so a cell's total grows as %s; cells bound it as long as the fleet grows by adding cells",
				r.Service, what, r.Growth, words.Count(r.ScopeN, "server"), r.AggregateGrowth)
			if r.MaxScope < scaling.MaxSearch {
				msg += fmt.Sprintf(" (a cell holds at most %s within %s)", words.Count(r.MaxScope, "server"), words.Limit(r.Limit, r.Unit))
			}
			return &Finding{Severity: Info, Message: msg}
		case r.Growth.AtLeastLinear():
			grow := r.Growth.String()
			if r.Growth.Compare(scaling.Growth{Exponent: 1}) == 0 {
				grow += " (" + scalingPerPeer(f) + ")"
			}
			msg := fmt.Sprintf("%s: %s grow as %s, so the fleet's total grows as %s: every server added makes every other server heavier",
				r.Service, what, grow, r.AggregateGrowth)
			if r.MaxScope < scaling.MaxSearch {
				msg += fmt.Sprintf("; %s is crossed at %s", words.Limit(r.Limit, r.Unit), words.Count(r.MaxServers+1, "server"))
			}
			return &Finding{Severity: Warning, Message: msg}
		}
		scope := "the fleet's"
		if r.Scope == model.ScopeCell {
			scope = "a cell's"
		}
		return &Finding{Severity: Info, Message: fmt.Sprintf("%s: %s grow as %s, so %s total grows as %s: slowly, but it never levels off",
			r.Service, what, r.Growth, scope, r.AggregateGrowth)}
	}),
}

// perResource is the Run of a scaling rule: judge looks at one analysed
// resource and returns the severity, message and extra data of its
// finding, or nil; perResource reports it about the resource's service, at
// the resource's block, with the figures every scaling finding carries.
func perResource(judge func(p *Pass, f scaledResource) *Finding) func(*Pass) (any, error) {
	return func(p *Pass) (any, error) {
		for _, f := range scalingFact.Of(p) {
			fd := judge(p, f)
			if fd == nil {
				continue
			}
			data := scalingData(f.Result)
			maps.Copy(data, fd.Data)
			fd.Subjects, fd.Range, fd.Data = []string{f.Result.Service}, RangeOf(f.Resource.DeclRange), data
			p.Report(*fd)
		}
		return nil, nil
	}
}

// scalingData holds the figures every scaling finding carries: max_servers
// (null when no N up to scaling.MaxSearch crosses the limit) and growth, as
// the contract names them, and the aggregate class.
func scalingData(r scaling.Result) map[string]any {
	d := map[string]any{
		"resource":         r.Resource,
		"scope":            string(r.Scope),
		"growth":           r.Growth.String(),
		"aggregate_growth": r.AggregateGrowth.String(),
		"max_servers":      nil,
	}
	if r.MaxScope < scaling.MaxSearch {
		d["max_servers"] = r.MaxScope
		d["max_fleet"] = r.MaxServers
	}
	return d
}

// scalingPerPeer describes the slope of a linear law at today's size as a
// count per peer ("7 per peer", "one per 10 peers"): the marginal cost each
// new server puts on every other one.
func scalingPerPeer(f scaledResource) string {
	hi := max(f.Result.ScopeN, 2)
	lo := hi / 2
	a, errA := f.Resource.Law(float64(lo))
	b, errB := f.Resource.Law(float64(hi))
	if errA != nil || errB != nil || b <= a {
		return "linear in the number of peers"
	}
	d := (b - a) / float64(hi-lo)
	if d >= 0.95 {
		return words.Num(d) + " per peer"
	}
	return "one per " + words.Num(1/d) + " peers"
}
