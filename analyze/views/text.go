package views

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
	"github.com/blast-tool/blast/analyze/internal/words"
)

// textFormat is the terminal report: findings grouped by severity, the
// services with the largest blast radius, and a one-line summary. Layout in
// the spirit of compiler diagnostics (location first, so terminals and
// editors can jump to it), colour only when Options.Color is set.
type textFormat struct{ Options }

// ANSI SGR sequences (ECMA-48).
const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "\x1b[1m"
	sgrDim    = "\x1b[2m"
	sgrRed    = "\x1b[1;31m"
	sgrGreen  = "\x1b[1;32m"
	sgrYellow = "\x1b[1;33m"
	sgrCyan   = "\x1b[1;36m"
	sgrRule   = "\x1b[35m"
)

type textWriter struct {
	w     *bufio.Writer
	color bool
	base  string
	top   int
}

func (t *textWriter) c(code, s string) string {
	if !t.color || s == "" {
		return s
	}
	return code + s + sgrReset
}

func (t *textWriter) sevColor(s analyze.Severity) string {
	switch s {
	case analyze.Error:
		return sgrRed
	case analyze.Warning:
		return sgrYellow
	}
	return sgrCyan
}

func (t *textWriter) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

func (v textFormat) Render(w io.Writer, d *Document) error {
	t := &textWriter{w: bufio.NewWriter(w), color: v.Color, base: v.BaseDir, top: v.topN()}
	o := d.Check
	switch {
	case o != nil && o.HasBase:
		t.grouped("New ", o.New)
		t.worsened(o.Worsened)
		if len(o.New) == 0 && len(o.Worsened) == 0 {
			t.printf("%s\n\n", t.c(sgrGreen, "No new findings."))
		}
		if n := len(o.Unchanged); n > 0 {
			t.printf("%s\n\n", t.c(sgrDim, plural(n, "finding", "findings")+" unchanged from the base (not shown; run without a base to list them)."))
		}
		if len(o.Fixed) > 0 {
			t.printf("%s\n", t.c(sgrBold, fmt.Sprintf("Fixed (%d)", len(o.Fixed))))
			for _, f := range sortedFindings(o.Fixed) {
				t.printf("  %s  %s  %s\n", t.c(sgrGreen, "fixed"), t.c(sgrRule, f.Rule), f.Message)
			}
			t.printf("\n")
		}
		t.radiusChanges(d)
	default:
		t.grouped("", d.Findings)
		if len(d.Findings) == 0 {
			t.printf("%s\n\n", t.c(sgrGreen, "No findings."))
		}
	}
	if o != nil {
		t.notes(o.Notes)
	}
	t.servicesTable(d)
	if len(d.Scaling) > 0 {
		t.printf("%s\n", t.c(sgrBold, "Scaling"))
		_ = ScalingTable(t.w, d.Scaling, t.color) // t.w reports write errors at Flush
		t.printf("\n")
	}
	t.printf("%s\n", summaryLine(d.Findings, len(d.Services))+checkCounts(d))
	if o != nil {
		t.printf("%s\n", t.verdict(o))
		if b := baseSentence(o); b != "" {
			t.printf("%s\n", b)
		}
	}
	return t.w.Flush()
}

// checkCounts is the parenthesised tail of the summary line for check.
func checkCounts(d *Document) string {
	o := d.Check
	if o == nil {
		return ""
	}
	var parts []string
	if o.HasBase {
		parts = append(parts, fmt.Sprintf("%d new", len(o.New)), fmt.Sprintf("%d worsened", len(o.Worsened)),
			fmt.Sprintf("%d fixed", len(o.Fixed)), fmt.Sprintf("%d unchanged", len(o.Unchanged)))
	}
	parts = append(parts, fmt.Sprintf("%d ignored", len(o.Ignored)))
	return " (" + strings.Join(parts, ", ") + ")"
}

// verdictWords explains the verdict: "2 new findings at or above error",
// "1 new finding and 1 worsened finding at or above error".
func verdictWords(o *check.Outcome) string {
	if !o.HasBase {
		if o.Failed {
			return fmt.Sprintf("%s at or above %s", plural(len(o.Failing()), "finding", "findings"), o.FailOn)
		}
		return fmt.Sprintf("no findings at or above %s", o.FailOn)
	}
	if !o.Failed {
		return fmt.Sprintf("no new or worsened findings at or above %s", o.FailOn)
	}
	fresh, worse := o.FailingCounts()
	var parts []string
	if fresh > 0 || worse == 0 {
		parts = append(parts, plural(fresh, "new finding", "new findings"))
	}
	if worse > 0 {
		parts = append(parts, plural(worse, "worsened finding", "worsened findings"))
	}
	return strings.Join(parts, " and ") + " at or above " + o.FailOn.String()
}

// baseSentence says what a check compared with: the base asked for, or a
// full check because that base could not be read, and why; "" when no base
// was asked for.
func baseSentence(o *check.Outcome) string {
	switch {
	case o.BaseError != "":
		return fmt.Sprintf("Full check: the base (%s) could not be read, so every finding counts: %s.", o.BaseName, strings.TrimSuffix(o.BaseError, "."))
	case o.HasBase && o.BaseName != "":
		return fmt.Sprintf("Compared with the base (%s): only what the change introduces or makes worse counts.", o.BaseName)
	}
	return ""
}

func (t *textWriter) verdict(o *check.Outcome) string {
	if o.Failed {
		return t.c(sgrRed, "FAIL") + ": " + verdictWords(o)
	}
	return t.c(sgrGreen, "PASS") + ": " + verdictWords(o)
}

var severities = []analyze.Severity{analyze.Error, analyze.Warning, analyze.Info}

var severityTitle = map[analyze.Severity][2]string{
	analyze.Error:   {"Error", "Errors"},
	analyze.Warning: {"Warning", "Warnings"},
	analyze.Info:    {"Info", "Info"},
}

// grouped prints findings under one heading per severity, most severe first.
func (t *textWriter) grouped(prefix string, fs []analyze.Finding) {
	fs = sortedFindings(fs)
	for _, sev := range severities {
		var group []analyze.Finding
		for _, f := range fs {
			if f.Severity == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		title := severityTitle[sev][1]
		if len(group) == 1 {
			title = severityTitle[sev][0]
		}
		if prefix != "" {
			title = prefix + strings.ToLower(title)
		}
		t.printf("%s\n", t.c(t.sevColor(sev), fmt.Sprintf("%s (%d)", title, len(group))))
		for _, f := range group {
			t.finding(f, "")
		}
		t.printf("\n")
	}
}

// worsened prints the findings the change made worse under one heading per
// severity, each with what made it worse above its message.
func (t *textWriter) worsened(ws []check.Worsened) {
	for _, sev := range severities {
		var group []check.Worsened
		for _, w := range ws {
			if w.Head.Severity == sev {
				group = append(group, w)
			}
		}
		if len(group) == 0 {
			continue
		}
		title := "Worsened " + strings.ToLower(severityTitle[sev][min(len(group)-1, 1)])
		t.printf("%s\n", t.c(t.sevColor(sev), fmt.Sprintf("%s (%d)", title, len(group))))
		for _, w := range group {
			t.finding(w.Head, w.Change)
		}
		t.printf("\n")
	}
}

// finding prints one finding; change, when not empty, says what made it
// worse and comes before its message.
func (t *textWriter) finding(f analyze.Finding, change string) {
	loc := location(f, t.base)
	if loc == "" {
		loc = "(no location)"
	}
	t.printf("  %s  %s\n", t.c(sgrBold, loc), t.c(sgrRule, f.Rule))
	if change != "" {
		t.printf("      %s\n", t.c(sgrBold, oneLine(change)))
	}
	t.printf("      %s\n", oneLine(f.Message))
	if len(f.Path) > 0 {
		t.printf("      %s %s\n", t.c(sgrDim, "path:"), pathString(f.Path))
	}
	// Data is left to the JSON: the message already says the figures a
	// reader needs, and raw keys would only add noise here.
}

// oneLine keeps multi-line messages indented under their finding.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "\n      ") }

// dataString renders a finding's figures as "k=v, k=v", keys sorted.
func dataString(data map[string]any) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, data[k])
	}
	return strings.Join(parts, ", ")
}

func (t *textWriter) notes(ns []analyze.Finding) {
	if len(ns) == 0 {
		return
	}
	t.printf("%s\n", t.c(sgrYellow, fmt.Sprintf("Policy notes (%d)", len(ns))))
	for _, n := range ns {
		loc := location(n, t.base)
		if loc == "" {
			loc = "(policy)"
		}
		t.printf("  %s  %s\n", t.c(sgrBold, loc), t.c(sgrRule, n.Rule))
		t.printf("      %s\n", oneLine(n.Message))
	}
	t.printf("\n")
}

func (t *textWriter) radiusChanges(d *Document) {
	o := d.Check
	if len(o.RadiusChanges) > 0 {
		t.printf("%s\n", t.c(sgrBold, fmt.Sprintf("Blast radius grew (%d)", len(o.RadiusChanges))))
		rows := [][]string{{"SERVICE", "OUTAGE", "DEGRADED", "SPOFS", "NEW SINGLE POINTS OF FAILURE"}}
		shown, more := largestChanges(o.RadiusChanges, maxTableRows)
		for _, c := range shown {
			rows = append(rows, []string{c.Service,
				change(c.Before.Outage, c.After.Outage), change(c.Before.Degraded, c.After.Degraded),
				change(c.SPOFsBefore, c.SPOFsAfter), listOrDash(c.AddedSPOFs, 5)})
		}
		t.table(rows, []bool{false, true, true, true, false})
		if more > 0 {
			t.printf("  %s\n", t.c(sgrDim, fmt.Sprintf("and %s more (--format json lists every change)", words.Int(more))))
		}
		t.printf("\n")
	}
	if len(o.NewServices) > 0 {
		t.printf("%s %s\n\n", t.c(sgrBold, "New services:"), listOrDash(o.NewServices, maxTableRows))
	}
}

// maxTableRows bounds the rows of a report's tables and the names of its
// lists: a large estate's check may change the blast radius of thousands
// of services, which no reader takes in; JSON has them all.
const maxTableRows = 20

// largestChanges returns at most n of the changes, those whose outage
// grew most (then degraded, then by service), in their given order, and
// how many it left out.
func largestChanges(cs []check.RadiusChange, n int) ([]check.RadiusChange, int) {
	if len(cs) <= n {
		return cs, 0
	}
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	grew := func(c check.RadiusChange) (int, int) {
		return c.After.Outage - c.Before.Outage, c.After.Degraded - c.Before.Degraded
	}
	sort.SliceStable(idx, func(a, b int) bool {
		oa, da := grew(cs[idx[a]])
		ob, db := grew(cs[idx[b]])
		if oa != ob {
			return oa > ob
		}
		return da > db
	})
	idx = idx[:n]
	sort.Ints(idx)
	out := make([]check.RadiusChange, n)
	for i, j := range idx {
		out[i] = cs[j]
	}
	return out, len(cs) - n
}

// change renders "5 -> 7 (+2)", or just "5" when equal.
func change(before, after int) string {
	if before == after {
		return fmt.Sprint(after)
	}
	return fmt.Sprintf("%d -> %d (%+d)", before, after, after-before)
}

func listOrDash(ss []string, max int) string {
	return firstOrDash(ss[:min(max, len(ss))], len(ss))
}

// firstOrDash is "a, b +3 more" for the first IDs of a list of n, or "-".
func firstOrDash(first []string, n int) string {
	if n == 0 {
		return "-"
	}
	if n > len(first) {
		return strings.Join(first, ", ") + fmt.Sprintf(" +%d more", n-len(first))
	}
	return strings.Join(first, ", ")
}

// servicesOrDash is listOrDash of a services list, naming only what it shows.
func servicesOrDash(l analyze.ServiceList, max int) string {
	first := make([]string, min(max, l.Len()))
	for i := range first {
		first[i] = l.At(i)
	}
	return firstOrDash(first, l.Len())
}

func (t *textWriter) servicesTable(d *Document) {
	top := topServices(d.Services, t.top)
	if len(top) == 0 {
		return
	}
	title := "Largest blast radius"
	if len(top) < len(d.Services) {
		title += fmt.Sprintf(" (top %d of %d services)", len(top), len(d.Services))
	}
	t.printf("%s\n", t.c(sgrBold, title))
	rows := [][]string{{"SERVICE", "ROLE", "CRITICALITY", "OUTAGE", "DEGRADED", "SINGLE POINTS OF FAILURE"}}
	for _, s := range top {
		rows = append(rows, []string{s.ID, s.Role, s.Criticality,
			fmt.Sprint(s.BlastRadius.Outage), fmt.Sprint(s.BlastRadius.Degraded), servicesOrDash(s.SinglePointsOfFailure, 3)})
	}
	t.table(rows, []bool{false, false, false, true, true, false})
	t.printf("\n")
}

// table prints rows with two spaces between columns; the first row is a
// header (dimmed with colour). Widths are measured before colouring so that
// escape sequences never break the alignment.
func (t *textWriter) table(rows [][]string, right []bool) {
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			if n := utf8.RuneCountInString(cell); n > width[i] {
				width[i] = n
			}
		}
	}
	for ri, r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, cell := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			last := i == len(r)-1
			switch {
			case right[i]:
				b.WriteString(pad + cell)
			case last:
				b.WriteString(cell)
			default:
				b.WriteString(cell + pad)
			}
			if !last {
				b.WriteString("  ")
			}
		}
		line := b.String()
		if ri == 0 {
			line = "  " + t.c(sgrDim, strings.TrimPrefix(line, "  "))
		}
		t.printf("%s\n", line)
	}
}
