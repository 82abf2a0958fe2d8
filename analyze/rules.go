package analyze

import "github.com/blast-tool/blast/model"

// Rules returns every rule, in rule-ID order. Each rule lives in the file
// named after its ID (single-point-of-failure -> single_point_of_failure.go).
func Rules() []*Analyzer {
	return []*Analyzer{
		CircularDependency,
		LatentHardDependency,
		LimitHeadroom,
		MonitoringSelfDependence,
		RecoveryExceedsRTO,
		RedundancyDefeated,
		ScalingHotspot,
		SharedFate,
		SinglePointOfFailure,
		UntestedFailsafe,
	}
}

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *Analyzer {
	for _, a := range Rules() {
		if a.Name == id {
			return a
		}
	}
	return nil
}

// Analyze runs every rule over m and fills the per-service summaries.
func Analyze(m *model.Model) (*Result, error) {
	res, err := Run(m, append([]*Analyzer{ImpactAnalyzer}, Rules()...))
	if err != nil {
		return nil, err
	}
	res.Services = Summaries(res)
	return res, nil
}
