package model

import (
	"path/filepath"
	"testing"
)

// TestDecodeEach checks that decoding the service blocks at once gives
// exactly the model and diagnostics of decoding them in turn, on every
// diagnostics case, every testdata model and every example.
func TestDecodeEach(t *testing.T) {
	for _, c := range diagCases(t) {
		CheckDecodings(t, c.name, c.srcs)
	}
	models, err := filepath.Glob("testdata/*.hcl*")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Glob("../examples/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(models, examples...) {
		files, diags := ConfigFiles(p)
		if diags.HasErrors() {
			continue // README.md
		}
		var srcs []Source
		for _, fn := range files {
			b, d := ReadFile(fn)
			if d != nil {
				t.Fatal(d)
			}
			srcs = append(srcs, Source{Filename: fn, Bytes: b})
		}
		CheckDecodings(t, p, srcs)
	}
}
