package render

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// legendOf returns the legend cluster of a DOT description.
func legendOf(t *testing.T, dot []byte) string {
	t.Helper()
	s := string(dot)
	i := strings.Index(s, "subgraph cluster_legend {")
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], "\n\t}\n")
	return s[i : i+j]
}

// shopModel is a small web shop: no buffer, no redundancy group, no
// untested edge, and delays other than the Kinesis sample's.
func shopModel() *model.Model {
	out, deg := model.ImpactOutage, model.ImpactDegraded
	sessions := dep("sessions", out)
	sessions.After = 15 * time.Minute
	db := dep("catalog-db", out)
	db.After = 20 * time.Minute
	metrics := svc("metrics", model.RoleMonitoring, model.Low, dep("catalog", deg))
	metrics.Monitors = []string{"storefront", "catalog"}
	m := &model.Model{Services: []*model.Service{
		svc("storefront", model.RoleService, model.Critical, dep("catalog", out), sessions),
		svc("catalog", model.RoleService, model.High, db),
		svc("catalog-db", model.RoleStorage, model.High),
		svc("sessions", model.RoleStorage, model.Low),
		metrics,
	}}
	m.Reindex()
	return m
}

// The legend explains the marks of its own diagram, with the diagram's own
// labels: never the Kinesis sample's, never a mark that is not drawn.
func TestLegendShowsOnlyItsMarks(t *testing.T) {
	shop := graph.New(shopModel())
	kin := graph.New(kinesisModel())
	cdb, _ := shop.Index("catalog-db")
	tests := []struct {
		name      string
		g         *graph.Graph
		opts      Options
		want, not []string
	}{
		{"shop", shop, Options{Legend: true},
			[]string{`label="after 20m"`, `"service"`, `"storage"`, `"monitoring"`, `"critical (border)"`, `"low (border)"`, "watches B, C", "B: degraded when B fails"},
			[]string{"1h46m", "after 5m", "buffer", "untested", "any of:", `"auth"`, `"medium (border)"`, "no impact", `label="out `, `label="failed`, "reached A", "cycle"}},
		{"shop failed", shop, Options{Legend: true, Fail: FailureMarks(shop, shop.Cascade([]int{cdb}))},
			[]string{`label="failed"`, `label="out +20m"`, `label="degraded +20m"`, "B: the outage reached A", "B: the degradation reached A"},
			[]string{"1h46m", "07:01"}},
		{"shop hidden monitors", shop, Options{Legend: true, Monitors: MonitorsHide},
			nil, []string{"watches", "monitors"}},
		{"shop shown monitors", shop, Options{Legend: true, Monitors: MonitorsShow},
			[]string{"B: A monitors B"}, []string{"watches"}},
		{"kinesis failed", kin, Options{Legend: true, Fail: kinesisMarks()},
			[]string{`label="out +1h46m"`, `label="buffer 1h46m, blocks (untested)"`, `label="untested"`, "any of: publish", "B: the outage reached A"},
			[]string{"after "}},
		{"kinesis clock", kin, Options{Legend: true, Fail: kinesisMarks(), Start: &start},
			[]string{`label="out 07:01"`, `label="degraded 07:01"`}, []string{"+1h46m"}},
		{"kinesis focus", kin, Options{Legend: true, Focus: []string{"cognito"}},
			[]string{`<<B>focus</B>>`, "peripheries=2"}, []string{"failed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dot, err := DOT(tt.g, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			legend := legendOf(t, dot)
			if legend == "" {
				t.Fatal("no legend")
			}
			for _, w := range tt.want {
				if !strings.Contains(legend, w) {
					t.Errorf("legend lacks %q:\n%s", w, legend)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(legend, n) {
					t.Errorf("legend shows %q, which the diagram does not draw:\n%s", n, legend)
				}
			}
		})
	}
}

func TestMonitorsModes(t *testing.T) {
	g := graph.New(kinesisModel())
	observed := regexp.MustCompile(`(?m)^\t"(cloudwatch|service-health-dashboard)" -> "(kinesis-frontend|cognito)" \[color="[^"]+", style=dashed, arrowhead=odot.*constraint=false`)
	tests := []struct {
		mode            string
		edges, bundles  int
		watchListLabels []string
	}{
		{"", 0, 2, []string{`label="watches kinesis-frontend"`, `label="watches cognito, kinesis-frontend"`}},
		{MonitorsBundle, 0, 2, nil},
		{MonitorsShow, 3, 0, nil},
		{MonitorsHide, 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			dot, err := DOT(g, Options{Monitors: tt.mode})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(observed.FindAll(dot, -1)); n != tt.edges {
				t.Errorf("%d monitors edges, want %d", n, tt.edges)
			}
			if n := bytes.Count(dot, []byte(`-> "watches:`)); n != tt.bundles {
				t.Errorf("%d bundled edges, want %d", n, tt.bundles)
			}
			for _, l := range tt.watchListLabels {
				if !bytes.Contains(dot, []byte(l)) {
					t.Errorf("no watch list %s", l)
				}
			}
			render(t, dot, "svg")
		})
	}
	// A large drawing, laid out by blast, keeps bundled relations in the
	// observer's tooltip: a note would have no position.
	big := largeModel(LargeGraph+10, 2)
	big.Services[5].Monitors = []string{"svc-0001", "svc-0002"}
	dot, err := DOT(big, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(dot, []byte("watches:")) || !bytes.Contains(dot, []byte("monitors svc-0001, svc-0002")) {
		t.Error("large drawing: bundled relations not in the tooltip")
	}
	render(t, dot, "svg")
	if _, err := DOT(g, Options{Monitors: "spaghetti"}); err == nil || !strings.Contains(err.Error(), "bundle, show, hide") {
		t.Errorf("unknown mode: err = %v", err)
	}
}

// svgSize reads the width and height of Graphviz's SVG, in points.
func svgSize(t *testing.T, svg []byte) (w, h float64) {
	t.Helper()
	m := regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`).FindSubmatch(svg)
	if m == nil {
		t.Fatal("SVG has no size")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

// A service with many dependents puts them on one rank: stagger spreads
// them so that a TB drawing is not many times wider than tall.
func TestTopDownProportions(t *testing.T) {
	g := graph.New(kinesisModel())
	for _, opts := range []Options{
		{RankDir: "TB"},
		{RankDir: "TB", Legend: true},
		{RankDir: "TB", Focus: []string{"kinesis-frontend"}, Depth: 1},
	} {
		dot, err := DOT(g, opts)
		if err != nil {
			t.Fatal(err)
		}
		w, h := svgSize(t, render(t, dot, "svg"))
		if w/h > 3 {
			t.Errorf("%+v: %.0f x %.0f pt, %.1f times wider than tall", opts, w, h, w/h)
		}
	}
	// A balanced drawing is left alone.
	dot, _ := DOT(g, Options{})
	if bytes.Contains(dot, []byte("minlen=")) {
		t.Error("LR Kinesis staggered")
	}
}

func TestStagger(t *testing.T) {
	// Twelve sources on one hub: one rank twelve wide, two deep.
	n := 13
	var edges [][2]int
	cross, along := make([]float64, n), make([]float64, n)
	for v := range cross {
		cross[v], along[v] = 100, 26
		if v > 0 {
			edges = append(edges, [2]int{v, 0})
		}
	}
	level, _ := stagger(n, edges, cross, along, 16, 36, 2)
	if level == nil {
		t.Fatal("star not staggered")
	}
	count := map[int]int{}
	for v := 1; v < n; v++ {
		count[level[v]]++
	}
	if len(count) < 3 || level[0] != 0 {
		t.Errorf("levels %v: want the sources over at least three ranks, the hub unmoved", level)
	}
	for l, c := range count {
		if c > 6 {
			t.Errorf("level %d holds %d of 12 sources", l, c)
		}
	}
	// A chain is as deep as it is wide: nothing to do.
	if level, _ := stagger(3, [][2]int{{0, 1}, {1, 2}}, cross[:3], along[:3], 16, 36, 2); level != nil {
		t.Errorf("chain staggered: %v", level)
	}
}

// Every label fits its node when drawn in Liberation Sans, the metrics
// of Arial, the font the SVG names: Graphviz measured it with those
// widths. A font name without built-in metrics (Helvetica-Bold was one)
// is measured as Times and overflows.
func TestSVGTextFitsNodes(t *testing.T) {
	g := graph.New(kinesisModel())
	for _, opts := range []Options{
		{Legend: true, Fail: kinesisMarks(), Start: &start},
		{Legend: true, Focus: []string{"cognito", "kinesis-frontend"}},
	} {
		dot, err := DOT(g, opts)
		if err != nil {
			t.Fatal(err)
		}
		svg := render(t, dot, "svg")
		checked := 0
		for _, n := range svgNodes(t, svg) {
			if math.IsInf(n.minX, 0) {
				continue // text only: no outline to overflow
			}
			for _, tx := range n.texts {
				if tx.family != fontName {
					t.Errorf("%s: text %q in font %q, want %q", n.title, tx.s, tx.family, fontName)
				}
				w := textWidth(tx.s, tx.size, tx.bold)
				// Graphviz pads labels by 0.12 in; a third of that must remain.
				if tx.x-w/2 < n.minX+3 || tx.x+w/2 > n.maxX-3 {
					t.Errorf("%s: %q (%.1f pt wide) overflows its node [%.1f, %.1f]", n.title, tx.s, w, n.minX, n.maxX)
				}
				checked++
			}
		}
		if checked < 15 {
			t.Fatalf("only %d node texts checked", checked)
		}
	}
}

type svgText struct {
	s       string
	x, size float64
	family  string
	bold    bool
}

type svgNode struct {
	title      string
	minX, maxX float64
	texts      []svgText
}

// svgNodes reads each node group of Graphviz's SVG: its title, the
// horizontal extent of its outline and its centred texts.
func svgNodes(t *testing.T, svg []byte) []svgNode {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var out []svgNode
	var cur *svgNode
	var text *svgText
	inTitle := false
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	num := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	// extend widens the node's outline; plaintext nodes have none visible.
	var stroke string
	extend := func(x float64) {
		if stroke != "transparent" && stroke != "none" {
			cur.minX, cur.maxX = math.Min(cur.minX, x), math.Max(cur.maxX, x)
		}
	}
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			stroke = attr(e, "stroke")
			switch e.Name.Local {
			case "g":
				if attr(e, "class") == "node" {
					out = append(out, svgNode{minX: math.Inf(1), maxX: math.Inf(-1)})
					cur = &out[len(out)-1]
				}
			case "title":
				inTitle = cur != nil && cur.title == ""
			case "polygon", "polyline":
				if cur != nil {
					for _, p := range strings.Fields(attr(e, "points")) {
						extend(num(strings.Split(p, ",")[0]))
					}
				}
			case "ellipse":
				if cur != nil {
					extend(num(attr(e, "cx")) - num(attr(e, "rx")))
					extend(num(attr(e, "cx")) + num(attr(e, "rx")))
				}
			case "path":
				if cur != nil {
					for _, f := range regexp.MustCompile(`[-0-9.]+,[-0-9.]+`).FindAllString(attr(e, "d"), -1) {
						extend(num(strings.Split(f, ",")[0]))
					}
				}
			case "text":
				if cur != nil && attr(e, "text-anchor") == "middle" {
					text = &svgText{x: num(attr(e, "x")), size: num(attr(e, "font-size")), family: attr(e, "font-family"), bold: attr(e, "font-weight") == "bold"}
				}
			}
		case xml.CharData:
			if inTitle {
				cur.title += string(e)
			}
			if text != nil {
				text.s += string(e)
			}
		case xml.EndElement:
			depth--
			switch e.Name.Local {
			case "title":
				inTitle = false
			case "text":
				if text != nil {
					cur.texts = append(cur.texts, *text)
					text = nil
				}
			case "g":
				if cur != nil && depth <= 2 {
					cur = nil
				}
			}
		}
	}
	return out
}
