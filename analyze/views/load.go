package views

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/model"
)

// loadStart is the clock time of a load run's t=0, nil without a start.
func loadStart(r *sim.LoadResult) *time.Time { return startAt(r.Start, r.HasStart) }

// seconds writes an offset to the second: "10m1s", "2h".
func seconds(d time.Duration) string { return model.FormatDuration(d.Round(time.Second)) }

// loadClock writes an offset as a clock time to the second when start is known.
func loadClock(at time.Duration, start *time.Time) string {
	if start == nil {
		return "+" + seconds(at)
	}
	return start.Add(at.Round(time.Second)).Format("2006-01-02 15:04:05 MST")
}

// rate writes calls per second: "1,056 calls/s", "2.5 calls/s".
func rate(x float64) string {
	if x >= 100 {
		x = math.Round(x)
	}
	return words.Num(x) + " calls/s"
}

// loadEventText says what each event of a load run means, disturbances
// with their figures (the n-th start is the n-th disturbance by time).
func loadEventText(r *sim.LoadResult) []string {
	starts := slices.Clone(r.Disturbances)
	slices.SortStableFunc(starts, func(a, b sim.Disturbance) int { return int(a.At - b.At) })
	ends := slices.Clone(r.Disturbances)
	slices.SortStableFunc(ends, func(a, b sim.Disturbance) int { return int(a.At + a.For - b.At - b.For) })
	var out []string
	ns, ne := 0, 0
	for _, e := range r.Events {
		var s string
		switch e.Name {
		case sim.EvDisturbanceStarted:
			d := starts[min(ns, len(starts)-1)]
			ns++
			s = fmt.Sprintf("%s loses %s%% of its capacity for %s", r.Service, words.Num(100*(1-d.Capacity)), model.FormatDuration(d.For))
		case sim.EvDisturbanceEnded:
			ne++
			s = "the disturbance ends"
			if ne == len(ends) {
				s = "the last disturbance ends: full capacity again"
			}
		case sim.EvOverloaded:
			s = fmt.Sprintf("%s answers in time less than 90%% of the calls its callers need", r.Service)
		case sim.EvMetastable:
			s = "still overloaded after the disturbance: retries and wasted work keep it down"
		case sim.EvRecovered:
			s = "answering 99% of the calls needed again"
		}
		out = append(out, s)
	}
	return out
}

// loadText is a load run's timeline, with clock times when the scenario
// has a start, a short summary, then the dependents' cascade.
func loadText(w io.Writer, rep *sim.Replay) error {
	r := rep.Load
	start := loadStart(r)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	how := "fluid model, step " + r.Step.String()
	if r.Mode == sim.ModeRequests {
		how = "every call simulated"
	}
	fmt.Fprintf(tw, "scenario %s (service %s, %s)\n\n", r.Scenario, r.Service, how)
	texts := loadEventText(r)
	for i, e := range r.Events {
		if start != nil {
			fmt.Fprintf(tw, "  %s\t+%s\t%s\t%s\n", loadClock(e.At, start), seconds(e.At), e.Name, texts[i])
		} else {
			fmt.Fprintf(tw, "  +%s\t%s\t%s\n", seconds(e.At), e.Name, texts[i])
		}
	}
	fmt.Fprintln(tw)
	fmt.Fprintf(tw, "  capacity\t%s\n", rate(r.Capacity))
	if len(r.Series) > 0 {
		fmt.Fprintf(tw, "  calls needed at the start\t%s\n", rate(r.Series[0].Needed))
	}
	fmt.Fprintf(tw, "  peak offered\t%s (%sx capacity)\n", rate(r.PeakOffered), words.Num(r.PeakOffered/r.Capacity))
	fmt.Fprintf(tw, "  time overloaded\t%s\n", seconds(r.Overloaded))
	fmt.Fprintf(tw, "  outcome\t%s\n", loadOutcome(r))
	if err := tw.Flush(); err != nil {
		return err
	}
	return writeDependents(w, rep.Dependents, fmt.Sprintf("from when %s was first overloaded", r.Service), start)
}

// loadOutcome says how a load run ended, in a few words.
func loadOutcome(r *sim.LoadResult) string {
	_, over := r.EventAt(sim.EvOverloaded)
	at, recovered := r.RecoveredAt()
	switch {
	case !over:
		return "never overloaded"
	case recovered && r.Metastable:
		return "metastable, then recovered at +" + seconds(at)
	case recovered:
		return "recovered at +" + seconds(at)
	case r.Metastable:
		return "metastable: still overloaded at the end"
	}
	return "overloaded at the end"
}

// The load simulation's JSON: the contract's events and series (offered,
// goodput), with more of each sample and a summary as additions.
type (
	jsonLoad struct {
		FormatVersion string            `json:"format_version" jsonschema:"enum=1"`
		Scenario      string            `json:"scenario"`
		Service       string            `json:"service"`
		Mode          string            `json:"mode"`
		Events        []jsonEvent       `json:"events"`
		Series        []jsonLoadSample  `json:"series"`
		Cascade       []jsonEntry       `json:"cascade"`
		Summary       jsonLoadSummary   `json:"summary"`
		Disturb       []jsonDisturbance `json:"disturbances"`
	}
	jsonLoadSample struct {
		AtSeconds int64   `json:"at_seconds"`
		Offered   float64 `json:"offered"`
		Goodput   float64 `json:"goodput"`
		Needed    float64 `json:"needed"`
		Wasted    float64 `json:"wasted"`
		Capacity  float64 `json:"capacity"`
		Queued    float64 `json:"queued"`
		Latency   float64 `json:"latency_seconds"`
		Wait      float64 `json:"wait_seconds"`
	}
	jsonLoadSummary struct {
		Capacity          float64 `json:"capacity"`
		PeakOffered       float64 `json:"peak_offered"`
		OverloadedSeconds int64   `json:"overloaded_seconds"`
		Metastable        bool    `json:"metastable"`
		RecoveredSeconds  *int64  `json:"recovered_seconds,omitempty"`
		StepSeconds       float64 `json:"step_seconds,omitempty"`
	}
	jsonDisturbance struct {
		AtSeconds  int64   `json:"at_seconds"`
		ForSeconds int64   `json:"for_seconds"`
		Capacity   float64 `json:"capacity"`
	}
)

func loadJSON(w io.Writer, rep *sim.Replay) error {
	r := rep.Load
	out := jsonLoad{FormatVersion: FormatVersion, Scenario: r.Scenario, Service: r.Service, Mode: r.Mode, Events: jsonEvents(r.Events, loadStart(r)), Series: []jsonLoadSample{},
		Cascade: dependentsJSON(rep.Dependents), Disturb: []jsonDisturbance{}}
	for _, s := range r.Series {
		out.Series = append(out.Series, jsonLoadSample{AtSeconds: wholeSeconds(s.At), Offered: round(s.Offered, 2), Goodput: round(s.Goodput, 2),
			Needed: round(s.Needed, 2), Wasted: round(s.Wasted, 2), Capacity: round(s.Capacity, 2), Queued: round(s.Queued, 1),
			Latency: round(s.Latency, 4), Wait: round(s.Wait, 4)})
	}
	for _, d := range r.Disturbances {
		out.Disturb = append(out.Disturb, jsonDisturbance{AtSeconds: wholeSeconds(d.At), ForSeconds: wholeSeconds(d.For), Capacity: d.Capacity})
	}
	out.Summary = jsonLoadSummary{Capacity: round(r.Capacity, 2), PeakOffered: round(r.PeakOffered, 2), OverloadedSeconds: wholeSeconds(r.Overloaded),
		Metastable: r.Metastable, RecoveredSeconds: optSeconds(r.RecoveredAt()), StepSeconds: r.Step.Seconds()}
	return writeIndented(w, out)
}

// loadSweepTable writes one line per value of a load sweep: when the
// service was overloaded, how the run ended and how hard the retries
// pushed, then where the outcome tips from recovering to metastable.
func loadSweepTable(w io.Writer, s *sim.SweepResult) error {
	var tips []string
	prev := ""
	columns := []string{"overloaded", "outcome", "peak offered", "time overloaded", "answered at the end"}
	err := writeSweepTable(w, s, columns, func(value string, row sim.SweepRow) []string {
		r := row.Load
		over, ok := r.EventAt(sim.EvOverloaded)
		answered := "-"
		if n := len(r.Series); n > 0 && r.Series[n-1].Needed > 0 {
			answered = words.Percent(r.Series[n-1].Goodput / r.Series[n-1].Needed)
		}
		state := "recovers"
		if _, rec := r.RecoveredAt(); ok && !rec {
			state = "stays down"
		}
		if prev != "" && state != prev {
			tips = append(tips, fmt.Sprintf("%s from %s", state, value))
		}
		prev = state
		return []string{durCellSeconds(over, ok), loadOutcome(r), fmt.Sprintf("%sx", words.Num(r.PeakOffered/r.Capacity)), seconds(r.Overloaded), answered}
	})
	if err != nil || len(tips) == 0 {
		return err
	}
	_, err = fmt.Fprintf(w, "\ntipping point: %s\n", strings.Join(tips, "; "))
	return err
}

func durCellSeconds(d time.Duration, ok bool) string {
	if !ok {
		return "-"
	}
	return "+" + seconds(d)
}

type jsonLoadSweepRow struct {
	jsonSweepValue
	OverloadedAt      *int64  `json:"overloaded_seconds,omitempty"`
	RecoveredSeconds  *int64  `json:"recovered_seconds,omitempty"`
	Metastable        bool    `json:"metastable"`
	StaysDown         bool    `json:"stays_down"`
	PeakOffered       float64 `json:"peak_offered"`
	OverloadedSeconds int64   `json:"time_overloaded_seconds"`
}

// loadSweepRow is a load sweep's row of JSON.
func loadSweepRow(row sim.SweepRow) jsonLoadSweepRow {
	v, ok := sweepValue(row)
	if !ok {
		return jsonLoadSweepRow{jsonSweepValue: v}
	}
	r := row.Load
	over, recovered := optSeconds(r.EventAt(sim.EvOverloaded)), optSeconds(r.RecoveredAt())
	return jsonLoadSweepRow{jsonSweepValue: v, OverloadedAt: over, RecoveredSeconds: recovered, Metastable: r.Metastable,
		StaysDown: over != nil && recovered == nil, PeakOffered: round(r.PeakOffered, 2), OverloadedSeconds: wholeSeconds(r.Overloaded)}
}

// isLoadSweep reports whether a sweep ran a load scenario.
func isLoadSweep(s *sim.SweepResult) bool {
	for _, row := range s.Rows {
		if row.Load != nil {
			return true
		}
	}
	return false
}
