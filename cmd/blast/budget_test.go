package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/graph/graphtest"
)

// A model whose answers would not fit in memory is refused with exit 2
// and what was exceeded, fast and before the lists are built, while the
// commands that do not need them still work: a chain of 25,000 services
// has 312 million (service, single point of failure) pairs, over the
// 2^28 budget, and its bottom service's cascade has paths of 312 million
// names. A chain of 1,000 is analysed as usual.
func TestTooCoupledRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a 25,000-service model four times")
	}
	dir := t.TempDir()
	write := func(name string, n int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, graphtest.HCL(graphtest.Chain(n, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big, small := write("big.hcl", 25000), write("small.hcl", 1000)
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"analyze", big}, exitcode.Invalid, "too coupled for blast's memory budget"},
		{[]string{"cascade", big, "--fail", "chain-24999"}, exitcode.Invalid, "causal paths would name 312512500 services"},
		{[]string{"cutsets", big, "--service", "chain-00000"}, exitcode.Invalid, "too coupled"},
		{[]string{"validate", big}, exitcode.OK, ""},
		{[]string{"analyze", small}, exitcode.OK, ""},
		{[]string{"cascade", small, "--fail", "chain-0999"}, exitcode.OK, ""},
	} {
		var stdout, stderr bytes.Buffer
		a := &app{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
		if code := a.run(tc.args); code != tc.code || !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("blast %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr.String(), tc.code, tc.stderr)
		}
	}
}
