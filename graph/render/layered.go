package render

import (
	"sort"
	"strconv"

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
		// Helvetica averages about 0.56 em per character; plus margins.
		widths = append(widths, float64(len([]rune(label)))*fontSize*0.56+24)
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
