package analyze

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/parallel"
	"github.com/hashicorp/hcl/v2"
)

// An Analyzer is one analysis, in the style of golang.org/x/tools/go/analysis:
// a value with a Name, a Doc, the analyzers it Requires and a Run function.
// Each Analyzer runs at most once per model, after what it requires.
//
// A rule is an Analyzer that reports findings; it is listed in Rules, its
// Name is its stable rule ID, and its Doc, Help and Severity are its
// documentation wherever blast shows rules (SARIF's rule metadata, JUnit,
// docs/rules.md and the policy's rule IDs are generated from or tested
// against them). A helper analysis reports nothing and computes a value
// for the analyzers that require it: see fact.
type Analyzer struct {
	Name string // a rule's ID: "single-point-of-failure"
	// Doc is the documentation, as in go/analysis: its first paragraph is
	// the title (for a rule, one sentence saying what it finds), the rest
	// says why that matters. Lines within a paragraph are wrapped.
	Doc      string
	Help     string   // rules: what to do about a finding, on one line
	Severity Severity // rules: the severity it usually reports
	Requires []*Analyzer
	// Identity returns the subjects of one of the rule's findings that
	// identify it across versions of a model (Finding.Key), in the
	// subjects' order; nil means all of them. A rule whose finding is about one service and lists what
	// that service affects is identified by the service alone, so that a
	// change adding to the list makes the finding worse rather than
	// another one (single-point-of-failure: the cause). The other subjects
	// are what the finding says about them, each on its own: a policy
	// ignore that names some of them accepts only those (check.ApplyPolicy).
	Identity func(subjects []string) []string
	// Worse says in words what made one of the rule's findings worse
	// between two versions of a model, given two findings with one Key
	// (see the function Worse); nil, or "", leaves it to Worse's generic
	// words.
	Worse func(base, head Finding) string
	// Run computes the analysis. Its result is available to the analyzers
	// that require it through Pass.ResultOf (read it with fact.Of).
	Run func(*Pass) (any, error)
}

// Title is the first paragraph of Doc, on one line.
func (a *Analyzer) Title() string {
	title, _, _ := strings.Cut(a.Doc, "\n\n")
	return unwrap(title)
}

// Description is Doc after its title, each paragraph on one line.
func (a *Analyzer) Description() string {
	_, rest, _ := strings.Cut(a.Doc, "\n\n")
	paras := strings.Split(strings.TrimSpace(rest), "\n\n")
	for i, p := range paras {
		paras[i] = unwrap(p)
	}
	return strings.Join(paras, "\n\n")
}

// unwrap joins the lines of a paragraph.
func unwrap(p string) string { return strings.Join(strings.Fields(p), " ") }

// A fact is a helper analysis: it computes one value of type T per model
// for the analyzers that require it, and reports nothing. Of reads the
// value with its type, so no analyzer asserts a result type by hand.
type fact[T any] struct{ *Analyzer }

// newFact returns the helper analysis that computes its value with compute.
func newFact[T any](name, doc string, compute func(*Pass) (T, error), requires ...*Analyzer) fact[T] {
	return fact[T]{&Analyzer{Name: name, Doc: doc, Requires: requires,
		Run: func(p *Pass) (any, error) { return compute(p) }}}
}

// Of returns the fact's value for the model of pass p, whose analyzer must
// require the fact (as go/analysis, a pass sees only what it requires).
func (f fact[T]) Of(p *Pass) T {
	v, ok := p.ResultOf[f.Analyzer]
	if !ok {
		panic(fmt.Sprintf("analyze: %s reads %s without requiring it", p.Analyzer.Name, f.Name))
	}
	return v.(T)
}

// in returns the fact's value computed by driver d.
func (f fact[T]) in(d *driver) T { return d.results[f.Analyzer].(T) }

// Pass is what an analyzer's Run sees.
type Pass struct {
	Analyzer *Analyzer
	Model    *model.Model
	Graph    *graph.Graph
	Policy   model.Policy
	// Observed is what the drift rules compare the model with; nil
	// without observations (they then report nothing).
	Observed *Observed
	// ResultOf holds the results of the analyzers that Analyzer requires.
	ResultOf map[*Analyzer]any
	report   func(Finding)
}

// Report records a finding of this pass's rule. Rule is filled in if empty.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.Analyzer.Name
	}
	if f.Data == nil {
		f.Data = map[string]any{}
	}
	p.report(f)
}

// onDependency completes f, a finding about the dependency from -> to
// (declared or observed): its subjects are the two ends, its path the one
// hop.
func onDependency(from, to string, f Finding) Finding {
	f.Subjects, f.Path = []string{from, to}, []string{from, to}
	return f
}

// Severity of a finding. Higher is more severe.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

// severityNames are the severities' names, by value.
var severityNames = [...]string{Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return "invalid"
	}
	return severityNames[s]
}

// ParseSeverity parses "info", "warning" or "error".
func ParseSeverity(s string) (Severity, bool) {
	for v, name := range severityNames {
		if name == s {
			return Severity(v), true
		}
	}
	return 0, false
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("unknown severity %q", b)
	}
	*s = v
	return nil
}

// Pos is a 1-based line and column.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Range is a source range as the JSON contract writes it.
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// RangeOf converts an HCL range; it returns nil for an empty range.
func RangeOf(r hcl.Range) *Range {
	if r.Filename == "" {
		return nil
	}
	return &Range{Filename: r.Filename, Start: Pos{r.Start.Line, r.Start.Column}, End: Pos{r.End.Line, r.End.Column}}
}

// Finding is one reported problem. Its JSON form is part of the contract.
type Finding struct {
	Rule     string         `json:"rule"`
	Severity Severity       `json:"severity"`
	Message  string         `json:"message"`
	Subjects []string       `json:"subjects"`
	Path     []string       `json:"path,omitempty"`
	Range    *Range         `json:"range,omitempty"`
	Data     map[string]any `json:"data"`
}

// Key identifies a finding across versions of a model: its rule and the
// subjects that identify it (Identity), never its location or message.
func (f Finding) Key() string { return f.Rule + "\x00" + strings.Join(f.Identity(), "\x00") }

// Identity returns the subjects that identify f: those its rule's
// Identity selects, else all of them.
func (f Finding) Identity() []string {
	if r := ruleNamed(f.Rule); r != nil && r.Identity != nil {
		return r.Identity(f.Subjects)
	}
	return f.Subjects
}

// ruleNamed returns the registered rule with this ID, or nil.
func ruleNamed(id string) *Analyzer {
	for _, r := range registry {
		if r.Name == id {
			return r
		}
	}
	return nil
}

// Worse says what made head worse than base, two findings with one Key:
// subjects it gained ("db is now also a single point of failure of
// checkout", in the rule's own words where it has them) and a higher
// severity ("was a warning"). It returns "" when head is no worse: no
// more severe, and no subject that base lacks.
func Worse(base, head Finding) string {
	var parts []string
	if added, _ := subjectChange(base.Subjects, head.Subjects); len(added) > 0 {
		said := ""
		if r := ruleNamed(head.Rule); r != nil && r.Worse != nil {
			said = r.Worse(base, head)
		}
		if said == "" {
			said = "now also about " + words.And(added)
		}
		parts = append(parts, said)
	}
	if head.Severity > base.Severity {
		parts = append(parts, fmt.Sprintf("was %s %s, now %s %s", article(base.Severity), base.Severity, article(head.Severity), head.Severity))
	}
	return strings.Join(parts, "; ")
}

func article(s Severity) string {
	if s == Warning {
		return "a"
	}
	return "an"
}

// subjectChange returns the subjects of head that base lacks and those of
// base that head lacks, each in its list's order.
func subjectChange(base, head []string) (added, removed []string) {
	in := func(s string, list []string) bool { return slices.Contains(list, s) }
	for _, s := range head {
		if !in(s, base) {
			added = append(added, s)
		}
	}
	for _, s := range base {
		if !in(s, head) {
			removed = append(removed, s)
		}
	}
	return added, removed
}

// Less orders findings by severity (most severe first), rule, then subjects.
func Less(a, b Finding) bool { return compareFindings(&a, &b) < 0 }

// compareFindings is Less as a three-way comparison, on pointers: a
// Finding is a dozen words, and 10^5 findings are compared 10^6 times.
func compareFindings(a, b *Finding) int {
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := slices.Compare(a.Subjects, b.Subjects); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// SortFindings sorts findings in the contract's order, stably.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return compareFindings(&fs[i], &fs[j]) < 0 })
}

// Result of analysing a model: what `blast analyze` reports.
type Result struct {
	Findings []Finding
	Services []ServiceSummary
}

// driver runs analyzers over one model, each at most once, after what it
// requires, and collects the findings they report.
type driver struct {
	model    *model.Model
	graph    *graph.Graph
	policy   model.Policy
	observed *Observed
	results  map[*Analyzer]any
	findings []Finding
}

func newDriver(m *model.Model) *driver {
	return &driver{model: m, graph: graph.New(m), policy: m.EffectivePolicy(), results: map[*Analyzer]any{}}
}

// run runs the analyzers, after what they require, in waves: a wave is
// every analyzer whose requirements ran in earlier waves, and its
// analyzers run beside each other, one per core (the rules that explain
// failures take most of the time, and need only the shared facts). An
// analyzer's results and findings are its own until its wave ends; the
// findings are then collected in the order a depth-first run would have
// reported them, so the output does not depend on the schedule.
func (d *driver) run(analyzers ...*Analyzer) error {
	waves, err := schedule(analyzers, d.results)
	if err != nil {
		return err
	}
	for _, wave := range waves {
		vals := make([]any, len(wave))
		errs := make([]error, len(wave))
		found := make([][]Finding, len(wave))
		parallel.For(len(wave), 0, func(i int) {
			a := wave[i]
			vals[i], errs[i] = a.Run(d.pass(a, func(f Finding) { found[i] = append(found[i], f) }))
		})
		for i, a := range wave {
			if errs[i] != nil {
				return fmt.Errorf("%s: %w", a.Name, errs[i])
			}
			d.results[a] = vals[i]
			d.findings = append(d.findings, found[i]...)
		}
	}
	return nil
}

// schedule returns the analyzers and what they require that have not run
// (are not in done), in waves: an analyzer is in the wave after its
// latest requirement's. Each wave lists its analyzers in the order a
// depth-first run from analyzers finishes them, requirements first.
func schedule(analyzers []*Analyzer, done map[*Analyzer]any) ([][]*Analyzer, error) {
	const visiting = -1
	wave := map[*Analyzer]int{}
	var waves [][]*Analyzer
	var visit func(a *Analyzer) (int, error)
	visit = func(a *Analyzer) (int, error) {
		if w, seen := wave[a]; seen {
			if w == visiting {
				return 0, fmt.Errorf("analyzer %s requires itself", a.Name)
			}
			return w, nil
		}
		if _, ran := done[a]; ran {
			return -1, nil // before every wave
		}
		wave[a] = visiting
		w := 0
		for _, r := range a.Requires {
			rw, err := visit(r)
			if err != nil {
				return 0, err
			}
			w = max(w, rw+1)
		}
		wave[a] = w
		for len(waves) <= w {
			waves = append(waves, nil)
		}
		waves[w] = append(waves[w], a)
		return w, nil
	}
	for _, a := range analyzers {
		if _, err := visit(a); err != nil {
			return nil, err
		}
	}
	return waves, nil
}

// pass is a's view of the model: the results of what it requires, and
// where its findings go.
func (d *driver) pass(a *Analyzer, report func(Finding)) *Pass {
	req := make(map[*Analyzer]any, len(a.Requires))
	for _, r := range a.Requires {
		req[r] = d.results[r]
	}
	return &Pass{Analyzer: a, Model: d.model, Graph: d.graph, Policy: d.policy, Observed: d.observed, ResultOf: req, report: report}
}

// runAll runs the analyzers over m and returns the driver, its findings
// sorted in the contract's order.
func runAll(m *model.Model, analyzers ...*Analyzer) (*driver, error) {
	return runObserved(m, nil, analyzers...)
}

// runObserved is runAll with observations for the drift rules.
func runObserved(m *model.Model, obs *Observed, analyzers ...*Analyzer) (*driver, error) {
	d := newDriver(m)
	d.observed = obs
	if err := d.run(analyzers...); err != nil {
		return nil, err
	}
	SortFindings(d.findings)
	return d, nil
}

// BlastRadius counts the other services a failure impairs.
type BlastRadius struct {
	Outage   int `json:"outage"`
	Degraded int `json:"degraded"`
}

// ServiceSummary is one entry of the JSON `services` list.
type ServiceSummary struct {
	ID                    string      `json:"id"`
	Role                  string      `json:"role"`
	Criticality           string      `json:"criticality"`
	BlastRadius           BlastRadius `json:"blast_radius"`
	SinglePointsOfFailure ServiceList `json:"single_points_of_failure"`
}
