package sim

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/model"
)

// MaxSweepRuns is the most runs one sweep makes.
const MaxSweepRuns = 1000

// SweepResult is one scenario simulated once per value of a parameter.
type SweepResult struct {
	Path string // the parameter, as --set names it
	Rows []SweepRow
}

// SweepRow is one simulated value: its result, or why the run failed.
type SweepRow struct {
	Value  float64
	Result *Result
	Err    error
}

// sweep simulates one Config per value, configure(v) building each in turn
// (a configure error ends the sweep), then runs them on workers goroutines
// (runtime.NumCPU() when workers <= 0). Runs share nothing, so the rows are
// in value order and equal to sequential runs.
func sweep(path string, values []float64, configure func(v float64) (Config, error), workers int) (*SweepResult, error) {
	cfgs := make([]Config, len(values))
	for i, v := range values {
		c, err := configure(v)
		if err != nil {
			return nil, err
		}
		cfgs[i] = c
	}
	out := &SweepResult{Path: path, Rows: make([]SweepRow, len(values))}
	parallel(len(cfgs), workers, func(i int) {
		res, err := Run(cfgs[i])
		out.Rows[i] = SweepRow{Value: values[i], Result: res, Err: err}
	})
	return out, nil
}

// SweepScenario simulates a scenario once per value of the parameter at
// path, set as SetScenario sets it (durations in seconds), so any settable
// path can be swept. fresh returns a newly loaded model and scenario for
// every run: runs share nothing, not even a law's evaluation context.
func SweepScenario(fresh func() (*model.Model, *model.Scenario, error), path string, values []float64) (*SweepResult, error) {
	return sweep(path, values, func(v float64) (Config, error) {
		m, sc, err := fresh()
		if err != nil {
			return Config{}, err
		}
		val := strconv.FormatFloat(v, 'f', -1, 64)
		if err := m.SetScenario(sc, path, val); err != nil && m.SetScenario(sc, path, val+"s") != nil {
			return Config{}, err
		}
		cfg, err := FromModel(m, sc)
		if err != nil {
			return Config{}, fmt.Errorf("%s=%s: %w", path, val, err)
		}
		return cfg, nil
	}, 0)
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

// parallel calls job(0..n-1) on workers goroutines, runtime.NumCPU() when
// workers <= 0, and returns when all are done.
func parallel(n, workers int, job func(i int)) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers && w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				job(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
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
