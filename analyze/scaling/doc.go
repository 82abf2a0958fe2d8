// Package scaling classifies how per-server resource use grows with fleet size and finds where it crosses its limit.
package scaling
