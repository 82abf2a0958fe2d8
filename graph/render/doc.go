// Package render draws a model's dependency graph as DOT, SVG or PNG, so that hidden couplings are visible at a glance.
package render
