package views

import (
	"errors"
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
var ScalingPlot = Formats[*scaling.Curve]{
	{"svg", func(Options) View[*scaling.Curve] { return scalingPlot("svg") }},
	{"png", func(Options) View[*scaling.Curve] { return scalingPlot("png") }},
}

func scalingPlot(format string) View[*scaling.Curve] {
	return ViewFunc[*scaling.Curve](func(w io.Writer, c *scaling.Curve) error { return plotCurve(w, format, c) })
}

// Chart size: wide enough for the labels of two close points.
const (
	curveWidth  = 8 * vg.Inch
	curveHeight = 5 * vg.Inch
)

var (
	colLaw   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	colLimit = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colNow   = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	colCross = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
)

// plotCurve draws per-server use against fleet size, with the limit,
// today's fleet and the crossing point marked, so a reviewer sees how close
// the fleet runs to the cliff. format is "svg" or "png". Fonts are embedded
// by gonum plot (Liberation), so PNG text renders without system fonts, and
// SVG output is byte-identical for the same input.
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
	yHi := yMax * 1.12
	if yHi <= yLo {
		yHi = yLo + 1
	}

	p := plot.New()
	unit := res.Unit
	p.Title.Text = fmt.Sprintf("%s: %s per server vs fleet size", c.Service, unit)
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(8)
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
	p.Legend.Add(fmt.Sprintf("%s per server (%s; %s total %s)", unit, res.Growth, total, res.AggregateGrowth), law)

	limit, err := plotter.NewLine(plotter.XYs{{X: xLo, Y: res.Limit}, {X: xHi, Y: res.Limit}})
	if err != nil {
		return err
	}
	limit.LineStyle.Color, limit.LineStyle.Width = colLimit, vg.Points(1.5)
	limit.LineStyle.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	p.Add(limit)
	p.Legend.Add("limit: "+words.Num(res.Limit)+" "+unit, limit)

	type mark struct {
		x, y  float64
		label string
		col   color.Color
	}
	marks := []mark{{
		x: float64(res.Servers), y: res.UseNow, col: colNow,
		label: fmt.Sprintf("today: %s, %s %s", words.Count(res.Servers, "server"), words.Num(res.UseNow), unit),
	}}
	p.Legend.Add("today ("+words.Count(res.Servers, "server")+")", vline(float64(res.Servers), yLo, yHi, colNow))
	if c.HasCross {
		cross, yc := c.Cross, c.UseAtCross
		lbl := fmt.Sprintf("crosses at %s (+%s, %s)", words.Count(cross, "server"), words.Int(cross-res.Servers), words.Percent(float64(cross-res.Servers)/float64(max(res.Servers, 1))))
		if res.OverLimit {
			lbl = "first crossing: " + words.Count(cross, "server")
		}
		marks = append(marks, mark{x: float64(cross), y: yc, col: colCross, label: lbl})
		p.Legend.Add("crossing ("+words.Count(cross, "server")+")", vline(float64(cross), yLo, yHi, colCross))
	}
	for _, m := range marks {
		p.Add(vline(m.x, yLo, yHi, m.col))
	}
	// The leftmost mark is labelled to its left, the other to its right,
	// so labels of close points do not overlap.
	left := 0
	if len(marks) == 2 && marks[1].x < marks[0].x {
		left = 1
	}
	for i, m := range marks {
		sc, err := plotter.NewScatter(plotter.XYs{{X: m.x, Y: m.y}})
		if err != nil {
			return err
		}
		sc.GlyphStyle.Color, sc.GlyphStyle.Radius, sc.GlyphStyle.Shape = m.col, vg.Points(4), draw.CircleGlyph{}
		p.Add(sc)
		// The law rises left to right, so the free space is above the
		// limit on the left of a mark and below it on the right.
		at := plotter.XY{X: m.x, Y: math.Min(m.y, res.Limit)}
		off := vg.Point{X: vg.Points(8), Y: -vg.Points(12)}
		xAlign := text.XLeft
		switch {
		case m.x-xLo < 0.4*(xHi-xLo):
			// Near the left edge: label to the right, above the limit,
			// where the rising law has not arrived yet.
			at.Y = math.Max(m.y, res.Limit)
			off.Y = vg.Points(12)
		case len(marks) == 2 && i == left:
			at.Y = math.Max(m.y, res.Limit)
			off = vg.Point{X: -vg.Points(8), Y: vg.Points(12)}
			xAlign = text.XRight
		}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{at}, Labels: []string{m.label}})
		if err != nil {
			return err
		}
		st := &lb.TextStyle[0]
		st.Color, st.XAlign, st.YAlign = m.col, xAlign, draw.YCenter
		lb.Offset = off
		p.Add(lb)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)

	wt, err := p.WriterTo(curveWidth, curveHeight, format)
	if err != nil {
		return err
	}
	if wt == nil {
		return errors.New("no chart writer")
	}
	_, err = wt.WriteTo(w)
	return err
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
