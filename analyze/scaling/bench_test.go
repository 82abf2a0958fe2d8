package scaling

import (
	"math"
	"testing"

	"github.com/blast-tool/blast/model"
)

// counted wraps a law to count evaluations: the cost that matters once the
// law is an HCL expression (microseconds per call) rather than Go.
func counted(l Law, n *int) Law {
	return func(x float64) (float64, error) { *n++; return l(x) }
}

var benchLaws = []struct {
	name  string
	law   Law
	limit float64
}{
	{"kinesis", law(func(n float64) float64 { return 1000 + 7*(n-1) }), 32768},
	{"NlogN", law(func(n float64) float64 { return n * math.Log2(n) }), 1e9},
	{"log-never", law(func(n float64) float64 { return 2048 + 4*math.Ceil(math.Log2(n)) }), 65536},
}

func BenchmarkClassify(b *testing.B) {
	for _, bl := range benchLaws {
		b.Run(bl.name, func(b *testing.B) {
			evals := 0
			l := counted(bl.law, &evals)
			for b.Loop() {
				if _, err := Classify(l); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(evals)/float64(b.N), "evals/op")
		})
	}
}

func BenchmarkMaxServers(b *testing.B) {
	for _, bl := range benchLaws {
		b.Run(bl.name, func(b *testing.B) {
			evals := 0
			r := &model.Resource{Name: "x", Limit: bl.limit, Law: counted(bl.law, &evals)}
			for b.Loop() {
				if _, _, err := MaxServers(r, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(evals)/float64(b.N), "evals/op")
		})
	}
}

// BenchmarkAnalyze is the whole per-resource analysis the rules run.
func BenchmarkAnalyze(b *testing.B) {
	svc, r := kinesis()
	evals := 0
	r.Law = counted(r.Law, &evals)
	for b.Loop() {
		if _, err := Analyze(svc, r, 0.25); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(evals)/float64(b.N), "evals/op")
}
