package views

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/blast-tool/blast/analyze/sim"
)

// Sweep is every view of a parameter sweep: `blast simulate --sweep`.
var Sweep = Formats[*sim.SweepResult]{
	plain("text", sweepTable),
	plain("json", sweepJSON),
}

func durCell(d time.Duration, ok bool) string {
	if !ok {
		return "-"
	}
	return minutes(d)
}

// sweepTable writes one line per value: when the first server failed, when
// dependents saw an outage, how long recovery took (from recovery-started),
// peak failed servers, health-check removals and error-minutes.
func sweepTable(w io.Writer, s *sim.SweepResult) error {
	if isLoadSweep(s) {
		return loadSweepTable(w, s)
	}
	columns := []string{"first failure", "outage", "time to recover", "peak failed", "removals", "error-minutes"}
	return writeSweepTable(w, s, columns, func(_ string, row sim.SweepRow) []string {
		r := row.Result
		ff, okF := r.EventAt(sim.EvFirstServerFailed)
		out, okO := r.OutageAt()
		ttr, okR := r.TimeToRecover()
		ttrS := durCell(ttr, okR)
		if _, started := r.EventAt(sim.EvRecoveryStarted); started && !okR {
			ttrS = "not recovered"
		}
		return []string{durCell(ff, okF), durCell(out, okO), ttrS, strconv.Itoa(r.PeakFailed), strconv.Itoa(r.Removals), fmt.Sprintf("%.0f", r.ErrorMinutes)}
	})
}

// writeSweepTable writes a sweep as a right-aligned table: the swept path
// and the columns, then a line per value with the cells of its run, or the
// error the run ended with.
func writeSweepTable(w io.Writer, s *sim.SweepResult, columns []string, cells func(value string, row sim.SweepRow) []string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t\n", s.Path, strings.Join(columns, "\t"))
	for _, row := range s.Rows {
		value := strconv.FormatFloat(row.Value, 'g', -1, 64)
		if row.Err != nil {
			fmt.Fprintf(tw, "%s\terror: %v%s\n", value, row.Err, strings.Repeat("\t", len(columns)))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", value, strings.Join(cells(value, row), "\t"))
	}
	return tw.Flush()
}

// jsonSweepOf is the JSON document of a sweep: one row of R per value.
type jsonSweepOf[R any] struct {
	FormatVersion string `json:"format_version" jsonschema:"enum=1"`
	Path          string `json:"path"`
	Rows          []R    `json:"rows"`
}

// jsonSweepValue begins every row of a sweep: the value, and why the run
// failed, if it did (the row has nothing else then).
type jsonSweepValue struct {
	Value float64 `json:"value"`
	Error string  `json:"error,omitempty"`
}

// sweepValue is the jsonSweepValue of row, and whether its run succeeded.
func sweepValue(row sim.SweepRow) (jsonSweepValue, bool) {
	v := jsonSweepValue{Value: row.Value}
	if row.Err != nil {
		v.Error = row.Err.Error()
	}
	return v, row.Err == nil
}

type jsonSweepRow struct {
	jsonSweepValue
	FirstFailure    *int64  `json:"first_failure_seconds,omitempty"`
	Outage          *int64  `json:"outage_seconds,omitempty"`
	RecoverySeconds *int64  `json:"recovery_seconds,omitempty"`
	PeakFailed      int     `json:"peak_failed"`
	Removals        int     `json:"removals"`
	ErrorMinutes    float64 `json:"error_minutes"`
}

// sweepJSON writes {"format_version", "path", "rows": [...]}, a row per
// value, of a fleet or a load scenario's kind.
func sweepJSON(w io.Writer, s *sim.SweepResult) error {
	if isLoadSweep(s) {
		return writeSweepJSON(w, s, loadSweepRow)
	}
	return writeSweepJSON(w, s, fleetSweepRow)
}

func writeSweepJSON[R any](w io.Writer, s *sim.SweepResult, row func(sim.SweepRow) R) error {
	out := jsonSweepOf[R]{FormatVersion: FormatVersion, Path: s.Path, Rows: make([]R, 0, len(s.Rows))}
	for _, r := range s.Rows {
		out.Rows = append(out.Rows, row(r))
	}
	return writeIndented(w, out)
}

// fleetSweepRow is a fleet sweep's row of JSON.
func fleetSweepRow(row sim.SweepRow) jsonSweepRow {
	if v, ok := sweepValue(row); !ok {
		return jsonSweepRow{jsonSweepValue: v}
	}
	r := row.Result
	return jsonSweepRow{jsonSweepValue: jsonSweepValue{Value: row.Value}, FirstFailure: optSeconds(r.EventAt(sim.EvFirstServerFailed)),
		Outage: optSeconds(r.OutageAt()), RecoverySeconds: optSeconds(r.TimeToRecover()),
		PeakFailed: r.PeakFailed, Removals: r.Removals, ErrorMinutes: round(r.ErrorMinutes, 1)}
}
