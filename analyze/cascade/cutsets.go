package cascade

import (
	"fmt"
	"io"
	"strings"

	"github.com/blast-tool/blast/graph"
)

// DefaultMaxOrder is the contract's default for --max-order.
const DefaultMaxOrder = 3

// CutSetsReport is the minimal cut sets of one service, as `blast cutsets
// --format json` prints it.
type CutSetsReport struct {
	Service string `json:"service"`
	// CutSets are the minimal sets of at most MaxOrder other services whose
	// joint failure takes Service out; each sorted, the list by size and
	// then lexically.
	CutSets  [][]string `json:"cut_sets"`
	MaxOrder int        `json:"max_order"`
}

// CutSets computes the minimal cut sets of order at most maxOrder
// (graph.Graph.CutSets) for an outage of service.
func CutSets(g *graph.Graph, service string, maxOrder int) (*CutSetsReport, error) {
	v, ok := g.Index(service)
	if !ok {
		return nil, unknown(g, service)
	}
	if maxOrder < 1 {
		return nil, fmt.Errorf("max order must be at least 1, not %d", maxOrder)
	}
	r := &CutSetsReport{Service: service, CutSets: [][]string{}, MaxOrder: maxOrder}
	for _, set := range g.CutSets(v, maxOrder) {
		ids := make([]string, len(set))
		for i, u := range set {
			ids[i] = g.ID(u)
		}
		r.CutSets = append(r.CutSets, ids)
	}
	return r, nil
}

// WriteText lists the cut sets, one per line, numbered, after a heading.
func (r *CutSetsReport) WriteText(w io.Writer) error {
	var b strings.Builder
	noun := "services"
	if r.MaxOrder == 1 {
		noun = "service"
	}
	fmt.Fprintf(&b, "Minimal cut sets for an outage of %s (at most %d %s): %d\n", r.Service, r.MaxOrder, noun, len(r.CutSets))
	if len(r.CutSets) == 0 {
		fmt.Fprintf(&b, "  none: no set of at most %d other services takes %s out\n", r.MaxOrder, r.Service)
	}
	width := len(fmt.Sprint(len(r.CutSets)))
	for i, s := range r.CutSets {
		fmt.Fprintf(&b, "  %*d  %s\n", width, i+1, strings.Join(s, " + "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
