// Package topology holds what blast learns about an estate from the tools a
// team already runs: a neutral Topology (services with a role, tags and
// notes; dependencies with an impact, call counts and where each was
// declared or observed), the importers that build one from other tools'
// formats (Backstage catalogs, OpenTelemetry servicegraph metrics, Jaeger's
// dependencies API, Docker Compose, `terraform show -json`), and the writer
// that renders a Topology, or what a model lacks of one, as canonical HCL.
//
// Importers never merge silently: names are made valid IDs as the contract
// says (model.IDPattern, other characters replaced with "-"), and two source
// names that become one ID are an error. Output is deterministic: services
// by ID, dependencies by target.
package topology
