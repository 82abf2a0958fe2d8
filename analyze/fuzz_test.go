package analyze

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

// FuzzAnalyze loads one native-syntax file and, when it is a valid model,
// runs every rule, a cascade and the order-2 cut sets of the first service.
// Whatever the input: no panic; no analysis error for a model that loaded;
// findings in the contract's order, each with a known rule ID, a message,
// subjects and a path made of declared dependencies; and the same JSON on
// a second run.
func FuzzAnalyze(f *testing.F) {
	for _, pat := range []string{"../examples/*/*.hcl", "../model/testdata/*.hcl", "views/testdata/*.hcl"} {
		files := modeltest.SeedFiles(f, pat)
		var all []byte
		for _, s := range files {
			f.Add(s.Src)
			all = append(all, s.Src...)
			all = append(all, '\n')
		}
		if len(files) > 1 {
			f.Add(all) // an example's files together: the whole model in one file
		}
	}
	for _, s := range modeltest.SeedModels(f) {
		f.Add(s.Src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		m, diags := model.LoadSources([]model.Source{{Filename: "fuzz.hcl", Bytes: src}})
		if m == nil {
			t.Fatal("nil model")
		}
		if diags.HasErrors() {
			return
		}
		checkAnalysis(t, m)
	})
}

// checkAnalysis asserts the invariants of FuzzAnalyze on a loaded model.
func checkAnalysis(t *testing.T, m *model.Model) {
	t.Helper()
	res, err := Analyze(m)
	if err != nil {
		t.Fatalf("Analyze failed on a model that loaded: %v", err)
	}
	for i, f := range res.Findings {
		if i > 0 && Less(f, res.Findings[i-1]) {
			t.Errorf("findings out of order at %d: %q before %q", i, res.Findings[i-1].Message, f.Message)
		}
		if _, ok := slices.BinarySearch(model.RuleIDs, f.Rule); !ok {
			t.Errorf("unknown rule %q", f.Rule)
		}
		if f.Message == "" || len(f.Subjects) == 0 || slices.Contains(f.Subjects, "") {
			t.Errorf("%s: empty message or subjects: %+v", f.Rule, f)
		}
		for j := 1; j < len(f.Path); j++ {
			if !dependsOn(m, f.Path[j-1], f.Path[j]) {
				t.Errorf("%s: path %v: %s does not depend on %s", f.Rule, f.Path, f.Path[j-1], f.Path[j])
			}
		}
	}
	if len(res.Services) != len(m.Services) {
		t.Errorf("%d summaries for %d services", len(res.Services), len(m.Services))
	}
	first := marshalResult(t, res)
	again, err := Analyze(m)
	if err != nil {
		t.Fatalf("second Analyze failed: %v", err)
	}
	if second := marshalResult(t, again); !bytes.Equal(first, second) {
		t.Errorf("Analyze is not deterministic:\n%s\n---\n%s", first, second)
	}
	g := graph.New(m)
	if g.Len() > 0 {
		tl := g.Cascade([]int{0})
		for v := 0; v < g.Len(); v++ {
			if tl.Degraded[v] > tl.Outage[v] {
				t.Errorf("cascade: %s out before degraded", g.ID(v))
			}
		}
		sets, err := g.CutSets(0, 2)
		if err != nil {
			t.Errorf("cut sets of %s: %v", g.ID(0), err)
		}
		for _, cs := range sets {
			if len(cs) == 0 || len(cs) > 2 || slices.Contains(cs, 0) {
				t.Errorf("cut set %v of %s", cs, g.ID(0))
			}
		}
	}
}

func dependsOn(m *model.Model, from, to string) bool {
	s := m.Service(from)
	if s == nil {
		return false
	}
	for _, d := range s.DependsOn {
		if d.To == to {
			return true
		}
	}
	return false
}

func marshalResult(t *testing.T, res *Result) []byte {
	t.Helper()
	b, err := json.Marshal(struct {
		Services []ServiceSummary `json:"services"`
		Findings []Finding        `json:"findings"`
	}{res.Services, res.Findings})
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return b
}

// refPath is the plain breadth-first search with maps that pathFinder
// replaced: the reference its resumed searches must agree with.
func refPath(g *graph.Graph, from, to int, min model.Impact) []string {
	if from == to {
		return []string{g.ID(from)}
	}
	prev := map[int]int{from: -1}
	queue := []int{from}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, k := range g.Out(x) {
			e := g.Edges[k]
			if _, seen := prev[e.To]; seen || g.Passes(k, model.ImpactOutage) < min {
				continue
			}
			prev[e.To] = x
			if e.To == to {
				var path []string
				for y := to; y != -1; y = prev[y] {
					path = append([]string{g.ID(y)}, path...)
				}
				return path
			}
			queue = append(queue, e.To)
		}
	}
	return nil
}

// refImmediate is Fate.Immediate's definition, pair by pair.
func refImmediate(f *fateRelation, set []int) []int {
	var out []int
	for _, u := range set {
		explained := false
		for _, w := range set {
			if w != u && f.IsSPOF(u, w) && !f.IsSPOF(w, u) {
				explained = true
			}
		}
		if !explained {
			out = append(out, u)
		}
	}
	return out
}

// TestFateAndPaths checks the fast Fate and pathFinder against their
// definitions on generated models: Immediate by both of its scans (single
// points of failure of each service, and arbitrary subsets), and resumed
// searches in an interleaved order of sources, targets and levels.
func TestFateAndPaths(t *testing.T) {
	type model_ struct {
		n    int
		seed int64
		m    *model.Model
	}
	var models []model_
	for _, tc := range []struct {
		n, e int
		seed int64
	}{{100, 400, 1}, {200, 1200, 2}, {400, 1600, 3}} {
		models = append(models, model_{tc.n, tc.seed, graphtest.Generate(tc.n, tc.e, tc.seed)})
	}
	// Random small models of every density, and the two estate shapes
	// (a giant hard cycle; hubs, chains and small cycles).
	for seed := int64(10); seed < 40; seed++ {
		n := 5 + int(seed*7%60)
		models = append(models, model_{n, seed, graphtest.Generate(n, n*int(1+seed%6), seed)})
	}
	models = append(models, model_{300, 4, graphtest.Layered(300, 0.01, 4)}, model_{600, 5, graphtest.Tiered(600, 5)})
	for _, tc := range models {
		g := graph.New(tc.m)
		imp, err := g.SingleFailures()
		if err != nil {
			t.Fatal(err)
		}
		fate := newFate(imp, g.Len())
		r := rand.New(rand.NewSource(tc.seed))
		for v := 0; v < g.Len(); v++ {
			var victims []int
			for _, w := range fate.Victims[v] {
				victims = append(victims, int(w))
			}
			sets := [][]int{fate.Impact.SPOFs(v), victims}
			var sub []int
			for u := 0; u < g.Len(); u++ {
				if r.Intn(8) == 0 {
					sub = append(sub, u)
				}
			}
			sets = append(sets, sub)
			for i, set := range sets {
				if got, want := fate.Immediate(set), refImmediate(fate, set); !slices.Equal(got, want) {
					t.Fatalf("n=%d v=%d set %d: Immediate = %v, want %v", tc.n, v, i, got, want)
				}
			}
		}
		pf := newPathFinder(g)
		for q := 0; q < 4*g.Len(); q++ {
			from, to := r.Intn(g.Len()), r.Intn(g.Len())
			if r.Intn(4) != 0 && pf.from >= 0 {
				from = pf.from // resume the last search
			}
			lvl := []model.Impact{model.ImpactNone, model.ImpactDegraded, model.ImpactOutage}[r.Intn(3)]
			if got, want := pf.path(from, to, lvl), refPath(g, from, to, lvl); !slices.Equal(got, want) {
				t.Fatalf("n=%d path(%d, %d, %v) = %v, want %v", tc.n, from, to, lvl, got, want)
			}
		}
	}
}

// FuzzAnalyzeModel fuzzes the analyses below the loader: the bytes are
// decoded straight into a model (services, roles, criticalities, monitors,
// dependencies with impacts, delays, groups, buffers and tested flags), so
// nearly every input is a valid model and exercises the graph and the
// rules rather than the parser. Same invariants as FuzzAnalyze.
func FuzzAnalyzeModel(f *testing.F) {
	f.Add([]byte{3, 0, 1, 2, 0, 0, 1, 0, 2, 1, 2, 0, 0})
	f.Add([]byte{5, 1, 0, 0, 0, 16, 1, 2, 0, 0, 0, 1, 2, 1, 3, 2, 9, 3, 4, 0, 0, 4, 0, 2, 1})
	f.Add([]byte{8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 33, 1, 0, 2, 33, 2, 1, 0, 3, 1, 2, 0, 4, 3, 0, 0, 5, 4, 6, 0, 6, 5, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAnalysis(t, modelFromBytes(data))
	})
}

// modelFromBytes decodes a model: byte 0 is the service count (1-16), then
// one byte per service (role, criticality, whether it monitors), then
// 4-byte dependencies: from, to, flags (impact, group, buffer, on_full,
// tested), delay.
func modelFromBytes(data []byte) *model.Model {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	n := int(next()%16) + 1
	svcs := make([]*model.Service, n)
	for i := range svcs {
		b := next()
		id := string(rune('a' + i))
		svcs[i] = &model.Service{ID: id, Title: id,
			Role:        model.Roles[int(b)%len(model.Roles)],
			Criticality: model.Criticalities[int(b>>3)%len(model.Criticalities)]}
		if b&0x80 != 0 {
			for j := 0; j < n; j += 2 {
				svcs[i].Monitors = append(svcs[i].Monitors, string(rune('a'+(i+j+1)%n)))
			}
		}
	}
	for len(data) >= 4 {
		from, to, flags, delay := int(next())%n, int(next())%n, next(), next()
		if from == to || slices.ContainsFunc(svcs[from].DependsOn, func(d *model.Dependency) bool { return d.To == svcs[to].ID }) {
			continue // the loader rejects both
		}
		d := &model.Dependency{From: svcs[from].ID, To: svcs[to].ID,
			Impact: model.Impact(flags % 3), After: time.Duration(delay) * time.Minute, Tested: flags&0x40 == 0}
		if g := (flags >> 2) & 3; g != 0 {
			d.Group = string(rune('f' + g))
		}
		if flags&0x10 != 0 {
			d.Buffer = &model.Buffer{FillsIn: time.Duration(delay+1) * time.Minute,
				OnFull: []model.OnFull{model.OnFullBlock, model.OnFullFail, model.OnFullDrop}[int(flags>>5)%3],
				Tested: flags&0x80 != 0}
		}
		svcs[from].DependsOn = append(svcs[from].DependsOn, d)
	}
	m := &model.Model{Services: svcs}
	m.Reindex()
	return m
}

// IsSPOF answers from its marks of a cause's victims exactly as from the
// lists, whatever the order of the queries: runs about one cause of every
// length, interleaved with others.
func TestIsSPOFRuns(t *testing.T) {
	g := graph.New(graphtest.Layered(400, 0.01, 3))
	imp, err := g.SingleFailures()
	if err != nil {
		t.Fatal(err)
	}
	fate := newFate(imp, g.Len())
	r := rand.New(rand.NewSource(1))
	for q := 0; q < 200000; q++ {
		u := r.Intn(g.Len())
		if q > 0 && r.Intn(10) != 0 {
			u = fate.lastU // mostly long runs about one cause
		}
		v := r.Intn(g.Len()+2) - 1
		want := v >= 0 && v < g.Len() && slices.Contains(imp.SPOFs(v), u)
		if got := fate.IsSPOF(u, v); got != want {
			t.Fatalf("query %d: IsSPOF(%d, %d) = %v, want %v", q, u, v, got, want)
		}
	}
}
