package views

import (
	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Bounds of the HTML page on large models: every figure the page shows is
// computed here and carried in the file, so its size grows with what it
// holds. Past these bounds the page keeps the most telling part (the
// largest blast radii) and says what it left out.
const (
	// DefaultHTMLCascades is how many services' failures the page holds
	// (the blast radius it highlights, and the timeline while the row
	// budget lasts): every service of a model up to this size. Larger
	// models get fewer, HTMLCascadeWork / services, since each cascade
	// visits the whole graph.
	DefaultHTMLCascades = 2000
	// HTMLCascadeWork bounds the cascades run for a page, in services
	// times cascades: 2,000 cascades up to 5,000 services, 100 at
	// 100,000 (about 8 s on one core).
	HTMLCascadeWork = 10_000_000
	// DefaultHTMLRows bounds the cascade timeline rows the page holds in
	// all (about 11 bytes each), whatever the number of services.
	DefaultHTMLRows = 300_000
	// DefaultHTMLDiagram is the largest model whose diagram the page draws
	// (Graphviz's SVG grows by about 2.5 KB per service).
	DefaultHTMLDiagram = 5000
	// DefaultHTMLTable is how many services the blast radius table lists,
	// largest first, and DefaultHTMLFindings how many findings the page
	// lists, most severe first.
	DefaultHTMLTable    = 5000
	DefaultHTMLFindings = 5000
	// htmlListCap bounds each list of a service the panel shows (single
	// points of failure, dependencies, dependents); the count stays whole.
	htmlListCap = 100
)

// HTMLOptions are what the HTML page needs besides the analysis.
type HTMLOptions struct {
	// Paths are the analysed paths, for the page's title and the commands
	// it suggests.
	Paths []string
	// ReportDir is the directory the page is written to, absolute or
	// relative to Options.BaseDir, so that links to file:line resolve
	// from it; "" is BaseDir.
	ReportDir string
	// MaxCascades, MaxRows, MaxDiagram, MaxTable and MaxFindings bound the
	// page; 0 means DefaultHTMLCascades, DefaultHTMLRows and so on.
	MaxCascades, MaxRows, MaxDiagram, MaxTable, MaxFindings int
}

func (o HTMLOptions) withDefaults() HTMLOptions {
	if o.MaxCascades <= 0 {
		o.MaxCascades = DefaultHTMLCascades
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultHTMLRows
	}
	if o.MaxDiagram <= 0 {
		o.MaxDiagram = DefaultHTMLDiagram
	}
	if o.MaxTable <= 0 {
		o.MaxTable = DefaultHTMLTable
	}
	if o.MaxFindings <= 0 {
		o.MaxFindings = DefaultHTMLFindings
	}
	return o
}

// HTMLReport is everything the HTML page of `blast analyze --format html`
// shows, computed in advance so that the page needs nothing but a browser:
// the analysis, the graph it draws, what each service's failure does, the
// scaling charts and the scenarios' replays.
type HTMLReport struct {
	Document *Document
	Model    *model.Model
	Graph    *graph.Graph
	Options  HTMLOptions // with defaults applied
	// Failures holds, by node index, what that service failing alone does
	// (cascade.Run); nil for the services past MaxCascades.
	Failures []*HTMLFailure
	// Rows is how many timeline rows the kept cascades hold.
	Rows int
	// Curves are the charts of the scaling table's resources.
	Curves []HTMLCurve
	// Replays are the runs of the model's scenarios, in ID order.
	Replays []HTMLReplay
}

// HTMLFailure is what one service's failure does: the services it takes
// out and those it leaves degraded (node indices, ascending), and its
// timeline unless the row budget left it out.
type HTMLFailure struct {
	Out, Degraded []int
	Cascade       *cascade.Report // nil when left out
}

// HTMLCurve is one scaling chart, or why it could not be drawn.
type HTMLCurve struct {
	Service, Resource string
	Curve             *scaling.Curve
	Err               error
}

// HTMLReplay is one scenario's run (sim.Simulate), or why it failed.
type HTMLReplay struct {
	Scenario string
	Replay   *sim.Replay
	Err      error
}

// Kept is how many services' timelines the page holds, and Known how
// many services' blast radii.
func (r *HTMLReport) Kept() (kept, known int) {
	for _, f := range r.Failures {
		if f != nil {
			known++
			if f.Cascade != nil {
				kept++
			}
		}
	}
	return kept, known
}

// ForHTML computes what the HTML page shows from the Document of analyze
// (ForAnalyze) and its model. The failures of the MaxCascades services
// with the largest blast radius (fewer past 5,000 services, see
// HTMLCascadeWork) are run; their timelines are kept in that order while
// they fit the row budget (one that would overflow it is dropped and
// smaller ones still fill it), and the blast radius of every one of them
// is kept, so that each answers a click.
func ForHTML(doc *Document, m *model.Model, o HTMLOptions) *HTMLReport {
	o = o.withDefaults()
	g := graph.New(m)
	o.MaxCascades = min(o.MaxCascades, max(1, HTMLCascadeWork/max(1, g.Len())))
	r := &HTMLReport{Document: doc, Model: m, Graph: g, Options: o, Failures: make([]*HTMLFailure, g.Len())}
	for k, s := range topServices(doc.Services, len(doc.Services)) {
		v, ok := g.Index(s.ID)
		if k == o.MaxCascades {
			break
		} else if !ok {
			continue
		}
		c, err := cascade.Run(g, []int{v})
		if err != nil {
			continue // paths too long to write (cascade.MaxPathNames): no page shows them
		}
		f := finalStates(g, v, c)
		if r.Rows+len(c.Timeline) <= o.MaxRows {
			f.Cascade = c
			r.Rows += len(c.Timeline)
		}
		r.Failures[v] = f
	}
	for _, row := range doc.Scaling {
		if row.Resource == "" || row.Err != nil {
			continue
		}
		c := HTMLCurve{Service: row.Service, Resource: row.Resource}
		if svc := m.Service(row.Service); svc != nil {
			for _, res := range svc.Resources {
				if res.Name == row.Resource {
					c.Curve, c.Err = scaling.NewCurve(svc, res)
				}
			}
		}
		if c.Curve != nil || c.Err != nil {
			r.Curves = append(r.Curves, c)
		}
	}
	for _, sc := range m.Scenarios {
		rep, err := sim.Simulate(m, sc)
		r.Replays = append(r.Replays, HTMLReplay{Scenario: sc.ID, Replay: rep, Err: err})
	}
	return r
}

// finalStates is where a cascade of v ends: the services out, and those
// degraded but never out.
func finalStates(g *graph.Graph, v int, c *cascade.Report) *HTMLFailure {
	state := map[int]model.Impact{}
	for _, e := range c.Timeline {
		if u, ok := g.Index(e.Service); ok && u != v {
			state[u] = max(state[u], e.State)
		}
	}
	f := &HTMLFailure{Out: []int{}, Degraded: []int{}}
	for u := range g.Len() {
		switch state[u] {
		case model.ImpactOutage:
			f.Out = append(f.Out, u)
		case model.ImpactDegraded:
			f.Degraded = append(f.Degraded, u)
		}
	}
	return f
}
