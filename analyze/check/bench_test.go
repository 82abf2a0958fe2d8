package check

import (
	"fmt"
	"testing"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

// BenchmarkEvaluate runs a check with a base over 5,000 findings, 2,000
// services and 50 ignores: the size of a large organisation's model.
func BenchmarkEvaluate(b *testing.B) {
	rules := []string{"single-point-of-failure", "shared-fate", "scaling-hotspot", "untested-failsafe"}
	mk := func(n, shift int) *analyze.Result {
		r := &analyze.Result{}
		for i := 0; i < n; i++ {
			r.Findings = append(r.Findings, f(rules[i%len(rules)], analyze.Severity(i%3), i+1,
				fmt.Sprintf("svc-%d", (i+shift)%2000), fmt.Sprintf("svc-%d", (i*7+shift)%2000)))
		}
		for i := 0; i < 2000; i++ {
			r.Services = append(r.Services, svc(fmt.Sprintf("svc-%d", i), (i+shift)%50, i%7, fmt.Sprintf("svc-%d", (i+shift)%13)))
		}
		return r
	}
	head, base := mk(5000, 0), mk(5000, 3)
	pol := model.DefaultPolicy()
	for i := 0; i < 50; i++ {
		pol.Ignores = append(pol.Ignores, ign(rules[i%len(rules)], "2030-01-01", fmt.Sprintf("svc-%d", i*40)))
	}
	now := modeltest.Date("2026-06-01")
	for b.Loop() {
		if _, err := Evaluate(head, base, pol, analyze.Error, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(head.Findings)+len(base.Findings))*float64(b.N)/b.Elapsed().Seconds(), "findings/s")
}
