package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"github.com/blast-tool/blast/model"
)

// Event is one milestone of a run; Name is one of the contract's event names.
type Event struct {
	Name string
	At   time.Duration
}

// Sample is the fleet's state at one step of the series. Failed counts
// in-service servers over a limit (silent or already serving errors);
// Restarting counts servers out of service to restart; Removed is the
// cumulative number of bootstraps that failed a health check.
type Sample struct {
	At         time.Duration
	Healthy    int
	Failed     int
	Restarting int
	Removed    int
	ErrorRate  float64
}

// Result is what one run produced.
type Result struct {
	Scenario string
	Service  string
	Start    time.Time
	HasStart bool

	Events []Event  // in time order; absent events are missing
	Series []Sample // every Config.Step from 0 to Duration

	PeakFailed   int     // most in-service servers over a limit at once
	Removals     int     // bootstraps removed by health checks
	ErrorMinutes float64 // integral of the error rate over time, in minutes

	Outage    time.Duration
	HasOutage bool

	// Err is set when the Config was invalid or a law failed to evaluate.
	Err error
}

// OutageAt is when dependents start seeing the fleet as out: the first
// moment the error rate reaches the outage threshold. Cascades are offset by it.
func (r *Result) OutageAt() (time.Duration, bool) { return r.Outage, r.HasOutage }

// EventAt returns the time of the named event.
func (r *Result) EventAt(name string) (time.Duration, bool) {
	for _, e := range r.Events {
		if e.Name == name {
			return e.At, true
		}
	}
	return 0, false
}

// TimeToRecover is recovered minus recovery-started, when both happened.
func (r *Result) TimeToRecover() (time.Duration, bool) {
	a, ok1 := r.EventAt(EvRecoveryStarted)
	b, ok2 := r.EventAt(EvRecovered)
	return b - a, ok1 && ok2
}

type jsonEvent struct {
	Event     string `json:"event"`
	AtSeconds int64  `json:"at_seconds"`
	Clock     string `json:"clock,omitempty"`
}

type jsonSample struct {
	AtSeconds  int64   `json:"at_seconds"`
	Healthy    int     `json:"healthy"`
	Failed     int     `json:"failed"`
	Restarting int     `json:"restarting"`
	Removed    int     `json:"removed"`
	ErrorRate  float64 `json:"error_rate"`
}

type jsonSummary struct {
	PeakFailed      int     `json:"peak_failed"`
	Removals        int     `json:"removals"`
	ErrorMinutes    float64 `json:"error_minutes"`
	OutageSeconds   *int64  `json:"outage_seconds,omitempty"`
	RecoverySeconds *int64  `json:"recovery_seconds,omitempty"`
}

type jsonResult struct {
	Scenario string          `json:"scenario"`
	Events   []jsonEvent     `json:"events"`
	Series   []jsonSample    `json:"series"`
	Cascade  json.RawMessage `json:"cascade"`
	Summary  jsonSummary     `json:"summary"`
}

func seconds(d time.Duration) int64 { return int64(math.Round(d.Seconds())) }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// JSON renders the contract's simulate output. cascade is the already
// encoded cascade timeline of the dependents (nil gives []); the summary
// object is an addition to the contract.
func (r *Result) JSON(cascade json.RawMessage) ([]byte, error) {
	if r.Err != nil {
		return nil, r.Err
	}
	out := jsonResult{Scenario: r.Scenario, Events: []jsonEvent{}, Series: []jsonSample{}, Cascade: cascade}
	if len(out.Cascade) == 0 {
		out.Cascade = json.RawMessage("[]")
	}
	for _, e := range r.Events {
		je := jsonEvent{Event: e.Name, AtSeconds: seconds(e.At)}
		if r.HasStart {
			je.Clock = r.Start.Add(time.Duration(je.AtSeconds) * time.Second).Format(time.RFC3339)
		}
		out.Events = append(out.Events, je)
	}
	for _, s := range r.Series {
		out.Series = append(out.Series, jsonSample{AtSeconds: seconds(s.At), Healthy: s.Healthy, Failed: s.Failed,
			Restarting: s.Restarting, Removed: s.Removed, ErrorRate: round(s.ErrorRate, 6)})
	}
	out.Summary = jsonSummary{PeakFailed: r.PeakFailed, Removals: r.Removals, ErrorMinutes: round(r.ErrorMinutes, 1)}
	if at, ok := r.OutageAt(); ok {
		v := seconds(at)
		out.Summary.OutageSeconds = &v
	}
	if d, ok := r.TimeToRecover(); ok {
		v := seconds(d)
		out.Summary.RecoverySeconds = &v
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// clock formats an offset as a wall-clock time when start is known.
func clock(at time.Duration, start *time.Time) string {
	if start == nil {
		return "+" + fmtDur(at)
	}
	return start.Add(at).Format("2006-01-02 15:04 MST")
}

// fmtDur prints a duration to the minute: "5h7m", "45m", "0s".
func fmtDur(d time.Duration) string { return model.FormatDuration(d.Round(time.Minute)) }

var eventText = map[string]string{
	EvCapacityAdded:        "capacity addition complete",
	EvFirstServerFailed:    "first server over its limit (silent: it keeps its last shard map)",
	EvFirstAlarm:           "first alarm: operators paged",
	EvFleetFailed:          "every in-service server is over its limit",
	EvRecoveryStarted:      "recovery started (rollback, rolling restart)",
	EvFirstServerRecovered: "first restarted server back in service",
	EvRecovered:            "fleet recovered",
}

// WriteText writes a readable timeline, with clock times from start when it
// is set, and a short summary.
func (r *Result) WriteText(w io.Writer, start *time.Time) error {
	if r.Err != nil {
		return r.Err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "scenario %s (service %s)\n\n", r.Scenario, r.Service)
	for _, e := range r.Events {
		if start != nil {
			fmt.Fprintf(tw, "  %s\t+%s\t%s\t%s\n", clock(e.At, start), fmtDur(e.At), e.Name, eventText[e.Name])
		} else {
			fmt.Fprintf(tw, "  +%s\t%s\t%s\n", fmtDur(e.At), e.Name, eventText[e.Name])
		}
	}
	if len(r.Events) == 0 {
		fmt.Fprintf(tw, "  no event: nothing failed\n")
	}
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "  peak failed servers\t%d\n", r.PeakFailed)
	if at, ok := r.OutageAt(); ok {
		fmt.Fprintf(tw, "  dependents see an outage from\t%s\n", clock(at, start))
	}
	if d, ok := r.TimeToRecover(); ok {
		fmt.Fprintf(tw, "  time to recover\t%s (from recovery-started)\n", fmtDur(d))
	} else if _, ok := r.EventAt(EvRecoveryStarted); ok {
		fmt.Fprintf(tw, "  time to recover\tnot recovered within the run\n")
	}
	fmt.Fprintf(tw, "  health-check removals\t%d\n", r.Removals)
	fmt.Fprintf(tw, "  error-minutes\t%.0f\n", r.ErrorMinutes)
	return tw.Flush()
}
