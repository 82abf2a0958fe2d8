package analyze

import (
	"slices"

	"github.com/blast-tool/blast/model"
)

// registry is every rule, in the contract's order (language.md, "Rules").
// Each rule lives in the file named after its ID
// (single-point-of-failure -> single_point_of_failure.go); adding one is
// that file and its line here. Tests hold the rest to it: model.RuleIDs
// (what a policy may ignore), its section in docs/rules.md, and the SARIF
// and JUnit rule metadata, which views read from here.
var registry = []*Analyzer{
	singlePointOfFailure,
	redundancyDefeated,
	monitoringSelfDependence,
	sharedFate,
	circularDependency,
	scalingHotspot,
	limitHeadroom,
	recoveryExceedsRTO,
	latentHardDependency,
	untestedFailsafe,
	retryAmplification,
	undeclaredDependency,
	unobservedDependency,
	undeclaredService,
}

// Rules returns every rule, in the contract's order.
func Rules() []*Analyzer { return slices.Clone(registry) }

// Analyze runs every rule over m and summarises every service.
func Analyze(m *model.Model) (*Result, error) {
	d, err := runAll(m, append(Rules(), summariesFact.Analyzer)...)
	if err != nil {
		return nil, err
	}
	return &Result{Findings: d.findings, Services: summariesFact.in(d)}, nil
}

// AnalyzeObserved is Analyze with observed calls, for the drift rules
// (blast check --observed).
func AnalyzeObserved(m *model.Model, obs *Observed) (*Result, error) {
	d, err := runObserved(m, obs, append(Rules(), summariesFact.Analyzer)...)
	if err != nil {
		return nil, err
	}
	return &Result{Findings: d.findings, Services: summariesFact.in(d)}, nil
}

// Drift runs only the drift rules (blast drift), with the summaries.
func Drift(m *model.Model, obs *Observed) (*Result, error) {
	d, err := runObserved(m, obs, undeclaredDependency, unobservedDependency, undeclaredService, summariesFact.Analyzer)
	if err != nil {
		return nil, err
	}
	return &Result{Findings: d.findings, Services: summariesFact.in(d)}, nil
}

// summariesFact are the contract's per-service entries: blast radius and
// single points of failure, sorted by ID.
var summariesFact = newFact("summaries", "blast radius and single points of failure of every service",
	func(p *Pass) ([]ServiceSummary, error) {
		imp, g, table := impactFact.Of(p), p.Graph, idsFact.Of(p)
		out := make([]ServiceSummary, g.Len())
		for i, s := range g.Services {
			out[i] = ServiceSummary{ID: s.ID, Role: string(s.Role), Criticality: string(s.Criticality),
				BlastRadius:           BlastRadius{Outage: imp.OutageCount[i], Degraded: imp.DegradedCount[i]},
				SinglePointsOfFailure: ServiceList{ids: table, at: imp.SPOFs32(i)}}
		}
		return out, nil
	}, impactFact.Analyzer, idsFact.Analyzer)
