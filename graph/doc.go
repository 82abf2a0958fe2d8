// Package graph is the service dependency graph with blast's propagation rules.
package graph
