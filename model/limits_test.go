package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// setMaxFileSize sets MaxFileSize for one test.
func setMaxFileSize(t *testing.T, n int64) {
	old := MaxFileSize
	MaxFileSize = n
	t.Cleanup(func() { MaxFileSize = old })
}

// TestNesting checks the nesting pre-scan: what counts as a level (and
// what, inside comments, strings and heredocs, does not), and where the
// diagnostic points.
func TestNesting(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	tests := []struct {
		name      string
		src       string
		line, col int // of the diagnostic; 0 when the file is within the bound
	}{
		{"parentheses at the bound", "locals {\n  a = " + deep("(", ")", MaxNesting-1) + "\n}\n", 0, 0},
		{"parentheses past it", "locals {\n  a = " + deep("(", ")", MaxNesting) + "\n}\n", 2, 7 + MaxNesting - 1},
		{"brackets past it", "locals {\n  a = " + deep("[", "]", 100_000) + "\n}\n", 2, 7 + MaxNesting - 1},
		{"blocks past it", "service \"a\" {\n" + strings.Repeat("x {\n", 100_000) + strings.Repeat("}\n", 100_001), MaxNesting + 1, 3},
		{"interpolations in strings", "locals {\n  a = " + strings.Repeat(`"${`, MaxNesting) + "1" + strings.Repeat(`}"`, MaxNesting) + "\n}\n", 2, 7 + 3*(MaxNesting/2-1) + 1},
		{"brackets in comments", "# " + strings.Repeat("(", 500) + "\n// " + strings.Repeat("[", 500) + "\n/* " + strings.Repeat("{", 500) + " */\nlocals {}\n", 0, 0},
		{"brackets in strings", "locals {\n  a = \"" + strings.Repeat("(", 500) + "\"\n  b = \"\\\"" + strings.Repeat("[", 500) + "\"\n  c = \"$${" + strings.Repeat("{", 500) + "\"\n}\n", 0, 0},
		{"brackets in a heredoc", "locals {\n  a = <<-EOT\n    " + strings.Repeat("(", 500) + "\n    EOT\n  b = <<EOT\nEOT\n}\n", 0, 0},
		{"interpolation in a heredoc", "locals {\n  a = <<EOT\n${" + deep("(", ")", MaxNesting) + "}\nEOT\n}\n", 3, MaxNesting},
		{"unterminated string ends at the line", "locals {\n  a = \"" + strings.Repeat("(", 200) + "\n  b = 1\n}\n", -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := LoadSources([]Source{{Filename: "deep.hcl", Bytes: []byte(tt.src)}})
			var got *hcl.Diagnostic
			for _, d := range diags {
				if d.Summary == "Nesting too deep" {
					got = d
				}
			}
			switch {
			case tt.line <= 0 && got != nil:
				t.Fatalf("refused at %d:%d: %s", got.Subject.Start.Line, got.Subject.Start.Column, got.Detail)
			case tt.line == -1 && got == nil:
				return // HCL reports the broken string; the scan stays in step
			case tt.line == 0 && diags.HasErrors():
				t.Fatalf("unexpected diagnostics: %s", diags.Error())
			case tt.line != 0 && got == nil:
				t.Fatalf("not refused: %v", diags)
			case tt.line != 0 && (got.Subject.Start.Line != tt.line || got.Subject.Start.Column != tt.col):
				t.Errorf("refused at %d:%d, want %d:%d", got.Subject.Start.Line, got.Subject.Start.Column, tt.line, tt.col)
			}
			if tt.line != 0 && len(diags) != 1 {
				t.Errorf("%d diagnostics, want only the nesting one", len(diags))
			}
			if tt.line != 0 {
				if _, fd := Format("deep.hcl", []byte(tt.src)); len(fd) != 1 || fd[0].Summary != "Nesting too deep" {
					t.Errorf("Format: %v, want the nesting diagnostic", fd)
				}
			}
		})
	}
}

func TestNestingJSON(t *testing.T) {
	src := `{"locals": {"a": ` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `, "s": "[[[[{{{{"}}`
	_, diags := LoadSources([]Source{{Filename: "deep.hcl.json", Bytes: []byte(src)}})
	if len(diags) != 1 || diags[0].Summary != "Nesting too deep" || diags[0].Subject.Start.Column != 18+MaxNesting-2 {
		t.Fatalf("diagnostics %v", diags)
	}
	// HCL evaluates JSON strings as templates, whose nesting counts too.
	tmpl := `{"service": {"a": {"title": "${` + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200) + `}"}}}`
	_, diags = LoadSources([]Source{{Filename: "tmpl.hcl.json", Bytes: []byte(tmpl)}})
	if len(diags) != 1 || diags[0].Summary != "Nesting too deep" || diags[0].Subject.Start.Column != 29 {
		t.Fatalf("template: %v", diags)
	}
	ok := `{"locals": {"s": "[[[[{{{{\"[[[", "t": "${1 + (2)}", "u": "$${((((((((((((("}}`
	if _, diags := LoadSources([]Source{{Filename: "ok.hcl.json", Bytes: []byte(ok)}}); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
}

func TestCheckNesting(t *testing.T) {
	if err := CheckNesting(strings.Repeat("(", 200)+"N"+strings.Repeat(")", 200), "--set"); err == nil || !strings.Contains(err.Error(), "column 101") {
		t.Errorf("err = %v", err)
	}
	if err := CheckNesting("300 + 8 * (N - 1)", "--set"); err != nil {
		t.Error(err)
	}
}

// TestItemSize checks that one top-level block, or a JSON file, larger than
// MaxItemSize is refused at its start, and that many small blocks and long
// comments between them are not.
func TestItemSize(t *testing.T) {
	setMaxFileSize(t, 16<<10) // items of 1 KiB
	big := "# a comment\n\nservice \"a\" {\n  title = \"" + strings.Repeat("x", 2000) + "\"\n}\n"
	_, diags := LoadSources([]Source{{Filename: "big.hcl", Bytes: []byte(big)}})
	if len(diags) != 1 || diags[0].Summary != "Block too large" || diags[0].Subject.Start.Line != 3 {
		t.Fatalf("diagnostics %v", diags)
	}
	var many strings.Builder
	for i := 0; many.Len() < 15<<10; i++ {
		many.WriteString("# " + strings.Repeat("c", 900) + "\nservice \"s" + strings.Repeat("x", i) + "\" {}\n")
	}
	if _, diags := LoadSources([]Source{{Filename: "many.hcl", Bytes: []byte(many.String())}}); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	json := `{"service": {"a": {"title": "` + strings.Repeat("x", 2000) + `"}}}`
	if _, diags := LoadSources([]Source{{Filename: "big.hcl.json", Bytes: []byte(json)}}); len(diags) != 1 || diags[0].Summary != "JSON file too large" {
		t.Fatalf("diagnostics %v", diags)
	}
	if _, diags := LoadSources([]Source{{Filename: "huge.hcl", Bytes: make([]byte, 17<<10)}}); len(diags) != 1 || diags[0].Summary != "File too large" {
		t.Fatalf("diagnostics %v", diags)
	}
}

// TestTokens checks the bound on a model's tokens, which is what its
// syntax tree costs: in one file, and over several.
func TestTokens(t *testing.T) {
	setMaxFileSize(t, 16<<10)                    // 2,048 tokens
	blocks := strings.Repeat("x {}\n", 700)      // 2,100 tokens in 3.5 KiB
	comments := strings.Repeat("# x {}\n", 1000) // comments cost nothing
	if _, diags := LoadSources([]Source{{Filename: "a.hcl", Bytes: []byte(blocks)}}); len(diags) != 1 || diags[0].Summary != "Model too large" {
		t.Fatalf("diagnostics %v", diags)
	}
	half := strings.Repeat("locals {}\n", 400) // 1,200 tokens
	_, diags := LoadSources([]Source{{Filename: "a.hcl", Bytes: []byte(half + comments)}, {Filename: "b.hcl", Bytes: []byte(half)}})
	if len(diags) != 1 || diags[0].Summary != "Model too large" || diags[0].Subject.Filename != "b.hcl" || !strings.Contains(diags[0].Detail, "2,400 tokens") {
		t.Fatalf("diagnostics %v", diags)
	}
	if _, diags := LoadSources([]Source{{Filename: "a.hcl", Bytes: []byte(half + comments)}}); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	json := `{"locals": {"a": [` + strings.Repeat("1,", 350) + `1]}}` // 700 tokens of JSON, 2,100 with their weight
	if _, diags := LoadSources([]Source{{Filename: "a.hcl.json", Bytes: []byte(json)}}); len(diags) != 1 || diags[0].Summary != "Model too large" {
		t.Fatalf("JSON: %v", diags)
	}
}

// TestLocalsBounds checks the bounds on local values: the length of a
// chain in which each uses the next (evaluated depth first: a million
// overflowed the stack) and their number.
func TestLocalsBounds(t *testing.T) {
	var chain strings.Builder
	chain.WriteString("locals {\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&chain, "  a%d = local.a%d\n", i, i+1)
	}
	chain.WriteString("  a3000 = 1\n}\n")
	_, diags := LoadSources([]Source{{Filename: "chain.hcl", Bytes: []byte(chain.String())}})
	if len(diags) != 1 || diags[0].Summary != "Chain of local values too long" || diags[0].Subject.Start.Line != MaxLocalsChain+2 {
		t.Fatalf("chain: %v", diags)
	}
	var many strings.Builder
	for b := 0; b < 3; b++ {
		many.WriteString("locals {\n")
		for i := 0; i < MaxLocals/2; i++ {
			fmt.Fprintf(&many, "  b%d_%d = 1\n", b, i)
		}
		many.WriteString("}\n")
	}
	_, diags = LoadSources([]Source{{Filename: "many.hcl", Bytes: []byte(many.String())}})
	if len(diags) != 1 || diags[0].Summary != "Too many local values" {
		t.Fatalf("many: %v", diags)
	}
}

// TestCutsAtTopLevel checks where a large file is cut: blank lines and
// comments between blocks are cut points (a file of newlines is parsed in
// pieces, not in one parse that holds a token per byte), the insides of
// blocks, heredocs and block comments are not.
func TestCutsAtTopLevel(t *testing.T) {
	src := []byte(strings.Repeat("\n", 1000) + "service \"a\" {\n" + strings.Repeat("\n", 300) + "}\n" +
		"locals {\n  h = <<EOT\n" + strings.Repeat("service \"q\" {}\n\n", 30) + "EOT\n}\n/*\n" + strings.Repeat("\nservice \"r\" {}\n", 30) + "*/\n" + strings.Repeat("# c\n", 300))
	cuts := cutPoints(src, 64)
	if len(cuts) < 10 {
		t.Fatalf("%d cuts", len(cuts))
	}
	inside := func(from, to string) (int, int) {
		a := strings.Index(string(src), from)
		return a, a + strings.Index(string(src[a:]), to)
	}
	bs, be := inside("service \"a\" {", "}\n")
	hs, he := inside("<<EOT", "EOT\n}")
	cs, ce := inside("/*", "*/")
	for _, c := range cuts {
		if c > bs && c <= be || c > hs && c <= he || c > cs && c <= ce {
			t.Errorf("cut at %d inside a block, heredoc or comment", c)
		}
	}
	f, diags, exact := parsePieces(src, "a.hcl", cuts)
	if !exact || len(diags) > 0 || f == nil {
		t.Fatalf("not parsed in pieces: %v", diags)
	}
}

// TestLargeBrokenFileKeepsPieces checks that a large file with an error is
// not parsed again in one go (which can take gigabytes), and that its
// diagnostics still point at the error.
func TestLargeBrokenFileKeepsPieces(t *testing.T) {
	src := []byte(strings.Repeat("\n", 2*wholeParseMax) + "service \"a\" {\n  title = \n}\n")
	f, diags := parseNative(src, "a.hcl", cutPoints(src, parseChunkSize))
	if f == nil || !diags.HasErrors() {
		t.Fatalf("no error: %v", diags)
	}
	if l := diags[0].Subject.Start.Line; l != 2*wholeParseMax+2 && l != 2*wholeParseMax+3 {
		t.Errorf("error at line %d", l)
	}
}

// TestReadFile checks that only regular files within MaxFileSize are read:
// never a FIFO (which would block), a device or a directory.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	ok := filepath.Join(dir, "ok.hcl")
	if err := os.WriteFile(ok, []byte("service \"a\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, summary, detail string }{
		{ok, "", ""},
		{fifo, "Not a regular file", "a named pipe (FIFO)"},
		{"/dev/zero", "Not a regular file", "a device"},
		{dir, "Not a regular file", "a directory"},
		{filepath.Join(dir, "none.hcl"), "Failed to read file", "no such file"},
	}
	for _, tt := range tests {
		b, d := ReadFile(tt.path)
		switch {
		case tt.summary == "" && (d != nil || len(b) == 0):
			t.Errorf("%s: %v", tt.path, d)
		case tt.summary != "" && (d == nil || d.Summary != tt.summary || !strings.Contains(d.Detail, tt.detail)):
			t.Errorf("%s: %v, want %s (%s)", tt.path, d, tt.summary, tt.detail)
		}
	}
	// A FIFO in a directory is refused by its type, before anything opens it.
	_, diags := Load(dir)
	if len(diags) != 1 || diags[0].Summary != "Not a regular file" {
		t.Errorf("Load: %v", diags)
	}
	setMaxFileSize(t, 10)
	if _, d := ReadFile(ok); d == nil || d.Summary != "File too large" || !strings.Contains(d.Detail, "BLAST_MAX_FILE_SIZE") {
		t.Errorf("over the limit: %v", d)
	}
}

// TestSymlinks checks which symbolic links a model follows: those inside
// the directory given or its repository, never one leaving them (a pull
// request adding zz.hcl -> /etc/passwd must not get the file printed).
func TestSymlinks(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	model := filepath.Join(repo, "infra")
	shared := filepath.Join(repo, "shared")
	outside := filepath.Join(root, "outside")
	for _, d := range []string{filepath.Join(repo, ".git"), model, shared, outside, filepath.Join(model, "dir.hcl")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(model, "a.hcl"), "service \"a\" {}\n")
	write(filepath.Join(shared, "b.hcl"), "service \"b\" {}\n")
	write(filepath.Join(outside, "secret.hcl"), "root:x:0:0:root:/root:/bin/bash\n")
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(model, name)); err != nil {
			t.Fatal(err)
		}
	}
	link("a.hcl", "same-dir.hcl")
	link("../shared/b.hcl", "in-repo.hcl")
	link("../shared", "linked-dir.hcl")
	link(filepath.Join(outside, "secret.hcl"), "zz.hcl")
	link("/etc/passwd", "zzz.hcl")

	files, diags := ConfigFiles(model)
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if got := strings.Join(names, " "); got != "a.hcl in-repo.hcl same-dir.hcl" {
		t.Errorf("files %s", got)
	}
	if len(diags) != 2 || diags[0].Summary != "Symbolic link leaves the model" || diags[1].Summary != "Symbolic link leaves the model" {
		t.Fatalf("diagnostics %v", diags)
	}
	// A link given by name obeys the same rule.
	if _, d := ConfigFiles(filepath.Join(model, "zz.hcl")); len(d) != 1 || d[0].Summary != "Symbolic link leaves the model" {
		t.Errorf("named link: %v", d)
	}
	// Without a repository the directory is the boundary.
	if err := os.Remove(filepath.Join(repo, ".git")); err != nil {
		t.Fatal(err)
	}
	if _, d := ConfigFiles(model); len(d) != 4 {
		t.Errorf("without a repository: %v", d)
	}
}

// TestControlCharacters checks that strings that reach diagrams and
// reports refuse characters XML and Graphviz cannot carry, at the string.
func TestControlCharacters(t *testing.T) {
	tests := []struct {
		src  string
		line int // 0: valid
	}{
		{"service \"a\" {\n  title = \"tab\\tnewline\\nok é\"\n}\n", 0},
		{"service \"a\" {\n  title = \"bell\\u0007\"\n}\n", 2},
		{"service \"a\" {\n  title = \"nul\\u0000\"\n}\n", 2},
		{"service \"a\" {\n  tags = [\"ok\", \"esc\\u001b[31m\"]\n}\n", 2},
		{"service \"a\" {\n  fleet {\n    servers = 1\n  }\n  resource \"t\\u0001\" {\n    per_server = 1\n    limit = 2\n  }\n}\n", 5},
		{"service \"a\" {\n  depends_on \"b\" {\n    note = \"\\uffff\"\n  }\n}\nservice \"b\" {}\n", 3},
	}
	for _, tt := range tests {
		_, diags := LoadSources([]Source{{Filename: "c.hcl", Bytes: []byte(tt.src)}})
		switch {
		case tt.line == 0 && diags.HasErrors():
			t.Errorf("%q: %s", tt.src, diags.Error())
		case tt.line != 0 && (len(diags) != 1 || diags[0].Summary != "Invalid character" || diags[0].Subject.Start.Line != tt.line):
			t.Errorf("%q: %v, want Invalid character at line %d", tt.src, diags, tt.line)
		}
	}
	if _, diags := LoadSources([]Source{{Filename: "c.hcl.json", Bytes: []byte(`{"service": {"a": {"title": "\u0000"}}}`)}}); len(diags) != 1 || diags[0].Summary != "Invalid character" {
		t.Errorf("JSON: %v", diags)
	}
}

func BenchmarkScanNative(b *testing.B) {
	src := genModel(10000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, _, d := scanNative(src, "gen.hcl", parseChunkSize); d != nil {
			b.Fatal(d)
		}
	}
}
