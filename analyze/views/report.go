package views

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
	"github.com/blast-tool/blast/analyze/scaling"
)

// Commands a Document can report on.
const (
	CommandAnalyze = "analyze"
	CommandCheck   = "check"
)

// Document is everything one command reports, independent of the output
// format: the views of Terraform's internal/command/views render one model in
// several ways, so every format sees the same facts and they cannot drift.
type Document struct {
	Command  string // CommandAnalyze or CommandCheck
	Services []analyze.ServiceSummary
	// Findings are the reported findings; for check, the head's findings
	// that survive the policy (check.Outcome.Findings).
	Findings []analyze.Finding
	// Scaling is the scaling table of analyze: text and markdown show it;
	// JSON leaves it to blast scaling --format json.
	Scaling []scaling.Row
	// Check is the verdict of `blast check`; nil for analyze.
	Check *check.Outcome
}

// ForAnalyze builds the Document of `blast analyze` from the analysis and
// the scaling rows (scaling.Rows).
func ForAnalyze(res *analyze.Result, rows []scaling.Row) *Document {
	return &Document{Command: CommandAnalyze, Services: res.Services, Findings: res.Findings, Scaling: rows}
}

// ForCheck builds the Document of `blast check` from the head analysis and
// the outcome of check.Evaluate.
func ForCheck(head *analyze.Result, out *check.Outcome) *Document {
	return &Document{Command: CommandCheck, Services: head.Services, Findings: out.Findings, Check: out}
}

// severityIn spells each severity as the formats that have their own
// words for it do: a GitHub workflow command, a Markdown badge.
var severityIn = map[analyze.Severity]struct{ github, badge string }{
	analyze.Error:   {"error", "🔴 error"},
	analyze.Warning: {"warning", "🟡 warning"},
	analyze.Info:    {"notice", "🔵 info"},
}

// Report is every view of a Document: the formats of analyze and check.
var Report = Formats[*Document]{
	{"text", func(o Options) View[*Document] { return textFormat{o} }},
	{"json", func(o Options) View[*Document] { return jsonFormat{o} }},
	{"markdown", func(o Options) View[*Document] { return markdownFormat{o} }},
	{"sarif", func(o Options) View[*Document] { return sarifFormat{o} }},
	{"junit", func(o Options) View[*Document] { return junitFormat{o} }},
	{"github", func(o Options) View[*Document] { return githubFormat{o} }},
}

// failOn is the severity at or above which a finding fails: the check's, or
// error for analyze.
func (d *Document) failOn() analyze.Severity {
	if d.Check != nil {
		return d.Check.FailOn
	}
	return analyze.Error
}

// checkState is what a check with a base says of one head finding: SARIF's
// baselineState ("new", "updated", "unchanged") and, for one the change made
// worse, what did (check.Worsened.Change).
type checkState struct {
	baseline string
	change   string
}

// states returns the check's state of each head finding by stateKey; nil
// without a base.
func (d *Document) states() map[string]checkState {
	o := d.Check
	if o == nil || !o.HasBase {
		return nil
	}
	m := make(map[string]checkState, len(d.Findings))
	for _, f := range o.Unchanged {
		m[stateKey(f)] = checkState{baseline: "unchanged"}
	}
	for _, f := range o.New {
		m[stateKey(f)] = checkState{baseline: "new"}
	}
	for _, w := range o.Worsened {
		m[stateKey(w.Head)] = checkState{baseline: "updated", change: w.Change}
	}
	return m
}

// stateKey tells one head finding from another: its Key and its message.
func stateKey(f analyze.Finding) string { return f.Key() + "\x00" + f.Message }

// withChange puts what made a finding worse before its message.
func withChange(change, msg string) string {
	if change == "" {
		return msg
	}
	return change + ". " + msg
}

// sortedFindings returns a sorted copy with nil Data/Subjects normalised, so
// that writers never mutate the caller's slices.
func sortedFindings(fs []analyze.Finding) []analyze.Finding {
	out := make([]analyze.Finding, len(fs))
	for i, f := range fs {
		out[i] = normalized(f)
	}
	analyze.SortFindings(out)
	return out
}

// normalized is f with nil Data and Subjects replaced by empty ones (the
// contract wants {} and [], not null).
func normalized(f analyze.Finding) analyze.Finding {
	if f.Data == nil {
		f.Data = map[string]any{}
	}
	if f.Subjects == nil {
		f.Subjects = []string{}
	}
	return f
}

// sortedServices returns a copy sorted by ID (an analysis's are already),
// never nil (the contract wants `[]`).
func sortedServices(ss []analyze.ServiceSummary) []analyze.ServiceSummary {
	out := append(make([]analyze.ServiceSummary, 0, len(ss)), ss...)
	if !slices.IsSortedFunc(out, func(a, b analyze.ServiceSummary) int { return strings.Compare(a.ID, b.ID) }) {
		sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	}
	return out
}

// topServices returns the n services with the largest blast radius: most
// outages, then most degraded, then most single points of failure, then ID.
func topServices(ss []analyze.ServiceSummary, n int) []analyze.ServiceSummary {
	n = max(0, min(n, len(ss)))
	if n > 64 {
		out := slices.Clone(ss)
		slices.SortFunc(out, byBlastRadius)
		return out[:n]
	}
	// A table's few rows out of 10^5 services: keep the n best so far in
	// order, rather than sorting them all (byBlastRadius is a total order,
	// so the rows are the same).
	top := make([]analyze.ServiceSummary, 0, n+1)
	for _, s := range ss {
		if len(top) == n && (n == 0 || byBlastRadius(s, top[n-1]) >= 0) {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, s, byBlastRadius)
		top = slices.Insert(top, i, s)[:min(len(top)+1, n)]
	}
	return top
}

// byBlastRadius orders services by blast radius, largest first: most
// outages, then most degraded, then most single points of failure, then
// ID. IDs are unique, so no two services tie.
func byBlastRadius(a, b analyze.ServiceSummary) int {
	return cmp.Or(
		cmp.Compare(b.BlastRadius.Outage, a.BlastRadius.Outage),
		cmp.Compare(b.BlastRadius.Degraded, a.BlastRadius.Degraded),
		cmp.Compare(b.SinglePointsOfFailure.Len(), a.SinglePointsOfFailure.Len()),
		strings.Compare(a.ID, b.ID))
}

// counts returns the number of findings per severity.
func counts(fs []analyze.Finding) (errs, warns, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case analyze.Error:
			errs++
		case analyze.Warning:
			warns++
		default:
			infos++
		}
	}
	return
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summaryLine is "3 errors, 5 warnings, 2 info in 21 services".
func summaryLine(fs []analyze.Finding, services int) string {
	e, w, i := counts(fs)
	return fmt.Sprintf("%s, %s, %d info in %s", plural(e, "error", "errors"), plural(w, "warning", "warnings"), i, plural(services, "service", "services"))
}

// location is "file:line:column", or "" when the finding has no range.
func location(f analyze.Finding, base string) string {
	if f.Range == nil {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", relPath(f.Range.Filename, base), f.Range.Start.Line, f.Range.Start.Column)
}

// pathString draws a dependency chain as "a -> b -> c".
func pathString(p []string) string { return strings.Join(p, " -> ") }
