package views

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

// htmlPageOf analyses m and renders its page with o.
func htmlPageOf(t testing.TB, m *model.Model, o HTMLOptions) (*HTMLReport, []byte) {
	t.Helper()
	res, err := analyze.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	r := ForHTML(ForAnalyze(res, scaling.Rows(m, m.EffectivePolicy().Headroom)), m, o)
	return r, renderView(t, HTML, "html", Options{ToolVersion: "v0.1.0"}, r)
}

var dataScript = regexp.MustCompile(`(?s)<script type="application/json" id="blast-data">(.*?)</script>`)

// pageDataOf reads back the JSON the page's script reads.
func pageDataOf(t testing.TB, page []byte) pageData {
	t.Helper()
	m := dataScript.FindSubmatch(page)
	if m == nil {
		t.Fatal("the page holds no data script")
	}
	var d pageData
	if err := json.Unmarshal(m[1], &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// pageRow is a timeline row as the page's script decodes it.
type pageRow struct {
	Service, State, Time, Mechanism, Path string
}

// readVarints reads a pageFailure list back.
func readVarints(t testing.TB, b64 string) []int {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for len(b) > 0 {
		x, n := binary.Uvarint(b)
		if n <= 0 {
			t.Fatalf("bad varint in %q", b64)
		}
		out, b = append(out, int(x)), b[n:]
	}
	return out
}

// decodeFailure reads a failure as the page's script does: its blast
// radius (service IDs) and its timeline rows.
func decodeFailure(t testing.TB, d pageData, f *pageFailure) (out, deg []string, rows []pageRow) {
	t.Helper()
	r := readVarints(t, f.R)
	set := func() []string {
		ids := []string{}
		n, v := r[0], 0
		for _, gap := range r[1 : 1+n] {
			v += gap
			ids = append(ids, d.Services[v].ID)
		}
		r = r[1+n:]
		return ids
	}
	out, deg = set(), set()
	if f.C == "" {
		return out, deg, nil
	}
	c := readVarints(t, f.C)
	nodes := c[0]
	parent, svc := make([]int, nodes), make([]int, nodes)
	for n := range nodes {
		back := c[1+2*n]
		parent[n], svc[n] = n-back, c[2+2*n]
		if back == 0 {
			parent[n] = -1
		}
	}
	for k := 1 + 2*nodes; k < len(c); k += 3 {
		var path []string
		for n := c[k] >> 1; n >= 0; n = parent[n] {
			path = append([]string{d.Services[svc[n]].ID}, path...)
		}
		state := "degraded"
		if c[k]&1 == 1 {
			state = "outage"
		}
		rows = append(rows, pageRow{path[len(path)-1], state, d.Strings[c[k+1]], d.Strings[c[k+2]], strings.Join(path, " -> ")})
	}
	return out, deg, rows
}

// TestHTMLCascades: the page holds, for every service, the rows that blast
// cascade --format json prints, and the services they impair are its
// blast radius in the analysis.
func TestHTMLCascades(t *testing.T) {
	m := kinesisModel(t)
	r, page := htmlPageOf(t, m, HTMLOptions{Paths: []string{"testdata/kinesis.hcl"}})
	d := pageDataOf(t, page)
	if kept, known := r.Kept(); kept != len(m.Services) || known != kept || len(d.Failures) != len(m.Services) {
		t.Fatalf("kept %d timelines and %d blast radii of %d services", kept, known, len(m.Services))
	}
	for v, s := range d.Services {
		var want jsonCascade
		c, err := cascade.Run(r.Graph, []int{v})
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(renderView(t, Cascade, "json", Options{}, c), &want); err != nil {
			t.Fatal(err)
		}
		gotOut, gotDeg, got := decodeFailure(t, d, d.Failures[v])
		if len(got) != len(want.Timeline) {
			t.Fatalf("%s: %d rows on the page, %d from blast cascade", s.ID, len(got), len(want.Timeline))
		}
		final := map[string]string{}
		for i, e := range want.Timeline {
			w := pageRow{e.Service, e.State, "+" + model.FormatDuration(time.Duration(e.AfterSeconds*float64(time.Second))), e.Mechanism, strings.Join(e.Path, " -> ")}
			if got[i] != w {
				t.Errorf("%s row %d:\n page  %+v\n blast %+v", s.ID, i, got[i], w)
			}
			if e.Service != s.ID {
				final[e.Service] = max(final[e.Service], e.State) // "outage" > "degraded"
			}
		}
		var out, deg []string
		for _, id := range slices.Sorted(maps.Keys(final)) {
			if final[id] == "outage" {
				out = append(out, id)
			} else {
				deg = append(deg, id)
			}
		}
		if !slices.Equal(gotOut, out) || !slices.Equal(gotDeg, deg) {
			t.Errorf("%s: the page's blast radius is %v out, %v degraded; blast cascade ends with %v and %v", s.ID, gotOut, gotDeg, out, deg)
		}
		if len(out) != s.Out || len(deg) != s.Deg {
			t.Errorf("%s: its cascade impairs %d out and %d degraded; the analysis counts %d and %d", s.ID, len(out), len(deg), s.Out, s.Deg)
		}
	}
}

func TestHTMLSelfContained(t *testing.T) {
	m := kinesisModel(t)
	_, page := htmlPageOf(t, m, HTMLOptions{Paths: []string{"testdata/kinesis.hcl"}})
	_, again := htmlPageOf(t, m, HTMLOptions{Paths: []string{"testdata/kinesis.hcl"}})
	if !bytes.Equal(page, again) {
		t.Error("two renderings of the same model differ")
	}
	// Nothing is fetched: no external script, style, font or image.
	for _, re := range []string{`<script[^>]+src=`, `<link\b`, `@import`, `url\(`, `src="(https?:)?//`, `<iframe`} {
		if loc := regexp.MustCompile(re).FindIndex(page); loc != nil {
			t.Errorf("the page loads something: %q", page[loc[0]:min(loc[1]+60, len(page))])
		}
	}
	for _, want := range []string{"<svg ", `class="node"`, "Findings (", `class="radius sortable"`, "USE NOW / LIMIT", `<img src="data:image/svg`, "scenario capacity-addition-2020-11-25", "Copyright 2009-2010 Andrea Leofreddi"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestHTMLBounds: past its bounds the page keeps the largest blast radii
// that fit and says what it left out.
func TestHTMLBounds(t *testing.T) {
	m := graphtest.Generate(300, 900, 1)
	tests := []struct {
		name     string
		o        HTMLOptions
		diagram  bool
		maxKept  int
		maxRows  int
		leftOut  string
		wantNote bool
	}{
		{name: "all", o: HTMLOptions{}, diagram: true, maxKept: 300},
		{name: "cascades", o: HTMLOptions{MaxCascades: 10}, diagram: true, maxKept: 10, wantNote: true},
		{name: "rows", o: HTMLOptions{MaxRows: 500}, diagram: true, maxKept: 300, maxRows: 500, wantNote: true},
		{name: "diagram", o: HTMLOptions{MaxDiagram: 100}, maxKept: 300, leftOut: "The diagram is left out: the model has 300 services, and this page draws at most 100 services."},
		{name: "table", o: HTMLOptions{MaxTable: 50}, diagram: true, maxKept: 300, leftOut: "The table lists the 50 services with the largest blast radius of 300;"},
		{name: "findings", o: HTMLOptions{MaxFindings: 20}, diagram: true, maxKept: 300, leftOut: "The page lists the 20 most severe of"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, page := htmlPageOf(t, m, tc.o)
			kept, known := r.Kept()
			if kept > tc.maxKept || kept == 0 || known < kept {
				t.Errorf("kept %d timelines, %d blast radii; want 1 to %d", kept, known, tc.maxKept)
			}
			if tc.maxRows > 0 && (r.Rows > tc.maxRows || r.Rows < tc.maxRows/2) {
				t.Errorf("%d rows kept, bound %d", r.Rows, tc.maxRows)
			}
			// The failures known are the largest blast radii, in the order
			// of the tables (topServices); the row budget keeps timelines
			// of some of them.
			if tc.o.MaxCascades > 0 {
				for i, s := range topServices(r.Document.Services, len(r.Document.Services)) {
					v, _ := r.Graph.Index(s.ID)
					if got := r.Failures[v] != nil; got != (i < tc.o.MaxCascades) {
						t.Errorf("%s, number %d by blast radius: known %v", s.ID, i+1, got)
					}
				}
			}
			if got := bytes.Contains(page, []byte(`id="bounds"`)); got != tc.wantNote {
				t.Errorf("note on what was left out: %v, want %v", got, tc.wantNote)
			}
			if got := bytes.Contains(page, []byte(`class="node"`)); got != tc.diagram {
				t.Errorf("diagram drawn: %v, want %v", got, tc.diagram)
			}
			if tc.leftOut != "" && !bytes.Contains(page, []byte(tc.leftOut)) {
				t.Errorf("the page does not say %q", tc.leftOut)
			}
			if rows, want := bytes.Count(page, []byte("<tr data-id=")), min(len(m.Services), cmp.Or(tc.o.MaxTable, DefaultHTMLTable)); rows != want {
				t.Errorf("%d rows in the blast radius table, want %d", rows, want)
			}
			if n, want := bytes.Count(page, []byte(`<li class="finding `)), min(len(r.Document.Findings), cmp.Or(tc.o.MaxFindings, DefaultHTMLFindings)); n != want {
				t.Errorf("%d findings listed, want %d", n, want)
			}
		})
	}
}

// TestHTMLEscapes: what users write (titles, notes, IDs in links) cannot
// end the page's scripts or add markup.
func TestHTMLEscapes(t *testing.T) {
	evil := `</script><script>alert(1)</script><b>`
	a := graphtest.Svc("a", graphtest.Dep("b", model.ImpactOutage, 0))
	a.Title = evil
	a.Criticality = model.Critical
	m := graphtest.Build(a, graphtest.Svc("b"))
	_, page := htmlPageOf(t, m, HTMLOptions{Paths: []string{`x"><script>`}})
	if n := bytes.Count(page, []byte("<script>alert(1)")); n != 0 {
		t.Errorf("a title's markup reaches the page %d times", n)
	}
	if bytes.Contains(page, []byte(`x"><script>`)) {
		t.Error("a path's markup reaches the page")
	}
	d := pageDataOf(t, page)
	if i := slices.IndexFunc(d.Services, func(s pageService) bool { return s.ID == "a" }); i < 0 || d.Services[i].Title != evil {
		t.Errorf("the script does not read the title back as written")
	}
}

// TestHTMLSourceLinks: file:line links resolve from the page's directory.
func TestHTMLSourceLinks(t *testing.T) {
	tests := []struct {
		file, base, report, wantLoc, wantHref string
	}{
		{"examples/k/services.hcl", "/work", "", "examples/k/services.hcl:3:1", "examples/k/services.hcl"},
		{"examples/k/services.hcl", "/work", "out", "examples/k/services.hcl:3:1", "../examples/k/services.hcl"},
		{"examples/k/services.hcl", "/work", "/tmp", "examples/k/services.hcl:3:1", "../work/examples/k/services.hcl"},
		{"/srv/infra/a b.hcl", "/work", "/srv", "/srv/infra/a b.hcl:3:1", "infra/a%20b.hcl"},
		{"a.hcl", "", "", "a.hcl:3:1", "a.hcl"},
	}
	for _, tc := range tests {
		loc, href := htmlFormat{Options{BaseDir: tc.base}}.source(&analyze.Range{Filename: tc.file, Start: analyze.Pos{Line: 3, Column: 1}}, tc.report)
		if loc != tc.wantLoc || href != tc.wantHref {
			t.Errorf("%s from %q in %q: %q %q, want %q %q", tc.file, tc.report, tc.base, loc, href, tc.wantLoc, tc.wantHref)
		}
	}
}

// BenchmarkHTML writes the page of generated models: ForHTML's cascades,
// Graphviz's layout and the rendering.
func BenchmarkHTML(b *testing.B) {
	for _, sz := range []struct{ n, e int }{{2000, 6000}, {2000, 10000}, {20000, 60000}, {100000, 300000}} {
		b.Run(fmt.Sprintf("n=%d/e=%d", sz.n, sz.e), func(b *testing.B) {
			m := graphtest.Generate(sz.n, sz.e, 1)
			res, err := analyze.Analyze(m)
			if err != nil {
				b.Fatal(err)
			}
			doc := ForAnalyze(res, scaling.Rows(m, m.EffectivePolicy().Headroom))
			v, _ := HTML.New("html", Options{})
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if err := v.Render(&buf, ForHTML(doc, m, HTMLOptions{})); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}
