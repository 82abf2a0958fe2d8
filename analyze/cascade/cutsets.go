package cascade

import "github.com/blast-tool/blast/graph"

// DefaultMaxOrder is the contract's default for --max-order.
const DefaultMaxOrder = 3

// CutSetsReport is the minimal cut sets of one service: `blast cutsets`.
type CutSetsReport struct {
	Service string
	// CutSets are the minimal sets of at most MaxOrder other services whose
	// joint failure takes Service out; each sorted, the list by size and
	// then lexically.
	CutSets  [][]string
	MaxOrder int
}

// CutSets computes the minimal cut sets of order at most maxOrder
// (graph.Graph.CutSets) for an outage of service v; there are none of
// order below 1. Its error is graph's refusal of a question too large to
// answer in memory (*graph.TooCoupledError, *graph.TooManyCutSetsError).
func CutSets(g *graph.Graph, v, maxOrder int) (*CutSetsReport, error) {
	sets, err := g.CutSets(v, maxOrder)
	if err != nil {
		return nil, err
	}
	r := &CutSetsReport{Service: g.ID(v), CutSets: make([][]string, 0, len(sets)), MaxOrder: maxOrder}
	for _, set := range sets {
		r.CutSets = append(r.CutSets, ids(g, set))
	}
	return r, nil
}
