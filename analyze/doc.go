// Package analyze runs blast's rules over a model and its dependency graph.
package analyze
