package views

import (
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

func TestCascadeGolden(t *testing.T) {
	g := graph.New(kinesisModel(t))
	start := time.Date(2020, 11, 24, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name, format string
		failed       []string
		opts         Options
	}{
		{"kinesis.json", "json", []string{"kinesis-frontend"}, Options{}},
		{"kinesis.txt", "text", []string{"kinesis-frontend"}, Options{}},
		{"kinesis-clock.txt", "text", []string{"kinesis-frontend"}, Options{Start: &start}},
		{"kinesis-color.txt", "text", []string{"kinesis-frontend"}, Options{Color: true}},
		{"two.json", "json", []string{"sqs-bridge", "cloudwatch", "sqs-bridge"}, Options{}},
		{"two.txt", "text", []string{"sqs-bridge", "cloudwatch"}, Options{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := cascade.Run(g, nodes(t, g, tc.failed...))
			if err != nil {
				t.Fatal(err)
			}
			modeltest.Golden(t, "testdata/cascade-"+tc.name, renderView(t, Cascade, tc.format, tc.opts, r))
		})
	}
}

// TestMechanismWords checks every wording of how a state was reached.
func TestMechanismWords(t *testing.T) {
	D, S, out, deg, none := graphtest.Dep, graphtest.Svc, model.ImpactOutage, model.ImpactDegraded, model.ImpactNone
	m, h := time.Minute, time.Hour
	tests := []struct {
		svcs   []*model.Service
		failed []string
		want   string // a's last entry
	}{
		{[]*model.Service{S("a", D("b", out, 5*m)), S("b")}, []string{"b"}, "fails 5m after b"},
		{[]*model.Service{S("a", D("b", out, 0)), S("b")}, []string{"b"}, "fails with b"},
		{[]*model.Service{S("a", D("b", deg, 0)), S("b")}, []string{"b"}, "degraded with b"},
		{[]*model.Service{S("a", graphtest.Buffered(D("b", deg, 3*m), h, model.OnFullDrop)), S("b")}, []string{"b"}, "degraded 3m after b"},
		{[]*model.Service{S("a", graphtest.Buffered(D("b", deg, 0), 106*m, model.OnFullBlock)), S("b")}, []string{"b"}, "buffer on b full after 1h46m"},
		{[]*model.Service{S("a", graphtest.Buffered(D("b", none, 2*m), h, model.OnFullFail)), S("b")}, []string{"b"}, "buffer on b full after 1h, then 2m"},
		{[]*model.Service{S("a", graphtest.Grouped(D("b", out, 5*m), "g"), graphtest.Grouped(D("c", out, 20*m), "g")), S("b"), S("c")},
			[]string{"b", "c"}, "last alternative of group g lost (c)"},
		{[]*model.Service{S("a"), S("b")}, []string{"a"}, "failed"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			g := graph.New(graphtest.Build(tc.svcs...))
			r, err := cascade.Run(g, nodes(t, g, tc.failed...))
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, e := range r.Timeline {
				if e.Service == "a" {
					got = mechanismText(e)
				}
			}
			if got != tc.want {
				t.Errorf("mechanism %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCutSetsGolden(t *testing.T) {
	g := graph.New(kinesisModel(t))
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
			r, err := cascade.CutSets(g, nodes(t, g, tc.service)[0], tc.k)
			if err != nil {
				t.Fatal(err)
			}
			modeltest.Golden(t, "testdata/"+tc.name+".json", renderView(t, CutSets, "json", Options{}, r))
			modeltest.Golden(t, "testdata/"+tc.name+".txt", renderView(t, CutSets, "text", Options{}, r))
		})
	}
	r, err := cascade.CutSets(g, nodes(t, g, "search")[0], 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.CutSets[0], "+"); got != "db-a+db-b" {
		t.Errorf("search's first cut set %s, want db-a+db-b", got)
	}
}
