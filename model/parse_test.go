package model

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestParseNative checks that parsing in pieces gives exactly what
// hclsyntax.ParseConfig gives for the whole source, file and diagnostics,
// including sources whose candidate cuts fall inside multi-line constructs.
func TestParseNative(t *testing.T) {
	svc := "service \"a%d\" {\n  title = \"x\"\n  depends_on \"b\" {\n    after = \"5m\"\n  }\n}\n\n"
	var many strings.Builder
	for i := 0; i < 40; i++ {
		many.WriteString(strings.ReplaceAll(svc, "%d", strings.Repeat("x", i%3)+string(rune('a'+i%26))))
	}
	tests := []struct {
		name  string
		src   string
		cut   bool // whether the source must actually be parsed in pieces at chunk 64
		chunk int
	}{
		{name: "generated", src: string(genModel(30)), cut: true},
		{name: "many services, CRLF", src: strings.ReplaceAll(many.String(), "\n", "\r\n"), cut: true},
		{name: "heredoc holding block headers", src: many.String() + "locals {\n  h = <<EOT\nservice \"q\" {\n}\nservice \"r\" {\n}\nservice \"s\" {\n}\nEOT\n}\n" + many.String()},
		{name: "block comment holding headers", src: many.String() + "/*\nservice \"q\" {\n}\nservice \"r\" {\n}\nservice \"s\" {\n}\n*/\n" + many.String()},
		{name: "unformatted body", src: many.String() + "service \"u\" {\ntitle = \"a\"\nrole = \"service\"\ncriticality = \"high\"\ntags = [\n\"x\",\n\"y\"]\n}\n" + many.String()},
		{name: "top-level attribute", src: many.String() + "x = 1\n" + many.String() + "x = 2\n" + many.String()},
		{name: "syntax error late", src: many.String() + many.String() + "service \"z\" {\n  title = \n}\n"},
		{name: "syntax error early", src: "service \"z\" {\n  title = \n}\n" + many.String() + many.String()},
		{name: "unclosed block at end", src: many.String() + many.String() + "service \"z\" {\n"},
		{name: "unicode", src: "service \"é\" {\n  title = \"naïve 🚀 ü\"\n}\n" + many.String() + "service \"ü\" {\n  note = \"ü\u0301\"\n}\n" + many.String()},
		{name: "invalid UTF-8", src: many.String() + "service \"x\" {\n  title = \"\xff\"\n}\n" + many.String()},
		{name: "small", src: "service \"a\" {}\n", chunk: 64},
		{name: "empty", src: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunk := tt.chunk
			if chunk == 0 {
				chunk = 64
			}
			src := []byte(tt.src)
			if _, _, exact := parsePieces(src, "a.hcl", cutPoints(src, chunk)); tt.cut && !exact {
				t.Fatal("source was not parsed in pieces: the test exercises nothing")
			}
			want, wantDiags := hclsyntax.ParseConfig(src, "a.hcl", hcl.InitialPos)
			got, gotDiags := parseNative(src, "a.hcl", cutPoints(src, chunk))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("file differs from a whole-file parse")
			}
			if !reflect.DeepEqual(gotDiags, wantDiags) {
				t.Errorf("diagnostics differ:\n got %v\nwant %v", gotDiags, wantDiags)
			}
			if len(want.Body.(*hclsyntax.Body).Blocks) > 0 {
				off := len(src) - 3
				if g, w := got.Nav.(interface{ ContextString(int) string }).ContextString(off), want.Nav.(interface{ ContextString(int) string }).ContextString(off); g != w {
					t.Errorf("ContextString = %q, want %q", g, w)
				}
			}
		})
	}
}

func TestCutPoints(t *testing.T) {
	src := []byte("a\nb\n  c\nd\ne\nf\n")
	tests := []struct {
		chunk int
		want  []int
	}{
		{chunk: 0, want: nil},
		{chunk: 100, want: nil},
		{chunk: 2, want: []int{2, 8, 10}},
		{chunk: 3, want: []int{8}},
		{chunk: 1, want: []int{2, 8, 10, 12}},
	}
	for _, tt := range tests {
		if got := cutPoints(src, tt.chunk); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("cutPoints(chunk %d) = %v, want %v", tt.chunk, got, tt.want)
		}
	}
}

// A compacted file answers what diagnostics ask of it, the bytes and the
// enclosing block of every offset, as the parsed file did.
func TestCompactFile(t *testing.T) {
	src := []byte("locals {\n  a = 1\n}\n\n# a comment\nservice \"api\" {\n  depends_on \"db\" {\n    impact = \"outage\"\n  }\n}\nservice \"db\" {}\n\nservice \"q\\\"uote\" {\n  title = \"x\"\n}\n")
	f, diags := hclsyntax.ParseConfig(src, "c.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	c := compactFile(f)
	if !bytes.Equal(c.Bytes, src) {
		t.Fatal("bytes differ")
	}
	type contexter interface{ ContextString(int) string }
	for off := -1; off <= len(src)+1; off++ {
		if got, want := c.Nav.(contexter).ContextString(off), f.Nav.(contexter).ContextString(off); got != want {
			t.Fatalf("offset %d: context %q, want %q", off, got, want)
		}
	}
}
