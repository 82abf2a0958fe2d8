package scaling

import (
	"fmt"
	"math"

	"github.com/blast-tool/blast/model"
)

// curveSamples is how many steps a Curve samples its span in.
const curveSamples = 600

// Curve is per-server use of one resource against fleet size, the figures
// a chart of the scaling law draws: today's fleet, the crossing to mark and
// the law sampled over a span that shows both with room to spare.
type Curve struct {
	Service string
	Result  Result // Analyze at no headroom
	// Cells is how many cells the law's scope divides the fleet into: 1
	// for scope "fleet".
	Cells int
	// Cross is the crossing to mark: the next one from today, or for a
	// fleet already over its limit the first (MaxServers + 1). HasCross is
	// false when no fleet up to MaxSearch crosses.
	Cross      int
	HasCross   bool
	UseAtCross float64
	// Span is the largest fleet size sampled: half again past the larger of
	// today's fleet and the crossing.
	Span float64
	// Points are curveSamples+1 samples of per-server use from one server
	// to Span, at whole fleet sizes.
	Points []Point
}

// Point is per-server use at one fleet size.
type Point struct{ Fleet, Use float64 }

// NewCurve analyses resource r of svc and samples its law for a chart. A
// law that is not finite anywhere on the span is an error.
func NewCurve(svc *model.Service, r *model.Resource) (*Curve, error) {
	res, err := Analyze(svc, r, 0)
	if err != nil {
		return nil, err
	}
	c := &Curve{Service: svc.ID, Result: res, Cells: 1, Cross: res.CrossAt, HasCross: res.Bounded}
	if res.Scope == model.ScopeCell {
		c.Cells = res.Cells
	}
	if res.OverLimit {
		c.Cross = res.MaxServers + 1
	}
	c.Span = float64(max(res.Servers, 1))
	if c.HasCross {
		c.Span = math.Max(c.Span, float64(c.Cross))
	}
	c.Span *= 1.5
	useAt := func(fleet float64) (float64, error) {
		n := math.Ceil(math.Round(fleet) / float64(c.Cells))
		return r.Law(math.Max(n, 1))
	}
	c.Points = make([]Point, 0, curveSamples+1)
	for i := 0; i <= curveSamples; i++ {
		x := math.Round(1 + (c.Span-1)*float64(i)/curveSamples)
		y, err := useAt(x)
		if err != nil {
			return nil, fmt.Errorf("%s: resource %q: per_server: %w", svc.ID, r.Name, err)
		}
		if math.IsNaN(y) || math.IsInf(y, 0) {
			return nil, fmt.Errorf("%s: resource %q: per_server at fleet %.0f is not finite", svc.ID, r.Name, x)
		}
		c.Points = append(c.Points, Point{Fleet: x, Use: y})
	}
	if c.HasCross {
		if c.UseAtCross, err = useAt(float64(c.Cross)); err != nil {
			return nil, err
		}
	}
	return c, nil
}
