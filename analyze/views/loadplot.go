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
)

var (
	colOffered  = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colGoodput  = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	colNeeded   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	colCapacity = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	colLatency  = color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}
	colWasted   = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	colShade    = color.NRGBA{R: 0xff, G: 0xa0, B: 0x20, A: 0x48}
)

// plotLoad draws a load run: calls per second offered to the service
// (retries included) against those answered in time (goodput), with the
// calls needed, those answered too late (wasted work) and the capacity
// for reference (top panel), the mean time
// to answer (bottom panel), every disturbance shaded and the events as
// labelled lines, on a clock from the scenario's start when it has one.
func plotLoad(w io.Writer, format string, r *sim.LoadResult) error {
	if len(r.Series) == 0 {
		return fmt.Errorf("plot: empty series")
	}
	canvas, err := newCanvas(format)
	if err != nil {
		return err
	}
	start := loadStart(r)
	n := len(r.Series)
	offered, goodput, needed, wasted, latency := make(plotter.XYs, n), make(plotter.XYs, n), make(plotter.XYs, n), make(plotter.XYs, n), make(plotter.XYs, n)
	capacity := make(plotter.XYs, 0, 2*n)
	maxY, maxLat := r.Capacity, 0.0
	step := r.Series[0].At.Hours()
	if n > 1 {
		step = (r.Series[1].At - r.Series[0].At).Hours()
	}
	for i, s := range r.Series {
		// A sample is the average over [At, At + step): draw it at the middle.
		x := s.At.Hours() + step/2
		offered[i] = plotter.XY{X: x, Y: s.Offered}
		goodput[i] = plotter.XY{X: x, Y: s.Goodput}
		needed[i] = plotter.XY{X: x, Y: s.Needed}
		wasted[i] = plotter.XY{X: x, Y: s.Wasted}
		latency[i] = plotter.XY{X: x, Y: s.Latency}
		// Capacity as steps: constant over each sample.
		capacity = append(capacity, plotter.XY{X: s.At.Hours(), Y: s.Capacity}, plotter.XY{X: s.At.Hours() + step, Y: s.Capacity})
		maxY = math.Max(maxY, s.Offered)
		maxLat = math.Max(maxLat, s.Latency)
	}
	xMax := r.Series[n-1].At.Hours() + step

	top, bottom := timePanels(fmt.Sprintf("%s: calls to %s", r.Scenario, r.Service), start, xMax)
	top.Y.Label.Text = "calls per second"
	headroom := maxY * 1.75 // room for the legend and the event labels above the data
	top.Y.Min, top.Y.Max = 0, headroom
	top.Y.Tick.Marker = intTicks{}
	top.Legend.YOffs = -0.05 * vg.Inch
	bottom.Y.Label.Text = "time to answer (s)"
	bottom.Y.Min, bottom.Y.Max = 0, math.Max(maxLat*1.1, 0.1)
	bottom.Y.Tick.Marker = plainTicks{}

	// Shade every disturbance on both panels, under the data.
	for _, p := range []*plot.Plot{top, bottom} {
		for _, d := range r.Disturbances {
			x0, x1 := d.At.Hours(), math.Min((d.At+d.For).Hours(), xMax)
			if x0 >= xMax {
				continue
			}
			poly, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: p.Y.Min}, {X: x1, Y: p.Y.Min}, {X: x1, Y: p.Y.Max}, {X: x0, Y: p.Y.Max}})
			if err != nil {
				return err
			}
			poly.Color = colShade
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
		p.Add(plotter.NewGrid())
	}
	if len(r.Disturbances) > 0 {
		swatch, err := plotter.NewPolygon(plotter.XYs{{X: 0, Y: 0}, {X: 0, Y: 0}, {X: 0, Y: 0}})
		if err != nil {
			return err
		}
		swatch.Color, swatch.LineStyle.Width = colShade, 0
		top.Legend.Add(fmt.Sprintf("disturbance (%s left)", disturbanceShare(r.Disturbances)), swatch)
	}
	addEvents(top, r.Events, headroom, true)
	addEvents(bottom, r.Events, bottom.Y.Max, false)

	for _, l := range []struct {
		name   string
		xys    plotter.XYs
		col    color.Color
		width  float64
		dashed bool
		p      *plot.Plot
	}{
		{"capacity", capacity, colCapacity, 1.2, true, top},
		{"needed (first tries, from callers' requests)", needed, colNeeded, 1.2, false, top},
		{"offered (retries included)", offered, colOffered, 1.8, false, top},
		{"wasted (answered after the caller gave up)", wasted, colWasted, 1.4, true, top},
		{"goodput (answered in time)", goodput, colGoodput, 1.8, false, top},
		{"time to answer", latency, colLatency, 1.6, false, bottom},
	} {
		line, err := plotter.NewLine(l.xys)
		if err != nil {
			return err
		}
		line.Color = l.col
		line.Width = vg.Points(l.width)
		if l.dashed {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		l.p.Add(line)
		if l.p == top {
			top.Legend.Add(l.name, line)
		}
	}
	return drawPanels(w, canvas, top, bottom)
}

// disturbanceShare says what the disturbances leave: "30%", or a range.
func disturbanceShare(ds []sim.Disturbance) string {
	lo, hi := 1.0, 0.0
	for _, d := range ds {
		lo, hi = math.Min(lo, d.Capacity), math.Max(hi, d.Capacity)
	}
	if lo == hi {
		return fmt.Sprintf("%.0f%%", 100*lo)
	}
	return fmt.Sprintf("%.0f-%.0f%%", 100*lo, 100*hi)
}

// plainTicks labels an axis with the shortest form of each value ("50",
// "0.25"), not a fixed number of decimals.
type plainTicks struct{}

func (plainTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 4, 64)
		}
	}
	return ticks
}
