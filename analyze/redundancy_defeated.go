package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"

	"github.com/blast-tool/blast/model"
)

// RedundancyDefeated reports redundancy groups whose alternatives all fail
// together: one single failure impairs every member, so the redundancy is
// only on paper. The defeating failures are the intersection, over the
// members, of the failures that take each member out (the member itself
// included).
var RedundancyDefeated = &Analyzer{
	Name:     "redundancy-defeated",
	Doc:      "a redundancy group whose members are all impaired by one single failure",
	Requires: []*Analyzer{FateAnalyzer},
	IsRule:   true,
	Run: func(p *Pass) (any, error) {
		fate := p.ResultOf[FateAnalyzer].(*Fate)
		g := p.Graph
		pf := newPathFinder(g)
		for _, grp := range g.Groups {
			if len(grp.Edges) < 2 {
				continue // a group of one is no redundancy; nothing to defeat
			}
			// Intersect the members' ascending cause lists by merging.
			var common []int32
			var members []string
			for i, k := range grp.Edges {
				members = append(members, g.ID(g.Edges[k].To))
				if i == 0 {
					common = fate.outageCauses(g, k)
				} else if len(common) > 0 {
					common = intersectSorted(common, fate.outageCauses(g, k))
				}
			}
			all := make([]int, 0, len(common))
			for _, u := range common {
				if int(u) != grp.Service {
					all = append(all, int(u))
				}
			}
			if len(all) == 0 {
				continue
			}
			near := fate.Immediate(all)
			owner := g.Services[grp.Service]
			sev := Warning
			if owner.Criticality == model.Critical || owner.Criticality == model.High {
				sev = Error
			}
			defeaters := ids(g, near)
			f := Finding{
				Severity: sev,
				Message: fmt.Sprintf("%s's redundancy group %q (%s) is defeated: a failure of %s alone takes out every alternative",
					owner.ID, grp.Name, words.And(members), words.Or(defeaters)),
				Subjects: append([]string{owner.ID}, defeaters...),
				Path:     pf.path(grp.Service, near[0], model.ImpactOutage),
				Range:    RangeOf(g.Edges[grp.Edges[0]].Dep.DeclRange),
				Data:     map[string]any{"group": grp.Name, "members": members, "defeated_by": ids(g, all)},
			}
			p.Report(f)
		}
		return nil, nil
	},
}
