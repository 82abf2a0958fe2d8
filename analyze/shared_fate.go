package analyze

import (
	"fmt"
	"sort"

	"github.com/blast-tool/blast/model"
)

// SharedFate reports the hidden common dependency: one service whose failure
// alone causes outages across several roles (monitoring, auth, tooling, ...)
// or several critical services. Those were meant to fail independently.
//
// A service whose victims are all explained by one of its victims is not
// reported: when dynamodb takes out kinesis-frontend and, through it,
// exactly what kinesis-frontend takes out, the finding names
// kinesis-frontend (and dynamodb shows up as its single point of failure).
var SharedFate = &Analyzer{
	Name:     "shared-fate",
	Doc:      "one service whose failure causes outages across several roles or several critical services",
	Requires: []*Analyzer{FateAnalyzer},
	IsRule:   true,
	Run: func(p *Pass) (any, error) {
		fate := p.ResultOf[FateAnalyzer].(*Fate)
		g := p.Graph
		for u, s := range g.Services {
			victims := fate.Victims[u]
			if len(victims) < 2 {
				continue
			}
			roles := map[model.Role]bool{}
			var critical []string
			for _, v := range victims {
				vs := g.Services[v]
				roles[vs.Role] = true
				if vs.Criticality == model.Critical {
					critical = append(critical, vs.ID)
				}
			}
			if len(roles) < p.Policy.SharedFateRoles && len(critical) < p.Policy.SharedFateCritical {
				continue
			}
			if explainedByVictim(fate, u) {
				continue
			}
			var roleNames []string
			for r := range roles {
				roleNames = append(roleNames, string(r))
			}
			sort.Strings(roleNames)
			sort.Strings(critical)
			sev := Warning
			if len(critical) >= p.Policy.SharedFateCritical || roles[model.RoleMonitoring] || roles[model.RoleStatus] {
				sev = Error
			}
			msg := fmt.Sprintf("%s is the hidden common dependency of %d services across %d roles (%s)",
				s.ID, len(victims), len(roleNames), list(roleNames))
			if len(critical) > 0 {
				msg += fmt.Sprintf(", %d of them critical (%s)", len(critical), list(critical))
			}
			msg += ": they all fail when it fails"
			// The evidence: a path to the farthest-reaching observer or critical victim.
			target := victims[0]
			for _, v := range victims {
				if g.Services[v].Role.IsObserver() {
					target = v
					break
				}
				if g.Services[v].Criticality == model.Critical && g.Services[target].Criticality != model.Critical {
					target = v
				}
			}
			path := dependencyPath(g, target, u, model.ImpactOutage)
			p.Report(Finding{
				Severity: sev,
				Message:  msg,
				Subjects: []string{s.ID},
				Path:     path,
				Range:    RangeOf(s.DeclRange),
				Data: map[string]any{
					"victims":  ids(g, victims),
					"roles":    roleNames,
					"critical": critical,
				},
			})
		}
		return nil, nil
	},
}

// explainedByVictim reports whether some victim w of u takes out every other
// victim of u: u's shared fate is then w's, reported there.
func explainedByVictim(fate *Fate, u int) bool {
	n := len(fate.Victims[u])
	for _, w := range fate.Victims[u] {
		m := len(fate.Victims[w])
		if fate.IsSPOF(w, u) {
			m-- // u itself, in a cycle with w, is not u's victim
		}
		if m+1 >= n && !fate.IsSPOF(w, u) {
			return true
		}
	}
	return false
}
