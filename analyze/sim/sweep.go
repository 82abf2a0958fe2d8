package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/parallel"
)

// MaxSweepRuns is the most runs one sweep makes.
const MaxSweepRuns = 1000

// SweepResult is one scenario simulated once per value of a parameter.
type SweepResult struct {
	Scenario string
	Path     string // the parameter, as --set names it
	Rows     []SweepRow
}

// SweepRow is one simulated value: its result (Result for a fleet
// scenario, Load for a load scenario), or why the run failed.
type SweepRow struct {
	Value  float64
	Result *Result
	Load   *LoadResult
	Err    error
}

// run is one configured run: a fleet or a load simulation.
type run struct {
	fleet *Config
	load  *LoadConfig
}

// configure configures the run of scenario sc of model m: FromModel, or
// LoadFromModel for a load scenario.
func configure(m *model.Model, sc *model.Scenario) (run, error) {
	if sc != nil && sc.Kind() == model.LoadScenario {
		cfg, err := LoadFromModel(m, sc)
		return run{load: &cfg}, err
	}
	cfg, err := FromModel(m, sc)
	return run{fleet: &cfg}, err
}

// simulate runs r: Run, or RunLoad.
func (r run) simulate() SweepRow {
	var row SweepRow
	if r.load != nil {
		row.Load, row.Err = RunLoad(*r.load)
	} else {
		row.Result, row.Err = Run(*r.fleet)
	}
	return row
}

// sweep simulates one run per value, configure(v) building each in turn
// (a configure error ends the sweep), then runs them on workers goroutines
// (runtime.NumCPU() when workers <= 0), calling progress (when not nil)
// as each run ends. Runs share nothing, so the rows are in value order and
// equal to sequential runs.
func sweep(path string, values []float64, configure func(v float64) (run, error), workers int, progress func()) (*SweepResult, error) {
	runs := make([]run, len(values))
	for i, v := range values {
		c, err := configure(v)
		if err != nil {
			return nil, err
		}
		runs[i] = c
	}
	out := &SweepResult{Path: path, Rows: make([]SweepRow, len(values))}
	parallel.For(len(runs), workers, func(i int) {
		row := runs[i].simulate()
		row.Value = values[i]
		out.Rows[i] = row
		if progress != nil {
			progress()
		}
	})
	return out, nil
}

// SweepScenario simulates a scenario once per value of the parameter at
// path, set as SetScenario sets it (durations in seconds, rates per
// second), so any settable path can be swept: a fleet's restart rate, or a
// load scenario's load or attempts, to find the tipping point. fresh
// returns a newly loaded model and scenario for every run: runs share
// nothing, not even a law's evaluation context. progress, when not nil, is
// called once per finished run, from the goroutine that ran it, so it must
// be safe for concurrent use (a progress bar's).
func SweepScenario(fresh func() (*model.Model, *model.Scenario, error), path string, values []float64, progress func()) (*SweepResult, error) {
	scenario := ""
	res, err := sweep(path, values, func(v float64) (run, error) {
		m, sc, err := fresh()
		if err != nil {
			return run{}, err
		}
		scenario = sc.ID
		val := strconv.FormatFloat(v, 'f', -1, 64)
		if err := m.SetScenario(sc, path, val); err != nil && m.SetScenario(sc, path, val+"s") != nil {
			return run{}, err
		}
		c, err := configure(m, sc)
		if err != nil {
			return run{}, fmt.Errorf("%s=%s: %w", path, val, err)
		}
		return c, nil
	}, 0, progress)
	if res != nil {
		res.Scenario = scenario
	}
	return res, err
}

// ParseSweep reads a sweep, PATH=FROM:TO:STEP, into its path and values.
func ParseSweep(spec string) (path string, values []float64, err error) {
	path, span, ok := strings.Cut(spec, "=")
	parts := strings.Split(span, ":")
	if !ok || path == "" || len(parts) != 3 {
		return "", nil, fmt.Errorf("want PATH=FROM:TO:STEP, for example recovery.restart_rate=200:800:100")
	}
	var nums [3]float64
	for i, p := range parts {
		if nums[i], err = strconv.ParseFloat(strings.TrimSpace(p), 64); err != nil {
			return "", nil, fmt.Errorf("%q is not a number", p)
		}
	}
	values, err = SweepValues(nums[0], nums[1], nums[2])
	return path, values, err
}

// SweepValues expands FROM:TO:STEP, TO included up to rounding, into at
// most MaxSweepRuns values. The count is worked out in floating point and
// checked before any slice is made, so no range can overflow it.
func SweepValues(from, to, step float64) ([]float64, error) {
	switch {
	case math.IsNaN(from) || math.IsInf(from, 0) || math.IsNaN(to) || math.IsInf(to, 0):
		return nil, fmt.Errorf("FROM and TO must be finite numbers")
	case !(step > 0) || math.IsInf(step, 0):
		return nil, fmt.Errorf("STEP must be a positive finite number")
	case to < from:
		return nil, fmt.Errorf("FROM must not exceed TO")
	}
	n := math.Floor((to-from)/step+1e-9) + 1
	if !(n <= MaxSweepRuns) {
		return nil, fmt.Errorf("%s runs; narrow the range or take a larger step (at most %s)", words.Num(n), words.Int(MaxSweepRuns))
	}
	vs := make([]float64, int(n))
	for i := range vs {
		vs[i] = from + float64(i)*step
	}
	return vs, nil
}
