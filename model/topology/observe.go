package topology

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/blast-tool/blast/model"
)

// DefaultTimeout bounds fetching observations from a URL.
const DefaultTimeout = 30 * time.Second

// ReadObserved reads observed calls from source: a file, or an http(s)
// URL of a Jaeger query service's dependencies endpoint
// (http://jaeger:16686/api/dependencies?endTs=...&lookback=...) or of the
// Collector's Prometheus metrics endpoint (http://collector:8889/metrics).
// format is "jaeger" or "otel", or "" to tell from the content: a JSON
// document is Jaeger's, anything else the exposition format (for a URL,
// the response's Content-Type decides). A URL is fetched within timeout;
// an unreachable one, or an answer other than 200 OK, is an error that
// says so.
func ReadObserved(ctx context.Context, source, format string, timeout time.Duration) *Topology {
	if format != "" && format != "jaeger" && format != "otel" {
		return failed(format, source, "Unknown observation format", fmt.Sprintf("%q is not a format of observed calls: use jaeger or otel.", format))
	}
	if u, err := url.Parse(source); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		return fetch(ctx, source, format, timeout)
	}
	f, d := model.OpenFile(source)
	if d != nil {
		return failed(format, source, d.Summary, d.Detail)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if format == "" {
		format = sniff(br)
	}
	return importObserved(format, source, br)
}

func importObserved(format, name string, r io.Reader) *Topology {
	f, _ := Lookup(format)
	return Import(f, []Source{{Name: name, R: r}})
}

func failed(format, source, summary, detail string) *Topology {
	t := New(format)
	t.Error(At(source, 0, 0), summary, detail)
	return t
}

// sniff tells Jaeger's JSON from the exposition format by the first
// character that is not white space.
func sniff(br *bufio.Reader) string {
	for n := 512; n <= 64<<10; n *= 2 {
		b, err := br.Peek(n)
		if s := strings.TrimLeft(string(b), " \t\r\n"); s != "" {
			if s[0] == '{' || s[0] == '[' {
				return "jaeger"
			}
			return "otel"
		}
		if err != nil {
			break
		}
	}
	return "otel"
}

func fetch(ctx context.Context, source, format string, timeout time.Duration) *Topology {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
	if err != nil {
		return failed(format, source, "Invalid URL", err.Error())
	}
	switch format {
	case "jaeger":
		req.Header.Set("Accept", "application/json")
	case "otel":
		// The text format, not protobuf or OpenMetrics, which expfmt's
		// text parser does not read.
		req.Header.Set("Accept", "text/plain;version=0.0.4")
	default:
		req.Header.Set("Accept", "application/json, text/plain;version=0.0.4;q=0.9")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		what := "cannot reach it"
		if errors.Is(err, context.DeadlineExceeded) {
			what = fmt.Sprintf("no answer within %s", timeout)
		}
		return failed(format, source, "Observations unreachable",
			fmt.Sprintf("Fetching %s: %s (%v). Check that the Jaeger query service (…/api/dependencies) or the Collector's Prometheus endpoint (…/metrics) is running and reachable from here, or save its answer to a file and pass the file.", source, what, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return failed(format, source, "Observations unavailable",
			fmt.Sprintf("%s answered %s: %s. Check the URL and its query (for Jaeger: endTs and lookback in milliseconds).", source, resp.Status, strings.TrimSpace(string(body))))
	}
	if format == "" {
		format = "otel"
		if mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil && strings.HasSuffix(mt, "json") {
			format = "jaeger"
		}
	}
	// The body is read as it arrives, within the timeout.
	return importObserved(format, source, resp.Body)
}
