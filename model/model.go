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
	// foreign names the files read as configuration whose names are not
	// a configuration file's: WriteDiagnostics never quotes them.
	foreign map[string]bool
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
	// Load is the requests per second arriving from outside; 0 when absent.
	Load float64
	// LoadRange is where load is written, when it is.
	LoadRange hcl.Range
	Capacity  *Capacity // nil when absent

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
	// Timeout is how long one call waits before it gives up; 0 when
	// absent: a call waits for its answer however long it takes.
	Timeout time.Duration
	Retry   *Retry // nil when absent: one try per call

	DeclRange  hcl.Range
	LabelRange hcl.Range
	// AttrRanges holds the range of each attribute that was set, by name.
	AttrRanges map[string]hcl.Range
}

// MaxAttempts bounds retry.attempts: more tries than this is a typo.
const MaxAttempts = 100

// Retry is a dependency's `retry` block: how a call to it is retried.
type Retry struct {
	Attempts int           // total tries per call, the first included; 1 to MaxAttempts
	Backoff  time.Duration // wait before the second try; each later wait doubles
	Jitter   bool          // waits are drawn uniformly from [0, wait] ("full jitter")
	// Budget is the fraction of calls that may be retried (a token-bucket
	// retry limiter), valid when HasBudget.
	Budget    float64
	HasBudget bool

	DeclRange  hcl.Range
	AttrRanges map[string]hcl.Range
}

// Factor is how many calls one call along the edge can become, the
// retry-amplification rule's factor: the attempts, or 1 + budget when a
// retry budget caps them (never more than the attempts: one try has no
// retry to budget). An edge without retry counts 1.
func (d *Dependency) Factor() float64 {
	r := d.Retry
	if r == nil {
		return 1
	}
	if r.HasBudget {
		return min(float64(r.Attempts), 1+r.Budget)
	}
	return float64(r.Attempts)
}

// Wait is the wait before try n+1 (n >= 1 tries made so far): backoff,
// doubling with every later try, saturating at MaxDuration.
func (r *Retry) Wait(n int) time.Duration {
	w := r.Backoff
	for i := 1; i < n && w < MaxDuration; i++ {
		w *= 2
	}
	return min(w, MaxDuration)
}

// Capacity is a service's `capacity` block: how fast its fleet answers
// calls, for the load simulation.
type Capacity struct {
	PerServer float64 // calls per second one server completes at full use
	// Queue bounds the calls waiting per server, when Bounded; an
	// unbounded queue is first-in first-out and never drops a call.
	Queue   int
	Bounded bool
	// Concurrency is the calls one server works on at once (default 1):
	// a call takes Concurrency / PerServer seconds of work.
	Concurrency int

	DeclRange  hcl.Range
	AttrRanges map[string]hcl.Range
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

// Verb says what a full buffer does, as a sentence says it: "blocks",
// "fails" or "drops".
func (o OnFull) Verb() string {
	switch o {
	case OnFullFail:
		return "fails"
	case OnFullDrop:
		return "drops"
	}
	return "blocks"
}

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

	serversSetBy string // the --set path that gave Servers, for messages
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
	Law    func(n float64) (float64, error)
	lawKey string // what Law's values depend on, for probeLaw's memo

	DeclRange  hcl.Range
	AttrRanges map[string]hcl.Range
}

// Policy is the `policy` block.
type Policy struct {
	FailOn             string  // "error", "warning" or "info"
	Headroom           float64 // fraction, default 0.25
	SharedFateRoles    int     // default 3
	SharedFateCritical int     // default 3
	// MaxRetryAmplification is the most calls one call at the top of a
	// chain may become at its bottom (default 10).
	MaxRetryAmplification float64
	Ignores               []*Ignore

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
	return Policy{FailOn: "error", Headroom: 0.25, SharedFateRoles: 3, SharedFateCritical: 3, MaxRetryAmplification: 10}
}

// EffectivePolicy returns the declared policy with defaults filled in.
func (m *Model) EffectivePolicy() Policy {
	if m.Policy == nil {
		return DefaultPolicy()
	}
	return *m.Policy
}
