package sim

import (
	"time"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Event is one milestone of a run; Name is one of the contract's event names.
type Event struct {
	Name string
	At   time.Duration
}

// Sample is the fleet's state at one step of the series. Failed counts
// in-service servers over a limit (silent or already serving errors);
// Restarting counts servers out of service to restart; Removed is the
// cumulative number of bootstraps that failed a health check.
type Sample struct {
	At         time.Duration
	Healthy    int
	Failed     int
	Restarting int
	Removed    int
	ErrorRate  float64
}

// Result is what one run produced.
type Result struct {
	Scenario string
	Service  string
	Start    time.Time
	HasStart bool

	Events []Event  // in time order; absent events are missing
	Series []Sample // every Config.Step from 0 to Duration

	PeakFailed   int     // most in-service servers over a limit at once
	Removals     int     // bootstraps removed by health checks
	ErrorMinutes float64 // integral of the error rate over time, in minutes

	Outage    time.Duration
	HasOutage bool
}

// OutageAt is when dependents start seeing the fleet as out: the first
// moment the error rate reaches the outage threshold. Cascades are offset by it.
func (r *Result) OutageAt() (time.Duration, bool) { return r.Outage, r.HasOutage }

// EventAt returns the time of the named event.
func (r *Result) EventAt(name string) (time.Duration, bool) { return eventAt(r.Events, name) }

// eventAt returns the time of the first event of that name.
func eventAt(events []Event, name string) (time.Duration, bool) {
	for _, e := range events {
		if e.Name == name {
			return e.At, true
		}
	}
	return 0, false
}

// TimeToRecover is recovered minus recovery-started, when both happened.
func (r *Result) TimeToRecover() (time.Duration, bool) {
	a, ok1 := r.EventAt(EvRecoveryStarted)
	b, ok2 := r.EventAt(EvRecovered)
	return b - a, ok1 && ok2
}

// Replay is what `blast simulate` reports: one run of a scenario and what
// the service's failure did to the services that depend on it. A fleet
// scenario's run is Result; a load scenario's is Load, and Result is nil.
type Replay struct {
	*Result
	Load *LoadResult
	// Dependents is the cascade of the fleet's failure over the model's
	// other services, offset to when the fleet began failing (OutageAt),
	// or when the loaded service was first overloaded: the contract's
	// "cascade". Nil when it never failed.
	Dependents *cascade.Report
}

// Simulate runs scenario sc of model m (FromModel and Run, or
// LoadFromModel and RunLoad) and places the dependents' cascade at the
// service's outage.
func Simulate(m *model.Model, sc *model.Scenario) (*Replay, error) {
	c, err := configure(m, sc)
	if err != nil {
		return nil, err
	}
	row := c.simulate()
	if row.Err != nil {
		return nil, row.Err
	}
	r := &Replay{Result: row.Result, Load: row.Load}
	var service string
	var at time.Duration
	var failed bool
	if r.Load != nil {
		service = r.Load.Service
		at, failed = r.Load.EventAt(EvOverloaded)
		at = at.Round(time.Second) // to the second, as the views write it
	} else {
		service = c.fleet.Service
		at, failed = r.Result.OutageAt()
	}
	if failed {
		if r.Dependents, err = dependents(m, service, at); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// dependents is the cascade of service id's failure at offset at over the
// services that depend on it (cascade.Dependents, and its refusal of paths
// too long to write).
func dependents(m *model.Model, id string, at time.Duration) (*cascade.Report, error) {
	g := graph.New(m)
	v, _ := g.Index(id)
	return cascade.Dependents(g, v, at)
}
