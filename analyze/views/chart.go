package views

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// What the charts share: their typeface, their palette, and a header above
// the data with the title and the legend (one row when it fits), so that no
// legend sits on a line. The charts label what they can directly (marks,
// events) and keep the legend for the lines.

// chartFont is the charts' typeface: Liberation Sans, embedded by gonum
// plot (so PNG text needs no system font and SVG output is deterministic),
// the face of the diagrams.
var chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

var colChartText = color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}

// The charts' palette, Tableau's (d3's category10) and a mid grey; each
// chart names its colours by role from these.
var (
	colBlue   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	colOrange = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	colGreen  = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	colRed    = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	colPurple = color.RGBA{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}
	colGrey   = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
)

// Each chart's colours, by role.
var (
	// scaling: the law, the limit, today's fleet, the crossing.
	colLaw, colLimit, colNow, colCross = colBlue, colRed, colGreen, colOrange
	// fleet simulation: servers by state, the error rate, events.
	colHealthy, colFailed, colRestarting, colErrors, colEvent = colGreen, colRed, colOrange, colPurple, colGrey
	// load simulation: the rates, latency, and the disturbance's shade.
	colOffered, colGoodput, colNeeded, colCapacity, colLatency, colWasted = colRed, colGreen, colBlue, colGrey, colPurple, colOrange
	colShade                                                              = color.NRGBA{R: 0xff, G: 0xa0, B: 0x20, A: 0x48}
)

// chartSize is a chart's width and height.
type chartSize struct{ width, height vg.Length }

// The charts' sizes: a scaling curve wide enough for the labels of two
// close points, a simulation's and a sweep's two panels.
var (
	curveSize = chartSize{8 * vg.Inch, 5 * vg.Inch}
	simSize   = chartSize{11 * vg.Inch, 7.5 * vg.Inch}
	sweepSize = chartSize{9 * vg.Inch, 6.5 * vg.Inch}
)

// chartCanvas is a canvas of size that writes format "svg" or "png" (96
// dpi). The SVG names its font without embedding it (that would add half a
// megabyte to every chart, and to the HTML report that inlines them): a
// browser without Liberation Sans draws the text in its default face,
// usually the narrower Times, so placed labels still clear each other.
func chartCanvas(size chartSize, format string) (vg.CanvasWriterTo, error) {
	w, h := size.width, size.height
	switch format {
	case "svg":
		return vgsvg.New(w, h), nil
	case "png":
		return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96))}, nil
	}
	return nil, fmt.Errorf("plot: unknown format %q (svg or png)", format)
}

// chartText is a text style in chartFont, left- and bottom-aligned.
func chartText(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(chartFont, size), Handler: plot.DefaultTextHandler, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

// sansPlot sets every text of p in chartFont, keeping the sizes.
func sansPlot(p *plot.Plot) {
	for _, st := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		st.Font.Typeface, st.Font.Variant = chartFont.Typeface, chartFont.Variant
	}
}

// legendEntry is one entry of a chart's legend: a line sample, or with
// fill a filled swatch (a shaded span); with glyph, the data points' mark
// on the sample (alone when the line has no width).
type legendEntry struct {
	name  string
	line  draw.LineStyle
	fill  color.Color
	glyph *draw.GlyphStyle
}

// Header text sizes and spacing.
const (
	titleSize  = vg.Length(13)
	legendSize = vg.Length(10)
	headerPad  = vg.Length(6)
)

// Legend layout: a sample, the gap to its name, the space between entries.
const legendSample, legendGap, legendSpace = vg.Length(22), vg.Length(5), vg.Length(16)

// legendRows splits the entries, in order, into rows no wider than width
// (an entry wider than width alone on its row), and returns each row's width.
func legendRows(entries []legendEntry, width vg.Length) (rows [][]legendEntry, widths []vg.Length) {
	ls := chartText(legendSize, nil)
	for _, e := range entries {
		w := legendSample + legendGap + ls.Width(e.name)
		if k := len(rows) - 1; k >= 0 && widths[k]+legendSpace+w <= width {
			rows[k] = append(rows[k], e)
			widths[k] += legendSpace + w
			continue
		}
		rows, widths = append(rows, []legendEntry{e}), append(widths, w)
	}
	return rows, widths
}

// drawHeader draws the title centred at the top of c and the legend, rows
// of samples and names (one row when it fits), each centred under it. It
// returns c without the header.
func drawHeader(c draw.Canvas, title string, entries []legendEntry) draw.Canvas {
	ts := chartText(titleSize, colChartText)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	y := c.Max.Y - headerPad
	c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y}, title)
	y -= ts.Height(title) + headerPad
	ls := chartText(legendSize, colChartText)
	ls.YAlign = draw.YTop
	h := ls.Height("M")
	rows, widths := legendRows(entries, c.Max.X-c.Min.X-2*headerPad)
	for k, row := range rows {
		x := (c.Min.X+c.Max.X)/2 - widths[k]/2
		for _, e := range row {
			if e.fill != nil {
				c.FillPolygon(e.fill, []vg.Point{{X: x, Y: y - h}, {X: x + legendSample, Y: y - h}, {X: x + legendSample, Y: y}, {X: x, Y: y}})
			} else {
				mid := y - h/2
				if e.line.Width > 0 {
					c.StrokeLine2(e.line, x, mid, x+legendSample, mid)
				}
				if e.glyph != nil {
					c.DrawGlyph(*e.glyph, vg.Point{X: x + legendSample/2, Y: mid})
				}
			}
			x += legendSample + legendGap
			c.FillText(ls, vg.Point{X: x, Y: y}, e.name)
			x += ls.Width(e.name) + legendSpace
		}
		y -= h + headerPad/2
	}
	if len(rows) > 0 {
		y -= headerPad / 2
	}
	return draw.Crop(c, 0, 0, 0, y-c.Max.Y)
}

// chartFormats are the formats of a chart, SVG and PNG, that plot draws.
func chartFormats[T any](plot func(w io.Writer, format string, result T) error) Formats[T] {
	in := func(format string) Format[T] {
		return plain(format, func(w io.Writer, result T) error { return plot(w, format, result) })
	}
	return Formats[T]{in("svg"), in("png")}
}
