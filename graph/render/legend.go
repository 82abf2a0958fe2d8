package render

import (
	"bytes"
	"fmt"

	"github.com/blast-tool/blast/model"
)

// writeLegend draws a "Legend" cluster explaining exactly the marks in use.
// It is laid out as columns (roles, criticality, edge samples, overlays):
// invisible edges put each column one rank after the previous one, so the
// legend stays a compact block instead of one long stack.
func writeLegend(w *bytes.Buffer, u *used) {
	type item struct{ name, attrs string }
	var roles, crits, texts, overlays []item
	type sample struct{ head, edge string }
	var samples []sample // parallel to texts

	for _, r := range model.Roles {
		if !u.roles[r] {
			continue
		}
		rs := styleOf(r)
		style := "filled"
		if rs.style != "" {
			style = rs.style + ",filled"
		}
		roles = append(roles, item{"legend:role:" + string(r),
			fmt.Sprintf("label=%s, shape=%s, style=%q, fillcolor=%q, penwidth=1.1", quote(string(r)), rs.shape, style, rs.fill)})
	}
	for _, c := range model.Criticalities {
		if !u.crits[c] {
			continue
		}
		crits = append(crits, item{"legend:crit:" + string(c),
			fmt.Sprintf("label=%s, shape=box, style=filled, fillcolor=\"#ffffff\", penwidth=%s", quote(string(c)+" (border)"), penOf(c))})
	}
	addEdge := func(key, text, edge string) {
		texts = append(texts, item{"legend:edge:" + key, fmt.Sprintf("label=%s, shape=plaintext, style=\"\", fontsize=10", quote(text))})
		samples = append(samples, sample{"legend:edge:" + key + ":to", edge})
	}
	if u.impacts[model.ImpactOutage] {
		addEdge("outage", "A needs B: outage if B fails", fmt.Sprintf("style=solid, color=%q, penwidth=1.2", colInk))
	}
	if u.impacts[model.ImpactDegraded] {
		addEdge("degraded", "degraded if B fails", fmt.Sprintf("style=dashed, color=%q, penwidth=1.2", colDegraded))
	}
	if u.impacts[model.ImpactNone] {
		addEdge("none", "no impact if B fails", fmt.Sprintf("style=dotted, color=%q, penwidth=1", colNone))
	}
	if u.after {
		addEdge("after", "impact arrives after a delay", fmt.Sprintf("style=solid, color=%q, penwidth=1.2, label=\"after 5m\"", colInk))
	}
	if u.buffer {
		addEdge("buffer", "buffer absorbs the failure until full", fmt.Sprintf("style=dotted, color=%q, penwidth=1.6, label=\"buffer 1h, blocks\", fontcolor=%q", colBuffer, colBuffer))
	}
	if u.untested {
		addEdge("untested", "never exercised (tested = false)", fmt.Sprintf("style=solid, color=%q, penwidth=1.2, label=\"untested\", fontcolor=%q", colUntested, colUntested))
	}
	if u.cycle {
		addEdge("cycle", "dependency cycle: none can start first", fmt.Sprintf("style=solid, color=%q, penwidth=2.2", colCycle))
	}
	if u.monitors {
		addEdge("monitors", "observer monitors B", fmt.Sprintf("style=dashed, color=%q, penwidth=0.9, arrowhead=odot", colMonitors))
	}
	if u.group {
		addEdge("group", "redundancy group: needs any one", fmt.Sprintf("color=%q, penwidth=1.4, arrowhead=none", colGroup))
	}
	at := func(s string) string {
		if u.clockTime {
			return s + " 07:01"
		}
		return s + " +1h46m"
	}
	if u.failed {
		overlays = append(overlays, item{"legend:mark:failed", fmt.Sprintf("label=\"failed (cause)\", shape=box, style=filled, fillcolor=%q, color=%q, fontcolor=%q", colFailedFill, colFailedFill, colFailedFont)})
	}
	if u.outage {
		overlays = append(overlays, item{"legend:mark:outage", fmt.Sprintf("label=%s, shape=box, style=filled, fillcolor=%q, color=%q", quote(at("out")), colOutageFill, colOutageLine)})
	}
	if u.degraded {
		overlays = append(overlays, item{"legend:mark:degraded", fmt.Sprintf("label=%s, shape=box, style=filled, fillcolor=%q, color=%q", quote(at("degraded")), colDegradedFill, colDegradedLine)})
	}
	if u.cycle {
		overlays = append(overlays, item{"legend:mark:cycle", fmt.Sprintf("label=\"in a cycle\", shape=box, style=filled, fillcolor=\"#ffffff\", color=%q, penwidth=2", colCycle)})
	}
	if u.focus {
		overlays = append(overlays, item{"legend:mark:focus", "label=\"focus\", shape=box, style=filled, fillcolor=\"#ffffff\", peripheries=2, fontname=\"Helvetica-Bold\""})
	}

	// In LR drawings dot stacks a rank's nodes bottom-up in input order;
	// emitting each column reversed makes the legend read top-down.
	if !u.topDown {
		rev(roles)
		rev(crits)
		rev(texts)
		rev(samples)
		rev(overlays)
	}
	w.WriteString("\tsubgraph cluster_legend {\n")
	fmt.Fprintf(w, "\t\tlabel=\"Legend\"; fontsize=12; style=rounded; color=\"#bdbdbd\"; fontcolor=%q; margin=10;\n", colNote)
	w.WriteString("\t\tnode [fontsize=10, height=0.3];\n")
	for _, col := range [][]item{roles, crits, texts, overlays} {
		for _, it := range col {
			fmt.Fprintf(w, "\t\t%s [%s];\n", quote(it.name), it.attrs)
		}
	}
	for _, s := range samples {
		if s.head == "legend:edge:group:to" {
			fmt.Fprintf(w, "\t\t%s [label=\"any of: g\", shape=box, style=\"rounded,dashed\", color=%q, fontcolor=%q, fontsize=9, width=0.3, height=0.25, margin=\"0.06,0.02\"];\n", quote(s.head), colGroup, colGroup)
			continue
		}
		fmt.Fprintf(w, "\t\t%s [label=\"B\", shape=plaintext, style=\"\", fontsize=10, width=0.2];\n", quote(s.head))
	}
	for i, s := range samples {
		fmt.Fprintf(w, "\t\t%s -> %s [%s];\n", quote(texts[i].name), quote(s.head), s.edge)
	}
	// Invisible scaffolding: column k+1 starts one rank after column k.
	// The sample heads are placed by the visible sample edges already.
	heads := make([]item, len(samples))
	for i, s := range samples {
		heads[i] = item{name: s.head}
	}
	cols := []struct {
		items  []item
		placed bool
	}{{roles, false}, {crits, false}, {texts, false}, {heads, true}, {overlays, false}}
	var prev []item
	for _, col := range cols {
		if len(col.items) == 0 {
			continue
		}
		if prev != nil && !col.placed {
			for i, it := range col.items {
				fmt.Fprintf(w, "\t\t%s -> %s [style=invis];\n", quote(prev[i%len(prev)].name), quote(it.name))
			}
		}
		prev = col.items
	}
	w.WriteString("\t}\n")
}

func rev[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
