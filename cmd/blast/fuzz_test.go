package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
)

// Bounds of what FuzzCLI runs. Inputs beyond them are skipped by design:
// they are slow, not wrong (the limits that refuse absurd input are tested
// by the robust_*.txtar scripts), and a fuzzer should spend its time on
// the many small inputs that reach new code.
const (
	fuzzMaxModel   = 4 << 10 // bytes of model
	fuzzMaxArg     = 256     // bytes of a --set or --sweep value
	fuzzMaxFleet   = 20_000  // simulated servers, additions included
	fuzzMaxSamples = 5_000   // points of a simulated series
	fuzzMaxRuns    = 8       // runs of a sweep
)

// fuzzCommands are the command lines FuzzCLI runs, by selector: the
// commands that take a model and --set or --sweep values. MODEL, SET,
// SWEEP, SERVICE and SCENARIO are filled in.
var fuzzCommands = [][]string{
	{"analyze", "MODEL", "--set", "SET"},
	{"analyze", "MODEL", "--set", "SET", "-f", "json"},
	{"scaling", "MODEL", "--set", "SET"},
	{"scaling", "MODEL", "--set", "SET", "-f", "json"},
	{"simulate", "MODEL", "--scenario", "SCENARIO", "--set", "SET"},
	{"simulate", "MODEL", "--scenario", "SCENARIO", "--set", "SET", "-f", "json"},
	{"simulate", "MODEL", "--scenario", "SCENARIO", "--sweep", "SWEEP"},
	{"cascade", "MODEL", "--fail", "SERVICE"},
	{"cutsets", "MODEL", "--service", "SERVICE", "-f", "json"},
	{"validate", "MODEL"},
}

// FuzzCLI runs the command line in-process over a model and --set and
// --sweep values: whatever they hold, blast exits 0 (success) or 2
// (invalid input, with a diagnostic), never 70 (a crash) or anything else,
// and the same input gives the same bytes twice.
func FuzzCLI(f *testing.F) {
	small := modeltest.SeedModel(f, "fleet-scenario.hcl")
	for i, set := range []string{"fe.fleet.servers=120", "recovery.restart_rate=900", "add_capacity.0.servers=0", "fleet.cells=10", "resource.threads.scope=cell", "alarm.on=resource", "fe.resource.threads.unit=fds", "seed=7"} {
		f.Add(small, set, "recovery.restart_rate=20:80:20", uint8(i))
	}
	for i := range fuzzCommands {
		f.Add(small, "fe.resource.threads.limit=2000", "add_capacity.0.servers=0:40:20", uint8(i))
		f.Add(small, "recovery.restart_rate=100", "fleet.cells=1:3:1", uint8(i))
	}
	f.Add(small, "fe.resource.threads.per_server=1000 / (N - 110)", "", uint8(2))
	f.Add(small, "add_capacity.0.servers=45000000", "", uint8(4))
	f.Add(small, "duration=1000000h", "", uint8(4))
	f.Add(modeltest.SeedModel(f, "escapes.hcl"), "x.fleet.servers=1", "seed=1:2:1", uint8(0))

	model := filepath.Join(f.TempDir(), "m.hcl")
	f.Fuzz(func(t *testing.T, src []byte, set, sweep string, sel uint8) {
		if len(src) > fuzzMaxModel || len(set) > fuzzMaxArg || len(sweep) > fuzzMaxArg {
			t.Skip("larger than the fuzzer runs")
		}
		service, scenario, ok := fuzzTargets(src, set, sweep)
		if !ok {
			t.Skip("a fleet or series larger than the fuzzer runs")
		}
		if err := os.WriteFile(model, src, 0o644); err != nil {
			t.Fatal(err)
		}
		var args []string
		for _, a := range fuzzCommands[int(sel)%len(fuzzCommands)] {
			args = append(args, strings.NewReplacer("MODEL", model, "SET", set, "SWEEP", sweep, "SERVICE", service, "SCENARIO", scenario).Replace(a))
		}
		code, out, errs := runApp(args)
		if code != exitcode.OK && code != exitcode.Invalid {
			t.Fatalf("blast %s: exit %d, want 0 or 2\nstderr:\n%s", strings.Join(args, " "), code, errs)
		}
		if code == exitcode.Invalid && len(errs) == 0 {
			t.Fatalf("blast %s: exit 2 without a word on stderr", strings.Join(args, " "))
		}
		code2, out2, errs2 := runApp(args)
		if code2 != code || !bytes.Equal(out, out2) || !bytes.Equal(errs, errs2) {
			t.Fatalf("blast %s: two runs differ (exit %d and %d)\nfirst stdout:\n%s\nsecond stdout:\n%s\nfirst stderr:\n%s\nsecond stderr:\n%s", strings.Join(args, " "), code, code2, out, out2, errs, errs2)
		}
	})
}

// runApp runs blast in-process and returns its exit code and output.
func runApp(args []string) (int, []byte, []byte) {
	var stdout, stderr bytes.Buffer
	a := &app{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	code := a.run(args)
	return code, stdout.Bytes(), stderr.Bytes()
}

// fuzzTargets names the service and scenario a command line of the model
// acts on (the first declared, else names that exist nowhere) and reports
// whether the model is within the fuzzer's bounds once set, or any one
// value of sweep, is applied: the size of its fleets, the samples of its
// scenario, the runs of the sweep.
func fuzzTargets(src []byte, set, sweep string) (service, scenario string, ok bool) {
	m, _ := model.LoadSources([]model.Source{{Filename: "m.hcl", Bytes: src}})
	service, scenario = "none", "none"
	if len(m.Services) > 0 {
		service = m.Services[0].ID
	}
	if len(m.Scenarios) > 0 {
		scenario = m.Scenarios[0].ID
	}
	if !withinFuzzBounds(m) {
		return service, scenario, false
	}
	// Apply set, then each value of the sweep in turn, to the loaded model
	// (it serves only this check) and check the bounds after each.
	values := []string{set}
	if p, vs, err := sim.ParseSweep(sweep); err == nil {
		if len(vs) > fuzzMaxRuns {
			return service, scenario, false
		}
		for _, v := range vs {
			values = append(values, p+"="+strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	for _, s := range values {
		p, v, _ := strings.Cut(s, "=")
		_ = m.Set(p, v)
		if sc := m.Scenario(scenario); sc != nil {
			_ = m.SetScenario(sc, p, v)
		}
		if !withinFuzzBounds(m) {
			return service, scenario, false
		}
	}
	return service, scenario, true
}

// withinFuzzBounds reports whether every scenario of m simulates at most
// fuzzMaxFleet servers over at most fuzzMaxSamples samples.
func withinFuzzBounds(m *model.Model) bool {
	for _, sc := range m.Scenarios {
		s := m.Service(sc.Service)
		if s == nil || s.Fleet == nil {
			continue
		}
		total := float64(s.Fleet.Servers)
		for _, b := range sc.Blocks["add_capacity"] {
			if v := b.Attrs["servers"]; v != nil {
				total += v.Number
			}
		}
		dur, step := sc.Get("duration"), sc.Get("sample_every")
		if total > fuzzMaxFleet || step != nil && dur != nil && step.Duration > 0 && dur.Duration/step.Duration > fuzzMaxSamples {
			return false
		}
	}
	return true
}
