package views

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

// frontend is the fixture's Kinesis front end and its thread law.
func frontend(t testing.TB) (*model.Service, *model.Resource) {
	t.Helper()
	s := kinesisModel(t).Service("kinesis-frontend")
	return s, s.Resources[0]
}

func law(f func(n float64) float64) func(float64) (float64, error) {
	return func(n float64) (float64, error) { return f(n), nil }
}

// scalingModel has a row of every kind: a fleet-wide and a cell-scoped law,
// one that never crosses, two resources, a fleet without resources but with
// an RTO, one with neither (no row) and a law that fails.
func scalingModel(t testing.TB) *model.Model {
	k, _ := frontend(t)
	cell, r := frontend(t)
	cell.ID = "kinesis-cellular"
	cell.Fleet.Cells = 10
	cell.Fleet.RestartRate = 3500
	r.Scope = model.ScopeCell
	cw := &model.Service{ID: "cloudwatch", Fleet: &model.Fleet{Servers: 1200, Cells: 1, RestartRate: 600, RTO: time.Hour},
		Resources: []*model.Resource{
			{Name: "fds", Unit: "file descriptors", Limit: 65536, Scope: model.ScopeFleet,
				Law: law(func(n float64) float64 { return 2048 + 4*math.Ceil(math.Log2(n)) })},
			{Name: "conns", Unit: "connections", Limit: 20000, Scope: model.ScopeFleet,
				Law: law(func(n float64) float64 { return 100 + 16*n })},
		}}
	plain := &model.Service{ID: "lambda", Fleet: &model.Fleet{Servers: 900, Cells: 1, RTO: 30 * time.Minute}}
	silent := &model.Service{ID: "quiet", Fleet: &model.Fleet{Servers: 9, Cells: 1}}
	bad := &model.Service{ID: "broken", Fleet: &model.Fleet{Servers: 10, Cells: 1},
		Resources: []*model.Resource{{Name: "mem", Unit: "MiB", Limit: 10,
			Law: func(float64) (float64, error) { return 0, errors.New("division by zero") }}}}
	m := &model.Model{Services: []*model.Service{k, cell, cw, plain, silent, bad, {ID: "no-fleet"}}}
	m.Reindex()
	return m
}

func TestScalingGolden(t *testing.T) {
	rows := scaling.Rows(scalingModel(t), 0.25)
	if len(rows) != 6 {
		t.Errorf("%d rows, want 6", len(rows))
	}
	modeltest.Golden(t, "testdata/scaling-table.txt", renderView(t, Scaling, "text", Options{}, rows))
	modeltest.Golden(t, "testdata/scaling-table-color.txt", renderView(t, Scaling, "text", Options{Color: true}, rows))
	var buf bytes.Buffer
	if err := ScalingTable(&buf, rows, false); err != nil || buf.String() != string(renderView(t, Scaling, "text", Options{}, rows)) {
		t.Errorf("ScalingTable differs from the text view (%v)", err)
	}

	var doc struct {
		FormatVersion string           `json:"format_version"`
		Rows          []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal(renderView(t, Scaling, "json", Options{}, rows), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.FormatVersion != FormatVersion {
		t.Errorf("format_version %q, want %q", doc.FormatVersion, FormatVersion)
	}
	byRow := map[string]map[string]any{}
	for _, r := range doc.Rows {
		name, _ := r["resource"].(string)
		byRow[r["service"].(string)+"/"+name] = r
	}
	if r := byRow["kinesis-frontend/threads"]; r["max_servers"] != 4539.0 || r["growth"] != "N" || r["aggregate_growth"] != "N^2" || r["recovery_seconds"] != 51429.0 {
		t.Errorf("kinesis-frontend: %v", r)
	}
	if r := byRow["kinesis-cellular/threads"]; r["max_servers"] != 4539.0 || r["max_fleet"] != 45390.0 || r["scope"] != "cell" {
		t.Errorf("kinesis-cellular: %v", r)
	}
	if r := byRow["cloudwatch/fds"]; r["max_servers"] != nil || r["headroom_servers"] != nil {
		t.Errorf("a law that never crosses has null figures: %v", r)
	}
	if r := byRow["broken/mem"]; !strings.Contains(r["error"].(string), "division by zero") {
		t.Errorf("broken: %v", r)
	}
	if r := byRow["lambda/"]; r["recovery_seconds"] != nil || r["rto_seconds"] != 1800.0 {
		t.Errorf("lambda: %v", r)
	}
}

func curve(t testing.TB, svc *model.Service, r *model.Resource) *scaling.Curve {
	t.Helper()
	c, err := scaling.NewCurve(svc, r)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestScalingPlot(t *testing.T) {
	svc, r := frontend(t)
	c := curve(t, svc, r)
	a, b := renderView(t, ScalingPlot, "svg", Options{}, c), renderView(t, ScalingPlot, "svg", Options{}, c)
	if !bytes.Equal(a, b) {
		t.Error("two SVG renders differ")
	}
	for _, want := range []string{"kinesis-frontend: threads per server vs fleet size", "fleet size (servers)", "32,768", "4,540"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	p := renderView(t, ScalingPlot, "png", Options{}, c)
	if !bytes.HasPrefix(p, []byte("\x89PNG")) {
		t.Error("not a PNG")
	}
	if out := os.Getenv("BLAST_PLOT_DIR"); out != "" {
		// For looking at the chart: BLAST_PLOT_DIR=/tmp go test -run TestScalingPlot.
		_ = os.WriteFile(filepath.Join(out, "kinesis.png"), p, 0o644)
		svc.Fleet.Servers = 4800
		_ = os.WriteFile(filepath.Join(out, "kinesis-over.png"), renderView(t, ScalingPlot, "png", Options{}, curve(t, svc, r)), 0o644)
	}
}

func TestScalingPlotVariants(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*model.Service, *model.Resource)
		want  string
	}{
		{"cell", func(s *model.Service, r *model.Resource) { s.Fleet.Cells, r.Scope = 10, model.ScopeCell }, "10 cells; per-server use follows the largest cell"},
		{"square", func(s *model.Service, r *model.Resource) {
			r.Law = law(func(n float64) float64 { return 0.0015 * n * n })
		}, "crosses at 4,674 servers"},
		{"never", func(s *model.Service, r *model.Resource) { r.Law = law(func(n float64) float64 { return 100 }) }, "today: 4,300 servers"},
		{"over at one", func(s *model.Service, r *model.Resource) { r.Law = law(func(n float64) float64 { return 1e6 }) }, "first crossing: 1 server"},
		{"empty fleet", func(s *model.Service, r *model.Resource) { s.Fleet.Servers = 0 }, "today: 0 servers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, r := frontend(t)
			tt.setup(svc, r)
			if out := renderView(t, ScalingPlot, "svg", Options{}, curve(t, svc, r)); !bytes.Contains(out, []byte(tt.want)) {
				t.Errorf("SVG lacks %q", tt.want)
			}
		})
	}
}
