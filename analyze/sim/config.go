package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/blast-tool/blast/model"
)

// Config is everything one simulation run needs. It is a plain value so
// that sweeps can copy and vary it; FromModel builds it from a scenario.
type Config struct {
	Scenario string
	Service  string
	Start    time.Time // wall-clock time of t=0; zero when unset
	HasStart bool

	Duration time.Duration // how long to simulate
	Step     time.Duration // series sampling step
	Seed     uint64

	Servers   int           // fleet size before the change
	Cells     int           // independent cells (1 = monolithic)
	Discovery time.Duration // a peer is learned after a delay uniform in [0, Discovery]
	Adds      []Addition
	Resources []Resource

	CacheRefresh time.Duration // shard-map rebuild period
	CacheTTL     time.Duration // how long a map stays usable without a successful rebuild

	Alarm           Alarm
	OutageThreshold float64 // error rate at which dependents see the fleet as out
	// ServingHeadroom is how much more than its normal share of the load
	// (the fleet before the change, evenly spread) one healthy server can
	// serve: 0.25 means 1.25 shares.
	ServingHeadroom float64

	Recovery *Recovery // nil: operators do nothing
}

// Addition is one add_capacity block: Servers announced evenly over [At, At+Over].
type Addition struct {
	At      time.Duration
	Over    time.Duration
	Servers int
}

// Resource is a per-server resource with a limit; a server fails when any crosses.
type Resource struct {
	Name  string
	Unit  string
	Limit float64
	Scope model.Scope
	Law   func(n float64) (float64, error)
}

// Alarm pages operators: On "errors" when the error rate reaches Threshold,
// On "resource" when any server's use reaches Threshold x limit.
type Alarm struct {
	On        string
	Threshold float64
}

// Recovery is what operators do once something has failed.
type Recovery struct {
	At          time.Duration // when restarts begin (not before the first failure)
	Rollback    bool          // remove the added servers first
	RestartRate float64       // servers per hour
	Bootstrap   string        // "peers" or "store"
	ColdStart   time.Duration // peer bootstrap time of one server
	StoreFactor float64       // store bootstrap: fraction of ColdStart and of CPU drawn
	Capacity    float64       // concurrent peer bootstraps the fleet can feed
}

// defaultResourceThreshold is the alarm threshold for on = "resource" when
// none is set: page at 90% of a limit, before it is crossed.
const defaultResourceThreshold = 0.9

// FromModel builds the Config of scenario sc over model m, every unset
// value taken from model.ScenarioSchema's defaults (so docs and behaviour
// cannot drift apart). What makes a scenario unfit to simulate is
// m.CheckScenario's to say, with source ranges; FromModel refuses such a
// scenario with those diagnostics and otherwise only converts.
func FromModel(m *model.Model, sc *model.Scenario) (Config, error) {
	if m == nil || sc == nil {
		return Config{}, fmt.Errorf("sim: nil model or scenario")
	}
	if diags := m.CheckScenario(sc); diags.HasErrors() {
		return Config{}, diags
	}
	svc := m.Service(sc.Service)
	fleet := svc.Fleet
	cfg := Config{
		Scenario: sc.ID, Service: svc.ID, Servers: fleet.Servers, Cells: max(fleet.Cells, 1),
		Duration:        sc.Get("duration").Duration,
		Step:            sc.Get("sample_every").Duration,
		Seed:            uint64(sc.Get("seed").Number),
		Discovery:       sc.Get("discovery").Duration,
		CacheRefresh:    sc.Get("cache_refresh").Duration,
		CacheTTL:        sc.Get("cache_ttl").Duration,
		OutageThreshold: sc.Get("outage_threshold").Number,
		ServingHeadroom: sc.Get("serving_headroom").Number,
	}
	if v := sc.Attrs["start"]; v != nil {
		cfg.Start, cfg.HasStart = v.Time, true
	}
	for _, r := range svc.Resources {
		unit, scope := r.Unit, r.Scope
		if unit == "" {
			unit = r.Name
		}
		if scope == "" {
			scope = model.ScopeFleet
		}
		cfg.Resources = append(cfg.Resources, Resource{Name: r.Name, Unit: unit, Limit: r.Limit, Scope: scope, Law: r.Law})
	}
	for _, b := range sc.Blocks["add_capacity"] {
		cfg.Adds = append(cfg.Adds, Addition{At: b.Get("at").Duration, Over: b.Get("over").Duration, Servers: int(b.Get("servers").Number)})
	}

	alarm := sc.Block("alarm")
	cfg.Alarm = Alarm{On: alarm.Get("on").String, Threshold: alarm.Get("threshold").Number}
	if alarm.Attrs["threshold"] == nil && cfg.Alarm.On == "resource" {
		cfg.Alarm.Threshold = defaultResourceThreshold
	}
	if sc.Attrs["outage_threshold"] == nil && cfg.Alarm.On == "errors" {
		cfg.OutageThreshold = cfg.Alarm.Threshold
	}

	if bs := sc.Blocks["recovery"]; len(bs) > 0 {
		b := bs[0]
		r := &Recovery{At: b.Get("at").Duration, Rollback: b.Get("rollback").Bool, Bootstrap: b.Get("bootstrap").String,
			StoreFactor: b.Get("store_factor").Number, RestartRate: fleet.RestartRate, ColdStart: fleet.ColdStart}
		if v := b.Attrs["restart_rate"]; v != nil {
			r.RestartRate = v.Number
		}
		if v := b.Attrs["cold_start"]; v != nil {
			r.ColdStart = v.Duration
		}
		// The declared safe rate is, by definition, what the fleet can
		// absorb: its bootstraps in flight at once are the capacity.
		safe := fleet.RestartRate
		if safe <= 0 {
			safe = r.RestartRate
		}
		r.Capacity = safe * r.ColdStart.Hours()
		if v := b.Attrs["bootstrap_capacity"]; v != nil {
			r.Capacity = v.Number
		}
		cfg.Recovery = r
	}
	return cfg, nil
}

// check refuses a Config that Run cannot simulate at all: one that would
// loop forever, divide by zero or exhaust memory. A Config from FromModel
// always passes; one built in code may not.
func (c Config) check() error {
	switch {
	case c.Duration <= 0 || c.Step <= 0:
		return fmt.Errorf("sim: duration and sample_every must be positive")
	case c.Duration/c.Step > model.MaxSamples:
		return fmt.Errorf("sim: more than %d samples (duration %v / sample_every %v)", model.MaxSamples, c.Duration, c.Step)
	case c.Servers < 0 || c.Cells < 1:
		return fmt.Errorf("sim: a fleet of %d servers in %d cells", c.Servers, c.Cells)
	case c.Discovery < 0 || c.CacheRefresh < 0 || c.CacheTTL < 0:
		return fmt.Errorf("sim: negative discovery or cache times")
	case len(c.Resources) == 0:
		return fmt.Errorf("sim: no resource with a limit")
	case c.Recovery != nil && (!(c.Recovery.RestartRate > 0) || math.IsInf(c.Recovery.RestartRate, 0)):
		return fmt.Errorf("sim: recovery.restart_rate must be positive")
	}
	total := c.Servers
	if total > model.MaxFleet {
		return fmt.Errorf("sim: fleet of more than %d servers", model.MaxFleet)
	}
	for _, a := range c.Adds {
		if a.Servers < 0 {
			return fmt.Errorf("sim: negative add_capacity servers")
		}
		if total += a.Servers; total > model.MaxFleet {
			return fmt.Errorf("sim: fleet of more than %d servers", model.MaxFleet)
		}
	}
	for _, r := range c.Resources {
		if r.Law == nil {
			return fmt.Errorf("sim: resource %q has no law", r.Name)
		}
	}
	return nil
}
