package render

import (
	"strings"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// FailureMarks turns a cascade timeline (graph.Graph.Cascade) into the
// diagram's failure overlay: the services it started from, and every other
// service with the worst state it reaches and when.
func FailureMarks(g *graph.Graph, t *graph.Timeline) map[string]Mark {
	out := map[string]Mark{}
	for v := 0; v < g.Len(); v++ {
		switch {
		case t.Outage[v] != graph.Never:
			out[g.ID(v)] = Mark{State: model.ImpactOutage, At: t.Outage[v]}
		case t.Degraded[v] != graph.Never:
			out[g.ID(v)] = Mark{State: model.ImpactDegraded, At: t.Degraded[v]}
		}
	}
	for _, f := range t.Failed {
		out[g.ID(f)] = Mark{State: model.ImpactOutage, Failed: true}
	}
	return out
}

// UpOnlyVia is the mark of a service that a cascade leaves up only through
// what survives of a redundancy group: a label line naming those
// alternatives, without colouring the service as impaired.
func UpOnlyVia(through []string, untested bool) Mark {
	note := "up only via " + strings.Join(through, " or ")
	if untested {
		note += " (untested)"
	}
	return Mark{Note: note}
}
