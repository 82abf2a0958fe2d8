package views

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"github.com/blast-tool/blast/analyze/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SweepPlot is every chart of a sweep: `blast simulate --sweep --plot`.
// A fleet sweep charts the time to recover and the error-minutes against
// the swept value, a load sweep the time overloaded and the peak offered
// load; both mark where the outcome tips.
var SweepPlot = chartFormats(plotSweep)

// sweepSeries is one series of a sweep panel: a value per row (NaN where
// the row has none), drawn as a line through its points, or as points
// alone.
type sweepSeries struct {
	name   string
	col    color.Color
	ys     []float64
	points bool // points only: an outcome, not a trend
	ref    bool // a dashed reference line, no points
	glyph  draw.GlyphDrawer
}

// sweepPanel is one panel of a sweep chart: its y axis label and series.
type sweepPanel struct {
	label  string
	series []sweepSeries
}

// sweepOutcome is what a row's run came to: whether it recovered, for the
// marks of where the outcome tips. ok is false for a run that failed.
type sweepOutcome struct {
	recovered, ok bool
}

// plotSweep draws a sweep's chart: two panels over the swept values, the
// legend above them, and a dashed line with a label wherever the outcome
// changes between two neighbouring values (the tipping point).
func plotSweep(w io.Writer, format string, s *sim.SweepResult) error {
	if s == nil || len(s.Rows) == 0 {
		return fmt.Errorf("plot: no sweep to draw")
	}
	xs := make([]float64, len(s.Rows))
	ran := false
	for i, row := range s.Rows {
		xs[i] = row.Value
		ran = ran || row.Err == nil
	}
	if !ran {
		return fmt.Errorf("plot: every run of the sweep failed; nothing to draw")
	}
	var top, bottom sweepPanel
	var outcomes []sweepOutcome
	var what string
	if isLoadSweep(s) {
		what, top, bottom, outcomes = loadSweepPanels(s)
	} else {
		what, top, bottom, outcomes = fleetSweepPanels(s)
	}
	lo, hi := xs[0], xs[len(xs)-1]
	pad := (hi - lo) * 0.04
	if pad == 0 {
		pad = math.Max(math.Abs(lo)*0.1, 1)
	}
	var entries []legendEntry
	panels := make([]*plot.Plot, 2)
	for k, sp := range []sweepPanel{top, bottom} {
		p := plot.New()
		sansPlot(p)
		p.Add(plotter.NewGrid())
		p.X.Min, p.X.Max = lo-pad, hi+pad
		p.X.Tick.Marker = sepTicks{}
		p.Y.Tick.Marker = sepTicks{}
		p.Y.Label.Text = sp.label
		yMax := 0.0
		for _, se := range sp.series {
			for _, y := range se.ys {
				if !math.IsNaN(y) {
					yMax = math.Max(yMax, y)
				}
			}
		}
		p.Y.Min, p.Y.Max = 0, math.Max(yMax*1.12, 1)
		for _, se := range sp.series {
			e, err := addSweepSeries(p, xs, se)
			if err != nil {
				return err
			}
			if e != nil {
				entries = append(entries, *e)
			}
		}
		panels[k] = p
	}
	panels[0].X.Tick.Marker = unlabelled{sepTicks{}}
	panels[1].X.Label.Text = s.Path
	good, bad := "recovers", "not recovered"
	if isLoadSweep(s) {
		bad = "stays down"
	}
	tips := tippingPoints(xs, outcomes, good, bad)
	for _, p := range panels {
		for _, t := range tips {
			p.Add(vline(t.x, p.Y.Min, p.Y.Max, colEvent))
		}
	}

	canvas, err := chartCanvas(sweepSize, format)
	if err != nil {
		return err
	}
	name := s.Scenario
	if name == "" {
		name = "sweep"
	}
	dc := drawHeader(draw.New(canvas), fmt.Sprintf("%s: %s against %s", name, what, s.Path), entries)
	st := eventStyle()
	band := vg.Length(0)
	if len(tips) > 0 {
		band = st.Height("M") + vg.Points(6)
	}
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(2), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(12), PadY: vg.Points(10)}
	cs := plot.Align([][]*plot.Plot{{panels[0]}, {panels[1]}}, tiles, draw.Crop(dc, 0, 0, 0, -band))
	panels[0].Draw(cs[0][0])
	panels[1].Draw(cs[1][0])
	da := panels[0].DataCanvas(cs[0][0])
	x, _ := panels[0].Transforms(&da)
	for _, t := range tips {
		at := vg.Point{X: x(t.x) + vg.Points(2), Y: da.Max.Y + vg.Points(3)}
		if at.X+st.Width(t.label) > da.Max.X {
			at.X = x(t.x) - vg.Points(2) - st.Width(t.label)
		}
		dc.FillText(st, at, t.label)
	}
	_, err = canvas.WriteTo(w)
	return err
}

// addSweepSeries adds a series to p: a line through consecutive values
// (broken where a row has none) with its points, or points alone. It
// returns the series' legend entry, nil for a series with no value.
func addSweepSeries(p *plot.Plot, xs []float64, se sweepSeries) (*legendEntry, error) {
	var pts, seg plotter.XYs
	flush := func() error {
		if len(seg) > 1 && !se.points {
			l, err := plotter.NewLine(seg)
			if err != nil {
				return err
			}
			l.Color, l.Width = se.col, vg.Points(1.6)
			if se.ref {
				l.Width, l.Dashes = vg.Points(1.2), []vg.Length{vg.Points(6), vg.Points(4)}
			}
			p.Add(l)
		}
		seg = nil
		return nil
	}
	for i, y := range se.ys {
		if math.IsNaN(y) {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		seg = append(seg, plotter.XY{X: xs[i], Y: y})
		pts = append(pts, plotter.XY{X: xs[i], Y: y})
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(pts) == 0 {
		return nil, nil
	}
	if se.ref {
		return &legendEntry{name: se.name, line: draw.LineStyle{Color: se.col, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(6), vg.Points(4)}}}, nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	glyph := se.glyph
	if glyph == nil {
		glyph = draw.CircleGlyph{}
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: se.col, Radius: vg.Points(3.5), Shape: glyph}
	p.Add(sc)
	e := legendEntry{name: se.name, line: draw.LineStyle{Color: se.col, Width: vg.Points(1.6)}, glyph: &sc.GlyphStyle}
	if se.points {
		e.line.Width = 0
	}
	return &e, nil
}

// sweepTip is a change of outcome between two neighbouring values.
type sweepTip struct {
	x     float64
	label string
}

// tippingPoints finds where the outcome changes from one run to the next
// (runs that failed are skipped): halfway between the two values, labelled
// with the new outcome (good or bad) and the value it starts at, as the
// table's "tipping point" line says it.
func tippingPoints(xs []float64, outcomes []sweepOutcome, good, bad string) []sweepTip {
	var tips []sweepTip
	prev := -1
	for i, o := range outcomes {
		if !o.ok {
			continue
		}
		if prev >= 0 && o.recovered != outcomes[prev].recovered {
			state := bad
			if o.recovered {
				state = good
			}
			tips = append(tips, sweepTip{x: (xs[prev] + xs[i]) / 2, label: state + " from " + strconv.FormatFloat(xs[i], 'g', -1, 64)})
		}
		prev = i
	}
	return tips
}

// fleetSweepPanels are a fleet sweep's panels: the time to recover (from
// recovery-started), with a cross at the top for each run that did not
// recover, and the error-minutes, the outage's whole cost.
func fleetSweepPanels(s *sim.SweepResult) (what string, top, bottom sweepPanel, outcomes []sweepOutcome) {
	n := len(s.Rows)
	ttr, never, errMin := nanSlice(n), nanSlice(n), nanSlice(n)
	outcomes = make([]sweepOutcome, n)
	longest := 0.0
	for i, row := range s.Rows {
		if row.Err != nil {
			continue
		}
		r := row.Result
		errMin[i] = r.ErrorMinutes
		d, ok := r.TimeToRecover()
		_, started := r.EventAt(sim.EvRecoveryStarted)
		outcomes[i] = sweepOutcome{recovered: ok || !started, ok: true}
		if ok {
			ttr[i] = d.Hours()
			longest = math.Max(longest, d.Hours())
		}
	}
	for i, o := range outcomes {
		if o.ok && !o.recovered {
			never[i] = math.Max(longest*1.05, 1)
		}
	}
	top = sweepPanel{label: "time to recover (hours)", series: []sweepSeries{
		{name: "time to recover, from recovery-started", col: colBlue, ys: ttr},
		{name: "not recovered within the run", col: colRed, ys: never, points: true, glyph: draw.CrossGlyph{}},
	}}
	bottom = sweepPanel{label: "error-minutes", series: []sweepSeries{
		{name: "error-minutes (error rate x minutes)", col: colPurple, ys: errMin},
	}}
	return "time to recover", top, bottom, outcomes
}

// loadSweepPanels are a load sweep's panels: how long the service stayed
// overloaded, each run marked by whether it recovered, and the peak offered
// load in multiples of capacity (retries included).
func loadSweepPanels(s *sim.SweepResult) (what string, top, bottom sweepPanel, outcomes []sweepOutcome) {
	n := len(s.Rows)
	up, down, peak, capacity := nanSlice(n), nanSlice(n), nanSlice(n), make([]float64, n)
	outcomes = make([]sweepOutcome, n)
	for i, row := range s.Rows {
		if row.Err != nil {
			continue
		}
		r := row.Load
		_, over := r.EventAt(sim.EvOverloaded)
		_, rec := r.RecoveredAt()
		outcomes[i] = sweepOutcome{recovered: !over || rec, ok: true}
		if outcomes[i].recovered {
			up[i] = r.Overloaded.Minutes()
		} else {
			down[i] = r.Overloaded.Minutes()
		}
		if r.Capacity > 0 {
			peak[i] = r.PeakOffered / r.Capacity
		}
	}
	for i := range capacity {
		capacity[i] = 1
	}
	top = sweepPanel{label: "time overloaded (minutes)", series: []sweepSeries{
		{name: "recovers", col: colGreen, ys: up, points: true},
		{name: "stays down (overloaded to the end)", col: colRed, ys: down, points: true, glyph: draw.CrossGlyph{}},
	}}
	bottom = sweepPanel{label: "peak offered (x capacity)", series: []sweepSeries{
		{name: "peak offered load, retries included", col: colBlue, ys: peak},
		{name: "capacity", col: colGrey, ys: capacity, ref: true},
	}}
	return "time overloaded", top, bottom, outcomes
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
