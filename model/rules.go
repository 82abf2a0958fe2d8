package model

// RuleIDs lists the stable rule IDs of the contract, sorted; policy
// `ignore "RULE"` blocks are validated against it. The rules themselves are
// analyze's registry (analyze.Rules), above this package; a test there
// holds this list to it.
var RuleIDs = []string{
	"circular-dependency",
	"latent-hard-dependency",
	"limit-headroom",
	"monitoring-self-dependence",
	"recovery-exceeds-rto",
	"redundancy-defeated",
	"retry-amplification",
	"scaling-hotspot",
	"shared-fate",
	"single-point-of-failure",
	"undeclared-dependency",
	"undeclared-service",
	"unobserved-dependency",
	"untested-failsafe",
}
