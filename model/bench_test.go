package model

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// genModel writes n services, each depending on up to three earlier ones,
// every tenth with a fleet and a resource.
func genModel(n int) []byte { return genModelDeps(n, 5, []int{1, 7, 31}) }

// genModelDeps is genModel with IDs zero-padded to width digits and one
// depends_on per offset in offs (service i depends on i-d when d <= i), so
// that the dependency count scales with len(offs). It is deterministic.
func genModelDeps(n, width int, offs []int) []byte {
	var b bytes.Buffer
	b.WriteString("locals {\n  limit = 32768\n}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "service \"svc-%0*d\" {\n  role        = \"service\"\n  criticality = \"high\"\n  tags        = [\"gen\"]\n", width, i)
		for _, d := range offs {
			if i-d >= 0 {
				fmt.Fprintf(&b, "  depends_on \"svc-%0*d\" {\n    impact = \"degraded\"\n    after  = \"5m\"\n  }\n", width, i-d)
			}
		}
		if i%10 == 0 {
			b.WriteString("  fleet {\n    servers = 100\n    cells   = 4\n  }\n  resource \"threads\" {\n    per_server = 100 + 2 * (N - 1)\n    limit      = local.limit\n  }\n")
		}
		b.WriteString("}\n\n")
	}
	return b.Bytes()
}

func BenchmarkLoad(b *testing.B) {
	const n = 10000
	src := genModel(n)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	defer modeltest.ReportCPU(b, modeltest.CPUTime())
	for i := 0; i < b.N; i++ {
		m, diags := LoadSources([]Source{{Filename: "gen.hcl", Bytes: src}})
		if diags.HasErrors() || len(m.Services) != n {
			b.Fatal(diags.Error())
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
}

// BenchmarkLoadFile loads a generated file from disk at the product's
// target sizes: 10k services / 50k dependencies and 100k / 500k. The
// 100k case takes seconds per iteration: run it with -benchtime=1x.
// heap-MB is the live heap once the model is loaded.
func BenchmarkLoadFile(b *testing.B) {
	offs := []int{1, 7, 31, 127, 1021} // five dependencies per service
	for _, c := range []struct {
		name string
		n    int
	}{{"10k", 10000}, {"100k", 100000}} {
		b.Run(c.name, func(b *testing.B) {
			src := genModelDeps(c.n, 6, offs)
			path := filepath.Join(b.TempDir(), "gen.hcl")
			if err := os.WriteFile(path, src, 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			b.ResetTimer()
			cpu0 := modeltest.CPUTime()
			var m *Model
			for i := 0; i < b.N; i++ {
				m = nil
				var diags hcl.Diagnostics
				m, diags = Load(path)
				if diags.HasErrors() || len(m.Services) != c.n {
					b.Fatal(diags.Error())
				}
			}
			b.StopTimer()
			modeltest.ReportCPU(b, cpu0)
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			runtime.KeepAlive(m)
			b.ReportMetric(float64(c.n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
			b.ReportMetric(float64(len(src))/1e6, "MB")
			b.ReportMetric(float64(ms.HeapAlloc)/1e6, "heap-MB")
		})
	}
}

// BenchmarkParseHCL measures HCL's own native-syntax parser on the
// BenchmarkLoad input, to split load time between parsing and decoding.
func BenchmarkParseHCL(b *testing.B) {
	src := genModel(10000)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	defer modeltest.ReportCPU(b, modeltest.CPUTime())
	for i := 0; i < b.N; i++ {
		if _, d := hclsyntax.ParseConfig(src, "gen.hcl", hcl.InitialPos); d.HasErrors() {
			b.Fatal(d.Error())
		}
	}
}

func BenchmarkLaw(b *testing.B) {
	m, diags := Load("testdata/valid.hcl")
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	r := m.Service("api").Resources[0]
	for i := 0; i < b.N; i++ {
		if _, err := r.Law(float64(i%5000 + 1)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}
