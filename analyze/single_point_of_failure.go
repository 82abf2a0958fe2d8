package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/model"
)

// SinglePointOfFailure reports, for every critical service, the services whose
// failure alone takes it out, redundancy groups taken into account.
//
// Only the nearest such services are reported (see Fate.Immediate): when
// dynamodb takes out kinesis-frontend which takes out cognito, cognito's
// finding names kinesis-frontend and kinesis-frontend's names dynamodb. The
// full lists are in the JSON `single_points_of_failure` of each service.
var SinglePointOfFailure = &Analyzer{
	Name:     "single-point-of-failure",
	Doc:      "a service whose failure alone causes an outage of a critical service",
	Requires: []*Analyzer{FateAnalyzer},
	IsRule:   true,
	Run: func(p *Pass) (any, error) {
		fate := p.ResultOf[FateAnalyzer].(*Fate)
		g := p.Graph
		pf := newPathFinder(g)
		for v, s := range g.Services {
			if s.Criticality != model.Critical {
				continue
			}
			all := fate.Impact.SPOFs(v)
			for _, u := range fate.Immediate(all) {
				path := pf.path(v, u, model.ImpactOutage)
				msg := fmt.Sprintf("%s is a single point of failure of %s (critical): its failure alone takes %s out",
					g.ID(u), s.ID, s.ID)
				if n := len(fate.Victims[u]); n > 1 {
					msg += fmt.Sprintf(", with %d services in all", n)
				}
				f := Finding{
					Severity: Error,
					Message:  msg,
					Subjects: []string{s.ID, g.ID(u)},
					Path:     path,
					Range:    RangeOf(s.DeclRange),
					Data:     map[string]any{"victims": len(fate.Victims[u])},
				}
				if len(path) > 1 {
					if d := dependencyRange(s, path[1]); d != nil {
						f.Range = d
					}
				}
				p.Report(f)
			}
		}
		return nil, nil
	},
}

// dependencyRange returns the range of service s's depends_on block for dep.
func dependencyRange(s *model.Service, dep string) *Range {
	for _, d := range s.DependsOn {
		if d.To == dep {
			return RangeOf(d.DeclRange)
		}
	}
	return nil
}
