package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// Sweep runs independent simulations on workers goroutines (runtime.NumCPU()
// when workers <= 0). Runs share nothing, so results are in job order and
// identical to sequential runs.
func Sweep(jobs []func() *Result, workers int) []*Result {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	out := make([]*Result, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers && w < len(jobs); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = jobs[i]()
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// SweepRow is one simulated value of a swept parameter.
type SweepRow struct {
	Value  float64
	Result *Result
}

// SweepConfig runs base with apply(base, v) for every value, in parallel.
// apply must not modify base's slices in place (use Config.Clone).
func SweepConfig(base Config, values []float64, apply func(Config, float64) (Config, error), workers int) ([]SweepRow, error) {
	jobs := make([]func() *Result, len(values))
	for i, v := range values {
		cfg, err := apply(base.Clone(), v)
		if err != nil {
			return nil, fmt.Errorf("sweep value %g: %w", v, err)
		}
		jobs[i] = func() *Result { return Run(cfg) }
	}
	res := Sweep(jobs, workers)
	rows := make([]SweepRow, len(values))
	for i, v := range values {
		rows[i] = SweepRow{Value: v, Result: res[i]}
	}
	return rows, nil
}

// SweepValues expands FROM:TO:STEP (inclusive of TO up to rounding).
func SweepValues(from, to, step float64) ([]float64, error) {
	if !(step > 0) || math.IsInf(step, 0) || math.IsNaN(from) || math.IsNaN(to) || to < from {
		return nil, fmt.Errorf("sweep needs FROM <= TO and STEP > 0")
	}
	n := int(math.Floor((to-from)/step+1e-9)) + 1
	if n > 10000 {
		return nil, fmt.Errorf("sweep of %d values: at most 10000", n)
	}
	vs := make([]float64, n)
	for i := range vs {
		vs[i] = from + float64(i)*step
	}
	return vs, nil
}

// Clone copies c deeply enough that changing the copy leaves c alone.
func (c Config) Clone() Config {
	c.Adds = append([]Addition(nil), c.Adds...)
	c.Resources = append([]Resource(nil), c.Resources...)
	if c.Recovery != nil {
		r := *c.Recovery
		c.Recovery = &r
	}
	return c
}

// SetPath sets a numeric simulation parameter by its --set path, for sweeps
// without re-loading the model. Durations are given in seconds. Values that
// FromModel derives (bootstrap_capacity from fleet.restart_rate) are not
// re-derived: to sweep those, re-apply the path to the model and call FromModel.
func SetPath(c Config, path string, v float64) (Config, error) {
	c = c.Clone()
	dur := time.Duration(v * float64(time.Second))
	parts := strings.Split(path, ".")
	bad := fmt.Errorf("cannot sweep %q", path)
	needRec := func() error {
		if c.Recovery == nil {
			return fmt.Errorf("%s: the scenario has no recovery block", path)
		}
		return nil
	}
	switch {
	case path == "fleet.servers":
		c.Servers = int(v)
	case path == "fleet.cells":
		c.Cells = int(v)
	case path == "seed":
		c.Seed = uint64(v)
	case path == "discovery":
		c.Discovery = dur
	case path == "cache_ttl":
		c.CacheTTL = dur
	case path == "cache_refresh":
		c.CacheRefresh = dur
	case path == "alarm.threshold":
		c.Alarm.Threshold = v
	case path == "outage_threshold":
		c.OutageThreshold = v
	case len(parts) == 2 && parts[0] == "recovery":
		if err := needRec(); err != nil {
			return c, err
		}
		switch parts[1] {
		case "restart_rate":
			c.Recovery.RestartRate = v
		case "at":
			c.Recovery.At = dur
		case "cold_start":
			c.Recovery.ColdStart = dur
		case "store_factor":
			c.Recovery.StoreFactor = v
		case "bootstrap_capacity":
			c.Recovery.Capacity = v
		default:
			return c, bad
		}
	case path == "fleet.restart_rate":
		if err := needRec(); err != nil {
			return c, err
		}
		c.Recovery.RestartRate = v
	case path == "fleet.cold_start":
		if err := needRec(); err != nil {
			return c, err
		}
		c.Recovery.ColdStart = dur
	case len(parts) == 3 && parts[0] == "add_capacity":
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 || i >= len(c.Adds) {
			return c, fmt.Errorf("%s: no add_capacity block %s", path, parts[1])
		}
		switch parts[2] {
		case "servers":
			c.Adds[i].Servers = int(v)
		case "at":
			c.Adds[i].At = dur
		case "over":
			c.Adds[i].Over = dur
		default:
			return c, bad
		}
	case len(parts) == 3 && parts[0] == "resource" && parts[2] == "limit":
		for i := range c.Resources {
			if c.Resources[i].Name == parts[1] {
				c.Resources[i].Limit = v
				return c, nil
			}
		}
		return c, fmt.Errorf("%s: no resource %q with a limit", path, parts[1])
	default:
		return c, bad
	}
	return c, nil
}

func durCell(d time.Duration, ok bool) string {
	if !ok {
		return "-"
	}
	return fmtDur(d)
}

// WriteSweepTable writes one line per value: when the fleet failed, when it
// recovered (from recovery-started), peak failed servers, health-check
// removals and error-minutes.
func WriteSweepTable(w io.Writer, path string, rows []SweepRow) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tfirst failure\toutage\ttime to recover\tpeak failed\tremovals\terror-minutes\t\n", path)
	for _, row := range rows {
		r := row.Result
		if r.Err != nil {
			fmt.Fprintf(tw, "%s\terror: %v\t\t\t\t\t\t\n", strconv.FormatFloat(row.Value, 'g', -1, 64), r.Err)
			continue
		}
		ff, okF := r.EventAt(EvFirstServerFailed)
		out, okO := r.OutageAt()
		ttr, okR := r.TimeToRecover()
		ttrS := durCell(ttr, okR)
		if _, started := r.EventAt(EvRecoveryStarted); started && !okR {
			ttrS = "not recovered"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%.0f\t\n", strconv.FormatFloat(row.Value, 'g', -1, 64),
			durCell(ff, okF), durCell(out, okO), ttrS, r.PeakFailed, r.Removals, r.ErrorMinutes)
	}
	return tw.Flush()
}

type jsonSweepRow struct {
	Value           float64 `json:"value"`
	Error           string  `json:"error,omitempty"`
	FirstFailure    *int64  `json:"first_failure_seconds,omitempty"`
	Outage          *int64  `json:"outage_seconds,omitempty"`
	RecoverySeconds *int64  `json:"recovery_seconds,omitempty"`
	PeakFailed      int     `json:"peak_failed"`
	Removals        int     `json:"removals"`
	ErrorMinutes    float64 `json:"error_minutes"`
}

// SweepJSON renders rows as {"path": PATH, "rows": [...]}.
func SweepJSON(path string, rows []SweepRow) ([]byte, error) {
	opt := func(d time.Duration, ok bool) *int64 {
		if !ok {
			return nil
		}
		s := seconds(d)
		return &s
	}
	out := struct {
		Path string         `json:"path"`
		Rows []jsonSweepRow `json:"rows"`
	}{Path: path, Rows: []jsonSweepRow{}}
	for _, row := range rows {
		r := row.Result
		jr := jsonSweepRow{Value: row.Value}
		if r.Err != nil {
			jr.Error = r.Err.Error()
		} else {
			jr.FirstFailure = opt(r.EventAt(EvFirstServerFailed))
			jr.Outage = opt(r.OutageAt())
			jr.RecoverySeconds = opt(r.TimeToRecover())
			jr.PeakFailed, jr.Removals, jr.ErrorMinutes = r.PeakFailed, r.Removals, round(r.ErrorMinutes, 1)
		}
		out.Rows = append(out.Rows, jr)
	}
	return json.MarshalIndent(out, "", "  ")
}
