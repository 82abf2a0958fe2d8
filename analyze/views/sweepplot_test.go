package views

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/model"
)

// A fleet sweep charts the time to recover against the swept value, marks
// the runs that did not recover and where the outcome tips; the legend
// sits above the panels.
func TestSweepPlotFleet(t *testing.T) {
	fresh := func() (*model.Model, *model.Scenario, error) {
		m := kinesisModel(t)
		return m, m.Scenario(kinesisScenario), nil
	}
	s, err := sim.SweepScenario(fresh, "recovery.restart_rate", []float64{200, 300, 400, 500}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := renderCharts(t, SweepPlot, s)
	for _, want := range []string{">capacity-addition-2020-11-25: time to recover against recovery.restart_rate<", ">not recovered within the run<", ">recovers from 300<", ">not recovered from 500<", ">error-minutes<"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("svg lacks %q", want)
		}
	}
	legend, axis := bytes.Index(out, []byte(">time to recover, from recovery-started<")), bytes.Index(out, []byte(">time to recover (hours)<"))
	if legend < 0 || axis < 0 || legend > axis {
		t.Errorf("legend at %d, axis label at %d: want the legend first", legend, axis)
	}
	if again := renderView(t, SweepPlot, "svg", Options{}, s); !bytes.Equal(again, out) {
		t.Error("the same sweep gives another chart")
	}
}

// A load sweep charts how long the service stays overloaded, each run as
// it ended, against the peak offered load in multiples of capacity.
func TestSweepPlotLoad(t *testing.T) {
	fresh := func() (*model.Model, *model.Scenario, error) { m, sc := stormModel(t); return m, sc, nil }
	s, err := sim.SweepScenario(fresh, "api.depends_on.orders.retry.attempts", []float64{1, 2, 3, 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := renderCharts(t, SweepPlot, s)
	for _, want := range []string{">recovers<", ">stays down (overloaded to the end)<", ">stays down from 3<", ">peak offered (x capacity)<", ">capacity<", ">api.depends_on.orders.retry.attempts<"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("svg lacks %q", want)
		}
	}
}

func TestSweepPlotNothing(t *testing.T) {
	for _, s := range []*sim.SweepResult{nil, {Path: "x"}, {Path: "x", Rows: []sim.SweepRow{{Value: 1, Err: errTest}}}} {
		if err := SweepPlot[0].New(Options{}).Render(&bytes.Buffer{}, s); err == nil {
			t.Errorf("%+v: no error", s)
		} else if s != nil && len(s.Rows) > 0 && !strings.Contains(err.Error(), "every run of the sweep failed") {
			t.Errorf("every run failed: %v", err)
		}
	}
}

func TestTippingPoints(t *testing.T) {
	ok, bad, failed := sweepOutcome{recovered: true, ok: true}, sweepOutcome{ok: true}, sweepOutcome{}
	for _, tc := range []struct {
		outcomes []sweepOutcome
		want     []sweepTip
	}{
		{[]sweepOutcome{ok, ok, ok}, nil},
		{[]sweepOutcome{ok, bad, bad}, []sweepTip{{x: 15, label: "down from 20"}}},
		{[]sweepOutcome{bad, ok, bad}, []sweepTip{{x: 15, label: "up from 20"}, {x: 25, label: "down from 30"}}},
		// A failed run is skipped: the tip falls between the runs around it.
		{[]sweepOutcome{ok, failed, bad}, []sweepTip{{x: 20, label: "down from 30"}}},
	} {
		if got := tippingPoints([]float64{10, 20, 30}, tc.outcomes, "up", "down"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%v: got %v, want %v", tc.outcomes, got, tc.want)
		}
	}
}
