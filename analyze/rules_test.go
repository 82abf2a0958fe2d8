package analyze

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

// Small hand-built models for the graph rules: each case names the rule,
// the model, and every finding the rule must report (severity, subjects,
// path, and a piece of the message a reviewer reads).

type wantFinding struct {
	sev      Severity
	subjects []string
	path     []string
	message  string // a substring of the message
}

func svc(id string, role model.Role, crit model.Criticality, deps ...*model.Dependency) *model.Service {
	s := graphtest.Svc(id, deps...)
	s.Role, s.Criticality = role, crit
	return s
}

func hard(to string) *model.Dependency { return graphtest.Dep(to, model.ImpactOutage, 0) }
func soft(to string) *model.Dependency { return graphtest.Dep(to, model.ImpactDegraded, 0) }
func alt(to, group string, tested bool) *model.Dependency {
	d := graphtest.Grouped(hard(to), group)
	d.Tested = tested
	return d
}

func runRule(t *testing.T, rule *Analyzer, m *model.Model) []Finding {
	t.Helper()
	res, err := runAll(m, rule)
	if err != nil {
		t.Fatal(err)
	}
	return res.findings
}

func checkFindings(t *testing.T, got []Finding, want []wantFinding) {
	t.Helper()
	if len(got) != len(want) {
		var msgs []string
		for _, f := range got {
			msgs = append(msgs, f.Message)
		}
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(msgs, "\n"))
	}
	for i, w := range want {
		f := got[i]
		if f.Severity != w.sev || !reflect.DeepEqual(f.Subjects, w.subjects) || !reflect.DeepEqual(f.Path, w.path) {
			t.Errorf("finding %d: got %s %v path %v, want %s %v path %v", i, f.Severity, f.Subjects, f.Path, w.sev, w.subjects, w.path)
		}
		if !strings.Contains(f.Message, w.message) {
			t.Errorf("finding %d: message %q does not say %q", i, f.Message, w.message)
		}
	}
}

func TestGraphRules(t *testing.T) {
	tests := []struct {
		name string
		rule *Analyzer
		svcs []*model.Service
		want []wantFinding
	}{
		{"spof: the nearest cause only", singlePointOfFailure, []*model.Service{
			svc("api", model.RoleService, model.Critical, hard("queue")),
			svc("queue", model.RoleService, model.Medium, hard("db")),
			svc("db", model.RoleStorage, model.Medium),
		}, []wantFinding{{Error, []string{"api", "queue"}, []string{"api", "queue"},
			"queue is a single point of failure of api (critical): its failure alone takes api out"}}},

		{"spof: redundancy removes it, a shared dependency brings it back", singlePointOfFailure, []*model.Service{
			svc("api", model.RoleService, model.Critical, alt("a", "g", true), alt("b", "g", true)),
			svc("a", model.RoleService, model.Medium, hard("dns")),
			svc("b", model.RoleService, model.Medium, hard("dns")),
			svc("dns", model.RoleNetwork, model.Medium),
		}, []wantFinding{{Error, []string{"api", "dns"}, []string{"api", "a", "dns"}, "dns is a single point of failure of api"}}},

		{"spof: degraded edges never take a critical service out", singlePointOfFailure, []*model.Service{
			svc("api", model.RoleService, model.Critical, soft("cache")),
			svc("cache", model.RoleService, model.Medium),
		}, nil},

		{"spof: a blocking buffer does", singlePointOfFailure, []*model.Service{
			svc("api", model.RoleService, model.Critical, graphtest.Buffered(graphtest.Dep("metrics", model.ImpactNone, 0), time.Hour, model.OnFullBlock)),
			svc("metrics", model.RoleService, model.Medium),
		}, []wantFinding{{Error, []string{"api", "metrics"}, []string{"api", "metrics"}, "metrics is a single point of failure of api"}}},

		{"redundancy defeated by a common dependency", redundancyDefeated, []*model.Service{
			svc("status", model.RoleStatus, model.Critical, alt("console", "publish", true), alt("backup", "publish", false)),
			svc("console", model.RoleTooling, model.Medium, hard("auth")),
			svc("backup", model.RoleTooling, model.Medium, hard("auth")),
			svc("auth", model.RoleAuth, model.Critical, hard("stream")),
			svc("stream", model.RoleService, model.Critical),
		}, []wantFinding{{Error, []string{"status", "auth"}, []string{"status", "backup", "auth"},
			`status's redundancy group "publish" (backup and console) is defeated: a failure of auth alone takes out every alternative`}}},

		{"redundancy intact", redundancyDefeated, []*model.Service{
			svc("status", model.RoleStatus, model.Critical, alt("console", "publish", true), alt("backup", "publish", false)),
			svc("console", model.RoleTooling, model.Medium, hard("auth")),
			svc("backup", model.RoleTooling, model.Medium),
			svc("auth", model.RoleAuth, model.Critical),
		}, nil},

		{"monitoring fails with what it watches", monitoringSelfDependence, func() []*model.Service {
			cw := svc("cloudwatch", model.RoleMonitoring, model.Critical, hard("kinesis"))
			cw.Monitors = []string{"kinesis"}
			return []*model.Service{cw, svc("kinesis", model.RoleService, model.Critical)}
		}(), []wantFinding{{Error, []string{"cloudwatch", "kinesis"}, []string{"cloudwatch", "kinesis"},
			"cloudwatch monitors kinesis but fails when it fails"}}},

		{"monitoring degraded with what it watches, and sharing a cause", monitoringSelfDependence, func() []*model.Service {
			mon := svc("mon", model.RoleMonitoring, model.High, soft("api"), soft("net"))
			mon.Monitors = []string{"api", "db"}
			return []*model.Service{mon,
				svc("api", model.RoleService, model.Critical),
				svc("db", model.RoleStorage, model.Critical, hard("net")),
				svc("net", model.RoleNetwork, model.Critical)}
		}(), []wantFinding{
			{Warning, []string{"mon", "api"}, []string{"mon", "api"}, "mon monitors api but is degraded when it fails"},
			{Warning, []string{"mon", "db"}, []string{"mon", "net"}, "mon monitors db but shares its fate: a failure of net takes db out and degrades mon"},
		}},

		{"independent monitoring", monitoringSelfDependence, func() []*model.Service {
			mon := svc("mon", model.RoleMonitoring, model.High, hard("own-store"))
			mon.Monitors = []string{"api"}
			return []*model.Service{mon, svc("api", model.RoleService, model.Critical, hard("db")),
				svc("db", model.RoleStorage, model.Critical), svc("own-store", model.RoleStorage, model.High)}
		}(), nil},

		{"shared fate: the common dependency, not what is upstream of it", sharedFate, []*model.Service{
			svc("db", model.RoleStorage, model.Critical),
			svc("stream", model.RoleService, model.Critical, hard("db")),
			svc("metrics", model.RoleMonitoring, model.Critical, hard("stream")),
			svc("auth", model.RoleAuth, model.Critical, hard("stream")),
			svc("tool", model.RoleTooling, model.Low, hard("auth")),
		}, []wantFinding{{Error, []string{"stream"}, []string{"metrics", "stream"},
			"stream is the hidden common dependency of 3 services across 3 roles (auth, monitoring and tooling), 2 of them critical (auth and metrics)"}}},

		{"shared fate below the thresholds", sharedFate, []*model.Service{
			svc("db", model.RoleStorage, model.Medium),
			svc("a", model.RoleService, model.Medium, hard("db")),
			svc("b", model.RoleService, model.Medium, hard("db")),
		}, nil},

		{"hard cycle", circularDependency, []*model.Service{
			svc("auth", model.RoleAuth, model.Critical, hard("config")),
			svc("config", model.RoleControlPlane, model.High, hard("auth")),
			svc("web", model.RoleService, model.Medium, hard("auth")),
		}, []wantFinding{{Error, []string{"auth", "config"}, []string{"auth", "config", "auth"},
			"auth and config need each other with impact outage: after a full outage none of them can cold-start first"}}},

		{"a soft or redundant back edge is no cycle", circularDependency, []*model.Service{
			svc("auth", model.RoleAuth, model.Critical, hard("config")),
			svc("config", model.RoleControlPlane, model.High, soft("auth")),
			svc("x", model.RoleService, model.Medium, alt("y", "g", true), alt("z", "g", true)),
			svc("y", model.RoleService, model.Medium, hard("x")),
			svc("z", model.RoleService, model.Medium),
		}, nil},

		{"untested alternative and untested buffers", untestedFailsafe, []*model.Service{
			svc("status", model.RoleStatus, model.Critical, alt("console", "publish", true), alt("backup", "publish", false)),
			svc("console", model.RoleTooling, model.Medium, hard("auth")),
			svc("backup", model.RoleTooling, model.Medium),
			svc("auth", model.RoleAuth, model.Critical,
				graphtest.Buffered(graphtest.Dep("stream", model.ImpactNone, 0), 106*time.Minute, model.OnFullBlock)),
			svc("stream", model.RoleService, model.Critical),
			svc("app", model.RoleService, model.Medium,
				graphtest.Buffered(graphtest.Dep("stream", model.ImpactDegraded, 0), time.Hour, model.OnFullDrop)),
		}, []wantFinding{
			{Warning, []string{"auth", "stream"}, []string{"auth", "stream"}, "after 1h46m of a stream outage it is full and auth blocks: an outage"},
			{Warning, []string{"status", "backup"}, []string{"status", "backup"},
				"status relies on backup alone when console is out (as when auth or stream fails), and backup has never been exercised"},
			{Info, []string{"app", "stream"}, []string{"app", "stream"}, "it drops what overflows and app stays degraded"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFindings(t, runRule(t, tt.rule, graphtest.Build(tt.svcs...)), tt.want)
		})
	}
}

// The per-service summary of the JSON contract: blast radius counts others,
// single points of failure list every cause, not only the nearest.
func TestSummaries(t *testing.T) {
	m := graphtest.Build(
		svc("api", model.RoleService, model.Critical, hard("queue"), soft("cache")),
		svc("queue", model.RoleService, model.Medium, hard("db")),
		svc("cache", model.RoleService, model.Medium, hard("db")),
		svc("db", model.RoleStorage, model.Critical),
	)
	res, err := Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ServiceSummary{}
	for _, s := range res.Services {
		got[s.ID] = s
	}
	if s := got["db"]; s.BlastRadius != (BlastRadius{Outage: 3, Degraded: 0}) || len(s.SinglePointsOfFailure) != 0 {
		t.Errorf("db: %+v", s)
	}
	if s := got["api"]; !reflect.DeepEqual(s.SinglePointsOfFailure, []string{"db", "queue"}) || s.BlastRadius != (BlastRadius{}) {
		t.Errorf("api: %+v", s)
	}
	if s := got["cache"]; s.BlastRadius != (BlastRadius{Outage: 0, Degraded: 1}) {
		t.Errorf("cache: %+v", s)
	}
}
