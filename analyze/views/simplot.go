package views

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SimulationPlot is every chart of a run: `blast simulate --plot`. A
// fleet run charts its servers and error rate, a load run its offered
// load against goodput; both on the same time panels (timePanels,
// drawTimePanels).
var SimulationPlot = chartFormats(plotReplay)

// plotReplay draws a run's chart: a load run's (plotLoad) or a fleet run's
// (plotRun). format is "svg" or "png".
func plotReplay(w io.Writer, format string, r *sim.Replay) error {
	switch {
	case r == nil:
		return fmt.Errorf("plot: no result to draw")
	case r.Load != nil:
		return plotLoad(w, format, r.Load)
	}
	return plotRun(w, format, r.Result)
}

// clockTicks labels hours since t=0 as clock times (or "+Nh", "+25m")
// every few hours, or every few minutes on a shorter axis, so a 24-hour
// replay reads like the incident timeline and a load run like its minutes.
// With a start, the first tick and every tick on a new day carry the date.
type clockTicks struct{ start *time.Time }

func (c clockTicks) Ticks(min, max float64) []plot.Tick {
	step := clockStep(max - min)
	// With a start time, ticks fall on whole clock hours (04:00, 06:00),
	// not on hours since a start at 02:44.
	offset := 0.0
	if c.start != nil {
		t := *c.start
		sinceMidnight := float64(t.Hour()) + float64(t.Minute())/60 + float64(t.Second())/3600
		offset = sinceMidnight - math.Floor(sinceMidnight/step)*step
	}
	var ticks []plot.Tick
	lastDay := -1
	for h := math.Ceil((min+offset)/step)*step - offset; h <= max+1e-9; h += step {
		label := fmt.Sprintf("+%gh", h)
		if step < 1 {
			label = "+" + minutes(time.Duration(h*float64(time.Hour)))
		}
		if c.start != nil {
			// Rounded to the minute: a tick a float's breadth before 14:05 reads 14:05.
			t := c.start.Add(time.Duration(h * float64(time.Hour))).Round(time.Minute)
			label = t.Format("15:04")
			if day := t.YearDay() + 366*t.Year(); day != lastDay {
				label += "\n" + t.Format("Jan 2")
				lastDay = day
			}
		}
		ticks = append(ticks, plot.Tick{Value: h, Label: label})
	}
	return ticks
}

// clockStep is the clock ticks' step, in hours, over a span of hours: the
// shortest of a minute, 5, 10, 15 and 30 minutes, 1 to 12 hours, a day,
// two and a week that makes at most 12 ticks.
func clockStep(span float64) float64 {
	step := 1.0
	for _, s := range []float64{1.0 / 60, 5.0 / 60, 10.0 / 60, 0.25, 0.5, 1, 2, 3, 4, 6, 12, 24, 48, 168} {
		step = s
		if span/s <= 12 {
			break
		}
	}
	return step
}

// unlabelled keeps a ticker's ticks (and their grid lines) with blank
// labels: the upper of two aligned panels leaves the time labels to the
// lower one. (An empty label would make a minor tick, without a grid line.)
type unlabelled struct{ plot.Ticker }

func (u unlabelled) Ticks(min, max float64) []plot.Tick {
	ts := u.Ticker.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = " "
		}
	}
	return ts
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

// storyEnd is where a run's time axis ends, in hours: after the last event
// or the last change of the series, whichever is later (storyAxisEnd); the
// whole series when nothing happens. A replay that recovers at 22:08 ends
// at midnight, not after hours of flat lines.
func storyEnd(r *sim.Result, start *time.Time) float64 {
	last := time.Duration(0)
	for _, e := range r.Events {
		last = max(last, e.At)
	}
	for i := 1; i < len(r.Series); i++ {
		a, b := r.Series[i-1], r.Series[i]
		if a.Healthy != b.Healthy || a.Failed != b.Failed || a.Restarting != b.Restarting || a.ErrorRate != b.ErrorRate {
			last = max(last, b.At)
		}
	}
	return storyAxisEnd(last, r.Series[len(r.Series)-1].At, start)
}

// storyAxisEnd is where a time axis ends, in hours, when its story's last
// moment is last and its series ends at end: a sixteenth of the story or
// one clock unit after last, whichever is longer, rounded up to a whole
// unit of the clock (from start, when known) and never past end. The unit
// is an hour for a story of hours; a story of minutes ends on a tick of
// its own axis (clockStep), so a load run that tips over in 20 minutes
// ends at :30, not on the hour. With last at zero (nothing happened) it is
// end.
func storyAxisEnd(last, end time.Duration, start *time.Time) float64 {
	if last == 0 {
		return end.Hours()
	}
	step := func(span time.Duration) time.Duration {
		return time.Duration(clockStep(span.Hours()) * float64(time.Hour)).Round(time.Minute)
	}
	// roundUp rounds at up to a whole unit of the clock.
	roundUp := func(at, unit time.Duration) time.Duration {
		t := at
		if start != nil {
			t = start.Add(at).Sub(start.Truncate(24 * time.Hour))
		}
		if rem := t % unit; rem > 0 {
			at += unit - rem
		}
		return at
	}
	unit := time.Hour
	if last < time.Hour {
		unit = step(last)
	}
	at := roundUp(last+max(last/16, unit), unit)
	// The axis up to at may tick at a longer step than the story did.
	for unit < time.Hour && step(at) > unit {
		unit = step(at)
		at = roundUp(at, unit)
	}
	return min(at, end).Hours()
}

// plotRun draws the run: healthy, failed and restarting servers (top
// panel), the error rate (bottom panel), and the events as dashed vertical
// lines labelled in a band above the panels, on a clock from the
// scenario's start when it has one. format is "svg" or "png".
func plotRun(w io.Writer, format string, r *sim.Result) error {
	if r == nil {
		return fmt.Errorf("plot: no result to draw")
	}
	start := simStart(r)
	if len(r.Series) == 0 {
		return fmt.Errorf("plot: empty series")
	}
	canvas, err := chartCanvas(simSize, format)
	if err != nil {
		return err
	}

	xMax := storyEnd(r, start)
	var healthy, failed, restarting, errs plotter.XYs
	maxY := 1.0
	for _, s := range r.Series {
		x := s.At.Hours()
		if x > xMax {
			break
		}
		healthy = append(healthy, plotter.XY{X: x, Y: float64(s.Healthy)})
		failed = append(failed, plotter.XY{X: x, Y: float64(s.Failed)})
		restarting = append(restarting, plotter.XY{X: x, Y: float64(s.Restarting)})
		errs = append(errs, plotter.XY{X: x, Y: 100 * s.ErrorRate})
		maxY = math.Max(maxY, float64(max(s.Healthy, s.Failed, s.Restarting)))
	}

	top, bottom := timePanels(start, xMax)
	top.Y.Label.Text = "servers"
	yTop := maxY * 1.08
	top.Y.Min, top.Y.Max = 0, yTop
	top.Y.Tick.Marker = intTicks{}
	bottom.Y.Label.Text = "error rate (%)"
	bottom.Y.Min, bottom.Y.Max = 0, 105

	eventLines(top, r.Events, yTop)
	eventLines(bottom, r.Events, 105)

	var entries []legendEntry
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
		entries = append(entries, legendEntry{name: l.name, line: line.LineStyle})
	}
	return drawTimePanels(w, canvas, timedTitle(r.Scenario, start), entries, top, bottom, r.Events, start, xMax)
}

// timedTitle is a chart's title with the clock time of its t=0, when known.
func timedTitle(title string, start *time.Time) string {
	if start != nil {
		title += " (from " + start.Format("2006-01-02 15:04 MST") + ")"
	}
	return title
}

// timePanels are a simulation chart's two panels over hours 0 to xMax on
// one time axis, in clock times from start when it is known, with grids:
// the lower one carries the time labels and the axis label, the upper one
// the same ticks unlabelled. The caller sets their y axes and adds the data.
func timePanels(start *time.Time, xMax float64) (top, bottom *plot.Plot) {
	top, bottom = plot.New(), plot.New()
	for _, p := range []*plot.Plot{top, bottom} {
		sansPlot(p)
		p.X.Min, p.X.Max = 0, xMax
		p.X.Tick.Marker = clockTicks{start}
		p.Add(plotter.NewGrid())
	}
	top.X.Tick.Marker = unlabelled{top.X.Tick.Marker}
	bottom.X.Label.Text = "time"
	if start != nil {
		bottom.X.Label.Text = "clock time (" + start.Format("MST") + ")"
	}
	return top, bottom
}

// drawTimePanels draws a chart of two time panels (timePanels) over hours
// 0 to xMax on canvas and writes it to w: the header with title and
// legend, the panels one above the other with their time axes aligned, and
// the events labelled in a band between the header and the panels
// (placeEvents), each label with a leader down to its event's line.
func drawTimePanels(w io.Writer, canvas vg.CanvasWriterTo, title string, entries []legendEntry, top, bottom *plot.Plot, events []sim.Event, start *time.Time, xMax float64) error {
	// plot.Add widens an axis to its data; a line may run on past the
	// story's end, to be clipped there.
	for _, p := range []*plot.Plot{top, bottom} {
		p.X.Min, p.X.Max = 0, xMax
	}
	dc := drawHeader(draw.New(canvas), title, entries)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(2), PadBottom: vg.Points(4), PadLeft: vg.Points(4),
		PadRight: vg.Points(12), PadY: vg.Points(10)}
	panels := [][]*plot.Plot{{top}, {bottom}}
	// Align keeps the two panels' time axes on the same x positions. The
	// first pass finds them, to lay out the event labels; the second
	// leaves room for the labels above the panels.
	cs := plot.Align(panels, tiles, dc)
	da := top.DataCanvas(cs[0][0])
	labels, rows := placeEvents(events, start, func(h float64) vg.Length { return da.X(top.X.Norm(h)) }, xMax, da.Min.X, da.Max.X)
	st := eventStyle()
	lineH := st.Height("M") + vg.Points(2)
	band := vg.Length(max(rows, 1))*lineH + vg.Points(4)
	cs = plot.Align(panels, tiles, draw.Crop(dc, 0, 0, 0, -band))
	top.Draw(cs[0][0])
	bottom.Draw(cs[1][0])
	da = top.DataCanvas(cs[0][0])
	lead := draw.LineStyle{Color: colEvent, Width: vg.Points(0.6)}
	if len(labels) == 0 {
		labels = []eventLabel{{text: "no event: nothing failed", x0: da.Min.X + vg.Points(4), lead: -1}}
	}
	for _, l := range labels {
		base := da.Max.Y + vg.Points(3) + vg.Length(l.row)*lineH
		if l.lead >= 0 {
			dc.StrokeLine2(lead, l.lead, da.Max.Y, l.lead, base+lineH*0.8)
		}
		dc.FillText(st, vg.Point{X: l.x0, Y: base}, l.text)
	}
	_, err := canvas.WriteTo(w)
	return err
}

// eventWhen is an event's time in its label: a clock time ("05:08") or an
// offset ("+1h3m"), to the minute; to the second ("14:14:48", "+14m48s")
// when the axis spans less than an hour and the event falls between minutes.
func eventWhen(at time.Duration, start *time.Time, xMax float64) string {
	if start == nil {
		if xMax < 1 && at.Round(time.Second)%time.Minute != 0 {
			return "+" + seconds(at)
		}
		return "+" + minutes(at)
	}
	if t := start.Add(at).Round(time.Second); xMax < 1 && t.Second() != 0 {
		return t.Format("15:04:05")
	}
	return start.Add(at).Format("15:04")
}

func eventStyle() text.Style { return chartText(8.5, colEvent) }

// eventLines draws each event up to the panel's xMax as a dashed vertical
// line from 0 to yMax.
func eventLines(p *plot.Plot, events []sim.Event, yMax float64) {
	for _, e := range events {
		x := e.At.Hours()
		if x > p.X.Max {
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
	}
}

// eventLabel is one event label in the band above the panels: its text,
// its extent and row, and the x of its event line, where its leader drops.
type eventLabel struct {
	text         string
	x0, x1, lead vg.Length
	row          int
}

// placeEvents labels the events ("first-alarm 05:08"), merging events
// whose lines are too close to tell apart, and stacks the labels in rows
// above the panel so that none overlaps another and no leader, dropping
// from a label to its line, crosses a label below it. A label is
// left-aligned to its line, or right-aligned near the right edge. A label
// whose line another covers must sit below it; rows follow from those
// constraints in topological order (a longest-path layering, ties in time
// order), each label on the lowest row above the labels it must clear
// where its extent is free. It returns the labels and the number of rows.
func placeEvents(events []sim.Event, start *time.Time, xOf func(float64) vg.Length, xMax float64, minX, maxX vg.Length) ([]eventLabel, int) {
	st := eventStyle()
	type group struct {
		x     vg.Length
		texts []string
	}
	var groups []group
	for _, e := range events {
		h := e.At.Hours()
		if h > xMax {
			continue
		}
		t := e.Name + " " + eventWhen(e.At, start, xMax)
		x := xOf(h)
		if k := len(groups); k > 0 && x-groups[k-1].x < vg.Points(3) {
			groups[k-1].texts = append(groups[k-1].texts, t)
			continue
		}
		groups = append(groups, group{x: x, texts: []string{t}})
	}
	n := len(groups)
	out := make([]eventLabel, n)
	for k, g := range groups {
		l := eventLabel{text: strings.Join(g.texts, ", "), lead: g.x, row: -1}
		w := st.Width(l.text)
		l.x0, l.x1 = g.x+vg.Points(2), g.x+vg.Points(2)+w
		if l.x1 > maxX {
			l.x0, l.x1 = g.x-vg.Points(2)-w, g.x-vg.Points(2)
		}
		if l.x0 < minX {
			l.x0, l.x1 = minX, minX+w
		}
		out[k] = l
	}
	// below[a] lists the labels that must sit below a: those whose line a
	// covers (their leaders would cross a). They are placed first.
	below := make([][]int, n)
	pending := make([]int, n)
	for a := range out {
		for b := range out {
			if a != b && out[b].lead >= out[a].x0-1 && out[b].lead <= out[a].x1+1 {
				below[a] = append(below[a], b)
				pending[a]++
			}
		}
	}
	const gap = vg.Length(6)
	rows := 0
	for range out {
		// The earliest label with nothing left below it; in a cycle of
		// labels covering each other's lines, the earliest with least left.
		next := -1
		for k := range out {
			if out[k].row < 0 && (next < 0 || pending[k] < pending[next]) {
				next = k
			}
		}
		l := &out[next]
		l.row = 0
		for _, b := range below[next] {
			if out[b].row >= 0 {
				l.row = max(l.row, out[b].row+1)
			}
		}
		for ; ; l.row++ {
			free := true
			for k, p := range out {
				if k != next && p.row == l.row && l.x0 < p.x1+gap && p.x0 < l.x1+gap {
					free = false
				}
			}
			if free {
				break
			}
		}
		rows = max(rows, l.row+1)
		for a := range out {
			if slices.Contains(below[a], next) {
				pending[a]--
			}
		}
	}
	return out, rows
}
