package views

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// What the charts share: their typeface, and a header above the data with
// the title and a one-row legend, so that no legend sits on a line. The
// charts label what they can directly (marks, events) and keep the legend
// for the lines.

// chartFont is the charts' typeface: Liberation Sans, embedded by gonum
// plot (so PNG text needs no system font and SVG output is deterministic),
// the face of the diagrams.
var chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

var colChartText = color.RGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}

// chartCanvas is a w x h canvas that writes format "svg" or "png" (96
// dpi). The SVG names its font without embedding it (that would add half a
// megabyte to every chart, and to the HTML report that inlines them): a
// browser without Liberation Sans draws the text in its default face,
// usually the narrower Times, so placed labels still clear each other.
func chartCanvas(w, h vg.Length, format string) (vg.CanvasWriterTo, error) {
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

// legendEntry is one line of a chart's legend.
type legendEntry struct {
	name string
	line draw.LineStyle
}

// Header text sizes and spacing.
const (
	titleSize  = vg.Length(13)
	legendSize = vg.Length(10)
	headerPad  = vg.Length(6)
)

// headerHeight is the height of a chart header: a title line, and a legend
// row when there are entries.
func headerHeight(entries []legendEntry) vg.Length {
	h := headerPad + chartText(titleSize, nil).Height("M") + headerPad
	if len(entries) > 0 {
		h += chartText(legendSize, nil).Height("M") + headerPad
	}
	return h
}

// drawHeader draws the title centred at the top of c and the legend, one
// row of line samples and names, centred under it. It returns c without
// the header.
func drawHeader(c draw.Canvas, title string, entries []legendEntry) draw.Canvas {
	ts := chartText(titleSize, colChartText)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	y := c.Max.Y - headerPad
	c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y}, title)
	y -= ts.Height(title) + headerPad
	if len(entries) > 0 {
		ls := chartText(legendSize, colChartText)
		ls.YAlign = draw.YTop
		const sample, gap, space = vg.Length(22), vg.Length(5), vg.Length(16)
		width := vg.Length(0)
		for k, e := range entries {
			if k > 0 {
				width += space
			}
			width += sample + gap + ls.Width(e.name)
		}
		x := (c.Min.X+c.Max.X)/2 - width/2
		h := ls.Height("M")
		for _, e := range entries {
			mid := y - h/2
			c.StrokeLine2(e.line, x, mid, x+sample, mid)
			x += sample + gap
			c.FillText(ls, vg.Point{X: x, Y: y}, e.name)
			x += ls.Width(e.name) + space
		}
		y -= h + headerPad
	}
	return draw.Crop(c, 0, 0, 0, y-c.Max.Y)
}
