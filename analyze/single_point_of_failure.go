package analyze

import (
	"cmp"
	"fmt"

	"github.com/blast-tool/blast/model"
)

// singlePointOfFailure reports, for every critical service, the services
// whose failure alone takes it out, redundancy groups taken into account.
//
// Only the nearest such services are reported (see fateRelation.Immediate):
// when dynamodb takes out kinesis-frontend which takes out cognito,
// cognito's finding names kinesis-frontend and kinesis-frontend's names
// dynamodb. The full lists are in the JSON `single_points_of_failure` of
// each service.
var singlePointOfFailure = &Analyzer{
	Name: "single-point-of-failure",
	Doc: `A service whose failure alone takes a critical service down.

The failure of this one service causes an outage of a critical service,
after redundancy groups are taken into account. In the Kinesis outage of
2020-11-25 the monolithic front-end fleet was such a service for CloudWatch,
Cognito and Lambda.`,
	Help:     "Add a tested alternative in a redundancy group, cellularise the dependency, or make the edge degrade instead of failing.",
	Severity: Error,
	Requires: []*Analyzer{fateFact.Analyzer, pathsFact.Analyzer},
	Run: func(p *Pass) (any, error) {
		fate, paths := fateFact.Of(p), pathsFact.Of(p)
		for v, s := range p.Graph.Services {
			if s.Criticality != model.Critical {
				continue
			}
			for _, u := range fate.Immediate(fate.Impact.SPOFs(v)) {
				id, victims := p.Graph.ID(u), len(fate.Victims[u])
				msg := fmt.Sprintf("%s is a single point of failure of %s (critical): its failure alone takes %s out", id, s.ID, s.ID)
				if victims > 1 {
					msg += fmt.Sprintf(", with %d services in all", victims)
				}
				path := paths.path(v, u, model.ImpactOutage)
				p.Report(Finding{
					Severity: Error,
					Message:  msg,
					Subjects: []string{s.ID, id},
					Path:     path,
					Range:    cmp.Or(firstHopRange(s, path), RangeOf(s.DeclRange)),
					Data:     map[string]any{"victims": victims},
				})
			}
		}
		return nil, nil
	},
}
