package sim

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Event names of a load scenario, fixed by the language contract
// (EvRecovered is shared with the fleet simulation).
const (
	EvDisturbanceStarted = "disturbance-started"
	EvDisturbanceEnded   = "disturbance-ended"
	EvOverloaded         = "overloaded"
	EvMetastable         = "metastable"
)

// The contract's thresholds: overloaded below 90% of the calls needed
// answered in time, recovered at 99% again.
const (
	overloadedBelow = 0.90
	recoveredAt     = 0.99
)

// The load simulation's modes (the scenario's `mode`).
const (
	ModeFluid    = "fluid"
	ModeRequests = "requests"
)

// LoadConfig is everything one load run needs: the services that load
// reaches, callers first, the calls between them, and the disturbances of
// the scenario's service. LoadFromModel builds it from a scenario.
type LoadConfig struct {
	Scenario string
	Start    time.Time
	HasStart bool

	Duration time.Duration
	Sample   time.Duration // series step
	Seed     uint64
	Mode     string // ModeFluid or ModeRequests
	// MetastableAfter is how long after the last disturbance ended the
	// service must still be overloaded to be metastable.
	MetastableAfter time.Duration

	// Services are in topological order: every caller before what it
	// calls. Target is the index of the scenario's service.
	Services     []LoadService
	Edges        []LoadEdge
	Target       int
	Disturbances []Disturbance
}

// LoadService is one service that load reaches.
type LoadService struct {
	ID   string
	Load float64 // requests per second from outside
	// Capacity is the calls per second the fleet completes (servers x
	// per_server); 0 for a service without capacity, which answers at
	// once, as fast as what it calls.
	Capacity float64
	// Workers is servers x concurrency: the calls worked on at once. A
	// call takes Workers / Capacity seconds of work.
	Workers int
	// Queue bounds the waiting calls (queue x servers); -1 is unbounded.
	Queue int
	// Calls are the edges a request makes one call along each of, in
	// dependency ID order.
	Calls []int
	// Needs are the calls a request needs answered: each unit is a set of
	// edges of which one must succeed (a redundancy group, or one edge of
	// impact outage). Calls of impact degraded or none are made but not
	// waited on.
	Needs [][]int
}

// LoadEdge is one dependency as the load simulation sees it: a call from
// From to To with its timeout and retries.
type LoadEdge struct {
	From, To  int
	Timeout   time.Duration // 0: wait as long as the answer takes
	Attempts  int           // total tries, at least 1
	Backoff   time.Duration
	Jitter    bool
	Budget    float64 // with HasBudget, a token-bucket retry budget
	HasBudget bool
}

// wait is the wait before try n+1, as model.Retry.Wait.
func (e *LoadEdge) wait(n int) time.Duration {
	w := e.Backoff
	for i := 1; i < n && w < model.MaxDuration; i++ {
		w *= 2
	}
	return min(w, model.MaxDuration)
}

// Disturbance leaves Capacity (a fraction) of the service's capacity
// from At for For.
type Disturbance struct {
	At, For  time.Duration
	Capacity float64
}

// LoadSample is the scenario's service over one step of the series,
// [At, At + Sample): rates are averages over it, Queued is at its end.
type LoadSample struct {
	At       time.Duration
	Offered  float64 // calls per second arriving, retries included
	Goodput  float64 // calls per second answered in time
	Needed   float64 // calls per second the callers' own requests need (first tries)
	Wasted   float64 // calls per second answered after the caller gave up
	Capacity float64 // calls per second the service can complete
	Queued   float64 // calls waiting at the end of the step
	// Latency is the mean time from arrival to answer of the calls
	// answered in the step, in seconds; 0 when none was.
	Latency float64
	// Wait is the mean time the calls that began service in the step
	// waited in the queue, in seconds.
	Wait float64
}

// LoadResult is what one load run produced.
type LoadResult struct {
	Scenario string
	Service  string
	Start    time.Time
	HasStart bool
	Mode     string
	// Step is the fluid model's time step (zero in request mode).
	Step time.Duration

	Capacity     float64 // the service's undisturbed capacity, calls per second
	Disturbances []Disturbance
	Events       []Event       // in time order
	Series       []LoadSample  // every Sample from 0 to Duration
	Overloaded   time.Duration // total time overloaded
	PeakOffered  float64       // largest sampled offered rate
	Metastable   bool
}

// EventAt returns the time of the first event of that name.
func (r *LoadResult) EventAt(name string) (time.Duration, bool) { return eventAt(r.Events, name) }

// RecoveredAt is when the service answered 99% again after its last
// overload, when it did.
func (r *LoadResult) RecoveredAt() (time.Duration, bool) {
	var at time.Duration
	ok := false
	for _, e := range r.Events {
		switch e.Name {
		case EvOverloaded:
			ok = false
		case EvRecovered:
			at, ok = e.At, true
		}
	}
	return at, ok
}

// LoadFromModel builds the LoadConfig of load scenario sc over m: the
// services that load reaches, callers first. What makes a scenario unfit
// is m.CheckScenario's to say; LoadFromModel refuses such a scenario with
// those diagnostics and otherwise only converts.
func LoadFromModel(m *model.Model, sc *model.Scenario) (LoadConfig, error) {
	if m == nil || sc == nil {
		return LoadConfig{}, fmt.Errorf("sim: nil model or scenario")
	}
	if sc.Kind() != model.LoadScenario {
		return LoadConfig{}, fmt.Errorf("sim: scenario %q has no disturbance block", sc.ID)
	}
	if diags := m.CheckScenario(sc); diags.HasErrors() {
		return LoadConfig{}, diags
	}
	cfg := LoadConfig{Scenario: sc.ID,
		Duration:        sc.Get("duration").Duration,
		Sample:          sc.Get("sample_every").Duration,
		Seed:            uint64(sc.Get("seed").Number),
		Mode:            sc.Get("mode").String,
		MetastableAfter: sc.Get("metastable_after").Duration,
	}
	if v := sc.Attrs["start"]; v != nil {
		cfg.Start, cfg.HasStart = v.Time, true
	}
	for _, b := range sc.Blocks["disturbance"] {
		cfg.Disturbances = append(cfg.Disturbances, Disturbance{At: b.Get("at").Duration, For: b.Get("for").Duration, Capacity: b.Get("capacity").Number})
	}
	g := graph.New(m)
	// What load reaches, from every service with load.
	reached := make([]bool, g.Len())
	var stack []int
	for v, s := range g.Services {
		if s.Load > 0 {
			reached[v] = true
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, k := range g.Out(v) {
			if w := g.Edges[k].To; !reached[w] {
				reached[w] = true
				stack = append(stack, w)
			}
		}
	}
	// Callers first: the components backwards (CheckScenario has ruled
	// out cycles among what load reaches, so each is one service).
	_, comps := g.Components()
	index := make([]int, g.Len())
	for i := range index {
		index[i] = -1
	}
	for ci := len(comps) - 1; ci >= 0; ci-- {
		for _, v := range comps[ci] {
			if reached[v] {
				index[v] = len(cfg.Services)
				cfg.Services = append(cfg.Services, loadService(g.Services[v]))
			}
		}
	}
	target, ok := g.Index(sc.Service)
	if !ok || index[target] < 0 {
		return LoadConfig{}, fmt.Errorf("sim: no load reaches %q", sc.Service)
	}
	cfg.Target = index[target]
	for v := range g.Services {
		if index[v] < 0 {
			continue
		}
		ls := &cfg.Services[index[v]]
		groups := map[string]int{} // group -> position in Needs
		for _, k := range g.Out(v) {
			e := g.Edges[k]
			ei := len(cfg.Edges)
			cfg.Edges = append(cfg.Edges, loadEdge(index[v], index[e.To], e.Dep))
			ls.Calls = append(ls.Calls, ei)
			if e.Dep.Impact != model.ImpactOutage {
				continue
			}
			if grp := e.Dep.Group; grp != "" && len(g.Groups[e.Group].Edges) > 1 {
				if i, ok := groups[grp]; ok {
					ls.Needs[i] = append(ls.Needs[i], ei)
					continue
				}
				groups[grp] = len(ls.Needs)
			}
			ls.Needs = append(ls.Needs, []int{ei})
		}
	}
	return cfg, cfg.check()
}

func loadService(s *model.Service) LoadService {
	ls := LoadService{ID: s.ID, Load: s.Load, Queue: -1}
	if c := s.Capacity; c != nil && s.Fleet != nil {
		ls.Capacity = float64(s.Fleet.Servers) * c.PerServer
		ls.Workers = s.Fleet.Servers * max(c.Concurrency, 1)
		if c.Bounded {
			ls.Queue = c.Queue * s.Fleet.Servers
		}
	}
	return ls
}

func loadEdge(from, to int, d *model.Dependency) LoadEdge {
	e := LoadEdge{From: from, To: to, Timeout: d.Timeout, Attempts: 1}
	if r := d.Retry; r != nil {
		e.Attempts, e.Backoff, e.Jitter, e.Budget, e.HasBudget = r.Attempts, r.Backoff, r.Jitter, r.Budget, r.HasBudget
	}
	return e
}

// check refuses a LoadConfig that RunLoad cannot simulate at all.
func (c LoadConfig) check() error {
	switch {
	case c.Duration <= 0 || c.Sample <= 0:
		return fmt.Errorf("sim: duration and sample_every must be positive")
	case c.Duration/c.Sample > model.MaxSamples:
		return fmt.Errorf("sim: more than %d samples", model.MaxSamples)
	case c.Target < 0 || c.Target >= len(c.Services):
		return fmt.Errorf("sim: no target service")
	case c.Mode != ModeFluid && c.Mode != ModeRequests:
		return fmt.Errorf("sim: unknown mode %q", c.Mode)
	}
	for i, s := range c.Services {
		if s.Load < 0 || s.Capacity < 0 || math.IsNaN(s.Load+s.Capacity) || math.IsInf(s.Load+s.Capacity, 0) {
			return fmt.Errorf("sim: service %s: load and capacity must be finite and not negative", s.ID)
		}
		if s.Capacity > 0 && s.Workers < 1 {
			return fmt.Errorf("sim: service %s: a capacity needs at least one worker", s.ID)
		}
		for _, k := range s.Calls {
			if e := c.Edges[k]; e.From != i || e.To <= i {
				return fmt.Errorf("sim: service %s: calls must go from a caller to a later service (callers first)", s.ID)
			}
		}
	}
	for _, e := range c.Edges {
		if e.Attempts < 1 || e.Attempts > model.MaxAttempts || e.Timeout < 0 || e.Backoff < 0 || e.HasBudget && !(e.Budget >= 0 && e.Budget <= 1) {
			return fmt.Errorf("sim: invalid retry settings on %s -> %s", c.Services[e.From].ID, c.Services[e.To].ID)
		}
	}
	for _, d := range c.Disturbances {
		if d.At < 0 || d.For <= 0 || !(d.Capacity >= 0 && d.Capacity <= 1) {
			return fmt.Errorf("sim: invalid disturbance %+v", d)
		}
	}
	if c.Services[c.Target].Capacity <= 0 {
		return fmt.Errorf("sim: service %s has no capacity to disturb", c.Services[c.Target].ID)
	}
	return nil
}

// RunLoad simulates a load scenario in its mode. It is pure: the same
// LoadConfig gives the same LoadResult.
func RunLoad(cfg LoadConfig) (*LoadResult, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Mode == ModeRequests {
		return runRequests(cfg), nil
	}
	return runFluid(cfg), nil
}

// capacityFactor is the fraction of capacity left over [t0, t1): the
// product of the disturbances in effect, averaged over the interval.
func capacityFactor(ds []Disturbance, t0, t1 time.Duration) float64 {
	if len(ds) == 0 || t1 <= t0 {
		return 1
	}
	inside := false
	f := 1.0
	for _, d := range ds {
		if a, b := d.At, d.At+d.For; a > t0 && a < t1 || b > t0 && b < t1 {
			inside = true
			break
		}
		if d.At <= t0 && t1 <= d.At+d.For {
			f *= d.Capacity
		}
	}
	if !inside {
		return f // no disturbance starts or ends within the interval
	}
	// Breakpoints inside the interval, so overlapping disturbances
	// multiply exactly.
	cuts := []time.Duration{t0, t1}
	for _, d := range ds {
		for _, x := range []time.Duration{d.At, d.At + d.For} {
			if x > t0 && x < t1 {
				cuts = append(cuts, x)
			}
		}
	}
	slices.Sort(cuts)
	total := 0.0
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if b <= a {
			continue
		}
		f := 1.0
		for _, d := range ds {
			if d.At <= a && b <= d.At+d.For {
				f *= d.Capacity
			}
		}
		total += f * float64(b-a)
	}
	return total / float64(t1-t0)
}

// recorder turns what the engines count at the scenario's service into
// the series and the contract's events. The engines call it in time order:
// count, then close each bucket (a fixed slice of time); a rolling window
// of buckets decides overloaded and recovered.
type recorder struct {
	cfg    LoadConfig
	res    *LoadResult
	bucket time.Duration
	window int // buckets in the rolling window

	// the current bucket
	needed, good, offered, wasted, answered, latency float64
	started, waited                                  float64
	// the rolling window: per-bucket needed and good, and their sums
	ringNeed, ringGood []float64
	sumNeed, sumGood   float64
	buckets            int

	// the current sample
	sample      LoadSample
	sampleCap   float64
	sampleAns   float64
	sampleStart float64
	nextAt      time.Duration

	overloaded   bool
	overSince    time.Duration
	lastEnd      time.Duration
	metaChecked  bool
	disturbEvent []Event // disturbance-started/ended, in time order
	nextDisturb  int
}

// loadWindow is the rolling window over which the answered share of the
// needed calls is judged: long enough that a call's latency does not
// look like a loss, short enough to date an overload.
func loadWindow(cfg LoadConfig) time.Duration {
	w := 10 * time.Second
	for _, e := range cfg.Edges {
		if e.To == cfg.Target && e.Timeout > 0 {
			w = max(w, 3*e.Timeout)
		}
	}
	return w
}

func newRecorder(cfg LoadConfig, bucket time.Duration) *recorder {
	res := &LoadResult{Scenario: cfg.Scenario, Service: cfg.Services[cfg.Target].ID, Start: cfg.Start, HasStart: cfg.HasStart,
		Mode: cfg.Mode, Capacity: cfg.Services[cfg.Target].Capacity, Disturbances: slices.Clone(cfg.Disturbances)}
	n := max(1, int(loadWindow(cfg)/bucket))
	r := &recorder{cfg: cfg, res: res, bucket: bucket, window: n, ringNeed: make([]float64, n), ringGood: make([]float64, n), nextAt: cfg.Sample}
	for _, d := range cfg.Disturbances {
		if d.At < cfg.Duration {
			r.disturbEvent = append(r.disturbEvent, Event{Name: EvDisturbanceStarted, At: d.At})
		}
		if end := d.At + d.For; end <= cfg.Duration {
			r.disturbEvent = append(r.disturbEvent, Event{Name: EvDisturbanceEnded, At: end})
		}
		r.lastEnd = max(r.lastEnd, d.At+d.For)
	}
	slices.SortStableFunc(r.disturbEvent, func(a, b Event) int { return int(a.At - b.At) })
	return r
}

// emit appends an event, after the disturbance events that precede it.
func (r *recorder) emit(name string, at time.Duration) {
	r.flushDisturbances(at)
	r.res.Events = append(r.res.Events, Event{Name: name, At: at})
}

func (r *recorder) flushDisturbances(upTo time.Duration) {
	for r.nextDisturb < len(r.disturbEvent) && r.disturbEvent[r.nextDisturb].At <= upTo {
		r.res.Events = append(r.res.Events, r.disturbEvent[r.nextDisturb])
		r.nextDisturb++
	}
}

// closeBucket ends the bucket [end - bucket, end) with the service's
// capacity and queue at its end: it judges the window and accumulates the
// series.
func (r *recorder) closeBucket(end time.Duration, capacity, queued float64) {
	i := r.buckets % r.window
	r.sumNeed += r.needed - r.ringNeed[i]
	r.sumGood += r.good - r.ringGood[i]
	r.ringNeed[i], r.ringGood[i] = r.needed, r.good
	r.buckets++
	if r.buckets >= r.window && r.sumNeed > 1e-9 {
		share := r.sumGood / r.sumNeed
		switch {
		case !r.overloaded && share < overloadedBelow:
			r.overloaded, r.overSince = true, end
			r.emit(EvOverloaded, end)
		case r.overloaded && share >= recoveredAt:
			r.overloaded = false
			r.res.Overloaded += end - r.overSince
			r.emit(EvRecovered, end)
		}
	}
	if !r.metaChecked && len(r.cfg.Disturbances) > 0 && end >= r.lastEnd+r.cfg.MetastableAfter {
		r.metaChecked = true
		if r.overloaded {
			r.res.Metastable = true
			r.emit(EvMetastable, end)
		}
	}
	s := &r.sample
	s.Offered += r.offered
	s.Goodput += r.good
	s.Needed += r.needed
	s.Wasted += r.wasted
	s.Latency += r.latency
	s.Wait += r.waited
	r.sampleAns += r.answered
	r.sampleStart += r.started
	r.sampleCap += capacity * r.bucket.Seconds()
	r.needed, r.good, r.offered, r.wasted, r.answered, r.latency = 0, 0, 0, 0, 0, 0
	r.started, r.waited = 0, 0
	for end >= r.nextAt && r.nextAt <= r.cfg.Duration {
		span := r.cfg.Sample.Seconds()
		at := r.nextAt - r.cfg.Sample
		out := LoadSample{At: at, Offered: s.Offered / span, Goodput: s.Goodput / span, Needed: s.Needed / span,
			Wasted: s.Wasted / span, Capacity: r.sampleCap / span, Queued: queued}
		if r.sampleAns > 0 {
			out.Latency = s.Latency / r.sampleAns
		}
		if r.sampleStart > 0 {
			out.Wait = s.Wait / r.sampleStart
		}
		r.res.Series = append(r.res.Series, out)
		r.res.PeakOffered = max(r.res.PeakOffered, out.Offered)
		r.sample, r.sampleCap, r.sampleAns, r.sampleStart = LoadSample{}, 0, 0, 0
		r.nextAt += r.cfg.Sample
	}
}

// finish closes the run at the end of the scenario.
func (r *recorder) finish() *LoadResult {
	r.flushDisturbances(r.cfg.Duration)
	if r.overloaded {
		r.res.Overloaded += r.cfg.Duration - r.overSince
	}
	return r.res
}
