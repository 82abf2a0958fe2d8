package model

import (
	"bytes"
	"fmt"
	"io"
	"sort"

	"github.com/hashicorp/hcl/v2"
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
func WriteDiagnostics(w io.Writer, m *Model, files map[string]*hcl.File, diags hcl.Diagnostics, color bool) error {
	if files == nil && m != nil {
		files = m.Files
	}
	var width uint
	if color {
		width = 100
	}
	var buf bytes.Buffer
	tw := hcl.NewDiagnosticTextWriter(&buf, files, width, color)
	for _, d := range diags {
		buf.Reset()
		if err := tw.WriteDiagnostic(d); err != nil {
			return err
		}
		out := buf.Bytes()
		if s := d.Subject; s != nil {
			old := fmt.Sprintf("  on %s line %d", s.Filename, s.Start.Line)
			loc := fmt.Sprintf("  on %s:%d:%d", s.Filename, s.Start.Line, s.Start.Column)
			out = bytes.Replace(out, []byte(old), []byte(loc), 1)
		}
		if _, err := w.Write(out); err != nil {
			return err
		}
	}
	return nil
}
