package graph

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/blast-tool/blast/graph/graphtest"
)

var benchSizes = []struct{ n, e int }{{1000, 5000}, {10000, 50000}, {100000, 500000}}

func heapMB() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20)
}

func BenchmarkSingleFailures(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("n=%d/e=%d", sz.n, sz.e), func(b *testing.B) {
			g := New(graphtest.Generate(sz.n, sz.e, 1))
			runtime.GC()
			base := heapMB()
			b.ResetTimer()
			var peak float64
			for i := 0; i < b.N; i++ {
				im, err := g.SingleFailures()
				if err != nil {
					b.Fatal(err)
				}
				peak = max(peak, heapMB()-base)
				runtime.KeepAlive(im)
			}
			b.ReportMetric(float64(sz.n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
			b.ReportMetric(peak, "heapMB")
		})
	}
}

func BenchmarkCascade(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("n=%d/e=%d", sz.n, sz.e), func(b *testing.B) {
			g := New(graphtest.Generate(sz.n, sz.e, 1))
			im := mustImpact(b)(g.singleFailuresWith(impactOptions{CountsOnly: true, Degraders: func(int) bool { return false }}))
			// The service with the largest blast radius: the worst case.
			worst := 0
			for u := range im.OutageCount {
				if im.OutageCount[u] > im.OutageCount[worst] {
					worst = u
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				g.Cascade([]int{worst})
			}
			b.ReportMetric(float64(sz.n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
			b.ReportMetric(float64(im.OutageCount[worst]), "outages")
		})
	}
}

func BenchmarkCutSets(b *testing.B) {
	for _, sz := range benchSizes[:2] {
		b.Run(fmt.Sprintf("n=%d/e=%d/k=3", sz.n, sz.e), func(b *testing.B) {
			g := New(graphtest.Generate(sz.n, sz.e, 1))
			// A top-layer service with the most dependencies: a deep tree.
			target := 0
			for v := 0; v < g.Len(); v++ {
				if len(g.Out(v)) > len(g.Out(target)) {
					target = v
				}
			}
			b.ResetTimer()
			var sets int
			for i := 0; i < b.N; i++ {
				cuts, err := g.CutSets(target, 3)
				if err != nil {
					b.Fatal(err)
				}
				sets = len(cuts)
			}
			b.ReportMetric(float64(sets), "cutsets")
		})
	}
}

func BenchmarkCondense(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("n=%d/e=%d", sz.n, sz.e), func(b *testing.B) {
			g := New(graphtest.Generate(sz.n, sz.e, 1))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				g.condense(all)
			}
			b.ReportMetric(float64(sz.n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
		})
	}
}

// BenchmarkNew builds the graph of a model: every analysis starts with it.
func BenchmarkNew(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("n=%d/e=%d", sz.n, sz.e), func(b *testing.B) {
			m := graphtest.Generate(sz.n, sz.e, 1)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				runtime.KeepAlive(New(m))
			}
			b.ReportMetric(float64(sz.n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
		})
	}
}
