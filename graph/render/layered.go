package render

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/graph"
)

// layered computes a left-to-right layered drawing of a directed graph in
// the manner of Sugiyama, Tagawa and Toda ("Methods for Visual Understanding
// of Hierarchical System Structures", IEEE SMC 11(2), 1981): cycles are
// broken by reversing DFS back edges, layers are longest-path layers from the
// sources, and the order within each layer comes from alternating barycentre
// sweeps. It is used for large graphs, where Graphviz dot's network-simplex
// ranking (feasible_tree) takes tens of seconds; Graphviz then only draws the
// given positions (layout=nop). Edges are u -> v with u left of v. widths are
// the vertices' estimated widths in points. Returns centre positions in points,
// y growing upwards as Graphviz expects.
func layered(n int, edges [][2]int, widths []float64) (xs, ys []float64) {
	layer := longestPathLayers(n, edges)
	maxL := 0
	for _, l := range layer {
		if l > maxL {
			maxL = l
		}
	}
	layers := make([][]int, maxL+1)
	for v := 0; v < n; v++ {
		layers[layer[v]] = append(layers[layer[v]], v)
	}
	// Neighbours in both directions, for barycentres.
	preds := make([][]int, n)
	succs := make([][]int, n)
	for _, e := range edges {
		if e[0] != e[1] {
			succs[e[0]] = append(succs[e[0]], e[1])
			preds[e[1]] = append(preds[e[1]], e[0])
		}
	}
	pos := make([]float64, n)
	place := func(l []int) {
		for i, v := range l {
			pos[v] = float64(i)
		}
	}
	for _, l := range layers {
		place(l)
	}
	sweep := func(l []int, nb [][]int, fixed func(int) bool) {
		bary := make(map[int]float64, len(l))
		for _, v := range l {
			sum, k := 0.0, 0
			for _, w := range nb[v] {
				if fixed(w) {
					sum += pos[w]
					k++
				}
			}
			if k > 0 {
				bary[v] = sum / float64(k)
			} else {
				bary[v] = pos[v]
			}
		}
		sort.SliceStable(l, func(a, b int) bool { return bary[l[a]] < bary[l[b]] })
		place(l)
	}
	for it := 0; it < 4; it++ {
		for li := 1; li <= maxL; li++ {
			sweep(layers[li], preds, func(w int) bool { return layer[w] < li })
		}
		for li := maxL - 1; li >= 0; li-- {
			sweep(layers[li], succs, func(w int) bool { return layer[w] > li })
		}
	}
	// Coordinates: each column as wide as its widest vertex.
	const gapX, rowH = 70.0, 40.0
	xs = make([]float64, n)
	ys = make([]float64, n)
	x := 0.0
	for _, l := range layers {
		w := 0.0
		for _, v := range l {
			if widths[v] > w {
				w = widths[v]
			}
		}
		for i, v := range l {
			xs[v] = x + w/2
			ys[v] = (float64(len(l)-1)/2 - float64(i)) * rowH
		}
		x += w + gapX
	}
	return xs, ys
}

// longestPathLayers gives each vertex of a directed graph its layer: the
// length of the longest path reaching it from a source, after cycles are
// broken by dropping the back edges of a depth-first search in index order
// (the first two steps of Sugiyama et al.). Edges are u -> v; self-loops
// are ignored.
func longestPathLayers(n int, edges [][2]int) []int {
	out := make([][]int, n)
	for _, e := range edges {
		if e[0] != e[1] {
			out[e[0]] = append(out[e[0]], e[1])
		}
	}
	// Cycle breaking: iterative DFS in index order; back edges are dropped
	// from the layering DAG (they are still drawn).
	const white, grey, black = 0, 1, 2
	colour := make([]int, n)
	dag := make([][]int, n)
	type frame struct{ v, next int }
	for s := 0; s < n; s++ {
		if colour[s] != white {
			continue
		}
		stack := []frame{{s, 0}}
		colour[s] = grey
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(out[f.v]) {
				colour[f.v] = black
				stack = stack[:len(stack)-1]
				continue
			}
			w := out[f.v][f.next]
			f.next++
			switch colour[w] {
			case white:
				dag[f.v] = append(dag[f.v], w)
				colour[w] = grey
				stack = append(stack, frame{w, 0})
			case black:
				dag[f.v] = append(dag[f.v], w)
			}
		}
	}
	// Longest-path layering in topological (Kahn) order.
	indeg := make([]int, n)
	for v := range dag {
		for _, w := range dag[v] {
			indeg[w]++
		}
	}
	layer := make([]int, n)
	queue := make([]int, 0, n)
	for v := 0; v < n; v++ {
		if indeg[v] == 0 {
			queue = append(queue, v)
		}
	}
	for h := 0; h < len(queue); h++ {
		v := queue[h]
		for _, w := range dag[v] {
			if layer[v]+1 > layer[w] {
				layer[w] = layer[v] + 1
			}
			if indeg[w]--; indeg[w] == 0 {
				queue = append(queue, w)
			}
		}
	}
	return layer
}

// positions lays out the kept services and redundancy junctions of g with
// layered and returns each DOT node's ", pos=..." attribute by name.
func positions(g *graph.Graph, keep []bool, junction map[int]string, junctions []int) map[string]string {
	var names []string
	var widths []float64
	index := map[string]int{}
	add := func(name, label string, fontSize float64) {
		index[name] = len(names)
		names = append(names, name)
		w, _ := nodeSize([]string{label}, fontSize, "box", false)
		widths = append(widths, w)
	}
	for i, s := range g.Services {
		if keep[i] {
			t := s.Title
			if t == "" {
				t = s.ID
			}
			add(s.ID, t, 11)
		}
	}
	for _, gi := range junctions {
		add(junction[gi], "any of: "+g.Groups[gi].Name, 9)
	}
	var edges [][2]int
	for _, gi := range junctions {
		edges = append(edges, [2]int{index[g.ID(g.Groups[gi].Service)], index[junction[gi]]})
	}
	for _, e := range g.Edges {
		if !keep[e.From] || !keep[e.To] {
			continue
		}
		from := g.ID(e.From)
		if name, ok := junction[e.Group]; ok {
			from = name
		}
		edges = append(edges, [2]int{index[from], index[g.ID(e.To)]})
	}
	xs, ys := layered(len(names), edges, widths)
	pos := make(map[string]string, len(names))
	for i, name := range names {
		pos[name] = ", pos=\"" + strconv.FormatFloat(xs[i], 'f', 1, 64) + "," + strconv.FormatFloat(ys[i], 'f', 1, 64) + "\""
	}
	return pos
}

// nodeSize estimates the size in points that Graphviz gives a node with
// these label lines (margins 0.12 x 0.04 in, at least 0.75 x 0.36 in).
func nodeSize(lines []string, fontSize float64, shape string, bold bool) (w, h float64) {
	tw := 0.0
	for _, l := range lines {
		tw = math.Max(tw, textWidth(l, fontSize, bold))
	}
	w, h = tw+2*0.12*72, float64(len(lines))*fontSize*1.2+2*0.04*72
	switch shape {
	case "ellipse":
		w, h = w*1.42, h*1.42
	case "hexagon", "parallelogram":
		w *= 1.3
	}
	return math.Max(w, 0.75*72), math.Max(h, 0.36*72)
}

// arrange estimates dot's ranks for a drawing before Graphviz sees it, to
// keep it reasonably proportioned (stagger) and to find where the legend
// goes: beside the services that end the longest paths, which are on the
// last rank.
func (d *drawing) arrange(legend bool) {
	g := d.g
	var names []string
	index := map[string]int{}
	var cross, along []float64
	add := func(name string, w, h float64) {
		index[name] = len(names)
		names = append(names, name)
		if d.u.topDown {
			cross, along = append(cross, w), append(along, h)
		} else {
			cross, along = append(cross, h), append(along, w)
		}
	}
	for i := range g.Services {
		if !d.keep[i] {
			continue
		}
		l := d.look(i)
		w, h := nodeSize(l.lines, 11, l.shape, l.bold)
		if d.opts.Monitors == MonitorsBundle && len(d.watches[i]) > 0 {
			// The watch list shares the observer's rank.
			ww, wh := nodeSize(strings.Split(watchLabel(d.titles(d.watches[i])), "\n"), 9, "note", false)
			if d.u.topDown {
				w, h = w+nodeSep*72+ww, math.Max(h, wh)
			} else {
				w, h = math.Max(w, ww), h+nodeSep*72+wh
			}
		}
		add(g.ID(i), w, h)
	}
	for _, gi := range d.junctions {
		w := textWidth("any of: "+g.Groups[gi].Name, 9, false) + 2*0.06*72
		add(d.junction[gi], math.Max(w, 0.3*72), 0.25*72)
	}
	var edges [][2]int
	for _, gi := range d.junctions {
		edges = append(edges, [2]int{index[g.ID(g.Groups[gi].Service)], index[d.junction[gi]]})
	}
	for _, e := range g.Edges {
		if !d.keep[e.From] || !d.keep[e.To] {
			continue
		}
		from := g.ID(e.From)
		if name, ok := d.junction[e.Group]; ok {
			from = name
		}
		edges = append(edges, [2]int{index[from], index[g.ID(e.To)]})
	}
	d.level = map[string]int{}
	levels, across := stagger(len(names), edges, cross, along, nodeSep*72, rankSep*72, maxAspect)
	for v, l := range levels {
		if l > 0 {
			d.level[names[v]] = l
		}
	}
	d.u.across = across
	if legend {
		layer := longestPathLayers(len(names), edges)
		last := 0
		for _, l := range layer {
			last = max(last, l)
		}
		// The legend may share the last two ranks of an LR drawing when
		// their nodes are narrow: wide ones would stretch its samples.
		widest := 0.0
		for v, l := range layer {
			if l == last {
				d.u.anchors = append(d.u.anchors, names[v])
			}
			if l >= last-1 {
				widest = math.Max(widest, along[v])
			}
		}
		d.u.shareRanks = !d.u.topDown && widest <= legendShareWidth
	}
}

// legendShareWidth is the widest node, in points, of the ranks an LR legend
// shares with the drawing.
const legendShareWidth = 240

// maxAspect bounds the ratio of a drawing's extent across its ranks to its
// extent along them before stagger spreads its widest ranks.
const maxAspect = 1.5

// stagger spreads the sources (vertices nothing points to) of over-wide
// ranks over up to four ranks, in the manner of Graphviz's unflatten -l: a
// source whose out-edges ask for a minimum length of 1+level is placed
// level ranks before its nearest successor. A service with many
// dependents otherwise puts them all on one rank: 13 of them side by side
// make a TB drawing six times wider than tall.
//
// Ranks are estimated as dot's network simplex tends to place them
// (Gansner et al. 1993): longest-path layers, with every source pulled to
// just before its nearest successor. cross and along are the vertices'
// extents across and along the rank direction, gapCross and gapAlong the
// separations (nodesep, ranksep). It returns each vertex's level, nil when
// the drawing's extent across its ranks is already within aspect times its
// extent along them, and the estimated extent across the ranks.
func stagger(n int, edges [][2]int, cross, along []float64, gapCross, gapAlong, aspect float64) (level []int, across float64) {
	layer := longestPathLayers(n, edges)
	indeg := make([]int, n)
	succ := make([][]int, n)
	for _, e := range edges {
		if e[0] != e[1] {
			indeg[e[1]]++
			succ[e[0]] = append(succ[e[0]], e[1])
		}
	}
	rank := append([]int(nil), layer...)
	movable := make([]bool, n)
	for v := 0; v < n; v++ {
		if indeg[v] > 0 || len(succ[v]) == 0 {
			continue
		}
		r := math.MaxInt
		for _, s := range succ[v] {
			r = min(r, layer[s]-1)
		}
		if r >= 0 {
			rank[v] = r
		}
		movable[v] = true
	}
	// extent is the drawing's size across and along its ranks.
	extent := func(level []int) (across, depth float64) {
		widths, heights := map[int]float64{}, map[int]float64{}
		for v := 0; v < n; v++ {
			r := rank[v] - level[v]
			if _, ok := widths[r]; ok {
				widths[r] += gapCross
			}
			widths[r] += cross[v]
			heights[r] = math.Max(heights[r], along[v])
		}
		for _, w := range widths {
			across = math.Max(across, w)
		}
		for _, h := range heights {
			depth += h + gapAlong
		}
		return across, depth - gapAlong
	}
	none := make([]int, n)
	w0, d0 := extent(none)
	if n == 0 || w0 <= aspect*d0 {
		return nil, w0
	}
	byRank := map[int][]int{}
	maxRank := 0
	for v := 0; v < n; v++ {
		byRank[rank[v]] = append(byRank[rank[v]], v)
		maxRank = max(maxRank, rank[v])
	}
	width := func(vs []int) float64 {
		s := 0.0
		for _, v := range vs {
			s += cross[v] + gapCross
		}
		return s
	}
	var best []int
	bestRatio, bestAcross := w0/d0, w0
	for m := 2; m <= 4; m++ {
		level := make([]int, n)
		for r := 0; r <= maxRank; r++ {
			vs := byRank[r]
			if width(vs) <= w0/float64(m) {
				continue
			}
			// Fill the m ranks ending at r, least loaded first.
			load := make([]float64, m)
			for l := range load {
				for _, v := range byRank[r-l] {
					if l > 0 || !movable[v] {
						load[l] += cross[v] + gapCross
					}
				}
			}
			for _, v := range vs {
				if !movable[v] {
					continue
				}
				l := 0
				for k := range load {
					if load[k] < load[l] {
						l = k
					}
				}
				level[v] = l
				load[l] += cross[v] + gapCross
			}
		}
		w, dd := extent(level)
		if w/dd < bestRatio {
			best, bestRatio, bestAcross = level, w/dd, w
		}
		if w <= aspect*dd {
			break
		}
	}
	return best, bestAcross
}
