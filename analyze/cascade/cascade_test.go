package cascade

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/model/modeltest"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

const (
	out = model.ImpactOutage
	deg = model.ImpactDegraded
)

// kinesis is a small model of the 2020-11-25 outage.
func kinesis() *graph.Graph {
	D, S := graphtest.Dep, graphtest.Svc
	cw := S("cloudwatch", D("kinesis-frontend", deg, 5*time.Minute))
	cw.Role = model.RoleMonitoring
	return graph.New(graphtest.Build(
		S("kinesis-frontend"),
		cw,
		S("lambda", D("cloudwatch", deg, 0)),
		S("cognito", graphtest.Buffered(D("kinesis-frontend", deg, 0), 106*time.Minute, model.OnFullBlock)),
		S("status-tool", D("cognito", out, 0)),
		S("health-dashboard", D("status-tool", deg, 0)),
		S("sqs-bridge", D("cognito", out, 0)),
		S("eventbridge", graphtest.Grouped(D("kinesis-frontend", out, 30*time.Minute), "ingest"), graphtest.Grouped(D("sqs-bridge", out, 0), "ingest")),
		S("ecs", D("eventbridge", deg, 15*time.Minute)),
		S("iot", D("kinesis-frontend", out, 0)),
		S("s3"),
		S("search", graphtest.Grouped(D("db-a", out, 0), "db"), graphtest.Grouped(D("db-b", out, 0), "db")),
		S("db-a"), S("db-b", D("s3", out, 0)),
	))
}

func TestCascadeGolden(t *testing.T) {
	start := time.Date(2020, 11, 24, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		failed []string
		format string
		start  *time.Time
		color  bool
	}{
		{"kinesis.json", []string{"kinesis-frontend"}, "json", nil, false},
		{"kinesis.txt", []string{"kinesis-frontend"}, "text", nil, false},
		{"kinesis-clock.txt", []string{"kinesis-frontend"}, "text", &start, false},
		{"kinesis-color.txt", []string{"kinesis-frontend"}, "text", nil, true},
		{"two.json", []string{"sqs-bridge", "cloudwatch", "sqs-bridge"}, "json", nil, false},
		{"two.txt", []string{"sqs-bridge", "cloudwatch"}, "text", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Run(kinesis(), tc.failed)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if tc.format == "json" {
				b, err := json.MarshalIndent(r, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				buf.Write(append(b, '\n'))
			} else if err := r.WriteText(&buf, tc.start, tc.color); err != nil {
				t.Fatal(err)
			}
			modeltest.Golden(t, "testdata/"+tc.name, buf.Bytes())
		})
	}
}

func TestCascadeTimes(t *testing.T) {
	r, err := Run(kinesis(), []string{"kinesis-frontend"})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ svc, state string }
	got := map[key]Entry{}
	for _, e := range r.Timeline {
		if _, dup := got[key{e.Service, e.State}]; dup {
			t.Fatalf("duplicate entry %v", e)
		}
		got[key{e.Service, e.State}] = e
	}
	want := []struct {
		svc, state string
		at         time.Duration
		path       string
	}{
		{"kinesis-frontend", "outage", 0, "kinesis-frontend"},
		{"iot", "outage", 0, "kinesis-frontend iot"},
		{"cognito", "degraded", 0, "kinesis-frontend cognito"},
		{"cognito", "outage", 106 * time.Minute, "kinesis-frontend cognito"},
		{"cloudwatch", "degraded", 5 * time.Minute, "kinesis-frontend cloudwatch"},
		{"lambda", "degraded", 5 * time.Minute, "kinesis-frontend cloudwatch lambda"},
		{"eventbridge", "outage", 106 * time.Minute, "kinesis-frontend cognito sqs-bridge eventbridge"},
		{"eventbridge", "degraded", 30 * time.Minute, "kinesis-frontend eventbridge"},
		{"ecs", "degraded", 45 * time.Minute, "kinesis-frontend eventbridge ecs"},
		{"health-dashboard", "degraded", 0, "kinesis-frontend cognito status-tool health-dashboard"},
		{"status-tool", "outage", 106 * time.Minute, "kinesis-frontend cognito status-tool"},
	}
	for _, w := range want {
		e, ok := got[key{w.svc, w.state}]
		if !ok {
			t.Errorf("%s %s missing", w.svc, w.state)
			continue
		}
		if e.At != w.at || e.AfterSeconds != w.at.Seconds() || strings.Join(e.Path, " ") != w.path {
			t.Errorf("%s %s: at %v path %v, want %v %s", w.svc, w.state, e.At, e.Path, w.at, w.path)
		}
	}
	if _, ok := got[key{"s3", "outage"}]; ok {
		t.Error("s3 is not impaired")
	}
	if _, ok := got[key{"iot", "degraded"}]; ok {
		t.Error("iot goes straight to outage: no degraded entry")
	}
	if len(r.Timeline) != 14 {
		t.Errorf("timeline has %d entries", len(r.Timeline))
	}
}

func TestUnknownService(t *testing.T) {
	_, err := Run(kinesis(), []string{"kinesis"})
	if err == nil || !strings.Contains(err.Error(), `"kinesis-frontend"`) {
		t.Fatalf("error = %v", err)
	}
	if _, err := Run(kinesis(), nil); err == nil {
		t.Fatal("no failures should be an error")
	}
	if _, err := CutSets(kinesis(), "cogntio", 3); err == nil || !strings.Contains(err.Error(), `"cognito"`) {
		t.Fatalf("error = %v", err)
	}
	if _, err := CutSets(kinesis(), "cognito", 0); err == nil {
		t.Fatal("order 0 should be an error")
	}
}

func TestCutSetsGolden(t *testing.T) {
	tests := []struct {
		name, service string
		k             int
	}{
		{"cutsets-eventbridge", "eventbridge", 3},
		{"cutsets-eventbridge-1", "eventbridge", 1},
		{"cutsets-s3", "s3", 3},
		{"cutsets-search", "search", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := CutSets(kinesis(), tc.service, tc.k)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var txt bytes.Buffer
			if err := r.WriteText(&txt); err != nil {
				t.Fatal(err)
			}
			modeltest.Golden(t, "testdata/"+tc.name+".json", append(b, '\n'))
			modeltest.Golden(t, "testdata/"+tc.name+".txt", txt.Bytes())
		})
	}
}
