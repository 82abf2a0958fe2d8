package topology

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/blast-tool/blast/model"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	pmodel "github.com/prometheus/common/model"
)

// requestTotal is the servicegraph connector's request counter. The
// Collector's Prometheus exporter may prefix it (its namespace setting);
// other metrics of the connector (request_failed_total, latency
// histograms, unpaired spans) and of anything else are ignored.
const requestTotal = "traces_service_graph_request_total"

// otelChunk is how much exposition text is parsed at a time. expfmt's
// TextParser builds every metric family of its input in memory; feeding it
// the input a piece at a time, each piece cut at a line boundary, keeps the
// memory of a 50 MB dump to one piece's families plus the pairs found.
const otelChunk = 1 << 20

type otelPair struct{ client, server string }

type otelEdge struct {
	calls                        float64
	database, messaging, virtual bool
	virtualSide                  string // "client" or "server" when the virtual_node label says
}

// readOTel reads the OpenTelemetry Collector's servicegraph connector
// metrics in the Prometheus text exposition format, as its Prometheus
// exporter serves them: traces_service_graph_request_total{client, server,
// connection_type} counters. The calls of each client/server pair are
// summed over the other labels (instance, job, ...) and over files. A
// server reached with connection_type="database" gets role storage; a
// messaging_system edge is asynchronous and imported with impact "none"; a
// virtual node (an uninstrumented peer) gets a note.
//
// Parsing uses github.com/prometheus/common/expfmt's TextParser with
// model.UTF8Validation: it accepts the classic names and the quoted UTF-8
// names of newer exporters alike, so that no valid exposition is refused.
func readOTel(t *Topology, s Source) {
	br := bufio.NewReaderSize(s.R, 64<<10)
	pairs := map[otelPair]*otelEdge{}
	var order []otelPair
	var chunk bytes.Buffer
	line, chunkStart := 0, 1
	unlabelled := 0
	parse := func() bool {
		if chunk.Len() == 0 {
			return true
		}
		p := expfmt.NewTextParser(pmodel.UTF8Validation)
		fams, err := p.TextToMetricFamilies(&chunk)
		if err != nil {
			var pe expfmt.ParseError
			msg := err.Error()
			at := At(s.Name, 0, 0)
			if errors.As(err, &pe) {
				msg = pe.Msg
				at = At(s.Name, chunkStart+pe.Line-1, 1)
			}
			t.Error(at, "Invalid Prometheus exposition", fmt.Sprintf("%s. Expected the text format of the Collector's Prometheus exporter, with %s samples.", strings.TrimSuffix(msg, "."), requestTotal))
			return false
		}
		for name, fam := range fams {
			if !strings.HasSuffix(name, requestTotal) {
				continue
			}
			for _, m := range fam.GetMetric() {
				v, ok := sampleValue(m)
				if !ok {
					continue
				}
				var pr otelPair
				var conn, virtual string
				for _, lp := range m.GetLabel() {
					switch lp.GetName() {
					case "client":
						pr.client = lp.GetValue()
					case "server":
						pr.server = lp.GetValue()
					case "connection_type":
						conn = lp.GetValue()
					case "virtual_node":
						virtual = lp.GetValue()
					}
				}
				if pr.client == "" || pr.server == "" {
					unlabelled++
					continue
				}
				e := pairs[pr]
				if e == nil {
					e = &otelEdge{}
					pairs[pr] = e
					order = append(order, pr)
				}
				e.calls += v
				switch conn {
				case "database":
					e.database = true
				case "messaging_system":
					e.messaging = true
				case "virtual_node":
					e.virtual = true
				}
				if virtual == "client" || virtual == "server" {
					e.virtual, e.virtualSide = true, virtual
				}
			}
		}
		chunk.Reset()
		return true
	}
	for {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: gather it whole.
			long := append([]byte(nil), b...)
			for errors.Is(err, bufio.ErrBufferFull) {
				b, err = br.ReadSlice('\n')
				long = append(long, b...)
			}
			b = long
		}
		if len(b) > 0 {
			line++
			chunk.Write(b)
			if b[len(b)-1] != '\n' {
				chunk.WriteByte('\n') // the last line may lack its newline
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Error(At(s.Name, line, 1), "Failed to read file", err.Error())
				return
			}
			break
		}
		if chunk.Len() >= otelChunk {
			if !parse() {
				return
			}
			chunkStart = line + 1
		}
	}
	if !parse() {
		return
	}
	if unlabelled > 0 {
		t.Warn(At(s.Name, 0, 0), "Samples without client or server", fmt.Sprintf("%d %s samples lack a client or server label and were left out.", unlabelled, requestTotal))
	}
	at := At(s.Name, 0, 0)
	for _, pr := range order {
		e := pairs[pr]
		from := t.AddService(pr.client, pr.client, at)
		to := t.AddService(pr.server, pr.server, at)
		if to != nil && e.database {
			to.Role = model.RoleStorage
		}
		impact := model.ImpactOutage
		if e.messaging {
			impact = model.ImpactNone
		}
		edge := t.AddEdge(from, to, impact, int64(math.Round(e.calls)), s.Name, at)
		if edge == nil {
			continue
		}
		switch {
		case e.messaging:
			edge.Why = "through a messaging system: asynchronous, so impact none"
		}
		if e.virtual {
			side := to
			if e.virtualSide == "client" {
				side = from
			}
			if e.virtualSide == "" {
				edge.Why = join(edge.Why, "a virtual node: one side is not instrumented")
			} else if side != nil {
				side.Notes = appendOnce(side.Notes, "A virtual node in the service graph: seen in traces, not instrumented itself.")
			}
		}
	}
}

// sampleValue is a counter's (or an untyped sample's) value; NaN,
// infinities and negative counts are not calls and are skipped.
func sampleValue(m *dto.Metric) (float64, bool) {
	var v float64
	switch {
	case m.GetCounter() != nil:
		v = m.GetCounter().GetValue()
	case m.GetUntyped() != nil:
		v = m.GetUntyped().GetValue()
	case m.GetGauge() != nil:
		v = m.GetGauge().GetValue()
	default:
		return 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, false
	}
	return v, true
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func appendOnce(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}
