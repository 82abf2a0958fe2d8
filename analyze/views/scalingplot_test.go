package views

import (
	"bytes"
	"testing"

	"gonum.org/v1/plot/vg"
)

// A mark's label goes beside its point, inside the chart, off the law and
// the limit and off the other labels; when it must, it crosses a dotted
// mark line rather than a data line.
func TestLabelBox(t *testing.T) {
	area := vg.Rectangle{Max: vg.Point{X: 500, Y: 300}}
	st := chartText(9, colNow)
	const label = "today: 4,300 servers, 31,093 threads"
	w := st.Width(label)
	limit := []vg.Point{{X: 0, Y: 150}, {X: 500, Y: 150}}
	rising := []vg.Point{{X: 0, Y: 0}, {X: 500, Y: 300}}
	pt := vg.Point{X: 250, Y: 150}
	// marks are dotted vertical lines no label of width w can miss.
	marks := func(xs ...vg.Length) (out [][]vg.Point) {
		for _, x := range xs {
			out = append(out, []vg.Point{{X: x, Y: 0}, {X: x, Y: 300}})
		}
		if w < 140 {
			t.Fatalf("label %.0f wide: marks leave it room", w)
		}
		return out
	}
	tests := []struct {
		name        string
		pt          vg.Point
		hard, soft  [][]vg.Point
		taken       []vg.Rectangle
		wantCrosses bool
	}{
		{"on the limit", pt, [][]vg.Point{limit, rising}, nil, nil, false},
		{"beside another label", pt, [][]vg.Point{limit, rising}, nil, []vg.Rectangle{{Min: vg.Point{X: 100, Y: 120}, Max: vg.Point{X: 400, Y: 170}}}, false},
		{"near the right edge", vg.Point{X: 490, Y: 150}, [][]vg.Point{limit}, nil, nil, false},
		{"mark lines everywhere", pt, [][]vg.Point{limit, rising}, marks(100, 240, 260, 400), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			box, at := labelBox(st, label, tt.pt, area, tt.hard, tt.soft, tt.taken)
			if box.Min != at || box.Max.X-box.Min.X != w {
				t.Fatalf("box %v, text at %v", box, at)
			}
			if box.Min.X < area.Min.X || box.Max.X > area.Max.X || box.Min.Y < area.Min.Y || box.Max.Y > area.Max.Y {
				t.Errorf("box %v outside the chart", box)
			}
			for _, o := range tt.hard {
				if crosses(o, box) {
					t.Errorf("box %v crosses a data line", box)
				}
			}
			for _, r := range tt.taken {
				if box.Max.X >= r.Min.X && r.Max.X >= box.Min.X && box.Max.Y >= r.Min.Y && r.Max.Y >= box.Min.Y {
					t.Errorf("box %v overlaps label %v", box, r)
				}
			}
			softCross := false
			for _, o := range tt.soft {
				softCross = softCross || crosses(o, box)
			}
			if softCross != tt.wantCrosses {
				t.Errorf("crosses a mark line: %v, want %v", softCross, tt.wantCrosses)
			}
			if d := vg.Length(60); box.Min.Y > tt.pt.Y+d || box.Max.Y < tt.pt.Y-d {
				t.Errorf("box %v far from its point %v", box, tt.pt)
			}
		})
	}
}

// The legend is above the chart, not on it: its entries come before the
// axes in the SVG and name the law and the limit only (today and the
// crossing are labelled where they are).
func TestScalingPlotLegend(t *testing.T) {
	svc, r := frontend(t)
	svg := renderView(t, ScalingPlot, "svg", Options{}, curve(t, svc, r))
	law := bytes.Index(svg, []byte(">threads per server (N; fleet total N^2)<"))
	limit := bytes.Index(svg, []byte(">limit: 32,768 threads<"))
	axis := bytes.Index(svg, []byte(">fleet size (servers)<"))
	if law < 0 || limit < 0 || axis < 0 || law > axis || limit > axis {
		t.Errorf("legend entries at %d and %d, axis label at %d: want the legend first", law, limit, axis)
	}
	for _, want := range []string{">today: 4,300 servers, 31,093 threads<", ">crosses at 4,540 servers (+240, 5.6%)<"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	if bytes.Contains(svg, []byte(">today (4,300 servers)<")) {
		t.Error("today is both labelled and in the legend")
	}
}
