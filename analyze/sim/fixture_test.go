package sim

import (
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

// kinesisModel is the lead's examples/kinesis-2020 service and the scenario
// of examples/kinesis-2020/scenario.hcl, built in Go (HCL parsing is not
// this package's concern).
func kinesisModel() (*model.Model, *model.Scenario) {
	law := func(n float64) (float64, error) { return 1000 + 7*(n-1), nil }
	svc := &model.Service{
		ID: "kinesis-frontend", Title: "kinesis-frontend", Role: model.RoleService, Criticality: model.Critical,
		Fleet: &model.Fleet{Servers: 4300, Cells: 1, RestartRate: 350, ColdStart: 2 * time.Hour, RTO: 4 * time.Hour},
		Resources: []*model.Resource{{Name: "threads", Limit: 32768, Scope: model.ScopeFleet, Unit: "threads",
			PerServerSrc: "1000 + 7 * (N - 1)", Law: law}},
	}
	start := time.Date(2020, 11, 25, 2, 44, 0, 0, time.FixedZone("PST", -8*3600))
	num := func(x float64) *model.Value { return &model.Value{Kind: model.KindNumber, Number: x} }
	dur := func(d time.Duration) *model.Value { return &model.Value{Kind: model.KindDuration, Duration: d} }
	str := func(s string) *model.Value { return &model.Value{Kind: model.KindString, String: s} }
	sc := &model.Scenario{
		ID: "capacity-addition-2020-11-25", Service: "kinesis-frontend",
		Attrs: map[string]*model.Value{
			"start":     {Kind: model.KindTime, Time: start},
			"duration":  dur(24 * time.Hour),
			"seed":      {Kind: model.KindCount, Number: 1},
			"discovery": dur(60 * time.Minute),
		},
		Blocks: map[string][]*model.ScenarioBlock{
			"add_capacity": {{Type: "add_capacity", Attrs: map[string]*model.Value{
				"at": dur(0), "servers": {Kind: model.KindCount, Number: 500}, "over": dur(63 * time.Minute)}}},
			"alarm": {{Type: "alarm", Attrs: map[string]*model.Value{
				"on": str("errors"), "threshold": {Kind: model.KindFraction, Number: 0.05}}}},
			"recovery": {{Type: "recovery", Attrs: map[string]*model.Value{
				"at": dur(5*time.Hour + 7*time.Minute), "rollback": {Kind: model.KindBool, Bool: true},
				"restart_rate": num(350), "bootstrap": str("peers")}}},
		},
	}
	m := &model.Model{Services: []*model.Service{svc}, Scenarios: []*model.Scenario{sc}}
	m.Reindex()
	return m, sc
}

func kinesisConfig(t testing.TB) Config {
	t.Helper()
	m, sc := kinesisModel()
	cfg, err := FromModel(m, sc)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
