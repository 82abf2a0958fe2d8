package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"
)

// undeclaredService reports services seen calling or being called in the
// observations that the model does not declare: their failures, and what
// depends on them, are invisible to every analysis. The finding points at
// the first declared service it talks to, where the dependency belongs.
var undeclaredService = &Analyzer{
	Name: "undeclared-service",
	Doc: `A service seen in the observations that the model does not declare.

A service calls or is called by others in the observations but has no service
block: its failures, and what depends on it, are invisible to every analysis.`,
	Help:     "Declare it (blast import --into writes the service block), with its role and criticality.",
	Severity: Warning,
	Requires: []*Analyzer{driftFact.Analyzer},
	Run: func(p *Pass) (any, error) {
		for _, s := range driftFact.Of(p).Services {
			peers := s.Peers
			if len(peers) > 5 {
				peers = append(peers[:5:5], words.Count(len(s.Peers)-5, "other"))
			}
			f := Finding{
				Severity: Warning,
				Message:  fmt.Sprintf("%s is seen in the observations (%s, with %s) but the model does not declare it", s.ID, words.Count(int(s.Calls), "call"), words.And(peers)),
				Subjects: []string{s.ID},
				Data:     map[string]any{"calls": s.Calls},
			}
			if len(s.Declared) > 0 {
				f.Range = RangeOf(p.Model.Service(s.Declared[0]).DeclRange)
			}
			p.Report(f)
		}
		return nil, nil
	},
}
