package model

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/model/modeltest"

	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/txtar"
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

// diagCase is one case of TestDiagnostics: sources and the diagnostics
// they must give, with a substring the first one's Detail must hold.
type diagCase struct {
	name   string
	srcs   []Source
	want   []diagAt
	detail string
}

// diagCases reads the cases of testdata/diagnostics.txtar (its comment
// says how they are written).
func diagCases(t *testing.T) []diagCase {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/diagnostics.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var cases []diagCase
	for _, f := range ar.Files {
		name, file, ok := strings.Cut(f.Name, "/")
		if !ok {
			t.Fatalf("%s: want CASE/FILE", f.Name)
		}
		if len(cases) == 0 || cases[len(cases)-1].name != name {
			cases = append(cases, diagCase{name: name})
		}
		c := &cases[len(cases)-1]
		if file != "want" {
			src := string(f.Data)
			if rest, ok := strings.CutPrefix(src, "{{base}}\n"); ok {
				src = base + rest
			}
			c.srcs = append(c.srcs, Source{file, []byte(src)})
			continue
		}
		for _, line := range strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n") {
			if d, ok := strings.CutPrefix(line, "detail: "); ok {
				c.detail = d
				continue
			}
			var w diagAt
			pos, summary, _ := strings.Cut(line, " ")
			parts := strings.Split(pos, ":")
			if len(parts) != 3 {
				t.Fatalf("%s: want line %q: want FILE:LINE:COL Summary", name, line)
			}
			w.File, w.Summary = parts[0], summary
			if w.Line, err = strconv.Atoi(parts[1]); err == nil {
				w.Col, err = strconv.Atoi(parts[2])
			}
			if err != nil {
				t.Fatalf("%s: want line %q: %v", name, line, err)
			}
			c.want = append(c.want, w)
		}
	}
	return cases
}

func TestDiagnostics(t *testing.T) {
	// The cases whose exact bytes a text archive does not keep: a space
	// before the line's end, invalid UTF-8, JSON without a final newline.
	tests := append([]diagCase{
		{"syntax error", []Source{{"a.hcl", []byte("service \"x\" {\n  title = \n}\n")}}, []diagAt{{"Invalid expression", "a.hcl", 2, 11}}, ""},
		{"invalid UTF-8", []Source{{"a.hcl", []byte("service \"x\" {\n  title = \"\xff\"\n}\n")}}, []diagAt{{"Invalid character encoding", "a.hcl", 2, 12}}, ""},
		{"JSON syntax error", []Source{{"a.hcl.json", []byte(`{"service": {"x": }}`)}}, []diagAt{{"Missing JSON value", "a.hcl.json", 1, 19}, {"Incorrect JSON value type", "a.hcl.json", 1, 19}}, ""},
		{"JSON unknown property", []Source{{"a.hcl.json", []byte(`{"service": {"x": {"titel": "X"}}}`)}}, []diagAt{{"Extraneous JSON object property", "a.hcl.json", 1, 20}}, ""},
	}, diagCases(t)...)
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
