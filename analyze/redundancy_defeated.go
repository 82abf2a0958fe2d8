package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// redundancyDefeated reports redundancy groups whose alternatives all fail
// together: one single failure impairs every member, so the redundancy is
// only on paper. The defeating failures are the intersection, over the
// members, of the failures that take each member out (the member itself
// included).
var redundancyDefeated = &Analyzer{
	Name: "redundancy-defeated",
	Doc: `A redundancy group whose members all fail with one single failure.

Every member of the redundancy group is impaired by the failure of one
service, so the alternatives share fate and the redundancy exists only on
paper.`,
	Help:     "Give the alternatives independent dependencies (different stores, networks, auth providers).",
	Severity: Error,
	Requires: failureFacts,
	Run: explainFailure(func(p *Pass, g *graph.Graph, fate *fateRelation, paths *pathFinder, table []string) (any, error) {
		for _, grp := range g.Groups {
			if len(grp.Edges) < 2 {
				continue // a group of one is no redundancy; nothing to defeat
			}
			common := fate.commonCauses(g, grp.Edges, -1) // ascending
			all := make([]int, 0, len(common))
			for _, u := range common {
				if int(u) != grp.Service {
					all = append(all, int(u))
				}
			}
			if len(all) == 0 {
				continue
			}
			var members []string
			for _, k := range grp.Edges {
				members = append(members, g.ID(g.Edges[k].To))
			}
			near := fate.Immediate(all)
			owner := g.Services[grp.Service]
			sev := Warning
			if owner.Criticality == model.Critical || owner.Criticality == model.High {
				sev = Error
			}
			defeaters := ids(g, near)
			p.Report(Finding{
				Severity: sev,
				// At most maxNamed of each list in words: a group behind a
				// giant cycle has hundreds of defeaters (Subjects has them all).
				Message: fmt.Sprintf("%s's redundancy group %q (%s) is defeated: a failure of %s alone takes out every alternative",
					owner.ID, grp.Name, named(members), namedOr(defeaters)),
				Subjects: append([]string{owner.ID}, defeaters...),
				Path:     paths.path(grp.Service, near[0], model.ImpactOutage),
				Range:    RangeOf(g.Edges[grp.Edges[0]].Dep.DeclRange),
				Data:     map[string]any{"group": grp.Name, "members": members, "defeated_by": namesOf(table, all)},
			})
		}
		return nil, nil
	}),
}
