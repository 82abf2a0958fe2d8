package sim

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

func TestSweepValues(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, tc := range []struct {
		name           string
		from, to, step float64
		want           []float64
		wantErr        string
	}{
		{"halves", 1, 2, 0.5, []float64{1, 1.5, 2}, ""},
		{"one value", 5, 5, 1, []float64{5}, ""},
		{"to is rounded onto the grid", 0, 0.3, 0.1, []float64{0, 0.1, 0.2, 0.30000000000000004}, ""},
		{"at the limit", 1, 1000, 1, nil, ""},
		{"one over the limit", 0, 1000, 1, nil, "1,001 runs"},
		{"to before from", 2, 1, 1, nil, "FROM must not exceed TO"},
		{"zero step", 0, 1, 0, nil, "STEP must be a positive"},
		{"negative step", 0, 1, -1, nil, "STEP must be a positive"},
		{"infinite step", 0, 1, inf, nil, "STEP must be a positive"},
		// These overflowed int(math.Floor(...)) and panicked in make.
		{"huge range", 0, 1e300, 1, nil, "1e+300 runs"},
		{"infinite end", 200, inf, 100, nil, "FROM and TO must be finite"},
		{"tiny step", 200, 800, 1e-300, nil, "6e+302 runs"},
		{"range overflows", -1e308, 1e308, 1, nil, "∞ runs"},
		{"NaN", nan, 1, 1, nil, "FROM and TO must be finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SweepValues(tc.from, tc.to, tc.step)
			if modeltest.WantErr(t, err, tc.wantErr) {
				return
			}
			if tc.want == nil && len(got) != MaxSweepRuns {
				t.Errorf("%d values, want %d", len(got), MaxSweepRuns)
			}
			if tc.want != nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("values %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSweep: parallel runs equal sequential ones, in value order; a run
// that fails has its error in its row; a configure error ends the sweep;
// progress hears of every run once, failed ones included.
func TestSweep(t *testing.T) {
	rate := func(v float64) (Config, error) {
		c := kinesisConfig(t)
		c.Recovery.RestartRate = v
		if v == 1 {
			c.Resources[0].Law = func(float64) (float64, error) { return 0, errTest }
		}
		return c, nil
	}
	values := []float64{350, 700, 1, 1050}
	fleet := func(v float64) (run, error) { c, err := rate(v); return run{fleet: &c}, err }
	var ended atomic.Int64
	s, err := sweep("recovery.restart_rate", values, fleet, 2, func() { ended.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	if n := ended.Load(); n != int64(len(values)) {
		t.Errorf("progress heard of %d runs, want %d", n, len(values))
	}
	if s.Path != "recovery.restart_rate" || len(s.Rows) != len(values) {
		t.Fatalf("sweep %+v", s)
	}
	for i, row := range s.Rows {
		if row.Value != values[i] {
			t.Errorf("row %d is value %v, want %v", i, row.Value, values[i])
		}
		if row.Value == 1 {
			if !errors.Is(row.Err, errTest) || row.Result != nil {
				t.Errorf("failing run: %+v", row)
			}
			continue
		}
		c, _ := rate(row.Value)
		if row.Err != nil || !reflect.DeepEqual(row.Result, must(t, Run, c)) {
			t.Errorf("value %v: parallel run differs from sequential (%v)", row.Value, row.Err)
		}
	}
	if _, err := sweep("x", values, func(float64) (run, error) { return run{}, errTest }, 2, nil); !errors.Is(err, errTest) {
		t.Errorf("configure error: %v", err)
	}
}

func TestParseSweep(t *testing.T) {
	for _, tc := range []struct {
		spec, path string
		n          int
		wantErr    string
	}{
		{"recovery.restart_rate=200:800:100", "recovery.restart_rate", 7, ""},
		{"fleet.cells= 1 : 10 : 3", "fleet.cells", 4, ""},
		{"recovery.restart_rate=0:1e300:1", "", 0, "1e+300 runs"},
		{"recovery.restart_rate=200:Inf:100", "", 0, "FROM and TO must be finite"},
		{"recovery.restart_rate=200:800:1e-300", "", 0, "6e+302 runs"},
		{"recovery.restart_rate=1:2:1e400", "", 0, `"1e400" is not a number`},
		{"recovery.restart_rate=200:800", "", 0, "want PATH=FROM:TO:STEP"},
		{"=1:2:1", "", 0, "want PATH=FROM:TO:STEP"},
		{"recovery.restart_rate", "", 0, "want PATH=FROM:TO:STEP"},
		{"x=a:2:1", "", 0, `"a" is not a number`},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			path, values, err := ParseSweep(tc.spec)
			if modeltest.WantErr(t, err, tc.wantErr) {
				return
			}
			if path != tc.path || len(values) != tc.n {
				t.Errorf("got %q, %v, %v; want %q and %d values", path, values, err, tc.path, tc.n)
			}
		})
	}
}

// TestSweepScenario sweeps through the model, as --set does: a duration is
// swept in seconds, every run starts from a fresh model, and a value the
// model refuses ends the sweep.
func TestSweepScenario(t *testing.T) {
	fresh := func() (*model.Model, *model.Scenario, error) { m, sc := kinesisModel(); return m, sc, nil }
	s, err := SweepScenario(fresh, "recovery.at", []float64{3600, 18420}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []time.Duration{time.Hour, 5*time.Hour + 7*time.Minute} {
		if at, ok := s.Rows[i].Result.EventAt(EvRecoveryStarted); !ok || at != want {
			t.Errorf("row %d: recovery started at %v, want %v", i, at, want)
		}
	}
	if _, err := SweepScenario(fresh, "recovery.restart_rate", []float64{350, 0}, nil); err == nil || !strings.Contains(err.Error(), "greater than zero") {
		t.Errorf("restart rate 0: %v", err)
	}
	if _, err := SweepScenario(fresh, "sample_every", []float64{0.001}, nil); err == nil || !strings.Contains(err.Error(), "sample_every=0.001: ") {
		t.Errorf("a value CheckScenario refuses: %v", err)
	}
}
