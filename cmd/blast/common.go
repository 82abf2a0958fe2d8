package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/blast-tool/blast/cmd/internal/atomicfile"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// loadModel loads PATHS and prints diagnostics to stderr (with source
// snippets). Errors make it return an exit-2 error; warnings are printed and
// loading goes on.
func (a *app) loadModel(paths []string) (*model.Model, error) {
	if len(paths) == 0 {
		return nil, usageError("no input: name one or more .hcl files or directories (for example: blast analyze examples/kinesis-2020)")
	}
	m, diags := model.Load(paths...)
	return a.checkDiags(m, diags)
}

func (a *app) checkDiags(m *model.Model, diags hcl.Diagnostics) (*model.Model, error) {
	if len(diags) > 0 {
		var files map[string]*hcl.File
		if m != nil {
			files = m.Files
		}
		_ = model.WriteDiagnostics(a.stderr, m, files, diags, a.colorFor(a.stderr))
	}
	if m != nil {
		a.files = m.Files
	}
	if diags.HasErrors() {
		return nil, &exitError{code: exitInvalid}
	}
	return m, nil
}

// colorFor reports whether to colour output on w: a terminal, and NO_COLOR unset.
func (a *app) colorFor(w io.Writer) bool {
	if a.getenv("NO_COLOR") != "" || a.getenv("TERM") == "dumb" {
		return false
	}
	if f, ok := w.(*os.File); ok {
		return isatty.IsTerminal(f.Fd())
	}
	return false
}

// output is where a report goes: -o FILE, or standard output for "" and
// "-". A file's bytes stream into a temporary file next to it, renamed over
// it by Close once the report is complete (cmd/internal/atomicfile), so
// that a failing command or a full disk leaves the old file whole.
// Standard output is buffered and written as the report goes.
type output struct {
	path string
	a    *app
	file *atomicfile.File // once opened
	out  *bufio.Writer    // standard output
	err  error            // sticky: opening failed
	done bool
}

// newOutput returns the output for path, registered with the app so that
// one the command never closes (it failed, or panicked) is aborted. A path
// that another output of the command already names is refused.
func (a *app) newOutput(path string) *output {
	o := &output{path: path, a: a}
	if o.stdout() {
		o.out = bufio.NewWriterSize(a.stdout, 64<<10)
	} else {
		for _, other := range a.outputs {
			if !other.stdout() && samePath(other.path, path) {
				o.err = usageError("%s is given as two outputs: name a file once", path)
			}
		}
	}
	a.outputs = append(a.outputs, o)
	return o
}

func (o *output) stdout() bool { return o.path == "" || o.path == "-" }

// samePath reports whether two output paths name one file: the same
// absolute path once symbolic links are followed.
func samePath(a, b string) bool {
	abs := func(p string) string {
		if t, err := atomicfile.Target(p); err == nil {
			p = t
		}
		if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
			p = filepath.Join(dir, filepath.Base(p))
		}
		if x, err := filepath.Abs(p); err == nil {
			p = x
		}
		return p
	}
	return abs(a) == abs(b)
}

// open creates a file output's temporary file: the checks that the path
// is a writable place for a file happen here, before anything is written.
func (o *output) open() error {
	if o.err != nil || o.stdout() || o.file != nil {
		return o.err
	}
	f, err := atomicfile.Create(o.path, 0o644)
	if err != nil {
		o.err = &exitError{code: exitInvalid, err: fmt.Errorf("cannot write %s: %w", o.path, err)}
		return o.err
	}
	o.file = f
	return nil
}

// openOutputs opens every output before any is written, so that a command
// with several outputs (check -o a -o b) writes none when one cannot be.
func openOutputs(outs ...*output) error {
	for _, o := range outs {
		if err := o.open(); err != nil {
			return err
		}
	}
	return nil
}

// Writer is where the report is rendered.
func (o *output) Writer() io.Writer { return o }

func (o *output) Write(p []byte) (int, error) {
	if o.stdout() {
		return o.out.Write(p)
	}
	if err := o.open(); err != nil {
		return 0, err
	}
	n, err := o.file.Write(p)
	if err != nil {
		err = &exitError{code: exitInvalid, err: fmt.Errorf("cannot write %s: %w", o.path, err)}
	}
	return n, err
}

// Color reports whether the report may use colour.
func (o *output) Color() bool { return o.stdout() && o.a.colorFor(o.a.stdout) }

// Close finishes the report: standard output is flushed, a file renamed
// into place.
func (o *output) Close() error { return closeOutputs(o) }

// closeOutputs finishes the reports of a command that writes several (a
// report and its chart, check's formats): every file is completed and
// synced before any is renamed into place, so that a full disk or another
// failure leaves all the old files, not some old and some new.
func closeOutputs(outs ...*output) error {
	for _, o := range outs {
		if o.done {
			continue
		}
		if err := o.open(); err != nil {
			return err
		}
		if o.file != nil {
			if err := o.file.Close(); err != nil {
				return &exitError{code: exitInvalid, err: fmt.Errorf("cannot write %s: %w", o.path, err)}
			}
		}
	}
	for _, o := range outs {
		if o.done {
			continue
		}
		o.done = true
		if o.stdout() {
			if err := o.out.Flush(); err != nil {
				return err
			}
			continue
		}
		if err := o.file.Commit(); err != nil {
			return &exitError{code: exitInvalid, err: fmt.Errorf("cannot write %s: %w", o.path, err)}
		}
	}
	return nil
}

// abortOutputs drops what the command did not close: temporary files are
// removed, the files they would have replaced stay as they were.
func (a *app) abortOutputs() {
	for _, o := range a.outputs {
		if !o.done && o.file != nil {
			o.file.Abort()
		}
	}
	a.outputs = nil
}

// checkFormat validates a --format value against the allowed ones.
func checkFormat(got string, allowed ...string) error {
	for _, f := range allowed {
		if got == f {
			return nil
		}
	}
	return usageError("unknown format %q: use one of %s", got, strings.Join(allowed, ", "))
}

// addFormatFlags adds --format/-f and --output/-o, present on every reporting command.
func addFormatFlags(c *cobra.Command, format *string, out *string, def string, allowed ...string) {
	c.Flags().StringVarP(format, "format", "f", def, "output format: "+strings.Join(allowed, ", "))
	c.Flags().StringVarP(out, "output", "o", "", "write the report to this file instead of standard output")
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return allowed, cobra.ShellCompDirectiveNoFileComp
	})
}

// applySets applies --set SERVICE.fleet.X=V / SERVICE.resource.NAME.X=V overrides.
func applySets(m *model.Model, sets []string) error {
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			return usageError("--set %q: want PATH=VALUE, for example kinesis-frontend.fleet.servers=4800", s)
		}
		if err := m.Set(path, value); err != nil {
			return usageError("--set %s: %v", path, err)
		}
	}
	return nil
}

// hclExtensions completes file arguments.
func hclArgs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"hcl", "json"}, cobra.ShellCompDirectiveFilterFileExt
}

// plotFormat checks a --plot file name before any work is done: charts are
// SVG or PNG, chosen by the extension.
func plotFormat(path string) (string, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if ext != "svg" && ext != "png" {
		return "", usageError("--plot %s: the chart is SVG or PNG; name a .svg or .png file", path)
	}
	return ext, nil
}

// writeFile renders into path, written only once rendering succeeded.
func (a *app) writeFile(path string, render func(io.Writer) error) error {
	o := a.newOutput(path)
	if err := render(o.Writer()); err != nil {
		return err
	}
	return o.Close()
}

// indices resolves service IDs given to a flag.
func indices(m *model.Model, g *graph.Graph, flag string, idList []string) ([]int, error) {
	var out []int
	for _, id := range idList {
		i, ok := g.Index(id)
		if !ok {
			return nil, unknownService(m, flag, id)
		}
		out = append(out, i)
	}
	return out, nil
}

func unknownService(m *model.Model, flag, id string) error {
	ids := make([]string, len(m.Services))
	for i, s := range m.Services {
		ids[i] = s.ID
	}
	if s := model.Suggest(id, ids); s != "" {
		return usageError("%s %s: no such service. Did you mean %q?", flag, id, s)
	}
	return usageError("%s %s: no such service", flag, id)
}
