package sim

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

func at(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }

func near(t *testing.T, r *Result, name string, want, tol time.Duration) {
	t.Helper()
	got, ok := r.EventAt(name)
	if !ok {
		t.Errorf("%s: absent, want %v ± %v", name, want, tol)
		return
	}
	if d := got - want; d < -tol || d > tol {
		t.Errorf("%s at %v, want %v ± %v", name, got, want, tol)
	}
}

// TestKinesisReplay checks the replay against the seed's timeline (02:44 is
// t=0): first alarm 05:15, restart 07:51, first server back 10:07, fully
// recovered 22:23; for several seeds, so calibration is not one lucky draw.
func TestKinesisReplay(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		cfg := kinesisConfig(t)
		cfg.Seed = seed
		r := must(t, Run, cfg)
		near(t, r, EvCapacityAdded, at(1, 3), time.Minute)
		near(t, r, EvFirstAlarm, at(2, 31), 20*time.Minute)
		near(t, r, EvRecoveryStarted, at(5, 7), 0)
		near(t, r, EvFirstServerRecovered, at(7, 23), 30*time.Minute)
		near(t, r, EvRecovered, at(19, 39), 60*time.Minute)
		ff, _ := r.EventAt(EvFirstServerFailed)
		fa, _ := r.EventAt(EvFirstAlarm)
		if !(ff < fa) {
			t.Errorf("seed %d: failure at %v should be silent before the alarm at %v", seed, ff, fa)
		}
		if _, ok := r.EventAt(EvFleetFailed); !ok {
			t.Errorf("seed %d: the monolithic fleet should fail entirely", seed)
		}
		if out, ok := r.OutageAt(); !ok || out != fa {
			t.Errorf("seed %d: outage %v %v, want the errors alarm time %v", seed, out, ok, fa)
		}
		for i := 1; i < len(r.Events); i++ {
			if r.Events[i].At < r.Events[i-1].At {
				t.Errorf("events out of order: %v", r.Events)
			}
		}
	}
}

// TestCounterfactuals are the mitigations from the seed's corrective actions.
func TestCounterfactuals(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(m *model.Model, sc *model.Scenario)
	}{
		{"no addition", func(m *model.Model, sc *model.Scenario) {
			sc.Blocks["add_capacity"][0].Attrs["servers"].Number = 0
		}},
		{"thread limit doubled", func(m *model.Model, sc *model.Scenario) {
			m.Services[0].Resources[0].Limit *= 2
		}},
		{"ten cells, law scoped to the cell", func(m *model.Model, sc *model.Scenario) {
			m.Services[0].Fleet.Cells = 10
			m.Services[0].Resources[0].Scope = model.ScopeCell
		}},
		{"larger servers", func(m *model.Model, sc *model.Scenario) {
			m.Services[0].Fleet.Servers /= 4
			sc.Blocks["add_capacity"][0].Attrs["servers"].Number /= 4
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, sc := kinesisModel()
			tc.change(m, sc)
			cfg, err := FromModel(m, sc)
			if err != nil {
				t.Fatal(err)
			}
			r := must(t, Run, cfg)
			if len(r.Events) > 1 || r.PeakFailed != 0 || r.ErrorMinutes != 0 {
				t.Errorf("want no failure, got events %v, peak failed %d", r.Events, r.PeakFailed)
			}
		})
	}
	// Sanity: the same cells without the cell scope still fail.
	m, sc := kinesisModel()
	m.Services[0].Fleet.Cells = 10
	cfg, _ := FromModel(m, sc)
	if r := must(t, Run, cfg); r.PeakFailed == 0 {
		t.Errorf("cells with a fleet-scoped law should still fail")
	}
}

func TestFasterRestartDoesNotHelp(t *testing.T) {
	base := must(t, Run, kinesisConfig(t))
	baseRec, ok := base.EventAt(EvRecovered)
	if !ok {
		t.Fatal("baseline does not recover")
	}
	cfg := kinesisConfig(t)
	cfg.Recovery.RestartRate *= 3
	r := must(t, Run, cfg)
	if rec, ok := r.EventAt(EvRecovered); ok && rec < baseRec {
		t.Errorf("3x restart rate recovered at %v, sooner than %v", rec, baseRec)
	}
	if r.Removals < 100 {
		t.Errorf("3x restart rate: %d removals, want a thundering herd", r.Removals)
	}
	// The series shows servers removed and then restarted again.
	sawRemoved := false
	for _, s := range r.Series {
		if s.Removed > 0 && s.Restarting > 0 {
			sawRemoved = true
		}
	}
	if !sawRemoved || r.Series[len(r.Series)-1].Removed != r.Removals {
		t.Errorf("series does not show removals (last %+v, removals %d)", r.Series[len(r.Series)-1], r.Removals)
	}
	if base.Removals > r.Removals/10 {
		t.Errorf("the safe rate had %d removals vs %d at 3x", base.Removals, r.Removals)
	}
}

func TestStoreBootstrapRecoversSooner(t *testing.T) {
	base := must(t, Run, kinesisConfig(t))
	cfg := kinesisConfig(t)
	cfg.Recovery.Bootstrap = "store"
	r := must(t, Run, cfg)
	b, _ := base.EventAt(EvRecovered)
	s, ok := r.EventAt(EvRecovered)
	if !ok || s >= b {
		t.Errorf("store bootstrap recovered at %v (%v), peers at %v", s, ok, b)
	}
}

func TestResourceAlarmPagesBeforeFailure(t *testing.T) {
	for _, thr := range []float64{0, 0.99} { // 0: the default (0.9) when unset
		m, sc := kinesisModel()
		al := sc.Blocks["alarm"][0].Attrs
		al["on"].String = "resource"
		if thr == 0 {
			delete(al, "threshold")
		} else {
			al["threshold"].Number = thr
		}
		cfg, err := FromModel(m, sc)
		if err != nil {
			t.Fatal(err)
		}
		if thr == 0 && cfg.Alarm.Threshold != defaultResourceThreshold {
			t.Errorf("resource threshold default %v", cfg.Alarm.Threshold)
		}
		if cfg.OutageThreshold != 0.05 {
			t.Errorf("outage threshold %v, want the schema default 0.05", cfg.OutageThreshold)
		}
		r := must(t, Run, cfg)
		alarm, ok1 := r.EventAt(EvFirstAlarm)
		fail, ok2 := r.EventAt(EvFirstServerFailed)
		if !ok1 || !ok2 || alarm >= fail {
			t.Errorf("threshold %v: alarm %v (%v), first failure %v (%v)", thr, alarm, ok1, fail, ok2)
		}
		if thr == 0.99 && alarm == 0 {
			t.Errorf("at 99%% of the limit the alarm should fire during discovery, not at once")
		}
	}
}

// TestFailsExactlyAtMaxServers: after discovery completes, a fleet of
// max_servers has no failed server and one of max_servers+1 has, where max
// is found by brute force from the law.
func TestFailsExactlyAtMaxServers(t *testing.T) {
	type law struct {
		name  string
		f     func(n float64) (float64, error)
		limit float64
		cells int
	}
	laws := []law{
		{"linear", func(n float64) (float64, error) { return 1000 + 7*(n-1), nil }, 32768, 1},
		{"n log n", func(n float64) (float64, error) { return 20 * n * math.Log(n), nil }, 1e6, 1},
		{"quadratic", func(n float64) (float64, error) { return 100 + 0.01*n*n, nil }, 50000, 1},
		{"step", func(n float64) (float64, error) { return 1000 * math.Ceil(n/100), nil }, 30000, 1},
		{"cell-scoped", func(n float64) (float64, error) { return 500 + 9*n, nil }, 10000, 4},
	}
	for _, l := range laws {
		max := 0
		for n := 1; ; n++ {
			u, _ := l.f(float64(n))
			if u > l.limit {
				max = n - 1
				break
			}
		}
		for _, extra := range []int{0, 1} {
			total := max*l.cells + extra // the biggest cell holds max+extra
			scope := model.ScopeFleet
			if l.cells > 1 {
				scope = model.ScopeCell
			}
			cfg := Config{Scenario: l.name, Duration: 6 * time.Hour, Step: time.Hour, Seed: 7,
				Servers: total - 50*l.cells, Cells: l.cells, Discovery: time.Hour,
				Adds:         []Addition{{At: 0, Over: 30 * time.Minute, Servers: 50 * l.cells}},
				Resources:    []Resource{{Name: "r", Limit: l.limit, Scope: scope, Law: l.f}},
				CacheRefresh: 5 * time.Minute, CacheTTL: 90 * time.Minute,
				Alarm: Alarm{On: "errors", Threshold: 0.05}, OutageThreshold: 0.05}
			r := must(t, Run, cfg)
			failed := r.Series[len(r.Series)-1].Failed
			wantFailed := 0
			if extra == 1 {
				wantFailed = max + 1 // every server of the one oversized scope
			}
			if failed != wantFailed {
				t.Errorf("%s: fleet of max(%d)%+d per scope: %d failed, want %d", l.name, max, extra, failed, wantFailed)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := must(t, Run, kinesisConfig(t)), must(t, Run, kinesisConfig(t))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same config, different output")
	}
	cfg := kinesisConfig(t)
	cfg.Seed = 2
	if reflect.DeepEqual(a, must(t, Run, cfg)) {
		t.Error("different seeds gave identical runs")
	}
}

func TestNoRollbackNeverRecovers(t *testing.T) {
	cfg := kinesisConfig(t)
	cfg.Recovery.Rollback = false
	r := must(t, Run, cfg)
	if _, ok := r.EventAt(EvFirstServerRecovered); ok {
		t.Error("restarted servers boot over the limit without the rollback; none should recover")
	}
}

// TestBadInput: Run refuses a Config it cannot simulate (one built in code;
// FromModel's are checked by model.CheckScenario) and a law that fails.
func TestBadInput(t *testing.T) {
	good := func() Config { return kinesisConfig(t) }
	for _, tc := range []struct {
		name string
		mod  func(c *Config)
	}{
		{"negative servers", func(c *Config) { c.Servers = -1 }},
		{"zero cells", func(c *Config) { c.Cells = 0 }},
		{"zero duration", func(c *Config) { c.Duration = 0 }},
		{"zero step", func(c *Config) { c.Step = 0 }},
		{"too many samples", func(c *Config) { c.Step = time.Millisecond }},
		{"negative discovery", func(c *Config) { c.Discovery = -time.Minute }},
		{"no resource", func(c *Config) { c.Resources = nil }},
		{"nil law", func(c *Config) { c.Resources = []Resource{{Name: "x", Limit: 1, Scope: model.ScopeFleet}} }},
		{"negative add", func(c *Config) { c.Adds[0].Servers = -5 }},
		{"fleet too large", func(c *Config) { c.Adds[0].Servers = model.MaxFleet }},
		{"zero restart rate", func(c *Config) { c.Recovery.RestartRate = 0 }},
		{"law error", func(c *Config) {
			c.Resources[0].Law = func(n float64) (float64, error) { return 0, errTest }
		}},
		{"law NaN", func(c *Config) {
			c.Resources[0].Law = func(n float64) (float64, error) { return math.NaN(), nil }
		}},
	} {
		cfg := good()
		tc.mod(&cfg)
		if r, err := Run(cfg); err == nil || r != nil {
			t.Errorf("%s: result %v, error %v; want only an error", tc.name, r, err)
		}
	}
}

// must runs cfg with run (Run or RunLoad) and fails the test if it cannot.
func must[C, R any](t testing.TB, run func(C) (R, error), cfg C) R {
	t.Helper()
	r, err := run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type testErr string

func (e testErr) Error() string { return string(e) }

const errTest = testErr("boom")

func TestFromModelErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(m *model.Model, sc *model.Scenario)
	}{
		{"unknown service", func(m *model.Model, sc *model.Scenario) { sc.Service = "nope" }},
		{"no fleet", func(m *model.Model, sc *model.Scenario) { m.Services[0].Fleet = nil }},
		{"no resource", func(m *model.Model, sc *model.Scenario) { m.Services[0].Resources = nil }},
		{"no restart rate", func(m *model.Model, sc *model.Scenario) {
			m.Services[0].Fleet.RestartRate = 0
			delete(sc.Blocks["recovery"][0].Attrs, "restart_rate")
		}},
		{"add without servers", func(m *model.Model, sc *model.Scenario) {
			delete(sc.Blocks["add_capacity"][0].Attrs, "servers")
		}},
		{"recovery without at", func(m *model.Model, sc *model.Scenario) {
			delete(sc.Blocks["recovery"][0].Attrs, "at")
		}},
	} {
		m, sc := kinesisModel()
		tc.mod(m, sc)
		if _, err := FromModel(m, sc); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if _, err := FromModel(nil, nil); err == nil {
		t.Error("nil model: no error")
	}
}

// TestFromModelDefaults: unset values come from the schema table.
func TestFromModelDefaults(t *testing.T) {
	m, sc := kinesisModel()
	sc.Attrs = map[string]*model.Value{}
	delete(sc.Blocks, "alarm")
	cfg, err := FromModel(m, sc)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Duration: 24 * time.Hour, Step: time.Minute, Seed: 1, Discovery: time.Hour,
		CacheRefresh: 5 * time.Minute, CacheTTL: 90 * time.Minute}
	if cfg.Duration != want.Duration || cfg.Step != want.Step || cfg.Seed != want.Seed || cfg.Discovery != want.Discovery ||
		cfg.CacheRefresh != want.CacheRefresh || cfg.CacheTTL != want.CacheTTL || cfg.HasStart {
		t.Errorf("defaults: %+v", cfg)
	}
	if cfg.Alarm != (Alarm{On: "errors", Threshold: 0.05}) || cfg.OutageThreshold != 0.05 {
		t.Errorf("alarm defaults: %+v %v", cfg.Alarm, cfg.OutageThreshold)
	}
	r := cfg.Recovery
	if r == nil || r.Bootstrap != "peers" || !r.Rollback || r.StoreFactor != 0.5 || r.ColdStart != 2*time.Hour || r.Capacity != 700 {
		t.Errorf("recovery defaults: %+v", r)
	}
}
