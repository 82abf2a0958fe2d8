package analyze

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

// benchSizes are the end-to-end sizes the project commits to: 10k services
// in under a second and 500 MB, 100k in under 15 s, on one core.
var benchSizes = []struct {
	n, e  int
	large bool
}{
	{1000, 5000, false},
	{10000, 50000, false},
	{100000, 500000, true},
}

// BenchmarkAnalyze runs every rule and the summaries over a generated model
// (graph construction included, model generation excluded). It reports
// throughput and the heap in use at the end of a run above the baseline
// before it, a lower bound of the peak that includes the result.
func BenchmarkAnalyze(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("n=%d/e=%d", sz.n, sz.e), func(b *testing.B) {
			if sz.large && testing.Short() {
				b.Skip("large model skipped under -short")
			}
			m := graphtest.Generate(sz.n, sz.e, 1)
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			var peak uint64
			var findings int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := Analyze(m)
				if err != nil {
					b.Fatal(err)
				}
				findings = len(res.Findings)
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > base {
					peak = max(peak, ms.HeapInuse-base)
				}
				runtime.KeepAlive(res)
			}
			b.StopTimer()
			b.ReportMetric(float64(sz.n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
			b.ReportMetric(float64(peak)/1e6, "MB-heap")
			b.ReportMetric(float64(findings), "findings")
		})
	}
}

// BenchmarkRules times each rule alone on the 10k model, with the shared
// analyses it requires computed once outside the loop: where the time goes.
func BenchmarkRules(b *testing.B) {
	m := graphtest.Generate(10000, 50000, 1)
	shared, err := runAll(m, impactFact.Analyzer, fateFact.Analyzer, pathsFact.Analyzer, scalingFact.Analyzer)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range Rules() {
		b.Run(a.Name, func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				if _, err := a.Run(shared.pass(a, func(Finding) { n++ })); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/float64(b.N), "findings")
		})
	}
}

// analyzeJSON is the contract's JSON document of Analyze(m).
func analyzeJSON(t testing.TB, m *model.Model) []byte {
	t.Helper()
	res, err := Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(struct {
		Services []ServiceSummary `json:"services"`
		Findings []Finding        `json:"findings"`
	}{res.Services, res.Findings}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGeneratedGolden pins the whole analysis of generated models: every
// finding's message, subjects, path and data. It guards the performance
// work on the rules, which must not change what they report. Small models
// are stored whole; the larger one as a SHA-256 of its JSON.
func TestGeneratedGolden(t *testing.T) {
	for _, tc := range []struct {
		n, e  int
		seed  int64
		whole bool
	}{
		{100, 300, 1, true},
		{150, 600, 7, true},
		{300, 1200, 3, false},
		{3000, 15000, 1, false},
	} {
		name := fmt.Sprintf("generated_n%d_e%d_s%d", tc.n, tc.e, tc.seed)
		t.Run(name, func(t *testing.T) {
			got := analyzeJSON(t, graphtest.Generate(tc.n, tc.e, tc.seed))
			file := filepath.Join("testdata", name+".json")
			if !tc.whole {
				got = fmt.Appendf(nil, "%x\n", sha256.Sum256(got))
				file = filepath.Join("testdata", name+".sha256")
			}
			modeltest.Golden(t, file, got)
		})
	}
}
