package views

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// SimulationPlot is every chart of a run: `blast simulate --plot`. A
// fleet run charts its servers and error rate, a load run its offered
// load against goodput.
var SimulationPlot = Formats[*sim.Replay]{
	{"svg", func(Options) View[*sim.Replay] { return simPlot("svg") }},
	{"png", func(Options) View[*sim.Replay] { return simPlot("png") }},
}

func simPlot(format string) View[*sim.Replay] {
	return ViewFunc[*sim.Replay](func(w io.Writer, r *sim.Replay) error {
		switch {
		case r == nil:
			return fmt.Errorf("plot: no result to draw")
		case r.Load != nil:
			return plotLoad(w, format, r.Load)
		}
		return plotRun(w, format, r.Result)
	})
}

// newCanvas is a chart's canvas in format "svg" or "png".
func newCanvas(format string) (vg.CanvasWriterTo, error) {
	width, height := 11*vg.Inch, 7.5*vg.Inch
	switch format {
	case "svg":
		return vgsvg.New(width, height), nil
	case "png":
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(96))}, nil
	}
	return nil, fmt.Errorf("plot: unknown format %q (svg or png)", format)
}

var (
	colHealthy    = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	colFailed     = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colRestarting = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	colErrors     = color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}
	colEvent      = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
)

// clockTicks labels hours since t=0 as clock times (or "+Nh") every few
// hours, so a 24-hour replay reads like the incident timeline.
type clockTicks struct{ start *time.Time }

func (c clockTicks) Ticks(min, max float64) []plot.Tick {
	span := max - min
	step := 1.0
	for _, s := range []float64{1.0 / 60, 5.0 / 60, 10.0 / 60, 0.25, 0.5, 1, 2, 3, 4, 6, 12, 24, 48, 168} {
		step = s
		if span/s <= 12 {
			break
		}
	}
	// With a start time, ticks fall on whole clock hours (04:00, 06:00),
	// not on hours since a start at 02:44.
	offset := 0.0
	if c.start != nil {
		t := *c.start
		sinceMidnight := float64(t.Hour()) + float64(t.Minute())/60 + float64(t.Second())/3600
		offset = sinceMidnight - math.Floor(sinceMidnight/step)*step
	}
	var ticks []plot.Tick
	for h := math.Ceil((min+offset)/step)*step - offset; h <= max+1e-9; h += step {
		label := fmt.Sprintf("+%gh", h)
		if step < 1 {
			label = "+" + model.FormatDuration(time.Duration(math.Round(h*60))*time.Minute)
		}
		if c.start != nil {
			label = c.start.Add(time.Duration(math.Round(h * float64(time.Hour)))).Format("15:04")
		}
		ticks = append(ticks, plot.Tick{Value: h, Label: label})
	}
	return ticks
}

// intTicks labels counts without decimals.
type intTicks struct{}

func (intTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = fmt.Sprintf("%.0f", ticks[i].Value)
		}
	}
	return ticks
}

// plotRun draws the run: healthy, failed and restarting servers (top
// panel), the error rate (bottom panel), and the events as labelled
// vertical lines, on a clock from the scenario's start when it has one.
// format is "svg" or "png".
func plotRun(w io.Writer, format string, r *sim.Result) error {
	if r == nil {
		return fmt.Errorf("plot: no result to draw")
	}
	start := simStart(r)
	if len(r.Series) == 0 {
		return fmt.Errorf("plot: empty series")
	}
	canvas, err := newCanvas(format)
	if err != nil {
		return err
	}

	hours := func(d time.Duration) float64 { return d.Hours() }
	n := len(r.Series)
	healthy, failed, restarting, errs := make(plotter.XYs, n), make(plotter.XYs, n), make(plotter.XYs, n), make(plotter.XYs, n)
	maxY := 1.0
	for i, s := range r.Series {
		x := hours(s.At)
		healthy[i] = plotter.XY{X: x, Y: float64(s.Healthy)}
		failed[i] = plotter.XY{X: x, Y: float64(s.Failed)}
		restarting[i] = plotter.XY{X: x, Y: float64(s.Restarting)}
		errs[i] = plotter.XY{X: x, Y: 100 * s.ErrorRate}
		maxY = math.Max(maxY, float64(max(s.Healthy, s.Failed, s.Restarting)))
	}
	xMax := hours(r.Series[n-1].At)

	headroom := maxY * 1.6 // room for the event labels above the data
	top, bottom := timePanels(r.Scenario, start, xMax)
	top.Y.Label.Text = "servers"
	top.Y.Min, top.Y.Max = 0, headroom
	top.Y.Tick.Marker = intTicks{}
	top.Legend.YOffs = -0.85 * vg.Inch
	top.Add(plotter.NewGrid())
	bottom.Y.Label.Text = "error rate (%)"
	bottom.Y.Min, bottom.Y.Max = 0, 105
	bottom.Add(plotter.NewGrid())

	addEvents(top, r.Events, headroom, true)
	addEvents(bottom, r.Events, 105, false)

	for _, l := range []struct {
		name string
		xys  plotter.XYs
		col  color.Color
		p    *plot.Plot
	}{
		{"healthy", healthy, colHealthy, top},
		{"failed (over limit)", failed, colFailed, top},
		{"restarting / removed", restarting, colRestarting, top},
		{"error rate", errs, colErrors, bottom},
	} {
		line, err := plotter.NewLine(l.xys)
		if err != nil {
			return err
		}
		line.Color = l.col
		line.Width = vg.Points(1.6)
		l.p.Add(line)
		if l.p == top {
			top.Legend.Add(l.name, line)
		}
	}

	return drawPanels(w, canvas, top, bottom)
}

// timePanels are a chart's two panels over hours 0 to xMax on one time
// axis, in clock times from start when it is known: the top one titled
// and with its legend at the top right, the bottom one with the axis label.
func timePanels(title string, start *time.Time, xMax float64) (top, bottom *plot.Plot) {
	if start != nil {
		title += " (from " + start.Format("2006-01-02 15:04 MST") + ")"
	}
	top, bottom = plot.New(), plot.New()
	top.Title.Text = title
	top.Legend.Top = true
	top.Legend.Left = false
	top.Legend.XOffs = -vg.Points(6)
	bottom.X.Label.Text = "time"
	if start != nil {
		bottom.X.Label.Text = "clock time (" + start.Format("MST") + ")"
	}
	for _, p := range []*plot.Plot{top, bottom} {
		p.X.Min, p.X.Max = 0, xMax
		p.X.Tick.Marker = clockTicks{start}
	}
	return top, bottom
}

// drawPanels draws two charts one above the other, their time axes
// aligned, and writes the canvas.
func drawPanels(w io.Writer, canvas vg.CanvasWriterTo, top, bottom *plot.Plot) error {
	dc := draw.New(canvas)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4),
		PadRight: vg.Points(12), PadY: vg.Points(10)}
	// Align keeps the two panels' time axes on the same x positions.
	cs := plot.Align([][]*plot.Plot{{top}, {bottom}}, tiles, dc)
	top.Draw(cs[0][0])
	bottom.Draw(cs[1][0])
	_, err := canvas.WriteTo(w)
	return err
}

// addEvents draws each event as a dashed vertical line; on the top panel
// it also labels them, merging events too close to read apart.
func addEvents(p *plot.Plot, events []sim.Event, yMax float64, label bool) {
	xMax := p.X.Max
	type group struct {
		x     float64
		names []string
	}
	var groups []group
	for _, e := range events {
		x := e.At.Hours()
		if x > xMax {
			continue
		}
		line, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: yMax}})
		if err != nil {
			continue
		}
		line.Color = colEvent
		line.Width = vg.Points(0.8)
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line)
		if k := len(groups); k > 0 && x-groups[k-1].x < xMax*0.025 {
			groups[k-1].names = append(groups[k-1].names, e.Name)
			continue
		}
		groups = append(groups, group{x: x, names: []string{e.Name}})
	}
	if !label || len(groups) == 0 {
		return
	}
	// Horizontal labels, staggered over four rows so neighbours do not collide.
	var xys plotter.XYs
	var texts []string
	for i, g := range groups {
		xys = append(xys, plotter.XY{X: g.x, Y: yMax * (0.985 - 0.06*float64(i%4))})
		texts = append(texts, strings.Join(g.names, ", "))
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Color = colEvent
		labels.TextStyle[i].Font.Size = vg.Points(8.5)
		labels.TextStyle[i].XAlign = draw.XLeft
		labels.TextStyle[i].YAlign = draw.YTop
		if xys[i].X > xMax*0.8 {
			labels.TextStyle[i].XAlign = draw.XRight // keep late labels inside the panel
		}
	}
	labels.Offset = vg.Point{X: vg.Points(2)}
	p.Add(labels)
}
