package graph

import (
	"errors"
	"math/rand"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

func TestPropagate(t *testing.T) {
	tests := []struct {
		name   string
		g      *Graph
		failed []int
		want   []model.Impact
	}{
		{"chain", build(S("a", D("b", out, 0)), S("b", D("c", out, time.Minute)), S("c")), []int{2}, []model.Impact{out, out, out}},
		{"degraded caps", build(S("a", D("b", out, 0)), S("b", D("c", deg, 0)), S("c")), []int{2}, []model.Impact{deg, deg, out}},
		{"none", build(S("a", D("b", none, 0)), S("b")), []int{1}, []model.Impact{none, out}},
		{"blocking buffer turns", build(S("a", Buffered(D("b", none, 0), time.Hour, model.OnFullBlock)), S("b")), []int{1}, []model.Impact{out, out}},
		{"failing buffer turns", build(S("a", Buffered(D("b", deg, 0), time.Hour, model.OnFullFail)), S("b")), []int{1}, []model.Impact{out, out}},
		{"dropping buffer keeps", build(S("a", Buffered(D("b", deg, 0), time.Hour, model.OnFullDrop)), S("b")), []int{1}, []model.Impact{deg, out}},
		{"buffer needs outage", build(S("a", Buffered(D("b", deg, 0), time.Hour, model.OnFullBlock)), S("b", D("c", deg, 0)), S("c")), []int{2}, []model.Impact{deg, deg, out}},
		{"group one member", build(S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", out, 0), "g")), S("b"), S("c")), []int{1}, []model.Impact{none, out, none}},
		{"group all members", build(S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", out, 0), "g")), S("b"), S("c")), []int{1, 2}, []model.Impact{out, out, out}},
		{"group weakest member", build(S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", deg, 0), "g")), S("b"), S("c")), []int{1, 2}, []model.Impact{deg, out, out}},
		{"cycle does not sustain itself", build(S("a", D("b", out, 0)), S("b", D("a", out, 0)), S("c")), []int{2}, []model.Impact{none, none, out}},
		{"cycle", build(S("a", D("b", out, 0)), S("b", D("a", out, 0), D("c", deg, 0)), S("c")), []int{2}, []model.Impact{deg, deg, out}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.g.propagate(tc.failed); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Propagate = %v, want %v", got, tc.want)
			}
		})
	}
}

// naivePropagate iterates the equations over all nodes until nothing changes:
// the textbook Kleene iteration, as an oracle for the worklist.
func naivePropagate(g *Graph, failed []int) []model.Impact {
	st := make([]model.Impact, g.Len())
	for _, f := range failed {
		st[f] = out
	}
	for changed := true; changed; {
		changed = false
		for v := range st {
			if s := g.evalNode(v, st); s > st[v] {
				st[v] = s
				changed = true
			}
		}
	}
	return st
}

func TestPropagateMatchesKleene(t *testing.T) {
	forRandomGraphs(3, 500, 1, 9, func(it int, g *Graph, intn func(int) int) {
		f := []int{intn(g.Len()), intn(g.Len())}
		if got, want := g.propagate(f), naivePropagate(g, f); !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d: %v, want %v", it, got, want)
		}
	})
}

func TestSingleFailuresAgreesWithPropagate(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	check := func(g *Graph, im *Impact) {
		t.Helper()
		n := g.Len()
		for u := 0; u < n; u++ {
			st := g.propagate([]int{u})
			oc, dc := 0, 0
			var victims []int32
			for v := 0; v < n; v++ {
				if v != u {
					switch st[v] {
					case out:
						oc++
						victims = append(victims, int32(v))
					case deg:
						dc++
					}
				}
				if got := im.Effect(u, v); got != st[v] {
					t.Fatalf("Effect(%d,%d) = %v, Propagate says %v", u, v, got, st[v])
				}
			}
			if !slices.Equal(im.Victims(u), victims) {
				t.Fatalf("Victims(%d) = %v, want %v", u, im.Victims(u), victims)
			}
			if im.OutageCount[u] != oc || im.DegradedCount[u] != dc {
				t.Fatalf("counts of %d = %d/%d, want %d/%d", u, im.OutageCount[u], im.DegradedCount[u], oc, dc)
			}
		}
		for v := 0; v < n; v++ {
			for _, u := range im.SPOFs(v) {
				if u == v || im.Effect(u, v) != out {
					t.Fatalf("SPOFs(%d) has %d", v, u)
				}
			}
		}
	}
	for it := 0; it < 1000; it++ {
		g := randomGraph(r, 1+r.Intn(10))
		check(g, mustImpact(t)(g.singleFailuresWith(impactOptions{})))
	}
	// Several chunks: a random model larger than the chunk size, its
	// chunks solved one at a time and several at once (rounds of 3, the
	// last one short), with the same result.
	for it := 0; it < 5; it++ {
		g := randomLarge(r, 300)
		one := mustImpact(t)(g.singleFailuresWith(impactOptions{ChunkSize: 64, Workers: 1}))
		check(g, one)
		if three := mustImpact(t)(g.singleFailuresWith(impactOptions{ChunkSize: 64, Workers: 3})); !reflect.DeepEqual(one, three) {
			t.Fatal("chunks solved three at a time differ from one at a time")
		}
	}
}

func randomLarge(r *rand.Rand, n int) *Graph {
	svcs := make([]*model.Service, n)
	for i := range svcs {
		svcs[i] = S(idx(i))
	}
	for i := range svcs {
		for j := 0; j < 3; j++ {
			to := r.Intn(n)
			if j > 0 && to == i {
				continue
			}
			d := D(svcs[to].ID, model.Impact(r.Intn(3)), 0)
			if j > 0 && r.Intn(3) == 0 {
				d.Group = "g"
			}
			if r.Intn(5) == 0 {
				d.Buffer = &model.Buffer{FillsIn: time.Minute, OnFull: model.OnFullBlock}
			}
			svcs[i].DependsOn = append(svcs[i].DependsOn, d)
		}
	}
	return build(svcs...)
}

func TestSingleFailuresRecord(t *testing.T) {
	g := build(S("a", D("c", out, 0)), S("b", D("c", deg, 0)), S("c"))
	im := mustImpact(t)(g.singleFailuresWith(impactOptions{CountsOnly: true, Degraders: func(v int) bool { return v == 0 }}))
	if im.SPOFs(0) != nil || im.Victims(2) != nil || !reflect.DeepEqual(im.Degraders(0), []int{2}) || im.Degraders(1) != nil {
		t.Fatalf("recorded lists wrong: %v %v %v %v", im.SPOFs(0), im.Victims(2), im.Degraders(0), im.Degraders(1))
	}
	if im.OutageCount[2] != 1 || im.DegradedCount[2] != 1 {
		t.Fatalf("counts: %v %v", im.OutageCount, im.DegradedCount)
	}
	full := mustImpact(t)(g.singleFailuresWith(impactOptions{}))
	if !reflect.DeepEqual(full.SPOFs(0), []int{2}) || !reflect.DeepEqual(full.Victims(2), []int32{0}) || full.SPOFs(1) != nil {
		t.Fatalf("lists: %v %v %v", full.SPOFs(0), full.Victims(2), full.SPOFs(1))
	}
	if !reflect.DeepEqual(full.Degraders(1), []int{2}) || !reflect.DeepEqual(full.Degraders(0), []int{2}) {
		t.Fatalf("Degraders: %v %v", full.Degraders(0), full.Degraders(1))
	}
}

// mustImpact unwraps singleFailuresWith's result for a test.
func mustImpact(t testing.TB) func(*Impact, error) *Impact {
	return func(im *Impact, err error) *Impact {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return im
	}
}

// A model whose lists would exceed the budget is refused after the chunk
// that crosses it, with what was found so far; within it, nothing changes.
func TestSingleFailuresBudget(t *testing.T) {
	const n = 300
	svcs := make([]*model.Service, n)
	for i := range svcs {
		svcs[i] = S(idx(i))
		if i > 0 { // a chain down to s0, whose failure takes out every other
			svcs[i].DependsOn = append(svcs[i].DependsOn, D(idx(i-1), out, 0))
		}
	}
	g := build(svcs...)
	pairs := int64(n * (n - 1) / 2) // a chain: every service takes out all above it
	none := func(int) bool { return false }
	// The first 64 sources take out 64*299 - 64*63/2 = 17,120 services.
	_, err := g.singleFailuresWith(impactOptions{ChunkSize: 64, MaxPairs: 17119, Degraders: none})
	var tc *TooCoupledError
	if !errors.As(err, &tc) || tc.Budget != 17119 || tc.Pairs != 17120 || tc.Sources != 64 {
		t.Fatalf("err = %v (%+v), want a TooCoupledError after the first chunk", err, tc)
	}
	// Past the first chunk, on one worker or several: the refusal is the
	// same, after the third chunk (sources 0 to 191 take out
	// 192*299 - 192*191/2 = 39,072).
	for _, workers := range []int{1, 2, 3} {
		_, err := g.singleFailuresWith(impactOptions{ChunkSize: 64, MaxPairs: 39071, Degraders: none, Workers: workers})
		if !errors.As(err, &tc) || tc.Pairs != 39072 || tc.Sources != 192 {
			t.Fatalf("workers %d: err = %v (%+v), want a TooCoupledError after the third chunk", workers, err, tc)
		}
	}
	im, err := g.singleFailuresWith(impactOptions{ChunkSize: 64, MaxPairs: pairs, Degraders: none})
	if err != nil || len(im.Victims(0)) != n-1 {
		t.Fatalf("within the budget: %v", err)
	}
	// Recorded degraders count too: every outage is an impairment.
	if _, err := g.singleFailuresWith(impactOptions{ChunkSize: 64, MaxPairs: pairs}); !errors.As(err, &tc) {
		t.Fatalf("with degraders: err = %v, want a TooCoupledError", err)
	}
}

// transpose gives every row its sources, ascending, however many
// goroutines fill its ranges of rows.
func TestTranspose(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	n := 2*transposeBlock + 100
	lists := make([][]int32, n)
	want := make([][]int32, n)
	for u := range lists {
		for v := 0; v < n; v += 1 + r.Intn(2000) {
			if r.Intn(3) == 0 && v > transposeBlock {
				v += 3 * transposeBlock / 2 // some lists skip whole blocks
			}
			if v < n {
				lists[u] = append(lists[u], int32(v))
				want[v] = append(want[v], int32(u))
			}
		}
	}
	for _, workers := range []int{1, 2, 3, 8} {
		count := make([]int, n+1)
		for _, vs := range lists {
			for _, v := range vs {
				count[v+1]++
			}
		}
		got := transpose(lists, count, workers)
		for v := range n {
			if row := got.row(v); !slices.Equal(row, want[v]) && len(row)+len(want[v]) > 0 {
				t.Fatalf("workers %d: row %d = %v, want %v", workers, v, row, want[v])
			}
		}
	}
}
