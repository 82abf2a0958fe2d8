package modeltest

import (
	"embed"
	"os"
	"path"
	"path/filepath"
	"testing"
)

// seeds holds testdata/seeds: embedded, so that every package's fuzzers
// read them wherever their test runs.
//
//go:embed testdata/seeds/*.hcl
var seeds embed.FS

// Seed is one seed model of the fuzzers: Name is its file's name.
type Seed struct {
	Name string
	Src  []byte
}

// SeedModels returns the small models that seed the fuzzers (FuzzLoad,
// FuzzAnalyze, FuzzCLI), in name order: together they reach every rule
// and every construct of the language — groups (tested and not), buffers
// that block, fail and drop, hard and soft cycles, observers that share
// fate with what they watch, fleets with laws and RTOs, a scenario, a
// policy that lowers the shared-fate thresholds, locals that refer to
// themselves and escapes in strings.
func SeedModels(tb testing.TB) []Seed {
	tb.Helper()
	entries, err := seeds.ReadDir("testdata/seeds")
	if err != nil {
		tb.Fatal(err)
	}
	var out []Seed
	for _, e := range entries {
		out = append(out, Seed{e.Name(), SeedModel(tb, e.Name())})
	}
	return out
}

// SeedModel returns the seed model in testdata/seeds/name, for a fuzzer
// that pairs it with other arguments.
func SeedModel(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := seeds.ReadFile(path.Join("testdata/seeds", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// SeedFiles returns the files that match the glob patterns (relative to the
// test's package directory: examples, fixtures), pattern by pattern and in
// name order, for a fuzzer to seed from; Name is the file's path.
func SeedFiles(tb testing.TB, patterns ...string) []Seed {
	tb.Helper()
	var out []Seed
	for _, pat := range patterns {
		paths, err := filepath.Glob(pat)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, Seed{p, b})
		}
	}
	return out
}
