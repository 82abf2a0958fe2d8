package sim

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blast-tool/blast/model/modeltest"
)

func coarse(t *testing.T) (Config, *Result) {
	cfg := kinesisConfig(t)
	cfg.Step = time.Hour // a readable golden series
	return cfg, Run(cfg)
}

func TestGoldenText(t *testing.T) {
	cfg, r := coarse(t)
	var buf bytes.Buffer
	if err := r.WriteText(&buf, &cfg.Start); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("\n-- without start --\n")
	if err := r.WriteText(&buf, nil); err != nil {
		t.Fatal(err)
	}
	modeltest.Golden(t, "testdata/"+"kinesis.txt", buf.Bytes())
}

func TestGoldenJSON(t *testing.T) {
	_, r := coarse(t)
	out, err := r.JSON(json.RawMessage(`[{"service":"cloudwatch","state":"outage","after_seconds":8640,"path":["kinesis-frontend","cloudwatch"]}]`))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenario string
		Events   []map[string]any
		Series   []map[string]any
		Cascade  []any
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Scenario != "capacity-addition-2020-11-25" || len(doc.Series) != 25 || len(doc.Cascade) != 1 {
		t.Errorf("bad document: %s", out)
	}
	for _, e := range doc.Events {
		if _, ok := e["clock"]; !ok {
			t.Errorf("event without clock: %v", e)
		}
	}
	modeltest.Golden(t, "testdata/"+"kinesis.json", out)
	r.HasStart = false
	out, _ = r.JSON(nil)
	if strings.Contains(string(out), "clock") || !strings.Contains(string(out), `"cascade": []`) {
		t.Errorf("without start: %s", out)
	}
}

func TestGoldenSweep(t *testing.T) {
	cfg := kinesisConfig(t)
	vals, err := SweepValues(350, 1050, 350)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := SweepConfig(cfg, vals, func(c Config, v float64) (Config, error) {
		return SetPath(c, "recovery.restart_rate", v)
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSweepTable(&buf, "recovery.restart_rate", rows); err != nil {
		t.Fatal(err)
	}
	js, err := SweepJSON("recovery.restart_rate", rows)
	if err != nil {
		t.Fatal(err)
	}
	buf.Write(js)
	modeltest.Golden(t, "testdata/"+"sweep.txt", buf.Bytes())
	if cfg.Recovery.RestartRate != 350 {
		t.Error("sweep modified the base config")
	}
	// Parallel results equal sequential ones.
	for _, row := range rows {
		c, _ := SetPath(cfg, "recovery.restart_rate", row.Value)
		a, _ := Run(c).JSON(nil)
		b, _ := row.Result.JSON(nil)
		if !bytes.Equal(a, b) {
			t.Errorf("value %v: parallel run differs from sequential", row.Value)
		}
	}
}

func TestSweepUsesWorkers(t *testing.T) {
	var running, peak atomic.Int32
	both := make(chan struct{})
	var once sync.Once
	job := func() *Result {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if n >= 2 {
			once.Do(func() { close(both) })
		}
		select { // wait for a second worker; the timeout only avoids a hang
		case <-both:
		case <-time.After(5 * time.Second):
		}
		running.Add(-1)
		return &Result{}
	}
	res := Sweep([]func() *Result{job, job, job, job}, 2)
	if len(res) != 4 || peak.Load() < 2 {
		t.Errorf("peak concurrency %d with 2 workers", peak.Load())
	}
}

func TestSweepValuesAndPaths(t *testing.T) {
	if v, err := SweepValues(1, 2, 0.5); err != nil || len(v) != 3 || v[2] != 2 {
		t.Errorf("values %v %v", v, err)
	}
	for _, bad := range [][3]float64{{2, 1, 1}, {0, 1, 0}, {0, 1e9, 1}} {
		if _, err := SweepValues(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	cfg := kinesisConfig(t)
	for path, check := range map[string]func(c Config) bool{
		"fleet.cells":                 func(c Config) bool { return c.Cells == 3 },
		"resource.threads.limit":      func(c Config) bool { return c.Resources[0].Limit == 3 },
		"add_capacity.0.servers":      func(c Config) bool { return c.Adds[0].Servers == 3 },
		"recovery.at":                 func(c Config) bool { return c.Recovery.At == 3*time.Second },
		"discovery":                   func(c Config) bool { return c.Discovery == 3*time.Second },
		"recovery.store_factor":       func(c Config) bool { return c.Recovery.StoreFactor == 3 },
		"recovery.restart_rate":       func(c Config) bool { return c.Recovery.RestartRate == 3 },
		"alarm.threshold":             func(c Config) bool { return c.Alarm.Threshold == 3 },
		"fleet.servers":               func(c Config) bool { return c.Servers == 3 },
		"recovery.bootstrap_capacity": func(c Config) bool { return c.Recovery.Capacity == 3 },
	} {
		c, err := SetPath(cfg, path, 3)
		if err != nil || !check(c) {
			t.Errorf("%s: %v", path, err)
		}
	}
	if cfg.Resources[0].Limit != 32768 || cfg.Adds[0].Servers != 500 {
		t.Error("SetPath modified its input")
	}
	for _, bad := range []string{"nope", "resource.cpu.limit", "add_capacity.7.servers", "recovery.colour"} {
		if _, err := SetPath(cfg, bad, 1); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestPlot(t *testing.T) {
	cfg, r := coarse(t)
	for _, f := range []string{"svg", "png"} {
		var buf bytes.Buffer
		if err := Plot(&buf, f, r, &cfg.Start); err != nil {
			t.Fatal(err)
		}
		magic := map[string]string{"svg": "<svg", "png": "\x89PNG"}[f]
		if !bytes.Contains(buf.Bytes()[:min(buf.Len(), 200)], []byte(magic)) {
			t.Errorf("%s: not a %s file", f, f)
		}
		if f == "svg" && !bytes.Contains(buf.Bytes(), []byte("first-alarm")) {
			t.Error("svg lacks the event labels")
		}
	}
	if err := Plot(&bytes.Buffer{}, "gif", r, nil); err == nil {
		t.Error("gif: no error")
	}
	if err := Plot(&bytes.Buffer{}, "svg", &Result{Err: errTest}, nil); err == nil {
		t.Error("failed result: no error")
	}
}
