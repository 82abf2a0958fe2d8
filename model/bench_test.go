package model

import (
	"bytes"
	"fmt"
	"testing"
)

// genModel writes n services, each depending on up to three earlier ones,
// every tenth with a fleet and a resource.
func genModel(n int) []byte {
	var b bytes.Buffer
	b.WriteString("locals {\n  limit = 32768\n}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "service \"svc-%05d\" {\n  role        = \"service\"\n  criticality = \"high\"\n  tags        = [\"gen\"]\n", i)
		for _, d := range []int{1, 7, 31} {
			if i-d >= 0 {
				fmt.Fprintf(&b, "  depends_on \"svc-%05d\" {\n    impact = \"degraded\"\n    after  = \"5m\"\n  }\n", i-d)
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
	for i := 0; i < b.N; i++ {
		m, diags := LoadSources([]Source{{Filename: "gen.hcl", Bytes: src}})
		if diags.HasErrors() || len(m.Services) != n {
			b.Fatal(diags.Error())
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "services/s")
}

func BenchmarkLaw(b *testing.B) {
	m, diags := Load("testdata/valid.hcl")
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	r := m.Service("api").Resources[0]
	for i := 0; i < b.N; i++ {
		if _, err := r.Use(float64(i%5000 + 1)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}
