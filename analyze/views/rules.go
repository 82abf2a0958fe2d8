package views

import (
	"sort"

	"github.com/blast-tool/blast/analyze"
)

// helpURI is where a rule is documented: docs/rules.md#RULE.
func helpURI(id string) string {
	return "https://github.com/blast-tool/blast/blob/main/docs/rules.md#" + id
}

// rule returns the registered rule id (analyze.Rules), or a minimal entry
// for a rule outside the registry.
func rule(id string) *analyze.Analyzer {
	for _, r := range analyze.Rules() {
		if r.Name == id {
			return r
		}
	}
	return &analyze.Analyzer{Name: id, Doc: id + "\n\n" + id, Help: "See docs/rules.md.", Severity: analyze.Warning}
}

// ruleIDs returns the registered rule IDs, in the registry's order,
// followed by any other rule that appears in fss, sorted.
func ruleIDs(fss ...[]analyze.Finding) []string {
	var ids []string
	seen := map[string]bool{}
	for _, r := range analyze.Rules() {
		ids = append(ids, r.Name)
		seen[r.Name] = true
	}
	var extra []string
	for _, fs := range fss {
		for _, f := range fs {
			if !seen[f.Rule] {
				seen[f.Rule] = true
				extra = append(extra, f.Rule)
			}
		}
	}
	sort.Strings(extra)
	return append(ids, extra...)
}
