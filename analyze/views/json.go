package views

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
)

// jsonFormat writes the contract's JSON: {"format_version", "services",
// "findings"}, plus a "check" object for check (an addition).
//
// The document is streamed: the bytes are those of encoding/json encoding
// the whole document with a two-space indent and no HTML escaping
// (TestJSONWriter checks it), but they go out through one buffered writer
// as they are made, so memory stays that of the largest single finding
// while a large model's report runs to gigabytes. The lists of services,
// which hold most of them (every service's single points of failure, the
// victims in shared-fate's data), are written from their positions in the
// analysis's table of IDs, each ID quoted once (quotedTable).
type jsonFormat struct{ Options }

// jsonReport is the document jsonFormat streams, as encoding/json would
// encode it whole (TestJSONWriter), and the type its JSON Schema is made
// from (docs/schema/report.schema.json).
type jsonReport struct {
	FormatVersion string                   `json:"format_version" jsonschema:"enum=1"`
	Services      []analyze.ServiceSummary `json:"services"`
	Findings      []analyze.Finding        `json:"findings"`
	Check         *jsonCheck               `json:"check,omitempty"`
}

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
	j.raw("{\n  \"format_version\": " + strconv.Quote(FormatVersion) + ",\n  \"services\": ")
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
	// tables are the quoted copies of the tables of IDs that the lists
	// name their services from, one per table and indentation.
	tables  []*quotedTable
	scratch []byte // one finding
}

// quotedTable is a table of IDs ready to write as the items of lists at
// one depth: item p is entries[start[p]:start[p+1]], its indentation, the
// JSON string of ids[p] and ",\n". A large model's lists name 10^7
// services and more from a table of 10^5: each is quoted once, and an
// item costs one copy.
type quotedTable struct {
	ids     []string
	depth   int
	entries []byte
	start   []int
}

// quoted returns the quoted copy of the table ids for items at depth d.
func (j *jsonWriter) quoted(ids []string, d int) *quotedTable {
	for _, t := range j.tables {
		if t.depth == d && len(t.ids) == len(ids) && (len(ids) == 0 || &t.ids[0] == &ids[0]) {
			return t
		}
	}
	t := &quotedTable{ids: ids, depth: d, start: make([]int, len(ids)+1)}
	for p, id := range ids {
		t.entries = appendIndent(t.entries, d)
		t.entries = appendJSONString(t.entries, id)
		t.entries = append(t.entries, ",\n"...)
		t.start[p+1] = len(t.entries)
	}
	j.tables = append(j.tables, t)
	return t
}

// tableList is a list of services held as positions in a table of IDs
// that the lists of one analysis share: analyze.ServiceList (int32
// positions) and the node lists of findings' data (int).
type tableList[P int32 | int] interface {
	Table() (ids []string, at []P)
}

// appendTable appends a tableList's array as a member at depth d, each
// item copied from the quoted table.
func appendTable[P int32 | int](j *jsonWriter, b []byte, d int, l tableList[P]) []byte {
	ids, at := l.Table()
	if len(at) == 0 {
		return append(b, "[]"...)
	}
	t := j.quoted(ids, d+1)
	b = append(b, "[\n"...)
	for _, p := range at {
		b = append(b, t.entries[t.start[p]:t.start[p+1]]...)
	}
	b = append(b[:len(b)-2], '\n') // no comma after the last
	b = appendIndent(b, d)
	return append(b, ']')
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
	if len(fs) == 0 {
		j.raw("[]")
		return
	}
	j.raw("[\n")
	for i := range fs {
		j.indent(d + 1)
		j.finding(d+1, &fs[i])
		if i < len(fs)-1 {
			j.raw(",")
		}
		j.raw("\n")
	}
	j.indent(d)
	j.raw("]")
}

// finding writes f as encoding/json would at depth d: by hand, since a
// large model's findings run to hundreds of megabytes (shared-fate's data
// lists every victim) and reflection, then re-indentation, cost more than
// writing them. Data values of other types than strings, numbers, bools
// and lists of IDs go through encoding/json (value).
func (j *jsonWriter) finding(d int, f *analyze.Finding) {
	b := j.scratch[:0]
	b = append(b, "{\n"...)
	b = j.key(b, d+1, "rule")
	b = appendJSONString(b, f.Rule)
	b = append(b, ",\n"...)
	b = j.key(b, d+1, "severity")
	b = appendJSONString(b, f.Severity.String())
	b = append(b, ",\n"...)
	b = j.key(b, d+1, "message")
	b = appendJSONString(b, f.Message)
	b = append(b, ",\n"...)
	b = j.key(b, d+1, "subjects")
	b = j.appendIDs(b, d+1, len(f.Subjects), func(i int) string { return f.Subjects[i] })
	if len(f.Path) > 0 {
		b = append(b, ",\n"...)
		b = j.key(b, d+1, "path")
		b = j.appendIDs(b, d+1, len(f.Path), func(i int) string { return f.Path[i] })
	}
	if r := f.Range; r != nil {
		b = append(b, ",\n"...)
		b = j.key(b, d+1, "range")
		b = append(b, "{\n"...)
		b = j.key(b, d+2, "filename")
		b = appendJSONString(b, r.Filename)
		for _, p := range []struct {
			name string
			pos  analyze.Pos
		}{{"start", r.Start}, {"end", r.End}} {
			b = append(b, ",\n"...)
			b = j.key(b, d+2, p.name)
			b = append(b, "{\n"...)
			b = j.key(b, d+3, "line")
			b = strconv.AppendInt(b, int64(p.pos.Line), 10)
			b = append(b, ",\n"...)
			b = j.key(b, d+3, "column")
			b = strconv.AppendInt(b, int64(p.pos.Column), 10)
			b = append(b, '\n')
			b = appendIndent(b, d+2)
			b = append(b, '}')
		}
		b = append(b, '\n')
		b = appendIndent(b, d+1)
		b = append(b, '}')
	}
	b = append(b, ",\n"...)
	b = j.key(b, d+1, "data")
	if len(f.Data) == 0 {
		b = append(b, "{}"...)
	} else {
		keys := make([]string, 0, len(f.Data))
		for k := range f.Data {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, "{\n"...)
		for i, k := range keys {
			b = j.key(b, d+2, k)
			b = j.appendValue(b, d+2, f.Data[k])
			if i < len(keys)-1 {
				b = append(b, ',')
			}
			b = append(b, '\n')
		}
		b = appendIndent(b, d+1)
		b = append(b, '}')
	}
	b = append(b, '\n')
	b = appendIndent(b, d)
	b = append(b, '}')
	j.scratch = b
	_, _ = j.w.Write(b)
}

// idList is a list of service IDs that is not a []string: analyze's lists,
// named when written.
type idList interface {
	Len() int
	At(i int) string
}

// appendValue appends a data value at depth d: the common kinds by hand,
// anything else as encoding/json writes it.
func (j *jsonWriter) appendValue(b []byte, d int, v any) []byte {
	switch x := v.(type) {
	case string:
		return appendJSONString(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case bool:
		return strconv.AppendBool(b, x)
	case []string:
		if x == nil {
			return append(b, "null"...)
		}
		return j.appendIDs(b, d, len(x), func(i int) string { return x[i] })
	case tableList[int32]:
		return appendTable(j, b, d, x)
	case tableList[int]:
		return appendTable(j, b, d, x)
	case idList:
		return j.appendIDs(b, d, x.Len(), x.At)
	}
	j.buf.Reset()
	j.enc.SetIndent(strings.Repeat("  ", d), "  ")
	if err := j.enc.Encode(v); err != nil {
		if j.err == nil {
			j.err = err
		}
		return b
	}
	return append(b, bytes.TrimSuffix(j.buf.Bytes(), []byte("\n"))...)
}

// appendIDs appends an array of n strings as a member at depth d.
func (j *jsonWriter) appendIDs(b []byte, d, n int, at func(i int) string) []byte {
	if n == 0 {
		return append(b, "[]"...)
	}
	b = append(b, "[\n"...)
	for i := range n {
		b = appendIndent(b, d+1)
		b = appendJSONString(b, at(i))
		if i < n-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	b = appendIndent(b, d)
	return append(b, ']')
}

// key appends `"name": ` at depth d.
func (j *jsonWriter) key(b []byte, d int, name string) []byte {
	b = appendIndent(b, d)
	b = appendJSONString(b, name)
	return append(b, ": "...)
}

func (j *jsonWriter) indent(d int) { _, _ = j.w.Write(appendIndent(nil, d)) }

// appendIndent appends the indentation of depth d: two spaces a level.
func appendIndent(b []byte, d int) []byte {
	for d > len(indentation)/2 {
		b = append(b, indentation...)
		d -= len(indentation) / 2
	}
	return append(b, indentation[:2*d]...)
}

// indentation is 16 levels of it, appended in one copy.
const indentation = "                                "

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

// list writes a services list at nesting level 3.
func (j *jsonWriter) list(l analyze.ServiceList) {
	j.scratch = appendTable(j, j.scratch[:0], 3, l)
	_, _ = j.w.Write(j.scratch)
}

// appendJSONString quotes s as encoding/json does without HTML escaping:
// printable ASCII directly, anything else through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
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

// jsonPlain[c]: the byte c stands for itself in a JSON string (printable
// ASCII but the quote and the backslash); one load a byte instead of four
// comparisons, for the 10^7 IDs of a large report.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c <= 0x7e; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
