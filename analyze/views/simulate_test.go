package views

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

const kinesisScenario = "capacity-addition-2020-11-25"

// replay simulates the fixture's scenario after the given --set values.
func replay(t testing.TB, sets ...string) *sim.Replay {
	t.Helper()
	m := kinesisModel(t)
	return simulateAfter(t, m, m.Scenario(kinesisScenario), sets...)
}

// simulateAfter simulates scenario sc of m after the given --set values.
func simulateAfter(t testing.TB, m *model.Model, sc *model.Scenario, sets ...string) *sim.Replay {
	t.Helper()
	for _, s := range sets {
		path, value, _ := strings.Cut(s, "=")
		if err := m.SetScenario(sc, path, value); err != nil {
			t.Fatal(err)
		}
	}
	r, err := sim.Simulate(m, sc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSimulationGolden(t *testing.T) {
	r := replay(t)
	text := renderView(t, Simulation, "text", Options{}, r)
	noStart := *r.Result
	noStart.HasStart = false
	text = append(text, "\n-- without start --\n"...)
	text = append(text, renderView(t, Simulation, "text", Options{}, &sim.Replay{Result: &noStart, Dependents: r.Dependents})...)
	modeltest.Golden(t, "testdata/simulate-kinesis.txt", text)

	out := renderView(t, Simulation, "json", Options{}, r)
	modeltest.Golden(t, "testdata/simulate-kinesis.json", out)
	var doc struct {
		Scenario string
		Events   []map[string]any
		Series   []map[string]any
		Cascade  []struct{ Service, Mechanism string }
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scenario != kinesisScenario || len(doc.Series) != 25 || len(doc.Cascade) != len(r.Dependents.Timeline) {
		t.Errorf("bad document: %s", out)
	}
	for _, e := range doc.Events {
		if _, ok := e["clock"]; !ok {
			t.Errorf("event without clock: %v", e)
		}
	}
	for _, e := range doc.Cascade {
		if e.Service == "kinesis-frontend" || e.Mechanism == "" {
			t.Errorf("cascade entry %+v: the fleet itself, or no mechanism", e)
		}
	}
	if out := renderView(t, Simulation, "json", Options{}, &sim.Replay{Result: &noStart}); bytes.Contains(out, []byte("clock")) || !bytes.Contains(out, []byte(`"cascade": []`)) {
		t.Errorf("without start or cascade: %s", out)
	}
}

// TestSimulationNoFailure: without the addition nothing fails, so there is
// no cascade, in text or JSON.
func TestSimulationNoFailure(t *testing.T) {
	r := replay(t, "add_capacity.0.servers=0")
	if r.Dependents != nil {
		t.Fatalf("dependents of a fleet that never failed: %+v", r.Dependents)
	}
	text := string(renderView(t, Simulation, "text", Options{}, r))
	if !strings.Contains(text, "no event: nothing failed") || strings.Contains(text, "Dependents") {
		t.Errorf("text:\n%s", text)
	}
	if out := renderView(t, Simulation, "json", Options{}, r); !bytes.Contains(out, []byte(`"cascade": []`)) {
		t.Errorf("json: %s", out)
	}
}

func TestSweepGolden(t *testing.T) {
	values, err := sim.SweepValues(350, 1050, 350)
	if err != nil {
		t.Fatal(err)
	}
	fresh := func() (*model.Model, *model.Scenario, error) {
		m := kinesisModel(t)
		return m, m.Scenario(kinesisScenario), nil
	}
	s, err := sim.SweepScenario(fresh, "recovery.restart_rate", values, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := renderView(t, Sweep, "text", Options{}, s)
	out = append(out, renderView(t, Sweep, "json", Options{}, s)...)
	modeltest.Golden(t, "testdata/simulate-sweep.txt", out)

	// A run that failed says why in its row.
	s.Rows = append(s.Rows, sim.SweepRow{Value: 1e6, Err: errTest})
	text := string(renderView(t, Sweep, "text", Options{}, s))
	if !strings.Contains(text, "1e+06  error: law failed at N=4801") {
		t.Errorf("text:\n%s", text)
	}
	if js := renderView(t, Sweep, "json", Options{}, s); !bytes.Contains(js, []byte(`"error": "law failed at N=4801"`)) {
		t.Errorf("json: %s", js)
	}
}

type testErr string

func (e testErr) Error() string { return string(e) }

const errTest = testErr("law failed at N=4801")

func TestSimulationPlot(t *testing.T) {
	out := renderCharts(t, SimulationPlot, replay(t))
	if !bytes.Contains(out, []byte("first-alarm")) || !bytes.Contains(out, []byte("02:44")) {
		t.Error("svg lacks the event labels or the clock")
	}
	if err := SimulationPlot[0].New(Options{}).Render(&bytes.Buffer{}, &sim.Replay{Result: &sim.Result{}}); err == nil {
		t.Error("empty series: no error")
	}
}
