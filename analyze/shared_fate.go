package analyze

import (
	"fmt"
	"sort"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
)

// sharedFate reports the hidden common dependency: one service whose failure
// alone causes outages across several roles (monitoring, auth, tooling, ...)
// or several critical services. Those were meant to fail independently.
//
// A service whose victims are all explained by one of its victims is not
// reported: when dynamodb takes out kinesis-frontend and, through it,
// exactly what kinesis-frontend takes out, the finding names
// kinesis-frontend (and dynamodb shows up as its single point of failure).
var sharedFate = &Analyzer{
	Name: "shared-fate",
	Doc: `A hidden common dependency behind several roles or critical services.

One service's failure causes outages across several roles or several
critical services; the architecture looks layered but shares one fate.`,
	Help:     "Split the dependency per consumer class, or add isolation (cells, bulkheads, buffers that drop).",
	Severity: Warning,
	Requires: failureFacts,
	Run: explainFailure(func(p *Pass, g *graph.Graph, fate *fateRelation, paths *pathFinder, table []string) (any, error) {
		// Roles as small integers, so counting the roles of a service's
		// victims needs no map per service (victim lists total ~10^7
		// entries at 10^5 services).
		roleOf := make([]int, g.Len())
		critical, observer := make([]bool, g.Len()), make([]bool, g.Len())
		roleIdx := map[model.Role]int{}
		var roleByIdx []model.Role
		for v, s := range g.Services {
			i, ok := roleIdx[s.Role]
			if !ok {
				i = len(roleByIdx)
				roleIdx[s.Role] = i
				roleByIdx = append(roleByIdx, s.Role)
			}
			roleOf[v] = i
			critical[v] = s.Criticality == model.Critical
			observer[v] = s.Role.IsObserver()
		}
		hasRole := make([]bool, len(roleByIdx))
		for u, s := range g.Services {
			victims := fate.Victims[u]
			if len(victims) < 2 {
				continue
			}
			clear(hasRole)
			nroles, ncritical := 0, 0
			for _, v := range victims {
				if r := roleOf[v]; !hasRole[r] {
					hasRole[r] = true
					nroles++
				}
				if critical[v] {
					ncritical++
				}
			}
			if nroles < p.Policy.SharedFateRoles && ncritical < p.Policy.SharedFateCritical {
				continue
			}
			if explainedByVictim(fate, u) {
				continue
			}
			// Victims ascend by node, which is ID order: so do these.
			crit := make([]int, 0, ncritical)
			for _, v := range victims {
				if critical[v] {
					crit = append(crit, int(v))
				}
			}
			var roleNames []string
			for r, ok := range hasRole {
				if ok {
					roleNames = append(roleNames, string(roleByIdx[r]))
				}
			}
			sort.Strings(roleNames)
			sev := Warning
			if len(crit) >= p.Policy.SharedFateCritical || roleSeen(roleIdx, hasRole, model.RoleMonitoring) || roleSeen(roleIdx, hasRole, model.RoleStatus) {
				sev = Error
			}
			msg := fmt.Sprintf("%s is the hidden common dependency of %s across %s (%s)",
				s.ID, words.Count(len(victims), "service"), words.Count(len(roleNames), "role"), words.And(roleNames))
			if len(crit) > 0 {
				msg += fmt.Sprintf(", %d of them critical (%s)", len(crit), words.AndFirst(len(crit), maxNamed, func(i int) string { return g.ID(crit[i]) }))
			}
			msg += ": they all fail when it fails"
			// The evidence: a path to the farthest-reaching observer or critical victim.
			target := victims[0]
			for _, v := range victims {
				if observer[v] {
					target = v
					break
				}
				if critical[v] && !critical[target] {
					target = v
				}
			}
			path := paths.path(int(target), u, model.ImpactOutage)
			p.Report(Finding{
				Severity: sev,
				Message:  msg,
				Subjects: []string{s.ID},
				Path:     path,
				Range:    RangeOf(s.DeclRange),
				Data: map[string]any{
					"victims":  namesOf(table, victims),
					"roles":    roleNames,
					"critical": namesOf(table, crit),
				},
			})
		}
		return nil, nil
	}),
}

// roleSeen reports whether role r is among those marked in has.
func roleSeen(idx map[model.Role]int, has []bool, r model.Role) bool {
	i, ok := idx[r]
	return ok && has[i]
}

// explainedByVictim reports whether some victim w of u takes out every other
// victim of u: u's shared fate is then w's, reported there.
func explainedByVictim(fate *fateRelation, u int) bool {
	n := len(fate.Victims[u])
	count := fate.Impact.OutageCount // len(Victims[w]), in one array
	// w takes u out (IsSPOF(w, u)) when w is among u's single points of
	// failure: they ascend like the victims, so one merge answers for all.
	spofs, j := fate.spofs[u], 0
	for _, w := range fate.Victims[u] {
		if count[w]+1 < n {
			continue // too few victims to cover u's
		}
		for j < len(spofs) && spofs[j] < w {
			j++
		}
		if j < len(spofs) && spofs[j] == w {
			// In a cycle with u: then w's victims include u, which is
			// not u's victim.
			continue
		}
		return true
	}
	return false
}
