package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// CircularDependency reports services that need each other with impact
// outage and no alternative: after a full outage none of them can cold-start
// first. Each strongly connected component of hard edges (Tarjan 1972) is one
// finding, with one concrete cycle as its path.
var CircularDependency = &Analyzer{
	Name:     "circular-dependency",
	Doc:      "services that need each other with impact outage: none of them can cold-start first",
	Requires: []*Analyzer{CyclesAnalyzer},
	IsRule:   true,
	Run: func(p *Pass) (any, error) {
		g := p.Graph
		for _, c := range p.ResultOf[CyclesAnalyzer].([]graph.Cycle) {
			members := ids(g, c.Members)
			sev := Warning
			for _, n := range c.Members {
				if g.Services[n].Criticality == model.Critical {
					sev = Error
				}
			}
			path := make([]string, len(c.Path))
			for i, n := range c.Path {
				path[i] = g.ID(n)
			}
			msg := fmt.Sprintf("%s need each other with impact outage: after a full outage none of them can cold-start first", words.And(members))
			if len(members) == 1 {
				msg = fmt.Sprintf("%s needs itself with impact outage: after a full outage it cannot cold-start", members[0])
			}
			var rng *Range
			if len(path) > 1 {
				rng = dependencyRange(g.Services[c.Path[0]], path[1])
			}
			p.Report(Finding{
				Severity: sev,
				Message:  msg,
				Subjects: members,
				Path:     path,
				Range:    rng,
				Data:     map[string]any{"size": len(members)},
			})
		}
		return nil, nil
	},
}
