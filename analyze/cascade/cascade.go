package cascade

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/agext/levenshtein"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// Entry is one state reached by one service: the contract's timeline entry.
type Entry struct {
	Service      string   `json:"service"`
	State        string   `json:"state"`
	AfterSeconds float64  `json:"after_seconds"`
	Path         []string `json:"path"`
	// Mechanism says how the state was reached ("buffer on X full after 1h46m").
	Mechanism string `json:"mechanism"`

	// At is the same time as AfterSeconds, exactly.
	At time.Duration `json:"-"`
}

// Report is the timed cascade of a set of failures, as `blast cascade
// --format json` prints it.
type Report struct {
	Failed []string `json:"failed"`
	// Timeline holds every impaired service (the failed ones included, at
	// 0s) sorted by time, then ID, then degraded before outage; a service
	// degraded first and out later appears once for each state.
	Timeline []Entry `json:"timeline"`
	// HangingOn lists the services that stay out of outage only because
	// part of a redundancy group survives: the alternatives they now rely on.
	HangingOn []Survivor `json:"hanging_on,omitempty"`
}

// Survivor is a service kept up by what is left of one redundancy group.
type Survivor struct {
	Service string   `json:"service"`
	Group   string   `json:"group"`
	Lost    []string `json:"lost"`    // the members that failed
	Through []string `json:"through"` // the members it still has
	// Untested lists the remaining members nobody has exercised (tested = false).
	Untested []string `json:"untested,omitempty"`
}

// Run computes the timed cascade (graph.Graph.Cascade) of the services
// failed together at t=0. Unknown IDs are an error that names the nearest
// declared ones.
func Run(g *graph.Graph, failed []string) (*Report, error) {
	idx, names, err := resolve(g, failed)
	if err != nil {
		return nil, err
	}
	tl := g.Cascade(idx)
	r := &Report{Failed: names, Timeline: []Entry{}}
	ids := func(p []int) []string {
		out := make([]string, len(p))
		for i, v := range p {
			out[i] = g.ID(v)
		}
		return out
	}
	for v := 0; v < g.Len(); v++ {
		for _, lvl := range []model.Impact{model.ImpactDegraded, model.ImpactOutage} {
			at, _ := tl.At(v, lvl)
			if at == graph.Never {
				continue
			}
			if lvl == model.ImpactDegraded && tl.Outage[v] == at {
				continue // straight to outage: not degraded first
			}
			r.Timeline = append(r.Timeline, Entry{
				Service:      g.ID(v),
				State:        lvl.String(),
				AfterSeconds: at.Seconds(),
				Path:         ids(tl.Path(v, lvl)),
				Mechanism:    tl.Describe(v, lvl),
				At:           at,
			})
		}
	}
	sort.SliceStable(r.Timeline, func(i, j int) bool {
		a, b := r.Timeline[i], r.Timeline[j]
		if a.At != b.At {
			return a.At < b.At
		}
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		return a.State == "degraded" && b.State == "outage"
	})
	r.HangingOn = hangingOn(g, tl)
	return r, nil
}

// hangingOn finds the services that did not go out only because a
// redundancy group still has a member: in 2020 the status page kept only
// its backup tool, which operators had not drilled on.
func hangingOn(g *graph.Graph, tl *graph.Timeline) []Survivor {
	var out []Survivor
	for _, grp := range g.Groups {
		if tl.Outage[grp.Service] != graph.Never {
			continue
		}
		var sv Survivor
		for _, k := range grp.Edges {
			e := g.Edges[k]
			if g.OutageEdge(k) && tl.Outage[e.To] != graph.Never {
				sv.Lost = append(sv.Lost, g.ID(e.To))
				continue
			}
			sv.Through = append(sv.Through, g.ID(e.To))
			if !e.Dep.Tested {
				sv.Untested = append(sv.Untested, g.ID(e.To))
			}
		}
		if len(sv.Lost) == 0 || len(sv.Through) == 0 {
			continue
		}
		sv.Service, sv.Group = g.ID(grp.Service), grp.Name
		out = append(out, sv)
	}
	return out
}

// resolve maps IDs to nodes, sorted and without duplicates.
func resolve(g *graph.Graph, ids []string) ([]int, []string, error) {
	if len(ids) == 0 {
		return nil, nil, fmt.Errorf("no service to fail")
	}
	seen := map[int]bool{}
	var idx []int
	for _, id := range ids {
		v, ok := g.Index(id)
		if !ok {
			return nil, nil, unknown(g, id)
		}
		if !seen[v] {
			seen[v] = true
			idx = append(idx, v)
		}
	}
	sort.Ints(idx)
	names := make([]string, len(idx))
	for i, v := range idx {
		names[i] = g.ID(v)
	}
	return idx, names, nil
}

// unknown builds the error for an undeclared ID, naming the (up to three)
// nearest declared IDs: those that contain it or that it contains first
// (a prefix typed for a long ID), then by Levenshtein distance (V. I.
// Levenshtein, "Binary codes capable of correcting deletions, insertions,
// and reversals", 1966).
func unknown(g *graph.Graph, id string) error {
	type cand struct {
		id string
		d  int
	}
	var cs []cand
	for v := 0; v < g.Len(); v++ {
		c := cand{g.ID(v), levenshtein.Distance(id, g.ID(v), nil)}
		if strings.Contains(c.id, id) || strings.Contains(id, c.id) {
			c.d -= 1 << 20
		}
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].id < cs[j].id
	})
	if len(cs) > 3 {
		cs = cs[:3]
	}
	if len(cs) == 0 {
		return fmt.Errorf("unknown service %q: the model declares no services", id)
	}
	q := make([]string, len(cs))
	for i, c := range cs {
		q[i] = fmt.Sprintf("%q", c.id)
	}
	return fmt.Errorf("unknown service %q; nearest declared: %s", id, strings.Join(q, ", "))
}

// Shift delays every entry by d: the simulator places a cascade at the time
// its fleet began failing.
func (r *Report) Shift(d time.Duration) {
	for i := range r.Timeline {
		r.Timeline[i].At += d
		r.Timeline[i].AfterSeconds = r.Timeline[i].At.Seconds()
	}
}

const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBold   = "\x1b[1m"
	ansiReset  = "\x1b[0m"
)

// WriteText writes the timeline as a table: time (offsets like +1h46m, or
// clock times from start, with the date whenever it changes), service,
// state, mechanism and causal path, then a summary line. color adds ANSI
// colors to the states.
func (r *Report) WriteText(w io.Writer, start *time.Time, color bool) error {
	rows := [][]string{{"TIME", "SERVICE", "STATE", "MECHANISM", "PATH"}}
	lastDate := ""
	for _, e := range r.Timeline {
		var ts string
		if start != nil {
			t := start.Add(e.At)
			layout := "15:04"
			if t.Second() != 0 {
				layout = "15:04:05"
			}
			if d := t.Format("2006-01-02"); d != lastDate {
				layout = "2006-01-02 " + layout
				lastDate = d
			}
			ts = t.Format(layout)
		} else {
			ts = "+" + model.FormatDuration(e.At)
		}
		rows = append(rows, []string{ts, e.Service, e.State, e.Mechanism, strings.Join(e.Path, " -> ")})
	}
	width := make([]int, 4)
	for _, row := range rows {
		for i := range width {
			width[i] = max(width[i], len(row[i]))
		}
	}
	var b strings.Builder
	for ri, row := range rows {
		for i, cell := range row {
			pad := ""
			if i < len(width) {
				pad = strings.Repeat(" ", width[i]-len(cell)+2)
			}
			switch {
			case color && ri == 0:
				cell = ansiBold + cell + ansiReset
			case color && i == 2 && cell == "outage":
				cell = ansiRed + cell + ansiReset
			case color && i == 2 && cell == "degraded":
				cell = ansiYellow + cell + ansiReset
			}
			b.WriteString(cell)
			if i < len(row)-1 {
				b.WriteString(pad)
			}
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	for _, sv := range r.HangingOn {
		fmt.Fprintf(&b, "still up: %s, only through %s", sv.Service, strings.Join(sv.Through, " or "))
		if len(sv.Untested) > 0 {
			if len(sv.Untested) == len(sv.Through) {
				b.WriteString(" (untested)")
			} else {
				fmt.Fprintf(&b, " (untested: %s)", strings.Join(sv.Untested, ", "))
			}
		}
		fmt.Fprintf(&b, "; lost %s\n", strings.Join(sv.Lost, ", "))
	}
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary is the closing line: "kinesis-frontend failed: 5 services out, 2
// degraded". Counts exclude the failed services; a service degraded and
// later out counts as out.
func (r *Report) Summary() string {
	failed := map[string]bool{}
	for _, f := range r.Failed {
		failed[f] = true
	}
	outs, degs := map[string]bool{}, map[string]bool{}
	for _, e := range r.Timeline {
		if failed[e.Service] {
			continue
		}
		if e.State == "outage" {
			outs[e.Service] = true
		} else {
			degs[e.Service] = true
		}
	}
	nd := 0
	for s := range degs {
		if !outs[s] {
			nd++
		}
	}
	noun := "services"
	if len(outs) == 1 {
		noun = "service"
	}
	return fmt.Sprintf("%s failed: %d %s out, %d degraded", strings.Join(r.Failed, ", "), len(outs), noun, nd)
}
