package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"

	"github.com/blast-tool/blast/model"
)

// MonitoringSelfDependence reports observers (role monitoring or status) that
// go blind exactly when they are needed: impaired when something they watch
// fails, or impaired by the same single failure that takes it out.
// CloudWatch ran on Kinesis; the status page's tool signed in through Cognito.
var MonitoringSelfDependence = &Analyzer{
	Name:     "monitoring-self-dependence",
	Doc:      "an observer that is impaired when something it monitors fails, or that shares one failure with it",
	Requires: []*Analyzer{FateAnalyzer},
	IsRule:   true,
	Run: func(p *Pass) (any, error) {
		fate := p.ResultOf[FateAnalyzer].(*Fate)
		g := p.Graph
		pf := newPathFinder(g)
		for o, s := range g.Services {
			if !s.Role.IsObserver() || len(s.Monitors) == 0 {
				continue
			}
			// impairs(u): u's single failure impairs o. A binary search in
			// o's recorded lists (Impact.Effect), not a set built from
			// Degraders(o), which at 10^5 services runs to 10^4 entries.
			impairs := func(u int) bool { return u != o && fate.Impact.Effect(u, o) >= model.ImpactDegraded }
			for _, id := range s.Monitors {
				m, ok := g.Index(id)
				if !ok || m == o {
					continue
				}
				if impairs(m) {
					out := fate.IsSPOF(m, o)
					sev, verb := Warning, "is degraded"
					if out {
						sev, verb = Error, "fails"
					}
					path := pf.path(o, m, model.ImpactDegraded)
					p.Report(Finding{
						Severity: sev,
						Message:  fmt.Sprintf("%s monitors %s but %s when it fails: it goes blind exactly when it is needed", s.ID, id, verb),
						Subjects: []string{s.ID, id},
						Path:     path,
						Range:    observerRange(s, path),
						Data:     map[string]any{"state": stateWord(out)},
					})
					continue
				}
				// A common cause: one failure that takes m out and impairs o.
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
				u := near[0]
				out := fate.IsSPOF(u, o)
				sev := Warning
				if out {
					sev = Error
				}
				path := pf.path(o, u, model.ImpactDegraded)
				p.Report(Finding{
					Severity: sev,
					Message: fmt.Sprintf("%s monitors %s but shares its fate: a failure of %s takes %s out and %s %s",
						s.ID, id, words.Or(ids(g, near)), id, map[bool]string{true: "fails", false: "degrades"}[out], s.ID),
					Subjects: []string{s.ID, id},
					Path:     path,
					Range:    observerRange(s, path),
					Data:     map[string]any{"state": stateWord(out), "shared_failures": ids(g, shared)},
				})
			}
		}
		return nil, nil
	},
}

func stateWord(out bool) string {
	if out {
		return "outage"
	}
	return "degraded"
}

// observerRange locates a finding about an observer: the depends_on block of
// the first hop when known, else the monitors attribute, else the block.
func observerRange(s *model.Service, path []string) *Range {
	if len(path) > 1 {
		if r := dependencyRange(s, path[1]); r != nil {
			return r
		}
	}
	if s.MonitorsRange.Filename != "" {
		return RangeOf(s.MonitorsRange)
	}
	return RangeOf(s.DeclRange)
}
