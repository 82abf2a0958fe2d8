package sim

import (
	"reflect"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

const storeHCL = `
service "web" {
  load = "600/s"
  depends_on "api" {
    timeout = "2s"
    retry {
      attempts = 2
    }
  }
  depends_on "metrics" { impact = "none" }
}
service "api" {
  depends_on "orders" {
    timeout = "500ms"
    retry {
      attempts = 3
      backoff  = "100ms"
      jitter   = true
      budget   = 0.2
    }
  }
  depends_on "cache-a" { group = "cache" }
  depends_on "cache-b" { group = "cache" }
}
service "orders" {
  fleet {
    servers = 10
  }
  capacity {
    per_server  = "100/s"
    queue       = 20
    concurrency = 4
  }
}
service "cache-a" {}
service "cache-b" {}
service "metrics" {}
service "batch" {
  depends_on "orders" {}
}
scenario "brownout" {
  service  = "orders"
  duration = "1h"
  start    = "2024-03-01T09:00:00Z"
  disturbance {
    at       = "10m"
    for      = "5m"
    capacity = 0.3
  }
}
`

func loadModel(t *testing.T) (*model.Model, *model.Scenario) {
	t.Helper()
	m, diags := model.LoadSources([]model.Source{{Filename: "store.hcl", Bytes: []byte(storeHCL)}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return m, m.Scenario("brownout")
}

// LoadFromModel follows calls down from the services with load, callers
// first, and reads each edge's retries and each service's capacity.
func TestLoadFromModel(t *testing.T) {
	m, sc := loadModel(t)
	cfg, err := LoadFromModel(m, sc)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	at := map[string]int{}
	for i, s := range cfg.Services {
		ids = append(ids, s.ID)
		at[s.ID] = i
	}
	if _, batch := at["batch"]; batch || len(ids) != 6 || at["web"] > at["api"] || at["api"] > at["orders"] {
		t.Errorf("services %v: want what load reaches (not batch), callers first", ids)
	}
	if cfg.Services[cfg.Target].ID != "orders" || !cfg.HasStart || cfg.Mode != ModeFluid || cfg.MetastableAfter != 10*time.Minute {
		t.Errorf("config %+v", cfg)
	}
	o := cfg.Services[at["orders"]]
	if o.Capacity != 1000 || o.Workers != 40 || o.Queue != 200 {
		t.Errorf("orders %+v", o)
	}
	web, api := cfg.Services[at["web"]], cfg.Services[at["api"]]
	if web.Load != 600 || len(web.Calls) != 2 || len(web.Needs) != 1 {
		t.Errorf("web %+v: calls api and metrics, needs only api", web)
	}
	if !reflect.DeepEqual(api.Needs, [][]int{{api.Calls[0], api.Calls[1]}, {api.Calls[2]}}) {
		t.Errorf("api needs %v: orders, and one of the cache group", api.Needs)
	}
	e := cfg.Edges[api.Calls[2]] // api's calls in dependency order: cache-a, cache-b, orders
	if cfg.Services[e.To].ID != "orders" || e.Attempts != 3 || e.Backoff != 100*time.Millisecond || !e.Jitter || !e.HasBudget || e.Budget != 0.2 || e.Timeout != 500*time.Millisecond {
		t.Errorf("api -> orders %+v", e)
	}
	if !reflect.DeepEqual(cfg.Disturbances, []Disturbance{{At: 10 * time.Minute, For: 5 * time.Minute, Capacity: 0.3}}) {
		t.Errorf("disturbances %+v", cfg.Disturbances)
	}
	rep, err := Simulate(m, sc)
	if err != nil || rep.Load == nil || rep.Result != nil {
		t.Fatalf("Simulate: %v %+v", err, rep)
	}
}

// A sweep over a load scenario's path runs the load simulation.
func TestSweepLoad(t *testing.T) {
	fresh := func() (*model.Model, *model.Scenario, error) { m, sc := loadModel(t); return m, sc, nil }
	s, err := SweepScenario(fresh, "web.load", []float64{200, 400}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range s.Rows {
		if row.Err != nil || row.Load == nil || row.Result != nil {
			t.Fatalf("row %+v", row)
		}
	}
	if s.Rows[0].Load.Series[2].Needed >= s.Rows[1].Load.Series[2].Needed {
		t.Errorf("more load, no more calls needed: %v, %v", s.Rows[0].Load.Series[2], s.Rows[1].Load.Series[2])
	}
	if _, err := SweepScenario(fresh, "web.depends_on.api.retry.attempts", []float64{0}, nil); err == nil {
		t.Errorf("attempts 0 swept without an error")
	}
}
