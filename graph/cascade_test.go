package graph

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

const (
	m = time.Minute
	h = time.Hour
)

func TestCascadeTimes(t *testing.T) {
	type at struct{ deg, out time.Duration }
	N := Never
	tests := []struct {
		name   string
		g      *Graph
		failed []int
		want   []at
		path   []int  // Path(last node, its worst level)
		cause  string // its Cause, as causeString writes it
	}{
		{"delays add", build(S("a", D("b", out, 5*m)), S("b", D("c", out, 10*m)), S("c")), []int{2},
			[]at{{15 * m, 15 * m}, {10 * m, 10 * m}, {0, 0}}, []int{2, 1, 0}, "dependency via b"},
		{"degraded caps", build(S("a", D("b", out, 0)), S("b", D("c", deg, time.Minute)), S("c")), []int{2},
			[]at{{m, N}, {m, N}, {0, 0}}, []int{2, 1, 0}, "dependency via b"},
		{"blocking buffer: degraded then out", build(S("a", Buffered(D("b", deg, 0), 106*m, model.OnFullBlock)), S("b")), []int{1},
			[]at{{0, 106 * m}, {0, 0}}, []int{1, 0}, "buffer via b"},
		{"buffer with after", build(S("a", Buffered(D("b", none, 2*m), h, model.OnFullFail)), S("b")), []int{1},
			[]at{{62 * m, 62 * m}, {0, 0}}, []int{1, 0}, "buffer via b"},
		{"dropping buffer", build(S("a", Buffered(D("b", deg, 3*m), h, model.OnFullDrop)), S("b")), []int{1},
			[]at{{3 * m, N}, {0, 0}}, []int{1, 0}, "dependency via b"},
		{"buffer waits for outage", build(S("a", Buffered(D("b", deg, 0), h, model.OnFullBlock)), S("b", D("c", out, 30*m)), S("c")), []int{2},
			[]at{{30 * m, 90 * m}, {30 * m, 30 * m}, {0, 0}}, []int{2, 1, 0}, "buffer via b"},
		{"outage edge beats buffer", build(S("a", Buffered(D("b", out, m), h, model.OnFullBlock)), S("b")), []int{1},
			[]at{{m, m}, {0, 0}}, []int{1, 0}, "dependency via b"},
		{"group: max of members", build(S("a", Grouped(D("b", out, 5*m), "g"), Grouped(D("c", out, 20*m), "g")), S("b"), S("c")), []int{1, 2},
			[]at{{20 * m, 20 * m}, {0, 0}, {0, 0}}, []int{2, 0}, "group g via c"},
		{"group: one member is not enough", build(S("a", Grouped(D("b", out, 0), "g"), Grouped(D("c", out, 0), "g")), S("b"), S("c")), []int{1},
			[]at{{N, N}, {0, 0}, {N, N}}, nil, ""},
		{"group: levels separately", build(S("a", Grouped(D("b", deg, 5*m), "g"), Grouped(D("c", out, 7*m), "g")), S("b"), S("c")), []int{1, 2},
			[]at{{7 * m, N}, {0, 0}, {0, 0}}, []int{2, 0}, "group g via c"},
		{"group member via buffer", build(S("a", Grouped(Buffered(D("b", none, 0), h, model.OnFullBlock), "g"), Grouped(D("c", out, 7*m), "g")), S("b"), S("c")), []int{1, 2},
			[]at{{h, h}, {0, 0}, {0, 0}}, []int{1, 0}, "group g via b, buffered"},
		{"cycle", build(S("a", D("b", out, m)), S("b", D("a", out, m), D("c", out, 10*m)), S("c")), []int{2},
			[]at{{11 * m, 11 * m}, {10 * m, 10 * m}, {0, 0}}, []int{2, 1, 0}, "dependency via b"},
		{"cycle shortcut", build(S("a", D("b", out, m), D("c", out, h)), S("b", D("a", out, m)), S("c")), []int{2},
			[]at{{h, h}, {h + m, h + m}, {0, 0}}, []int{2, 0, 1}, "dependency via a"},
		{"earliest of two routes", build(S("a", D("b", out, 5*m), D("c", out, 4*m)), S("b"), S("c", D("b", out, 0))), []int{1},
			[]at{{4 * m, 4 * m}, {0, 0}, {0, 0}}, []int{1, 2, 0}, "dependency via c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl := tc.g.Cascade(tc.failed)
			for v, w := range tc.want {
				if tl.Degraded[v] != w.deg || tl.Outage[v] != w.out {
					t.Errorf("node %d: degraded %v outage %v, want %v %v", v, tl.Degraded[v], tl.Outage[v], w.deg, w.out)
				}
			}
			v := len(tc.want) - 1
			if tc.path != nil {
				v = tc.path[len(tc.path)-1]
			}
			lvl := model.ImpactOutage
			if tl.Outage[v] == Never {
				lvl = model.ImpactDegraded
			}
			if got := tl.Path(v, lvl); !reflect.DeepEqual(got, tc.path) {
				t.Errorf("Path = %v, want %v", got, tc.path)
			}
			if got := causeString(tl, v, lvl); got != tc.cause {
				t.Errorf("cause = %q, want %q", got, tc.cause)
			}
		})
	}
}

// causeString is a Cause in brief: its mechanism, the group, the
// dependency that delivered it and whether through its buffer.
func causeString(tl *Timeline, v int, level model.Impact) string {
	at, c := tl.At(v, level)
	if at == Never {
		return ""
	}
	g := tl.g
	if c.Mechanism == MechFailed {
		return "failed"
	}
	s := fmt.Sprintf("%s via %s", c.Mechanism, g.ID(g.Edges[c.Edge].To))
	if c.Mechanism == MechGroup {
		s = fmt.Sprintf("group %s via %s", g.Groups[c.Group].Name, g.ID(g.Edges[c.Edge].To))
		if c.Buffer {
			s += ", buffered"
		}
	}
	return s
}

// oracleTimes solves the time equations by Bellman-Ford style relaxation
// from Never downward: the largest fixed point, which with non-negative
// delays is the earliest derivable time, as Knuth's algorithm finds.
func oracleTimes(g *Graph, failed []int) (degT, outT []time.Duration) {
	n := g.Len()
	T := [2][]time.Duration{make([]time.Duration, n), make([]time.Duration, n)}
	for v := 0; v < n; v++ {
		T[0][v], T[1][v] = Never, Never
	}
	for _, f := range failed {
		T[0][f], T[1][f] = 0, 0
	}
	edgeT := func(k, l int) time.Duration {
		d := g.Edges[k].Dep
		best := Never
		if d.Impact >= model.Impact(l+1) {
			best = addSat(T[l][g.Edges[k].To], d.After)
		}
		if g.Turns(k) {
			best = min(best, addSat(addSat(T[1][g.Edges[k].To], d.Buffer.FillsIn), d.After))
		}
		return best
	}
	for changed := true; changed; {
		changed = false
		for v := 0; v < n; v++ {
			for l := 0; l < 2; l++ {
				best := T[l][v]
				for _, k := range g.Out(v) {
					if g.Edges[k].Group < 0 {
						best = min(best, edgeT(k, l))
					}
				}
				for _, gi := range g.groupsOf[v] {
					worst := time.Duration(0)
					for _, k := range g.Groups[gi].Edges {
						worst = max(worst, edgeT(k, l))
					}
					best = min(best, worst)
				}
				if best < T[l][v] {
					T[l][v] = best
					changed = true
				}
			}
		}
	}
	return T[0], T[1]
}

func TestCascadeMatchesOracleAndPropagate(t *testing.T) {
	forRandomGraphs(11, 1000, 1, 10, func(it int, g *Graph, intn func(int) int) {
		failed := []int{intn(g.Len())}
		if intn(3) == 0 {
			failed = append(failed, intn(g.Len()))
		}
		tl := g.Cascade(failed)
		dT, oT := oracleTimes(g, failed)
		if !reflect.DeepEqual(tl.Degraded, dT) || !reflect.DeepEqual(tl.Outage, oT) {
			t.Fatalf("iteration %d: got %v %v, oracle %v %v", it, tl.Degraded, tl.Outage, dT, oT)
		}
		st := g.propagate(failed)
		for v := range st {
			want := model.ImpactNone
			if tl.Degraded[v] != Never {
				want = model.ImpactDegraded
			}
			if tl.Outage[v] != Never {
				want = model.ImpactOutage
			}
			if st[v] != want {
				t.Fatalf("iteration %d: node %d eventual %v, cascade %v", it, v, st[v], want)
			}
			for l := model.ImpactDegraded; l <= model.ImpactOutage; l++ {
				at, _ := tl.At(v, l)
				if at == Never {
					continue
				}
				p := tl.Path(v, l)
				if p[len(p)-1] != v || tl.Outage[p[0]] != 0 {
					t.Fatalf("bad path %v for %d", p, v)
				}
			}
		}
	})
}
