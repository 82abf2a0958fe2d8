package render

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Mark is what a cascade did to one service, for the failure overlay.
type Mark struct {
	State  model.Impact  // worst state reached (ignored when Failed)
	At     time.Duration // when it was reached, from the initial failure
	Failed bool          // one of the failures the cascade started from
	// Note is an extra label line, e.g. for a service still up only
	// through an untested alternative.
	Note string
}

// Options selects what DOT draws. The zero value draws the whole graph, LR, without legend.
type Options struct {
	// Fail colours the blast radius: keys are service IDs.
	Fail map[string]Mark
	// Start, when set, prints failure times as clock times instead of offsets.
	Start *time.Time
	// Focus restricts the drawing to the neighbourhood of these services.
	Focus []string
	// Depth is how many hops of dependencies and of dependents a focus view
	// shows; 0 means DefaultDepth.
	Depth int
	// MaxNodes bounds a focus view so it stays readable on any model; the
	// closest services are kept and a note says how many were left out.
	// 0 means DefaultMaxNodes; negative means no bound.
	MaxNodes int
	// ClusterByTag boxes services by their first tag.
	ClusterByTag bool
	// Title is drawn above the diagram.
	Title string
	// Legend adds a box explaining every mark used in the diagram.
	Legend bool
	// RankDir is "LR" (default) or "TB".
	RankDir string
}

const (
	// DefaultDepth is the focus neighbourhood radius.
	DefaultDepth = 2
	// DefaultMaxNodes bounds the focus view.
	DefaultMaxNodes = 150
	// LargeGraph is the node count from which DOT asks Graphviz for cheaper
	// layout settings (straight edges, bounded network-simplex and crossing
	// minimisation iterations), keeping a 2,000-service model under 10 s.
	LargeGraph = 300
)

// used records which marks appear, so that the legend explains exactly those.
type used struct {
	roles     map[model.Role]bool
	crits     map[model.Criticality]bool
	impacts   [3]bool
	buffer    bool
	untested  bool
	cycle     bool
	monitors  bool
	group     bool
	after     bool
	failed    bool
	outage    bool
	degraded  bool
	focus     bool
	clockTime bool
	topDown   bool // rankdir TB or BT
}

// DOT returns a deterministic Graphviz description of g: services sorted by
// ID, then redundancy-group junctions, then edges in graph order (by
// dependent, then dependency). Edges point from dependent to dependency.
//
// Cycles are the hard-dependency cycles of graph.Graph.HardCycles: the
// cyclic strongly connected components of the hard edges (graph.HardEdge).
func DOT(g *graph.Graph, opts Options) ([]byte, error) {
	if g == nil {
		return nil, fmt.Errorf("render: nil graph")
	}
	rankdir := strings.ToUpper(opts.RankDir)
	switch rankdir {
	case "":
		rankdir = "LR"
	case "LR", "TB", "RL", "BT":
	default:
		return nil, fmt.Errorf("render: rank direction %q: want LR or TB", opts.RankDir)
	}
	for id := range opts.Fail {
		if _, ok := g.Index(id); !ok {
			return nil, fmt.Errorf("render: failure mark for unknown service %q", id)
		}
	}
	n := g.Len()
	keep := make([]bool, n)
	isFocus := make([]bool, n)
	leftOut := 0
	if len(opts.Focus) > 0 {
		var roots []int
		for _, id := range opts.Focus {
			i, ok := g.Index(id)
			if !ok {
				return nil, fmt.Errorf("render: focus on unknown service %q", id)
			}
			roots = append(roots, i)
			isFocus[i] = true
		}
		depth := opts.Depth
		if depth <= 0 {
			depth = DefaultDepth
		}
		maxNodes := opts.MaxNodes
		if maxNodes == 0 {
			maxNodes = DefaultMaxNodes
		}
		keep, leftOut = neighbourhood(g, roots, depth, maxNodes)
	} else {
		for i := range keep {
			keep[i] = true
		}
	}
	kept := 0
	for _, k := range keep {
		if k {
			kept++
		}
	}

	inCycle, cycleEdge := cycles(g)
	u := used{roles: map[model.Role]bool{}, crits: map[model.Criticality]bool{}, clockTime: opts.Start != nil, topDown: rankdir == "TB" || rankdir == "BT"}

	// Redundancy groups: one junction per group with at least one kept member.
	junction := map[int]string{} // group index -> junction node name
	var junctions []int
	for gi, grp := range g.Groups {
		if !keep[grp.Service] {
			continue
		}
		for _, k := range grp.Edges {
			if keep[g.Edges[k].To] {
				junction[gi] = "group:" + g.ID(grp.Service) + ":" + grp.Name
				junctions = append(junctions, gi)
				break
			}
		}
	}
	large := kept >= LargeGraph
	var pos map[string]string
	if large {
		pos = positions(g, keep, junction, junctions)
	}

	var body bytes.Buffer
	// Nodes, optionally boxed by first tag (not in large drawings, whose
	// positions blast computes itself).
	clusters := map[string][]int{}
	var loose []int
	for i, s := range g.Services {
		if !keep[i] {
			continue
		}
		if opts.ClusterByTag && !large && len(s.Tags) > 0 {
			clusters[s.Tags[0]] = append(clusters[s.Tags[0]], i)
		} else {
			loose = append(loose, i)
		}
	}
	for _, i := range loose {
		writeNode(&body, "\t", g, i, opts, isFocus[i], inCycle[i], pos[g.ID(i)], &u)
	}
	tags := make([]string, 0, len(clusters))
	for t := range clusters {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	for k, t := range tags {
		fmt.Fprintf(&body, "\tsubgraph cluster_tag_%d {\n\t\tlabel=%s; style=\"rounded,dashed\"; color=\"#9e9e9e\"; fontcolor=\"#616161\";\n", k, quote(t))
		for _, i := range clusters[t] {
			writeNode(&body, "\t\t", g, i, opts, isFocus[i], inCycle[i], pos[g.ID(i)], &u)
		}
		body.WriteString("\t}\n")
	}

	for _, gi := range junctions {
		grp := g.Groups[gi]
		name := junction[gi]
		u.group = true
		fmt.Fprintf(&body, "\t%s [label=%s, shape=box, style=\"rounded,dashed\", color=%q, fontcolor=%q, fontsize=9, width=0.3, height=0.25, margin=\"0.06,0.02\"%s, tooltip=%s];\n",
			quote(name), quote("any of: "+grp.Name), colGroup, colGroup, pos[name], quote(g.ID(grp.Service)+" needs any one of group "+grp.Name))
		fmt.Fprintf(&body, "\t%s -> %s [color=%q, penwidth=1.4, arrowhead=none];\n", quote(g.ID(grp.Service)), quote(name), colGroup)
	}

	// Dependency edges.
	for k, e := range g.Edges {
		if !keep[e.From] || !keep[e.To] {
			continue
		}
		from := g.ID(e.From)
		if name, ok := junction[e.Group]; ok && e.Group >= 0 {
			from = name
		}
		writeEdge(&body, g, e, from, cycleEdge[k], opts, large, &u)
	}

	// Observers and what they watch: drawn without constraining the layout.
	for i, s := range g.Services {
		if !keep[i] || len(s.Monitors) == 0 {
			continue
		}
		mons := append([]string(nil), s.Monitors...)
		sort.Strings(mons)
		for j, m := range mons {
			if j > 0 && mons[j-1] == m {
				continue
			}
			t, ok := g.Index(m)
			if !ok || !keep[t] {
				continue
			}
			u.monitors = true
			fmt.Fprintf(&body, "\t%s -> %s [color=%q, style=dashed, arrowhead=odot, penwidth=0.9, constraint=false, tooltip=%s];\n",
				quote(s.ID), quote(m), colMonitors, quote(s.ID+" monitors "+m))
		}
	}

	if leftOut > 0 {
		fmt.Fprintf(&body, "\t\"note:left-out\" [shape=plaintext, fontcolor=%q, fontsize=10, label=%s];\n",
			colNote, quote(fmt.Sprintf("%d more services within %d hops left out\n(focus view limited to the %d closest)", leftOut, depthOr(opts.Depth), kept)))
	}

	var out bytes.Buffer
	out.WriteString("digraph blast {\n")
	fmt.Fprintf(&out, "\tgraph [rankdir=%s, fontname=%q, fontsize=11, bgcolor=\"#ffffff\", pad=0.25, nodesep=0.22, ranksep=0.5",
		rankdir, fontName)
	if opts.Title != "" {
		fmt.Fprintf(&out, ", label=%s, labelloc=t, labeljust=l, fontsize=16", quote(opts.Title))
	}
	if large {
		// dot's network-simplex ranking (Gansner et al., "A Technique for
		// Drawing Directed Graphs", IEEE TSE 1993) takes tens of seconds on
		// thousands of nodes; blast places the nodes itself (see layered)
		// and Graphviz only draws them, with straight edges.
		out.WriteString(", layout=nop, splines=false, outputorder=edgesfirst")
	}
	out.WriteString("];\n")
	fmt.Fprintf(&out, "\tnode [fontname=%q, fontsize=11, style=filled, fillcolor=\"#ffffff\", color=%q, height=0.36, margin=\"0.12,0.04\"];\n", fontName, colInk)
	fmt.Fprintf(&out, "\tedge [fontname=%q, fontsize=9, color=%q, arrowsize=0.7];\n", fontName, colInk)
	if opts.Legend && !large {
		writeLegend(&out, &u)
	}
	out.Write(body.Bytes())
	out.WriteString("}\n")
	return out.Bytes(), nil
}

func depthOr(d int) int {
	if d <= 0 {
		return DefaultDepth
	}
	return d
}

func writeNode(w *bytes.Buffer, indent string, g *graph.Graph, i int, opts Options, focus, cycle bool, pos string, u *used) {
	s := g.Services[i]
	rs := styleOf(s.Role)
	u.roles[s.Role] = true
	crit := s.Criticality
	if _, ok := critPen[crit]; !ok {
		crit = model.Medium
	}
	u.crits[crit] = true
	title := s.Title
	if title == "" {
		title = s.ID
	}
	label := title
	fill, line, font := rs.fill, colInk, ""
	if m, ok := opts.Fail[s.ID]; ok {
		switch {
		case m.Failed:
			u.failed = true
			fill, line, font = colFailedFill, colFailedFill, colFailedFont
			label += "\nfailed"
			if opts.Start != nil {
				label += " " + clock(*opts.Start, m.At)
			}
		case m.State == model.ImpactOutage:
			u.outage = true
			fill, line = colOutageFill, colOutageLine
			label += "\nout " + when(opts.Start, m.At)
		case m.State == model.ImpactDegraded:
			u.degraded = true
			fill, line = colDegradedFill, colDegradedLine
			label += "\ndegraded " + when(opts.Start, m.At)
		}
		if m.Note != "" {
			label += "\n" + m.Note
		}
	}
	if cycle {
		u.cycle = true
		line = colCycle
	}
	style := "filled"
	if rs.style != "" {
		style = rs.style + ",filled"
	}
	fmt.Fprintf(w, "%s%s [label=%s, shape=%s, style=%q, fillcolor=%q, color=%q, penwidth=%s", indent, quote(s.ID), quote(label), rs.shape, style, fill, line, penOf(crit))
	if font != "" {
		fmt.Fprintf(w, ", fontcolor=%q", font)
	}
	if focus {
		u.focus = true
		w.WriteString(", peripheries=2, fontname=\"Helvetica-Bold\"")
	}
	tip := s.ID + " (" + string(s.Role) + ", " + string(crit) + ")"
	fmt.Fprintf(w, "%s, tooltip=%s];\n", pos, quote(tip))
}

func writeEdge(w *bytes.Buffer, g *graph.Graph, e graph.Edge, from string, cycle bool, opts Options, large bool, u *used) {
	d := e.Dep
	var labels []string
	style, color, pen := "solid", colInk, "1.2"
	switch d.Impact {
	case model.ImpactOutage:
		u.impacts[model.ImpactOutage] = true
	case model.ImpactDegraded:
		u.impacts[model.ImpactDegraded] = true
		style, color = "dashed", colDegraded
	default:
		u.impacts[model.ImpactNone] = true
		style, color, pen = "dotted", colNone, "1"
	}
	if d.After > 0 {
		u.after = true
		labels = append(labels, "after "+model.FormatDuration(d.After))
	}
	if b := d.Buffer; b != nil {
		u.buffer = true
		style, color, pen = "dotted", colBuffer, "1.6"
		l := "buffer " + model.FormatDuration(b.FillsIn) + ", " + onFullVerb(b.OnFull)
		if !b.Tested {
			l += " (untested)"
		}
		labels = append(labels, l)
	}
	if !d.Tested {
		u.untested = true
		color = colUntested
		labels = append(labels, "untested")
	}
	if cycle {
		u.cycle = true
		color, pen = colCycle, "2.2"
	}
	fontcolor := color
	if color == colNone {
		fontcolor = colNote
	}
	// Failure overlay: the edge carried the failure if both ends are impaired.
	if mt, ok := opts.Fail[g.ID(e.To)]; ok && (mt.Failed || mt.State > model.ImpactNone) {
		if mf, ok := opts.Fail[g.ID(e.From)]; ok && !mf.Failed && mf.State > model.ImpactNone && (d.Impact > model.ImpactNone || (d.Buffer != nil && d.Buffer.OnFull.Turns())) {
			color, pen = colOutageLine, "2.2"
			if mf.State == model.ImpactDegraded {
				color = colDegradedLine
			}
		}
	}
	fmt.Fprintf(w, "\t%s -> %s [style=%s, color=%q, penwidth=%s", quote(from), quote(g.ID(e.To)), style, color, pen)
	tip := g.ID(e.From) + " needs " + g.ID(e.To) + " (" + d.Impact.String() + ")"
	if len(labels) > 0 {
		if large {
			// Labels would only clutter a drawing of this size: they move to the tooltip.
			tip += ", " + strings.Join(labels, ", ")
		} else {
			fmt.Fprintf(w, ", label=%s, fontcolor=%q", quote(strings.Join(labels, "\n")), fontcolor)
		}
	}
	if d.Note != "" {
		tip += ": " + d.Note
	}
	fmt.Fprintf(w, ", tooltip=%s];\n", quote(tip))
}

func onFullVerb(o model.OnFull) string {
	switch o {
	case model.OnFullFail:
		return "fails"
	case model.OnFullDrop:
		return "drops"
	}
	return "blocks"
}

// cycles marks the nodes and edges of the hard-dependency cycles
// (graph.Graph.HardCycles).
func cycles(g *graph.Graph) (nodes []bool, edges []bool) {
	nodes = make([]bool, g.Len())
	edges = make([]bool, len(g.Edges))
	for _, c := range g.HardCycles() {
		for _, v := range c.Members {
			nodes[v] = true
		}
		for _, k := range c.Edges {
			edges[k] = true
		}
	}
	return nodes, edges
}

// when prints a failure time as an offset ("+1h46m") or, with a start, a clock time.
func when(start *time.Time, at time.Duration) string {
	if start != nil {
		return clock(*start, at)
	}
	return "+" + model.FormatDuration(at)
}

func clock(start time.Time, at time.Duration) string {
	t := start.Add(at)
	if t.YearDay() != start.YearDay() || t.Year() != start.Year() {
		return t.Format("Jan 2 15:04")
	}
	return t.Format("15:04")
}

// quote makes a DOT double-quoted string. Backslashes are doubled so user
// text cannot inject escapes; newlines become DOT's centred line break.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
