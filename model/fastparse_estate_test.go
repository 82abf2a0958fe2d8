package model_test

import (
	"testing"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestFastParseEstates checks the fast path against hclsyntax on the
// generated estates the benchmarks load, whole and in pieces.
func TestFastParseEstates(t *testing.T) {
	for _, e := range []struct {
		name string
		m    *model.Model
	}{
		{"tiered", graphtest.Tiered(2000, 1)},
		{"layered", graphtest.Layered(1000, 0.0025, 1)},
		{"chain", graphtest.Chain(300, 1)},
	} {
		t.Run(e.name, func(t *testing.T) {
			src := graphtest.HCL(e.m)
			if !model.CheckFastParse(t, src, e.name+".hcl") {
				t.Error("the fast path declined a generated estate")
			}
			model.CheckParseNative(t, src, e.name+".hcl", 16<<10)
		})
	}
}

// BenchmarkFastParse measures the fast path and hclsyntax's parser on the
// tiered estate of 10,000 services, in one piece.
func BenchmarkFastParse(b *testing.B) {
	src := graphtest.HCL(graphtest.Tiered(10000, 1))
	b.ResetTimer()
	for _, p := range []struct {
		name  string
		parse func() bool
	}{
		{"fast", func() bool { _, ok := model.FastParse(src, "estate.hcl"); return ok }},
		{"hclsyntax", func() bool {
			_, diags := hclsyntax.ParseConfig(src, "estate.hcl", hcl.InitialPos)
			return !diags.HasErrors()
		}},
	} {
		b.Run(p.name, func(b *testing.B) {
			defer modeltest.ReportCPU(b, modeltest.CPUTime())
			for i := 0; i < b.N; i++ {
				if !p.parse() {
					b.Fatal("not parsed")
				}
			}
			b.ReportMetric(float64(len(src))*float64(b.N)/1e6/b.Elapsed().Seconds(), "MB/s")
		})
	}
}

// BenchmarkLoadEstate measures LoadSources on the tiered estate of 10,000
// services, the load phase of BenchmarkEstate in analyze/views.
func BenchmarkLoadEstate(b *testing.B) {
	src := graphtest.HCL(graphtest.Tiered(10000, 1))
	b.ResetTimer()
	defer modeltest.ReportCPU(b, modeltest.CPUTime())
	for i := 0; i < b.N; i++ {
		if _, diags := model.LoadSources([]model.Source{{Filename: "estate.hcl", Bytes: src}}); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
	b.ReportMetric(float64(len(src))*float64(b.N)/1e6/b.Elapsed().Seconds(), "MB/s")
}
