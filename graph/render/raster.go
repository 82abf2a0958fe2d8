package render

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansbolditalic"
	"codeberg.org/go-fonts/liberation/liberationsansitalic"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The PNG is drawn from Graphviz's JSON output, which carries every object's
// drawing as xdot operations (Graphviz, "The xdot format",
// https://graphviz.org/docs/outputs/canon/#xdot): filled and outlined
// ellipses, polygons, polylines, cubic B-splines and text with its baseline
// anchor. Shapes go through rasterx (anti-aliased scanline fill and stroke)
// and text through x/image/font with Liberation Sans, whose advance widths
// match the Arial metrics Graphviz uses to size labels (see fontName).

type xdotOp struct {
	Op       string       `json:"op"`
	Color    string       `json:"color"`
	Grad     string       `json:"grad"`
	Stops    []xdotStop   `json:"stops"`
	Points   [][2]float64 `json:"points"`
	Rect     [4]float64   `json:"rect"`
	Pt       [2]float64   `json:"pt"`
	Align    string       `json:"align"`
	Width    float64      `json:"width"`
	Text     string       `json:"text"`
	Size     float64      `json:"size"`
	Face     string       `json:"face"`
	Style    string       `json:"style"`
	Fontchar int          `json:"fontchar"`
}

type xdotStop struct {
	Frac  float64 `json:"frac"`
	Color string  `json:"color"`
}

type xdotObject struct {
	Draw   []xdotOp `json:"_draw_"`
	LDraw  []xdotOp `json:"_ldraw_"`
	HDraw  []xdotOp `json:"_hdraw_"`
	TDraw  []xdotOp `json:"_tdraw_"`
	HLDraw []xdotOp `json:"_hldraw_"`
	TLDraw []xdotOp `json:"_tldraw_"`
	XLDraw []xdotOp `json:"_xldraw_"`
}

type xdotGraph struct {
	xdotObject
	BB          string       `json:"bb"`
	Pad         string       `json:"pad"`
	SubgraphCnt int          `json:"_subgraph_cnt"`
	Objects     []xdotObject `json:"objects"`
	Edges       []xdotObject `json:"edges"`
}

// rasterize draws a Graphviz JSON layout as a PNG.
func rasterize(js []byte, ro rasterOptions, w io.Writer) error {
	var g xdotGraph
	if err := json.Unmarshal(js, &g); err != nil {
		return fmt.Errorf("render: reading graphviz layout: %w", err)
	}
	var llx, lly, urx, ury float64
	if _, err := fmt.Sscanf(g.BB, "%g,%g,%g,%g", &llx, &lly, &urx, &ury); err != nil {
		return fmt.Errorf("render: graphviz layout has no bounding box %q", g.BB)
	}
	pad := 18.0 // Graphviz's default pad is 4pt; our DOT asks for 0.25in
	if p, err := strconv.ParseFloat(strings.Split(g.Pad, ",")[0], 64); err == nil && p >= 0 {
		pad = p * 72
	}
	wpt, hpt := urx-llx+2*pad, ury-lly+2*pad
	scale := ro.Scale
	if scale <= 0 {
		scale = 2
	}
	maxPx := ro.MaxPixels
	if maxPx <= 0 {
		maxPx = 16384
	}
	if m := math.Max(wpt, hpt) * scale; m > float64(maxPx) {
		scale = float64(maxPx) / math.Max(wpt, hpt)
	}
	const maxArea = 48e6 // pixels: beyond this a PNG is neither readable nor quick to encode
	if a := wpt * hpt * scale * scale; a > maxArea {
		scale *= math.Sqrt(maxArea / a)
	}
	W, H := int(math.Ceil(wpt*scale)), int(math.Ceil(hpt*scale))
	if W < 1 || H < 1 {
		return fmt.Errorf("render: empty drawing")
	}
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)

	c := &canvas{
		img:   img,
		scale: scale,
		ox:    pad - llx,
		oy:    ury + pad, // y grows upwards in Graphviz
		pen:   color.RGBA{0, 0, 0, 255},
		fill:  color.RGBA{0, 0, 0, 255},
		width: 1,
	}

	// Painter's order: clusters, edge lines, nodes, then every label on top.
	nsub := max(0, min(g.SubgraphCnt, len(g.Objects))) // Objects lists clusters, then nodes
	c.runAll(g.Draw, g.LDraw)
	for _, o := range g.Objects[:nsub] {
		c.runAll(o.Draw, o.LDraw)
	}
	for _, e := range g.Edges {
		c.runAll(e.Draw, e.HDraw, e.TDraw)
	}
	for _, o := range g.Objects[nsub:] {
		c.runAll(o.Draw, o.LDraw, o.XLDraw)
	}
	for _, e := range g.Edges {
		c.runAll(e.LDraw, e.HLDraw, e.TLDraw, e.XLDraw)
	}
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if W*H > 4e6 {
		enc.CompressionLevel = png.BestSpeed
	}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("render: encoding PNG: %w", err)
	}
	return nil
}

type canvas struct {
	img    *image.RGBA
	scale  float64
	ox, oy float64
	// bx, by is the pixel origin of the shape being drawn: each shape is
	// rasterised in a buffer covering only its bounding box, since
	// rasterx's scanner otherwise sweeps the whole image for every shape.
	bx, by float64

	pen, fill color.RGBA
	width     float64 // points
	dashes    []float64
	invisible bool
	fontSize  float64
	fontFace  string
	fontchar  int
}

func (c *canvas) pt(x, y float64) fixed.Point26_6 {
	return rasterx.ToFixedP((x+c.ox)*c.scale-c.bx, (c.oy-y)*c.scale-c.by)
}

// box returns the pixel rectangle covering points (in Graphviz coordinates)
// plus room for the stroke, clipped to the image.
func (c *canvas) box(pts [][2]float64) image.Rectangle {
	minx, miny, maxx, maxy := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x, y := (p[0]+c.ox)*c.scale, (c.oy-p[1])*c.scale
		minx, maxx = math.Min(minx, x), math.Max(maxx, x)
		miny, maxy = math.Min(miny, y), math.Max(maxy, y)
	}
	m := 4*c.width*c.scale + 3
	r := image.Rect(int(math.Floor(minx-m)), int(math.Floor(miny-m)), int(math.Ceil(maxx+m)), int(math.Ceil(maxy+m)))
	return r.Intersect(c.img.Bounds())
}

// runAll runs attribute lists in order.
func (c *canvas) runAll(lists ...[]xdotOp) {
	for _, ops := range lists {
		c.run(ops)
	}
}

func (c *canvas) run(ops []xdotOp) {
	// Every attribute list starts from Graphviz's defaults.
	c.pen, c.fill = color.RGBA{0, 0, 0, 255}, color.RGBA{0, 0, 0, 255}
	c.width, c.dashes, c.invisible = 1, nil, false
	c.fontSize, c.fontFace, c.fontchar = 14, fontName, 0
	for _, op := range ops {
		switch op.Op {
		case "c":
			c.pen = parseColor(op.Color, op.Stops)
		case "C":
			c.fill = parseColor(op.Color, op.Stops)
		case "S":
			c.setStyle(op.Style)
		case "F":
			c.fontSize, c.fontFace = op.Size, op.Face
		case "t":
			c.fontchar = op.Fontchar
		case "E", "e":
			if c.invisible {
				continue
			}
			cx, cy, rx, ry := op.Rect[0], op.Rect[1], op.Rect[2], op.Rect[3]
			box := c.box([][2]float64{{cx - rx, cy - ry}, {cx + rx, cy + ry}})
			path := func(a rasterx.Adder) {
				p := c.pt(cx, cy)
				rasterx.AddEllipse(float64(p.X)/64, float64(p.Y)/64, rx*c.scale, ry*c.scale, 0, a)
			}
			if op.Op == "E" {
				c.doFill(box, path)
			}
			c.doStroke(box, path)
		case "P", "p", "L":
			if c.invisible || len(op.Points) < 2 {
				continue
			}
			if op.Op == "L" {
				c.strokeOpen(c.toPixels(op.Points))
				continue
			}
			closed := true
			path := func(a rasterx.Adder) {
				a.Start(c.pt(op.Points[0][0], op.Points[0][1]))
				for _, q := range op.Points[1:] {
					a.Line(c.pt(q[0], q[1]))
				}
				a.Stop(closed)
			}
			box := c.box(op.Points)
			if op.Op == "P" {
				c.doFill(box, path)
			}
			c.doStroke(box, path)
		case "B", "b":
			if c.invisible || len(op.Points) < 4 {
				continue
			}
			// Graphviz's JSON writer swaps the two B-spline ops relative
			// to xdot: it writes "b" for an outline (every edge) and "B"
			// for a filled spline (rounded boxes). TestPNGEdgeNotFilled
			// pins this down.
			filled := op.Op == "B"
			if !filled {
				c.strokeOpen(c.flatten(op.Points))
				continue
			}
			path := func(a rasterx.Adder) {
				p := op.Points
				a.Start(c.pt(p[0][0], p[0][1]))
				for i := 1; i+2 < len(p); i += 3 {
					a.CubeBezier(c.pt(p[i][0], p[i][1]), c.pt(p[i+1][0], p[i+1][1]), c.pt(p[i+2][0], p[i+2][1]))
				}
				a.Stop(filled)
			}
			box := c.box(op.Points)
			if filled {
				c.doFill(box, path)
			}
			c.doStroke(box, path)
		case "T":
			if !c.invisible {
				c.text(op)
			}
		}
	}
}

func (c *canvas) setStyle(s string) {
	switch {
	case s == "solid":
		c.dashes = nil
	case s == "dashed":
		c.dashes = []float64{5, 2}
	case s == "dotted":
		c.dashes = []float64{1, 3}
	case s == "invis" || s == "invisible":
		c.invisible = true
	case s == "bold":
		c.width = 2
	case strings.HasPrefix(s, "setlinewidth("):
		if v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(s, "setlinewidth("), ")"), 64); err == nil && v >= 0 {
			c.width = v
		}
	}
}

// scanner targets the part of the image under box and moves the origin there.
func (c *canvas) scanner(box image.Rectangle) rasterx.Scanner {
	sub := c.img.SubImage(box).(*image.RGBA)
	c.bx, c.by = float64(box.Min.X), float64(box.Min.Y)
	return rasterx.NewScannerGV(box.Dx(), box.Dy(), sub, sub.Bounds())
}

func (c *canvas) doFill(box image.Rectangle, path func(rasterx.Adder)) {
	if c.fill.A == 0 || box.Empty() {
		return
	}
	f := rasterx.NewFiller(box.Dx(), box.Dy(), c.scanner(box))
	f.SetColor(c.fill)
	path(f)
	f.Draw()
}

func (c *canvas) doStroke(box image.Rectangle, path func(rasterx.Adder)) {
	if c.pen.A == 0 || c.width <= 0 || box.Empty() {
		return
	}
	w := c.width * c.scale
	if w < 0.75 {
		w = 0.75 // hairlines vanish when anti-aliased
	}
	var dashes []float64
	for _, d := range c.dashes {
		dashes = append(dashes, d*c.scale*math.Max(1, c.width*0.8))
	}
	d := rasterx.NewDasher(box.Dx(), box.Dy(), c.scanner(box))
	d.SetStroke(fixed.Int26_6(w*64), fixed.Int26_6(4*64), rasterx.ButtCap, nil, rasterx.RoundGap, rasterx.Round, dashes, 0)
	d.SetColor(c.pen)
	path(d)
	d.Draw()
}

func (c *canvas) text(op xdotOp) {
	if op.Text == "" {
		return
	}
	bold := c.fontchar&1 != 0 || strings.Contains(strings.ToLower(c.fontFace), "bold")
	italic := c.fontchar&2 != 0 || strings.Contains(strings.ToLower(c.fontFace), "italic") || strings.Contains(strings.ToLower(c.fontFace), "oblique")
	face, err := fontFace(bold, italic, c.fontSize*c.scale)
	if err != nil {
		return
	}
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(c.pen), Face: face}
	adv := float64(d.MeasureString(op.Text)) / 64
	x := (op.Pt[0] + c.ox) * c.scale
	switch op.Align {
	case "c":
		x -= adv / 2
	case "r":
		x -= adv
	}
	y := (c.oy - op.Pt[1]) * c.scale
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	d.DrawString(op.Text)
}

var (
	fontMu    sync.Mutex
	fonts     [4]*sfnt.Font
	faceCache = map[[2]int]font.Face{}
)

// fontFace returns a Liberation Sans face, cached by style and size in 1/8 px.
func fontFace(bold, italic bool, px float64) (font.Face, error) {
	idx := 0
	if bold {
		idx |= 1
	}
	if italic {
		idx |= 2
	}
	key := [2]int{idx, int(math.Round(px * 8))}
	fontMu.Lock()
	defer fontMu.Unlock()
	if f, ok := faceCache[key]; ok {
		return f, nil
	}
	if fonts[idx] == nil {
		data := [4][]byte{liberationsansregular.TTF, liberationsansbold.TTF, liberationsansitalic.TTF, liberationsansbolditalic.TTF}[idx]
		f, err := opentype.Parse(data)
		if err != nil {
			return nil, err
		}
		fonts[idx] = f
	}
	face, err := opentype.NewFace(fonts[idx], &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, err
	}
	faceCache[key] = face
	return face, nil
}

// textWidth is the advance width in points of one line of text in Liberation
// Sans (the PNG's font, metrically identical to Arial, whose widths Graphviz
// uses to size labels) at size points.
func textWidth(s string, size float64, bold bool) float64 {
	face, err := fontFace(bold, false, size)
	if err != nil {
		return float64(len(s)) * size * 0.56
	}
	fontMu.Lock()
	defer fontMu.Unlock()
	return float64(font.MeasureString(face, s)) / 64
}

var namedColors = map[string]color.RGBA{
	"black":       {0, 0, 0, 255},
	"white":       {255, 255, 255, 255},
	"none":        {},
	"transparent": {},
	"red":         {255, 0, 0, 255},
	"grey":        {192, 192, 192, 255},
	"gray":        {192, 192, 192, 255},
	"blue":        {0, 0, 255, 255},
	"orange":      {255, 165, 0, 255},
}

// parseColor reads the colours Graphviz writes: "#rrggbb", "#rrggbbaa", or a
// name as given in the input (our DOT only uses hex). A gradient falls back to
// its first stop. Unknown colours draw black rather than failing the picture.
func parseColor(s string, stops []xdotStop) color.RGBA {
	if s == "" && len(stops) > 0 {
		s = stops[0].Color
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "#") && (len(s) == 7 || len(s) == 9) {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err == nil {
			if len(s) == 7 {
				return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
			}
			r, g, b, a := uint8(v>>24), uint8(v>>16), uint8(v>>8), uint8(v)
			// rasterx and image/draw want premultiplied colours.
			return color.RGBA{uint8(uint16(r) * uint16(a) / 255), uint8(uint16(g) * uint16(a) / 255), uint8(uint16(b) * uint16(a) / 255), a}
		}
	}
	if c, ok := namedColors[s]; ok {
		return c
	}
	return color.RGBA{0, 0, 0, 255}
}

type pxPoint struct{ x, y float64 }

func (c *canvas) toPixels(pts [][2]float64) []pxPoint {
	out := make([]pxPoint, len(pts))
	for i, p := range pts {
		out[i] = pxPoint{(p[0] + c.ox) * c.scale, (c.oy - p[1]) * c.scale}
	}
	return out
}

// flatten turns a piecewise cubic Bézier (Graphviz's spline points: start,
// then three points per segment) into a polyline in pixels, about 3 px per step.
func (c *canvas) flatten(pts [][2]float64) []pxPoint {
	p := c.toPixels(pts)
	out := []pxPoint{p[0]}
	for i := 1; i+2 < len(p); i += 3 {
		a, b, cc, d := p[i-1], p[i], p[i+1], p[i+2]
		l := math.Hypot(b.x-a.x, b.y-a.y) + math.Hypot(cc.x-b.x, cc.y-b.y) + math.Hypot(d.x-cc.x, d.y-cc.y)
		n := int(math.Min(math.Max(l/3, 2), 400))
		for k := 1; k <= n; k++ {
			t := float64(k) / float64(n)
			u := 1 - t
			out = append(out, pxPoint{
				u*u*u*a.x + 3*u*u*t*b.x + 3*u*t*t*cc.x + t*t*t*d.x,
				u*u*u*a.y + 3*u*u*t*b.y + 3*u*t*t*cc.y + t*t*t*d.y,
			})
		}
	}
	return out
}

// strokeOpen strokes a polyline in pieces of bounded extent: rasterx sweeps
// the whole bounding box of what it draws, so one long diagonal edge would
// cost as much as filling the picture. The dash pattern continues across
// pieces through the dash offset.
func (c *canvas) strokeOpen(p []pxPoint) {
	if len(p) < 2 || c.pen.A == 0 || c.width <= 0 {
		return
	}
	const maxSpan = 192.0
	w := math.Max(c.width*c.scale, 0.75)
	var dashes []float64
	period := 0.0
	for _, d := range c.dashes {
		v := d * c.scale * math.Max(1, c.width*0.8)
		dashes = append(dashes, v)
		period += v
	}
	travelled := 0.0
	start := 0
	for start < len(p)-1 {
		minx, miny, maxx, maxy := p[start].x, p[start].y, p[start].x, p[start].y
		end := start + 1
		for ; end < len(p); end++ {
			nx, ny := math.Min(minx, p[end].x), math.Min(miny, p[end].y)
			xx, xy := math.Max(maxx, p[end].x), math.Max(maxy, p[end].y)
			if end > start+1 && (xx-nx > maxSpan || xy-ny > maxSpan) {
				break
			}
			minx, miny, maxx, maxy = nx, ny, xx, xy
		}
		end-- // last point included in this piece
		m := w + 3
		box := image.Rect(int(math.Floor(minx-m)), int(math.Floor(miny-m)), int(math.Ceil(maxx+m)), int(math.Ceil(maxy+m))).Intersect(c.img.Bounds())
		if !box.Empty() {
			d := rasterx.NewDasher(box.Dx(), box.Dy(), c.scanner(box))
			offset := 0.0
			if period > 0 {
				offset = math.Mod(travelled, period)
			}
			capf := rasterx.ButtCap
			if len(dashes) == 0 {
				capf = rasterx.RoundCap // pieces overlap seamlessly
			}
			d.SetStroke(fixed.Int26_6(w*64), fixed.Int26_6(4*64), capf, nil, rasterx.RoundGap, rasterx.Round, dashes, offset)
			d.SetColor(c.pen)
			d.Start(rasterx.ToFixedP(p[start].x-c.bx, p[start].y-c.by))
			for k := start + 1; k <= end; k++ {
				d.Line(rasterx.ToFixedP(p[k].x-c.bx, p[k].y-c.by))
			}
			d.Stop(false)
			d.Draw()
		}
		for k := start + 1; k <= end; k++ {
			travelled += math.Hypot(p[k].x-p[k-1].x, p[k].y-p[k-1].y)
		}
		start = end
	}
}
