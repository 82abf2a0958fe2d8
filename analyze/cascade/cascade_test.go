package cascade

import (
	"reflect"
	"strings"
	"testing"
	"time"

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

func TestCascadeTimes(t *testing.T) {
	g := kinesis()
	r := mustRun(t, g, index(t, g, "kinesis-frontend"))
	got := byState(t, r)
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
		if e.At != w.at || strings.Join(e.Path, " ") != w.path {
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
	for _, w := range []struct {
		svc, state string
		want       Mechanism
	}{
		{"kinesis-frontend", "outage", Mechanism{Kind: graph.MechFailed}},
		{"cloudwatch", "degraded", Mechanism{Kind: graph.MechDependency, Via: "kinesis-frontend", After: 5 * time.Minute}},
		{"cognito", "outage", Mechanism{Kind: graph.MechBuffer, Via: "kinesis-frontend", FillsIn: 106 * time.Minute}},
		{"eventbridge", "outage", Mechanism{Kind: graph.MechGroup, Via: "sqs-bridge", Group: "ingest"}},
		{"ecs", "degraded", Mechanism{Kind: graph.MechDependency, Via: "eventbridge", After: 15 * time.Minute}},
	} {
		if e := got[key{w.svc, w.state}]; e.Mechanism != w.want {
			t.Errorf("%s %s: mechanism %+v, want %+v", w.svc, w.state, e.Mechanism, w.want)
		}
	}
	if len(r.HangingOn) != 0 {
		t.Errorf("hanging on: %+v", r.HangingOn)
	}
}

func TestRunFailedSet(t *testing.T) {
	g := kinesis()
	cw, sqs := index(t, g, "cloudwatch"), index(t, g, "sqs-bridge")
	r := mustRun(t, g, sqs, cw, sqs, -1, g.Len())
	if strings.Join(r.Failed, " ") != "cloudwatch sqs-bridge" {
		t.Errorf("failed %v, want cloudwatch and sqs-bridge once, in node order", r.Failed)
	}
	// eventbridge keeps kinesis-frontend of its group "ingest".
	want := []Survivor{{Service: "eventbridge", Group: "ingest", Lost: []string{"sqs-bridge"}, Through: []string{"kinesis-frontend"}}}
	if !reflect.DeepEqual(r.HangingOn, want) {
		t.Errorf("hanging on %+v, want %+v", r.HangingOn, want)
	}
}

// TestDependents is the simulator's cascade: the fleet's dependents only,
// from when it began failing.
func TestDependents(t *testing.T) {
	g := kinesis()
	kf := index(t, g, "kinesis-frontend")
	whole := byState(t, mustRun(t, g, kf))
	r, err := Dependents(g, kf, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Timeline) != len(whole)-1 {
		t.Errorf("%d entries, want all %d but the fleet's own", len(r.Timeline), len(whole)-1)
	}
	for _, e := range r.Timeline {
		if e.Service == "kinesis-frontend" {
			t.Errorf("the failed fleet is in its dependents: %+v", e)
		}
		if w := whole[key{e.Service, e.State.String()}]; e.At != w.At+2*time.Hour {
			t.Errorf("%s %s at %v, want %v shifted by 2h", e.Service, e.State, e.At, w.At)
		}
	}
}

type key struct{ svc, state string }

// byState indexes a timeline by service and state, refusing duplicates.
func byState(t *testing.T, r *Report) map[key]Entry {
	t.Helper()
	got := map[key]Entry{}
	for _, e := range r.Timeline {
		k := key{e.Service, e.State.String()}
		if _, dup := got[k]; dup {
			t.Fatalf("duplicate entry %v", e)
		}
		got[k] = e
	}
	return got
}

func index(t *testing.T, g *graph.Graph, id string) int {
	t.Helper()
	v, ok := g.Index(id)
	if !ok {
		t.Fatalf("no service %q", id)
	}
	return v
}

// mustRun is Run for a test.
func mustRun(t *testing.T, g *graph.Graph, failed ...int) *Report {
	t.Helper()
	r, err := Run(g, failed)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// pathLengths counts what Timeline.Path builds, state by state, so that
// Run can bound the paths before building them.
func TestPathLengths(t *testing.T) {
	for seed := int64(1); seed <= 5; seed++ {
		g := graph.New(graphtest.Generate(300, 1200, seed))
		for _, failed := range [][]int{{0}, {int(seed) * 7}, {1, 2, 3}} {
			tl := g.Cascade(failed)
			depth := pathLengths(g, tl)
			for v := range g.Len() {
				for l, lvl := range []model.Impact{model.ImpactDegraded, model.ImpactOutage} {
					if got, want := int(depth[l][v]), len(tl.Path(v, lvl)); got != want {
						t.Fatalf("seed %d, %v failed: path of %s %v has %d services, counted %d", seed, failed, g.ID(v), lvl, want, got)
					}
				}
			}
		}
	}
	// A chain's bottom: 1 + 2 + ... + n names.
	g := graph.New(graphtest.Chain(9000, 1))
	if _, err := Run(g, []int{g.Len() - 1}); err == nil || !strings.Contains(err.Error(), "40504500") {
		t.Fatalf("Run on a 9,000-service chain: %v, want a refusal of 40,504,500 names", err)
	}
}
