package views

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/internal/words"
	diagram "github.com/blast-tool/blast/graph/render"
	"github.com/blast-tool/blast/model"
)

// HTML is the view of an HTMLReport: `blast analyze --format html`.
var HTML = Formats[*HTMLReport]{
	{"html", func(o Options) View[*HTMLReport] { return htmlFormat{o} }},
}

// The page's assets: its template, style sheet and script, and the
// vendored svg-pan-zoom (BSD-2-Clause, its licence kept beside it and
// reproduced in every page).
//
//go:embed html/page.html html/page.css html/page.js html/svg-pan-zoom.min.js html/LICENSE.svg-pan-zoom
var htmlAssets embed.FS

var pageTemplate = template.Must(template.New("page.html").
	Funcs(template.FuncMap{
		"join":  func(s []string) string { return strings.Join(s, " ") },
		"minus": func(a, b int) int { return a - b },
	}).
	ParseFS(htmlAssets, "html/page.html"))

func asset(name string) string {
	b, err := htmlAssets.ReadFile("html/" + name)
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	return string(b)
}

// htmlFormat writes one self-contained page: tables and charts as HTML
// (readable without script and in print), Graphviz's diagram inline, and
// the figures the script needs (services, cascades) as JSON.
type htmlFormat struct{ Options }

func (v htmlFormat) Render(w io.Writer, r *HTMLReport) error {
	p, err := v.page(r)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// htmlPage is what page.html fills in.
type htmlPage struct {
	Title, Summary, Version string
	CSS                     template.CSS
	Script, Library         template.JS
	Data                    template.JS
	Colours                 diagram.OverlayColours

	Diagram     template.HTML
	DiagramNote string
	Bounds      string

	// FindingsTotal counts every finding; Findings lists at most
	// MaxFindings of them, and Services at most MaxTable.
	FindingsTotal, ServicesTotal int
	Findings                     []htmlFinding
	Severities                   []htmlCount
	Rules                        []htmlCount
	Services                     []htmlService

	ScalingHeader []string
	Scaling       [][]htmlCell
	Curves        []htmlChart
	Replays       []htmlChart
}

type htmlCount struct {
	Name, Title string
	N           int
}

type htmlFinding struct {
	Index                    int
	Severity, Rule, RuleHelp string
	RuleTitle                string
	Message                  string
	Subjects, Path           []string
	Location, Href           string
}

type htmlService struct {
	ID, Title, Role, Criticality string
	CritRank                     int
	Outage, Degraded             int
	SPOFs                        []string
}

type htmlCell struct{ Text, Class string }

// htmlChart is an SVG chart as an image, with its caption, or an error.
type htmlChart struct {
	Title string
	Src   template.URL
	Text  string // the replay's text view, for scenarios
	Err   string
}

// pageData is the JSON the script reads. Service references are indices
// into Services; strings that repeat (times, mechanisms) are indices into
// Strings.
type pageData struct {
	Paths    []string       `json:"paths"`
	Services []pageService  `json:"services"`
	Strings  []string       `json:"strings"`
	Failures []*pageFailure `json:"failures"` // by service; null past the bounds
}

// pageService is a service as the script sees it. Title is "" when it is
// the ID. The lists (SPOFs, Needs, NeededBy) are given for the services
// whose failure the page knows (Lists), the others have only their counts.
type pageService struct {
	ID       string `json:"id"`
	Title    string `json:"title,omitempty"`
	Role     string `json:"role"`
	Crit     string `json:"crit"`
	Loc      string `json:"loc,omitempty"`
	Href     string `json:"href,omitempty"`
	Out      int    `json:"out"`
	Deg      int    `json:"deg"`
	Lists    bool   `json:"lists,omitempty"`
	SPOFs    []int  `json:"spofs,omitempty"`
	Needs    []int  `json:"needs,omitempty"`
	NeededBy []int  `json:"neededBy,omitempty"`
	// Cut gives the whole lengths of SPOFs, Needs and NeededBy when one of
	// them is cut short (at htmlListCap).
	Cut []int `json:"cut,omitempty"`
}

// pageFailure is an HTMLFailure, compactly: lists of numbers as unsigned
// LEB128 varints (encoding/binary's Uvarint) in base64, about a third of
// their size as JSON, which a few lines of script read back.
type pageFailure struct {
	// R is the blast radius: the number of services out, their indices
	// as gaps from the one before (the first from 0); then the same for
	// the degraded.
	R string `json:"r"`
	// C is the timeline, absent when left out. The causal paths form a
	// tree from the failed service: C holds the number of tree nodes, each
	// as its distance back to its parent (0 for the root) and its service;
	// then for every row its node (times 2, plus 1 for an outage), time and
	// mechanism (string indices). A row's path is the walk up from its node.
	C string `json:"c,omitempty"`
	// Still are the "still up" lines and Sum the closing line (strings).
	Still []int `json:"still,omitempty"`
	Sum   int   `json:"sum"`
}

// varints builds a pageFailure list.
type varints []byte

func (w *varints) put(xs ...int) {
	for _, x := range xs {
		*w = binary.AppendUvarint(*w, uint64(x))
	}
}

// putSet writes an ascending list as its length and gaps.
func (w *varints) putSet(xs []int) {
	w.put(len(xs))
	prev := 0
	for _, x := range xs {
		w.put(x - prev)
		prev = x
	}
}

func (w varints) String() string { return base64.StdEncoding.EncodeToString(w) }

// interner numbers distinct strings in first-seen order.
type interner struct {
	index map[string]int
	list  []string
}

func (n *interner) id(s string) int {
	if i, ok := n.index[s]; ok {
		return i
	}
	if n.index == nil {
		n.index = map[string]int{}
	}
	n.index[s] = len(n.list)
	n.list = append(n.list, s)
	return len(n.list) - 1
}

func (v htmlFormat) page(r *HTMLReport) (*htmlPage, error) {
	d := r.Document
	p := &htmlPage{
		Title:   "blast report: " + strings.Join(r.Options.Paths, " "),
		Summary: summaryLine(d.Findings, len(d.Services)),
		Version: v.ToolVersion,
		CSS:     template.CSS(asset("page.css")),
		Script:  template.JS(asset("page.js")),
		Library: template.JS("/*! svg-pan-zoom, vendored from its npm package's dist/ (BSD-2-Clause):\n" +
			strings.ReplaceAll(asset("LICENSE.svg-pan-zoom"), "*/", "* /") + "*/\n" + asset("svg-pan-zoom.min.js")),
		Colours: diagram.Overlay,
		Bounds:  boundsNote(r),
	}
	if len(r.Options.Paths) == 0 {
		p.Title = "blast report"
	}
	data := v.scriptData(r)
	js, err := json.Marshal(data) // escapes <, > and &: safe inside <script>
	if err != nil {
		return nil, err
	}
	p.Data = template.JS(js)
	v.findings(p, r)
	v.tables(p, r, data)
	if err := errors.Join(v.diagram(p, r), v.charts(p, r)); err != nil {
		return nil, err
	}
	return p, nil
}

// diagram draws the dependency diagram as `blast graph` does, unless the
// model is past MaxDiagram.
func (v htmlFormat) diagram(p *htmlPage, r *HTMLReport) error {
	g := r.Graph
	if n := g.Len(); n > r.Options.MaxDiagram {
		p.DiagramNote = fmt.Sprintf("The diagram is left out: the model has %s, and this page draws at most %s. Draw part of it with blast graph --focus ID.",
			words.Count(n, "service"), words.Count(r.Options.MaxDiagram, "service"))
		return nil
	} else if n == 0 {
		return nil
	}
	dot, err := diagram.DOT(g, diagram.Options{Legend: true})
	if err != nil {
		return err
	}
	var svg bytes.Buffer
	if err := diagram.Render(context.Background(), dot, diagram.FormatSVG, &svg); err != nil {
		return err
	}
	p.Diagram = template.HTML(inlineSVG(svg.Bytes()))
	return nil
}

// scriptData is what the script needs: the services and their failures.
func (v htmlFormat) scriptData(r *HTMLReport) pageData {
	g := r.Graph
	data := pageData{Paths: r.Options.Paths, Services: make([]pageService, g.Len()), Failures: make([]*pageFailure, g.Len())}
	var strs interner
	summaries := map[string]analyze.ServiceSummary{}
	for _, s := range r.Document.Services {
		summaries[s.ID] = s
	}
	index := func(ids analyze.ServiceList) []int {
		out := make([]int, 0, ids.Len())
		for id := range ids.All() {
			if i, ok := g.Index(id); ok {
				out = append(out, i)
			}
		}
		return out
	}
	for i, s := range g.Services {
		sum := summaries[s.ID]
		ps := pageService{ID: s.ID, Role: string(s.Role), Crit: string(s.Criticality),
			Out: sum.BlastRadius.Outage, Deg: sum.BlastRadius.Degraded}
		if s.Title != s.ID {
			ps.Title = s.Title
		}
		if rg := analyze.RangeOf(s.DeclRange); rg != nil {
			ps.Loc, ps.Href = v.source(rg, r.Options.ReportDir)
		}
		if f := r.Failures[i]; f != nil {
			ps.Lists, ps.SPOFs = true, index(sum.SinglePointsOfFailure)
			ps.Needs, ps.NeededBy = neighbours(r, i)
			if lens := []int{len(ps.SPOFs), len(ps.Needs), len(ps.NeededBy)}; slices.Max(lens) > htmlListCap {
				ps.Cut = lens
				ps.SPOFs, ps.Needs, ps.NeededBy = ps.SPOFs[:min(len(ps.SPOFs), htmlListCap)], ps.Needs[:min(len(ps.Needs), htmlListCap)], ps.NeededBy[:min(len(ps.NeededBy), htmlListCap)]
			}
			data.Failures[i] = compactFailure(f, g.Index, &strs)
		}
		data.Services[i] = ps
	}
	data.Strings = strs.list
	return data
}

// findings lists the findings, most severe first, with the filters' counts.
func (v htmlFormat) findings(p *htmlPage, r *HTMLReport) {
	sevN, ruleN := map[string]int{}, map[string]int{}
	fs := sortedFindings(r.Document.Findings)
	p.FindingsTotal = len(fs)
	for i, f := range fs[:min(len(fs), r.Options.MaxFindings)] {
		hf := htmlFinding{Index: i, Severity: f.Severity.String(), Rule: f.Rule, Message: f.Message, Subjects: f.Subjects, Path: f.Path}
		hf.RuleTitle, hf.RuleHelp = rule(f.Rule).Title(), helpURI(f.Rule)
		if f.Range != nil {
			hf.Location, hf.Href = v.source(f.Range, r.Options.ReportDir)
		}
		sevN[hf.Severity]++
		ruleN[f.Rule]++
		p.Findings = append(p.Findings, hf)
	}
	for _, s := range severities {
		p.Severities = append(p.Severities, htmlCount{Name: s.String(), N: sevN[s.String()]})
	}
	for _, id := range ruleIDs(fs) {
		if ruleN[id] > 0 {
			p.Rules = append(p.Rules, htmlCount{Name: id, Title: rule(id).Title(), N: ruleN[id]})
		}
	}
}

// tables fills the blast radius table, largest first (the script sorts it
// anew), and the scaling table of blast scaling.
func (v htmlFormat) tables(p *htmlPage, r *HTMLReport, data pageData) {
	d := r.Document
	p.ServicesTotal = len(d.Services)
	for _, s := range topServices(d.Services, r.Options.MaxTable) {
		hs := htmlService{ID: s.ID, Title: s.ID, Role: s.Role, Criticality: s.Criticality, CritRank: critRank(s.Criticality),
			Outage: s.BlastRadius.Outage, Degraded: s.BlastRadius.Degraded, SPOFs: s.SinglePointsOfFailure.IDs()}
		if i, ok := r.Graph.Index(s.ID); ok {
			hs.Title = cmp.Or(data.Services[i].Title, s.ID)
		}
		p.Services = append(p.Services, hs)
	}
	p.ScalingHeader = scalingHeader
	for _, row := range d.Scaling {
		var cells []htmlCell
		for _, c := range rowCells(row) {
			cells = append(cells, htmlCell{Text: c.text, Class: cellClass[c.color]})
		}
		p.Scaling = append(p.Scaling, cells)
	}
}

// charts draws the scaling charts and the scenarios' replays, as blast
// scaling --plot and blast simulate --plot do.
func (v htmlFormat) charts(p *htmlPage, r *HTMLReport) error {
	var err error
	for _, c := range r.Curves {
		ch := htmlChart{Title: c.Service + " " + c.Resource}
		if c.Err != nil {
			ch.Err = c.Err.Error()
		} else if ch.Src, err = svgImage(func(w io.Writer) error { return plotCurve(w, "svg", c.Curve) }); err != nil {
			return err
		}
		p.Curves = append(p.Curves, ch)
	}
	for _, rp := range r.Replays {
		ch := htmlChart{Title: rp.Scenario}
		if rp.Err != nil {
			ch.Err = rp.Err.Error()
			p.Replays = append(p.Replays, ch)
			continue
		}
		if ch.Src, err = svgImage(func(w io.Writer) error { return plotReplay(w, "svg", rp.Replay) }); err != nil {
			return err
		}
		var text bytes.Buffer
		if err := simulationText(&text, rp.Replay); err != nil {
			return err
		}
		ch.Text = text.String()
		p.Replays = append(p.Replays, ch)
	}
	return nil
}

// boundsNote says what the page left out, if anything.
func boundsNote(r *HTMLReport) string {
	kept, known := r.Kept()
	n, o := r.Graph.Len(), r.Options
	var parts []string
	if known < n {
		parts = append(parts, fmt.Sprintf("This page shows the blast radius of %s of %s, those with the largest (it holds at most %s); for the others it gives the counts of the analysis.",
			words.Int(known), words.Count(n, "service"), words.Int(o.MaxCascades)))
	}
	if kept < known {
		who := "This page holds"
		if len(parts) > 0 {
			who = "It holds"
		}
		parts = append(parts, fmt.Sprintf("%s the cascade timelines of %s of the %s whose blast radius it shows, largest first (at most %s timeline rows in all); for the others, run blast cascade %s --fail ID.",
			who, words.Int(kept), words.Count(known, "service"), words.Int(o.MaxRows), strings.Join(o.Paths, " ")))
	}
	return strings.Join(parts, " ")
}

// cellClass maps the scaling table's terminal colours to the page's.
var cellClass = map[string]string{ansiRed: "bad", ansiYellow: "warn", ansiGreen: "ok"}

func critRank(c string) int {
	for i, k := range model.Criticalities {
		if string(k) == c {
			return len(model.Criticalities) - i
		}
	}
	return 0
}

// neighbours are the services that v needs directly and those that need it.
func neighbours(r *HTMLReport, v int) (needs, neededBy []int) {
	g := r.Graph
	seen := map[int]bool{}
	for _, k := range g.Out(v) {
		if to := g.Edges[k].To; !seen[to] {
			seen[to] = true
			needs = append(needs, to)
		}
	}
	clear(seen)
	for _, k := range g.In(v) {
		if from := g.Edges[k].From; !seen[from] {
			seen[from] = true
			neededBy = append(neededBy, from)
		}
	}
	sort.Ints(needs)
	sort.Ints(neededBy)
	if needs == nil {
		needs = []int{}
	}
	if neededBy == nil {
		neededBy = []int{}
	}
	return needs, neededBy
}

// compactFailure encodes a failure as pageFailure, with the same rows,
// times and mechanisms as `blast cascade` prints.
func compactFailure(f *HTMLFailure, index func(string) (int, bool), strs *interner) *pageFailure {
	var radius varints
	radius.putSet(f.Out)
	radius.putSet(f.Degraded)
	pf := &pageFailure{R: radius.String()}
	c := f.Cascade
	if c == nil {
		return pf
	}
	type key struct{ parent, svc int }
	nodes := map[key]int{}
	var tree, rows varints
	for _, e := range c.Timeline {
		node := -1
		for _, id := range e.Path {
			svc, _ := index(id)
			k := key{node, svc}
			n, ok := nodes[k]
			if !ok {
				n = len(nodes)
				nodes[k] = n
				back := 0
				if node >= 0 {
					back = n - node
				}
				tree.put(back, svc)
			}
			node = n
		}
		state := 0
		if e.State == model.ImpactOutage {
			state = 1
		}
		rows.put(2*node+state, strs.id(offsetText(e.At)), strs.id(mechanismText(e)))
	}
	var all varints
	all.put(len(nodes))
	pf.C = append(all, append(tree, rows...)...).String()
	for _, sv := range c.HangingOn {
		pf.Still = append(pf.Still, strs.id(survivorText(sv)))
	}
	pf.Sum = strs.id(cascadeSummary(c))
	return pf
}

// source is a range's "file:line:column" and a link to the file from the
// page's directory. Relative names are taken from Options.BaseDir (the
// working directory); without it, both are relative to the same one.
func (v htmlFormat) source(rg *analyze.Range, reportDir string) (loc, href string) {
	loc = fmt.Sprintf("%s:%d:%d", relPath(rg.Filename, v.BaseDir), rg.Start.Line, rg.Start.Column)
	abs := func(p string) string {
		if v.BaseDir != "" && !filepath.IsAbs(p) {
			return filepath.Join(v.BaseDir, p)
		}
		return p
	}
	file := abs(rg.Filename)
	if rel, err := filepath.Rel(abs(cmp.Or(reportDir, ".")), file); err == nil {
		file = rel
	}
	u := url.URL{Path: filepath.ToSlash(file)}
	if filepath.IsAbs(file) {
		u.Scheme = "file"
	}
	return loc, u.String()
}

var (
	svgProlog  = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)
	svgComment = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
	svgSize    = regexp.MustCompile(`\A<svg width="[^"]*" height="[^"]*"`)
	svgGroup   = regexp.MustCompile(`^<g id="((?:node|edge)\d+)" class="(?:node|edge)">$`)
	svgTitle   = regexp.MustCompile(`^<title>(.*)</title>$`)
	svgAnchor  = regexp.MustCompile(`^<g id="a_([a-z]+\d+)"><a xlink:title="(.*)">$`)
)

// inlineSVG makes Graphviz's SVG document an element of the page: no XML
// prolog or doctype, no comments (they repeat each element's title), and
// a size that fills its box (the viewBox keeps the proportions).
func inlineSVG(b []byte) []byte {
	b = svgProlog.ReplaceAll(b, []byte("$1"))
	b = svgComment.ReplaceAll(b, nil)
	b = svgSize.ReplaceAll(b, []byte(`<svg width="100%" height="100%" role="img" aria-label="dependency diagram"`))
	return slimSVG(b)
}

// slimSVG drops the link Graphviz wraps around each node and edge to carry
// its tooltip: the name moves to a data-name attribute and the tooltip to
// the title, which browsers show on hover. A third fewer elements make a
// large diagram parse faster; what is drawn is unchanged. Graphviz writes
// each element on a line of its own:
//
//	<g id="node1" class="node">
//	<title>NAME</title>
//	<g id="a_node1"><a xlink:title="TOOLTIP">
//	...shapes...
//	</a>
//	</g>
//	</g>
//
// Groups of any other form are kept as they are.
func slimSVG(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	out := make([]byte, 0, len(b))
	open := 0 // wrapped groups whose "</a>", "</g>" are still to drop
	for i := 0; i < len(lines); i++ {
		l := bytes.TrimSuffix(lines[i], []byte("\n"))
		if g := svgGroup.FindSubmatch(l); g != nil && i+2 < len(lines) {
			t := svgTitle.FindSubmatch(bytes.TrimSuffix(lines[i+1], []byte("\n")))
			a := svgAnchor.FindSubmatch(bytes.TrimSuffix(lines[i+2], []byte("\n")))
			if t != nil && a != nil && bytes.Equal(a[1], g[1]) {
				out = append(out, bytes.TrimSuffix(l, []byte(">"))...)
				out = append(out, ` data-name="`...)
				out = append(out, t[1]...)
				out = append(out, "\"><title>"...)
				out = append(out, a[2]...)
				out = append(out, "</title>\n"...)
				open++
				i += 2
				continue
			}
		}
		if open > 0 && string(l) == "</a>" && i+1 < len(lines) && string(bytes.TrimSuffix(lines[i+1], []byte("\n"))) == "</g>" {
			open--
			i++
			continue
		}
		out = append(out, lines[i]...)
	}
	return out
}

// svgImage renders a chart to an SVG data URL, so the chart keeps its own
// styles and fonts apart from the page's.
func svgImage(draw func(io.Writer) error) (template.URL, error) {
	var b bytes.Buffer
	if err := draw(&b); err != nil {
		return "", err
	}
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(b.Bytes())), nil
}
