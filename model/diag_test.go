package model

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// hclWriter renders diags with HCL's own writer, its location turned into
// FILE:LINE:COLUMN: what WriteDiagnostics must print within its bounds.
func hclWriter(t *testing.T, files map[string]*hcl.File, diags hcl.Diagnostics, color bool) string {
	t.Helper()
	var out, buf bytes.Buffer
	width := uint(0)
	if color {
		width = 100
	}
	tw := hcl.NewDiagnosticTextWriter(&buf, files, width, color)
	for _, d := range diags {
		buf.Reset()
		if err := tw.WriteDiagnostic(d); err != nil {
			t.Fatal(err)
		}
		s := buf.String()
		if d.Subject != nil {
			s = strings.Replace(s, fmt.Sprintf("  on %s line %d", d.Subject.Filename, d.Subject.Start.Line), fmt.Sprintf("  on %s:%d:%d", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column), 1)
		}
		out.WriteString(s)
	}
	return out.String()
}

// TestWriteDiagnosticsAsHCL checks that, within its bounds, WriteDiagnostics
// prints exactly what HCL's writer prints: the loader's diagnostics, a
// multi-line subject, a context range, an evaluation with its variables, a
// CRLF file, with colour and without.
func TestWriteDiagnosticsAsHCL(t *testing.T) {
	m, diags := Load("testdata/bad.hcl")
	src := []byte("locals {\r\n  x = \"a\"\r\n  y = local.x + 1\r\n}\r\nservice \"é\" {\r\n  title = [\r\n    1,\r\n  ]\r\n}\r\n")
	f, d := hclsyntax.ParseConfig(src, "crlf.hcl", hcl.InitialPos)
	if d.HasErrors() {
		t.Fatal(d.Error())
	}
	files := map[string]*hcl.File{"crlf.hcl": f}
	for k, v := range m.Files {
		files[k] = v
	}
	rng := func(sl, sc, sb, el, ec, eb int) *hcl.Range {
		return &hcl.Range{Filename: "crlf.hcl", Start: hcl.Pos{Line: sl, Column: sc, Byte: sb}, End: hcl.Pos{Line: el, Column: ec, Byte: eb}}
	}
	expr := f.Body.(*hclsyntax.Body).Blocks[0].Body.Attributes["y"].Expr
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"local": cty.ObjectVal(map[string]cty.Value{"x": cty.StringVal("a")})}}
	_, evalDiags := expr.Value(ctx)
	more := hcl.Diagnostics{
		{Severity: hcl.DiagWarning, Summary: "Multi-line", Detail: "A subject over three lines.", Subject: rng(6, 11, 69, 8, 4, 83)},
		{Severity: hcl.DiagError, Summary: "With context", Detail: "Subject inside a context.", Subject: rng(7, 5, 76, 7, 6, 77), Context: rng(6, 3, 61, 8, 4, 83)},
		{Severity: hcl.DiagError, Summary: "Wrong line number", Detail: "The lines come from the bytes.", Subject: rng(2, 5, 76, 2, 6, 77)},
		{Severity: hcl.DiagError, Summary: "Empty range", Subject: rng(2, 3, 12, 2, 3, 12)},
		{Severity: hcl.DiagError, Summary: "At a line end", Subject: rng(2, 10, 19, 2, 10, 19)},
		{Severity: hcl.DiagError, Summary: "No position", Detail: "Nothing to show."},
	}
	all := append(append(diags, more...), evalDiags...)
	for _, color := range []bool{false, true} {
		var got bytes.Buffer
		if err := WriteDiagnostics(&got, nil, files, all, color); err != nil {
			t.Fatal(err)
		}
		if want := hclWriter(t, files, all, color); got.String() != want {
			t.Errorf("color %v: output differs from HCL's writer:\n got:\n%s\nwant:\n%s", color, got.String(), want)
		}
	}
}

// TestWriteDiagnosticsBounded checks the bounds on a broken file: a line of
// forty thousand invalid characters gives MaxDiagnostics diagnostics, each
// with a short snippet, and a count of the rest, errors first.
func TestWriteDiagnosticsBounded(t *testing.T) {
	src := []byte("service \"a\" {\n  x = 1\n}\n" + strings.Repeat("$", 40000) + "\n")
	m, diags := LoadSources([]Source{{Filename: "dollar.hcl", Bytes: src}})
	if len(diags) < 40000 {
		t.Fatalf("%d diagnostics; the test needs one per character", len(diags))
	}
	warn := &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "First", Subject: &hcl.Range{Filename: "dollar.hcl", Start: hcl.InitialPos, End: hcl.InitialPos}}
	diags = append(hcl.Diagnostics{warn}, diags...)
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, m, nil, diags, false); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "Error: "); n != MaxDiagnostics {
		t.Errorf("%d errors printed, want %d (errors before warnings)", n, MaxDiagnostics)
	}
	if strings.Contains(out, "Warning: First") {
		t.Error("a warning was printed while errors were left out")
	}
	if want := fmt.Sprintf("... and %d more errors and 1 more warning, not shown", len(diags)-1-MaxDiagnostics); !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
	if len(out) > MaxDiagnostics*(maxSnippetWidth+400) {
		t.Errorf("%d bytes of diagnostics for %d printed", len(out), MaxDiagnostics)
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > maxSnippetWidth+20 && !strings.HasPrefix(line, "...") {
			t.Fatalf("line of %d bytes: %.80s...", len(line), line)
		}
	}
}

// TestWriteDiagnosticsLongLine checks the window of a long line: it shows
// the mark, cut at character boundaries, with an ellipsis on each side cut.
func TestWriteDiagnosticsLongLine(t *testing.T) {
	line := strings.Repeat("é", 500) + "MARK" + strings.Repeat("ü", 500)
	src := []byte(line + "\n")
	at := strings.Index(line, "MARK")
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Here", Detail: strings.Repeat("long detail ", 1000),
		Subject: &hcl.Range{Filename: "long.hcl", Start: hcl.Pos{Line: 1, Column: 501, Byte: at}, End: hcl.Pos{Line: 1, Column: 505, Byte: at + 4}}}
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, nil, map[string]*hcl.File{"long.hcl": {Bytes: src}}, hcl.Diagnostics{d}, true); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "   1: …é") || !strings.Contains(out, "\x1b[1;4mMARK\x1b[0mü") || !strings.Contains(out, "ü…\n") {
		t.Errorf("window:\n%s", out)
	}
	if !strings.Contains(out, "bytes cut)") || len(out) > 3000 {
		t.Errorf("detail of %d bytes not shortened", len(out))
	}
	if strings.ContainsRune(out, utf8RuneError) {
		t.Error("a character was cut in half")
	}
}

const utf8RuneError = '\uFFFD'

// TestWriteDiagnosticsNonConfigFile checks that a file which is no
// configuration file (a path given by hand, /etc/passwd) is never quoted.
func TestWriteDiagnosticsNonConfigFile(t *testing.T) {
	secret := "root:x:0:0:root:/root:/bin/bash\n"
	m, diags := LoadSources([]Source{{Filename: "passwd", Bytes: []byte(secret)}})
	if !diags.HasErrors() {
		t.Fatal("no diagnostic")
	}
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, m, nil, diags, false); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); strings.Contains(out, "root") || !strings.Contains(out, "on passwd:1:") {
		t.Errorf("diagnostics quote the file or lose its position:\n%s", out)
	}
}
