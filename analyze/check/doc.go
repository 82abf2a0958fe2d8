// Package check decides whether a model passes `blast check`: policy ignores, base/head comparison and the verdict.
package check
