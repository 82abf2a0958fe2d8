package views

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
)

// jsonFormat writes the contract's JSON: {"services", "findings"}, plus a
// "check" object for check and "sections" when there are any (additions).
//
// The document is streamed: the bytes are those of encoding/json encoding
// the whole document with a two-space indent and no HTML escaping
// (TestJSONWriter checks it), but they go out through one buffered writer
// as they are made, so memory stays that of the largest single finding
// while a large model's report runs to gigabytes. The services list,
// which holds most of them (every service's single points of failure), is
// written by hand from the lists' node positions, each ID quoted once.
type jsonFormat struct{ Options }

type jsonCheck struct {
	Failed         bool                 `json:"failed"`
	FailOn         analyze.Severity     `json:"fail_on"`
	Base           bool                 `json:"base"`
	BaseName       string               `json:"base_name,omitempty"`
	BaseError      string               `json:"base_error,omitempty"`
	New            []analyze.Finding    `json:"new"`
	Worsened       []check.Worsened     `json:"worsened"`
	Fixed          []analyze.Finding    `json:"fixed"`
	Unchanged      []analyze.Finding    `json:"unchanged"`
	Ignored        []analyze.Finding    `json:"ignored"`
	StaleIgnores   []analyze.Finding    `json:"stale_ignores"`
	ExpiredIgnores []analyze.Finding    `json:"expired_ignores"`
	RadiusChanges  []check.RadiusChange `json:"radius_changes"`
	NewServices    []string             `json:"new_services"`
}

// newJSONCheck is the "check" object of an outcome, lists never null.
func newJSONCheck(o *check.Outcome) *jsonCheck {
	rc := make([]check.RadiusChange, len(o.RadiusChanges))
	for i, c := range o.RadiusChanges {
		if c.AddedSPOFs == nil {
			c.AddedSPOFs = []string{}
		}
		rc[i] = c
	}
	return &jsonCheck{
		Failed: o.Failed, FailOn: o.FailOn, Base: o.HasBase, BaseName: o.BaseName, BaseError: o.BaseError,
		// new keeps its meaning for consumers that gate on it: what the
		// change introduces, worse findings included; worsened says
		// which of them were in the base and what got worse.
		New: sortedFindings(o.Judged()), Worsened: sortedWorsened(o.Worsened),
		Fixed: sortedFindings(o.Fixed), Unchanged: sortedFindings(o.Unchanged),
		Ignored:      sortedFindings(o.Ignored),
		StaleIgnores: sortedFindings(o.StaleIgnores()), ExpiredIgnores: sortedFindings(o.ExpiredIgnores()),
		RadiusChanges: rc, NewServices: append([]string{}, o.NewServices...),
	}
}

func (v jsonFormat) Render(w io.Writer, d *Document) error {
	j := newJSONWriter(w)
	j.raw("{\n  \"services\": ")
	j.services(sortedServices(d.Services))
	j.raw(",\n  \"findings\": ")
	j.findings(1, sortedFindings(d.Findings))
	if o := d.Check; o != nil {
		c := newJSONCheck(o)
		j.raw(",\n  \"check\": {\n")
		j.field(2, "failed", c.Failed, false)
		j.field(2, "fail_on", c.FailOn, false)
		j.field(2, "base", c.Base, false)
		if c.BaseName != "" {
			j.field(2, "base_name", c.BaseName, false)
		}
		if c.BaseError != "" {
			j.field(2, "base_error", c.BaseError, false)
		}
		j.raw("    \"new\": ")
		j.findings(2, c.New)
		j.raw(",\n    \"worsened\": ")
		j.array(2, len(c.Worsened), func(i int) any { return &c.Worsened[i] })
		j.raw(",\n")
		for _, l := range []struct {
			name string
			fs   []analyze.Finding
		}{{"fixed", c.Fixed}, {"unchanged", c.Unchanged}, {"ignored", c.Ignored},
			{"stale_ignores", c.StaleIgnores}, {"expired_ignores", c.ExpiredIgnores}} {
			j.raw("    " + strconv.Quote(l.name) + ": ")
			j.findings(2, l.fs)
			j.raw(",\n")
		}
		j.field(2, "radius_changes", c.RadiusChanges, false)
		j.field(2, "new_services", c.NewServices, true)
		j.raw("  }")
	}
	j.raw("\n}\n")
	return j.flush()
}

// jsonWriter streams JSON through a buffered writer, remembering the first
// error (bufio reports write errors at Flush).
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer  // one value at a time
	enc *json.Encoder // into buf, no HTML escaping
	err error
	// quoted[i] is the JSON string of ids[i] with the list indentation and
	// a comma, filled on first use: the table of the services' lists.
	ids    []string
	quoted [][]byte
}

func newJSONWriter(w io.Writer) *jsonWriter {
	j := &jsonWriter{w: bufio.NewWriterSize(w, 64<<10)}
	j.enc = json.NewEncoder(&j.buf)
	// Messages draw paths with "->"; keep them readable rather than \u003e.
	j.enc.SetEscapeHTML(false)
	return j
}

func (j *jsonWriter) raw(s string) { _, _ = j.w.WriteString(s) }

func (j *jsonWriter) flush() error {
	if err := j.w.Flush(); j.err == nil {
		j.err = err
	}
	return j.err
}

// value writes v as encoding/json writes it at nesting depth d of a
// document indented by two spaces: its inner lines begin with 2d spaces.
func (j *jsonWriter) value(d int, v any) {
	j.buf.Reset()
	j.enc.SetIndent(strings.Repeat("  ", d), "  ")
	if err := j.enc.Encode(v); err != nil {
		if j.err == nil {
			j.err = err
		}
		return
	}
	_, _ = j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
}

// field writes `"name": value` as a member of an object at depth d-1,
// followed by a comma unless it is the last one.
func (j *jsonWriter) field(d int, name string, v any, last bool) {
	j.raw(strings.Repeat("  ", d) + strconv.Quote(name) + ": ")
	j.value(d, v)
	if !last {
		j.raw(",")
	}
	j.raw("\n")
}

// findings writes an array of findings as a member at depth d.
func (j *jsonWriter) findings(d int, fs []analyze.Finding) {
	j.array(d, len(fs), func(i int) any { return &fs[i] })
}

// array writes an array of n items as a member at depth d, one item
// encoded at a time.
func (j *jsonWriter) array(d, n int, item func(i int) any) {
	if n == 0 {
		j.raw("[]")
		return
	}
	in := strings.Repeat("  ", d+1)
	j.raw("[\n")
	for i := range n {
		j.raw(in)
		j.value(d+1, item(i))
		if i < n-1 {
			j.raw(",")
		}
		j.raw("\n")
	}
	j.raw(strings.Repeat("  ", d) + "]")
}

// sortedWorsened returns a normalized copy sorted by the head findings.
func sortedWorsened(ws []check.Worsened) []check.Worsened {
	out := make([]check.Worsened, len(ws))
	for i, w := range ws {
		w.Head, w.Base = normalized(w.Head), normalized(w.Base)
		out[i] = w
	}
	sort.SliceStable(out, func(i, j int) bool { return analyze.Less(out[i].Head, out[j].Head) })
	return out
}

// services writes the services list as encoding/json would with a
// two-space indent at nesting level 1.
func (j *jsonWriter) services(ss []analyze.ServiceSummary) {
	if len(ss) == 0 {
		j.raw("[]")
		return
	}
	w := j.w
	var b []byte // one service's head
	w.WriteString("[\n")
	for i := range ss {
		s := &ss[i]
		b = append(b[:0], "    {\n      \"id\": "...)
		b = appendJSONString(b, s.ID)
		b = append(b, ",\n      \"role\": "...)
		b = appendJSONString(b, s.Role)
		b = append(b, ",\n      \"criticality\": "...)
		b = appendJSONString(b, s.Criticality)
		b = append(b, ",\n      \"blast_radius\": {\n        \"outage\": "...)
		b = strconv.AppendInt(b, int64(s.BlastRadius.Outage), 10)
		b = append(b, ",\n        \"degraded\": "...)
		b = strconv.AppendInt(b, int64(s.BlastRadius.Degraded), 10)
		b = append(b, "\n      },\n      \"single_points_of_failure\": "...)
		w.Write(b)
		j.list(s.SinglePointsOfFailure)
		if i < len(ss)-1 {
			w.WriteString("\n    },\n")
		} else {
			w.WriteString("\n    }\n")
		}
	}
	w.WriteString("  ]")
}

// list writes a services list at nesting level 3, each entry from the
// table of quoted IDs of the list's analysis.
func (j *jsonWriter) list(l analyze.ServiceList) {
	ids, at := l.Table()
	if len(at) == 0 {
		j.raw("[]")
		return
	}
	if len(j.ids) != len(ids) || &j.ids[0] != &ids[0] {
		j.ids, j.quoted = ids, make([][]byte, len(ids))
	}
	w := j.w
	w.WriteString("[\n")
	for i, p := range at {
		q := j.quoted[p]
		if q == nil {
			q = append([]byte("        "), appendJSONString(nil, ids[p])...)
			q = append(q, ",\n"...)
			j.quoted[p] = q
		}
		if i == len(at)-1 {
			q = q[:len(q)-2] // no comma after the last
		}
		w.Write(q)
	}
	w.WriteString("\n      ]")
}

// appendJSONString quotes s as encoding/json does without HTML escaping:
// printable ASCII directly, anything else through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s)
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
