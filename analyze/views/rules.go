package views

import (
	"sort"

	"github.com/blast-tool/blast/analyze"
)

// RuleDoc documents one rule for SARIF and JUnit consumers.
type RuleDoc struct {
	ID    string
	Short string // one line
	Full  string // what it finds and why it matters
	Help  string // what to do about it
	// Level is the severity the rule usually reports (SARIF defaultConfiguration).
	Level analyze.Severity
}

// HelpURI is where each rule is documented: docs/rules.md#RULE.
func (r RuleDoc) HelpURI() string {
	return "https://github.com/blast-tool/blast/blob/main/docs/rules.md#" + r.ID
}

// Rules documents the contract's ten rules, in the contract's order.
var Rules = []RuleDoc{
	{"single-point-of-failure", "A service whose failure alone takes a critical service down.",
		"The failure of this one service causes an outage of a critical service, after redundancy groups are taken into account. In the Kinesis outage of 2020-11-25 the monolithic front-end fleet was such a service for CloudWatch, Cognito and Lambda.",
		"Add a tested alternative in a redundancy group, cellularise the dependency, or make the edge degrade instead of failing.", analyze.Error},
	{"redundancy-defeated", "A redundancy group whose members all fail with one single failure.",
		"Every member of the redundancy group is impaired by the failure of one service, so the alternatives share fate and the redundancy exists only on paper.",
		"Give the alternatives independent dependencies (different stores, networks, auth providers).", analyze.Error},
	{"monitoring-self-dependence", "An observer that fails together with what it watches.",
		"A monitoring or status service is impaired when something it monitors fails, or shares one failure with it: the alarms go quiet exactly when they are needed. In 2020 CloudWatch depended on Kinesis, and the Service Health Dashboard's publishing tool on Cognito.",
		"Run observers on an independent stack, or give them a tested fallback path that avoids the monitored services.", analyze.Error},
	{"shared-fate", "A hidden common dependency behind several roles or critical services.",
		"One service's failure causes outages across several roles or several critical services; the architecture looks layered but shares one fate.",
		"Split the dependency per consumer class, or add isolation (cells, bulkheads, buffers that drop).", analyze.Warning},
	{"circular-dependency", "Services that need each other to run.",
		"Services depend on each other with impact outage, so none of them can cold-start first after a full outage.",
		"Break the cycle: make one edge degraded with a buffer, or give one service a bootstrap path that avoids the others.", analyze.Error},
	{"scaling-hotspot", "A per-server resource whose use grows with the fleet.",
		"Per-server use of the resource grows with the number of servers in its scope, so the aggregate grows as O(N^2) or worse; the Kinesis front-end opened one OS thread per peer.",
		"Bound the per-server use (fixed-size peer sets, shared connection pools) or cellularise the fleet so N counts one cell.", analyze.Warning},
	{"limit-headroom", "A resource over its limit, or one that a small addition pushes over.",
		"The resource's per-server use already exceeds its limit (error), or adding the policy's headroom fraction of servers pushes it over (warning). data.max_servers is the largest fleet or cell that fits.",
		"Raise the limit with margin, reduce per-server use, or split the fleet into cells below max_servers.", analyze.Error},
	{"recovery-exceeds-rto", "A fleet whose full restart takes longer than its RTO.",
		"Restarting every server at the safe restart rate, plus the cold start, takes longer than the recovery time objective. Kinesis could only bring back a few hundred servers per hour.",
		"Raise the safe restart rate (faster bootstrap, less contention), shrink the blast radius with cells, or relax the RTO honestly.", analyze.Error},
	{"latent-hard-dependency", "A soft dependency that becomes hard once its buffer fills.",
		"The dependency is declared degraded or none, but its buffer blocks or fails when full, so after fills_in the dependency causes an outage. Cognito's buffer to Kinesis blocked its web servers in 2020.",
		"Make the buffer drop on overflow, or declare the dependency as what it is and plan for it.", analyze.Warning},
	{"untested-failsafe", "A buffer or alternative that has never been exercised.",
		"A buffer or a redundancy alternative is marked tested = false: nobody knows whether it works under a sustained outage.",
		"Exercise it in a game day or a fault-injection test, then mark it tested.", analyze.Info},
}

// ruleDoc returns the documentation of id, or a minimal entry for a rule
// outside the contract's list (new rules are additions).
func ruleDoc(id string) RuleDoc {
	for _, r := range Rules {
		if r.ID == id {
			return r
		}
	}
	return RuleDoc{ID: id, Short: id, Full: id, Help: "See docs/rules.md.", Level: analyze.Warning}
}

// ruleIDs returns the contract's rule IDs followed by any other rule that
// appears in fss, sorted.
func ruleIDs(fss ...[]analyze.Finding) []string {
	ids := make([]string, 0, len(Rules))
	seen := map[string]bool{}
	for _, r := range Rules {
		ids = append(ids, r.ID)
		seen[r.ID] = true
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
