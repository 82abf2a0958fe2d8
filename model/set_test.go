package model

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/model/modeltest"
)

func loadValid(t testing.TB) *Model {
	t.Helper()
	m, diags := Load("testdata/valid.hcl")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return m
}

func TestSet(t *testing.T) {
	tests := []struct {
		path, value string
		wantErr     string // substring; "" = success
		check       func(m *Model) bool
	}{
		{"api.fleet.servers", "200", "", func(m *Model) bool { return m.Service("api").Fleet.Servers == 200 }},
		{"api.fleet.cells", "8", "", func(m *Model) bool { return m.Service("api").Fleet.Cells == 8 }},
		{"api.fleet.cold_start", "10m", "", func(m *Model) bool { return m.Service("api").Fleet.ColdStart == 10*time.Minute }},
		{"api.fleet.restart_rate", "900", "", func(m *Model) bool { return m.Service("api").Fleet.RestartRate == 900 }},
		{"api.fleet.rto", `"2h"`, "", func(m *Model) bool { return m.Service("api").Fleet.RTO == 2*time.Hour }},
		{"api.resource.fds.limit", "65536", "", func(m *Model) bool { return m.Service("api").Resources[0].Limit == 65536 }},
		{"api.resource.fds.scope", "fleet", "", func(m *Model) bool { return m.Service("api").Resources[0].Scope == ScopeFleet }},
		{"api.resource.fds.unit", "fds", "", func(m *Model) bool { return m.Service("api").Resources[0].Unit == "fds" }},
		{"api.resource.fds.per_server", "local.per_peer * N", "", func(m *Model) bool {
			v, err := m.Service("api").Resources[0].Law(10)
			return err == nil && v == 20 && m.Service("api").Resources[0].PerServerSrc == "local.per_peer * N"
		}},
		{"api.fleet.cells", "500", "must not exceed servers", nil},
		{"api.fleet.servers", "2", "must not exceed servers", nil},
		{"api.fleet.servers", "2.5", "Fractional count", nil},
		{"api.fleet.servers", "-1", "Negative count", nil},
		{"api.fleet.servers", "1e30", "out of range", nil},
		{"api.fleet.servers", "NaN", "not a number", nil},
		{"api.fleet.rto", "soon", "invalid duration", nil},
		{"api.fleet.restart_rate", "0", "greater than zero", nil},
		{"api.fleet.color", "red", "valid: servers, cells", nil},
		{"api.resource.fds.limit", "0", "greater than zero", nil},
		{"api.resource.fds.scope", "region", `Valid values: "fleet", "cell"`, nil},
		{"api.resource.fds.per_server", "M * 2", "Unknown variable", nil},
		{"api.resource.fds.per_server", "2 *", "api.resource.fds.per_server: Missing expression", nil},
		{"api.resource.fds.per_server", "log(N - N, 2)", "not a finite number", nil},
		{"api.resource.disk.limit", "5", "resources: fds, conns", nil},
		{"store.fleet.servers", "5", "has no fleet", nil},
		{"nope.fleet.servers", "5", "no service matches", nil},
		{"api.servers", "5", "api.fleet.ATTR", nil},
		{"api.resource.fds", "5", "resource.NAME.ATTR", nil},
	}
	for _, tc := range tests {
		t.Run(tc.path+"="+tc.value, func(t *testing.T) {
			m := loadValid(t)
			before := *m.Service("api").Fleet
			err := m.Set(tc.path, tc.value)
			if modeltest.WantErr(t, err, tc.wantErr) {
				// The path once, first; the flag that gave it (--set,
				// --sweep) is the caller's to name.
				if msg := err.Error(); !strings.HasPrefix(msg, tc.path+": ") || strings.Count(msg, tc.path+":") != 1 || strings.Contains(msg, "--set") {
					t.Errorf("Set error = %q, want it to begin with %q, once, and name no flag", msg, tc.path+": ")
				}
				if after := *m.Service("api").Fleet; after.Servers != before.Servers || after.Cells != before.Cells {
					t.Error("failed Set changed the model")
				}
				return
			}
			if !tc.check(m) {
				t.Error("value not applied")
			}
		})
	}
}

// TestSetDottedID checks that service IDs holding dots resolve to the
// longest matching ID.
func TestSetDottedID(t *testing.T) {
	m, diags := LoadSources([]Source{{"a.hcl", []byte("service \"api\" {\n  fleet {\n    servers = 3\n  }\n}\nservice \"api.v2\" {\n  fleet {\n    servers = 3\n  }\n}\n")}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if err := m.Set("api.v2.fleet.servers", "9"); err != nil {
		t.Fatal(err)
	}
	if m.Service("api.v2").Fleet.Servers != 9 || m.Service("api").Fleet.Servers != 3 {
		t.Error("wrong service updated")
	}
}

func TestSetScenario(t *testing.T) {
	tests := []struct {
		path, value string
		wantErr     string
		check       func(m *Model, sc *Scenario) bool
	}{
		{"duration", "2d", "", func(m *Model, sc *Scenario) bool { return sc.Attrs["duration"].Duration == 48*time.Hour }},
		{"seed", "42", "", func(m *Model, sc *Scenario) bool { return sc.Attrs["seed"].Number == 42 }},
		{"start", "2020-11-25T02:44:00-08:00", "", func(m *Model, sc *Scenario) bool { return sc.Attrs["start"].Time.Hour() == 2 }},
		{"alarm.on", "errors", "", func(m *Model, sc *Scenario) bool { return sc.Blocks["alarm"][0].Attrs["on"].String == "errors" }},
		{"recovery.restart_rate", "900", "", func(m *Model, sc *Scenario) bool { return sc.Blocks["recovery"][0].Attrs["restart_rate"].Number == 900 }},
		{"recovery.rollback", "false", "", func(m *Model, sc *Scenario) bool { return !sc.Blocks["recovery"][0].Attrs["rollback"].Bool }},
		{"add_capacity.0.servers", "0", "", func(m *Model, sc *Scenario) bool { return sc.Blocks["add_capacity"][0].Attrs["servers"].Number == 0 }},
		{"add_capacity.1.over", "5m", "", func(m *Model, sc *Scenario) bool {
			return sc.Blocks["add_capacity"][1].Attrs["over"].Duration == 5*time.Minute
		}},
		{"add_capacity.2.servers", "7", "", func(m *Model, sc *Scenario) bool {
			return len(sc.Blocks["add_capacity"]) == 3 && sc.Blocks["add_capacity"][2].Attrs["servers"].Number == 7
		}},
		{"fleet.cells", "10", "", func(m *Model, sc *Scenario) bool { return m.Service("api").Fleet.Cells == 10 }},
		{"resource.conns.limit", "20000", "", func(m *Model, sc *Scenario) bool { return m.Service("api").Resources[1].Limit == 20000 }},
		{"add_capacity.3.servers", "7", "out of range", nil},
		{"add_capacity.servers", "7", "add_capacity.INDEX.ATTR", nil},
		{"add_capacity.0.count", "7", "valid: at, servers, over", nil},
		{"alarm.on", "pager", `Valid values: "errors", "resource"`, nil},
		{"alarm.threshold", "1.5", "between 0 and 1", nil},
		{"seed", "1.5", "Fractional count", nil},
		{"recovery.rollback", "yes", "not true or false", nil},
		{"duraton", "1h", `Did you mean "duration"?`, nil},
		{"alarms.on", "errors", `Did you mean "alarm"?`, nil},
		{"fleet.cells", "1000", "must not exceed", nil},
		{"service", "store", "with a fleet and a resource", nil},
	}
	for _, tc := range tests {
		t.Run(tc.path+"="+tc.value, func(t *testing.T) {
			m := loadValid(t)
			sc := m.Scenario("grow-api")
			err := m.SetScenario(sc, tc.path, tc.value)
			if modeltest.WantErr(t, err, tc.wantErr) {
				return
			}
			if !tc.check(m, sc) {
				t.Error("value not applied")
			}
		})
	}
}

// TestSetScenarioCreatesBlock checks that setting an attribute of an absent
// single block creates it, and that a failed set does not.
func TestSetScenarioCreatesBlock(t *testing.T) {
	m := loadValid(t)
	sc := m.Scenario("grow-api")
	delete(sc.Blocks, "alarm")
	if err := m.SetScenario(sc, "alarm.on", "pager"); err == nil {
		t.Fatal("want error")
	}
	if len(sc.Blocks["alarm"]) != 0 {
		t.Fatal("failed set created a block")
	}
	if err := m.SetScenario(sc, "alarm.on", "resource"); err != nil {
		t.Fatal(err)
	}
	if b := sc.Blocks["alarm"]; len(b) != 1 || b[0].Attrs["on"].String != "resource" {
		t.Fatalf("alarm = %+v", b)
	}
}

// TestSetHandBuilt checks Set on a model built in code, without the loader.
func TestSetHandBuilt(t *testing.T) {
	r := &Resource{Name: "threads", Limit: 100, Scope: ScopeFleet, Law: func(n float64) (float64, error) { return n, nil }}
	m := &Model{Services: []*Service{{ID: "x", Fleet: &Fleet{Servers: 10, Cells: 1}, Resources: []*Resource{r}}}}
	m.Reindex()
	if err := m.Set("x.resource.threads.per_server", "2 * N"); err != nil {
		t.Fatal(err)
	}
	if v, _ := r.Law(10); v != 20 {
		t.Errorf("Use(10) = %v", v)
	}
}

// The paths offered for completion are those Set and SetScenario take.
func TestSetPaths(t *testing.T) {
	m, diags := Load("../examples/kinesis-2020")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	sc := m.Scenario("capacity-addition-2020-11-25")
	paths := m.ScenarioSetPaths(sc)
	for _, want := range []string{"duration", "add_capacity.0.servers", "add_capacity.1.over", "recovery.restart_rate", "fleet.cells", "resource.threads.limit", "kinesis-frontend.fleet.servers", "cognito.depends_on.kinesis-frontend.retry.attempts", "lambda.load"} {
		if !slices.Contains(paths, want) {
			t.Errorf("ScenarioSetPaths lacks %s", want)
		}
	}
	for _, unwanted := range []string{"disturbance.0.capacity", "mode", "add_capacity.INDEX.at", "capacity.queue"} {
		if slices.Contains(paths, unwanted) {
			t.Errorf("ScenarioSetPaths offers %s, which a fleet scenario of this model does not take", unwanted)
		}
	}
	for _, p := range paths {
		m, _ := Load("../examples/kinesis-2020")
		sc := m.Scenario("capacity-addition-2020-11-25")
		if err := m.SetScenario(sc, p, "1"); err != nil && strings.Contains(err.Error(), "no attribute") || err != nil && strings.Contains(err.Error(), "no service matches") {
			t.Errorf("SetScenario refuses the offered path %s: %v", p, err)
		}
	}
	if !slices.Contains(m.ServicePaths(), "kinesis-frontend.resource.threads.per_server") {
		t.Error("ServicePaths lacks kinesis-frontend.resource.threads.per_server")
	}
}

// SetAll applies PATH=VALUE values in order, to the scenario or the model,
// and says which one failed.
func TestSetAll(t *testing.T) {
	m := loadValid(t)
	if err := m.SetAll(nil, []string{"api.fleet.servers=20", "api.fleet.cells=2"}); err != nil || m.Service("api").Fleet.Servers != 20 || m.Service("api").Fleet.Cells != 2 {
		t.Errorf("SetAll: %v, fleet %+v", err, m.Service("api").Fleet)
	}
	for _, tc := range []struct {
		set  string
		want string
	}{
		{"api.fleet.servers", `"api.fleet.servers": want PATH=VALUE, for example kinesis-frontend.fleet.servers=4800`},
		{"=4", `"=4": want PATH=VALUE`},
		{"api.fleet.servers=x", `api.fleet.servers: "x" is not a number`},
	} {
		if err := m.SetAll(nil, []string{tc.set}); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("SetAll(%q): %v, want %q", tc.set, err, tc.want)
		}
	}
}

func TestFindService(t *testing.T) {
	m := loadValid(t)
	if s, err := m.FindService("api"); err != nil || s.ID != "api" {
		t.Errorf("api: %v, %v", s, err)
	}
	if _, err := m.FindService("apj"); err == nil || err.Error() != `no such service. Did you mean "api"?` {
		t.Errorf("apj: %v", err)
	}
	if _, err := m.FindService("zzzzzzzz"); err == nil || err.Error() != "no such service" {
		t.Errorf("zzzzzzzz: %v", err)
	}
}
