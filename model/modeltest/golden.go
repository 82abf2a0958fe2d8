// Package modeltest holds the helpers blast's tests share: golden files
// compared byte for byte and rewritten with -update, and wanted errors.
package modeltest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag of every test binary that imports this
// package: golden files are rewritten with what the test produced.
var Update = flag.Bool("update", false, "rewrite golden files under testdata/ with the actual output")

// Golden compares got with the golden file at path (relative to the test's
// package directory); under -update it writes got there instead. A
// difference fails the test and shows what was produced.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to accept, then review the diff):\n--- got ---\n%s", path, got)
	}
}
