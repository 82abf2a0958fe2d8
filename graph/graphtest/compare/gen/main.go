// Command gen writes a generated estate for the side-by-side comparison
// (see ../README.md): the model as HCL, and its dependencies as an edge
// list for networkx and igraph, one "DEPENDENT DEPENDENCY OUT DEG" per
// line: OUT is 1 when the edge eventually passes an outage (graph.Graph's
// OutageEdge: impact outage, or a buffer that blocks or fails when full),
// DEG is 1 when it passes at least a degradation (impact outage or
// degraded).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

func main() {
	shape := flag.String("shape", "tiered", "tiered, layered or chain")
	n := flag.Int("n", 10000, "services")
	seed := flag.Int64("seed", 1, "random seed")
	back := flag.Float64("back", 0.0025, "layered: fraction of back edges")
	noGroups := flag.Bool("no-groups", false, "drop redundancy groups (their members become plain dependencies), so that blast's counts are exactly ancestor counts")
	dir := flag.String("o", ".", "output directory")
	flag.Parse()
	var m *model.Model
	switch *shape {
	case "tiered":
		m = graphtest.Tiered(*n, *seed)
	case "layered":
		m = graphtest.Layered(*n, *back, *seed)
	case "chain":
		m = graphtest.Chain(*n, *seed)
	default:
		fmt.Fprintf(os.Stderr, "gen: unknown shape %q\n", *shape)
		os.Exit(2)
	}
	if *noGroups {
		for _, s := range m.Services {
			for _, d := range s.DependsOn {
				d.Group, d.Tested = "", true
			}
		}
	}
	if err := write(m, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(m *model.Model, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "model.hcl"), graphtest.HCL(m), 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "edges.txt"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	g := graph.New(m)
	// Every service, so that isolated ones count too; then the edges.
	fmt.Fprintf(w, "# %d services\n", g.Len())
	for v := range g.Len() {
		fmt.Fprintln(w, g.ID(v))
	}
	fmt.Fprintln(w, "# dependencies: dependent dependency out deg")
	b := func(ok bool) int {
		if ok {
			return 1
		}
		return 0
	}
	for k, e := range g.Edges {
		out, deg := g.OutageEdge(k), e.Dep.Impact >= model.ImpactDegraded
		if e.Group >= 0 && len(g.Groups[e.Group].Edges) > 1 {
			out = false // an alternative: no edge alone passes an outage
		}
		if out || deg {
			fmt.Fprintln(w, g.ID(e.From), g.ID(e.To), b(out), b(deg))
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
