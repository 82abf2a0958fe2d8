package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"
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

// DefaultResourceThreshold is the alarm threshold for on = "resource" when
// none is set: page at 90% of a limit, before it is crossed.
const DefaultResourceThreshold = 0.9

// FromModel builds the Config of scenario sc over model m, filling every
// unset value from model.ScenarioSchema's defaults (so docs and behaviour
// cannot drift apart).
func FromModel(m *model.Model, sc *model.Scenario) (Config, error) {
	if m == nil || sc == nil {
		return Config{}, fmt.Errorf("sim: nil model or scenario")
	}
	svc := m.Service(sc.Service)
	if svc == nil {
		return Config{}, fmt.Errorf("scenario %q: unknown service %q", sc.ID, sc.Service)
	}
	if svc.Fleet == nil {
		return Config{}, fmt.Errorf("scenario %q: service %q has no fleet block", sc.ID, sc.Service)
	}
	cfg := Config{Scenario: sc.ID, Service: svc.ID, Servers: svc.Fleet.Servers, Cells: svc.Fleet.Cells}
	if cfg.Cells <= 0 {
		cfg.Cells = 1
	}
	for _, r := range svc.Resources {
		if r.Law == nil || r.Limit <= 0 {
			continue
		}
		unit := r.Unit
		if unit == "" {
			unit = r.Name
		}
		scope := r.Scope
		if scope == "" {
			scope = model.ScopeFleet
		}
		cfg.Resources = append(cfg.Resources, Resource{Name: r.Name, Unit: unit, Limit: r.Limit, Scope: scope, Law: r.Law})
	}
	if len(cfg.Resources) == 0 {
		return Config{}, fmt.Errorf("scenario %q: service %q has no resource with a limit", sc.ID, sc.Service)
	}

	top := attrs{vals: sc.Attrs, specs: model.ScenarioSchema.Attrs}
	var err error
	get := func(f func() error) {
		if err == nil {
			err = f()
		}
	}
	if v, ok := sc.Attrs["start"]; ok {
		cfg.Start, cfg.HasStart = v.Time, true
	}
	get(func() (e error) { cfg.Duration, e = top.duration("duration"); return })
	get(func() (e error) { cfg.Step, e = top.duration("sample_every"); return })
	get(func() (e error) { cfg.Discovery, e = top.duration("discovery"); return })
	get(func() (e error) { cfg.CacheRefresh, e = top.duration("cache_refresh"); return })
	get(func() (e error) { cfg.CacheTTL, e = top.duration("cache_ttl"); return })
	get(func() (e error) { cfg.OutageThreshold, e = top.number("outage_threshold"); return })
	get(func() (e error) { cfg.ServingHeadroom, e = top.number("serving_headroom"); return })
	get(func() error {
		s, e := top.number("seed")
		cfg.Seed = uint64(s)
		return e
	})

	for _, b := range sc.Blocks["add_capacity"] {
		a := attrs{vals: b.Attrs, specs: blockSpec("add_capacity")}
		var add Addition
		var n float64
		get(func() (e error) { add.At, e = a.duration("at"); return })
		get(func() (e error) { add.Over, e = a.duration("over"); return })
		get(func() (e error) { n, e = a.number("servers"); return })
		add.Servers = int(n)
		cfg.Adds = append(cfg.Adds, add)
	}

	al := attrs{specs: blockSpec("alarm")}
	if bs := sc.Blocks["alarm"]; len(bs) > 0 {
		al.vals = bs[0].Attrs
	}
	get(func() (e error) { cfg.Alarm.On, e = al.str("on"); return })
	get(func() (e error) { cfg.Alarm.Threshold, e = al.number("threshold"); return })
	if _, set := al.vals["threshold"]; !set && cfg.Alarm.On == "resource" {
		cfg.Alarm.Threshold = DefaultResourceThreshold
	}
	if _, set := sc.Attrs["outage_threshold"]; !set && cfg.Alarm.On == "errors" {
		cfg.OutageThreshold = cfg.Alarm.Threshold
	}

	if bs := sc.Blocks["recovery"]; len(bs) > 0 {
		rv := attrs{vals: bs[0].Attrs, specs: blockSpec("recovery")}
		if _, ok := rv.vals["at"]; ok {
			r := &Recovery{}
			get(func() (e error) { r.At, e = rv.duration("at"); return })
			get(func() (e error) { r.Rollback, e = rv.boolean("rollback"); return })
			get(func() (e error) { r.Bootstrap, e = rv.str("bootstrap"); return })
			get(func() (e error) { r.StoreFactor, e = rv.number("store_factor"); return })
			r.RestartRate = svc.Fleet.RestartRate
			if v, ok := rv.vals["restart_rate"]; ok {
				r.RestartRate = v.Number
			}
			r.ColdStart = svc.Fleet.ColdStart
			if v, ok := rv.vals["cold_start"]; ok {
				r.ColdStart = v.Duration
			}
			// The declared safe rate is, by definition, what the fleet can
			// absorb: its bootstraps in flight at once are the capacity.
			safe := svc.Fleet.RestartRate
			if safe <= 0 {
				safe = r.RestartRate
			}
			r.Capacity = safe * r.ColdStart.Hours()
			if v, ok := rv.vals["bootstrap_capacity"]; ok {
				r.Capacity = v.Number
			}
			if err == nil && r.RestartRate <= 0 {
				err = fmt.Errorf("scenario %q: recovery needs restart_rate (or fleet.restart_rate) > 0", sc.ID)
			}
			cfg.Recovery = r
		}
	}
	if err != nil {
		return Config{}, fmt.Errorf("scenario %q: %w", sc.ID, err)
	}
	return cfg, cfg.Validate()
}

// Validate reports a Config that Run cannot simulate meaningfully.
func (c Config) Validate() error {
	switch {
	case c.Servers < 0:
		return fmt.Errorf("sim: negative fleet size %d", c.Servers)
	case c.Cells < 1:
		return fmt.Errorf("sim: cells must be at least 1, got %d", c.Cells)
	case c.Duration <= 0:
		return fmt.Errorf("sim: duration must be positive")
	case c.Step <= 0:
		return fmt.Errorf("sim: sample_every must be positive")
	case c.Duration/c.Step > 1_000_000:
		return fmt.Errorf("sim: more than a million samples (duration %v / sample_every %v)", c.Duration, c.Step)
	case c.Discovery < 0 || c.CacheRefresh < 0 || c.CacheTTL < 0:
		return fmt.Errorf("sim: negative discovery or cache times")
	case c.Alarm.On != "errors" && c.Alarm.On != "resource":
		return fmt.Errorf("sim: alarm.on must be \"errors\" or \"resource\", got %q", c.Alarm.On)
	case !(c.ServingHeadroom >= 0 && c.ServingHeadroom <= 100):
		return fmt.Errorf("serving_headroom must be between 0 and 100, got %g", c.ServingHeadroom)
	case !(c.Alarm.Threshold >= 0 && c.Alarm.Threshold <= 1), !(c.OutageThreshold >= 0 && c.OutageThreshold <= 1):
		return fmt.Errorf("sim: thresholds must be in [0, 1]")
	case len(c.Resources) == 0:
		return fmt.Errorf("sim: no resource with a limit")
	}
	total := c.Servers
	for _, a := range c.Adds {
		if a.Servers < 0 || a.At < 0 || a.Over < 0 {
			return fmt.Errorf("sim: negative add_capacity value")
		}
		total += a.Servers
		if total > 50_000_000 {
			return fmt.Errorf("sim: fleet of more than 50 million servers")
		}
	}
	for _, r := range c.Resources {
		if r.Law == nil {
			return fmt.Errorf("sim: resource %q has no law", r.Name)
		}
		if r.Scope != model.ScopeFleet && r.Scope != model.ScopeCell {
			return fmt.Errorf("sim: resource %q: unknown scope %q", r.Name, r.Scope)
		}
	}
	if r := c.Recovery; r != nil {
		switch {
		case !(r.RestartRate > 0) || math.IsInf(r.RestartRate, 0):
			return fmt.Errorf("sim: recovery.restart_rate must be positive")
		case r.Bootstrap != "peers" && r.Bootstrap != "store":
			return fmt.Errorf("sim: recovery.bootstrap must be \"peers\" or \"store\", got %q", r.Bootstrap)
		case r.ColdStart < 0 || r.At < 0:
			return fmt.Errorf("sim: negative recovery time")
		case !(r.StoreFactor >= 0 && r.StoreFactor <= 1):
			return fmt.Errorf("sim: recovery.store_factor must be in [0, 1]")
		case !(r.Capacity >= 0) || math.IsInf(r.Capacity, 0):
			return fmt.Errorf("sim: recovery.bootstrap_capacity must be a non-negative number")
		}
	}
	return nil
}

func blockSpec(typ string) []model.AttrSpec {
	for _, b := range model.ScenarioSchema.Blocks {
		if b.Type == typ {
			return b.Attrs
		}
	}
	return nil
}

// attrs reads set values, falling back to the schema's written default.
type attrs struct {
	vals  map[string]*model.Value
	specs []model.AttrSpec
}

func (a attrs) def(name string) (string, error) {
	for _, s := range a.specs {
		if s.Name == name {
			if s.Default == "" {
				return "", fmt.Errorf("%s is required", name)
			}
			return strings.Trim(s.Default, `"`), nil
		}
	}
	return "", fmt.Errorf("%s is not in the scenario schema", name)
}

func (a attrs) duration(name string) (time.Duration, error) {
	if v, ok := a.vals[name]; ok {
		return v.Duration, nil
	}
	d, err := a.def(name)
	if err != nil {
		return 0, err
	}
	return parseDuration(d)
}

func (a attrs) number(name string) (float64, error) {
	if v, ok := a.vals[name]; ok {
		return v.Number, nil
	}
	d, err := a.def(name)
	if err != nil {
		return 0, err
	}
	return strconv.ParseFloat(d, 64)
}

func (a attrs) str(name string) (string, error) {
	if v, ok := a.vals[name]; ok {
		return v.String, nil
	}
	return a.def(name)
}

func (a attrs) boolean(name string) (bool, error) {
	if v, ok := a.vals[name]; ok {
		return v.Bool, nil
	}
	d, err := a.def(name)
	if err != nil {
		return false, err
	}
	return strconv.ParseBool(d)
}

// parseDuration is time.ParseDuration plus a leading whole-day unit ("2d", "1d12h").
func parseDuration(s string) (time.Duration, error) {
	if i := strings.IndexByte(s, 'd'); i > 0 {
		days, err := strconv.Atoi(s[:i])
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		rest := time.Duration(0)
		if s[i+1:] != "" {
			if rest, err = time.ParseDuration(s[i+1:]); err != nil {
				return 0, err
			}
		}
		return time.Duration(days)*24*time.Hour + rest, nil
	}
	return time.ParseDuration(s)
}
