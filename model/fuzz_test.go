package model

import (
	"strings"
	"testing"

	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
)

// FuzzLoad checks that no input makes the loader panic, and that every
// error it reports points at a position in a file.
func FuzzLoad(f *testing.F) {
	addLoadSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, json bool) {
		name := fuzzName(json)
		m, diags := LoadSources([]Source{{Filename: name, Bytes: src}})
		if m == nil {
			t.Fatal("nil model")
		}
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			if d.Subject == nil || d.Subject.Filename == "" || d.Subject.Start.Line < 1 {
				t.Fatalf("error without position: %s: %s (subject %v)", d.Summary, d.Detail, d.Subject)
			}
		}
		for _, s := range m.Services {
			for _, r := range s.Resources {
				if r.Law != nil {
					_, _ = r.Law(1)
					_, _ = r.Law(1e6)
				}
			}
		}
		if !json && !diags.HasErrors() {
			out, fd := Format(name, src)
			if fd.HasErrors() {
				t.Fatalf("Format refused a valid file: %s", fd.Error())
			}
			again, fd := Format(name, out)
			if fd.HasErrors() || string(again) != string(out) {
				t.Fatalf("Format is not idempotent:\n%s\n---\n%s", out, again)
			}
		}
	})
}

// FuzzDecodeEach checks that decoding the service blocks at once gives
// exactly the model and diagnostics of decoding them in turn, on any input.
func FuzzDecodeEach(f *testing.F) {
	addLoadSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, json bool) {
		CheckDecodings(t, "input", []Source{{Filename: fuzzName(json), Bytes: src}})
	})
}

// addLoadSeeds seeds a fuzz target of (source, JSON syntax) with the
// testdata models, the examples and modeltest's models.
func addLoadSeeds(f *testing.F) {
	for _, s := range modeltest.SeedFiles(f, "testdata/*.hcl", "testdata/*.hcl.json", "../examples/*/*.hcl") {
		f.Add(s.Src, strings.HasSuffix(s.Name, ".json"))
	}
	for _, s := range modeltest.SeedModels(f) {
		f.Add(s.Src, false)
	}
}

// fuzzName is the file name of a fuzzed source in JSON syntax or not.
func fuzzName(json bool) string {
	if json {
		return "fuzz.hcl.json"
	}
	return "fuzz.hcl"
}
