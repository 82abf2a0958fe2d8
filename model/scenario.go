package model

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Scenario is a `scenario` block, kept generic so that `--set PATH=VALUE`
// can override any of its values by path before the simulator reads it.
// Its attributes and nested blocks are validated against ScenarioSchema.
type Scenario struct {
	ID      string
	Service string // the fleet the scenario replays
	// ServiceRange is where Service is written.
	ServiceRange hcl.Range

	// Attrs holds the top-level attributes that were set (not `service`).
	Attrs map[string]*Value
	// Blocks holds nested blocks by type, in declaration order.
	Blocks map[string][]*ScenarioBlock

	DeclRange  hcl.Range
	LabelRange hcl.Range
}

// ScenarioBlock is one nested block of a scenario (add_capacity, alarm, recovery, ...).
type ScenarioBlock struct {
	Type      string
	Attrs     map[string]*Value
	DeclRange hcl.Range
}

// Kind is the type of a scenario value.
type Kind int

const (
	KindNumber   Kind = iota // any number
	KindCount                // a non-negative whole number
	KindDuration             // "90s", "2d"
	KindBool
	KindString   // free or enumerated (Enum)
	KindTime     // RFC 3339 timestamp
	KindFraction // a number in [0, 1]
)

// Value is one validated scenario value with its source range.
// Exactly the field matching its Kind is meaningful.
type Value struct {
	Kind     Kind
	Number   float64       // KindNumber, KindCount, KindFraction
	Duration time.Duration // KindDuration
	Bool     bool
	String   string
	Time     time.Time
	Range    hcl.Range

	setBy string // the --set path that gave the value, for messages
}

// AttrSpec describes one allowed attribute.
type AttrSpec struct {
	Name    string
	Kind    Kind
	Enum    []string // allowed values of a KindString, if restricted
	Default string   // the default as it would be written in HCL, for docs ("" = none)
	// Required: a block of this type must set the attribute.
	Required bool
	// Positive: a number or duration must be greater than zero.
	Positive bool
	// NonNegative: a number must not be negative.
	NonNegative bool
	// Max, when above zero, bounds a number from above.
	Max float64
	// Applies is the kind of scenario the attribute is for: LoadScenario,
	// FleetScenario, or "" for both.
	Applies string
	Doc     string
}

// The two kinds of scenario: a change to a fleet, and a disturbance to a
// service under load (a scenario with disturbance blocks).
const (
	FleetScenario = "fleet"
	LoadScenario  = "load"
)

// BlockSpec describes one allowed nested block type.
type BlockSpec struct {
	Type  string
	Multi bool // any number; otherwise at most one
	Attrs []AttrSpec
	// Applies is the kind of scenario the block is for (see AttrSpec).
	Applies string
	Doc     string
}

// ScenarioSchema lists the scenario's top-level attributes (besides `service`)
// and its nested blocks. The parser validates against it and the simulator
// reads it for defaults; docs/simulation.md documents it.
var ScenarioSchema = struct {
	Attrs  []AttrSpec
	Blocks []BlockSpec
}{
	Attrs: []AttrSpec{
		{Name: "start", Kind: KindTime, Doc: "wall-clock time of t=0; times print as clock times"},
		{Name: "duration", Kind: KindDuration, Default: `"24h"`, Positive: true, Doc: "how long to simulate"},
		{Name: "seed", Kind: KindCount, Default: "1", Doc: "random seed; the same seed gives the same run"},
		{Name: "discovery", Kind: KindDuration, Default: `"60m"`, Applies: FleetScenario, Doc: "a server learns of a new peer after a delay uniform in [0, discovery]"},
		{Name: "sample_every", Kind: KindDuration, Default: `"1m"`, Positive: true, Doc: "step of the simulated time series"},
		{Name: "cache_refresh", Kind: KindDuration, Default: `"5m"`, Applies: FleetScenario, Doc: "how often a server rebuilds its cache of the fleet (a shard map, a routing table); a server over a limit fails its next rebuild"},
		{Name: "cache_ttl", Kind: KindDuration, Default: `"90m"`, Applies: FleetScenario, Doc: "how long that cache stays usable after its last successful build; a failed server serves errors after that (a silent failure)"},
		{Name: "outage_threshold", Kind: KindFraction, Default: "0.05", Applies: FleetScenario, Doc: "error rate at which dependents see the fleet as out; the alarm threshold when alarm.on = \"errors\""},
		{Name: "serving_headroom", Kind: KindNumber, Default: "0.25", NonNegative: true, Max: 100, Applies: FleetScenario, Doc: "spare serving capacity of a healthy server, as a fraction of its normal share of the load: a fleet whose healthy servers cannot carry the load serves errors for the rest"},
		{Name: "metastable_after", Kind: KindDuration, Default: `"10m"`, Applies: LoadScenario, Doc: "the service is metastable when it is still overloaded this long after the last disturbance ended"},
		{Name: "mode", Kind: KindString, Enum: []string{"fluid", "requests"}, Default: `"fluid"`, Applies: LoadScenario, Doc: "\"fluid\" follows call rates in small time steps (fast, deterministic); \"requests\" simulates every call with random arrivals and service times (seeded; for small runs)"},
	},
	Blocks: []BlockSpec{
		{Type: "add_capacity", Multi: true, Applies: FleetScenario, Doc: "servers added to the fleet", Attrs: []AttrSpec{
			{Name: "at", Kind: KindDuration, Default: `"0s"`},
			{Name: "servers", Kind: KindCount, Required: true, Doc: "how many servers are added"},
			{Name: "over", Kind: KindDuration, Default: `"0s"`, Doc: "spread evenly over this span"},
		}},
		{Type: "alarm", Applies: FleetScenario, Doc: "when operators are paged", Attrs: []AttrSpec{
			{Name: "on", Kind: KindString, Enum: []string{"errors", "resource"}, Default: `"errors"`},
			{Name: "threshold", Kind: KindFraction, Default: "0.05", Doc: "on = \"errors\": failed-request fraction; on = \"resource\": fraction of the limit (0.9 when unset)"},
		}},
		{Type: "recovery", Applies: FleetScenario, Doc: "what operators do", Attrs: []AttrSpec{
			{Name: "at", Kind: KindDuration, Required: true, Doc: "when the restart begins"},
			{Name: "rollback", Kind: KindBool, Default: "true"},
			{Name: "restart_rate", Kind: KindNumber, Positive: true, Doc: "servers per hour; defaults to fleet.restart_rate"},
			{Name: "bootstrap", Kind: KindString, Enum: []string{"peers", "store"}, Default: `"peers"`},
			{Name: "cold_start", Kind: KindDuration, Doc: "time for one restarted server to rebuild its cache from peers; defaults to fleet.cold_start"},
			{Name: "store_factor", Kind: KindFraction, Default: "0.5", Doc: "bootstrap = \"store\": fraction of cold_start a bootstrap takes, and of the CPU it draws"},
			{Name: "bootstrap_capacity", Kind: KindNumber, NonNegative: true, Doc: "concurrent peer bootstraps the fleet feeds without starving serving; defaults to fleet.restart_rate x cold_start"},
		}},
		{Type: "disturbance", Multi: true, Applies: LoadScenario, Doc: "a loss of the service's capacity for a while", Attrs: []AttrSpec{
			{Name: "at", Kind: KindDuration, Default: `"0s"`, Doc: "when it starts"},
			{Name: "for", Kind: KindDuration, Required: true, Positive: true, Doc: "how long it lasts"},
			{Name: "capacity", Kind: KindFraction, Required: true, Doc: "the fraction of capacity left while it lasts (overlapping disturbances multiply)"},
		}},
	},
}

// Kind is the scenario's kind: LoadScenario when it has disturbance
// blocks, else FleetScenario.
func (sc *Scenario) Kind() string {
	if len(sc.Blocks["disturbance"]) > 0 {
		return LoadScenario
	}
	return FleetScenario
}

// FindScenario returns the scenario with the given ID, or an error that
// lists the declared ones and suggests the nearest.
func (m *Model) FindScenario(id string) (*Scenario, error) {
	if sc := m.Scenario(id); sc != nil {
		return sc, nil
	}
	if len(m.Scenarios) == 0 {
		return nil, fmt.Errorf("the model declares no scenario")
	}
	names := make([]string, len(m.Scenarios))
	for i, s := range m.Scenarios {
		names[i] = s.ID
	}
	msg := "no such scenario (declared: " + strings.Join(names, ", ") + ")"
	if n := Suggest(id, names); n != "" {
		msg += fmt.Sprintf(". Did you mean %q?", n)
	}
	return nil, errors.New(msg)
}

// FindService returns the service with the given ID, or an error that
// suggests the nearest.
func (m *Model) FindService(id string) (*Service, error) {
	if s := m.Service(id); s != nil {
		return s, nil
	}
	names := make([]string, len(m.Services))
	for i, s := range m.Services {
		names[i] = s.ID
	}
	if hint := didYouMean(id, names); hint != "" {
		return nil, errors.New("no such service." + hint)
	}
	return nil, errors.New("no such service")
}

// Limits of what a scenario may ask the simulator for, in memory and time.
const (
	// MaxSamples bounds the series: duration / sample_every.
	MaxSamples = 1_000_000
	// MaxFleet bounds the simulated fleet, every addition included. The
	// replay keeps each server's state and events: about 350 bytes and
	// 2 µs a server, so a million take some 2 s and 350 MB (a sweep runs
	// one replay per core at once); ten million hung at 5.6 GB.
	MaxFleet = 1_000_000
)

// Get returns attribute name of the scenario: the value set, else the
// schema's default, else nil.
func (sc *Scenario) Get(name string) *Value {
	if v := sc.Attrs[name]; v != nil {
		return v
	}
	return defaultValue(attrSpec(ScenarioSchema.Attrs, name))
}

// Block returns the scenario's first block of type typ or, when it declares
// none, an empty one of that type, whose Get gives the defaults.
func (sc *Scenario) Block(typ string) *ScenarioBlock {
	if bs := sc.Blocks[typ]; len(bs) > 0 {
		return bs[0]
	}
	return &ScenarioBlock{Type: typ, DeclRange: sc.DeclRange}
}

// Get returns attribute name of the block: the value set, else the
// schema's default, else nil.
func (b *ScenarioBlock) Get(name string) *Value {
	if v := b.Attrs[name]; v != nil {
		return v
	}
	if spec := blockSpec(b.Type); spec != nil {
		return defaultValue(attrSpec(spec.Attrs, name))
	}
	return nil
}

// defaultValue is spec's Default read as the HCL it is written in, so the
// documented default and the one used cannot differ; nil when it has none.
func defaultValue(spec *AttrSpec) *Value {
	if spec == nil || spec.Default == "" {
		return nil
	}
	expr, diags := hclsyntax.ParseExpression([]byte(spec.Default), "default", hcl.InitialPos)
	if diags.HasErrors() {
		return nil
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		return nil
	}
	val, d := scenarioValue(*spec, v, hcl.Range{})
	if d != nil {
		return nil
	}
	return val
}
