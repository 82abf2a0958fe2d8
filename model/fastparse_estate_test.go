package model_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestFastParseEstates checks the fast path against hclsyntax on the
// generated estates the benchmarks load (2,000 services) and on a chain,
// whole and in pieces.
func TestFastParseEstates(t *testing.T) {
	check := func(name string, m *model.Model) {
		t.Run(name, func(t *testing.T) {
			src := graphtest.HCL(m)
			if !model.CheckFastParse(t, src, name+".hcl") {
				t.Error("the fast path declined a generated estate")
			}
			model.CheckParseNative(t, src, name+".hcl", 16<<10)
		})
	}
	for _, e := range graphtest.Estates {
		check(e.Name, e.New(2000, 1))
	}
	check("chain", graphtest.Chain(300, 1))
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

// TestDecodeEachEstates is TestDecodeEach on the generated estates, whole
// and with mistakes spread over them (unknown impacts, bad durations,
// duplicate services), so that diagnostics come from many chunks.
func TestDecodeEachEstates(t *testing.T) {
	for _, e := range graphtest.Estates {
		src := graphtest.HCL(e.New(3000, 1))
		model.CheckDecodings(t, e.Name, []model.Source{{Filename: e.Name + ".hcl", Bytes: src}})

		bad := bytes.Replace(src, []byte(`impact = "degraded"`), []byte(`impact = "degrade"`), 40)
		bad = bytes.Replace(bad, []byte(`after  = "`), []byte(`after  = "-`), 30)
		for i := 0; i < 3000; i += 97 {
			bad = fmt.Appendf(bad, "\nservice %q {\n  role = \"servic\"\n}\n", e.New(3000, 1).Services[i].ID)
		}
		model.CheckDecodings(t, e.Name+" with mistakes", []model.Source{{Filename: e.Name + ".hcl", Bytes: bad}})
	}
}
