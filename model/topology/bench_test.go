package topology

import (
	"bytes"
	"fmt"
	"testing"
)

// jaegerLinks is a /api/dependencies answer with n distinct links among
// n/20 services (20 callees each), as a large estate's week of traces.
func jaegerLinks(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"data": [` + "\n")
	svcs := max(n/20, 21)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		from := i / 20
		to := (from + 1 + i%20) % svcs
		fmt.Fprintf(&b, `  {"parent": "service-%d", "child": "service-%d", "callCount": %d}`, from, to, 1+i%5000)
	}
	b.WriteString("\n], \"total\": 0, \"limit\": 0, \"offset\": 0, \"errors\": null}\n")
	return b.Bytes()
}

// exposition is a Collector's metrics page of about size bytes: per
// client/server pair the request and failure counters and a server latency
// histogram, as the servicegraph connector exports them.
func exposition(size int) []byte {
	var b bytes.Buffer
	b.WriteString("# HELP traces_service_graph_request_total Total count of requests between two nodes\n# TYPE traces_service_graph_request_total counter\n")
	buckets := []string{"0.002", "0.004", "0.006", "0.008", "0.01", "0.05", "0.1", "0.2", "0.4", "0.8", "1", "1.4", "2", "5", "10", "15", "+Inf"}
	var hist, failed bytes.Buffer
	for i := 0; b.Len()+hist.Len()+failed.Len() < size; i++ {
		labels := fmt.Sprintf(`client="service-%d",connection_type="",server="service-%d",instance="collector-%d",job="otelcol"`, i/20, i/20+1+i%20, i%3)
		fmt.Fprintf(&b, "traces_service_graph_request_total{%s} %d\n", labels, 1+i%5000)
		fmt.Fprintf(&failed, "traces_service_graph_request_failed_total{%s} %d\n", labels, i%7)
		for k, le := range buckets {
			fmt.Fprintf(&hist, "traces_service_graph_request_server_seconds_bucket{%s,le=%q} %d\n", labels, le, k*10)
		}
		fmt.Fprintf(&hist, "traces_service_graph_request_server_seconds_sum{%s} 12.5\n", labels)
		fmt.Fprintf(&hist, "traces_service_graph_request_server_seconds_count{%s} 160\n", labels)
	}
	b.WriteString("# HELP traces_service_graph_request_failed_total Total count of failed requests\n# TYPE traces_service_graph_request_failed_total counter\n")
	b.Write(failed.Bytes())
	b.WriteString("# HELP traces_service_graph_request_server_seconds Time for a request\n# TYPE traces_service_graph_request_server_seconds histogram\n")
	b.Write(hist.Bytes())
	return b.Bytes()
}

func benchImport(b *testing.B, format string, src []byte, edges int) {
	f, _ := Lookup(format)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	var out []byte
	for i := 0; i < b.N; i++ {
		t := Import(f, []Source{{Name: "in", R: bytes.NewReader(src)}})
		if t.Diags.HasErrors() || len(t.Edges) != edges {
			b.Fatalf("%d edges, diags %v", len(t.Edges), t.Diags)
		}
		out = t.HCL()
	}
	b.ReportMetric(float64(edges)*float64(b.N)/b.Elapsed().Seconds(), "edges/s")
	b.ReportMetric(float64(len(out))/(1<<20), "MB-out")
}

// BenchmarkJaeger100k imports (and writes) a 100,000-link Jaeger answer.
func BenchmarkJaeger100k(b *testing.B) {
	benchImport(b, "jaeger", jaegerLinks(100_000), 100_000)
}

// BenchmarkOTel50MB imports a 50 MB servicegraph metrics page.
func BenchmarkOTel50MB(b *testing.B) {
	src := exposition(50 << 20)
	f, _ := Lookup("otel")
	edges := len(Import(f, []Source{{Name: "in", R: bytes.NewReader(src)}}).Edges)
	benchImport(b, "otel", src, edges)
}
