package views

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

// stormModel loads testdata/storm.hcl, the load views' fixture.
func stormModel(t testing.TB) (*model.Model, *model.Scenario) {
	t.Helper()
	m, diags := model.Load("testdata/storm.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return m, m.Scenario("storm")
}

func storm(t testing.TB, sets ...string) *sim.Replay {
	t.Helper()
	m, sc := stormModel(t)
	return simulateAfter(t, m, sc, sets...)
}

func TestLoadSimulationGolden(t *testing.T) {
	r := storm(t)
	out := renderView(t, Simulation, "text", Options{}, r)
	out = append(out, "\n-- recovering, without start --\n"...)
	rec := storm(t, "api.depends_on.orders.retry.attempts=1")
	rec.Load.HasStart = false
	out = append(out, renderView(t, Simulation, "text", Options{}, rec)...)
	out = append(out, "\n-- json --\n"...)
	js := renderView(t, Simulation, "json", Options{}, r)
	out = append(out, js...)
	modeltest.Golden(t, "testdata/simulate-storm.txt", out)

	var doc struct {
		Scenario string
		Events   []struct{ Event, Clock string }
		Series   []map[string]float64
		Summary  struct{ Metastable bool }
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scenario != "storm" || len(doc.Series) != 15 || !doc.Summary.Metastable {
		t.Errorf("bad document: %s", js)
	}
	for _, s := range doc.Series {
		if _, ok := s["offered"]; !ok {
			t.Errorf("series entry without offered: %v", s)
		}
		if _, ok := s["goodput"]; !ok {
			t.Errorf("series entry without goodput: %v", s)
		}
	}
	if last := doc.Events[len(doc.Events)-1]; last.Event != sim.EvMetastable || last.Clock != "2024-11-12T14:16:00Z" {
		t.Errorf("last event %+v", last)
	}
}

// The HTML report charts a load scenario as blast simulate --plot does.
func TestLoadHTMLReport(t *testing.T) {
	m, _ := stormModel(t)
	_, page := htmlPageOf(t, m, HTMLOptions{Paths: []string{"testdata/storm.hcl"}})
	for _, want := range []string{"scenario storm", `<img src="data:image/svg`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestLoadSweepGolden(t *testing.T) {
	fresh := func() (*model.Model, *model.Scenario, error) { m, sc := stormModel(t); return m, sc, nil }
	s, err := sim.SweepScenario(fresh, "api.depends_on.orders.retry.attempts", []float64{1, 2, 3, 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := renderView(t, Sweep, "text", Options{}, s)
	out = append(out, renderView(t, Sweep, "json", Options{}, s)...)
	modeltest.Golden(t, "testdata/simulate-storm-sweep.txt", out)
	if !bytes.Contains(out, []byte("tipping point: stays down from 3")) {
		t.Errorf("no tipping point:\n%s", out)
	}
}

func TestLoadPlot(t *testing.T) {
	out := renderCharts(t, SimulationPlot, storm(t))
	for _, want := range []string{"goodput", "offered", "disturbance (10% left)", "metastable", "14:05", "overloaded 14:05:01<"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("svg lacks %q", want)
		}
	}
	// The legend is above the panels, not on the data: its entries come
	// before the axes.
	legend, axis := bytes.Index(out, []byte(">goodput (answered in time)<")), bytes.Index(out, []byte(">calls per second<"))
	if legend < 0 || axis < 0 || legend > axis {
		t.Errorf("legend at %d, axis label at %d: want the legend first", legend, axis)
	}
	// Metastable at 14:16 of a 30-minute run: the axis ends at 14:25, on
	// a tick, not with ten minutes more of flat lines.
	if !bytes.Contains(out, []byte(">14:25<")) || bytes.Contains(out, []byte(">14:30<")) {
		t.Error("the axis does not end at 14:25")
	}
	if err := SimulationPlot[0].New(Options{}).Render(&bytes.Buffer{}, &sim.Replay{Load: &sim.LoadResult{}}); err == nil {
		t.Error("empty series: no error")
	}
}
