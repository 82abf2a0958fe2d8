package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/model"
)

// limitHeadroom reports a resource already over its per-server limit
// (error), or one that adding the policy's headroom fraction of servers, or
// fewer, pushes over it (warning). Kinesis ran 239 servers (5.6%) below its
// thread limit; the 500 servers added on 2020-11-25 crossed it on every
// front-end server.
var limitHeadroom = &Analyzer{
	Name: "limit-headroom",
	Doc: `A resource over its limit, or one that a small addition pushes over.

The resource's per-server use already exceeds its limit (error), or adding
the policy's headroom fraction of servers pushes it over (warning).
data.max_servers is the largest fleet or cell that fits.`,
	Help:     "Raise the limit with margin, reduce per-server use, or split the fleet into cells below max_servers.",
	Severity: Error,
	Requires: []*Analyzer{scalingFact.Analyzer},
	Run: perResource(func(p *Pass, f scaledResource) *Finding {
		r := f.Result
		if !r.OverLimit && !r.CrossesWithin {
			return nil
		}
		at := words.Count(r.Servers, "server")
		if r.Scope == model.ScopeCell && r.Cells > 1 {
			at = fmt.Sprintf("%s per cell (%s in %d cells)", words.Count(r.ScopeN, "server"), at, r.Cells)
		}
		limit := words.Limit(r.Limit, r.Unit)
		fd := &Finding{Data: map[string]any{"use_now": r.UseNow, "limit": r.Limit,
			"headroom_servers": r.HeadroomServers, "headroom_fraction": r.HeadroomFraction}}
		if r.OverLimit {
			fd.Severity = Error
			fd.Message = fmt.Sprintf("%s uses %s %s per server at %s, over %s", r.Service, words.Num(r.UseNow), r.Unit, at, limit)
			if r.MaxServers >= 0 && r.HeadroomServers < 0 {
				fd.Message += fmt.Sprintf(": at most %s fit", words.Count(r.MaxServers, "server"))
			}
			return fd
		}
		add := r.HeadroomServers + 1
		fd.Severity = Warning
		fd.Message = fmt.Sprintf("%s: adding %s (%s) crosses %s (%s %s per server today at %s; the policy headroom is %s)",
			r.Service, words.Count(add, "server"), words.Percent(float64(add)/float64(max(r.Servers, 1))),
			limit, words.Num(r.UseNow), r.Unit, at, words.Num(p.Policy.Headroom*100)+"%")
		return fd
	}),
}
