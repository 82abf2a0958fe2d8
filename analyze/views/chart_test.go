package views

import (
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The legend is one row when it fits, and otherwise rows in order, none
// wider than the chart (unless one entry alone is).
func TestLegendRows(t *testing.T) {
	entry := func(name string) legendEntry { return legendEntry{name: name, line: draw.LineStyle{Width: 1}} }
	short := []legendEntry{entry("healthy"), entry("failed (over limit)"), entry("error rate")}
	long := []legendEntry{
		entry("goodput (answered in time)"), entry("offered (retries included)"),
		entry("needed (first tries, from callers' requests)"), entry("wasted (answered after the caller gave up)"),
		entry("capacity"), entry("time to answer"), {name: "disturbance (5% left)", fill: colShade},
	}
	names := func(rows [][]legendEntry) (out [][]string) {
		for _, r := range rows {
			var row []string
			for _, e := range r {
				row = append(row, e.name)
			}
			out = append(out, row)
		}
		return out
	}
	const width = vg.Length(780)
	if rows, _ := legendRows(short, width); len(rows) != 1 {
		t.Errorf("a short legend in %d rows: %q", len(rows), names(rows))
	}
	rows, widths := legendRows(long, width)
	if len(rows) < 2 {
		t.Errorf("a legend wider than the chart in one row: %q", names(rows))
	}
	k := 0
	for i, r := range rows {
		if widths[i] > width && len(r) > 1 {
			t.Errorf("row %q is %.0f wide, wider than %.0f", names(rows)[i], widths[i], width)
		}
		for _, e := range r {
			if e.name != long[k].name {
				t.Errorf("entry %d is %q, want %q: out of order", k, e.name, long[k].name)
			}
			k++
		}
	}
	if k != len(long) {
		t.Errorf("%d entries in the rows, want %d", k, len(long))
	}
	if rows, _ := legendRows(long[2:3], 50); len(rows) != 1 {
		t.Errorf("an entry wider than the chart: %d rows", len(rows))
	}
}
