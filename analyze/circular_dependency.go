package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/model"
)

// circularDependency reports services that need each other through hard
// dependencies (graph.Graph.HardEdge: the language's definition): after a
// full outage none of them can cold-start first. Each strongly connected
// component of hard edges (Tarjan 1972) is one finding, with one concrete
// cycle as its path.
var circularDependency = &Analyzer{
	Name: "circular-dependency",
	Doc: `Services that need each other to run.

Services depend on each other with impact outage, so none of them can
cold-start first after a full outage.`,
	Help:     "Break the cycle: make one edge degraded with a buffer, or give one service a bootstrap path that avoids the others.",
	Severity: Error,
	Run: func(p *Pass) (any, error) {
		g := p.Graph
		for _, c := range g.HardCycles() {
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
			msg := fmt.Sprintf("%s need each other with impact outage: after a full outage none of them can cold-start first", named(members))
			if len(members) == 1 {
				msg = fmt.Sprintf("%s needs itself with impact outage: after a full outage it cannot cold-start", members[0])
			}
			p.Report(Finding{
				Severity: sev,
				Message:  msg,
				Subjects: members,
				Path:     path,
				Range:    firstHopRange(g.Services[c.Path[0]], path),
				Data:     map[string]any{"size": len(members)},
			})
		}
		return nil, nil
	},
}
