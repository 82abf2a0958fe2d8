package drift

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/topology"
)

const declared = `
service "frontend" {
  depends_on "orders" {}
  depends_on "cart" {}
}

service "orders" {
  depends_on "postgres" {}
}

service "payments" {}

service "cart" {}

service "postgres" {}
`

const seen = `{"data": [
  {"parent": "frontend", "child": "orders", "callCount": 1204},
  {"parent": "orders", "child": "postgres", "callCount": 5},
  {"parent": "orders", "child": "payments", "callCount": 96},
  {"parent": "orders", "child": "fraud check", "callCount": 3},
  {"parent": "payments", "child": "fraud check", "callCount": 40}
]}`

func TestCompare(t *testing.T) {
	m, diags := model.LoadSources([]model.Source{{Filename: "infra.hcl", Bytes: []byte(declared)}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	f, _ := topology.Lookup("jaeger")
	obs := topology.Import(f, []topology.Source{{Name: "deps.json", R: strings.NewReader(seen)}})
	if obs.Diags.HasErrors() {
		t.Fatal(obs.Diags)
	}
	for _, c := range []struct {
		min  int64
		want []string // rule subjects: message (line)
	}{
		{1, []string{
			"undeclared-dependency orders,payments: orders calls payments (96 calls observed), but the model declares no such dependency (infra.hcl:7)",
			"undeclared-service fraud-check: fraud-check is seen in the observations (43 calls, with orders and payments) but the model does not declare it",
			"unobserved-dependency frontend,cart: frontend depends on cart, but no call from frontend to cart was observed (infra.hcl:4)",
		}},
		{10, []string{
			"undeclared-dependency orders,payments: orders calls payments (96 calls observed), but the model declares no such dependency (infra.hcl:7)",
			"undeclared-service fraud-check: fraud-check is seen in the observations (40 calls, with payments) but the model does not declare it",
			"unobserved-dependency frontend,cart: frontend depends on cart, but no call from frontend to cart was observed (infra.hcl:4)",
			"unobserved-dependency orders,postgres: orders depends on postgres, but only 5 calls from orders to postgres were observed, under the minimum of 10 (infra.hcl:8)",
		}},
		{2000, []string{
			"unobserved-dependency frontend,cart: frontend depends on cart, but no call from frontend to cart was observed (frontend itself was not seen in the observations) (infra.hcl:4)",
			"unobserved-dependency frontend,orders: frontend depends on orders, but only 1,204 calls from frontend to orders were observed, under the minimum of 2,000 (infra.hcl:3)",
			"unobserved-dependency orders,postgres: orders depends on postgres, but only 5 calls from orders to postgres were observed, under the minimum of 2,000 (infra.hcl:8)",
		}},
	} {
		t.Run(fmt.Sprint("min-calls ", c.min), func(t *testing.T) {
			var got []string
			for _, f := range Compare(m, obs, Options{MinCalls: c.min}) {
				s := fmt.Sprintf("%s %s: %s", f.Rule, strings.Join(f.Subjects, ","), f.Message)
				if f.Range != nil {
					s += fmt.Sprintf(" (%s:%d)", f.Range.Filename, f.Range.Start.Line)
				}
				got = append(got, s)
				if f.Data["calls"] == nil {
					t.Errorf("%s has no calls in data", s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestSeverities: the contract's severities, and the sort order of findings.
func TestSeverities(t *testing.T) {
	m, _ := model.LoadSources([]model.Source{{Filename: "infra.hcl", Bytes: []byte(declared)}})
	f, _ := topology.Lookup("jaeger")
	obs := topology.Import(f, []topology.Source{{Name: "deps.json", R: strings.NewReader(seen)}})
	want := map[string]analyze.Severity{UndeclaredDependency: analyze.Warning, UnobservedDependency: analyze.Info, UndeclaredService: analyze.Warning}
	fs := Compare(m, obs, Options{})
	for i, f := range fs {
		if f.Severity != want[f.Rule] {
			t.Errorf("%s has severity %s, want %s", f.Rule, f.Severity, want[f.Rule])
		}
		if i > 0 && analyze.Less(fs[i], fs[i-1]) {
			t.Errorf("findings out of order at %d", i)
		}
	}
}
