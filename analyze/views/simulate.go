package views

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/model"
)

// Simulation is every view of a replay: `blast simulate`.
var Simulation = Formats[*sim.Replay]{
	plain("text", simulationText),
	plain("json", simulationJSON),
}

// simStart is the clock time of a run's t=0, nil when the scenario has no start.
func simStart(r *sim.Result) *time.Time { return startAt(r.Start, r.HasStart) }

// startAt is &t when ok, else nil: a clock start the views can pass on.
func startAt(t time.Time, ok bool) *time.Time {
	if !ok {
		return nil
	}
	return &t
}

// simClock writes an offset as a wall-clock time when start is known.
func simClock(at time.Duration, start *time.Time) string {
	if start == nil {
		return "+" + minutes(at)
	}
	return start.Add(at).Format("2006-01-02 15:04 MST")
}

// minutes writes a duration to the minute: "5h7m", "45m", "0s".
func minutes(d time.Duration) string { return model.FormatDuration(d.Round(time.Minute)) }

var eventText = map[string]string{
	sim.EvCapacityAdded:        "capacity addition complete",
	sim.EvFirstServerFailed:    "first server over its limit (silent: it serves from its last good cache until that expires)",
	sim.EvFirstAlarm:           "first alarm: operators paged",
	sim.EvFleetFailed:          "every in-service server is over its limit",
	sim.EvRecoveryStarted:      "recovery started (rollback, rolling restart)",
	sim.EvFirstServerRecovered: "first restarted server back in service",
	sim.EvRecovered:            "fleet recovered",
}

// simulationText is the run's timeline, with clock times when the scenario
// has a start, a short summary, then the dependents' cascade.
func simulationText(w io.Writer, r *sim.Replay) error {
	if r.Load != nil {
		return loadText(w, r)
	}
	start := simStart(r.Result)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "scenario %s (service %s)\n\n", r.Scenario, r.Service)
	for _, e := range r.Events {
		if start != nil {
			fmt.Fprintf(tw, "  %s\t+%s\t%s\t%s\n", simClock(e.At, start), minutes(e.At), e.Name, eventText[e.Name])
		} else {
			fmt.Fprintf(tw, "  +%s\t%s\t%s\n", minutes(e.At), e.Name, eventText[e.Name])
		}
	}
	if len(r.Events) == 0 {
		fmt.Fprintf(tw, "  no event: nothing failed\n")
	}
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "  peak failed servers\t%d\n", r.PeakFailed)
	if at, ok := r.OutageAt(); ok {
		fmt.Fprintf(tw, "  dependents see an outage from\t%s\n", simClock(at, start))
	}
	if d, ok := r.TimeToRecover(); ok {
		fmt.Fprintf(tw, "  time to recover\t%s (from recovery-started)\n", minutes(d))
	} else if _, ok := r.EventAt(sim.EvRecoveryStarted); ok {
		fmt.Fprintf(tw, "  time to recover\tnot recovered within the run\n")
	}
	fmt.Fprintf(tw, "  health-check removals\t%d\n", r.Removals)
	fmt.Fprintf(tw, "  error-minutes\t%.0f\n", r.ErrorMinutes)
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeDependents(w, r.Dependents, fmt.Sprintf("from when %s began failing", r.Service), start)
}

// writeDependents writes the dependents' cascade of a simulated failure
// under a heading that says when it starts; nothing when there is none.
func writeDependents(w io.Writer, deps *cascade.Report, when string, start *time.Time) error {
	if deps == nil {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nDependents, %s:\n", when)
	writeTimeline(&b, deps, start, false)
	_, err := io.WriteString(w, b.String())
	return err
}

// The contract's simulate JSON; the summary object is an addition.
type (
	jsonSimulation struct {
		FormatVersion string       `json:"format_version" jsonschema:"enum=1"`
		Scenario      string       `json:"scenario"`
		Events        []jsonEvent  `json:"events"`
		Series        []jsonSample `json:"series"`
		Cascade       []jsonEntry  `json:"cascade"`
		Summary       jsonSummary  `json:"summary"`
	}
	jsonEvent struct {
		Event     string `json:"event"`
		AtSeconds int64  `json:"at_seconds"`
		Clock     string `json:"clock,omitempty"`
	}
	jsonSample struct {
		AtSeconds  int64   `json:"at_seconds"`
		Healthy    int     `json:"healthy"`
		Failed     int     `json:"failed"`
		Restarting int     `json:"restarting"`
		Removed    int     `json:"removed"`
		ErrorRate  float64 `json:"error_rate"`
	}
	jsonSummary struct {
		PeakFailed      int     `json:"peak_failed"`
		Removals        int     `json:"removals"`
		ErrorMinutes    float64 `json:"error_minutes"`
		OutageSeconds   *int64  `json:"outage_seconds,omitempty"`
		RecoverySeconds *int64  `json:"recovery_seconds,omitempty"`
	}
)

// wholeSeconds is d in whole seconds, rounded.
func wholeSeconds(d time.Duration) int64 { return int64(math.Round(d.Seconds())) }

// optSeconds is d in whole seconds when ok, else nil (left out of the JSON).
func optSeconds(d time.Duration, ok bool) *int64 {
	if !ok {
		return nil
	}
	s := wholeSeconds(d)
	return &s
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// jsonEvents are a run's events for its JSON, with clock times when start
// is known.
func jsonEvents(events []sim.Event, start *time.Time) []jsonEvent {
	out := []jsonEvent{}
	for _, e := range events {
		je := jsonEvent{Event: e.Name, AtSeconds: wholeSeconds(e.At)}
		if start != nil {
			je.Clock = start.Add(time.Duration(je.AtSeconds) * time.Second).Format(time.RFC3339)
		}
		out = append(out, je)
	}
	return out
}

// dependentsJSON is the dependents' cascade for a run's JSON: [] when there is none.
func dependentsJSON(deps *cascade.Report) []jsonEntry {
	if deps == nil {
		return []jsonEntry{}
	}
	return jsonTimeline(deps.Timeline)
}

func simulationJSON(w io.Writer, r *sim.Replay) error {
	if r.Load != nil {
		return loadJSON(w, r)
	}
	out := jsonSimulation{FormatVersion: FormatVersion, Scenario: r.Scenario, Events: jsonEvents(r.Events, simStart(r.Result)), Series: []jsonSample{}, Cascade: dependentsJSON(r.Dependents)}
	for _, s := range r.Series {
		out.Series = append(out.Series, jsonSample{AtSeconds: wholeSeconds(s.At), Healthy: s.Healthy, Failed: s.Failed,
			Restarting: s.Restarting, Removed: s.Removed, ErrorRate: round(s.ErrorRate, 6)})
	}
	out.Summary = jsonSummary{PeakFailed: r.PeakFailed, Removals: r.Removals, ErrorMinutes: round(r.ErrorMinutes, 1),
		OutageSeconds: optSeconds(r.OutageAt()), RecoverySeconds: optSeconds(r.TimeToRecover())}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
