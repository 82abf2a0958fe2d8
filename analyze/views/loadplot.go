package views

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/blast-tool/blast/analyze/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// loadStoryEnd is where a load run's time axis ends, in hours: after the
// last event or the last sample whose rates still differ from where the
// run settles (storyAxisEnd). Rates are fluid averages, so "differ" means
// by more than 1% of the larger of capacity and peak offered load; the
// time to answer is left out, as it keeps growing with the queue of a
// service that stays down (the metastable event says so).
func loadStoryEnd(r *sim.LoadResult, start *time.Time, step time.Duration) float64 {
	last := time.Duration(0)
	for _, e := range r.Events {
		last = max(last, e.At)
	}
	final := r.Series[len(r.Series)-1]
	tol := 0.01 * math.Max(r.Capacity, r.PeakOffered)
	for _, s := range r.Series {
		if math.Abs(s.Offered-final.Offered) > tol || math.Abs(s.Goodput-final.Goodput) > tol || math.Abs(s.Needed-final.Needed) > tol ||
			math.Abs(s.Wasted-final.Wasted) > tol || math.Abs(s.Capacity-final.Capacity) > tol {
			last = max(last, s.At+step)
		}
	}
	return storyAxisEnd(last, final.At+step, start)
}

// plotLoad draws a load run: calls per second offered to the service
// (retries included) against those answered in time (goodput), with the
// calls needed, those answered too late (wasted work) and the capacity
// for reference (top panel), the mean time to answer (bottom panel), every
// disturbance shaded, on the fleet chart's time panels: legend in the
// header, events labelled in the band above, the axis ending with the story.
func plotLoad(w io.Writer, format string, r *sim.LoadResult) error {
	if len(r.Series) == 0 {
		return fmt.Errorf("plot: empty series")
	}
	canvas, err := chartCanvas(simSize, format)
	if err != nil {
		return err
	}
	start := loadStart(r)
	step := r.Series[0].At
	if len(r.Series) > 1 {
		step = r.Series[1].At - r.Series[0].At
	}
	xMax := loadStoryEnd(r, start, step)
	var offered, goodput, needed, wasted, latency, capacity plotter.XYs
	maxY, maxLat := r.Capacity, 0.0
	for _, s := range r.Series {
		x0 := s.At.Hours()
		if x0 >= xMax {
			break
		}
		// A sample is the average over [At, At + step): draw it at the
		// middle (the line runs on to the axis' end, where it is clipped).
		x := (s.At + step/2).Hours()
		offered = append(offered, plotter.XY{X: x, Y: s.Offered})
		goodput = append(goodput, plotter.XY{X: x, Y: s.Goodput})
		needed = append(needed, plotter.XY{X: x, Y: s.Needed})
		wasted = append(wasted, plotter.XY{X: x, Y: s.Wasted})
		latency = append(latency, plotter.XY{X: x, Y: s.Latency})
		// Capacity as steps: constant over each sample.
		capacity = append(capacity, plotter.XY{X: x0, Y: s.Capacity}, plotter.XY{X: (s.At + step).Hours(), Y: s.Capacity})
		maxY = math.Max(maxY, s.Offered)
		maxLat = math.Max(maxLat, s.Latency)
	}

	top, bottom := timePanels(start, xMax)
	top.Y.Label.Text = "calls per second"
	top.Y.Min, top.Y.Max = 0, maxY*1.08
	top.Y.Tick.Marker = intTicks{}
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
	}
	eventLines(top, r.Events, top.Y.Max)
	eventLines(bottom, r.Events, bottom.Y.Max)

	// In drawing order: goodput lies on top where the lines meet (a
	// healthy service answers what it is offered), and the calls needed,
	// short-dashed, over the calls offered, so that where there are no
	// retries to add the two show as one red and blue line. legend is each
	// line's place in the legend: the story first, then what explains it.
	lines := []struct {
		name   string
		xys    plotter.XYs
		col    color.Color
		width  float64
		dashes []vg.Length
		p      *plot.Plot
		legend int
	}{
		{"time to answer", latency, colLatency, 1.6, nil, bottom, 5},
		{"capacity", capacity, colCapacity, 1.2, []vg.Length{vg.Points(6), vg.Points(3)}, top, 4},
		{"wasted (answered after the caller gave up)", wasted, colWasted, 1.4, []vg.Length{vg.Points(6), vg.Points(3)}, top, 3},
		{"offered (retries included)", offered, colOffered, 1.8, nil, top, 1},
		{"needed (first tries, from callers' requests)", needed, colNeeded, 1.4, []vg.Length{vg.Points(3), vg.Points(3)}, top, 2},
		{"goodput (answered in time)", goodput, colGoodput, 1.8, nil, top, 0},
	}
	entries := make([]legendEntry, len(lines))
	for _, l := range lines {
		line, err := plotter.NewLine(l.xys)
		if err != nil {
			return err
		}
		line.Color = l.col
		line.Width = vg.Points(l.width)
		line.Dashes = l.dashes
		l.p.Add(line)
		entries[l.legend] = legendEntry{name: l.name, line: line.LineStyle}
	}
	if len(r.Disturbances) > 0 {
		entries = append(entries, legendEntry{name: fmt.Sprintf("disturbance (%s left)", disturbanceShare(r.Disturbances)), fill: colShade})
	}
	title := timedTitle(fmt.Sprintf("%s: calls to %s", r.Scenario, r.Service), start)
	return drawTimePanels(w, canvas, title, entries, top, bottom, r.Events, start, xMax)
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
