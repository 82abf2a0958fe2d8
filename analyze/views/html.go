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
	// DefaultHTMLCascades is how many services' cascades the page holds:
	// every service of a model up to this size.
	DefaultHTMLCascades = 2000
	// DefaultHTMLRows bounds the cascade timeline rows the page holds in
	// all (about 25 bytes each), whatever the number of services.
	DefaultHTMLRows = 200_000
	// DefaultHTMLDiagram is the largest model whose diagram the page draws
	// (Graphviz's SVG grows by about 2.5 KB per service).
	DefaultHTMLDiagram = 5000
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
	// MaxCascades, MaxRows and MaxDiagram bound the page; 0 means
	// DefaultHTMLCascades, DefaultHTMLRows and DefaultHTMLDiagram.
	MaxCascades, MaxRows, MaxDiagram int
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
	return o
}

// HTMLReport is everything the HTML page of `blast analyze --format html`
// shows, computed in advance so that the page needs nothing but a browser:
// the analysis, the graph it draws, the cascade of each service failing
// alone, the scaling charts and the scenarios' replays.
type HTMLReport struct {
	Document *Document
	Model    *model.Model
	Graph    *graph.Graph
	Options  HTMLOptions // with defaults applied
	// Cascades holds, by node index, the cascade of that service failing
	// alone (cascade.Run); nil for the services left out by the bounds.
	Cascades []*cascade.Report
	// Rows is how many timeline rows the kept cascades hold.
	Rows int
	// Curves are the charts of the scaling table's resources.
	Curves []HTMLCurve
	// Replays are the runs of the model's scenarios, in ID order.
	Replays []HTMLReplay
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

// Kept is how many services' cascades the page holds.
func (r *HTMLReport) Kept() int {
	n := 0
	for _, c := range r.Cascades {
		if c != nil {
			n++
		}
	}
	return n
}

// ForHTML computes what the HTML page shows from the Document of analyze
// (ForAnalyze) and its model. Cascades are kept largest blast radius
// first while they fit the bounds; a cascade that would overflow the row
// budget is skipped and smaller ones still fill it, so that as many
// services as possible answer a click.
func ForHTML(doc *Document, m *model.Model, o HTMLOptions) *HTMLReport {
	o = o.withDefaults()
	g := graph.New(m)
	r := &HTMLReport{Document: doc, Model: m, Graph: g, Options: o, Cascades: make([]*cascade.Report, g.Len())}
	kept := 0
	for _, s := range topServices(doc.Services, len(doc.Services)) {
		if kept == o.MaxCascades {
			break
		}
		v, ok := g.Index(s.ID)
		// Every impaired service is at least one row, and so is the failed one.
		if !ok || r.Rows+1+s.BlastRadius.Outage+s.BlastRadius.Degraded > o.MaxRows {
			continue
		}
		c := cascade.Run(g, []int{v})
		if r.Rows+len(c.Timeline) > o.MaxRows {
			continue
		}
		r.Cascades[v] = c
		r.Rows += len(c.Timeline)
		kept++
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
