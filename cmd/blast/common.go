package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"

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

// colorFor reports whether to colour output on w: a terminal, and neither
// --no-color nor NO_COLOR.
func (a *app) colorFor(w io.Writer) bool {
	if a.noColor || a.getenv("NO_COLOR") != "" || a.getenv("TERM") == "dumb" {
		return false
	}
	if f, ok := w.(*os.File); ok {
		return isatty.IsTerminal(f.Fd())
	}
	return false
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
	_ = c.RegisterFlagCompletionFunc("format", fixed(allowed...))
}

// applySets applies --set SERVICE.fleet.X=V / SERVICE.resource.NAME.X=V overrides.
func applySets(m *model.Model, sets []string) error {
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			return usageError("--set %q: want PATH=VALUE, for example kinesis-frontend.fleet.servers=4800", s)
		}
		if err := m.Set(path, value); err != nil {
			return usageError("--set %v", err)
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
