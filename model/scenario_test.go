package model

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestScenarioDefaults checks that every default written in ScenarioSchema
// reads as a value of its kind, and what an unset attribute gives.
func TestScenarioDefaults(t *testing.T) {
	specs := map[string][]AttrSpec{"": ScenarioSchema.Attrs}
	for _, b := range ScenarioSchema.Blocks {
		specs[b.Type] = b.Attrs
	}
	sc := &Scenario{ID: "s"}
	for typ, as := range specs {
		for _, a := range as {
			v := sc.Get(a.Name)
			if typ != "" {
				v = sc.Block(typ).Get(a.Name)
			}
			if (v == nil) != (a.Default == "") || (v != nil && v.Kind != a.Kind) {
				t.Errorf("%s.%s: default %q reads as %+v", typ, a.Name, a.Default, v)
			}
		}
	}
	if got := sc.Get("duration").Duration; got != 24*time.Hour {
		t.Errorf("duration defaults to %v", got)
	}
	if got := sc.Block("alarm").Get("on").String; got != "errors" {
		t.Errorf("alarm.on defaults to %q", got)
	}
	if !sc.Block("recovery").Get("rollback").Bool || sc.Get("nonesuch") != nil {
		t.Error("recovery.rollback should default to true, an unknown attribute to nil")
	}
	set := &Scenario{Attrs: map[string]*Value{"seed": {Kind: KindCount, Number: 7}}}
	if set.Get("seed").Number != 7 {
		t.Error("a set value must win over the default")
	}
}

// TestScenarioDiagnostics checks that what the simulator cannot run is a
// located diagnostic when the model is validated.
func TestScenarioDiagnostics(t *testing.T) {
	tests := []struct {
		name, body string
		want       []diagAt
		detail     string
	}{
		{"zero duration", `duration = "0s"`, []diagAt{{"Value out of range", "a.hcl", 16, 14}}, "longer than zero"},
		{"too many samples", "duration = \"30d\"\n  sample_every = \"1s\"", []diagAt{{"Too many samples", "a.hcl", 17, 18}}, "2592000 samples"},
		{"negative serving headroom", `serving_headroom = -1`, []diagAt{{"Value out of range", "a.hcl", 16, 22}}, "must not be negative"},
		{"serving headroom too large", `serving_headroom = 200`, []diagAt{{"Value out of range", "a.hcl", 16, 22}}, "at most 100"},
		{"addition without servers", `add_capacity {}`, []diagAt{{"Missing required argument", "a.hcl", 16, 3}}, "needs servers"},
		{"fleet too large", "add_capacity {\n    servers = 60000000\n  }", []diagAt{{"Fleet too large", "a.hcl", 17, 15}}, "60,000,010 servers in all. blast simulates fleets of at most 1,000,000"},
		{"recovery without at", "recovery {\n    restart_rate = 300\n  }", []diagAt{{"Missing required argument", "a.hcl", 16, 3}}, "when the restart begins"},
		{"recovery without rate", "recovery {\n    at = \"1h\"\n  }", []diagAt{{"Missing restart rate", "a.hcl", 16, 3}}, "fleet block"},
		{"zero restart rate", "recovery {\n    at = \"1h\"\n    restart_rate = 0\n  }", []diagAt{{"Value out of range", "a.hcl", 18, 20}}, "greater than zero"},
		{"negative bootstrap capacity", "recovery {\n    at = \"1h\"\n    restart_rate = 9\n    bootstrap_capacity = -1\n  }", []diagAt{{"Value out of range", "a.hcl", 19, 26}}, "must not be negative"},
		{"alarm on", "alarm {\n    on = \"pager\"\n  }", []diagAt{{"Invalid value for on", "a.hcl", 17, 10}}, "errors"},
		{"threshold", "alarm {\n    threshold = 2\n  }", []diagAt{{"Value out of range", "a.hcl", 17, 17}}, "between 0 and 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := base + "scenario \"s\" {\n  service = \"api\"\n  " + tc.body + "\n}\n"
			_, diags := LoadSources([]Source{{"a.hcl", []byte(src)}})
			if got := gotDiags(diags); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("diagnostics:\n got %v\nwant %v\n%s", got, tc.want, diags.Error())
			}
			if !strings.Contains(diags[0].Detail, tc.detail) {
				t.Errorf("detail %q does not contain %q", diags[0].Detail, tc.detail)
			}
		})
	}
}

// TestCheckScenarioAfterSet: a --set can make a valid scenario one the
// simulator cannot run; CheckScenario finds it, pointing into the file.
func TestCheckScenarioAfterSet(t *testing.T) {
	m := loadValid(t)
	sc := m.Scenario("grow-api")
	if d := m.CheckScenario(sc); d.HasErrors() {
		t.Fatal(d.Error())
	}
	if err := m.SetScenario(sc, "sample_every", "10ms"); err != nil {
		t.Fatal(err)
	}
	d := m.CheckScenario(sc)
	if got := gotDiags(d); len(got) != 1 || got[0].Summary != "Too many samples" || !strings.HasSuffix(got[0].File, "valid.hcl") {
		t.Errorf("after --set sample_every=10ms: %v", got)
	}
	if err := m.SetScenario(sc, "add_capacity.2.over", "1h"); err != nil {
		t.Fatal(err)
	}
	if got := gotDiags(m.CheckScenario(sc)); len(got) != 2 || got[0].Summary != "Missing required argument" || got[0].File != "--set" {
		t.Errorf("after --set add_capacity.2.over=1h: %v", got)
	}
}

func TestFindScenario(t *testing.T) {
	m := loadValid(t)
	if sc, err := m.FindScenario("grow-api"); err != nil || sc.ID != "grow-api" {
		t.Errorf("grow-api: %v, %v", sc, err)
	}
	if _, err := m.FindScenario("grow"); err == nil || !strings.Contains(err.Error(), `declared: grow-api`) || !strings.Contains(err.Error(), `Did you mean "grow-api"?`) {
		t.Errorf("grow: %v", err)
	}
	if _, err := (&Model{}).FindScenario("x"); err == nil || err.Error() != "the model declares no scenario" {
		t.Errorf("no scenario: %v", err)
	}
}
