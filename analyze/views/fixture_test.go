package views

import (
	"fmt"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
)

func rng(file string, line, col, endCol int) *analyze.Range {
	return &analyze.Range{Filename: file, Start: analyze.Pos{Line: line, Column: col}, End: analyze.Pos{Line: line, Column: endCol}}
}

// headFindings is a hand-made set of findings in no particular order,
// covering several rules, severities, ranges, paths and data.
func headFindings() []analyze.Finding {
	return []analyze.Finding{
		{Rule: "untested-failsafe", Severity: analyze.Info, Message: "cognito's buffer for kinesis-frontend has never been exercised",
			Subjects: []string{"cognito", "kinesis-frontend"}, Range: rng("services/auth.hcl", 18, 5, 11), Data: map[string]any{}},
		{Rule: "scaling-hotspot", Severity: analyze.Warning, Message: "threads per server grows as N with the fleet: O(N^2) in aggregate",
			Subjects: []string{"kinesis-frontend"}, Range: rng("services/kinesis.hcl", 14, 5, 22), Data: map[string]any{"growth": "N", "max_servers": 4200}},
		{Rule: "monitoring-self-dependence", Severity: analyze.Error, Message: "cloudwatch monitors kinesis-frontend but fails when it fails",
			Subjects: []string{"cloudwatch", "kinesis-frontend"}, Path: []string{"cloudwatch", "kinesis-frontend"},
			Range: rng("services/observability.hcl", 40, 1, 22), Data: map[string]any{}},
		{Rule: "single-point-of-failure", Severity: analyze.Error, Message: "kinesis-frontend alone takes down cognito and lambda",
			Subjects: []string{"kinesis-frontend", "cognito", "lambda"}, Path: []string{"cognito", "kinesis-frontend"},
			Range: rng("services/kinesis.hcl", 1, 1, 27), Data: map[string]any{"critical": 2, "outage": 4}},
		{Rule: "limit-headroom", Severity: analyze.Error, Message: "threads per server is 32,960 at 4,100 servers; adding 25% crosses the limit of 32,768",
			Subjects: []string{"kinesis-frontend"}, Range: rng("services/kinesis.hcl", 15, 5, 20), Data: map[string]any{"growth": "N", "max_servers": 4200}},
		{Rule: "shared-fate", Severity: analyze.Warning, Message: "kinesis-frontend's failure takes out 4 roles: auth, monitoring, service | status\n(and 3 critical services)",
			Subjects: []string{"kinesis-frontend"}, Data: nil},
		{Rule: "latent-hard-dependency", Severity: analyze.Warning, Message: "cognito -> kinesis-frontend is declared degraded but its buffer blocks when full: an outage after 1h0m0s",
			Subjects: []string{"cognito", "kinesis-frontend"}, Path: []string{"cognito", "kinesis-frontend"},
			Range: rng(`services\auth.hcl`, 16, 3, 32), Data: map[string]any{"after_seconds": 3600}},
		{Rule: "recovery-exceeds-rto", Severity: analyze.Error, Message: "restarting kinesis-frontend takes 13h40m at 300 servers/h, over its rto of 4h; 100% of the budget, 50%, too",
			Subjects: []string{"kinesis-frontend"}, Range: rng("services/kinesis.hcl", 8, 5, 25), Data: map[string]any{"recovery_seconds": 49200}},
	}
}

func headServices() []analyze.ServiceSummary {
	return []analyze.ServiceSummary{
		{ID: "kinesis-frontend", Role: "service", Criticality: "critical", BlastRadius: analyze.BlastRadius{Outage: 5, Degraded: 1}, SinglePointsOfFailure: analyze.ServiceList{}},
		{ID: "cognito", Role: "auth", Criticality: "critical", BlastRadius: analyze.BlastRadius{Outage: 2, Degraded: 0}, SinglePointsOfFailure: analyze.NewServiceList("kinesis-frontend")},
		{ID: "cloudwatch", Role: "monitoring", Criticality: "critical", BlastRadius: analyze.BlastRadius{Outage: 1, Degraded: 2}, SinglePointsOfFailure: analyze.NewServiceList("kinesis-frontend")},
		{ID: "status-page", Role: "status", Criticality: "high", BlastRadius: analyze.BlastRadius{}, SinglePointsOfFailure: analyze.NewServiceList("cognito", "kinesis-frontend")},
		{ID: "lambda", Role: "service", Criticality: "critical", BlastRadius: analyze.BlastRadius{Outage: 0, Degraded: 1}, SinglePointsOfFailure: analyze.NewServiceList("cloudwatch", "kinesis-frontend")},
		{ID: "dynamodb", Role: "storage", Criticality: "critical", BlastRadius: analyze.BlastRadius{Outage: 6, Degraded: 0}, SinglePointsOfFailure: analyze.NewServiceList()},
	}
}

// baseResult is the same system before the change: the limit was near but
// not yet crossed (a warning, not an error), the fleet restarted within its
// RTO, kinesis-frontend took out one critical service fewer, and a
// now-removed finding existed.
func baseResult() *analyze.Result {
	var fs []analyze.Finding
	for _, f := range headFindings() {
		switch f.Rule {
		case "recovery-exceeds-rto":
			continue
		case "limit-headroom":
			f.Severity, f.Message = analyze.Warning, "adding 25% of the fleet crosses the limit of 32,768 threads per server"
		case "single-point-of-failure":
			f.Subjects, f.Message = f.Subjects[:2], "kinesis-frontend alone takes down cognito"
		}
		// Lines moved: the comparison must not care.
		if f.Range != nil {
			r := *f.Range
			r.Start.Line += 3
			r.End.Line += 3
			f.Range = &r
		}
		fs = append(fs, f)
	}
	fs = append(fs, analyze.Finding{Rule: "circular-dependency", Severity: analyze.Error,
		Message: "kinesis-frontend and membership need each other", Subjects: []string{"kinesis-frontend", "membership"},
		Path: []string{"kinesis-frontend", "membership", "kinesis-frontend"}, Range: rng("services/kinesis.hcl", 30, 3, 30), Data: map[string]any{}})
	ss := headServices()
	ss[0].BlastRadius.Outage = 3
	ss[1].SinglePointsOfFailure = analyze.ServiceList{}
	ss = ss[:5]
	return &analyze.Result{Findings: fs, Services: ss}
}

func testPolicy() model.Policy {
	pol := model.DefaultPolicy()
	r := func(line int) hcl.Range {
		return hcl.Range{Filename: "policy.hcl", Start: hcl.Pos{Line: line, Column: 3}, End: hcl.Pos{Line: line + 4, Column: 4}}
	}
	pol.Ignores = []*model.Ignore{
		{Rule: "untested-failsafe", Subjects: []string{"cognito"}, Reason: "game day scheduled", Until: modeltest.Date("2027-01-31"), HasUntil: true, DeclRange: r(8)},
		{Rule: "shared-fate", Subjects: []string{"kinesis-frontend"}, Reason: "accepted risk", Until: modeltest.Date("2026-01-31"), HasUntil: true, DeclRange: r(13)},
		{Rule: "circular-dependency", Subjects: []string{"s3"}, Reason: "bootstrapped by hand", DeclRange: r(18)},
	}
	return pol
}

var testNow = modeltest.Date("2026-06-01")

// fixture is a document and the options a golden test renders it with.
type fixture struct {
	*Document
	Options
}

// docs returns the documents the golden tests render, by name.
func docs() (map[string]fixture, error) {
	out := map[string]fixture{}
	v1 := Options{ToolVersion: "v0.1.0"}
	head := &analyze.Result{Findings: headFindings(), Services: headServices()}
	km, diags := model.Load("testdata/kinesis.hcl")
	if diags.HasErrors() {
		return nil, diags
	}
	out["analyze"] = fixture{ForAnalyze(head, scaling.Rows(km, model.DefaultPolicy().Headroom)), v1}

	full, err := check.Evaluate(head, nil, testPolicy(), analyze.Error, testNow)
	if err != nil {
		return nil, err
	}
	out["check-full"] = fixture{ForCheck(head, &full), v1}

	diff, err := check.Evaluate(head, baseResult(), testPolicy(), analyze.Error, testNow)
	if err != nil {
		return nil, err
	}
	out["check-base"] = fixture{ForCheck(head, &diff), Options{ToolVersion: "v0.1.0", TopServices: 3}}

	pass, err := check.Evaluate(head, head, model.DefaultPolicy(), analyze.Error, testNow)
	if err != nil {
		return nil, err
	}
	out["check-pass"] = fixture{Document: ForCheck(head, &pass)}

	out["empty"] = fixture{Document: &Document{Command: CommandAnalyze}}
	return out, nil
}

// bigDocument is a synthetic document for benchmarks.
func bigDocument(nServices, nFindings int) *Document {
	d := &Document{Command: CommandAnalyze}
	for i := 0; i < nServices; i++ {
		d.Services = append(d.Services, analyze.ServiceSummary{ID: fmt.Sprintf("svc-%04d", (i*7919)%nServices), Role: "service",
			Criticality: "high", BlastRadius: analyze.BlastRadius{Outage: i % 37, Degraded: i % 11}, SinglePointsOfFailure: analyze.NewServiceList("svc-0000")})
	}
	rules := ruleIDs()
	for i := 0; i < nFindings; i++ {
		d.Findings = append(d.Findings, analyze.Finding{Rule: rules[i%len(rules)], Severity: analyze.Severity(i % 3),
			Message:  fmt.Sprintf("finding %d about svc-%04d", i, i%nServices),
			Subjects: []string{fmt.Sprintf("svc-%04d", i%nServices)}, Path: []string{"a", "b", "c"},
			Range: rng("infra.hcl", i+1, 1, 20), Data: map[string]any{"max_servers": i}})
	}
	return d
}
