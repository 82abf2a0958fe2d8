package sim

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
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
// that fails has its error in its row; a configure error ends the sweep.
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
	s, err := Sweep("recovery.restart_rate", values, rate, 2)
	if err != nil {
		t.Fatal(err)
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
		if row.Err != nil || !reflect.DeepEqual(row.Result, mustRun(t, c)) {
			t.Errorf("value %v: parallel run differs from sequential (%v)", row.Value, row.Err)
		}
	}
	if _, err := Sweep("x", values, func(float64) (Config, error) { return Config{}, errTest }, 2); !errors.Is(err, errTest) {
		t.Errorf("configure error: %v", err)
	}
}

func TestParallelUsesWorkers(t *testing.T) {
	var running, peak atomic.Int32
	both := make(chan struct{})
	var once sync.Once
	done := make([]bool, 4)
	parallel(len(done), 2, func(i int) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if n >= 2 {
			once.Do(func() { close(both) })
		}
		select { // wait for a second worker; the timeout only avoids a hang
		case <-both:
		case <-time.After(5 * time.Second):
		}
		running.Add(-1)
		done[i] = true
	})
	if peak.Load() < 2 || !reflect.DeepEqual(done, []bool{true, true, true, true}) {
		t.Errorf("peak concurrency %d with 2 workers, jobs done %v", peak.Load(), done)
	}
}
