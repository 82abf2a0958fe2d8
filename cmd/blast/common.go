package main

import (
	"io"
	"time"

	"github.com/blast-tool/blast/cmd/internal/output"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
)

// loadModel loads PATHS and prints diagnostics to stderr (with source
// snippets). Errors make it return an invalidInput (exit 2); warnings are
// printed and loading goes on.
func (a *app) loadModel(paths []string) (*model.Model, error) {
	if len(paths) == 0 {
		return nil, usageError("no input: name one or more .hcl files or directories (for example: blast analyze examples/kinesis-2020)")
	}
	m, diags := model.Load(paths...)
	if m != nil {
		a.files = m.Files
	}
	return m, a.checkDiags(m, nil, diags)
}

// openAndLoad opens a command's output, then loads the model in paths and
// applies the --set values: the output exists before the model loads, so
// that invalid input is reported in it too.
func openAndLoad[T any](a *app, r *report.Flags[T], paths, sets []string) (*output.Output, *model.Model, error) {
	o, err := r.Open(a.outputs)
	if err != nil {
		return nil, nil, err
	}
	m, err := a.loadModel(paths)
	if err != nil {
		return nil, nil, err
	}
	if err := m.SetAll(nil, sets); err != nil {
		return nil, nil, usageError("--set %v", err)
	}
	return o, m, nil
}

// checkDiags prints diagnostics, with snippets from files (m's when nil),
// and returns an invalidInput when one is an error.
func (a *app) checkDiags(m *model.Model, files map[string]*hcl.File, diags hcl.Diagnostics) error {
	if len(diags) > 0 {
		_ = model.WriteDiagnostics(a.stderr, m, files, diags, a.colorFor(a.stderr))
	}
	if diags.HasErrors() {
		return &invalidInput{m: m, diags: diags}
	}
	return nil
}

// invalidInput is input that does not load: its diagnostics, printed on
// stderr, for the reports too (report.Invalid).
type invalidInput struct {
	m     *model.Model
	diags hcl.Diagnostics
}

func (e *invalidInput) Error() string { return "invalid input" }

// colorFor reports whether to colour output on w: a terminal, and neither
// --no-color nor NO_COLOR.
func (a *app) colorFor(w io.Writer) bool {
	return !a.noColor && a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb" && output.IsTerminal(w)
}

// clock parses --at, "" for none.
func clock(at string) (*time.Time, error) {
	if at == "" {
		return nil, nil
	}
	t, err := model.ParseTime(at)
	if err != nil {
		return nil, usageError("--at %q: want an RFC 3339 time such as 2020-11-25T05:15:00-08:00", at)
	}
	return &t, nil
}
