package render

import (
	"bytes"
	"fmt"
	"html"
	"sort"
	"strconv"
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

// How observers' monitors relations are drawn (Options.Monitors).
const (
	// MonitorsBundle draws one edge per observer to a note listing what
	// it watches, next to the observer: the relation is there without
	// long edges across the diagram. The default.
	MonitorsBundle = "bundle"
	// MonitorsShow draws every relation as its own edge, thin and light,
	// beneath the dependencies.
	MonitorsShow = "show"
	// MonitorsHide leaves monitors relations out.
	MonitorsHide = "hide"
)

// MonitorsModes lists the values of Options.Monitors.
var MonitorsModes = []string{MonitorsBundle, MonitorsShow, MonitorsHide}

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
	// Monitors is how monitors relations are drawn: MonitorsBundle (the
	// default when empty), MonitorsShow or MonitorsHide.
	Monitors string
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

// Spacing of the drawing, in inches (graph attributes nodesep and ranksep).
const (
	nodeSep = 0.22
	rankSep = 0.5
)

// used records which marks appear, so that the legend explains exactly
// those, with examples taken from this diagram.
type used struct {
	roles    map[model.Role]bool
	crits    map[model.Criticality]bool
	impacts  [3]bool
	cycle    bool
	group    string // the first redundancy group's name, when there is one
	focus    bool
	monitors string // the monitors mode, when a relation is drawn
	// Labels as drawn on the first edge of each kind, in graph order.
	after, buffer, untested string
	// Failure overlay: the labels of the nodes whose marks are the
	// examples (the latest outage and degradation), and whether an edge
	// carried an outage or a degradation.
	failed, outage, degraded       string
	outageAt, degradedAt           time.Duration
	carriedOutage, carriedDegraded bool
	topDown                        bool // rankdir TB or BT
	// anchors are the services on the last rank that the legend joins;
	// across is the drawing's estimated extent across its ranks, in points.
	anchors []string
	across  float64
	// shareRanks puts an LR legend's samples in the last two ranks, beside
	// the nodes there, rather than in ranks of its own after them.
	shareRanks bool
}

// drawing is the state of one DOT description being written.
type drawing struct {
	g         *graph.Graph
	opts      Options
	keep      []bool
	isFocus   []bool
	inCycle   []bool
	cycleEdge []bool
	junction  map[int]string // group index -> junction node name
	junctions []int
	large     bool
	pos       map[string]string // large drawings: ", pos=..." by node name
	level     map[string]int    // how many extra ranks a node's out-edges ask for
	watches   map[int][]int     // observer -> watched services, kept and sorted
	u         used
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
	switch opts.Monitors {
	case "":
		opts.Monitors = MonitorsBundle
	case MonitorsBundle, MonitorsShow, MonitorsHide:
	default:
		return nil, fmt.Errorf("render: monitors %q: want %s", opts.Monitors, strings.Join(MonitorsModes, ", "))
	}
	for id := range opts.Fail {
		if _, ok := g.Index(id); !ok {
			return nil, fmt.Errorf("render: failure mark for unknown service %q", id)
		}
	}
	n := g.Len()
	d := &drawing{g: g, opts: opts, keep: make([]bool, n), isFocus: make([]bool, n), junction: map[int]string{}}
	leftOut := 0
	if len(opts.Focus) > 0 {
		var roots []int
		for _, id := range opts.Focus {
			i, ok := g.Index(id)
			if !ok {
				return nil, fmt.Errorf("render: focus on unknown service %q", id)
			}
			roots = append(roots, i)
			d.isFocus[i] = true
		}
		maxNodes := opts.MaxNodes
		if maxNodes == 0 {
			maxNodes = DefaultMaxNodes
		}
		d.keep, leftOut = neighbourhood(g, roots, depthOr(opts.Depth), maxNodes)
	} else {
		for i := range d.keep {
			d.keep[i] = true
		}
	}
	kept := 0
	for _, k := range d.keep {
		if k {
			kept++
		}
	}

	d.inCycle, d.cycleEdge = cycles(g)
	d.u = used{roles: map[model.Role]bool{}, crits: map[model.Criticality]bool{}, topDown: rankdir == "TB" || rankdir == "BT"}

	// Redundancy groups: one junction per group with at least one kept member.
	for gi, grp := range g.Groups {
		if !d.keep[grp.Service] {
			continue
		}
		for _, k := range grp.Edges {
			if d.keep[g.Edges[k].To] {
				d.junction[gi] = "group:" + g.ID(grp.Service) + ":" + grp.Name
				d.junctions = append(d.junctions, gi)
				break
			}
		}
	}
	d.watches = watchedBy(g, d.keep)
	d.large = kept >= LargeGraph
	if d.large {
		d.pos = positions(g, d.keep, d.junction, d.junctions)
	} else {
		d.arrange(opts.Legend)
	}

	var body bytes.Buffer
	// A lighter layer first, so that it is drawn beneath the dependencies.
	if opts.Monitors == MonitorsShow {
		d.writeMonitorEdges(&body)
	}
	// Nodes, optionally boxed by first tag (not in large drawings, whose
	// positions blast computes itself).
	clusters := map[string][]int{}
	var loose []int
	for i, s := range g.Services {
		if !d.keep[i] {
			continue
		}
		if opts.ClusterByTag && !d.large && len(s.Tags) > 0 {
			clusters[s.Tags[0]] = append(clusters[s.Tags[0]], i)
		} else {
			loose = append(loose, i)
		}
	}
	for _, i := range loose {
		d.writeNode(&body, "\t", i)
	}
	tags := make([]string, 0, len(clusters))
	for t := range clusters {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	for k, t := range tags {
		fmt.Fprintf(&body, "\tsubgraph cluster_tag_%d {\n\t\tlabel=%s; style=\"rounded,dashed\"; color=\"#9e9e9e\"; fontcolor=\"#616161\";\n", k, quote(t))
		for _, i := range clusters[t] {
			d.writeNode(&body, "\t\t", i)
		}
		body.WriteString("\t}\n")
	}

	for _, gi := range d.junctions {
		grp := g.Groups[gi]
		name := d.junction[gi]
		if d.u.group == "" {
			d.u.group = grp.Name
		}
		fmt.Fprintf(&body, "\t%s [label=%s, %s%s, tooltip=%s];\n",
			quote(name), quote("any of: "+grp.Name), junctionStyle, d.pos[name], quote(g.ID(grp.Service)+" needs any one of group "+grp.Name))
		from := g.ID(grp.Service)
		fmt.Fprintf(&body, "\t%s -> %s [color=%q, penwidth=1.4, arrowhead=none%s];\n", quote(from), quote(name), colGroup, d.minlen(from))
	}

	// Dependency edges.
	for k, e := range g.Edges {
		if !d.keep[e.From] || !d.keep[e.To] {
			continue
		}
		from := g.ID(e.From)
		if name, ok := d.junction[e.Group]; ok && e.Group >= 0 {
			from = name
		}
		d.writeEdge(&body, e, from, d.cycleEdge[k])
	}

	if leftOut > 0 {
		fmt.Fprintf(&body, "\t\"note:left-out\" [shape=plaintext, fontcolor=%q, fontsize=10, label=%s];\n",
			colNote, quote(fmt.Sprintf("%d more services within %d hops left out\n(focus view limited to the %d closest)", leftOut, depthOr(opts.Depth), kept)))
	}

	var out bytes.Buffer
	out.WriteString("digraph blast {\n")
	fmt.Fprintf(&out, "\tgraph [rankdir=%s, fontname=%q, fontsize=11, bgcolor=\"#ffffff\", pad=0.25, nodesep=%g, ranksep=%g",
		rankdir, fontName, nodeSep, rankSep)
	if opts.Title != "" {
		fmt.Fprintf(&out, ", label=%s, labelloc=t, labeljust=l, fontsize=16", quote(opts.Title))
	}
	if d.large {
		// dot's network-simplex ranking (Gansner et al., "A Technique for
		// Drawing Directed Graphs", IEEE TSE 1993) takes tens of seconds on
		// thousands of nodes; blast places the nodes itself (see layered)
		// and Graphviz only draws them, with straight edges.
		out.WriteString(", layout=nop, splines=false, outputorder=edgesfirst")
	}
	out.WriteString("];\n")
	fmt.Fprintf(&out, "\tnode [fontname=%q, fontsize=11, style=filled, fillcolor=\"#ffffff\", color=%q, height=0.36, margin=\"0.12,0.04\"];\n", fontName, colInk)
	fmt.Fprintf(&out, "\tedge [fontname=%q, fontsize=9, color=%q, arrowsize=0.7];\n", fontName, colInk)
	out.Write(body.Bytes())
	if opts.Legend && !d.large {
		writeLegend(&out, &d.u)
	}
	out.WriteString("}\n")
	return out.Bytes(), nil
}

func depthOr(d int) int {
	if d <= 0 {
		return DefaultDepth
	}
	return d
}

// junctionStyle draws a redundancy group's junction, in the diagram and in
// its legend.
var junctionStyle = fmt.Sprintf("shape=box, style=\"rounded,dashed\", color=%q, fontcolor=%q, fontsize=9, width=0.3, height=0.25, margin=\"0.06,0.02\"", colGroup, colGroup)

// look is how one service is drawn.
type look struct {
	lines             []string // label lines
	fill, line, font  string
	shape, style, pen string
	bold              bool
}

func (d *drawing) look(i int) look {
	s := d.g.Services[i]
	rs := styleOf(s.Role)
	title := s.Title
	if title == "" {
		title = s.ID
	}
	l := look{lines: []string{title}, fill: rs.fill, line: colInk, shape: rs.shape, style: "filled", pen: penOf(s.Criticality), bold: d.isFocus[i]}
	if rs.style != "" {
		l.style = rs.style + ",filled"
	}
	if m, ok := d.opts.Fail[s.ID]; ok {
		switch {
		case m.Failed:
			l.fill, l.line, l.font = colFailedFill, colFailedFill, colFailedFont
			f := "failed"
			if d.opts.Start != nil {
				f += " " + clock(*d.opts.Start, m.At)
			}
			l.lines = append(l.lines, f)
		case m.State == model.ImpactOutage:
			l.fill, l.line = colOutageFill, colOutageLine
			l.lines = append(l.lines, "out "+when(d.opts.Start, m.At))
		case m.State == model.ImpactDegraded:
			l.fill, l.line = colDegradedFill, colDegradedLine
			l.lines = append(l.lines, "degraded "+when(d.opts.Start, m.At))
		}
		if m.Note != "" {
			l.lines = append(l.lines, m.Note)
		}
	}
	if d.inCycle[i] {
		l.line = colCycle
	}
	return l
}

func (d *drawing) writeNode(w *bytes.Buffer, indent string, i int) {
	s := d.g.Services[i]
	l := d.look(i)
	u := &d.u
	u.roles[s.Role] = true
	crit := s.Criticality
	if _, ok := critPen[crit]; !ok {
		crit = model.Medium
	}
	u.crits[crit] = true
	if m, ok := d.opts.Fail[s.ID]; ok {
		switch {
		case m.Failed:
			if u.failed == "" {
				u.failed = l.lines[1]
			}
		case m.State == model.ImpactOutage:
			if u.outage == "" || m.At > u.outageAt {
				u.outage, u.outageAt = l.lines[1], m.At
			}
		case m.State == model.ImpactDegraded:
			if u.degraded == "" || m.At > u.degradedAt {
				u.degraded, u.degradedAt = l.lines[1], m.At
			}
		}
	}
	if d.inCycle[i] {
		u.cycle = true
	}
	fmt.Fprintf(w, "%s%s [label=%s, shape=%s, style=%q, fillcolor=%q, color=%q, penwidth=%s", indent, quote(s.ID), labelOf(l.lines, l.bold), l.shape, l.style, l.fill, l.line, penOf(crit))
	if l.font != "" {
		fmt.Fprintf(w, ", fontcolor=%q", l.font)
	}
	if l.bold {
		u.focus = true
		w.WriteString(", peripheries=2")
	}
	tip := s.ID + " (" + string(s.Role) + ", " + string(crit) + ")"
	if ws := d.watches[i]; len(ws) > 0 && d.opts.Monitors != MonitorsShow {
		tip += "; monitors " + strings.Join(d.ids(ws), ", ")
	}
	fmt.Fprintf(w, "%s, tooltip=%s];\n", d.pos[s.ID], quote(tip))
	if d.opts.Monitors == MonitorsBundle && len(d.watches[i]) > 0 && !d.large {
		// (A large drawing keeps them in the tooltip, like its edge labels.)
		d.writeWatchList(w, indent, i)
	}
}

// labelOf is a node label of one or more lines: a DOT string, or an HTML
// label when bold (Graphviz measures <B> text with its bold widths, not a
// font name it has no metrics for).
func labelOf(lines []string, bold bool) string {
	if !bold {
		return quote(strings.Join(lines, "\n"))
	}
	esc := make([]string, len(lines))
	for k, l := range lines {
		esc[k] = htmlText(l)
	}
	return "<<B>" + strings.Join(esc, "<BR/>") + "</B>>"
}

// htmlText escapes text for a Graphviz HTML label, dropping control
// characters that XML does not allow.
func htmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return html.EscapeString(s)
}

func (d *drawing) ids(vs []int) []string {
	out := make([]string, len(vs))
	for k, v := range vs {
		out[k] = d.g.ID(v)
	}
	return out
}

func (d *drawing) titles(vs []int) []string {
	out := make([]string, len(vs))
	for k, v := range vs {
		if out[k] = d.g.Services[v].Title; out[k] == "" {
			out[k] = d.g.ID(v)
		}
	}
	return out
}

// watchedBy lists, for every kept observer, the kept services it monitors,
// sorted by index (that is, by ID) and without repeats.
func watchedBy(g *graph.Graph, keep []bool) map[int][]int {
	out := map[int][]int{}
	for i, s := range g.Services {
		if !keep[i] {
			continue
		}
		seen := map[int]bool{}
		for _, m := range s.Monitors {
			t, ok := g.Index(m)
			if !ok || !keep[t] || seen[t] {
				continue
			}
			seen[t] = true
			out[i] = append(out[i], t)
		}
		sort.Ints(out[i])
	}
	return out
}

// writeWatchList bundles an observer's monitors relations: one edge to a
// note beside it (same rank) that names what it watches.
func (d *drawing) writeWatchList(w *bytes.Buffer, indent string, i int) {
	d.u.monitors = MonitorsBundle
	id := d.g.ID(i)
	name := "watches:" + id
	fmt.Fprintf(w, "%s%s [label=%s, %s, tooltip=%s];\n", indent, quote(name), quote(watchLabel(d.titles(d.watches[i]))), watchStyle,
		quote(id+" monitors "+strings.Join(d.ids(d.watches[i]), ", ")))
	fmt.Fprintf(w, "%s{rank=same; %s; %s}\n", indent, quote(id), quote(name))
	fmt.Fprintf(w, "%s%s -> %s [%s];\n", indent, quote(id), quote(name), watchEdge)
}

// watchStyle and watchEdge draw a bundled monitors relation, in the diagram
// and in its legend.
var (
	watchStyle = fmt.Sprintf("shape=note, style=filled, fillcolor=\"#eef4fb\", color=%q, fontcolor=%q, fontsize=9, height=0.25, margin=\"0.08,0.03\"", colMonitors, colMonitors)
	watchEdge  = fmt.Sprintf("color=%q, style=dashed, arrowhead=odot, penwidth=0.9", colMonitors)
)

// watchLabel lists watched services on lines of about 40 characters.
func watchLabel(titles []string) string {
	var lines []string
	cur := "watches"
	sep := " "
	for _, t := range titles {
		if len(cur)+len(sep)+len(t) > 40 && cur != "watches" {
			lines = append(lines, cur+",")
			cur, sep = t, ""
		} else {
			cur += sep + t
		}
		sep = ", "
	}
	return strings.Join(append(lines, cur), "\n")
}

// writeMonitorEdges draws every monitors relation as its own thin, light
// edge that does not take part in the layout.
func (d *drawing) writeMonitorEdges(w *bytes.Buffer) {
	for i := 0; i < d.g.Len(); i++ {
		for _, t := range d.watches[i] {
			d.u.monitors = MonitorsShow
			fmt.Fprintf(w, "\t%s -> %s [%s, constraint=false, tooltip=%s];\n",
				quote(d.g.ID(i)), quote(d.g.ID(t)), showEdge, quote(d.g.ID(i)+" monitors "+d.g.ID(t)))
		}
	}
}

var showEdge = fmt.Sprintf("color=%q, style=dashed, arrowhead=odot, arrowsize=0.5, penwidth=0.7", colWatches)

// minlen is the ", minlen=N" of an edge leaving node name (see arrange).
func (d *drawing) minlen(name string) string {
	if l := d.level[name]; l > 0 {
		return ", minlen=" + strconv.Itoa(1+l)
	}
	return ""
}

func (d *drawing) writeEdge(w *bytes.Buffer, e graph.Edge, from string, cycle bool) {
	g, u, opts := d.g, &d.u, d.opts
	dep := e.Dep
	var labels []string
	style, color, pen := "solid", colInk, "1.2"
	switch dep.Impact {
	case model.ImpactOutage:
		u.impacts[model.ImpactOutage] = true
	case model.ImpactDegraded:
		u.impacts[model.ImpactDegraded] = true
		style, color = "dashed", colDegraded
	default:
		u.impacts[model.ImpactNone] = true
		style, color, pen = "dotted", colNone, "1"
	}
	if dep.After > 0 {
		l := "after " + model.FormatDuration(dep.After)
		if u.after == "" {
			u.after = l
		}
		labels = append(labels, l)
	}
	if b := dep.Buffer; b != nil {
		style, color, pen = "dotted", colBuffer, "1.6"
		l := "buffer " + model.FormatDuration(b.FillsIn) + ", " + b.OnFull.Verb()
		if !b.Tested {
			l += " (untested)"
		}
		if u.buffer == "" {
			u.buffer = l
		}
		labels = append(labels, l)
	}
	if !dep.Tested {
		color = colUntested
		u.untested = "untested"
		labels = append(labels, "untested")
	}
	if cycle {
		u.cycle = true
		color, pen = colCycle, "2.2"
	}
	// Failure overlay: the edge carried the failure if both ends are impaired.
	if mt, ok := opts.Fail[g.ID(e.To)]; ok && (mt.Failed || mt.State > model.ImpactNone) {
		if mf, ok := opts.Fail[g.ID(e.From)]; ok && !mf.Failed && mf.State > model.ImpactNone && (dep.Impact > model.ImpactNone || (dep.Buffer != nil && dep.Buffer.OnFull.Turns())) {
			color, pen = colOutageLine, "2.2"
			if mf.State == model.ImpactDegraded {
				color = colDegradedLine
				u.carriedDegraded = true
			} else {
				u.carriedOutage = true
			}
		}
	}
	fontcolor := color
	if color == colNone {
		fontcolor = colNote
	}
	fmt.Fprintf(w, "\t%s -> %s [style=%s, color=%q, penwidth=%s%s", quote(from), quote(g.ID(e.To)), style, color, pen, d.minlen(from))
	tip := g.ID(e.From) + " needs " + g.ID(e.To) + " (" + dep.Impact.String() + ")"
	if len(labels) > 0 {
		if d.large {
			// Labels would only clutter a drawing of this size: they move to the tooltip.
			tip += ", " + strings.Join(labels, ", ")
		} else {
			// decorate underlines the label and ties it to its edge, so a
			// label between two edges still says which one it belongs to.
			fmt.Fprintf(w, ", label=%s, fontcolor=%q, decorate=true", quote(strings.Join(labels, "\n")), fontcolor)
		}
	}
	if dep.Note != "" {
		tip += ": " + dep.Note
	}
	fmt.Fprintf(w, ", tooltip=%s];\n", quote(tip))
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
