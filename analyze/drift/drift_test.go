package drift

import (
	"fmt"
	"strings"
	"testing"

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
		want string
	}{
		{0, "undeclared [{orders payments 96}] unobserved [frontend->cart 0 seen] services [{fraud-check 43 [orders payments] [orders payments]}]"},
		{1, "undeclared [{orders payments 96}] unobserved [frontend->cart 0 seen] services [{fraud-check 43 [orders payments] [orders payments]}]"},
		{10, "undeclared [{orders payments 96}] unobserved [frontend->cart 0 seen orders->postgres 5 seen] services [{fraud-check 40 [payments] [payments]}]"},
		{2000, "undeclared [] unobserved [frontend->orders 1204 unseen frontend->cart 0 unseen orders->postgres 5 unseen] services []"},
	} {
		t.Run(fmt.Sprint("min-calls ", c.min), func(t *testing.T) {
			r := Compare(m, obs, Options{MinCalls: c.min})
			var un []string
			for _, u := range r.Unobserved {
				state := "unseen"
				if u.CallerSeen {
					state = "seen"
				}
				un = append(un, fmt.Sprintf("%s->%s %d %s", u.Dep.From, u.Dep.To, u.Calls, state))
			}
			got := fmt.Sprintf("undeclared %v unobserved [%s] services %v", r.Undeclared, strings.Join(un, " "), r.Services)
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
