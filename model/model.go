package model

import (
	"sort"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Model is every file of one configuration merged and validated.
// Services and Scenarios are sorted by ID; all slices are deterministic.
type Model struct {
	// Files maps each filename to its source, for diagnostics with snippets.
	Files map[string]*hcl.File
	// Locals holds every evaluated local value, by name.
	Locals map[string]cty.Value

	Services  []*Service
	Scenarios []*Scenario
	// Policy is the declared policy block, or nil; use EffectivePolicy for defaults.
	Policy *Policy

	byID map[string]*Service
	ev   *evaluator // the loader's evaluation context, for Set
}

// Service returns the service with the given ID, or nil.
func (m *Model) Service(id string) *Service {
	if m.byID == nil || len(m.byID) != len(m.Services) {
		m.Reindex()
	}
	return m.byID[id]
}

// Scenario returns the scenario with the given ID, or nil.
func (m *Model) Scenario(id string) *Scenario {
	for _, s := range m.Scenarios {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Reindex sorts services and scenarios by ID and rebuilds the ID index.
// Call it after adding services to a model built in code.
func (m *Model) Reindex() {
	sort.Slice(m.Services, func(i, j int) bool { return m.Services[i].ID < m.Services[j].ID })
	sort.Slice(m.Scenarios, func(i, j int) bool { return m.Scenarios[i].ID < m.Scenarios[j].ID })
	m.byID = make(map[string]*Service, len(m.Services))
	for _, s := range m.Services {
		m.byID[s.ID] = s
	}
}

// Role is what a service is for; some rules look at observers and tooling.
type Role string

const (
	RoleService      Role = "service"
	RoleMonitoring   Role = "monitoring"
	RoleStatus       Role = "status"
	RoleAuth         Role = "auth"
	RoleStorage      Role = "storage"
	RoleNetwork      Role = "network"
	RoleControlPlane Role = "control-plane"
	RoleTooling      Role = "tooling"
)

// Roles lists every valid role, in the contract's order.
var Roles = []Role{RoleService, RoleMonitoring, RoleStatus, RoleAuth, RoleStorage, RoleNetwork, RoleControlPlane, RoleTooling}

// IsObserver reports whether the role watches or reports on other services.
func (r Role) IsObserver() bool { return r == RoleMonitoring || r == RoleStatus }

// Criticality ranks how much an outage of a service matters.
type Criticality string

const (
	Critical Criticality = "critical"
	High     Criticality = "high"
	Medium   Criticality = "medium"
	Low      Criticality = "low"
)

// Criticalities lists every valid criticality, most critical first.
var Criticalities = []Criticality{Critical, High, Medium, Low}

// Impact is an impairment level: what a service suffers. Levels are ordered.
type Impact int

const (
	ImpactNone Impact = iota
	ImpactDegraded
	ImpactOutage
)

func (i Impact) String() string {
	switch i {
	case ImpactNone:
		return "none"
	case ImpactDegraded:
		return "degraded"
	case ImpactOutage:
		return "outage"
	}
	return "invalid"
}

// ParseImpact parses "none", "degraded" or "outage".
func ParseImpact(s string) (Impact, bool) {
	switch s {
	case "none":
		return ImpactNone, true
	case "degraded":
		return ImpactDegraded, true
	case "outage":
		return ImpactOutage, true
	}
	return 0, false
}

// Service is one `service` block.
type Service struct {
	ID          string
	Title       string // defaults to ID
	Role        Role
	Criticality Criticality
	Monitors    []string
	Tags        []string
	DependsOn   []*Dependency // in declaration order
	Fleet       *Fleet        // nil when absent
	Resources   []*Resource   // in declaration order

	DeclRange  hcl.Range // `service "id"` header
	LabelRange hcl.Range // the ID label
	// MonitorsRange is the range of the `monitors` expression, if present.
	MonitorsRange hcl.Range
	// MonitorRanges holds the range of each Monitors element (the whole
	// expression when it is not a literal list).
	MonitorRanges []hcl.Range
}

// Dependency is one `depends_on "ID"` block: From needs To.
type Dependency struct {
	From   string // the owning (dependent) service
	To     string // the dependency
	Impact Impact
	After  time.Duration
	Group  string // redundancy group; "" for none
	Tested bool   // default true
	Note   string
	Buffer *Buffer // nil when absent

	DeclRange  hcl.Range
	LabelRange hcl.Range
}

// OnFull is what a buffer does once it is full.
type OnFull string

const (
	OnFullBlock OnFull = "block"
	OnFullFail  OnFull = "fail"
	OnFullDrop  OnFull = "drop"
)

// Turns reports whether a full buffer turns the edge into an outage edge.
func (o OnFull) Turns() bool { return o == OnFullBlock || o == OnFullFail }

// Buffer is a local buffer on a dependency edge.
type Buffer struct {
	Capacity float64       // bytes or items; 0 when only fills_in was given
	FillRate float64       // units per second; 0 when only fills_in was given
	FillsIn  time.Duration // always set: given, or Capacity / FillRate
	OnFull   OnFull
	Tested   bool // default false

	DeclRange hcl.Range
}

// Fleet is a service's `fleet` block.
type Fleet struct {
	Servers     int
	Cells       int           // default 1
	ColdStart   time.Duration // 0 when absent
	RestartRate float64       // servers per hour; 0 when absent
	RTO         time.Duration // 0 when absent

	DeclRange hcl.Range
	// AttrRanges holds the range of each attribute that was set, by name.
	AttrRanges map[string]hcl.Range
}

// Scope is how a resource's N is counted.
type Scope string

const (
	ScopeFleet Scope = "fleet"
	ScopeCell  Scope = "cell"
)

// Resource is a per-server resource whose use depends on fleet size.
type Resource struct {
	Name  string
	Limit float64
	Scope Scope
	Unit  string // defaults to Name

	// PerServer is the `per_server` expression; PerServerSrc its source text.
	PerServer    hcl.Expression
	PerServerSrc string
	// Law evaluates per_server for a given N; set by the loader (or by tests).
	Law func(n float64) (float64, error)

	DeclRange  hcl.Range
	AttrRanges map[string]hcl.Range
}

// Policy is the `policy` block.
type Policy struct {
	FailOn             string  // "error", "warning" or "info"
	Headroom           float64 // fraction, default 0.25
	SharedFateRoles    int     // default 3
	SharedFateCritical int     // default 3
	Ignores            []*Ignore

	DeclRange hcl.Range
}

// Ignore is one `ignore "RULE"` block of the policy.
type Ignore struct {
	Rule     string
	Subjects []string
	Reason   string
	Until    time.Time // zero when absent
	HasUntil bool

	DeclRange hcl.Range
}

// DefaultPolicy is the policy used when the model declares none.
func DefaultPolicy() Policy {
	return Policy{FailOn: "error", Headroom: 0.25, SharedFateRoles: 3, SharedFateCritical: 3}
}

// EffectivePolicy returns the declared policy with defaults filled in.
func (m *Model) EffectivePolicy() Policy {
	if m.Policy == nil {
		return DefaultPolicy()
	}
	return *m.Policy
}
