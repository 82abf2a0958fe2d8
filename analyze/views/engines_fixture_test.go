package views

import (
	"bytes"
	"testing"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// kinesisModel loads testdata/kinesis.hcl, the engines' views' fixture.
func kinesisModel(t testing.TB) *model.Model {
	t.Helper()
	m, diags := model.Load("testdata/kinesis.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return m
}

// nodes resolves service IDs, as the CLI does before calling an engine.
func nodes(t testing.TB, g *graph.Graph, ids ...string) []int {
	t.Helper()
	out := make([]int, len(ids))
	for i, id := range ids {
		v, ok := g.Index(id)
		if !ok {
			t.Fatalf("no service %q", id)
		}
		out[i] = v
	}
	return out
}

// renderView renders result with the named view of fs.
func renderView[T any](t testing.TB, fs Formats[T], name string, o Options, result T) []byte {
	t.Helper()
	v, err := fs.New(name, o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := v.Render(&buf, result); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.Bytes()
}

// renderCharts renders result with every view of fs (the chart formats),
// checks that each is a file of its format, and returns the SVG.
func renderCharts[T any](t testing.TB, fs Formats[T], result T) (svg []byte) {
	t.Helper()
	magic := map[string]string{"svg": "<svg", "png": "\x89PNG"}
	for _, f := range fs.Names() {
		out := renderView(t, fs, f, Options{}, result)
		if !bytes.Contains(out[:min(len(out), 200)], []byte(magic[f])) {
			t.Errorf("%s: not a %s file", f, f)
		}
		if f == "svg" {
			svg = out
		}
	}
	return svg
}
