package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/model"
)

// latentHardDependency reports dependencies declared soft (impact degraded
// or none) whose buffer blocks or fails when full: once the dependency has
// been out for fills_in (plus the edge's after), the dependent is out too.
// This is Cognito's analytics buffer in the Kinesis outage of 2020-11-25: a
// failsafe meant to absorb a Kinesis outage that, untested under a
// sustained one, blocked when full and turned a non-critical dependency
// into an outage.
var latentHardDependency = &Analyzer{
	Name: "latent-hard-dependency",
	Doc: `A soft dependency that becomes hard once its buffer fills.

The dependency is declared degraded or none, but its buffer blocks or fails
when full, so after fills_in the dependency causes an outage. Cognito's
buffer to Kinesis blocked its web servers in 2020.`,
	Help:     "Make the buffer drop on overflow, or declare the dependency as what it is and plan for it.",
	Severity: Warning,
	Run: func(p *Pass) (any, error) {
		g := p.Graph
		for k, e := range g.Edges {
			d := e.Dep
			if d.Impact == model.ImpactOutage || !g.Turns(k) {
				continue
			}
			from, to := g.ID(e.From), g.ID(e.To)
			after := d.Buffer.FillsIn + d.After
			sev := Warning
			if g.Services[e.From].Criticality == model.Critical {
				sev = Error
			}
			buf := "its buffer"
			if d.Note != "" {
				buf = fmt.Sprintf("its buffer (%s)", d.Note)
			}
			p.Report(onDependency(from, to, Finding{
				Severity: sev,
				Message: fmt.Sprintf("%s treats %s as `%s`, but %s %s when full: after %s of %s outage, %s is out",
					from, to, d.Impact, buf, d.Buffer.OnFull.Verb(), model.FormatDuration(after), words.A(to), from),
				Range: RangeOf(d.DeclRange),
				Data:  map[string]any{"after_seconds": after.Seconds(), "fills_in_seconds": d.Buffer.FillsIn.Seconds(), "on_full": string(d.Buffer.OnFull)},
			}))
		}
		return nil, nil
	},
}
