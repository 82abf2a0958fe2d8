package analyze

import (
	"cmp"
	"fmt"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// monitoringSelfDependence reports observers (role monitoring or status)
// that go blind exactly when they are needed: impaired when something they
// watch fails, or impaired by the same single failure that takes it out.
// CloudWatch ran on Kinesis; the status page's tool signed in through
// Cognito.
var monitoringSelfDependence = &Analyzer{
	Name: "monitoring-self-dependence",
	Doc: `An observer that fails together with what it watches.

A monitoring or status service is impaired when something it monitors fails,
or shares one failure with it: the alarms go quiet exactly when they are
needed. In 2020 CloudWatch depended on Kinesis, and the Service Health
Dashboard's publishing tool on Cognito.`,
	Help:     "Run observers on an independent stack, or give them a tested fallback path that avoids the monitored services.",
	Severity: Error,
	Requires: failureFacts,
	Run: explainFailure(func(p *Pass, g *graph.Graph, fate *fateRelation, paths *pathFinder, table []string) (any, error) {
		for o, s := range g.Services {
			if !s.Role.IsObserver() {
				continue
			}
			// impairs(u): u's single failure impairs o. A binary search in
			// o's recorded lists (Impact.Effect), not a set built from
			// Degraders(o), which at 10^5 services runs to 10^4 entries.
			impairs := func(u int) bool { return u != o && fate.Impact.Effect(u, o) >= model.ImpactDegraded }
			// blind reports that o goes blind when cause fails, which also
			// impairs m, a service o watches; out: that failure takes o out.
			blind := func(m string, cause int, out bool, msg string, data map[string]any) {
				sev, state := Warning, model.ImpactDegraded
				if out {
					sev, state = Error, model.ImpactOutage
				}
				data["state"] = state.String()
				path := paths.path(o, cause, model.ImpactDegraded)
				p.Report(Finding{
					Severity: sev,
					Message:  msg,
					Subjects: []string{s.ID, m},
					Path:     path,
					Range:    cmp.Or(firstHopRange(s, path), RangeOf(s.MonitorsRange), RangeOf(s.DeclRange)),
					Data:     data,
				})
			}
			for _, id := range s.Monitors {
				m, ok := g.Index(id)
				if !ok || m == o {
					continue
				}
				if impairs(m) {
					out, verb := fate.IsSPOF(m, o), "is degraded"
					if out {
						verb = "fails"
					}
					blind(id, m, out, fmt.Sprintf("%s monitors %s but %s when it fails: it goes blind exactly when it is needed", s.ID, id, verb), map[string]any{})
					continue
				}
				// A common cause: one failure that takes m out and impairs o,
				// ascending (spofs are).
				var shared []int
				for _, u := range fate.spofs[m] {
					if impairs(int(u)) {
						shared = append(shared, int(u))
					}
				}
				if len(shared) == 0 {
					continue
				}
				near := fate.Immediate(shared)
				out, verb := fate.IsSPOF(near[0], o), "degrades"
				if out {
					verb = "fails"
				}
				blind(id, near[0], out, fmt.Sprintf("%s monitors %s but shares its fate: a failure of %s takes %s out and %s %s",
					s.ID, id, namedOr(ids(g, near)), id, verb, s.ID), map[string]any{"shared_failures": namesOf(table, shared)})
			}
		}
		return nil, nil
	}),
}
