package model

import (
	"os"
	"testing"

	"github.com/blast-tool/blast/model/modeltest"
)

func TestFormatGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/format.in.hcl")
	if err != nil {
		t.Fatal(err)
	}
	out, diags := Format("format.in.hcl", src)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	modeltest.Golden(t, "testdata/format.golden", out)
	again, _ := Format("format.in.hcl", out)
	if string(again) != string(out) {
		t.Errorf("not idempotent:\n%s", again)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name, file, in, want string
		wantErr              bool
	}{
		{"spacing", "a.hcl", "service \"a\" {\ntitle=\"A\"\n}", "service \"a\" {\n  title = \"A\"\n}\n", false},
		{"blank line between blocks", "a.hcl", "service \"a\" {}\nservice \"b\" {}\n", "service \"a\" {}\n\nservice \"b\" {}\n", false},
		{"collapse blank lines", "a.hcl", "service \"a\" {}\n\n\n\nservice \"b\" {}\n\n\n", "service \"a\" {}\n\nservice \"b\" {}\n", false},
		{"comment stays with block", "a.hcl", "service \"a\" {}\n# b\nservice \"b\" {}\n", "service \"a\" {}\n\n# b\nservice \"b\" {}\n", false},
		{"empty", "a.hcl", "\n\n", "", false},
		{"syntax error", "a.hcl", "service \"a\" {\n", "", true},
		{"json unchanged", "a.hcl.json", "{\"service\":{}}", "{\"service\":{}}", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, diags := Format(tc.file, []byte(tc.in))
			if diags.HasErrors() != tc.wantErr {
				t.Fatalf("diags = %v, wantErr %v", diags, tc.wantErr)
			}
			if tc.wantErr {
				if out != nil {
					t.Error("output despite syntax error")
				}
				return
			}
			if string(out) != tc.want {
				t.Errorf("got %q, want %q", out, tc.want)
			}
		})
	}
}

// TestFormatValidStaysValid checks that formatting keeps the model.
func TestFormatValidStaysValid(t *testing.T) {
	src, _ := os.ReadFile("testdata/valid.hcl")
	out, diags := Format("valid.hcl", src)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if _, diags := LoadSources([]Source{{"valid.hcl", out}}); len(diags) > 0 {
		t.Fatal(diags.Error())
	}
}
