package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"
)

// undeclaredDependency reports calls between two declared services that no
// depends_on declares: the system has a coupling the model misses, and
// every analysis of the model misses it too.
var undeclaredDependency = &Analyzer{
	Name: "undeclared-dependency",
	Doc: `Calls between declared services that the model does not declare.

blast drift and blast check --observed saw calls from one declared service to
another, in Jaeger's dependencies or the OpenTelemetry servicegraph metrics,
that no depends_on declares: the running system has a coupling that the
model, and every analysis of it, misses.`,
	Help:     "Declare the dependency (blast import --into writes the extend blocks), or find out why the call is made.",
	Severity: Warning,
	Requires: []*Analyzer{driftFact.Analyzer},
	Run: func(p *Pass) (any, error) {
		for _, c := range driftFact.Of(p).Undeclared {
			p.Report(onDependency(c.From, c.To, Finding{
				Severity: Warning,
				Message:  fmt.Sprintf("%s calls %s (%s observed), but the model declares no such dependency", c.From, c.To, words.Count(int(c.Calls), "call")),
				Range:    RangeOf(p.Model.Service(c.From).DeclRange),
				Data:     map[string]any{"calls": c.Calls},
			}))
		}
		return nil, nil
	},
}
