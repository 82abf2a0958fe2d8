package topology

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestReadObserved fetches observations from a local server standing in for
// Jaeger's query service and the Collector's metrics endpoint.
func TestReadObserved(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/dependencies", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"data": [{"parent": "a", "child": "b", "callCount": 7}], "errors": null}`))
	})
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept"), "text/plain") {
			t.Errorf("metrics fetched with Accept %q", r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		w.Write([]byte("traces_service_graph_request_total{client=\"a\",server=\"c\"} 9\n"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	closed := httptest.NewServer(mux)
	closed.Close()

	for _, c := range []struct {
		url, format string
		want        string // the imported edge, or the error's text
	}{
		{srv.URL + "/api/dependencies?endTs=1&lookback=2", "", "a->b 7"},
		{srv.URL + "/api/dependencies", "jaeger", "a->b 7"},
		{srv.URL + "/metrics", "", "a->c 9"},
		{srv.URL + "/metrics", "otel", "a->c 9"},
		{srv.URL + "/nope", "", "answered 404 Not Found"},
		{srv.URL + "/slow", "jaeger", "no answer within 200ms"},
		{closed.URL + "/metrics", "otel", "cannot reach it"},
		{"testdata/jaeger/bare.json", "", "frontend->orders 40"},
		{"testdata/otel/prefixed.txt", "", "checkout->cart 17"},
		{"testdata/otel/missing.txt", "", "no such file"},
		{srv.URL + "/metrics", "compose", "not a format of observed calls"},
	} {
		top := ReadObserved(context.Background(), c.url, c.format, 200*time.Millisecond)
		got := diagText(top.Diags)
		if !top.Diags.HasErrors() && len(top.Edges) > 0 {
			e := top.Edges[0]
			got = e.From + "->" + e.To + " " + strings.TrimSuffix(strings.TrimSuffix(calls(e.Calls), " calls"), " call")
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s (%q): got %q, want %q", c.url, c.format, got, c.want)
		}
	}
}
