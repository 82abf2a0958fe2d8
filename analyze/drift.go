package analyze

import (
	"github.com/blast-tool/blast/analyze/drift"
	"github.com/blast-tool/blast/model/topology"
)

// Observed is what the drift rules compare a model with: the calls seen
// by Jaeger or the OpenTelemetry servicegraph connector.
type Observed struct {
	Calls *topology.Topology
	// MinCalls is the fewest calls an observed dependency needs to count.
	MinCalls int64
}

// driftFact is the comparison of the model with the observations, shared
// by the three drift rules; empty without observations.
var driftFact = newFact("drift", "the model compared with observed calls",
	func(p *Pass) (*drift.Result, error) {
		if p.Observed == nil || p.Observed.Calls == nil {
			return &drift.Result{}, nil
		}
		return drift.Compare(p.Model, p.Observed.Calls, drift.Options{MinCalls: p.Observed.MinCalls}), nil
	})
