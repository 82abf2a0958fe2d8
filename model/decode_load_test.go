package model

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// loadBase is a small estate under load: api calls orders, which has a
// fleet and a capacity. Cases below append to it from line 20.
const loadBase = `
service "api" {
  load = "700/s"
  depends_on "orders" {
    timeout = "1s"
    retry {
      attempts = 2
    }
  }
}
service "orders" {
  fleet {
    servers = 10
  }
  capacity {
    per_server = "100/s"
  }
}
`

// The retry, timeout, load and capacity settings decode with their defaults.
func TestDecodeLoadSettings(t *testing.T) {
	src := `
service "web" {
  load = 42000 # a number is per second
  depends_on "api" {
    retry {
      attempts = 3
      backoff  = "100ms"
      jitter   = true
      budget   = 0.2
    }
  }
}
service "api" {
  load = "600/min"
  depends_on "db" {
    timeout = "250ms"
    retry {}
  }
  depends_on "cache" {}
}
service "db" {
  fleet {
    servers = 4
  }
  capacity {
    per_server  = "1200/s"
    queue       = 50
    concurrency = 8
  }
}
service "cache" {
  fleet {
    servers = 2
  }
  capacity {
    per_server = 300
  }
}
policy {
  max_retry_amplification = 4.5
}
`
	m, diags := LoadSources([]Source{{"a.hcl", []byte(src)}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	web, api, db, cache := m.Service("web"), m.Service("api"), m.Service("db"), m.Service("cache")
	if web.Load != 42000 || api.Load != 10 || db.Load != 0 {
		t.Errorf("loads %v %v %v", web.Load, api.Load, db.Load)
	}
	r := web.DependsOn[0].Retry
	if r == nil || r.Attempts != 3 || r.Backoff != 100*time.Millisecond || !r.Jitter || !r.HasBudget || r.Budget != 0.2 || web.DependsOn[0].Timeout != 0 {
		t.Errorf("web -> api retry %+v", r)
	}
	if got := web.DependsOn[0].Factor(); got != 1.2 {
		t.Errorf("a budget of 0.2 counts 1.2, got %v", got)
	}
	if d := api.DependsOn[0]; d.Timeout != 250*time.Millisecond || d.Retry.Attempts != 1 || d.Retry.Backoff != 0 || d.Retry.Jitter || d.Retry.HasBudget || d.Factor() != 1 {
		t.Errorf("api -> db %+v %+v", d, d.Retry)
	}
	if api.DependsOn[1].Retry != nil || api.DependsOn[1].Factor() != 1 {
		t.Errorf("api -> cache has no retry")
	}
	if c := db.Capacity; c.PerServer != 1200 || !c.Bounded || c.Queue != 50 || c.Concurrency != 8 {
		t.Errorf("db capacity %+v", c)
	}
	if c := cache.Capacity; c.PerServer != 300 || c.Bounded || c.Concurrency != 1 {
		t.Errorf("cache capacity %+v", c)
	}
	if p := m.EffectivePolicy(); p.MaxRetryAmplification != 4.5 {
		t.Errorf("policy %+v", p)
	}
	if p := DefaultPolicy(); p.MaxRetryAmplification != 10 {
		t.Errorf("default max_retry_amplification %v, want 10", p.MaxRetryAmplification)
	}
}

func TestRetryWait(t *testing.T) {
	r := &Retry{Attempts: 4, Backoff: 100 * time.Millisecond}
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond} {
		if got := r.Wait(n); got != want {
			t.Errorf("Wait(%d) = %v, want %v", n, got, want)
		}
	}
	if got := (&Retry{Backoff: time.Hour}).Wait(100); got != MaxDuration {
		t.Errorf("Wait saturates at MaxDuration, got %v", got)
	}
}

// Bad retry, timeout, load and capacity settings are located errors in the
// contract's words.
func TestLoadDiagnostics(t *testing.T) {
	edge := func(body string) string {
		return loadBase + "service \"x\" {\n  depends_on \"orders\" {\n" + body + "\n  }\n}\n"
	}
	retry := func(attr string) string { return edge("    retry {\n      " + attr + "\n    }") }
	tests := []struct {
		name, src string
		want      []diagAt
		detail    string
	}{
		{"zero attempts", retry("attempts = 0"), []diagAt{{"Invalid attempts", "a.hcl", 22, 18}}, "a whole number from 1 to 100, not 0."},
		{"101 attempts", retry("attempts = 101"), []diagAt{{"Invalid attempts", "a.hcl", 22, 18}}, "a whole number from 1 to 100, not 101."},
		{"fractional attempts", retry("attempts = 2.5"), []diagAt{{"Invalid attempts", "a.hcl", 22, 18}}, "total tries per call, the first included (1 = no retry)"},
		{"negative backoff", retry(`backoff = "-1s"`), []diagAt{{"Invalid backoff", "a.hcl", 22, 17}}, `must not be negative, not "-1s"`},
		{"bad backoff", retry(`backoff = "soon"`), []diagAt{{"Invalid backoff", "a.hcl", 22, 17}}, `"100ms"`},
		{"budget over 1", retry("budget = 1.5"), []diagAt{{"Invalid budget", "a.hcl", 22, 16}}, "retries at most this fraction of calls (0 to 1), not 1.5."},
		{"negative budget", retry("budget = -0.1"), []diagAt{{"Invalid budget", "a.hcl", 22, 16}}, "not -0.1."},
		{"unknown retry attribute", retry("attemps = 2"), []diagAt{{"Unsupported argument", "a.hcl", 22, 7}}, `Did you mean "attempts"?`},
		{"two retry blocks", edge("    retry {}\n    retry {}"), []diagAt{{"Duplicate retry block", "a.hcl", 22, 5}}, "a.hcl:21"},
		{"zero timeout", edge(`    timeout = "0s"`), []diagAt{{"Invalid timeout", "a.hcl", 21, 15}}, "longer than zero"},
		{"bad load", loadBase + "service \"x\" {\n  load = \"lots\"\n}\n", []diagAt{{"Invalid rate", "a.hcl", 20, 10}}, `"700/s"`},
		{"negative load", loadBase + "service \"x\" {\n  load = -5\n}\n", []diagAt{{"Invalid rate", "a.hcl", 20, 10}}, "negative"},
		{"capacity without fleet", loadBase + "service \"x\" {\n  capacity {\n    per_server = \"1/s\"\n  }\n}\n", []diagAt{{"Capacity without fleet", "a.hcl", 20, 3}}, "Add fleet"},
		{"capacity without rate", loadBase + "service \"x\" {\n  fleet {\n    servers = 1\n  }\n  capacity {}\n}\n", []diagAt{{"Missing required argument", "a.hcl", 23, 12}}, ""},
		{"zero capacity", loadBase + "service \"x\" {\n  fleet {\n    servers = 1\n  }\n  capacity {\n    per_server = 0\n    queue = -1\n  }\n}\n", []diagAt{{"Invalid rate", "a.hcl", 24, 18}, {"Negative count", "a.hcl", 25, 13}}, ""},
		{"policy amplification", "policy {\n  max_retry_amplification = 0.5\n}\n", []diagAt{{"Value out of range", "a.hcl", 2, 29}}, "at least 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkDiags(t, tc.src, tc.want, tc.detail) })
	}
}

// checkDiags loads src as a.hcl and compares its diagnostics with want;
// detail, when given, must be in the first one's Detail.
func checkDiags(t *testing.T, src string, want []diagAt, detail string) {
	t.Helper()
	_, diags := LoadSources([]Source{{"a.hcl", []byte(src)}})
	if got := gotDiags(diags); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("diagnostics:\n got %v\nwant %v\n%s", got, want, diags.Error())
	}
	if detail != "" && !strings.Contains(diags[0].Detail, detail) {
		t.Errorf("detail %q does not contain %q", diags[0].Detail, detail)
	}
}

// A load scenario is checked when the model loads: the service it
// disturbs, the load that reaches it, calls without cycles, and blocks of
// the other kind of scenario.
func TestLoadScenarioDiagnostics(t *testing.T) {
	sc := func(body string) string {
		return loadBase + "scenario \"s\" {\n" + body + "\n}\n"
	}
	const dist = "  disturbance {\n    for      = \"5m\"\n    capacity = 0.3\n  }"
	tests := []struct {
		name, src string
		want      []diagAt
		detail    string
	}{
		{"valid", sc("  service = \"orders\"\n" + dist), nil, ""},
		{"no capacity", sc("  service = \"api\"\n" + dist), []diagAt{{"Service has no fleet", "a.hcl", 20, 13}}, "capacity {"},
		{"no load", strings.Replace(sc("  service = \"orders\"\n"+dist), `load = "700/s"`, "", 1), []diagAt{{"No load reaches the service", "a.hcl", 20, 13}}, `load = "700/s"`},
		{"missing for", sc("  service = \"orders\"\n  disturbance {\n    capacity = 0.3\n  }"), []diagAt{{"Missing required argument", "a.hcl", 21, 3}}, "for: how long it lasts"},
		{"capacity over 1", sc("  service = \"orders\"\n  disturbance {\n    for      = \"5m\"\n    capacity = 1.3\n  }"), []diagAt{{"Value out of range", "a.hcl", 23, 16}}, "between 0 and 1"},
		{"fleet block in a load scenario", sc("  service = \"orders\"\n" + dist + "\n  alarm {}"), []diagAt{{"Block does not apply", "a.hcl", 25, 3}}, "Move it to a scenario of its own"},
		{"fleet attribute in a load scenario", sc("  service = \"orders\"\n  discovery = \"1m\"\n" + dist), []diagAt{{"Attribute has no effect", "a.hcl", 21, 15}}, "ignored"},
		{"after the end", sc("  service = \"orders\"\n  duration = \"1h\"\n  disturbance {\n    at       = \"2h\"\n    for      = \"5m\"\n    capacity = 0.3\n  }"), []diagAt{{"Disturbance after the end", "a.hcl", 23, 16}}, "never happens"},
		{"cycle", strings.Replace(sc("  service = \"orders\"\n"+dist), "service \"orders\" {\n", "service \"orders\" {\n  depends_on \"api\" {}\n", 1), []diagAt{{"Calls go round a cycle", "a.hcl", 12, 14}}, "api -> orders -> api"},
		{"too many requests", sc("  service = \"orders\"\n  mode = \"requests\"\n  duration = \"10h\"\n" + dist), []diagAt{{"Too many requests", "a.hcl", 21, 10}}, "2.52e+07 requests"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkDiags(t, tc.src, tc.want, tc.detail) })
	}
}

func TestScenarioKind(t *testing.T) {
	m, diags := LoadSources([]Source{{"a.hcl", []byte(loadBase + "scenario \"s\" {\n  service = \"orders\"\n  disturbance {\n    for = \"1m\"\n    capacity = 0\n  }\n}\n")}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	sc := m.Scenario("s")
	if sc.Kind() != LoadScenario || (&Scenario{}).Kind() != FleetScenario {
		t.Errorf("kinds")
	}
	if v := sc.Get("metastable_after"); v == nil || v.Duration != 10*time.Minute {
		t.Errorf("metastable_after default %+v", v)
	}
	if v := sc.Get("mode"); v == nil || v.String != "fluid" {
		t.Errorf("mode default %+v", v)
	}
	if v := sc.Blocks["disturbance"][0].Get("at"); v == nil || v.Duration != 0 {
		t.Errorf("disturbance.at default %+v", v)
	}
}

// --set reaches the load simulation's settings by the contract's paths.
func TestSetLoadPaths(t *testing.T) {
	load := func() (*Model, *Scenario) {
		m, diags := LoadSources([]Source{{"a.hcl", []byte(loadBase + "scenario \"s\" {\n  service = \"orders\"\n  disturbance {\n    for = \"5m\"\n    capacity = 0.3\n  }\n}\n")}})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		return m, m.Scenario("s")
	}
	m, sc := load()
	for _, set := range [][2]string{
		{"api.depends_on.orders.retry.attempts", "1"},
		{"api.depends_on.orders.retry.budget", "0.1"},
		{"api.depends_on.orders.retry.backoff", "200ms"},
		{"api.depends_on.orders.retry.jitter", "true"},
		{"api.depends_on.orders.timeout", "2s"},
		{"api.load", "400/s"},
		{"disturbance.0.capacity", "0.9"},
		{"capacity.queue", "5"},
		{"orders.capacity.per_server", "120"},
		{"fleet.servers", "12"},
		{"metastable_after", "20m"},
	} {
		if err := m.SetScenario(sc, set[0], set[1]); err != nil {
			t.Fatalf("--set %s=%s: %v", set[0], set[1], err)
		}
	}
	api, orders := m.Service("api"), m.Service("orders")
	d := api.DependsOn[0]
	if r := d.Retry; r.Attempts != 1 || r.Budget != 0.1 || !r.HasBudget || r.Backoff != 200*time.Millisecond || !r.Jitter || d.Timeout != 2*time.Second {
		t.Errorf("edge %+v %+v", d, r)
	}
	if api.Load != 400 || orders.Capacity.Queue != 5 || !orders.Capacity.Bounded || orders.Capacity.PerServer != 120 || orders.Fleet.Servers != 12 {
		t.Errorf("api load %v, orders capacity %+v, fleet %+v", api.Load, orders.Capacity, orders.Fleet)
	}
	if got := sc.Blocks["disturbance"][0].Get("capacity").Number; got != 0.9 {
		t.Errorf("disturbance capacity %v", got)
	}
	if got := sc.Get("metastable_after").Duration; got != 20*time.Minute {
		t.Errorf("metastable_after %v", got)
	}
	// Bad values are refused, and leave the model as it was.
	m, sc = load()
	if err := m.Set("orders.capacity.concurrency", "4"); err != nil || m.Service("orders").Capacity.Concurrency != 4 {
		t.Errorf("concurrency: %v", err)
	}
	for _, bad := range []struct{ path, value, msg string }{
		{"api.depends_on.orders.retry.attempts", "0", "a whole number from 1 to 100, not 0"},
		{"api.depends_on.orders.retry.attempts", "101", "not 101"},
		{"api.depends_on.orders.retry.budget", "2", "(0 to 1), not 2"},
		{"api.depends_on.orders.retry.backoff", "-1s", "must not be negative"},
		{"api.depends_on.orders.retry.tries", "2", "valid: timeout, retry.attempts"},
		{"api.depends_on.ordrs.timeout", "1s", `Did you mean "orders"?`},
		{"api.load", "-3", "must not be negative"},
		{"api.load", "many", "invalid rate"},
		{"api.capacity.queue", "5", `service "api" has no capacity block`},
		{"disturbance.1.capacity", "2", "between 0 and 1"},
	} {
		if err := m.SetScenario(sc, bad.path, bad.value); err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("--set %s=%s: %v, want %q", bad.path, bad.value, err, bad.msg)
		}
	}
	if r := m.Service("api").DependsOn[0].Retry; r.Attempts != 2 || r.HasBudget || r.Backoff != 0 {
		t.Errorf("a failed --set changed the model: %+v", r)
	}
}
