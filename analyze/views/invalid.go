package views

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/owenrumney/go-sarif/v2/sarif"
)

// Invalid is the result of a command whose input is invalid: what
// model.Load (or reading observations) found wrong. Stderr says it with
// source snippets; these views say it in the formats a pipeline reads, so
// that invalid input in CI does not leave only a log behind: SARIF, an
// invocation that failed with a notification per diagnostic; github, an
// ::error annotation per diagnostic; JUnit, an errored test case each;
// JSON, the diagnostics; Markdown, a table for the job summary or the
// pull request. The command still exits 2.
type Invalid struct {
	Command     string // CommandAnalyze, CommandCheck, or another command's name
	Diagnostics []Diagnostic
	// More counts the diagnostics left out (model.ReportDiagnostics).
	More int
}

// Diagnostic is one problem with the input.
type Diagnostic struct {
	Severity string         `json:"severity"` // "error" or "warning"
	Summary  string         `json:"summary"`
	Detail   string         `json:"detail,omitempty"`
	Range    *analyze.Range `json:"range,omitempty"`
}

// ForInvalid builds the Invalid of a command from the diagnostics that
// made its input invalid, bounded as stderr bounds them. m, the model as
// far as it was read, may be nil.
func ForInvalid(command string, m *model.Model, diags hcl.Diagnostics) *Invalid {
	shown, more := model.ReportDiagnostics(m, diags)
	inv := &Invalid{Command: command, More: more, Diagnostics: make([]Diagnostic, 0, len(shown))}
	for _, d := range shown {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		var r *analyze.Range
		if d.Subject != nil {
			r = analyze.RangeOf(*d.Subject)
		}
		inv.Diagnostics = append(inv.Diagnostics, Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Range: r})
	}
	return inv
}

// InvalidReport is every view of invalid input, in the formats of analyze
// and check. text writes what a file or a pipe needs (standard error has
// the snippets).
var InvalidReport = Formats[*Invalid]{
	{"text", func(o Options) View[*Invalid] { return invalidText{o} }},
	{"json", func(o Options) View[*Invalid] { return invalidJSON{o} }},
	{"markdown", func(o Options) View[*Invalid] { return invalidMarkdown{o} }},
	{"sarif", func(o Options) View[*Invalid] { return invalidSARIF{o} }},
	{"junit", func(o Options) View[*Invalid] { return invalidJUnit{o} }},
	{"github", func(o Options) View[*Invalid] { return invalidGitHub{o} }},
}

// headline is the one line that says what happened: "blast check could
// not run: the input is invalid (2 errors)".
func (inv *Invalid) headline() string {
	return fmt.Sprintf("blast %s could not run: the input is invalid (%s)", inv.Command, inv.counts())
}

// counts is "2 errors", "1 error, 1 warning", with how many were left out.
func (inv *Invalid) counts() string {
	errs, warns := 0, 0
	for _, d := range inv.Diagnostics {
		if d.Severity == "error" {
			errs++
		} else {
			warns++
		}
	}
	what := plural(errs, "error", "errors")
	if warns > 0 {
		what += ", " + plural(warns, "warning", "warnings")
	}
	if inv.More > 0 {
		what += fmt.Sprintf(", and %d more not shown", inv.More)
	}
	return what
}

// where is a diagnostic's "file:line:column", or "" without a range.
func (d Diagnostic) where(base string) string {
	if d.Range == nil {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", relPath(d.Range.Filename, base), d.Range.Start.Line, d.Range.Start.Column)
}

// message is the summary and the detail, as one text.
func (d Diagnostic) message() string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}

type invalidText struct{ Options }

func (v invalidText) Render(w io.Writer, inv *Invalid) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s\n", inv.headline())
	for _, d := range inv.Diagnostics {
		loc := d.where(v.BaseDir)
		if loc == "" {
			loc = "(no location)"
		}
		fmt.Fprintf(b, "  %s  %s: %s\n", loc, d.Severity, d.message())
	}
	return b.Flush()
}

// jsonInvalid is the JSON document of invalid input.
type jsonInvalid struct {
	FormatVersion string       `json:"format_version" jsonschema:"enum=1"`
	Command       string       `json:"command"`
	Invalid       bool         `json:"invalid"`
	Diagnostics   []Diagnostic `json:"diagnostics"`
	More          int          `json:"more_diagnostics,omitempty"`
}

type invalidJSON struct{ Options }

func (v invalidJSON) Render(w io.Writer, inv *Invalid) error {
	doc := jsonInvalid{FormatVersion: FormatVersion, Command: inv.Command, Invalid: true, Diagnostics: inv.Diagnostics, More: inv.More}
	for i, d := range doc.Diagnostics {
		if d.Range != nil {
			r := *d.Range
			r.Filename = relPath(r.Filename, v.BaseDir)
			doc.Diagnostics[i].Range = &r
		}
	}
	return writeIndented(w, doc)
}

type invalidMarkdown struct{ Options }

func (v invalidMarkdown) Render(w io.Writer, inv *Invalid) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## ⚠️ %s\n\nNothing was analysed: fix the input and run again. Exit code 2.\n\n", mdCell(inv.headline()))
	fmt.Fprintf(b, "| | location | problem |\n|---|---|---|\n")
	for _, d := range inv.Diagnostics {
		badge := severityIn[analyze.Error].badge
		if d.Severity == "warning" {
			badge = severityIn[analyze.Warning].badge
		}
		loc := d.where(v.BaseDir)
		if loc != "" {
			loc = "`" + loc + "`"
		}
		fmt.Fprintf(b, "| %s | %s | **%s** %s |\n", badge, loc, mdCell(d.Summary), mdCell(d.Detail))
	}
	fmt.Fprintf(b, "\n<sub>blast%s</sub>\n", versionSuffix(v.ToolVersion))
	return b.Flush()
}

type invalidSARIF struct{ Options }

// Render writes a SARIF log whose one run has no results and an
// invocation that failed (§3.20.14 executionSuccessful, with exit code 2),
// with a toolExecutionNotification (§3.20.21) per diagnostic: SARIF's way
// to say that the results are missing, not that there are none.
func (v invalidSARIF) Render(w io.Writer, inv *Invalid) error {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	driver := &sarif.ToolComponent{Name: "blast", InformationURI: strp("https://github.com/blast-tool/blast"), Rules: []*sarif.ReportingDescriptor{}}
	if v.ToolVersion != "" {
		driver.Version = strp(v.ToolVersion)
	}
	run := sarif.NewRun(sarif.Tool{Driver: driver})
	run.Results = []*sarif.Result{}
	failed, code := false, 2
	inv2 := &sarif.Invocation{ExecutionSuccessful: &failed, ExitCode: &code, ExitCodeDescription: strp(inv.headline())}
	for _, d := range inv.Diagnostics {
		n := &sarif.Notification{Level: d.Severity, Message: &sarif.Message{Text: strp(d.message())},
			Descriptor: &sarif.ReportingDescriptorReference{Id: strp("invalid-input")}}
		n.Locations = sarifLocations(d.Range, v.BaseDir)
		inv2.ToolExecutionNotifications = append(inv2.ToolExecutionNotifications, n)
	}
	run.AddInvocations(inv2)
	rep.AddRun(run)
	return writeIndented(w, rep)
}

type invalidJUnit struct{ Options }

// Render writes one test suite, "invalid input", with an errored test case
// per diagnostic (an error, not a failure: the check could not run).
func (v invalidJUnit) Render(w io.Writer, inv *Invalid) error {
	s := junitSuite{Name: "invalid input"}
	for _, d := range inv.Diagnostics {
		tc := junitTestcase{Name: d.Summary, Classname: "blast.invalid-input"}
		if d.Range != nil {
			tc.Name = d.where(v.BaseDir) + ": " + d.Summary
			tc.File, tc.Line = relPath(d.Range.Filename, v.BaseDir), d.Range.Start.Line
		}
		if d.Severity == "error" {
			tc.Error = &junitMessage{Message: d.Summary, Type: "invalid-input", Text: strings.TrimPrefix(d.where(v.BaseDir)+": "+d.message(), ": ")}
			s.Errors++
		} else {
			tc.SystemOut = "warning: " + d.message()
		}
		s.Cases = append(s.Cases, tc)
	}
	s.Tests = len(s.Cases)
	root := junitSuites{Name: "blast" + versionSuffix(v.ToolVersion), Tests: s.Tests, Errors: s.Errors, Suites: []junitSuite{s}}
	return writeJUnit(w, root)
}

type invalidGitHub struct{ Options }

// Render writes an ::error (or ::warning) workflow command per diagnostic,
// at its file, line and column, so the pull request shows what is wrong
// where it is, then one that says the check did not run.
func (v invalidGitHub) Render(w io.Writer, inv *Invalid) error {
	b := bufio.NewWriter(w)
	for _, d := range inv.Diagnostics {
		msg := d.Detail
		if msg == "" {
			msg = d.Summary
		}
		writeGitHubCommand(b, d.Severity, d.Range, d.Summary, v.BaseDir, msg)
	}
	fmt.Fprintf(b, "::error title=%s::%s\n", ghProperty("blast "+inv.Command+" could not run"),
		ghData("The input is invalid ("+inv.counts()+"): nothing was analysed. Fix the input; the annotations above say where."))
	return b.Flush()
}
