package sim

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// oneHop is the contract's example shape: api takes load from outside and
// calls orders, which completes capacity calls per second on 10 servers.
// orders loses 90% of its capacity for five minutes from 10m.
func oneHop(mode string, load, capacity float64, attempts int) LoadConfig {
	return LoadConfig{Scenario: "brownout", Duration: 2 * time.Hour, Sample: time.Minute, Seed: 1, Mode: mode,
		MetastableAfter: 10 * time.Minute,
		Services: []LoadService{
			{ID: "api", Load: load, Queue: -1, Calls: []int{0}, Needs: [][]int{{0}}},
			{ID: "orders", Capacity: capacity, Workers: 10, Queue: -1},
		},
		Edges:        []LoadEdge{{From: 0, To: 1, Timeout: time.Second, Attempts: attempts}},
		Target:       1,
		Disturbances: []Disturbance{{At: 10 * time.Minute, For: 5 * time.Minute, Capacity: 0.1}},
	}
}

// down reports whether the run ends overloaded, and the last sample's
// share of the needed calls answered.
func down(r *LoadResult) (bool, float64) {
	last := r.Series[len(r.Series)-1]
	_, recovered := r.RecoveredAt()
	_, over := r.EventAt(EvOverloaded)
	return over && !recovered, last.Goodput / last.Needed
}

// With external load L, capacity C and k tries per call, the retry storm
// a big disturbance starts sustains itself exactly when k L > C: it is
// left down (metastable) for C/k < L < C, and recovers once the queue the
// disturbance built drains when k L < C. Cases sit 2-5% from the
// boundary on either side, and far from it.
func TestLoadBistable(t *testing.T) {
	const c = 1000.0
	for _, tc := range []struct {
		k     int
		load  float64 // fraction of C
		stuck bool
	}{
		{1, 0.95, false},
		{2, 0.30, false}, {2, 0.48, false}, {2, 0.52, true}, {2, 0.70, true}, {2, 0.95, true},
		{3, 0.20, false}, {3, 0.32, false}, {3, 0.35, true}, {3, 0.60, true},
		{4, 0.24, false}, {4, 0.26, true},
	} {
		cfg := oneHop(ModeFluid, tc.load*c, c, tc.k)
		cfg.Duration = 8 * time.Hour // near the boundary the queue drains slowly: at C - kL
		r := must(t, RunLoad, cfg)
		stuck, share := down(r)
		if stuck != tc.stuck {
			t.Errorf("k=%d L=%.2fC: left down = %v (answering %.0f%% at the end), want %v; events %v", tc.k, tc.load, stuck, 100*share, tc.stuck, r.Events)
		}
		if _, ok := r.EventAt(EvOverloaded); !ok {
			t.Errorf("k=%d L=%.2fC: a 90%% loss for 5 minutes must overload it", tc.k, tc.load)
		}
		if meta := r.Metastable; tc.stuck && !meta {
			t.Errorf("k=%d L=%.2fC: not metastable 10 minutes after the disturbance", tc.k, tc.load)
		}
		// In the storm every try times out: the service is offered k L.
		if tc.stuck {
			last := r.Series[len(r.Series)-1]
			if math.Abs(last.Offered-float64(tc.k)*tc.load*c) > 0.01*last.Offered {
				t.Errorf("k=%d L=%.2fC: offered %.0f in the storm, want k L = %.0f", tc.k, tc.load, last.Offered, float64(tc.k)*tc.load*c)
			}
		}
	}
	// A load above capacity is down before any disturbance: that is
	// overload, not a metastable state.
	r := must(t, RunLoad, oneHop(ModeFluid, 1.05*c, c, 2))
	if at, ok := r.EventAt(EvOverloaded); !ok || at >= 10*time.Minute {
		t.Errorf("L > C: overloaded at %v (%v), want before the disturbance", at, ok)
	}
	// A disturbance too small to make calls time out starts no storm,
	// even in the bistable range.
	cfg := oneHop(ModeFluid, 0.7*c, c, 2)
	cfg.Disturbances = []Disturbance{{At: 10 * time.Minute, For: 5 * time.Second, Capacity: 0.6}}
	if r := must(t, RunLoad, cfg); len(r.Events) != 2 {
		t.Errorf("small disturbance: events %v, want only its start and end", r.Events)
	}
}

// The request mode agrees: every call simulated, with random arrivals and
// service times, on a tenth of the scale.
func TestLoadBistableRequests(t *testing.T) {
	for _, tc := range []struct {
		k     int
		load  float64
		stuck bool
	}{
		{2, 40, false}, {2, 70, true}, {3, 25, false}, {3, 50, true},
	} {
		cfg := oneHop(ModeRequests, tc.load, 100, tc.k)
		cfg.Duration = time.Hour
		r := must(t, RunLoad, cfg)
		if stuck, share := down(r); stuck != tc.stuck {
			t.Errorf("k=%d L=%v: left down = %v (answering %.0f%%), want %v; events %v", tc.k, tc.load, stuck, 100*share, tc.stuck, r.Events)
		}
	}
}

// A disturbance that leaves capacity above the load overloads nothing,
// whatever the retries.
func TestLoadDisturbanceWithinCapacity(t *testing.T) {
	for _, mode := range []string{ModeFluid, ModeRequests} {
		cfg := oneHop(mode, 60, 100, 3)
		cfg.Duration = time.Hour
		cfg.Disturbances = []Disturbance{{At: 10 * time.Minute, For: 30 * time.Minute, Capacity: 0.8}}
		r := must(t, RunLoad, cfg)
		if _, ok := r.EventAt(EvOverloaded); ok {
			t.Errorf("%s: overloaded with 80 calls/s of capacity for 60/s of load: %v", mode, r.Events)
		}
		for _, s := range r.Series[1:] {
			if s.Offered > 1.05*s.Needed {
				t.Errorf("%s: %v: offered %.1f for %.1f needed: retries without failures", mode, s.At, s.Offered, s.Needed)
				break
			}
		}
	}
}

// Each what-if of the example, on its own, lets a metastable service
// recover (once the queue the disturbance built has drained): one try, a
// retry budget, a bounded queue, or capacity above k L.
func TestLoadWhatIfs(t *testing.T) {
	base := func() LoadConfig {
		cfg := oneHop(ModeFluid, 700, 1000, 3)
		cfg.Duration = 3 * time.Hour
		return cfg
	}
	if stuck, _ := down(must(t, RunLoad, base())); !stuck {
		t.Fatal("the base case must be left down")
	}
	for _, tc := range []struct {
		name   string
		change func(*LoadConfig)
	}{
		{"one try", func(c *LoadConfig) { c.Edges[0].Attempts = 1 }},
		{"retry budget 10%", func(c *LoadConfig) { c.Edges[0].Budget, c.Edges[0].HasBudget = 0.1, true }},
		{"queue of 10 per server", func(c *LoadConfig) { c.Services[1].Queue = 100 }},
		{"capacity above k L", func(c *LoadConfig) { c.Services[1].Capacity = 2500 }},
	} {
		for _, mode := range []string{ModeFluid, ModeRequests} {
			cfg := base()
			cfg.Mode = mode
			if mode == ModeRequests { // a tenth of the scale
				cfg.Duration, cfg.Services[0].Load, cfg.Services[1].Capacity = time.Hour, 70, 100
			}
			tc.change(&cfg)
			if mode == ModeRequests && cfg.Services[1].Capacity > 1000 {
				cfg.Services[1].Capacity /= 10
			}
			if mode == ModeRequests && cfg.Services[1].Queue > 0 {
				cfg.Services[1].Queue = 10
			}
			r := must(t, RunLoad, cfg)
			if stuck, share := down(r); stuck {
				t.Errorf("%s (%s): still down (answering %.0f%%): %v", tc.name, mode, 100*share, r.Events)
			}
		}
	}
}

// Retries multiply down a chain: web tries api twice, api tries orders
// three times, so in a storm one request becomes six calls at orders. At
// L = 200 the storm needs 1,200 calls per second of the 1,000 orders has:
// stuck, though each layer alone (2 L, 3 L) would recover.
func TestLoadNestedRetries(t *testing.T) {
	chain := func(load float64, webTries int) LoadConfig {
		return LoadConfig{Scenario: "chain", Duration: 3 * time.Hour, Sample: time.Minute, Seed: 1, Mode: ModeFluid, MetastableAfter: 10 * time.Minute,
			Services: []LoadService{
				{ID: "web", Load: load, Queue: -1, Calls: []int{0}, Needs: [][]int{{0}}},
				{ID: "api", Queue: -1, Calls: []int{1}, Needs: [][]int{{1}}},
				{ID: "orders", Capacity: 1000, Workers: 10, Queue: -1},
			},
			Edges: []LoadEdge{
				{From: 0, To: 1, Timeout: 3 * time.Second, Attempts: webTries},
				{From: 1, To: 2, Timeout: 500 * time.Millisecond, Attempts: 3},
			},
			Target:       2,
			Disturbances: []Disturbance{{At: 10 * time.Minute, For: 5 * time.Minute, Capacity: 0.1}},
		}
	}
	for _, tc := range []struct {
		load     float64
		webTries int
		stuck    bool
	}{
		{200, 2, true}, {150, 2, false}, {200, 1, false}, {300, 1, false}, {350, 1, true},
	} {
		r := must(t, RunLoad, chain(tc.load, tc.webTries))
		if stuck, share := down(r); stuck != tc.stuck {
			t.Errorf("L=%v, web tries %d: left down = %v (answering %.0f%%), want %v", tc.load, tc.webTries, stuck, 100*share, tc.stuck)
		}
	}
}

// The same configuration gives the same result, byte for byte; in request
// mode the seed is what varies a run.
func TestLoadDeterministic(t *testing.T) {
	for _, mode := range []string{ModeFluid, ModeRequests} {
		cfg := oneHop(mode, 70, 100, 2)
		cfg.Duration = 30 * time.Minute
		a, b := must(t, RunLoad, cfg), must(t, RunLoad, cfg)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two runs of one configuration differ", mode)
		}
		cfg.Seed = 2
		c := must(t, RunLoad, cfg)
		if same := reflect.DeepEqual(a.Series, c.Series); same != (mode == ModeFluid) {
			t.Errorf("%s: another seed gives the same series: %v", mode, same)
		}
	}
}

// The contract's events, in time order: the disturbance, the overload it
// starts, and metastable once it outlasts the disturbance by
// metastable_after; overload ends with recovered.
func TestLoadEvents(t *testing.T) {
	r := must(t, RunLoad, oneHop(ModeFluid, 700, 1000, 2))
	var names []string
	for i, e := range r.Events {
		names = append(names, e.Name)
		if i > 0 && e.At < r.Events[i-1].At {
			t.Errorf("events out of order: %v", r.Events)
		}
	}
	want := []string{EvDisturbanceStarted, EvOverloaded, EvDisturbanceEnded, EvMetastable}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("events %v, want %v", names, want)
	}
	if at, _ := r.EventAt(EvMetastable); at != 25*time.Minute {
		t.Errorf("metastable at %v, want 10m after the end at 15m", at)
	}
	if at, _ := r.EventAt(EvOverloaded); at < 10*time.Minute || at > 10*time.Minute+5*time.Second {
		t.Errorf("overloaded at %v, want within seconds of 10m", at)
	}
	if len(r.Series) != 120 || r.Series[0].At != 0 || r.Series[119].At != 119*time.Minute {
		t.Errorf("series of %d samples from %v", len(r.Series), r.Series[0].At)
	}
	r = must(t, RunLoad, oneHop(ModeFluid, 400, 1000, 2))
	if at, ok := r.RecoveredAt(); !ok || at < 15*time.Minute {
		t.Errorf("recovered at %v %v, want after the disturbance", at, ok)
	}
}

// Overlapping disturbances multiply; the capacity over a step is its
// average.
func TestCapacityFactor(t *testing.T) {
	ds := []Disturbance{{At: 10, For: 10, Capacity: 0.5}, {At: 15, For: 10, Capacity: 0.4}}
	for _, tc := range []struct {
		t0, t1 time.Duration
		want   float64
	}{
		{0, 10, 1}, {10, 15, 0.5}, {15, 20, 0.2}, {20, 25, 0.4}, {25, 30, 1},
		{5, 15, 0.75}, {0, 40, (10 + 5*0.5 + 5*0.2 + 5*0.4 + 15) / 40},
	} {
		if got := capacityFactor(ds, tc.t0, tc.t1); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("capacityFactor(%v, %v) = %v, want %v", tc.t0, tc.t1, got, tc.want)
		}
	}
}
