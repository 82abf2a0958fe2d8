package check

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
)

func f(rule string, sev analyze.Severity, line int, subjects ...string) analyze.Finding {
	return analyze.Finding{
		Rule: rule, Severity: sev, Message: rule + " " + strings.Join(subjects, ","),
		Subjects: subjects, Data: map[string]any{},
		Range: &analyze.Range{Filename: "infra.hcl", Start: analyze.Pos{Line: line, Column: 1}, End: analyze.Pos{Line: line, Column: 9}},
	}
}

func keys(fs []analyze.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Rule+":"+strings.Join(f.Subjects, ","))
	}
	return out
}

func ign(rule string, until string, subjects ...string) *model.Ignore {
	ig := &model.Ignore{Rule: rule, Subjects: subjects, Reason: "accepted",
		DeclRange: hcl.Range{Filename: "policy.hcl", Start: hcl.Pos{Line: 3, Column: 3}, End: hcl.Pos{Line: 7, Column: 4}}}
	if until != "" {
		ig.Until, ig.HasUntil = modeltest.Date(until), true
	}
	return ig
}

func TestApplyPolicy(t *testing.T) {
	findings := []analyze.Finding{
		f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito"),
		f("single-point-of-failure", analyze.Error, 11, "kinesis", "lambda"),
		f("shared-fate", analyze.Warning, 12, "kinesis"),
		f("untested-failsafe", analyze.Info, 13, "cognito", "kinesis"),
	}
	now := modeltest.Date("2026-06-01").Add(15 * time.Hour)
	tests := []struct {
		name        string
		ignores     []*model.Ignore
		ignored     []string // the findings kept are all the others, in order
		notes       []string // kind:rule
		noteMessage string   // substring of the first note's message
	}{
		{
			name: "no ignores",
		},
		{
			name:    "subset of subjects matches several",
			ignores: []*model.Ignore{ign("single-point-of-failure", "", "kinesis")},
			ignored: []string{"single-point-of-failure:kinesis,cognito", "single-point-of-failure:kinesis,lambda"},
		},
		{
			name:    "all subjects must be present, order irrelevant",
			ignores: []*model.Ignore{ign("single-point-of-failure", "", "lambda", "kinesis")},
			ignored: []string{"single-point-of-failure:kinesis,lambda"},
		},
		{
			name:    "no subjects matches the whole rule",
			ignores: []*model.Ignore{ign("untested-failsafe", "")},
			ignored: []string{"untested-failsafe:cognito,kinesis"},
		},
		{
			name:    "other rule does not match and is stale",
			ignores: []*model.Ignore{ign("circular-dependency", "", "kinesis")},
			notes:   []string{"stale-ignore:circular-dependency"}, noteMessage: "ignore of circular-dependency for [kinesis] matches no finding",
		},
		{
			name:    "still valid on its until day",
			ignores: []*model.Ignore{ign("shared-fate", "2026-06-01", "kinesis")},
			ignored: []string{"shared-fate:kinesis"},
		},
		{
			name:    "expired lapses and warns",
			ignores: []*model.Ignore{ign("shared-fate", "2026-05-31", "kinesis")},
			notes:   []string{"expired-ignore:shared-fate"}, noteMessage: "ignore of shared-fate for [kinesis] expired on 2026-05-31; the finding applies again",
		},
		{
			name: "expired notes come before stale ones; overlapping ignores both used",
			ignores: []*model.Ignore{
				ign("redundancy-defeated", "", "x"),
				ign("single-point-of-failure", "2030-01-01", "cognito"),
				ign("single-point-of-failure", "", "kinesis"),
				ign("shared-fate", "2020-01-01"),
			},
			ignored: []string{"single-point-of-failure:kinesis,cognito", "single-point-of-failure:kinesis,lambda"},
			notes:   []string{"expired-ignore:shared-fate", "stale-ignore:redundancy-defeated"},
		},
		{
			name:    "nil ignore is skipped",
			ignores: []*model.Ignore{nil},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pol := model.DefaultPolicy()
			pol.Ignores = tc.ignores
			kept, ignored, notes := ApplyPolicy(findings, pol, now)
			wantKept := []string{}
			for _, k := range keys(findings) {
				if !slices.Contains(tc.ignored, k) {
					wantKept = append(wantKept, k)
				}
			}
			if got := keys(kept); !reflect.DeepEqual(got, wantKept) {
				t.Errorf("kept = %v, want %v", got, wantKept)
			}
			if got := keys(ignored); !reflect.DeepEqual(got, nz(tc.ignored)) {
				t.Errorf("ignored = %v, want %v", got, tc.ignored)
			}
			var gotNotes []string
			for _, n := range notes {
				gotNotes = append(gotNotes, n.Data["kind"].(string)+":"+n.Rule)
				if n.Severity != analyze.Warning {
					t.Errorf("note severity = %v, want warning", n.Severity)
				}
				if n.Range == nil || n.Range.Filename != "policy.hcl" || n.Range.Start.Line != 3 {
					t.Errorf("note range = %+v, want the ignore block", n.Range)
				}
			}
			if !reflect.DeepEqual(gotNotes, tc.notes) {
				t.Errorf("notes = %v, want %v", gotNotes, tc.notes)
			}
			if tc.noteMessage != "" && (len(notes) == 0 || !strings.Contains(notes[0].Message, tc.noteMessage)) {
				t.Errorf("first note = %+v, want message containing %q", notes, tc.noteMessage)
			}
		})
	}
}

func nz(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func svc(id string, outage, degraded int, spofs ...string) analyze.ServiceSummary {
	return analyze.ServiceSummary{ID: id, Role: "service", Criticality: "high",
		BlastRadius: analyze.BlastRadius{Outage: outage, Degraded: degraded}, SinglePointsOfFailure: analyze.NewServiceList(spofs...)}
}

func TestCompare(t *testing.T) {
	base := []analyze.Finding{
		f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito"),
		f("shared-fate", analyze.Warning, 12, "kinesis"),
		f("scaling-hotspot", analyze.Warning, 30, "kinesis"),
		f("scaling-hotspot", analyze.Warning, 31, "kinesis"),
	}
	head := []analyze.Finding{
		// moved lines: still unchanged
		f("single-point-of-failure", analyze.Error, 50, "kinesis", "cognito"),
		f("circular-dependency", analyze.Error, 20, "a", "b"),
		f("scaling-hotspot", analyze.Warning, 30, "kinesis"),
		// subjects in another order are another finding
		f("untested-failsafe", analyze.Info, 5, "b", "a"),
	}
	d := Compare(base, head,
		[]analyze.ServiceSummary{svc("kinesis", 5, 1), svc("cognito", 2, 0), svc("lambda", 1, 1, "kinesis"), svc("gone", 1, 0)},
		[]analyze.ServiceSummary{svc("kinesis", 7, 1), svc("cognito", 2, 0, "kinesis"), svc("lambda", 1, 0, "kinesis"), svc("zeta", 0, 0), svc("alpha", 3, 0)},
	)
	if got, want := keys(d.New), []string{"circular-dependency:a,b", "untested-failsafe:b,a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("new = %v, want %v", got, want)
	}
	if got, want := keys(d.Fixed), []string{"scaling-hotspot:kinesis", "shared-fate:kinesis"}; !reflect.DeepEqual(got, want) {
		t.Errorf("fixed = %v, want %v", got, want)
	}
	if got, want := keys(d.Unchanged), []string{"single-point-of-failure:kinesis,cognito", "scaling-hotspot:kinesis"}; !reflect.DeepEqual(got, want) {
		t.Errorf("unchanged = %v, want %v", got, want)
	}
	if d.Unchanged[0].Range.Start.Line != 50 {
		t.Errorf("unchanged keeps head's range, got line %d", d.Unchanged[0].Range.Start.Line)
	}
	want := []RadiusChange{
		{Service: "cognito", Before: analyze.BlastRadius{Outage: 2}, After: analyze.BlastRadius{Outage: 2}, SPOFsBefore: 0, SPOFsAfter: 1, AddedSPOFs: []string{"kinesis"}},
		{Service: "kinesis", Before: analyze.BlastRadius{Outage: 5, Degraded: 1}, After: analyze.BlastRadius{Outage: 7, Degraded: 1}, AddedSPOFs: []string{}},
	}
	if !reflect.DeepEqual(d.RadiusChanges, want) {
		t.Errorf("radius changes = %+v, want %+v", d.RadiusChanges, want)
	}
	if got, want := d.NewServices, []string{"alpha", "zeta"}; !reflect.DeepEqual(got, want) {
		t.Errorf("new services = %v, want %v", got, want)
	}
}

func TestCompareEmpty(t *testing.T) {
	d := Compare(nil, nil, nil, nil)
	if len(d.New)+len(d.Fixed)+len(d.Unchanged)+len(d.RadiusChanges)+len(d.NewServices) != 0 {
		t.Errorf("empty compare = %+v", d)
	}
}

func TestEvaluate(t *testing.T) {
	now := modeltest.Date("2026-06-01")
	baseRes := &analyze.Result{
		Findings: []analyze.Finding{
			f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito"),
			f("shared-fate", analyze.Warning, 12, "kinesis"),
		},
		Services: []analyze.ServiceSummary{svc("kinesis", 5, 1)},
	}
	tests := []struct {
		name      string
		head      []analyze.Finding
		base      *analyze.Result
		ignores   []*model.Ignore
		failOn    analyze.Severity
		failed    bool
		new       []string
		fixed     []string
		unchanged int
		ignored   int
		notes     int
	}{
		{
			name:   "full check fails on an error",
			head:   []analyze.Finding{f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito")},
			failOn: analyze.Error, failed: true,
			new: []string{"single-point-of-failure:kinesis,cognito"},
		},
		{
			name:   "full check passes with warnings below fail_on",
			head:   []analyze.Finding{f("shared-fate", analyze.Warning, 12, "kinesis")},
			failOn: analyze.Error, failed: false,
			new: []string{"shared-fate:kinesis"},
		},
		{
			name:   "fail_on warning catches warnings",
			head:   []analyze.Finding{f("shared-fate", analyze.Warning, 12, "kinesis")},
			failOn: analyze.Warning, failed: true,
			new: []string{"shared-fate:kinesis"},
		},
		{
			name:    "ignored error does not fail",
			head:    []analyze.Finding{f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito")},
			ignores: []*model.Ignore{ign("single-point-of-failure", "2027-01-31", "kinesis")},
			failOn:  analyze.Error, failed: false, ignored: 1,
		},
		{
			name:    "expired ignore: error applies again",
			head:    []analyze.Finding{f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito")},
			ignores: []*model.Ignore{ign("single-point-of-failure", "2026-01-31", "kinesis")},
			failOn:  analyze.Error, failed: true, notes: 1,
			new: []string{"single-point-of-failure:kinesis,cognito"},
		},
		{
			name:   "with base: existing error does not fail",
			head:   []analyze.Finding{f("single-point-of-failure", analyze.Error, 99, "kinesis", "cognito"), f("shared-fate", analyze.Warning, 12, "kinesis")},
			base:   baseRes,
			failOn: analyze.Error, failed: false, unchanged: 2,
		},
		{
			name: "with base: new error fails, fixed warning reported",
			head: []analyze.Finding{
				f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito"),
				f("circular-dependency", analyze.Error, 40, "a", "b"),
			},
			base:   baseRes,
			failOn: analyze.Error, failed: true, unchanged: 1,
			new:   []string{"circular-dependency:a,b"},
			fixed: []string{"shared-fate:kinesis"},
		},
		{
			name:    "with base: newly ignored finding is not a fix",
			head:    []analyze.Finding{f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito")},
			base:    baseRes,
			ignores: []*model.Ignore{ign("shared-fate", "", "kinesis")},
			failOn:  analyze.Warning, failed: false, unchanged: 1, notes: 1, // stale in head
		},
		{
			name:   "with base: new info below fail_on passes",
			head:   []analyze.Finding{f("single-point-of-failure", analyze.Error, 10, "kinesis", "cognito"), f("shared-fate", analyze.Warning, 12, "kinesis"), f("untested-failsafe", analyze.Info, 3, "x")},
			base:   baseRes,
			failOn: analyze.Warning, failed: false, unchanged: 2,
			new: []string{"untested-failsafe:x"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pol := model.DefaultPolicy()
			pol.Ignores = tc.ignores
			head := &analyze.Result{Findings: tc.head, Services: []analyze.ServiceSummary{svc("kinesis", 5, 1)}}
			o, err := Evaluate(head, tc.base, pol, tc.failOn, now)
			if err != nil {
				t.Fatal(err)
			}
			if o.Failed != tc.failed {
				t.Errorf("failed = %v, want %v", o.Failed, tc.failed)
			}
			if o.HasBase != (tc.base != nil) {
				t.Errorf("HasBase = %v", o.HasBase)
			}
			if got := keys(o.New); !reflect.DeepEqual(got, nz(tc.new)) {
				t.Errorf("new = %v, want %v", got, tc.new)
			}
			if got := keys(o.Fixed); !reflect.DeepEqual(got, nz(tc.fixed)) {
				t.Errorf("fixed = %v, want %v", got, tc.fixed)
			}
			if len(o.Unchanged) != tc.unchanged || len(o.Ignored) != tc.ignored || len(o.Notes) != tc.notes {
				t.Errorf("unchanged/ignored/notes = %d/%d/%d, want %d/%d/%d",
					len(o.Unchanged), len(o.Ignored), len(o.Notes), tc.unchanged, tc.ignored, tc.notes)
			}
		})
	}
}

func TestEvaluateErrors(t *testing.T) {
	if _, err := Evaluate(nil, nil, model.DefaultPolicy(), analyze.Error, time.Time{}); err == nil {
		t.Error("nil head: want error")
	}
	if _, err := Evaluate(&analyze.Result{}, nil, model.DefaultPolicy(), analyze.Severity(7), time.Time{}); err == nil {
		t.Error("bad severity: want error")
	}
}

func TestFailOn(t *testing.T) {
	tests := []struct {
		flag, policy string
		want         analyze.Severity
		err          bool
	}{
		{"", "", analyze.Error, false},
		{"", "warning", analyze.Warning, false},
		{"info", "warning", analyze.Info, false},
		{"fatal", "", 0, true},
	}
	for _, tc := range tests {
		got, err := FailOn(tc.flag, model.Policy{FailOn: tc.policy})
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("FailOn(%q, %q) = %v, %v", tc.flag, tc.policy, got, err)
		}
	}
}

func TestOutcomeAccessors(t *testing.T) {
	pol := model.DefaultPolicy()
	pol.Ignores = []*model.Ignore{ign("shared-fate", "2020-01-01", "x"), ign("circular-dependency", "", "y")}
	o, err := Evaluate(&analyze.Result{}, nil, pol, analyze.Error, modeltest.Date("2026-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	if len(o.ExpiredIgnores()) != 1 || len(o.StaleIgnores()) != 1 || len(o.Failing()) != 0 {
		t.Errorf("expired %d stale %d failing %d", len(o.ExpiredIgnores()), len(o.StaleIgnores()), len(o.Failing()))
	}
}

// A finding that got worse is reported once, as worsened with what made it
// worse, and counted as neither new, fixed nor unchanged.
func TestCompareWorsened(t *testing.T) {
	warn := analyze.Finding{Rule: "limit-headroom", Severity: analyze.Warning, Subjects: []string{"fe"}, Message: "adding 240 servers crosses"}
	err := analyze.Finding{Rule: "limit-headroom", Severity: analyze.Error, Subjects: []string{"fe"}, Message: "over the limit"}
	spof := func(subjects ...string) analyze.Finding {
		return analyze.Finding{Rule: "single-point-of-failure", Severity: analyze.Error, Subjects: subjects, Message: strings.Join(subjects, " ")}
	}
	tests := []struct {
		name                          string
		base, head                    []analyze.Finding
		new, worsened, fixed, changes []string
		unchanged                     int
	}{
		{name: "a warning that became an error", base: []analyze.Finding{warn}, head: []analyze.Finding{err},
			worsened: []string{"limit-headroom:fe"}, changes: []string{"was a warning, now an error"}},
		{name: "an error that became a warning is no worse", base: []analyze.Finding{err}, head: []analyze.Finding{warn}, unchanged: 1},
		{name: "a cause that takes out one more critical service",
			base: []analyze.Finding{spof("db", "api")}, head: []analyze.Finding{spof("db", "api", "checkout")},
			worsened: []string{"single-point-of-failure:db,api,checkout"},
			changes:  []string{"db is now also a single point of failure of checkout"}},
		{name: "one more, one fewer",
			base: []analyze.Finding{spof("db", "api", "billing")}, head: []analyze.Finding{spof("db", "api", "checkout")},
			worsened: []string{"single-point-of-failure:db,api,checkout"},
			changes:  []string{"db is now also a single point of failure of checkout (no longer of billing)"}},
		{name: "a cause that takes out fewer is no worse",
			base: []analyze.Finding{spof("db", "api", "checkout")}, head: []analyze.Finding{spof("db", "api")}, unchanged: 1},
		{name: "another cause is another finding",
			base: []analyze.Finding{spof("db", "api")}, head: []analyze.Finding{spof("cache", "api")},
			new: []string{"single-point-of-failure:cache,api"}, fixed: []string{"single-point-of-failure:db,api"}},
		{name: "for other rules every subject identifies a finding",
			base: []analyze.Finding{f("monitoring-self-dependence", analyze.Error, 1, "cw", "a")},
			head: []analyze.Finding{f("monitoring-self-dependence", analyze.Error, 1, "cw", "a"), f("monitoring-self-dependence", analyze.Error, 1, "cw", "b")},
			new:  []string{"monitoring-self-dependence:cw,b"}, unchanged: 1},
		{name: "equal keys: the pair no worse is matched first",
			base: []analyze.Finding{warn, err}, head: []analyze.Finding{err, err},
			worsened: []string{"limit-headroom:fe"}, changes: []string{"was a warning, now an error"}, unchanged: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Compare(tc.base, tc.head, nil, nil)
			var worsened, changes []string
			for _, w := range d.Worsened {
				worsened = append(worsened, keys([]analyze.Finding{w.Head})...)
				changes = append(changes, w.Change)
				if w.Base.Key() != w.Head.Key() {
					t.Errorf("worsened pairs %v with %v", w.Base, w.Head)
				}
			}
			if got := keys(d.New); !reflect.DeepEqual(got, nz(tc.new)) {
				t.Errorf("new = %v, want %v", got, tc.new)
			}
			if !reflect.DeepEqual(worsened, tc.worsened) || !reflect.DeepEqual(changes, tc.changes) {
				t.Errorf("worsened = %v %q, want %v %q", worsened, changes, tc.worsened, tc.changes)
			}
			if got := keys(d.Fixed); !reflect.DeepEqual(got, nz(tc.fixed)) {
				t.Errorf("fixed = %v, want %v", got, tc.fixed)
			}
			if len(d.Unchanged) != tc.unchanged {
				t.Errorf("unchanged = %v, want %d", d.Unchanged, tc.unchanged)
			}
		})
	}
}

// An ignore that names some of the critical services a single point of
// failure takes out accepts only those: the finding stays while it takes
// out another, and a check with a base calls that finding worse.
func TestIgnoreAcceptsVictims(t *testing.T) {
	spof := func(subjects ...string) analyze.Finding {
		return analyze.Finding{Rule: "single-point-of-failure", Severity: analyze.Error, Subjects: subjects, Message: strings.Join(subjects, " ")}
	}
	now := modeltest.Date("2026-06-01")
	tests := []struct {
		name    string
		ignore  []string
		finding analyze.Finding
		ignored bool
	}{
		{"the cause and its one victim", []string{"facility", "control-plane"}, spof("facility", "control-plane"), true},
		{"order does not matter", []string{"control-plane", "facility"}, spof("facility", "control-plane"), true},
		{"another victim is not accepted", []string{"facility", "control-plane"}, spof("facility", "billing", "control-plane"), false},
		{"the cause alone accepts every victim", []string{"facility"}, spof("facility", "billing", "control-plane"), true},
		{"a victim alone, whatever the cause", []string{"control-plane"}, spof("queue", "control-plane"), true},
		{"not a victim of this cause", []string{"facility", "control-plane"}, spof("queue", "control-plane"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pol := model.DefaultPolicy()
			pol.Ignores = []*model.Ignore{ign("single-point-of-failure", "", tc.ignore...)}
			kept, ignored, notes := ApplyPolicy([]analyze.Finding{tc.finding}, pol, now)
			if got := len(ignored) == 1; got != tc.ignored || len(kept)+len(ignored) != 1 {
				t.Errorf("ignored = %v, want %v", got, tc.ignored)
			}
			matches := Matches(pol.Ignores[0], tc.finding)
			if stale := len(notes) == 1; stale == matches {
				t.Errorf("stale note %v for an ignore that matches: %v", notes, matches)
			}
		})
	}

	pol := model.DefaultPolicy()
	pol.Ignores = []*model.Ignore{ign("single-point-of-failure", "", "facility", "control-plane")}
	base := &analyze.Result{Findings: []analyze.Finding{spof("facility", "control-plane")}}
	head := &analyze.Result{Findings: []analyze.Finding{spof("facility", "billing", "control-plane")}}
	o, err := Evaluate(head, base, pol, analyze.Error, now)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Failed || len(o.New) != 0 || len(o.Worsened) != 1 || o.Worsened[0].Change != "facility is now also a single point of failure of billing" {
		t.Errorf("an accepted single point of failure that takes out one more: failed %v, new %v, worsened %+v", o.Failed, o.New, o.Worsened)
	}
	if fresh, worse := o.FailingCounts(); fresh != 0 || worse != 1 || len(o.Failing()) != 1 {
		t.Errorf("failing counts %d new, %d worse; failing %v", fresh, worse, o.Failing())
	}
}

// Relocate points a worsened single point of failure at the dependency
// that made it worse, and the same finding in Findings at the same place.
func TestRelocate(t *testing.T) {
	load := func(src string) *model.Model {
		m, diags := model.LoadSources([]model.Source{{Filename: "infra.hcl", Bytes: []byte(src)}})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		return m
	}
	const common = `
service "api" {
  criticality = "critical"
  depends_on "db" {}
}
service "db" {}
`
	baseModel := load(common + `service "checkout" { criticality = "critical" }` + "\n")
	headModel := load(common + `service "checkout" {
  criticality = "critical"
  depends_on "api" {}
}
`)
	baseRes, err := analyze.Analyze(baseModel)
	if err != nil {
		t.Fatal(err)
	}
	headRes, err := analyze.Analyze(headModel)
	if err != nil {
		t.Fatal(err)
	}
	o, err := Evaluate(headRes, baseRes, model.DefaultPolicy(), analyze.Error, modeltest.Date("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	o.Relocate(baseModel, headModel)
	if len(o.Worsened) != 1 || o.Worsened[0].Change != "db is now also a single point of failure of checkout" {
		t.Fatalf("worsened = %+v", o.Worsened)
	}
	// checkout's new dependency on api, line 9 of the head.
	if r := o.Worsened[0].Head.Range; r == nil || r.Start.Line != 9 {
		t.Errorf("worsened finding at %+v, want the added dependency at line 9", r)
	}
	for _, f := range o.Findings {
		if f.Key() == o.Worsened[0].Head.Key() && f.Range.Start.Line != 9 {
			t.Errorf("the same finding in Findings is at line %d, want 9", f.Range.Start.Line)
		}
	}
	if got := keys(o.New); !reflect.DeepEqual(got, []string{"single-point-of-failure:api,checkout"}) || o.New[0].Range.Start.Line != 9 {
		t.Errorf("new = %v at %+v", got, o.New[0].Range)
	}
}
