package model

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/model/modeltest"

	"github.com/hashicorp/hcl/v2"
)

// diagAt is an expected diagnostic: summary and where it points.
type diagAt struct {
	Summary   string
	File      string
	Line, Col int
}

func (d diagAt) String() string { return fmt.Sprintf("%s:%d:%d %s", d.File, d.Line, d.Col, d.Summary) }

func gotDiags(diags hcl.Diagnostics) []diagAt {
	var out []diagAt
	for _, d := range diags {
		a := diagAt{Summary: d.Summary}
		if d.Subject != nil {
			a.File, a.Line, a.Col = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
		out = append(out, a)
	}
	return out
}

// base is a valid model the diagnostic cases extend.
const base = `
service "store" {
  role = "storage"
}
service "api" {
  fleet {
    servers = 10
  }
  resource "threads" {
    per_server = 10 * N
    limit      = 1000
  }
}
`

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name   string
		srcs   []Source
		want   []diagAt
		detail string // a substring the first diagnostic's Detail must hold
	}{
		{
			name: "syntax error",
			srcs: []Source{{"a.hcl", []byte("service \"x\" {\n  title = \n}\n")}},
			want: []diagAt{{"Invalid expression", "a.hcl", 2, 11}},
		},
		{
			name: "invalid UTF-8",
			srcs: []Source{{"a.hcl", []byte("service \"x\" {\n  title = \"\xff\"\n}\n")}},
			want: []diagAt{{"Invalid character encoding", "a.hcl", 2, 12}},
		},
		{
			name: "JSON syntax error",
			srcs: []Source{{"a.hcl.json", []byte(`{"service": {"x": }}`)}},
			want: []diagAt{{"Missing JSON value", "a.hcl.json", 1, 19}, {"Incorrect JSON value type", "a.hcl.json", 1, 19}},
		},
		{
			name:   "unknown top-level block",
			srcs:   []Source{{"a.hcl", []byte("servce \"x\" {}\n")}},
			want:   []diagAt{{"Unsupported block type", "a.hcl", 1, 1}},
			detail: `Did you mean "service"?`,
		},
		{
			name:   "unknown attribute",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  titel = \"X\"\n}\n")}},
			want:   []diagAt{{"Unsupported argument", "a.hcl", 2, 3}},
			detail: `Did you mean "title"?`,
		},
		{
			name:   "unknown nested block",
			srcs:   []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depend_on \"store\" {}\n}\n")}},
			want:   []diagAt{{"Unsupported block type", "a.hcl", 15, 3}},
			detail: `Did you mean "depends_on"?`,
		},
		{
			name:   "wrong type",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  tags = \"a\"\n}\n")}},
			want:   []diagAt{{"Incorrect attribute value type", "a.hcl", 2, 10}},
			detail: "a list is required",
		},
		{
			name:   "enum",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  criticality = \"urgent\"\n}\n")}},
			want:   []diagAt{{"Invalid value for criticality", "a.hcl", 2, 17}},
			detail: `Valid values: "critical", "high", "medium", "low".`,
		},
		{
			name:   "unknown dependency",
			srcs:   []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depends_on \"stor\" {}\n}\n")}},
			want:   []diagAt{{"Unknown service", "a.hcl", 15, 14}},
			detail: `Did you mean "store"?`,
		},
		{
			name: "duplicate service across files",
			srcs: []Source{
				{"a.hcl", []byte("service \"x\" {}\n")},
				{"b.hcl", []byte("\nservice \"x\" {}\n")},
			},
			want:   []diagAt{{"Duplicate service", "b.hcl", 2, 9}},
			detail: "already declared at a.hcl:1",
		},
		{
			name:   "duplicate scenario",
			srcs:   []Source{{"a.hcl", []byte(base + "scenario \"s\" {\n  service = \"api\"\n}\nscenario \"s\" {\n  service = \"api\"\n}\n")}},
			want:   []diagAt{{"Duplicate scenario", "a.hcl", 17, 10}},
			detail: "already declared at a.hcl:14",
		},
		{
			name:   "duplicate depends_on",
			srcs:   []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depends_on \"store\" {}\n  depends_on \"store\" {}\n}\n")}},
			want:   []diagAt{{"Duplicate dependency", "a.hcl", 16, 14}},
			detail: "a.hcl:15",
		},
		{
			name:   "extend an undeclared service",
			srcs:   []Source{{"a.hcl", []byte(base)}, {"b.hcl", []byte("extend \"stor\" {\n  tags = [\"x\"]\n}\n")}},
			want:   []diagAt{{"Unknown service", "b.hcl", 1, 8}},
			detail: `extend names "stor", but no service "stor" is declared in any file. Did you mean "store"?`,
		},
		{
			name:   "extend with a dependency the service has",
			srcs:   []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depends_on \"store\" {}\n}\n")}, {"b.hcl", []byte("extend \"x\" {\n  depends_on \"store\" {\n    impact = \"degraded\"\n  }\n}\n")}},
			want:   []diagAt{{"Duplicate dependency", "b.hcl", 2, 14}},
			detail: `Service "x" already depends on "store" at a.hcl:15.`,
		},
		{
			name:   "two extends with one dependency",
			srcs:   []Source{{"a.hcl", []byte(base)}, {"b.hcl", []byte("extend \"api\" {\n  depends_on \"store\" {}\n}\nextend \"api\" {\n  depends_on \"store\" {}\n}\n")}},
			want:   []diagAt{{"Duplicate dependency", "b.hcl", 5, 14}},
			detail: "already depends on \"store\" at b.hcl:2",
		},
		{
			name:   "extend with an unknown dependency",
			srcs:   []Source{{"a.hcl", []byte(base)}, {"b.hcl", []byte("extend \"api\" {\n  depends_on \"stor\" {}\n}\n")}},
			want:   []diagAt{{"Unknown service", "b.hcl", 2, 14}},
			detail: `Did you mean "store"?`,
		},
		{
			name: "extend cannot change a role",
			srcs: []Source{{"a.hcl", []byte(base)}, {"b.hcl", []byte("extend \"api\" {\n  role = \"storage\"\n}\n")}},
			want: []diagAt{{"Unsupported argument", "b.hcl", 2, 3}},
		},
		{
			name: "invalid ID",
			srcs: []Source{{"a.hcl", []byte("service \"-x\" {}\n")}},
			want: []diagAt{{"Invalid service ID", "a.hcl", 1, 9}},
		},
		{
			name:   "bad duration",
			srcs:   []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depends_on \"store\" {\n    after = \"5 minutes\"\n  }\n}\n")}},
			want:   []diagAt{{"Invalid duration", "a.hcl", 16, 13}},
			detail: `"2d"`,
		},
		{
			name: "bad size and rate",
			srcs: []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depends_on \"store\" {\n    buffer {\n      capacity  = \"2GB2\"\n      fill_rate = \"5MiB\"\n    }\n  }\n}\n")}},
			want: []diagAt{{"Invalid size", "a.hcl", 17, 19}, {"Invalid rate", "a.hcl", 18, 19}},
		},
		{
			name:   "negative count",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = -3\n  }\n}\n")}},
			want:   []diagAt{{"Negative count", "a.hcl", 3, 15}},
			detail: "-3 is negative",
		},
		{
			name:   "fractional count",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = 10\n    cells   = 2.5\n  }\n}\n")}},
			want:   []diagAt{{"Fractional count", "a.hcl", 4, 15}},
			detail: "fractional count 2.5",
		},
		{
			name: "absurd number",
			srcs: []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = 1e20\n  }\n}\n")}},
			want: []diagAt{{"Value out of range", "a.hcl", 3, 15}},
		},
		{
			name:   "cells over servers",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = 4\n    cells   = 5\n  }\n}\n")}},
			want:   []diagAt{{"Too many cells", "a.hcl", 4, 15}},
			detail: "cells (5) must not exceed servers (4)",
		},
		{
			name:   "locals cycle",
			srcs:   []Source{{"a.hcl", []byte("locals {\n  a = local.b + 1\n}\nlocals {\n  b = local.c\n  c = local.a\n}\nservice \"x\" {\n  title = \"t${local.a}\"\n}\n")}},
			want:   []diagAt{{"Cycle in local values", "a.hcl", 2, 3}},
			detail: "local.a -> local.b -> local.c -> local.a",
		},
		{
			name:   "unknown local",
			srcs:   []Source{{"a.hcl", []byte("locals {\n  limit = 10\n}\nservice \"x\" {\n  title = local.limt\n}\n")}},
			want:   []diagAt{{"Unknown local value", "a.hcl", 5, 11}},
			detail: `Did you mean "limit"?`,
		},
		{
			name:   "duplicate local",
			srcs:   []Source{{"a.hcl", []byte("locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n")}},
			want:   []diagAt{{"Duplicate local value", "a.hcl", 5, 3}},
			detail: "a.hcl:2",
		},
		{
			name:   "resource without fleet",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  resource \"fds\" {\n    per_server = 1\n    limit      = 2\n  }\n}\n")}},
			want:   []diagAt{{"Resource without fleet", "a.hcl", 2, 3}},
			detail: "Add fleet",
		},
		{
			name:   "per_server unknown variable",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = 3\n  }\n  resource \"fds\" {\n    per_server = 2 * n\n    limit      = 2\n  }\n}\n")}},
			want:   []diagAt{{"Unknown variable", "a.hcl", 6, 22}},
			detail: `Did you mean "N"?`,
		},
		{
			name:   "per_server not finite",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = 1\n  }\n  resource \"fds\" {\n    per_server = log(N - 1, 2)\n    limit      = 2\n  }\n}\n")}},
			want:   []diagAt{{"Invalid per_server expression", "a.hcl", 6, 18}},
			detail: "not a finite number",
		},
		{
			name: "per_server not a number",
			srcs: []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = 1\n  }\n  resource \"fds\" {\n    per_server = \"many\"\n    limit      = 2\n  }\n}\n")}},
			want: []diagAt{{"Invalid per_server expression", "a.hcl", 6, 18}},
		},
		{
			name:   "per_server law in quotes",
			srcs:   []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = 1\n  }\n  resource \"fds\" {\n    per_server = \"300 + 8 * (N - 1)\"\n    limit      = 2\n  }\n}\n")}},
			want:   []diagAt{{"per_server is a string", "a.hcl", 6, 18}},
			detail: "remove the quotes, as in per_server = 300 + 8 * (N - 1)",
		},
		{
			name: "N outside per_server",
			srcs: []Source{{"a.hcl", []byte("service \"x\" {\n  fleet {\n    servers = N\n  }\n}\n")}},
			want: []diagAt{{"N is not available here", "a.hcl", 3, 15}},
		},
		{
			name:   "monitors unknown",
			srcs:   []Source{{"a.hcl", []byte(base + "service \"m\" {\n  role     = \"monitoring\"\n  monitors = [\"api\", \"stre\"]\n}\n")}},
			want:   []diagAt{{"Unknown service", "a.hcl", 16, 22}},
			detail: `Did you mean "store"?`,
		},
		{
			name: "self dependency",
			srcs: []Source{{"a.hcl", []byte("service \"x\" {\n  depends_on \"x\" {}\n}\n")}},
			want: []diagAt{{"Self-dependency", "a.hcl", 2, 14}},
		},
		{
			name:   "second policy",
			srcs:   []Source{{"a.hcl", []byte("policy {}\n")}, {"b.hcl", []byte("policy {}\n")}},
			want:   []diagAt{{"Duplicate policy block", "b.hcl", 1, 1}},
			detail: "a.hcl:1",
		},
		{
			name: "ignore without reason",
			srcs: []Source{{"a.hcl", []byte("policy {\n  ignore \"shared-fate\" {\n  }\n}\n")}},
			want: []diagAt{{"Missing required argument", "a.hcl", 2, 24}},
		},
		{
			name:   "ignore unknown rule, empty reason, bad date",
			srcs:   []Source{{"a.hcl", []byte("policy {\n  ignore \"shared-fat\" {\n    reason = \" \"\n    until  = \"someday\"\n  }\n}\n")}},
			want:   []diagAt{{"Unknown rule", "a.hcl", 2, 10}, {"Empty reason", "a.hcl", 3, 14}, {"Invalid date", "a.hcl", 4, 14}},
			detail: `Did you mean "shared-fate"?`,
		},
		{
			name: "policy values",
			srcs: []Source{{"a.hcl", []byte("policy {\n  fail_on = \"never\"\n  headroom = 11\n  shared_fate_roles = 0\n}\n")}},
			want: []diagAt{{"Invalid value for fail_on", "a.hcl", 2, 13}, {"Value out of range", "a.hcl", 3, 14}, {"Value too small", "a.hcl", 4, 23}},
		},
		{
			name: "buffer needs capacity and rate",
			srcs: []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depends_on \"store\" {\n    buffer {\n      capacity = \"1GiB\"\n    }\n  }\n}\n")}},
			want: []diagAt{{"Missing required argument", "a.hcl", 16, 5}},
		},
		{
			name:   "buffer inconsistent",
			srcs:   []Source{{"a.hcl", []byte(base + "service \"x\" {\n  depends_on \"store\" {\n    buffer {\n      capacity  = 600\n      fill_rate = \"10/s\"\n      fills_in  = \"2m\"\n    }\n  }\n}\n")}},
			want:   []diagAt{{"Inconsistent buffer", "a.hcl", 19, 19}},
			detail: "capacity / fill_rate gives 1m0s",
		},
		{
			name: "scenario service without fleet",
			srcs: []Source{{"a.hcl", []byte(base + "scenario \"s\" {\n  service = \"store\"\n}\n")}},
			want: []diagAt{{"Service has no fleet", "a.hcl", 15, 13}},
		},
		{
			name:   "scenario unknown service",
			srcs:   []Source{{"a.hcl", []byte(base + "scenario \"s\" {\n  service = \"apl\"\n}\n")}},
			want:   []diagAt{{"Unknown service", "a.hcl", 15, 13}},
			detail: `Did you mean "api"?`,
		},
		{
			name: "scenario missing service",
			srcs: []Source{{"a.hcl", []byte(base + "scenario \"s\" {\n}\n")}},
			want: []diagAt{{"Missing required argument", "a.hcl", 14, 14}},
		},
		{
			name:   "scenario schema",
			srcs:   []Source{{"a.hcl", []byte(base + "scenario \"s\" {\n  service  = \"api\"\n  durattion = \"1h\"\n  seed     = 1.5\n  alarm {\n    on        = \"pager\"\n    threshold = 2\n  }\n  alarm {}\n  recovery {\n    rollback = \"maybe\"\n  }\n}\n")}},
			want:   []diagAt{{"Unsupported argument", "a.hcl", 16, 3}, {"Fractional count", "a.hcl", 17, 14}, {"Invalid value for on", "a.hcl", 19, 17}, {"Value out of range", "a.hcl", 20, 17}, {"Duplicate alarm block", "a.hcl", 22, 3}, {"Incorrect attribute value type", "a.hcl", 24, 16}},
			detail: `Did you mean "duration"?`,
		},
		{
			name: "scenario start time",
			srcs: []Source{{"a.hcl", []byte(base + "scenario \"s\" {\n  service = \"api\"\n  start   = \"25 Nov 2020\"\n}\n")}},
			want: []diagAt{{"Invalid time", "a.hcl", 16, 13}},
		},
		{
			name: "JSON unknown property",
			srcs: []Source{{"a.hcl.json", []byte(`{"service": {"x": {"titel": "X"}}}`)}},
			want: []diagAt{{"Extraneous JSON object property", "a.hcl.json", 1, 20}},
		},
		{
			name: "duplicate file",
			srcs: []Source{{"a.hcl", []byte("")}, {"a.hcl", []byte("")}},
			want: []diagAt{{"Duplicate file", "a.hcl", 1, 1}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := LoadSources(tc.srcs)
			got := gotDiags(diags)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("diagnostics:\n got %v\nwant %v\n%s", got, tc.want, diags.Error())
			}
			if tc.detail != "" && !strings.Contains(diags[0].Detail, tc.detail) {
				t.Errorf("detail %q does not contain %q", diags[0].Detail, tc.detail)
			}
			for _, d := range diags {
				if d.Subject == nil || d.Subject.Filename == "" || d.Subject.Start.Line < 1 {
					t.Errorf("diagnostic without position: %s", d.Summary)
				}
			}
		})
	}
}

func TestDiagnosticsGolden(t *testing.T) {
	m, diags := Load("testdata/bad.hcl")
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, m, nil, diags, false); err != nil {
		t.Fatal(err)
	}
	modeltest.Golden(t, "testdata/bad.golden", buf.Bytes())
}

func TestLoadValid(t *testing.T) {
	m, diags := Load("testdata/valid.hcl", "testdata/multi.hcl.json")
	if len(diags) > 0 {
		t.Fatal(diags.Error())
	}
	ids := []string{}
	for _, s := range m.Services {
		ids = append(ids, s.ID)
	}
	if got, want := strings.Join(ids, ","), "api,auth,auth-backup,db,metrics,queue,store"; got != want {
		t.Errorf("services %s, want %s", got, want)
	}
	api := m.Service("api")
	if api.Criticality != Critical || api.Role != RoleService || api.Title != "Public API" {
		t.Errorf("api = %+v", api)
	}
	if f := api.Fleet; f.Servers != 120 || f.Cells != 4 || f.ColdStart != 5*time.Minute || f.RestartRate != 600 || f.RTO != time.Hour {
		t.Errorf("fleet = %+v", f)
	}
	fds := api.Resources[0]
	if fds.Limit != 65536 || fds.Scope != ScopeCell || fds.Unit != "file descriptors" {
		t.Errorf("fds = %+v", fds)
	}
	if got, err := fds.Law(30); err != nil || got != 258 {
		t.Errorf("fds.Law(30) = %v, %v; want 258", got, err)
	}
	if fds.PerServerSrc != "200 + local.per_peer * (N - 1)" {
		t.Errorf("PerServerSrc = %q", fds.PerServerSrc)
	}
	conns := api.Resources[1]
	if got, err := conns.Law(16); err != nil || got != 50*4+4 {
		t.Errorf("conns.Law(16) = %v, %v; want 204", got, err)
	}
	if conns.Unit != "conns" || conns.Scope != ScopeFleet {
		t.Errorf("conns defaults = %+v", conns)
	}
	if _, err := conns.Law(math.NaN()); err == nil {
		t.Error("Use(NaN) should fail")
	}
	if _, err := conns.Law(0); err == nil {
		t.Error("Use(0) = log(0) should fail")
	}
	if d := api.DependsOn[0]; d.From != "api" || d.To != "store" || d.Impact != ImpactOutage || d.After != 30*time.Second || !d.Tested {
		t.Errorf("dep = %+v", d)
	}
	if b := api.DependsOn[1].Buffer; b.FillsIn != 64*time.Minute || b.OnFull != OnFullDrop || b.Tested || b.Capacity != 64<<20 {
		t.Errorf("buffer = %+v", b)
	}
	if d := api.DependsOn[2]; d.Group != "login" || d.Tested || d.Impact != ImpactDegraded {
		t.Errorf("dep = %+v", d)
	}
	if b := m.Service("auth").DependsOn[0].Buffer; b.FillsIn != 48*time.Hour || b.OnFull != OnFullBlock {
		t.Errorf("auth buffer = %+v", b)
	}
	if b := m.Service("metrics").DependsOn[0].Buffer; b.FillsIn != 100*time.Second || !b.Tested {
		t.Errorf("metrics buffer = %+v", b)
	}
	if got := m.Service("metrics").Monitors; fmt.Sprint(got) != "[api store]" {
		t.Errorf("monitors = %v", got)
	}
	if q := m.Service("queue"); q.Fleet.Cells != 3 || q.Resources[0].Scope != ScopeCell {
		t.Errorf("queue = %+v", q)
	} else if got, _ := q.Resources[0].Law(10); got != 127 {
		t.Errorf("queue threads at 10 = %v", got)
	}

	sc := m.Scenario("grow-api")
	if sc.Service != "api" || sc.Attrs["duration"].Duration != 12*time.Hour || sc.Attrs["seed"].Number != 7 {
		t.Errorf("scenario = %+v", sc)
	}
	if add := sc.Blocks["add_capacity"]; len(add) != 2 || add[0].Attrs["servers"].Number != 40 || add[1].Attrs["at"].Duration != 3*time.Hour {
		t.Errorf("add_capacity = %+v", add)
	}
	if a := sc.Blocks["alarm"][0].Attrs; a["on"].String != "resource" || a["threshold"].Number != 0.9 {
		t.Errorf("alarm = %+v", a)
	}
	if r := sc.Blocks["recovery"][0].Attrs; r["bootstrap"].String != "store" || r["restart_rate"].Number != 300 {
		t.Errorf("recovery = %+v", r)
	}
	if sc2 := m.Scenario("queue-grow"); sc2 == nil || sc2.Blocks["add_capacity"][0].Attrs["servers"].Number != 5 {
		t.Errorf("JSON scenario = %+v", sc2)
	}

	p := m.EffectivePolicy()
	if p.FailOn != "warning" || p.Headroom != 0.5 || p.SharedFateRoles != 3 || len(p.Ignores) != 1 {
		t.Errorf("policy = %+v", p)
	}
	if ig := p.Ignores[0]; ig.Rule != "untested-failsafe" || !ig.HasUntil || ig.Until.Year() != 2027 || fmt.Sprint(ig.Subjects) != "[api auth-backup]" {
		t.Errorf("ignore = %+v", ig)
	}
	if m.Locals["fd_limit"].AsBigFloat().String() != "65536" {
		t.Errorf("locals = %v", m.Locals)
	}
}

// TestLoadDeterministic checks that loading twice gives identical diagnostics.
// TestExtend: an extend block adds dependencies and tags to a service
// declared in another file, each dependency located in the extend block.
func TestExtend(t *testing.T) {
	m, diags := LoadSources([]Source{
		{"a.hcl", []byte(base + "service \"x\" {\n  tags = [\"web\"]\n  depends_on \"store\" {}\n}\n")},
		{"b.hcl", []byte("extend \"x\" {\n  tags = [\"web\", \"owner:shop\"]\n\n  depends_on \"api\" {\n    impact = \"degraded\"\n    note   = \"jaeger: 12 calls\"\n  }\n}\n\nextend \"api\" {\n  depends_on \"store\" {}\n}\n")},
	})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	x := m.Service("x")
	if got := strings.Join(x.Tags, ","); got != "web,owner:shop" {
		t.Errorf("tags = %s, want web,owner:shop", got)
	}
	if len(x.DependsOn) != 2 {
		t.Fatalf("x has %d dependencies, want 2", len(x.DependsOn))
	}
	d := x.DependsOn[1]
	if d.From != "x" || d.To != "api" || d.Impact != ImpactDegraded || d.Note != "jaeger: 12 calls" || d.LabelRange.Filename != "b.hcl" || d.LabelRange.Start.Line != 4 {
		t.Errorf("extended dependency = %+v", d)
	}
	if api := m.Service("api"); len(api.DependsOn) != 1 || api.DependsOn[0].To != "store" {
		t.Errorf("api depends on %v, want store", api.DependsOn)
	}
	src := []byte("extend \"x\" {\n  tags = [\"a\"]\n  depends_on \"y\" {\n  note = \"n\"\n  impact = \"none\"\n  }\n}\nextend \"y\" {}\n")
	out, fd := Format("b.hcl", src)
	if fd.HasErrors() {
		t.Fatal(fd)
	}
	want := "extend \"x\" {\n  tags = [\"a\"]\n  depends_on \"y\" {\n    note   = \"n\"\n    impact = \"none\"\n  }\n}\n\nextend \"y\" {}\n"
	if string(out) != want {
		t.Errorf("fmt of extend blocks:\n%s\nwant:\n%s", out, want)
	}
}

func TestLoadDeterministic(t *testing.T) {
	render := func() string {
		m, diags := Load("testdata/bad.hcl")
		var buf bytes.Buffer
		_ = WriteDiagnostics(&buf, m, nil, diags, false)
		return buf.String()
	}
	first := render()
	for i := 0; i < 5; i++ {
		if render() != first {
			t.Fatal("diagnostics differ between runs")
		}
	}
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.hcl", "service \"b\" {\n  depends_on \"a\" {}\n}\n")
	write("a.hcl.json", `{"service": {"a": {}}}`)
	write("notes.txt", "not a config")
	m, diags := Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(m.Services) != 2 || len(m.Files) != 2 {
		t.Errorf("services %d files %d", len(m.Services), len(m.Files))
	}
	_, diags = Load(filepath.Join(dir, "missing"))
	if !diags.HasErrors() {
		t.Error("missing path: want an error")
	}
	empty := t.TempDir()
	if _, diags = Load(empty); !diags.HasErrors() || diags[0].Summary != "No configuration files" {
		t.Errorf("empty dir: %v", diags)
	}
}

func TestExampleLoads(t *testing.T) {
	dir := "../examples/kinesis-2020"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("example not written yet")
	}
	m, diags := Load(dir)
	if len(diags) > 0 {
		var buf bytes.Buffer
		_ = WriteDiagnostics(&buf, m, nil, diags, false)
		t.Fatal(buf.String())
	}
	fe := m.Service("kinesis-frontend")
	if fe == nil || fe.Fleet == nil || len(fe.Resources) == 0 {
		t.Fatal("kinesis-frontend fleet or resource missing")
	}
	if _, err := fe.Resources[0].Law(float64(fe.Fleet.Servers)); err != nil {
		t.Error(err)
	}
}
