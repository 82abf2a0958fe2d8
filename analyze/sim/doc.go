// Package sim replays a change to one fleet as a deterministic discrete-event simulation.
package sim
