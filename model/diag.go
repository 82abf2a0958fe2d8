package model

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/mitchellh/go-wordwrap"
	"github.com/zclconf/go-cty/cty"
)

// Bounds on what WriteDiagnostics prints, so that a broken file (a line of
// forty thousand invalid characters) gives a screenful, not gigabytes.
const (
	// MaxDiagnostics is how many diagnostics are printed; a line says how
	// many more there are. Errors are printed before warnings are.
	MaxDiagnostics = 50
	// maxSnippetWidth bounds a source line shown in a snippet, in bytes:
	// a longer line is cut to a window around what the diagnostic marks.
	maxSnippetWidth = 160
	// maxSnippetLines bounds the lines of one snippet.
	maxSnippetLines = 12
	// maxMessageLen bounds a summary, a detail or a context label, which
	// may quote what the file holds.
	maxMessageLen = 1000
)

// sortDiags orders diagnostics by file, line and column (those without a
// position first) so that output is deterministic whatever the map order.
func sortDiags(d hcl.Diagnostics) {
	sort.SliceStable(d, func(i, j int) bool {
		a, b := d[i].Subject, d[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		case a.Start.Line != b.Start.Line:
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
}

// WriteDiagnostics renders diagnostics as HCL and Terraform do, with source
// snippets, except that the location reads "on FILE:LINE:COLUMN" (the
// contract asks for columns; editors and CI annotators parse that form).
// files defaults to m.Files; color also wraps text at 100 columns (a
// terminal), otherwise lines are not wrapped (logs, CI).
//
// Output is bounded: at most MaxDiagnostics diagnostics, snippet lines cut
// to a window around the mark, messages shortened. A file that m read as
// configuration although its name is not a configuration file's
// (IsConfigFile: a path given by hand) is never quoted: its diagnostics
// give the location and summary only, since it may be anything a path
// names (/etc/passwd).
func WriteDiagnostics(w io.Writer, m *Model, files map[string]*hcl.File, diags hcl.Diagnostics, color bool) error {
	if files == nil && m != nil {
		files = m.Files
	}
	dw := &diagWriter{w: bufio.NewWriter(w), files: files, color: color}
	if m != nil {
		dw.foreign = m.foreign
	}
	if color {
		dw.width = 100
	}
	shown, moreErrs, moreWarns := pickDiagnostics(diags)
	for _, d := range shown {
		dw.write(d)
	}
	if moreErrs+moreWarns > 0 {
		var parts []string
		if moreErrs > 0 {
			parts = append(parts, plural(moreErrs, "more error", "more errors"))
		}
		if moreWarns > 0 {
			parts = append(parts, plural(moreWarns, "more warning", "more warnings"))
		}
		fmt.Fprintf(dw.w, "... and %s, not shown: blast prints the first %d diagnostics. Fix these and run again.\n\n", strings.Join(parts, " and "), MaxDiagnostics)
	}
	return dw.w.Flush()
}

// ReportDiagnostics is what a report may show of diagnostics, bounded as
// WriteDiagnostics bounds what it prints: at most MaxDiagnostics, errors
// first, each a copy with its summary and detail shortened, and the
// detail of one in a file that WriteDiagnostics would not quote (m read it
// although its name is not a configuration file's) replaced by the same
// note. more counts the diagnostics left out. m may be nil.
func ReportDiagnostics(m *Model, diags hcl.Diagnostics) (shown hcl.Diagnostics, more int) {
	picked, moreErrs, moreWarns := pickDiagnostics(diags)
	for _, d := range picked {
		c := *d
		c.Summary, c.Detail = shortMessage(c.Summary), shortMessage(c.Detail)
		if m != nil && c.Subject != nil && m.foreign[c.Subject.Filename] {
			c.Detail = fmt.Sprintf("%s is not named *.hcl or *.hcl.json, so blast does not quote it.", c.Subject.Filename)
		}
		shown = append(shown, &c)
	}
	return shown, moreErrs + moreWarns
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pickDiagnostics keeps the first MaxDiagnostics diagnostics, errors before
// warnings, in their given order, and counts the rest.
func pickDiagnostics(diags hcl.Diagnostics) (shown hcl.Diagnostics, moreErrs, moreWarns int) {
	if len(diags) <= MaxDiagnostics {
		return diags, 0, 0
	}
	keep := make([]bool, len(diags))
	n := 0
	for _, errorsFirst := range []bool{true, false} {
		for i, d := range diags {
			if n < MaxDiagnostics && !keep[i] && (d.Severity == hcl.DiagError) == errorsFirst {
				keep[i] = true
				n++
			}
		}
	}
	for i, d := range diags {
		switch {
		case keep[i]:
			shown = append(shown, d)
		case d.Severity == hcl.DiagError:
			moreErrs++
		default:
			moreWarns++
		}
	}
	return shown, moreErrs, moreWarns
}

type diagWriter struct {
	w       *bufio.Writer
	files   map[string]*hcl.File
	foreign map[string]bool // files never quoted (Model.foreign)
	width   uint
	color   bool
}

// write renders one diagnostic in the layout of hcl.NewDiagnosticTextWriter.
func (dw *diagWriter) write(d *hcl.Diagnostic) {
	var colorCode, highlight, reset string
	if dw.color {
		switch d.Severity {
		case hcl.DiagError:
			colorCode = "\x1b[31m"
		case hcl.DiagWarning:
			colorCode = "\x1b[33m"
		}
		highlight, reset = "\x1b[1;4m", "\x1b[0m"
	}
	severity := "Error"
	if d.Severity == hcl.DiagWarning {
		severity = "Warning"
	}
	fmt.Fprintf(dw.w, "%s%s%s: %s\n\n", colorCode, severity, reset, shortMessage(d.Summary))
	quotable := true
	if s := d.Subject; s != nil {
		quotable = !dw.foreign[s.Filename]
		f := dw.files[s.Filename]
		switch {
		case (f == nil || f.Bytes == nil) && s.Empty() && s.Start.Line == 1 && s.Start.Column == 1:
			// About a whole file that was not read (a missing path, one
			// too large): there is no line to show.
			fmt.Fprintf(dw.w, "  on %s:%d:%d:\n\n", s.Filename, s.Start.Line, s.Start.Column)
		case f == nil || f.Bytes == nil || !quotable:
			fmt.Fprintf(dw.w, "  on %s:%d:%d:\n  (source code not available)\n\n", s.Filename, s.Start.Line, s.Start.Column)
		default:
			context := ""
			if cs, ok := f.Nav.(interface{ ContextString(int) string }); ok {
				if c := cs.ContextString(s.Start.Byte); c != "" {
					context = ", in " + shortMessage(c)
				}
			}
			fmt.Fprintf(dw.w, "  on %s:%d:%d%s:\n", s.Filename, s.Start.Line, s.Start.Column, context)
			snip := *s
			if d.Context != nil {
				snip = hcl.RangeOver(snip, *d.Context)
			}
			dw.snippet(f.Bytes, snip, *s, highlight, reset)
			dw.w.WriteByte('\n')
		}
		if d.Expression != nil && d.EvalContext != nil {
			dw.values(d.Expression, d.EvalContext)
		}
	}
	switch {
	case d.Detail == "":
	case !quotable:
		fmt.Fprintf(dw.w, "%s is not named *.hcl or *.hcl.json, so blast does not quote it.\n\n", d.Subject.Filename)
	default:
		detail := shortMessage(d.Detail)
		if dw.width != 0 {
			detail = wordwrap.WrapString(detail, dw.width)
		}
		fmt.Fprintf(dw.w, "%s\n\n", detail)
	}
}

// snippet prints the lines of src that snip overlaps, hl marked, as HCL's
// writer does (its rules for empty ranges and overlaps included), each line
// cut to a window of maxSnippetWidth bytes and at most maxSnippetLines.
func (dw *diagWriter) snippet(src []byte, snip, hl hcl.Range, on, off string) {
	if snip.Empty() {
		snip.End.Byte++
	}
	if hl.Empty() {
		hl.End.Byte++
	}
	start := min(max(snip.Start.Byte, 0), len(src))
	ls := bytes.LastIndexByte(src[:start], '\n') + 1
	line := bytes.Count(src[:ls], []byte{'\n'}) + 1 // as HCL counts, whatever the range says
	for printed := 0; ls < len(src) && ls < snip.End.Byte; line++ {
		le := ls + bytes.IndexByte(src[ls:], '\n')
		next := le + 1
		if le < ls {
			le, next = len(src), len(src)
		}
		text := bytes.TrimSuffix(src[ls:le], []byte{'\r'}) // as bufio.ScanLines
		te := ls + len(text)
		if overlaps(ls, te, snip.Start.Byte, snip.End.Byte) {
			if printed == maxSnippetLines {
				fmt.Fprintf(dw.w, "%4s  (%d more lines)\n", "...", countLines(src, ls, snip.End.Byte))
				return
			}
			printed++
			hs, he := 0, 0 // the marked part, relative to ls
			if overlaps(ls, te, hl.Start.Byte, hl.End.Byte) {
				hs, he = max(ls, hl.Start.Byte)-ls, min(te, hl.End.Byte)-ls
			}
			from, to := window(text, hs)
			fmt.Fprintf(dw.w, "%4d: ", line)
			if from > 0 {
				dw.w.WriteString("…")
			}
			if he > hs {
				hs, he = min(max(hs, from), to), min(max(he, from), to)
				dw.w.Write(text[from:hs])
				dw.w.WriteString(on)
				dw.w.Write(text[hs:he])
				dw.w.WriteString(off)
				dw.w.Write(text[he:to])
			} else {
				dw.w.Write(text[from:to])
			}
			if to < len(text) {
				dw.w.WriteString("…")
			}
			dw.w.WriteByte('\n')
		}
		ls = next
	}
}

// overlaps is hcl.Range.Overlaps on byte offsets: [as, ae) and [bs, be).
func overlaps(as, ae, bs, be int) bool {
	in := func(s, e, o int) bool { return o >= s && o < e }
	return as != ae && bs != be && (in(as, ae, bs) || in(as, ae, be) || in(bs, be, as) || in(bs, be, ae))
}

// window is the part of a snippet line to print, [from, to): the whole
// line when it is short, else maxSnippetWidth bytes that show the mark at
// mark, cut at character boundaries.
func window(text []byte, mark int) (from, to int) {
	if len(text) <= maxSnippetWidth {
		return 0, len(text)
	}
	from = max(0, min(mark-maxSnippetWidth/4, len(text)-maxSnippetWidth))
	to = from + maxSnippetWidth
	for from > 0 && !utf8.RuneStart(text[from]) {
		from--
	}
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to++
	}
	return from, to
}

func countLines(src []byte, from, to int) int {
	return bytes.Count(src[from:min(to, len(src))], []byte{'\n'}) + 1
}

// shortMessage bounds a message that may quote the input: the start and
// the end of a long one, with what was cut in between.
func shortMessage(s string) string {
	if len(s) <= maxMessageLen {
		return s
	}
	head, tail := maxMessageLen*3/4, maxMessageLen/4
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	cut := len(s) - tail
	for cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut++
	}
	return fmt.Sprintf("%s … (%d bytes cut) … %s", s[:head], cut-head, s[cut:])
}

// values prints the values of the variables an expression used, as HCL's
// writer does for a failed evaluation ("with local.x as 3.").
func (dw *diagWriter) values(expr hcl.Expression, ctx *hcl.EvalContext) {
	var stmts []string
	seen := map[string]bool{}
	for _, t := range expr.Variables() {
		val, diags := t.TraverseAbs(ctx)
		if diags.HasErrors() {
			continue
		}
		name := traversalString(t)
		if seen[name] {
			continue
		}
		switch {
		case !val.IsKnown() || val.IsMarked():
			continue
		case val.IsNull():
			stmts = append(stmts, name+" set to null")
		default:
			stmts = append(stmts, name+" as "+valueString(val))
		}
		seen[name] = true
	}
	sort.Strings(stmts)
	for i, s := range stmts {
		lead, end := "     ", ",\n"
		if i == 0 {
			lead = "with "
		}
		if i == len(stmts)-1 {
			end = ".\n\n"
		}
		dw.w.WriteString(lead + shortMessage(s) + end)
	}
}

func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type().IsPrimitiveType() {
				b.WriteString("[" + valueString(s.Key) + "]")
			} else {
				b.WriteString("[...]")
			}
		}
	}
	return b.String()
}

// valueString is a short description of a value, in HCL's words.
func valueString(v cty.Value) string {
	t := v.Type()
	switch {
	case v.IsNull():
		return "null"
	case !v.IsKnown():
		return "(not yet known)"
	case t == cty.Bool:
		if v.True() {
			return "true"
		}
		return "false"
	case t == cty.Number:
		return v.AsBigFloat().Text('g', 10)
	case t == cty.String:
		return fmt.Sprintf("%q", v.AsString())
	case t.IsCollectionType() || t.IsTupleType():
		switch n := v.LengthInt(); n {
		case 0:
			return "empty " + t.FriendlyName()
		case 1:
			return t.FriendlyName() + " with 1 element"
		default:
			return fmt.Sprintf("%s with %d elements", t.FriendlyName(), n)
		}
	case t.IsObjectType():
		attrs := t.AttributeTypes()
		switch len(attrs) {
		case 0:
			return "object with no attributes"
		case 1:
			for k := range attrs {
				return fmt.Sprintf("object with 1 attribute %q", k)
			}
		}
		return fmt.Sprintf("object with %d attributes", len(attrs))
	}
	return t.FriendlyName()
}
