package render

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/model"
)

// The legend explains exactly the marks of its diagram, with the labels
// the diagram itself uses ("after 10m", "out 07:01"). It is a small block
// of its own ranks after the deepest dependencies (right of an LR drawing,
// below a TB one): invisible edges from the services that end the longest
// paths (used.anchors) put it there, so its columns do not take the widths
// of the diagram's ranks.
//
// Swatches (roles, criticality borders, overlays) stand for themselves.
// Samples are edges from "A" to "B: what it means".

type legendNode struct{ name, attrs string }

type legendSample struct {
	key   string
	edge  string // the sample edge's attributes
	head  string // the text at the arrowhead, or the attributes of a styled head node
	plain bool   // head is text
}

const legendFontSize = 9

func legendSwatches(u *used) []legendNode {
	var out []legendNode
	for _, r := range model.Roles {
		if !u.roles[r] {
			continue
		}
		rs := styleOf(r)
		style := "filled"
		if rs.style != "" {
			style = rs.style + ",filled"
		}
		out = append(out, legendNode{"legend:role:" + string(r),
			fmt.Sprintf("label=%s, shape=%s, style=%q, fillcolor=%q, penwidth=1.1", quote(string(r)), rs.shape, style, rs.fill)})
	}
	for _, c := range model.Criticalities {
		if !u.crits[c] {
			continue
		}
		out = append(out, legendNode{"legend:crit:" + string(c),
			fmt.Sprintf("label=%s, shape=box, style=filled, fillcolor=\"#ffffff\", penwidth=%s", quote(string(c)+" (border)"), penOf(c))})
	}
	if u.failed != "" {
		out = append(out, legendNode{"legend:mark:failed", fmt.Sprintf("label=%s, shape=box, style=filled, fillcolor=%q, color=%q, fontcolor=%q", quote(u.failed), colFailedFill, colFailedFill, colFailedFont)})
	}
	if u.outage != "" {
		out = append(out, legendNode{"legend:mark:outage", fmt.Sprintf("label=%s, shape=box, style=filled, fillcolor=%q, color=%q", quote(u.outage), colOutageFill, colOutageLine)})
	}
	if u.degraded != "" {
		out = append(out, legendNode{"legend:mark:degraded", fmt.Sprintf("label=%s, shape=box, style=filled, fillcolor=%q, color=%q", quote(u.degraded), colDegradedFill, colDegradedLine)})
	}
	if u.cycle {
		out = append(out, legendNode{"legend:mark:cycle", fmt.Sprintf("label=\"in a cycle\", shape=box, style=filled, fillcolor=\"#ffffff\", color=%q, penwidth=2", colCycle)})
	}
	if u.focus {
		out = append(out, legendNode{"legend:mark:focus", "label=" + labelOf([]string{"focus"}, true) + ", shape=box, style=filled, fillcolor=\"#ffffff\", peripheries=2"})
	}
	return out
}

func legendSamples(u *used) []legendSample {
	var out []legendSample
	text := func(key, edge, head string) {
		out = append(out, legendSample{key: key, edge: edge, head: head, plain: true})
	}
	if u.impacts[model.ImpactOutage] {
		text("outage", fmt.Sprintf("color=%q, penwidth=1.2", colInk), "B: A needs B, out when B fails")
	}
	if u.impacts[model.ImpactDegraded] {
		text("degraded", fmt.Sprintf("style=dashed, color=%q, penwidth=1.2", colDegraded), "B: degraded when B fails")
	}
	if u.impacts[model.ImpactNone] {
		text("none", fmt.Sprintf("style=dotted, color=%q, penwidth=1", colNone), "B: no impact when B fails")
	}
	if u.after != "" {
		text("after", fmt.Sprintf("color=%q, penwidth=1.2, label=%s", colInk, quote(u.after)), "B: the impact comes later")
	}
	if u.buffer != "" {
		text("buffer", fmt.Sprintf("style=dotted, color=%q, penwidth=1.6, label=%s, fontcolor=%q", colBuffer, quote(u.buffer), colBuffer), "B: buffered for a while")
	}
	if u.untested != "" {
		text("untested", fmt.Sprintf("color=%q, penwidth=1.2, label=%s, fontcolor=%q", colUntested, quote(u.untested), colUntested), "B: never exercised")
	}
	if u.cycle {
		text("cycle", fmt.Sprintf("color=%q, penwidth=2.2", colCycle), "B: a cycle, none can start first")
	}
	if u.carriedOutage {
		text("carried-outage", fmt.Sprintf("color=%q, penwidth=2.2", colOutageLine), "B: the outage reached A")
	}
	if u.carriedDegraded {
		text("carried-degraded", fmt.Sprintf("color=%q, penwidth=2.2", colDegradedLine), "B: the degradation reached A")
	}
	switch u.monitors {
	case MonitorsShow:
		text("monitors", showEdge, "B: A monitors B")
	case MonitorsBundle:
		out = append(out, legendSample{key: "monitors", edge: watchEdge, head: "label=" + quote(watchLabel([]string{"B", "C"})) + ", " + watchStyle})
	}
	if u.group != "" {
		out = append(out, legendSample{key: "group", edge: fmt.Sprintf("color=%q, penwidth=1.4, arrowhead=none, label=\"needs one\", fontcolor=%q", colGroup, colGroup),
			head: "label=" + quote("any of: "+u.group) + ", " + junctionStyle})
	}
	return out
}

// writeLegend draws the legend cluster. In an LR drawing the samples take
// the last two columns, above the nodes there (A beside the services
// before the last rank, B beside the last) when those are narrow, or two
// columns of their own after them; the swatches follow in columns of their
// own. In a TB drawing the legend is rows of its own
// below the last rank, samples drawn as flat (same-rank) edges, each row
// about as wide as the drawing.
func writeLegend(w *bytes.Buffer, u *used) {
	swatches := legendSwatches(u)
	samples := legendSamples(u)
	if len(swatches)+len(samples) == 0 {
		return
	}
	w.WriteString("\tsubgraph cluster_legend {\n")
	fmt.Fprintf(w, "\t\tlabel=\"Legend\"; labeljust=c; fontsize=10; style=rounded; color=\"#bdbdbd\"; fontcolor=%q; margin=8;\n", colNote)
	fmt.Fprintf(w, "\t\tnode [fontsize=%d, height=0.2, margin=\"0.08,0.02\"];\n", legendFontSize)
	l := legendWriter{w: w}
	// The anchors join the legend at first: its samples' heads, whose rank
	// is then the anchors' own (minlen=0), or its first rank, then the
	// rank after the anchors.
	var first string
	minlen := 1
	switch {
	case u.topDown:
		first = l.rows(swatches, samples, math.Max(1.2*u.across, 640))
	case u.shareRanks && len(samples) > 0:
		_, first = l.columns(swatches, samples)
		minlen = 0
	default:
		first, _ = l.columns(swatches, samples)
	}
	w.WriteString("\t}\n")
	for _, a := range u.anchors {
		fmt.Fprintf(w, "\t%s -> %s [style=invis, minlen=%d];\n", quote(a), quote(first), minlen)
	}
}

type legendWriter struct{ w *bytes.Buffer }

func (l legendWriter) tail(s legendSample) string { return "legend:" + s.key + ":A" }
func (l legendWriter) head(s legendSample) string { return "legend:" + s.key + ":B" }

// sample declares a sample's two nodes; width > 0 gives a text head that
// width, left-justified.
func (l legendWriter) sample(s legendSample, width float64) {
	fmt.Fprintf(l.w, "\t\t%s [label=\"A\", shape=plaintext, width=0.15, margin=0];\n", quote(l.tail(s)))
	switch {
	case !s.plain:
		fmt.Fprintf(l.w, "\t\t%s [%s];\n", quote(l.head(s)), s.head)
	case width > 0:
		// \l ends a left-justified line.
		fmt.Fprintf(l.w, "\t\t%s [label=%s, shape=plaintext, width=%s, margin=0];\n", quote(l.head(s)), strings.TrimSuffix(quote(s.head), `"`)+`\l"`, inches(width))
	default:
		fmt.Fprintf(l.w, "\t\t%s [label=%s, shape=plaintext, margin=0];\n", quote(l.head(s)), quote(s.head))
	}
}

func (l legendWriter) rank(names []string) {
	fmt.Fprintf(l.w, "\t\t{rank=same; %s}\n", quoteAll(names))
}

func (l legendWriter) invis(from, to string) {
	fmt.Fprintf(l.w, "\t\t%s -> %s [style=invis];\n", quote(from), quote(to))
}

// columns lays the legend out for an LR drawing and returns a node of its
// first rank and one of its samples' heads (the same when it has no
// samples). dot stacks an LR rank's nodes bottom-up in the order they are
// declared, so each column is declared in reverse to read top-down.
func (l legendWriter) columns(swatches []legendNode, samples []legendSample) (first, heads0 string) {
	width := 0.0 // sample heads share a width, so their text starts at one edge
	for _, s := range samples {
		if s.plain {
			width = math.Max(width, textWidth(s.head, legendFontSize, false)+2)
		}
	}
	var tails, heads []string
	for k := len(samples) - 1; k >= 0; k-- {
		s := samples[k]
		l.sample(s, width)
		tails, heads = append(tails, l.tail(s)), append(heads, l.head(s))
		fmt.Fprintf(l.w, "\t\t%s -> %s [%s];\n", quote(l.tail(s)), quote(l.head(s)), s.edge)
	}
	prev := ""
	if len(samples) > 0 {
		l.rank(tails)
		l.rank(heads)
		first, heads0, prev = tails[0], heads[0], heads[0]
	}
	// Swatches follow in columns of at most eight.
	for _, col := range chunks(len(swatches), 8) {
		var names []string
		for k := col[1] - 1; k >= col[0]; k-- {
			fmt.Fprintf(l.w, "\t\t%s [%s];\n", quote(swatches[k].name), swatches[k].attrs)
			names = append(names, swatches[k].name)
		}
		l.rank(names)
		if prev != "" {
			l.invis(prev, names[0])
		} else {
			first, heads0 = names[0], names[0]
		}
		prev = names[0]
	}
	return first, heads0
}

// rows lays the legend out for a TB drawing, in rows of about budget
// points, samples then swatches, and returns a node of its first row.
func (l legendWriter) rows(swatches []legendNode, samples []legendSample, budget float64) (first string) {
	type item struct {
		names []string
		width float64
	}
	var items []item
	total := 0.0
	for _, s := range samples {
		l.sample(s, 0)
		items = append(items, item{[]string{l.tail(s), l.head(s)}, 60 + textWidth(s.head, legendFontSize, false)})
		total += items[len(items)-1].width
		edge := s.edge
		if !strings.Contains(edge, "label=") {
			// A flat edge is as long as its label: a blank one makes room
			// for the sample's dashes.
			edge += ", label=\"            \""
		}
		fmt.Fprintf(l.w, "\t\t%s -> %s [%s];\n", quote(l.tail(s)), quote(l.head(s)), edge)
	}
	for _, s := range swatches {
		fmt.Fprintf(l.w, "\t\t%s [%s];\n", quote(s.name), s.attrs)
		items = append(items, item{[]string{s.name}, 90})
		total += 90
	}
	perRow := max(1, int(math.Ceil(float64(len(items))/math.Ceil(total/budget))))
	prev := ""
	for _, row := range chunks(len(items), perRow) {
		var names []string
		for _, it := range items[row[0]:row[1]] {
			if len(names) > 0 {
				l.invis(names[len(names)-1], it.names[0]) // keeps the order
			}
			names = append(names, it.names...)
		}
		l.rank(names)
		// Rows hang from their middle node, so that they are centred
		// under the anchors and under each other.
		mid := names[len(names)/2]
		if prev != "" {
			l.invis(prev, mid)
		} else {
			first = mid
		}
		prev = mid
	}
	return first
}

// chunks splits n items into consecutive [from, to) runs of at most size,
// as even as possible.
func chunks(n, size int) [][2]int {
	if n == 0 {
		return nil
	}
	k := (n + size - 1) / size
	var out [][2]int
	for i := 0; i < k; i++ {
		out = append(out, [2]int{i * n / k, (i + 1) * n / k})
	}
	return out
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for k, n := range names {
		q[k] = quote(n)
	}
	return strings.Join(q, "; ")
}

// inches prints a length in points as DOT's inches.
func inches(pt float64) string {
	return strconv.FormatFloat(pt/72, 'f', 2, 64)
}
