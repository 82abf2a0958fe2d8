package analyze

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
)

// An Analyzer is one analysis, in the style of golang.org/x/tools/go/analysis.
// A rule is an Analyzer whose Name is its stable rule ID and which reports
// findings; a helper analysis computes shared facts (Requires) and reports
// none. Each Analyzer runs at most once per model.
type Analyzer struct {
	Name     string // rule ID for rules: "single-point-of-failure"
	Doc      string // first line: a summary; then why it matters
	Requires []*Analyzer
	// Run computes the analysis. Its result is available to analyzers that
	// require it through Pass.ResultOf.
	Run func(*Pass) (any, error)
	// IsRule marks analyzers whose findings are reported to users.
	IsRule bool
}

// Pass is what an analyzer's Run sees.
type Pass struct {
	Analyzer *Analyzer
	Model    *model.Model
	Graph    *graph.Graph
	Policy   model.Policy
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

// Severity of a finding. Higher is more severe.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "invalid"
}

// ParseSeverity parses "info", "warning" or "error".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
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

// Key identifies a finding across versions of a model: its rule and subjects.
func (f Finding) Key() string { return f.Rule + "\x00" + strings.Join(f.Subjects, "\x00") }

// Less orders findings by severity (most severe first), rule, then subjects.
func Less(a, b Finding) bool {
	if a.Severity != b.Severity {
		return a.Severity > b.Severity
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	for i := 0; i < len(a.Subjects) && i < len(b.Subjects); i++ {
		if a.Subjects[i] != b.Subjects[i] {
			return a.Subjects[i] < b.Subjects[i]
		}
	}
	if len(a.Subjects) != len(b.Subjects) {
		return len(a.Subjects) < len(b.Subjects)
	}
	return a.Message < b.Message
}

// SortFindings sorts findings in the contract's order.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return Less(fs[i], fs[j]) })
}

// Result of running the analyzers over a model.
type Result struct {
	Model    *model.Model
	Graph    *graph.Graph
	Findings []Finding
	// Services is filled by the caller from the impact analysis (see Summaries).
	Services []ServiceSummary
	ResultOf map[*Analyzer]any
}

// Run runs the analyzers (and what they require) over m, each once, and
// returns the sorted findings of the rules among them.
func Run(m *model.Model, analyzers []*Analyzer) (*Result, error) {
	res := &Result{Model: m, Graph: graph.New(m), ResultOf: map[*Analyzer]any{}}
	pol := m.EffectivePolicy()
	state := map[*Analyzer]int{} // 1 running, 2 done
	var run func(a *Analyzer) error
	run = func(a *Analyzer) error {
		switch state[a] {
		case 1:
			return fmt.Errorf("analyzer %s requires itself", a.Name)
		case 2:
			return nil
		}
		state[a] = 1
		for _, r := range a.Requires {
			if err := run(r); err != nil {
				return err
			}
		}
		p := &Pass{Analyzer: a, Model: m, Graph: res.Graph, Policy: pol, ResultOf: res.ResultOf,
			report: func(f Finding) {
				if a.IsRule {
					res.Findings = append(res.Findings, f)
				}
			}}
		v, err := a.Run(p)
		if err != nil {
			return fmt.Errorf("%s: %w", a.Name, err)
		}
		res.ResultOf[a] = v
		state[a] = 2
		return nil
	}
	for _, a := range analyzers {
		if err := run(a); err != nil {
			return nil, err
		}
	}
	SortFindings(res.Findings)
	return res, nil
}

// MarshalFindings writes findings as indented JSON; map keys in Data are sorted by encoding/json.
func MarshalFindings(fs []Finding) ([]byte, error) { return json.MarshalIndent(fs, "", "  ") }

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
	SinglePointsOfFailure []string    `json:"single_points_of_failure"`
}
