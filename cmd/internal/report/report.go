// Package report hands a command's result to its views, and what they
// write to the command's outputs: the --format and --output flags of a
// command that prints one result, rendering in the format asked for, the
// GitHub job summary, and the report of input that does not load.
package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/cmd/internal/output"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// Env is what rendering takes from the command: blast's version (SARIF,
// JUnit and Markdown name it), the environment ($GITHUB_STEP_SUMMARY) and
// where warnings go.
type Env struct {
	Version string
	Getenv  func(string) string
	Stderr  io.Writer
}

// Flags are the --format/-f and --output/-o of a command that prints one
// result: the formats of its views, and the output the report goes to.
type Flags[T any] struct {
	Views        views.Formats[T]
	Format, Path string
}

// Add adds --format (default def) and --output to c, for the views fs.
func Add[T any](c *cobra.Command, fs views.Formats[T], def string) *Flags[T] {
	f := &Flags[T]{Views: fs}
	c.Flags().StringVarP(&f.Format, "format", "f", def, "output format: "+strings.Join(fs.Names(), ", "))
	c.Flags().StringVarP(&f.Path, "output", "o", "", "write the report to this file instead of standard output")
	_ = c.RegisterFlagCompletionFunc("format", complete.Fixed(fs.Names()...))
	return f
}

// Open checks --format and makes the output, before any work is done: a
// wrong format is refused at once, and invalid input is reported in the
// format asked for (Invalid).
func (f *Flags[T]) Open(outs *output.Set) (*output.Output, error) {
	if !f.Views.Has(f.Format) {
		return nil, exitcode.Usage("unknown format %q: use one of %s", f.Format, strings.Join(f.Views.Names(), ", "))
	}
	return outs.New(f.Path, f.Format), nil
}

// Emit renders result to o in the format asked for and closes o.
func (f *Flags[T]) Emit(env Env, o *output.Output, opts views.Options, result T) error {
	return Emit(env, o, f.Views, f.Format, opts, result)
}

// Render renders result to w with the view named format of fs: the
// options given, colour as an output allows, and blast's version.
func Render[T any](env Env, w io.Writer, fs views.Formats[T], format string, opts views.Options, result T) error {
	o, ok := w.(*output.Output)
	opts.Color, opts.ToolVersion = ok && o.Color(), env.Version
	v, err := fs.New(format, opts)
	if err != nil {
		return exitcode.Usage("%v", err)
	}
	return v.Render(w, result)
}

// Emit renders result to o with the view named format of fs, and closes o.
func Emit[T any](env Env, o *output.Output, fs views.Formats[T], format string, opts views.Options, result T) error {
	if err := Render(env, o, fs, format, opts, result); err != nil {
		return err
	}
	return o.Close()
}

// WithChart renders result to o with the view named format of fs and,
// when plot names a file, its chart in chart (svg or png) with charts:
// both files are written, or neither.
func WithChart[T any](env Env, outs *output.Set, o *output.Output, fs views.Formats[T], format string, charts views.Formats[T], plot, chart string, result T) error {
	if err := Render(env, o, fs, format, views.Options{}, result); err != nil {
		return err
	}
	if plot == "" {
		return o.Close()
	}
	co := outs.New(plot, chart)
	if err := Render(env, co, charts, chart, views.Options{}, result); err != nil {
		return err
	}
	return output.Close(o, co)
}

// CI renders result to o in o's format with fs, paths relative to the
// working directory, as pipelines read them. In GitHub Actions the github
// format also appends the result's Markdown to the job summary
// ($GITHUB_STEP_SUMMARY), after what earlier steps wrote.
func CI[T any](env Env, o *output.Output, fs views.Formats[T], result T) error {
	wd, _ := os.Getwd()
	opts := views.Options{BaseDir: wd}
	if err := Render(env, o, fs, o.Format, opts, result); err != nil {
		return err
	}
	if summary := env.Getenv("GITHUB_STEP_SUMMARY"); o.Format == "github" && summary != "" {
		err := output.Append(summary, func(w io.Writer) error { return Render(env, w, fs, "markdown", opts, result) })
		if err != nil {
			fmt.Fprintf(env.Stderr, "Warning: cannot write the step summary: %v\n", err)
		}
	}
	return nil
}

// Invalid writes input that does not load into the command's outputs not
// yet written, in each one's format when views.InvalidReport has it, so
// that a pipeline reads why nothing was analysed where it reads the report
// (SARIF, annotations, JUnit, JSON). Text on standard output is left to
// stderr, which said it with snippets. m, the model as far as it was read,
// may be nil. It ends the command with exit 2.
func Invalid(env Env, outs *output.Set, command string, m *model.Model, diags hcl.Diagnostics) error {
	doc := views.ForInvalid(command, m, diags)
	var written []*output.Output
	for _, o := range outs.Pending() {
		if !views.InvalidReport.Has(o.Format) || (o.Format == "text" && o.Stdout()) {
			continue
		}
		if err := CI(env, o, views.InvalidReport, doc); err != nil {
			return err
		}
		written = append(written, o)
	}
	if err := output.Close(written...); err != nil {
		return err
	}
	return exitcode.Silent(exitcode.Invalid)
}

// Multi are the --format and --output flags of a command that writes its
// result in several formats at once (check): --format repeated, the i-th
// --output taking the i-th format.
type Multi[T any] struct {
	Views          views.Formats[T]
	def            string
	formats, paths []string
}

// AddMulti adds the repeatable --format (default def) and --output to c.
func AddMulti[T any](c *cobra.Command, fs views.Formats[T], def string) *Multi[T] {
	m := &Multi[T]{Views: fs, def: def}
	c.Flags().StringArrayVarP(&m.formats, "format", "f", nil, "output format: "+strings.Join(fs.Names(), ", ")+" (repeatable; default "+def+")")
	c.Flags().StringArrayVarP(&m.paths, "output", "o", nil, "write the i-th format to this file (repeatable; - for standard output)")
	_ = c.RegisterFlagCompletionFunc("format", complete.Fixed(fs.Names()...))
	return m
}

// Open checks the formats and opens every output (output.Set.Pair)
// before any work is done.
func (m *Multi[T]) Open(outs *output.Set) ([]*output.Output, error) {
	for _, f := range m.formats {
		if !m.Views.Has(f) {
			return nil, exitcode.Usage("unknown format %q: use one of %s", f, strings.Join(m.Views.Names(), ", "))
		}
	}
	return outs.Pair(m.formats, m.paths, m.def)
}

// Emit renders result to every output as CI does, then closes them all:
// only once every report is complete does any replace its file.
func (m *Multi[T]) Emit(env Env, outs []*output.Output, result T) error {
	for _, o := range outs {
		if err := CI(env, o, m.Views, result); err != nil {
			return err
		}
	}
	return output.Close(outs...)
}

// ChartFormat checks a --plot file name before any work is done: charts are
// SVG or PNG, chosen by the extension; "" without --plot.
func ChartFormat(path string) (string, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if path != "" && ext != "svg" && ext != "png" {
		return "", exitcode.Usage("--plot %s: the chart is SVG or PNG; name a .svg or .png file", path)
	}
	return ext, nil
}
