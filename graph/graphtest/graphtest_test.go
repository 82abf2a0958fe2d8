package graphtest

import (
	"bytes"
	"slices"
	"testing"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Generate must work for every size, tiny ones included (it used to draw
// from an empty bottom layer below 50 services).
func TestGenerateSmall(t *testing.T) {
	for n := 0; n <= 120; n++ {
		m := Generate(n, 3*n, int64(n))
		if len(m.Services) != n {
			t.Fatalf("Generate(%d): %d services", n, len(m.Services))
		}
	}
}

// The estate shapes are what the scale benchmarks and the comparison with
// networkx and igraph stand on: pin what makes them the shapes they are.
func TestEstateShapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    *model.Model
		// degree bounds dependencies per service; biggest bounds the
		// largest hard cycle.
		degLo, degHi         float64
		biggestLo, biggestHi int
	}{
		{"tiered", Tiered(3000, 1), 3.6, 4.6, 2, 10},
		{"layered", Layered(3000, 0.0025, 1), 4.5, 5.5, 500, 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := graph.New(tc.m)
			if deg := float64(len(g.Edges)) / float64(g.Len()); deg < tc.degLo || deg > tc.degHi {
				t.Errorf("%.2f dependencies per service, want %.1f to %.1f", deg, tc.degLo, tc.degHi)
			}
			biggest := 0
			for _, c := range g.HardCycles() {
				biggest = max(biggest, len(c.Members))
			}
			if biggest < tc.biggestLo || biggest > tc.biggestHi {
				t.Errorf("largest hard cycle has %d services, want %d to %d", biggest, tc.biggestLo, tc.biggestHi)
			}
		})
	}
	a, b := HCL(Tiered(500, 3)), HCL(Tiered(500, 3))
	if !bytes.Equal(a, b) {
		t.Error("Tiered is not deterministic")
	}
}

// HCL writes what the loader reads back as the same model, in blast fmt's
// canonical form.
func TestHCLRoundTrip(t *testing.T) {
	for _, m := range []*model.Model{Tiered(400, 2), Layered(400, 0.01, 2), Generate(200, 800, 4)} {
		src := HCL(m)
		if f, diags := model.Format("gen.hcl", src); diags.HasErrors() || !bytes.Equal(f, src) {
			t.Fatalf("HCL is not canonically formatted (%v)", diags)
		}
		got, diags := model.LoadSources([]model.Source{{Filename: "gen.hcl", Bytes: src}})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		if len(got.Services) != len(m.Services) {
			t.Fatalf("%d services read back, want %d", len(got.Services), len(m.Services))
		}
		for i, s := range m.Services {
			r := got.Services[i]
			if r.ID != s.ID || r.Role != s.Role || r.Criticality != s.Criticality || !slices.Equal(r.Monitors, s.Monitors) || len(r.DependsOn) != len(s.DependsOn) {
				t.Fatalf("service %s read back as %+v", s.ID, r)
			}
			for j, d := range s.DependsOn {
				e := r.DependsOn[j]
				if e.To != d.To || e.Impact != d.Impact || e.After != d.After || e.Group != d.Group || e.Tested != d.Tested || (e.Buffer == nil) != (d.Buffer == nil) ||
					d.Buffer != nil && (e.Buffer.FillsIn != d.Buffer.FillsIn || e.Buffer.OnFull != d.Buffer.OnFull) {
					t.Fatalf("%s -> %s read back as %+v", s.ID, d.To, e)
				}
			}
		}
	}
}
