package analyze

import (
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
)

// kinesisModel is the mission case before the 2020-11-25 addition: 4,300
// front-end servers, 1,000 + 7 threads per peer, the 32,768 PID_MAX_DEFAULT.
func kinesisModel(servers int) *model.Model {
	rng := func(line int) hcl.Range {
		return hcl.Range{Filename: "kinesis.hcl", Start: hcl.Pos{Line: line, Column: 3}, End: hcl.Pos{Line: line, Column: 22}}
	}
	k := &model.Service{
		ID: "kinesis-frontend", Role: model.RoleService, Criticality: model.Critical,
		Fleet: &model.Fleet{Servers: servers, Cells: 1, RestartRate: 350, ColdStart: 2 * time.Hour, RTO: 4 * time.Hour,
			DeclRange: rng(3), AttrRanges: map[string]hcl.Range{"rto": rng(8)}},
		Resources: []*model.Resource{{
			Name: "threads", Unit: "threads", Limit: 32768, Scope: model.ScopeFleet, DeclRange: rng(10),
			Law: func(n float64) (float64, error) { return 1000 + 7*(n-1), nil },
		}},
	}
	m := &model.Model{Services: []*model.Service{k}}
	m.Reindex()
	return m
}

func runScaling(t *testing.T, m *model.Model, rules ...*Analyzer) []Finding {
	t.Helper()
	res, err := runAll(m, rules...)
	if err != nil {
		t.Fatal(err)
	}
	return res.findings
}

func TestScalingRulesKinesis(t *testing.T) {
	all := []*Analyzer{scalingHotspot, limitHeadroom, recoveryExceedsRTO}
	tests := []struct {
		name   string
		m      func() *model.Model
		golden string
	}{
		{"before", func() *model.Model { return kinesisModel(4300) }, "scaling_before.json"},
		{"after", func() *model.Model { return kinesisModel(4800) }, "scaling_after.json"},
		{"cellular", func() *model.Model {
			m := kinesisModel(4300)
			k := m.Service("kinesis-frontend")
			k.Fleet.Cells, k.Fleet.RestartRate = 10, 3500
			k.Resources[0].Scope = model.ScopeCell
			return m
		}, "scaling_cellular.json"},
		{"mixed", func() *model.Model {
			m := kinesisModel(4300)
			m.Policy = &model.Policy{Headroom: 0.05}
			cw := &model.Service{ID: "cloudwatch", Criticality: model.High,
				Fleet: &model.Fleet{Servers: 1200, Cells: 1, RestartRate: 600, RTO: time.Hour},
				Resources: []*model.Resource{
					{Name: "fds", Unit: "file descriptors", Limit: 65536, Scope: model.ScopeFleet,
						Law: func(n float64) (float64, error) { return 2048 + 4*math.Ceil(math.Log2(n)), nil }},
					{Name: "conns", Unit: "connections", Limit: 20000, Scope: model.ScopeFleet,
						Law: func(n float64) (float64, error) { return 100 + 0.01*n*n, nil }},
					{Name: "mem", Unit: "MiB", Limit: 4096, Scope: model.ScopeFleet,
						Law: func(n float64) (float64, error) { return 3000, nil }},
				}}
			m.Services = append(m.Services, cw, &model.Service{ID: "api"})
			m.Reindex()
			return m
		}, "scaling_mixed.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := runScaling(t, tt.m(), all...)
			got, err := json.MarshalIndent(fs, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			modeltest.Golden(t, filepath.Join("testdata", tt.golden), got)
		})
	}
}

// TestScalingRulesFacts checks the contract's figures directly, independent
// of the golden files.
func TestScalingRulesFacts(t *testing.T) {
	type want struct {
		rule, sev, msg string
		data           map[string]any
	}
	tests := []struct {
		name    string
		servers int
		rules   []*Analyzer
		want    []want
	}{
		{"hotspot", 4300, []*Analyzer{scalingHotspot}, []want{{"scaling-hotspot", "warning",
			"kinesis-frontend: threads per server grow as N (7 per peer), so the fleet's total grows as N^2: every server added makes every other server heavier; the 32,768-thread limit is crossed at 4,540 servers",
			map[string]any{"max_servers": 4539.0, "growth": "N", "aggregate_growth": "N^2"}}}},
		{"headroom", 4300, []*Analyzer{limitHeadroom}, []want{{"limit-headroom", "warning",
			"kinesis-frontend: adding 240 servers (5.6%) crosses the 32,768-thread limit (31,093 threads per server today at 4,300 servers; the policy headroom is 25%)",
			map[string]any{"max_servers": 4539.0, "growth": "N", "use_now": 31093.0, "limit": 32768.0, "headroom_servers": 239.0}}}},
		{"over", 4800, []*Analyzer{limitHeadroom}, []want{{"limit-headroom", "error",
			"kinesis-frontend uses 34,593 threads per server at 4,800 servers, over the 32,768-thread limit: at most 4,539 servers fit",
			map[string]any{"max_servers": 4539.0, "use_now": 34593.0, "headroom_servers": -261.0}}}},
		{"comfortable", 3000, []*Analyzer{limitHeadroom}, nil},
		{"rto", 4300, []*Analyzer{recoveryExceedsRTO}, []want{{"recovery-exceeds-rto", "error",
			"kinesis-frontend: a full restart of 4,300 servers at 350/h plus a 2h cold start takes 14h17m, over the 4h RTO; meeting it needs 2,150/h",
			map[string]any{"recovery_seconds": 51429.0, "rto_seconds": 14400.0}}}},
		{"rto met", 600, []*Analyzer{recoveryExceedsRTO}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := runScaling(t, kinesisModel(tt.servers), tt.rules...)
			if len(fs) != len(tt.want) {
				t.Fatalf("%d findings, want %d: %+v", len(fs), len(tt.want), fs)
			}
			for i, w := range tt.want {
				f := fs[i]
				if f.Rule != w.rule || f.Severity.String() != w.sev || f.Message != w.msg {
					t.Errorf("got %s %s %q\nwant %s %s %q", f.Rule, f.Severity, f.Message, w.rule, w.sev, w.msg)
				}
				if len(f.Subjects) != 1 || f.Subjects[0] != "kinesis-frontend" || f.Range == nil {
					t.Errorf("subjects %v range %v", f.Subjects, f.Range)
				}
				// Compare through JSON, as the contract sees the data.
				b, _ := json.Marshal(f.Data)
				var data map[string]any
				_ = json.Unmarshal(b, &data)
				for k, v := range w.data {
					if data[k] != v {
						t.Errorf("data[%q] = %v, want %v", k, data[k], v)
					}
				}
			}
		})
	}
}

func TestScalingRulesBadLaw(t *testing.T) {
	m := kinesisModel(4300)
	m.Service("kinesis-frontend").Resources[0].Law = func(float64) (float64, error) { return 0, errors.New("boom") }
	if _, err := runAll(m, limitHeadroom); err == nil {
		t.Error("a failing law: no error")
	}
}
