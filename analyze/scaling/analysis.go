package scaling

import (
	"errors"
	"fmt"
	"math"

	"github.com/blast-tool/blast/model"
)

// Result is the scaling analysis of one resource of one fleet.
type Result struct {
	Service  string
	Resource string
	Unit     string
	Scope    model.Scope
	Servers  int // today's fleet
	Cells    int // at least 1
	ScopeN   int // today's N: Servers, or the largest cell for scope "cell"

	UseNow float64 // per-server use at ScopeN
	Limit  float64

	// Growth is how per-server use grows with N (within a cell for scope
	// "cell"); AggregateGrowth is the total over the N servers of the scope.
	Growth          Growth
	AggregateGrowth Growth
	// FleetHotspot is true when per-server use grows with the whole fleet:
	// growth at least linear, and scope "fleet" or a single cell. A law of a
	// cellular fleet is bounded by the cell size, which does not grow when
	// the fleet adds cells.
	FleetHotspot bool

	// MaxScope is MaxServers' answer: the largest N (fleet or cell) within
	// the limit. MaxServers is the largest fleet: MaxScope · Cells.
	MaxScope   int
	MaxServers int
	// Bounded is false when no N up to MaxSearch crosses the limit after
	// today's size; the headroom figures are then meaningless.
	Bounded bool

	// HeadroomServers is how many servers can be added before per-server
	// use crosses the limit (negative when already over: how many to remove
	// for a monotone law). CrossAt is the fleet size that crosses.
	HeadroomServers  int
	HeadroomFraction float64 // HeadroomServers / Servers
	CrossAt          int
	UseAtCross       float64 // per-server use at CrossAt

	OverLimit bool // today's use exceeds the limit
	// CrossesWithin is true when adding the policy headroom fraction of
	// servers, or fewer, crosses the limit.
	CrossesWithin bool
}

// Analyze computes the scaling figures of resource r of svc. headroom is the
// policy's fraction (0.25 by default) for CrossesWithin. Today's headroom is
// measured from today's size to the next crossing, so a non-monotone law that
// dips back under its limit is judged where the fleet actually is.
func Analyze(svc *model.Service, r *model.Resource, headroom float64) (Result, error) {
	if svc == nil || r == nil {
		return Result{}, errors.New("no service or resource")
	}
	f := svc.Fleet
	if f == nil {
		return Result{}, fmt.Errorf("%s: resource %q needs a fleet block", svc.ID, r.Name)
	}
	if r.Law == nil {
		return Result{}, fmt.Errorf("%s: resource %q has no per_server law", svc.ID, r.Name)
	}
	res := Result{
		Service: svc.ID, Resource: r.Name, Unit: r.Unit, Scope: r.Scope,
		Servers: f.Servers, Cells: max(f.Cells, 1), Limit: r.Limit,
	}
	if res.Unit == "" {
		res.Unit = r.Name
	}
	if res.Scope == "" {
		res.Scope = model.ScopeFleet
	}
	cells := 1
	if res.Scope == model.ScopeCell {
		cells = res.Cells
	}
	res.ScopeN = f.ScopeSize(r.Scope)
	var err error
	if res.UseNow, err = r.Law(float64(max(res.ScopeN, 1))); err != nil {
		return Result{}, fmt.Errorf("%s: resource %q: per_server at N = %d: %w", svc.ID, r.Name, max(res.ScopeN, 1), err)
	}
	if res.Growth, err = Classify(r.Law); err != nil {
		return Result{}, fmt.Errorf("%s: resource %q: %w", svc.ID, r.Name, err)
	}
	res.AggregateGrowth = res.Growth.Aggregate()
	res.FleetHotspot = (res.Scope == model.ScopeFleet || res.Cells == 1) && res.Growth.AtLeastLinear()
	if res.MaxScope, res.Bounded, err = MaxServers(r, f); err != nil {
		return Result{}, fmt.Errorf("%s: resource %q: %w", svc.ID, r.Name, err)
	}
	res.MaxServers = satMul(res.MaxScope, cells)
	res.OverLimit = res.UseNow > res.Limit

	if res.OverLimit {
		// Already over: the headroom is what must go to reach MaxServers.
		res.HeadroomServers = res.MaxServers - res.Servers
		res.CrossAt = res.Servers
		res.UseAtCross = res.UseNow
		res.Bounded = true
	} else {
		next, found, err := FirstCrossing(r.Law, r.Limit, max(res.ScopeN, 1)+1, 0)
		if err != nil {
			return Result{}, fmt.Errorf("%s: resource %q: %w", svc.ID, r.Name, err)
		}
		res.Bounded = found
		if found {
			// The largest cell reaches `next` once the fleet exceeds
			// (next-1)·cells servers.
			res.CrossAt = satMul(next-1, cells) + 1
			res.HeadroomServers = res.CrossAt - 1 - res.Servers
			if res.UseAtCross, err = r.Law(float64(next)); err != nil {
				return Result{}, fmt.Errorf("%s: resource %q: %w", svc.ID, r.Name, err)
			}
		} else {
			res.HeadroomServers = satMul(MaxSearch, cells) - res.Servers
		}
	}
	if res.Servers > 0 {
		res.HeadroomFraction = float64(res.HeadroomServers) / float64(res.Servers)
	}
	res.CrossesWithin = !res.OverLimit && res.Bounded &&
		float64(res.HeadroomServers+1) <= headroom*float64(res.Servers)
	return res, nil
}

// satMul multiplies non-negative ints, saturating instead of overflowing.
func satMul(a, b int) int {
	if a <= 0 || b <= 0 {
		return a * b
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}

// Recovery is how long a full restart of the fleet takes: servers rejoin at
// restart_rate per hour and the last one needs cold_start to become healthy,
// so servers / restart_rate hours + cold_start. ok is false when the fleet
// declares no restart_rate.
func Recovery(f *model.Fleet) (secs float64, ok bool) {
	if f == nil || f.RestartRate <= 0 || math.IsNaN(f.RestartRate) || math.IsInf(f.RestartRate, 0) {
		return 0, false
	}
	return float64(f.Servers)/f.RestartRate*3600 + f.ColdStart.Seconds(), true
}
