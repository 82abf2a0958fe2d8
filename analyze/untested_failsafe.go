package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// untestedFailsafe reports failsafes nobody has exercised: a buffer under a
// sustained outage, or a redundancy alternative (`tested = false`) that a
// service falls back on alone when its other alternatives fail. Cognito's
// analytics buffer blocked when full; the status page's backup tool was
// "more manual and less familiar".
var untestedFailsafe = &Analyzer{
	Name: "untested-failsafe",
	Doc: `A buffer or alternative that has never been exercised.

A buffer or a redundancy alternative is marked tested = false: nobody knows
whether it works under a sustained outage.`,
	Help:     "Exercise it in a game day or a fault-injection test, then mark it tested.",
	Severity: Info,
	Requires: []*Analyzer{fateFact.Analyzer},
	Run: func(p *Pass) (any, error) {
		fate, g := fateFact.Of(p).fork(), p.Graph // its own scratch: rules run beside each other
		for _, grp := range g.Groups {
			if len(grp.Edges) < 2 {
				continue // a group of one is no group: its member is no alternative
			}
			owner := g.Services[grp.Service]
			for _, k := range grp.Edges {
				e := g.Edges[k]
				if e.Dep.Tested {
					continue
				}
				alone := failuresLeavingAlone(fate, g, grp.Edges, k)
				backup := g.ID(e.To)
				var others []string
				isMember := map[int]bool{}
				for _, o := range grp.Edges {
					if o != k {
						others = append(others, g.ID(g.Edges[o].To))
						isMember[g.Edges[o].To] = true
					}
				}
				var upstream []int // causes beyond the other members themselves
				for _, u := range alone {
					if !isMember[u] {
						upstream = append(upstream, u)
					}
				}
				msg := fmt.Sprintf("%s relies on %s alone when %s %s out", owner.ID, backup, words.Or(others), plural(len(others), "is", "are"))
				if causes := causeChain(fate, upstream, 3); len(causes) > 0 {
					msg += fmt.Sprintf(" (as when %s fails)", words.Or(ids(g, causes)))
				}
				msg += fmt.Sprintf(", and %s has never been exercised (tested = false): drill it before you need it", backup)
				p.Report(onDependency(owner.ID, backup, Finding{
					Severity: Warning,
					Message:  msg,
					Range:    RangeOf(e.Dep.DeclRange),
					Data:     map[string]any{"group": grp.Name, "kind": "alternative", "alone_when": ids(g, alone)},
				}))
			}
		}
		for _, s := range g.Services {
			for _, d := range s.DependsOn {
				b := d.Buffer
				if b == nil || b.Tested {
					continue
				}
				var msg string
				sev := Warning
				switch {
				case b.OnFull.Turns():
					msg = fmt.Sprintf("%s's buffer for %s has never been exercised under a sustained outage (tested = false): after %s of %s outage it is full and %s %s: an outage",
						s.ID, d.To, model.FormatDuration(b.FillsIn), words.A(d.To), s.ID, b.OnFull.Verb())
				default:
					sev = Info
					msg = fmt.Sprintf("%s's buffer for %s has never been exercised under a sustained outage (tested = false): after %s of %s outage it drops what overflows and %s stays %s",
						s.ID, d.To, model.FormatDuration(b.FillsIn), words.A(d.To), s.ID, stayState(d.Impact))
				}
				p.Report(onDependency(s.ID, d.To, Finding{
					Severity: sev,
					Message:  msg,
					Range:    RangeOf(b.DeclRange),
					Data:     map[string]any{"kind": "buffer", "on_full": string(b.OnFull), "fills_in_seconds": b.FillsIn.Seconds()},
				}))
			}
		}
		return nil, nil
	},
}

// stayState says what a dependent stays while its dependency is out, when a
// full buffer changes nothing: up, degraded, or out (the edge's own impact).
func stayState(i model.Impact) string {
	switch i {
	case model.ImpactNone:
		return "up"
	case model.ImpactOutage:
		return "out"
	}
	return i.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// failuresLeavingAlone returns the single failures that take out every
// member of the group except edge k's dependency, which survives them.
func failuresLeavingAlone(fate *fateRelation, g *graph.Graph, members []int, k int) []int {
	backup := g.Edges[k].To
	var out []int
	for _, u32 := range fate.commonCauses(g, members, k) {
		if u := int(u32); u != backup && !fate.IsSPOF(u, backup) && u != g.Edges[k].From {
			out = append(out, u)
		}
	}
	return out
}

// causeChain walks set from the nearest causes outwards (the reduction of
// Fate.Immediate, peeled layer by layer) and returns up to max of them, the
// far end of the chain last, stopping where the chain branches.
func causeChain(fate *fateRelation, set []int, max int) []int {
	var chain []int
	rest := append([]int(nil), set...)
	for len(rest) > 0 && len(chain) < max {
		near := fate.Immediate(rest)
		if len(near) != 1 {
			if len(chain) == 0 {
				chain = append(chain, near...)
				if len(chain) > max {
					chain = chain[:max]
				}
			}
			break
		}
		chain = append(chain, near[0])
		var next []int
		for _, u := range rest {
			if u != near[0] {
				next = append(next, u)
			}
		}
		rest = next
	}
	return chain
}
