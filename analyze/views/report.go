package views

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
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
	// Sections are extra pre-rendered blocks (e.g. the scaling table) that
	// text, markdown and json print after the findings.
	Sections []Section
	// Check is the verdict of `blast check`; nil for analyze.
	Check *check.Outcome
	Options
}

// Section is a titled block of pre-rendered text.
type Section struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Options are presentation settings chosen by the CLI.
type Options struct {
	// Color enables ANSI colours in the text format (the CLI decides: a
	// terminal and no NO_COLOR).
	Color bool
	// ToolVersion is the blast version written into SARIF and JUnit.
	ToolVersion string
	// TopServices is how many services the text and markdown tables show;
	// 0 means 10, a negative value hides the table.
	TopServices int
	// BaseDir is the working directory that SARIF artifact URIs and GitHub
	// annotation paths are made relative to; "" keeps filenames as given.
	BaseDir string
}

// ForAnalyze builds the Document of `blast analyze`.
func ForAnalyze(res *analyze.Result) *Document {
	return &Document{Command: CommandAnalyze, Services: res.Services, Findings: res.Findings}
}

// ForCheck builds the Document of `blast check` from the head analysis and
// the outcome of check.Evaluate.
func ForCheck(head *analyze.Result, out *check.Outcome) *Document {
	return &Document{Command: CommandCheck, Services: head.Services, Findings: out.Findings, Check: out}
}

// Format is one output format.
type Format interface {
	Name() string
	Write(w io.Writer, d *Document) error
}

var formats = []Format{textFormat{}, jsonFormat{}, markdownFormat{}, sarifFormat{}, junitFormat{}, githubFormat{}}

// Names lists the format names, for flag help and completion.
func Names() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name()
	}
	return out
}

// Lookup returns the format with the given name.
func Lookup(name string) (Format, error) {
	for _, f := range formats {
		if f.Name() == name {
			return f, nil
		}
	}
	return nil, fmt.Errorf("unknown format %q: want one of %s", name, strings.Join(Names(), ", "))
}

// failOn is the severity at or above which a finding fails: the check's, or
// error for analyze.
func (d *Document) failOn() analyze.Severity {
	if d.Check != nil {
		return d.Check.FailOn
	}
	return analyze.Error
}

// sortedFindings returns a sorted copy with nil Data/Subjects normalised, so
// that writers never mutate the caller's slices.
func sortedFindings(fs []analyze.Finding) []analyze.Finding {
	out := make([]analyze.Finding, len(fs))
	for i, f := range fs {
		if f.Data == nil {
			f.Data = map[string]any{}
		}
		if f.Subjects == nil {
			f.Subjects = []string{}
		}
		out[i] = f
	}
	analyze.SortFindings(out)
	return out
}

// sortedServices returns a copy sorted by ID with nil SPOF lists replaced by
// empty ones (the contract wants `[]`, not null).
func sortedServices(ss []analyze.ServiceSummary) []analyze.ServiceSummary {
	out := make([]analyze.ServiceSummary, len(ss))
	for i, s := range ss {
		if s.SinglePointsOfFailure == nil {
			s.SinglePointsOfFailure = []string{}
		}
		out[i] = s
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// topServices returns the n services with the largest blast radius: most
// outages, then most degraded, then most single points of failure, then ID.
func topServices(ss []analyze.ServiceSummary, n int) []analyze.ServiceSummary {
	out := sortedServices(ss)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.BlastRadius.Outage != b.BlastRadius.Outage {
			return a.BlastRadius.Outage > b.BlastRadius.Outage
		}
		if a.BlastRadius.Degraded != b.BlastRadius.Degraded {
			return a.BlastRadius.Degraded > b.BlastRadius.Degraded
		}
		if len(a.SinglePointsOfFailure) != len(b.SinglePointsOfFailure) {
			return len(a.SinglePointsOfFailure) > len(b.SinglePointsOfFailure)
		}
		return a.ID < b.ID
	})
	if n < len(out) {
		out = out[:n]
	}
	return out
}

func (d *Document) topN() int {
	switch {
	case d.TopServices == 0:
		return 10
	case d.TopServices < 0:
		return 0
	}
	return d.TopServices
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
