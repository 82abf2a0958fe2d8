package views

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze/sim"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// flat is a series of n steps of a minute at which nothing changes.
func flat(n int) []sim.Sample {
	s := make([]sim.Sample, n)
	for i := range s {
		s[i] = sim.Sample{At: time.Duration(i) * time.Minute, Healthy: 100}
	}
	return s
}

// The time axis ends where the story ends: shortly after the last event or
// change, on a whole clock hour, never past the series.
func TestStoryEnd(t *testing.T) {
	kinesis := replay(t).Result
	start := simStart(kinesis)
	recovered, ok := kinesis.EventAt(sim.EvRecovered)
	if !ok {
		t.Fatal("the replay does not recover")
	}
	end := storyEnd(kinesis, start)
	if h := time.Duration(end * float64(time.Hour)); h < recovered+time.Hour || h > recovered+3*time.Hour {
		t.Errorf("replay: axis ends %v after the start, want an hour or two after recovered (%v)", h, recovered)
	}
	if clock := start.Add(time.Duration(end * float64(time.Hour))); clock.Minute() != 0 {
		t.Errorf("replay: axis ends at %s, want a whole hour", clock.Format("15:04"))
	}

	quiet := &sim.Result{Series: flat(24 * 60)}
	if got := storyEnd(quiet, nil); got != quiet.Series[len(quiet.Series)-1].At.Hours() {
		t.Errorf("nothing happens: axis ends at %gh, want the whole series", got)
	}
	added := &sim.Result{Series: flat(24 * 60), Events: []sim.Event{{Name: sim.EvCapacityAdded, At: 63 * time.Minute}}}
	for i := 0; i < 63; i++ {
		added.Series[i].Healthy = 100 - 63 + i
	}
	if got := storyEnd(added, nil); got < 2 || got > 3 {
		t.Errorf("capacity added at 1h3m: axis ends at %gh, want 2h to 3h", got)
	}
	short := &sim.Result{Series: flat(90), Events: []sim.Event{{Name: sim.EvCapacityAdded, At: 80 * time.Minute}}}
	if got := storyEnd(short, nil); got != 89.0/60 {
		t.Errorf("axis ends at %gh, past the series (%gh)", got, 89.0/60)
	}
}

// A story of minutes ends on a tick of its own axis, after its last
// moment; nothing happening draws the whole series.
func TestStoryAxisEnd(t *testing.T) {
	at := func(m, s int) time.Duration { return time.Duration(m)*time.Minute + time.Duration(s)*time.Second }
	fourteen := time.Date(2024, 11, 12, 14, 0, 0, 0, time.UTC)
	twoPast := fourteen.Add(2 * time.Minute)
	tests := []struct {
		name      string
		last, end time.Duration
		start     *time.Time
		want      time.Duration
	}{
		{"metastable at 14:21", at(21, 0), time.Hour, &fourteen, at(30, 0)},
		{"recovered at 14:14:48", at(14, 48), time.Hour, &fourteen, at(20, 0)},
		// Rounded to a minute, 14:13 would sit between the 5-minute ticks.
		{"recovered at 14:11:10", at(11, 10), time.Hour, &fourteen, at(15, 0)},
		{"on the clock, not the offset", at(21, 0), time.Hour, &twoPast, at(28, 0)},
		{"no later than the series", at(21, 0), at(24, 0), &fourteen, at(24, 0)},
		{"nothing happened", 0, time.Hour, nil, time.Hour},
		{"a story of hours ends on the hour", at(63, 0), 24 * time.Hour, nil, 3 * time.Hour},
	}
	for _, tt := range tests {
		got := time.Duration(storyAxisEnd(tt.last, tt.end, tt.start) * float64(time.Hour)).Round(time.Second)
		if got != tt.want {
			t.Errorf("%s: axis ends at %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A chart of minutes ticks in minutes: "+1h10m" offsets, not "+1.17h", or
// clock times.
func TestClockTicksMinutes(t *testing.T) {
	labels := func(c clockTicks, max float64) string {
		var out []string
		for _, tk := range c.Ticks(0, max) {
			out = append(out, strings.ReplaceAll(tk.Label, "\n", " "))
		}
		return strings.Join(out, ", ")
	}
	start := time.Date(2024, 11, 12, 14, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		c    clockTicks
		max  float64
		want string
	}{
		{clockTicks{}, 0.5, "+0s, +5m, +10m, +15m, +20m, +25m, +30m"},
		{clockTicks{&start}, 0.25, "14:00 Nov 12, 14:05, 14:10, 14:15"},
		{clockTicks{&start}, 0.15, "14:00 Nov 12, 14:01, 14:02, 14:03, 14:04, 14:05, 14:06, 14:07, 14:08, 14:09"},
		{clockTicks{}, 2, "+0s, +10m, +20m, +30m, +40m, +50m, +1h, +1h10m, +1h20m, +1h30m, +1h40m, +1h50m, +2h"},
	} {
		if got := labels(tt.c, tt.max); got != tt.want {
			t.Errorf("ticks to %gh: %s, want %s", tt.max, got, tt.want)
		}
	}
}

// Event labels say the time to the minute; to the second on a chart of
// minutes, where a minute is a tick.
func TestEventWhen(t *testing.T) {
	start := time.Date(2024, 11, 12, 14, 0, 0, 0, time.UTC)
	at := 14*time.Minute + 47600*time.Millisecond
	for _, tt := range []struct {
		at    time.Duration
		start *time.Time
		xMax  float64
		want  string
	}{
		{at, &start, 0.5, "14:14:48"},
		{at, nil, 0.5, "+14m48s"},
		{at, &start, 3, "14:14"},
		{at, nil, 3, "+15m"},
		{10 * time.Minute, &start, 0.5, "14:10"},
	} {
		if got := eventWhen(tt.at, tt.start, tt.xMax); got != tt.want {
			t.Errorf("eventWhen(%v, axis %gh) = %s, want %s", tt.at, tt.xMax, got, tt.want)
		}
	}
}

// Both panels end where the story ends, whatever data runs past it: the
// lower panel's time labels hold for the upper one.
func TestDrawTimePanelsAxis(t *testing.T) {
	top, bottom := timePanels(nil, 1)
	long, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1.5, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	top.Add(long)
	canvas, err := chartCanvas(simSize, "svg")
	if err != nil {
		t.Fatal(err)
	}
	if err := drawTimePanels(io.Discard, canvas, "t", nil, top, bottom, nil, nil, 1); err != nil {
		t.Fatal(err)
	}
	if top.X.Max != 1 || bottom.X.Max != 1 {
		t.Errorf("axes end at %gh and %gh, want 1h", top.X.Max, bottom.X.Max)
	}
}

// Ticks carry the date on the first tick and wherever the day changes.
func TestClockTicksDates(t *testing.T) {
	start := time.Date(2020, 11, 25, 2, 44, 0, 0, time.FixedZone("PST", -8*3600))
	var dated []string
	for _, tk := range (clockTicks{&start}).Ticks(0, 21.3) {
		if clock, date, ok := strings.Cut(tk.Label, "\n"); ok {
			dated = append(dated, clock+" "+date)
		}
	}
	if got := strings.Join(dated, ", "); got != "04:00 Nov 25, 00:00 Nov 26" {
		t.Errorf("dated ticks: %s", got)
	}
	for _, tk := range (clockTicks{}).Ticks(0, 21.3) {
		if strings.Contains(tk.Label, "\n") || !strings.HasPrefix(tk.Label, "+") {
			t.Errorf("offset tick %q", tk.Label)
		}
	}
}

// Event labels never overlap, never sit on another label's leader, stay
// inside the panel, and events too close to tell apart share a label.
func TestPlaceEvents(t *testing.T) {
	at := func(m int) time.Duration { return time.Duration(m) * time.Minute }
	crowded := &sim.Result{Series: flat(24 * 60), Events: []sim.Event{
		{Name: "first-server-failed", At: at(55)}, {Name: "capacity-added", At: at(63)}, {Name: "fleet-failed", At: at(64)},
		{Name: "first-alarm", At: at(144)}, {Name: "recovery-started", At: at(307)}, {Name: "first-server-recovered", At: at(320)},
		{Name: "recovered", At: at(1160)}, {Name: "late", At: at(1180)},
	}}
	const minX, maxX = vg.Length(40), vg.Length(740)
	xOf := func(h float64) vg.Length { return minX + (maxX-minX)*vg.Length(h/20) }
	labels, rows := placeEvents(crowded.Events, nil, xOf, 20, minX, maxX)
	if len(labels) != 7 {
		t.Fatalf("%d labels, want 7 (capacity-added and fleet-failed share one)", len(labels))
	}
	if labels[1].text != "capacity-added +1h3m, fleet-failed +1h4m" {
		t.Errorf("merged label %q", labels[1].text)
	}
	if rows < 2 {
		t.Errorf("%d rows: crowded labels not staggered", rows)
	}
	for i, a := range labels {
		if a.x0 < minX || a.x1 > maxX {
			t.Errorf("%q spans [%.0f, %.0f], outside the panel", a.text, a.x0, a.x1)
		}
		for j, b := range labels {
			if i == j {
				continue
			}
			if a.row == b.row && a.x0 < b.x1 && b.x0 < a.x1 {
				t.Errorf("%q and %q overlap on row %d", a.text, b.text, a.row)
			}
			if a.row > b.row && a.lead >= b.x0 && a.lead <= b.x1 {
				t.Errorf("the leader of %q crosses %q", a.text, b.text)
			}
		}
	}
}

func TestSimulationPlotFrame(t *testing.T) {
	svg := renderView(t, SimulationPlot, "svg", Options{}, replay(t))
	for _, want := range []string{">healthy<", ">failed (over limit)<", ">error rate<", ">first-alarm 05:08<", ">Nov 25<", ">Nov 26<", ">00:00<"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	// The day after the replay's recovery (22:08) is not drawn.
	if bytes.Contains(svg, []byte(">02:00<")) {
		t.Error("the axis runs on after the story ends")
	}
	if out := os.Getenv("BLAST_PLOT_DIR"); out != "" {
		// For looking at the charts: BLAST_PLOT_DIR=/tmp go test -run TestSimulationPlotFrame.
		for k, sets := range [][]string{nil, {"fleet.cells=10", "resource.threads.scope=cell"}, {"resource.threads.limit=65536"}, {"add_capacity.0.servers=0"}, {"recovery.restart_rate=1050"}} {
			png := renderView(t, SimulationPlot, "png", Options{}, replay(t, sets...))
			_ = os.WriteFile(filepath.Join(out, fmt.Sprintf("simulate-%d.png", k)), png, 0o644)
		}
	}
}
