package analyze

import (
	"reflect"
	"testing"
	"time"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
)

func TestLatentHardDependency(t *testing.T) {
	rng := hcl.Range{Filename: "infra.hcl", Start: hcl.Pos{Line: 12, Column: 3}, End: hcl.Pos{Line: 12, Column: 34}}
	dep := func(to string, imp model.Impact, after time.Duration, fills time.Duration, of model.OnFull) *model.Dependency {
		d := graphtest.Dep(to, imp, after)
		if of != "" {
			d = graphtest.Buffered(d, fills, of)
		}
		d.DeclRange = rng
		return d
	}
	crit := func(s *model.Service) *model.Service { s.Criticality = model.Critical; return s }
	tests := []struct {
		name string
		svcs []*model.Service
		want []Finding
	}{
		{"cognito blocks", []*model.Service{
			crit(graphtest.Svc("cognito", dep("kinesis-frontend", model.ImpactDegraded, 0, 106*time.Minute, model.OnFullBlock))),
			graphtest.Svc("kinesis-frontend")},
			[]Finding{{Rule: "latent-hard-dependency", Severity: Error,
				Message:  "cognito treats kinesis-frontend as `degraded`, but its buffer blocks when full: after 1h46m of a kinesis-frontend outage, cognito is out",
				Subjects: []string{"cognito", "kinesis-frontend"}, Path: []string{"cognito", "kinesis-frontend"},
				Range: RangeOf(rng),
				Data:  map[string]any{"after_seconds": 6360.0, "fills_in_seconds": 6360.0, "on_full": "block"}}}},
		{"none with fail and after, not critical", []*model.Service{
			graphtest.Svc("a", dep("b", model.ImpactNone, 4*time.Minute, time.Hour, model.OnFullFail)), graphtest.Svc("b")},
			[]Finding{{Rule: "latent-hard-dependency", Severity: Warning,
				Message:  "a treats b as `none`, but its buffer fails when full: after 1h4m of a b outage, a is out",
				Subjects: []string{"a", "b"}, Path: []string{"a", "b"}, Range: RangeOf(rng),
				Data: map[string]any{"after_seconds": 3840.0, "fills_in_seconds": 3600.0, "on_full": "fail"}}}},
		{"drop is fine", []*model.Service{
			graphtest.Svc("a", dep("b", model.ImpactDegraded, 0, time.Hour, model.OnFullDrop)), graphtest.Svc("b")}, nil},
		{"already outage", []*model.Service{
			graphtest.Svc("a", dep("b", model.ImpactOutage, 0, time.Hour, model.OnFullBlock)), graphtest.Svc("b")}, nil},
		{"no buffer", []*model.Service{
			graphtest.Svc("a", dep("b", model.ImpactDegraded, 0, 0, "")), graphtest.Svc("b")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runAll(graphtest.Build(tc.svcs...), latentHardDependency)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(res.findings, tc.want) && !(len(res.findings) == 0 && len(tc.want) == 0) {
				t.Fatalf("findings:\n%+v\nwant\n%+v", res.findings, tc.want)
			}
		})
	}
}
