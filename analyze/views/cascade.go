package views

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Cascade is every view of a timed cascade: `blast cascade`.
var Cascade = Formats[*cascade.Report]{
	{"text", func(o Options) View[*cascade.Report] { return cascadeText{o} }},
	plain("json", cascadeJSON),
}

// CutSets is every view of a service's minimal cut sets: `blast cutsets`.
var CutSets = Formats[*cascade.CutSetsReport]{
	plain("text", cutSetsText),
	plain("json", cutSetsJSON),
}

// mechanismText says in words how an entry's state was reached: "failed",
// "fails with X", "degraded 5m after X", "buffer on X full after 1h46m",
// "last alternative of group G lost (X)".
func mechanismText(e cascade.Entry) string {
	m := e.Mechanism
	switch m.Kind {
	case graph.MechFailed:
		return "failed"
	case graph.MechGroup:
		return fmt.Sprintf("last alternative of group %s lost (%s)", m.Group, m.Via)
	case graph.MechBuffer:
		s := fmt.Sprintf("buffer on %s full after %s", m.Via, model.FormatDuration(m.FillsIn))
		if m.After > 0 {
			s += ", then " + model.FormatDuration(m.After)
		}
		return s
	}
	verb := "fails"
	if e.State == model.ImpactDegraded {
		verb = "degraded"
	}
	if m.After > 0 {
		return fmt.Sprintf("%s %s after %s", verb, model.FormatDuration(m.After), m.Via)
	}
	return fmt.Sprintf("%s with %s", verb, m.Via)
}

// cascadeText is the timeline as a table: time (offsets like +1h46m, or
// clock times from Options.Start, with the date whenever it changes),
// service, state, mechanism and causal path, then who is still up only
// through part of a redundancy group and a summary line.
type cascadeText struct{ Options }

func (v cascadeText) Render(w io.Writer, r *cascade.Report) error {
	var b strings.Builder
	writeTimeline(&b, r, v.Start, v.Color)
	_, err := io.WriteString(w, b.String())
	return err
}

// Plain (not bold) colours of the cascade and scaling tables.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
)

func writeTimeline(b *strings.Builder, r *cascade.Report, start *time.Time, color bool) {
	rows := [][]string{{"TIME", "SERVICE", "STATE", "MECHANISM", "PATH"}}
	lastDate := ""
	for _, e := range r.Timeline {
		var ts string
		if start != nil {
			t := start.Add(e.At)
			layout := "15:04"
			if t.Second() != 0 {
				layout = "15:04:05"
			}
			if d := t.Format("2006-01-02"); d != lastDate {
				layout = "2006-01-02 " + layout
				lastDate = d
			}
			ts = t.Format(layout)
		} else {
			ts = offsetText(e.At)
		}
		rows = append(rows, []string{ts, e.Service, e.State.String(), mechanismText(e), pathString(e.Path)})
	}
	width := make([]int, 4)
	for _, row := range rows {
		for i := range width {
			width[i] = max(width[i], len(row[i]))
		}
	}
	for ri, row := range rows {
		for i, cell := range row {
			pad := ""
			if i < len(width) {
				pad = strings.Repeat(" ", width[i]-len(cell)+2)
			}
			switch {
			case color && ri == 0:
				cell = sgrBold + cell + sgrReset
			case color && i == 2 && cell == "outage":
				cell = ansiRed + cell + sgrReset
			case color && i == 2 && cell == "degraded":
				cell = ansiYellow + cell + sgrReset
			}
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(pad)
			}
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	for _, sv := range r.HangingOn {
		b.WriteString(survivorText(sv))
		b.WriteByte('\n')
	}
	b.WriteString(cascadeSummary(r))
	b.WriteByte('\n')
}

// offsetText is a timeline time without a clock: "+1h46m".
func offsetText(at time.Duration) string { return "+" + model.FormatDuration(at) }

// survivorText is "still up: X, only through Y (untested); lost Z".
func survivorText(sv cascade.Survivor) string {
	var b strings.Builder
	fmt.Fprintf(&b, "still up: %s, only through %s", sv.Service, strings.Join(sv.Through, " or "))
	if len(sv.Untested) > 0 {
		if len(sv.Untested) == len(sv.Through) {
			b.WriteString(" (untested)")
		} else {
			fmt.Fprintf(&b, " (untested: %s)", strings.Join(sv.Untested, ", "))
		}
	}
	fmt.Fprintf(&b, "; lost %s", strings.Join(sv.Lost, ", "))
	return b.String()
}

// cascadeSummary is the closing line: "kinesis-frontend failed: 5 services
// out, 2 degraded". Counts exclude the failed services; a service degraded
// and later out counts as out.
func cascadeSummary(r *cascade.Report) string {
	failed := map[string]bool{}
	for _, f := range r.Failed {
		failed[f] = true
	}
	outs, degs := map[string]bool{}, map[string]bool{}
	for _, e := range r.Timeline {
		if failed[e.Service] {
			continue
		}
		if e.State == model.ImpactOutage {
			outs[e.Service] = true
		} else {
			degs[e.Service] = true
		}
	}
	nd := 0
	for s := range degs {
		if !outs[s] {
			nd++
		}
	}
	noun := "services"
	if len(outs) == 1 {
		noun = "service"
	}
	return fmt.Sprintf("%s failed: %d %s out, %d degraded", strings.Join(r.Failed, ", "), len(outs), noun, nd)
}

// The contract's cascade JSON.
type (
	jsonCascade struct {
		FormatVersion string         `json:"format_version" jsonschema:"enum=1"`
		Failed        []string       `json:"failed"`
		Timeline      []jsonEntry    `json:"timeline"`
		HangingOn     []jsonSurvivor `json:"hanging_on,omitempty"`
	}
	jsonEntry struct {
		Service      string   `json:"service"`
		State        string   `json:"state"`
		AfterSeconds float64  `json:"after_seconds"`
		Path         []string `json:"path"`
		// Mechanism says how the state was reached, in words.
		Mechanism string `json:"mechanism"`
	}
	jsonSurvivor struct {
		Service  string   `json:"service"`
		Group    string   `json:"group"`
		Lost     []string `json:"lost"`
		Through  []string `json:"through"`
		Untested []string `json:"untested,omitempty"`
	}
)

// jsonTimeline is a timeline as the contract writes it (never null).
func jsonTimeline(es []cascade.Entry) []jsonEntry {
	out := make([]jsonEntry, len(es))
	for i, e := range es {
		out[i] = jsonEntry{Service: e.Service, State: e.State.String(), AfterSeconds: e.At.Seconds(), Path: e.Path, Mechanism: mechanismText(e)}
	}
	return out
}

func cascadeJSON(w io.Writer, r *cascade.Report) error {
	doc := jsonCascade{FormatVersion: FormatVersion, Failed: r.Failed, Timeline: jsonTimeline(r.Timeline)}
	for _, sv := range r.HangingOn {
		doc.HangingOn = append(doc.HangingOn, jsonSurvivor(sv))
	}
	return writeIndented(w, doc)
}

// writeIndented writes v as two-space indented JSON and a final newline.
func writeIndented(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	// Messages draw paths with "->"; keep them readable rather than \u003e.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// cutSetsText lists the cut sets, one per line, numbered, after a heading.
func cutSetsText(w io.Writer, r *cascade.CutSetsReport) error {
	var b strings.Builder
	noun := "services"
	if r.MaxOrder == 1 {
		noun = "service"
	}
	fmt.Fprintf(&b, "Minimal cut sets for an outage of %s (at most %d %s): %d\n", r.Service, r.MaxOrder, noun, len(r.CutSets))
	if len(r.CutSets) == 0 {
		fmt.Fprintf(&b, "  none: no set of at most %d other services takes %s out\n", r.MaxOrder, r.Service)
	}
	width := len(fmt.Sprint(len(r.CutSets)))
	for i, s := range r.CutSets {
		fmt.Fprintf(&b, "  %*d  %s\n", width, i+1, strings.Join(s, " + "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cutSetsJSON(w io.Writer, r *cascade.CutSetsReport) error {
	return writeIndented(w, jsonCutSets{FormatVersion, r.Service, r.CutSets, r.MaxOrder})
}

// jsonCutSets is the JSON document of cutsets.
type jsonCutSets struct {
	FormatVersion string     `json:"format_version" jsonschema:"enum=1"`
	Service       string     `json:"service"`
	CutSets       [][]string `json:"cut_sets"`
	MaxOrder      int        `json:"max_order"`
}
