package analyze

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/internal/words"
)

// unobservedDependency reports declared dependencies on which the
// observations saw no call (or fewer than --min-calls): gone, rare, or
// outside what the traces cover. Info: a failover path is rarely called.
var unobservedDependency = &Analyzer{
	Name: "unobserved-dependency",
	Doc: `A declared dependency on which no call was observed.

No call, or fewer than --min-calls, was observed on a declared dependency in
the observation window: the dependency may be gone, rare (a batch job, a
failover path), or outside what the traces cover.`,
	Help:     "Remove the dependency if it is gone; if it is real but rare, keep it and ignore the finding in the policy, with the reason.",
	Severity: Info,
	Requires: []*Analyzer{driftFact.Analyzer},
	Run: func(p *Pass) (any, error) {
		r := driftFact.Of(p)
		for _, u := range r.Unobserved {
			d := u.Dep
			msg := fmt.Sprintf("%s depends on %s, but no call from %s to %s was observed", d.From, d.To, d.From, d.To)
			switch {
			case u.Calls > 0:
				verb := "were"
				if u.Calls == 1 {
					verb = "was"
				}
				msg = fmt.Sprintf("%s depends on %s, but only %s from %s to %s %s observed, under the minimum of %s",
					d.From, d.To, words.Count(int(u.Calls), "call"), d.From, d.To, verb, words.Int(int(r.MinCalls)))
			case !u.CallerSeen:
				msg += fmt.Sprintf(" (%s itself was not seen in the observations)", d.From)
			}
			p.Report(onDependency(d.From, d.To, Finding{
				Severity: Info,
				Message:  msg,
				Range:    RangeOf(d.DeclRange),
				Data:     map[string]any{"calls": u.Calls},
			}))
		}
		return nil, nil
	},
}
