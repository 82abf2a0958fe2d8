package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/model/modeltest"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

var start = time.Date(2020, 11, 25, 5, 15, 0, 0, time.FixedZone("PST", -8*3600))

func TestDOTGolden(t *testing.T) {
	kin := graph.New(kinesisModel())
	cyc := graph.New(cycleModel())
	big := largeModel(400, 7)
	tests := []struct {
		name string
		g    *graph.Graph
		opts Options
	}{
		{"kinesis", kin, Options{Legend: true, Title: "Kinesis, us-east-1"}},
		{"kinesis-nolegend", kin, Options{}},
		{"kinesis-fail", kin, Options{Legend: true, Fail: kinesisMarks()}},
		{"kinesis-fail-clock", kin, Options{Legend: true, Fail: kinesisMarks(), Start: &start}},
		{"kinesis-focus-cognito", kin, Options{Legend: true, Focus: []string{"cognito"}}},
		{"kinesis-focus-depth1", kin, Options{Focus: []string{"kinesis-frontend"}, Depth: 1, RankDir: "TB"}},
		{"cycle-clusters", cyc, Options{Legend: true, ClusterByTag: true, RankDir: "TB"}},
		{"focus-bounded", big, Options{Focus: []string{"svc-0003"}, Depth: 3, MaxNodes: 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DOT(tt.g, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			modeltest.Golden(t, filepath.Join("testdata", tt.name+".dot"), got)
		})
	}
}

func TestDOTDeterministic(t *testing.T) {
	for _, g := range []*graph.Graph{graph.New(kinesisModel()), largeModel(500, 3)} {
		opts := Options{Legend: true, Fail: kinesisMarksFor(g), Start: &start}
		a, err := DOT(g, opts)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			b, _ := DOT(g, opts)
			if !bytes.Equal(a, b) {
				t.Fatal("two runs differ")
			}
		}
	}
}

// kinesisMarksFor returns the Kinesis marks restricted to services of g.
func kinesisMarksFor(g *graph.Graph) map[string]Mark {
	m := map[string]Mark{}
	for id, mk := range kinesisMarks() {
		if _, ok := g.Index(id); ok {
			m[id] = mk
		}
	}
	return m
}

func TestDOTErrors(t *testing.T) {
	g := graph.New(kinesisModel())
	tests := []struct {
		name string
		g    *graph.Graph
		opts Options
		want string
	}{
		{"nil graph", nil, Options{}, "nil graph"},
		{"unknown focus", g, Options{Focus: []string{"nope"}}, `unknown service "nope"`},
		{"unknown mark", g, Options{Fail: map[string]Mark{"nope": {Failed: true}}}, `unknown service "nope"`},
		{"bad rankdir", g, Options{RankDir: "diagonal"}, "rank direction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DOT(tt.g, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCycles(t *testing.T) {
	g := graph.New(cycleModel())
	nodes, edges := cycles(g)
	want := map[string]bool{"a": true, "b": true, "c": true}
	for i := range nodes {
		if nodes[i] != want[g.ID(i)] {
			t.Errorf("in cycle %s = %v, want %v", g.ID(i), nodes[i], want[g.ID(i)])
		}
	}
	for k, e := range g.Edges {
		wantE := want[g.ID(e.From)] && want[g.ID(e.To)] && e.Dep.Impact == model.ImpactOutage && e.Group < 0
		if edges[k] != wantE {
			t.Errorf("edge %s->%s in cycle = %v, want %v", g.ID(e.From), g.ID(e.To), edges[k], wantE)
		}
	}
	// The language's hard dependency: a blocking buffer makes b -> a hard,
	// a group of one member is no group, a degraded back edge is soft.
	back := dep("a", model.ImpactNone)
	back.Buffer = &model.Buffer{FillsIn: time.Hour, OnFull: model.OnFullBlock}
	solo := dep("d", model.ImpactOutage)
	solo.Group = "solo"
	hd := &model.Model{Services: []*model.Service{
		svc("a", model.RoleService, model.Medium, dep("b", model.ImpactOutage)),
		svc("b", model.RoleService, model.Medium, back),
		svc("c", model.RoleService, model.Medium, solo),
		svc("d", model.RoleService, model.Medium, dep("c", model.ImpactOutage)),
		svc("e", model.RoleService, model.Medium, dep("f", model.ImpactOutage)),
		svc("f", model.RoleService, model.Medium, dep("e", model.ImpactDegraded)),
	}}
	hd.Reindex()
	g = graph.New(hd)
	nodes, edges = cycles(g)
	for i := range nodes {
		if want := g.ID(i) < "e"; nodes[i] != want {
			t.Errorf("hard-dependency model: in cycle %s = %v, want %v", g.ID(i), nodes[i], want)
		}
	}
	for k, e := range g.Edges {
		if want := g.ID(e.From) < "e"; edges[k] != want {
			t.Errorf("hard-dependency model: edge %s->%s in cycle = %v, want %v", g.ID(e.From), g.ID(e.To), edges[k], want)
		}
	}
	// The Kinesis model has no hard cycle.
	kn, _ := cycles(graph.New(kinesisModel()))
	for i, c := range kn {
		if c {
			t.Errorf("kinesis: %d unexpectedly in a cycle", i)
		}
	}
}

func TestNeighbourhood(t *testing.T) {
	g := graph.New(kinesisModel())
	ids := func(keep []bool) string {
		var s []string
		for i, k := range keep {
			if k {
				s = append(s, g.ID(i))
			}
		}
		return strings.Join(s, ",")
	}
	idx := func(id string) int { i, _ := g.Index(id); return i }
	tests := []struct {
		root     string
		depth    int
		max      int
		want     string
		leftOver int
	}{
		{"cognito", 1, 0, "cognito,kinesis-frontend,shd-console", 0},
		{"cognito", 2, 0, "cognito,dynamodb,fleet-membership,kinesis-backend,kinesis-frontend,service-health-dashboard,shd-console", 0},
		{"shd-backup-tool", 3, 0, "service-health-dashboard,shd-backup-tool", 0},
		{"dynamodb", 1, 2, "dynamodb,kinesis-frontend", 0},
		{"kinesis-frontend", 1, 4, "cloudwatch,cognito,dynamodb,kinesis-frontend", 12},
	}
	for _, tt := range tests {
		keep, left := neighbourhood(g, []int{idx(tt.root)}, tt.depth, tt.max)
		if got := ids(keep); got != tt.want || left != tt.leftOver {
			t.Errorf("%s depth %d max %d: got %s (%d left out), want %s (%d)", tt.root, tt.depth, tt.max, got, left, tt.want, tt.leftOver)
		}
	}
}

func TestFocusNote(t *testing.T) {
	g := largeModel(400, 7)
	dot, err := DOT(g, Options{Focus: []string{"svc-0000"}, Depth: 5, MaxNodes: 20})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dot, []byte("more services within 5 hops left out")) {
		t.Error("no note for services left out")
	}
	if n := len(regexp.MustCompile(`(?m)^\t"svc-\d+" \[label`).FindAll(dot, -1)); n != 20 {
		t.Errorf("%d service nodes drawn, want 20", n)
	}
}

func TestFormatting(t *testing.T) {
	for _, tt := range []struct {
		at   time.Duration
		want string
	}{{106 * time.Minute, "07:01"}, {20 * time.Hour, "Nov 26 01:15"}} {
		if got := clock(start, tt.at); got != tt.want {
			t.Errorf("clock(+%v) = %q, want %q", tt.at, got, tt.want)
		}
	}
	if got := quote("a\"b\\c\nd"); got != `"a\"b\\c\nd"` {
		t.Errorf("quote = %s", got)
	}
}

func TestFormatFromPath(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"out.svg", "svg"}, {"x/y.PNG", "png"}, {"g.dot", "dot"}, {"g.gv", "dot"}, {"g.pdf", ""}, {"noext", ""},
	} {
		got, err := FormatFromPath(tt.path)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("FormatFromPath(%q) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
}

func render(t *testing.T, dot []byte, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(context.Background(), dot, format, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRenderSVG(t *testing.T) {
	m := kinesisModel()
	g := graph.New(m)
	dot, err := DOT(g, Options{Legend: true, Fail: kinesisMarks(), Title: "kinesis"})
	if err != nil {
		t.Fatal(err)
	}
	svg := render(t, dot, "svg")
	titles := map[string]bool{}
	texts := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var elem string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not valid XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			elem = tok.Name.Local
		case xml.EndElement:
			elem = ""
		case xml.CharData:
			switch elem {
			case "title":
				titles[string(tok)] = true
			case "text":
				texts[string(tok)] = true
			}
		}
	}
	for _, s := range m.Services {
		if !titles[s.ID] {
			t.Errorf("no <title> for %s", s.ID)
		}
		if !texts[s.Title] {
			t.Errorf("no label text %q", s.Title)
		}
	}
	for _, want := range []string{"Legend", "failed", "out +1h46m", "buffer 1h46m, blocks (untested)", "any of: publish", "untested"} {
		if !texts[want] {
			t.Errorf("no text %q in SVG", want)
		}
	}
	if again := render(t, dot, "svg"); !bytes.Equal(svg, again) {
		t.Error("SVG differs between two runs")
	}
	if got := render(t, dot, "dot"); !bytes.Equal(got, dot) {
		t.Error("dot format does not copy the DOT")
	}
	if err := Render(context.Background(), dot, "pdf", io.Discard); err == nil {
		t.Error("pdf accepted")
	}
	if err := Render(context.Background(), []byte("digraph { a -> }"), "svg", io.Discard); err == nil {
		t.Error("broken DOT accepted")
	}
}

// darkFraction decodes a PNG and returns its size and the fraction of
// pixels darker than mid-grey.
func darkFraction(t *testing.T, data []byte) (w, h int, dark float64) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				n++
			}
		}
	}
	return b.Dx(), b.Dy(), float64(n) / float64(b.Dx()*b.Dy())
}

func TestRenderPNG(t *testing.T) {
	g := graph.New(kinesisModel())
	for _, opts := range []Options{
		{Legend: true, Title: "Kinesis"},
		{Legend: true, Fail: kinesisMarks(), Start: &start},
		{Legend: true, Focus: []string{"cognito"}},
	} {
		dot, err := DOT(g, opts)
		if err != nil {
			t.Fatal(err)
		}
		w, h, dark := darkFraction(t, render(t, dot, "png"))
		if w < 600 || h < 300 || w > 8000 || h > 8000 {
			t.Errorf("implausible size %dx%d", w, h)
		}
		// Text and lines are dark; blobs (filled edge curves) would push this up.
		if dark > 0.08 || dark < 0.002 {
			t.Errorf("dark pixel fraction %.3f, want between 0.002 and 0.08", dark)
		}
	}
}

// TestPNGEdgeNotFilled pins the JSON op swap handled in rasterize: curved
// edges must be outlines, not filled shapes.
func TestPNGEdgeNotFilled(t *testing.T) {
	dot := []byte(`digraph { graph [pad=0.2]; node [shape=point]; a -> b; a -> c; b -> c; a -> d; d -> c; }`)
	_, _, dark := darkFraction(t, render(t, dot, "png"))
	if dark > 0.05 {
		t.Errorf("dark pixel fraction %.3f: edge curves are filled", dark)
	}
}

func TestLargeLayout(t *testing.T) {
	g := largeModel(LargeGraph+20, 5)
	dot, err := DOT(g, Options{Legend: true})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dot, []byte("layout=nop")) || bytes.Count(dot, []byte(", pos=\"")) < LargeGraph {
		t.Fatal("large graph not laid out by blast")
	}
	svg := render(t, dot, "svg")
	if n := bytes.Count(svg, []byte(`class="node"`)); n < LargeGraph+20 {
		t.Errorf("%d nodes in SVG, want at least %d", n, LargeGraph+20)
	}
}

func TestLayered(t *testing.T) {
	// a -> b -> c, a -> c, c -> a (cycle), d isolated.
	xs, ys := layered(4, [][2]int{{0, 1}, {1, 2}, {0, 2}, {2, 0}}, []float64{50, 50, 50, 50})
	if !(xs[0] < xs[1] && xs[1] < xs[2]) {
		t.Errorf("layers not left to right: %v", xs)
	}
	if xs[3] != xs[0] || ys[3] == ys[0] {
		t.Errorf("isolated vertex overlaps: %v %v", xs, ys)
	}
}

func BenchmarkDOT2000(b *testing.B) {
	g := largeModel(2000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := DOT(g, Options{Legend: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderSVG2000(b *testing.B) {
	g := largeModel(2000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dot, err := DOT(g, Options{Legend: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := Render(context.Background(), dot, "svg", io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/render")
	b.ReportMetric(2000, "services")
}

func BenchmarkRenderPNGKinesis(b *testing.B) {
	g := graph.New(kinesisModel())
	dot, _ := DOT(g, Options{Legend: true, Fail: kinesisMarks()})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := Render(context.Background(), dot, "png", io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/render")
}

// A note on a mark (a service up only through an untested alternative)
// becomes a label line without colouring the service as impaired.
func TestMarkNote(t *testing.T) {
	g := graph.New(kinesisModel())
	dot, err := DOT(g, Options{Fail: map[string]Mark{
		"kinesis-frontend":         {Failed: true},
		"service-health-dashboard": {Note: "up only via shd-backup-tool (untested)"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(dot), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), `"service-health-dashboard" [`) {
			line = l
		}
	}
	if !strings.Contains(line, `\nup only via shd-backup-tool (untested)"`) {
		t.Fatalf("note missing from the label: %s", line)
	}
	if strings.Contains(line, colOutageFill) || strings.Contains(line, colDegradedFill) {
		t.Fatalf("a noted service must not be coloured as impaired: %s", line)
	}
}

// The failure overlay of a cascade: the failed service, and every other
// service at the worst state it reaches, when it reaches it.
func TestFailureMarks(t *testing.T) {
	g := graph.New(kinesisModel())
	kf, _ := g.Index("kinesis-frontend")
	got := FailureMarks(g, g.Cascade([]int{kf}))
	out, deg := model.ImpactOutage, model.ImpactDegraded
	want := map[string]Mark{
		"kinesis-frontend": {State: out, Failed: true},
		"cloudwatch":       {State: out},
		"autoscaling":      {State: out},
		"lambda":           {State: out},
		"cognito":          {State: out, At: 106 * time.Minute},
		"shd-console":      {State: out, At: 106 * time.Minute},
		"workspaces":       {State: deg},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %+v, want %+v", id, got[id], w)
		}
	}
	for _, id := range []string{"dynamodb", "shd-backup-tool", "service-health-dashboard"} {
		if m, ok := got[id]; ok {
			t.Errorf("%s is marked %+v, want no mark", id, m)
		}
	}
	if m := UpOnlyVia([]string{"a", "b"}, true); m != (Mark{Note: "up only via a or b (untested)"}) {
		t.Errorf("UpOnlyVia = %+v", m)
	}
}
