package views

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/analyze/scaling"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ScalingPlot is every chart of a scaling law: `blast scaling --plot`.
var ScalingPlot = chartFormats(plotCurve)

// plotCurve draws per-server use against fleet size, with the limit,
// today's fleet and the crossing point marked, so a reviewer sees how close
// the fleet runs to the cliff. The law and the limit are named in a legend
// above the chart; today and the crossing are labelled where they are,
// each label placed beside its point where it crosses no line and no other
// label. format is "svg" or "png". Fonts are embedded by gonum plot
// (Liberation), so PNG text renders without system fonts, and SVG output
// is byte-identical for the same input.
func plotCurve(w io.Writer, format string, c *scaling.Curve) error {
	res, cells := c.Result, c.Cells
	xHi := c.Span
	xLo := -0.03 * xHi
	pts := make(plotter.XYs, len(c.Points))
	yLo, yMax := 0.0, res.Limit
	for i, pt := range c.Points {
		pts[i] = plotter.XY{X: pt.Fleet, Y: pt.Use}
		yLo, yMax = math.Min(yLo, pt.Use), math.Max(yMax, pt.Use)
	}
	yHi := yMax * 1.08
	if yHi <= yLo {
		yHi = yLo + 1
	}

	p := plot.New()
	sansPlot(p)
	unit := res.Unit
	title := fmt.Sprintf("%s: %s per server vs fleet size", c.Service, unit)
	p.X.Label.Text = "fleet size (servers)"
	if cells > 1 {
		p.X.Label.Text = fmt.Sprintf("fleet size (servers, %d cells; per-server use follows the largest cell)", cells)
	}
	p.Y.Label.Text = unit + " per server"
	p.X.Min, p.X.Max = xLo, xHi
	p.Y.Min, p.Y.Max = yLo, yHi
	p.X.Tick.Marker = sepTicks{}
	p.Y.Tick.Marker = sepTicks{}
	p.Add(plotter.NewGrid())

	law, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	law.LineStyle.Color, law.LineStyle.Width = colLaw, vg.Points(2)
	p.Add(law)
	total := "fleet"
	if cells > 1 {
		total = "cell"
	}
	limit, err := plotter.NewLine(plotter.XYs{{X: xLo, Y: res.Limit}, {X: xHi, Y: res.Limit}})
	if err != nil {
		return err
	}
	limit.LineStyle.Color, limit.LineStyle.Width = colLimit, vg.Points(1.5)
	limit.LineStyle.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	p.Add(limit)
	entries := []legendEntry{
		{name: fmt.Sprintf("%s per server (%s; %s total %s)", unit, res.Growth, total, res.AggregateGrowth), line: law.LineStyle},
		{name: "limit: " + words.Num(res.Limit) + " " + unit, line: limit.LineStyle},
	}

	marks := []curveMark{{
		x: float64(res.Servers), y: res.UseNow, col: colNow,
		label: fmt.Sprintf("today: %s, %s %s", words.Count(res.Servers, "server"), words.Num(res.UseNow), unit),
	}}
	if c.HasCross {
		cross := c.Cross
		lbl := fmt.Sprintf("crosses at %s (+%s, %s)", words.Count(cross, "server"), words.Int(cross-res.Servers), words.Percent(float64(cross-res.Servers)/float64(max(res.Servers, 1))))
		if res.OverLimit {
			lbl = "first crossing: " + words.Count(cross, "server")
		}
		marks = append(marks, curveMark{x: float64(cross), y: c.UseAtCross, col: colCross, label: lbl})
	}
	for _, m := range marks {
		p.Add(vline(m.x, yLo, yHi, m.col))
		sc, err := plotter.NewScatter(plotter.XYs{{X: m.x, Y: m.y}})
		if err != nil {
			return err
		}
		sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = m.col, vg.Points(4), draw.CircleGlyph{}
		p.Add(sc)
	}

	cv, err := chartCanvas(curveSize, format)
	if err != nil {
		return err
	}
	dc := drawHeader(draw.New(cv), title, entries)
	p.Draw(dc)
	da := p.DataCanvas(dc)
	x, y := p.Transforms(&da)
	var curve []vg.Point
	for _, pt := range pts {
		curve = append(curve, vg.Point{X: x(pt.X), Y: y(pt.Y)})
	}
	hard := [][]vg.Point{curve, {{X: da.Min.X, Y: y(res.Limit)}, {X: da.Max.X, Y: y(res.Limit)}}}
	var taken []vg.Rectangle
	for i, m := range marks {
		// A label may cross its own mark's dotted line, not another's.
		var soft [][]vg.Point
		for j, o := range marks {
			if j != i {
				soft = append(soft, []vg.Point{{X: x(o.x), Y: da.Min.Y}, {X: x(o.x), Y: da.Max.Y}})
			}
		}
		st := chartText(9, m.col)
		box, at := labelBox(st, m.label, vg.Point{X: x(m.x), Y: y(m.y)}, da.Rectangle, hard, soft, taken)
		taken = append(taken, box)
		da.FillText(st, at, m.label)
	}
	_, err = cv.WriteTo(w)
	return err
}

// curveMark is a labelled point of a scaling chart.
type curveMark struct {
	x, y  float64
	label string
	col   color.Color
}

// labelBox places a label beside point pt. Candidates are boxes above and
// below the point, near then further, to the right of it or to its left;
// then the same slid to the edges of area. The first candidate inside area that
// overlaps no taken box and crosses no hard obstacle (the law, the limit)
// wins, preferring one that also crosses no soft obstacle (the marks'
// dotted lines); failing that, the first inside area. It returns the box
// and the text's bottom-left corner.
func labelBox(st text.Style, label string, pt vg.Point, area vg.Rectangle, hard, soft [][]vg.Point, taken []vg.Rectangle) (vg.Rectangle, vg.Point) {
	w, h := st.Width(label), st.Height(label)
	const gap = vg.Length(8)
	var candidates []vg.Rectangle
	for _, xs := range [][]vg.Length{{pt.X + gap, pt.X - gap - w}, {area.Max.X - w, area.Min.X}} {
		for _, dy := range []vg.Length{gap, -gap - h, 3 * gap, -3*gap - h, 5 * gap, -5*gap - h} {
			for _, x := range xs {
				min := vg.Point{X: x, Y: pt.Y + dy}
				box := vg.Rectangle{Min: min, Max: vg.Point{X: min.X + w, Y: min.Y + h}}
				if box.Min.X >= area.Min.X && box.Max.X <= area.Max.X && box.Min.Y >= area.Min.Y && box.Max.Y <= area.Max.Y {
					candidates = append(candidates, box)
				}
			}
		}
	}
	clear := func(box vg.Rectangle, obstacles ...[][]vg.Point) bool {
		for _, t := range taken {
			if !(box.Max.X < t.Min.X || t.Max.X < box.Min.X || box.Max.Y < t.Min.Y || t.Max.Y < box.Min.Y) {
				return false
			}
		}
		for _, os := range obstacles {
			for _, o := range os {
				if crosses(o, box) {
					return false
				}
			}
		}
		return true
	}
	for _, obstacles := range [][][][]vg.Point{{hard, soft}, {hard}} {
		for _, box := range candidates {
			if clear(box, obstacles...) {
				return box, box.Min
			}
		}
	}
	if len(candidates) > 0 {
		return candidates[0], candidates[0].Min
	}
	return vg.Rectangle{Min: vg.Point{X: area.Min.X, Y: area.Max.Y - h}, Max: vg.Point{X: area.Min.X + w, Y: area.Max.Y}}, vg.Point{X: area.Min.X, Y: area.Max.Y - h}
}

// crosses reports whether a polyline enters box (tested every 2 points
// along each segment).
func crosses(line []vg.Point, box vg.Rectangle) bool {
	in := func(p vg.Point) bool {
		return p.X >= box.Min.X && p.X <= box.Max.X && p.Y >= box.Min.Y && p.Y <= box.Max.Y
	}
	for i, p := range line {
		if in(p) {
			return true
		}
		if i == 0 {
			continue
		}
		q := line[i-1]
		n := int(math.Hypot(float64(p.X-q.X), float64(p.Y-q.Y))/2) + 1
		for k := 1; k < n; k++ {
			f := vg.Length(float64(k) / float64(n))
			if in(vg.Point{X: q.X + (p.X-q.X)*f, Y: q.Y + (p.Y-q.Y)*f}) {
				return true
			}
		}
	}
	return false
}

// vline is a dotted vertical marker line.
func vline(x, y0, y1 float64, c color.Color) *plotter.Line {
	l, _ := plotter.NewLine(plotter.XYs{{X: x, Y: y0}, {X: x, Y: y1}})
	l.LineStyle.Color, l.LineStyle.Width = c, vg.Points(1)
	l.LineStyle.Dashes = []vg.Length{vg.Points(2), vg.Points(3)}
	return l
}

// sepTicks labels ticks with thousands separators: "4,000" reads better
// than gonum's default "4000" or "4e+03".
type sepTicks struct{}

// Ticks implements plot.Ticker.
func (sepTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return nil
	}
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = words.Num(ts[i].Value)
		}
	}
	return ts
}
