package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model"
	"github.com/spf13/cobra"
)

func newSimulateCmd(a *app) *cobra.Command {
	var format, out, scenario, plot, sweep string
	var sets []string
	c := &cobra.Command{
		Use:   "simulate PATHS... --scenario ID",
		Short: "Replay a change to a fleet over time, with what-ifs",
		Long: `Simulate replays a scenario minute by minute: servers added, peers discovered,
per-server resource use by the declared law, limits crossed, silent shard-map
failures, errors, alarms, rollback and a rate-limited restart with health checks
that remove servers starved by cache building. The dependents' cascade follows
from when the fleet began failing.

--set PATH=VALUE changes any value of the scenario, its fleet or a resource:
  recovery.restart_rate=900  fleet.cells=10  resource.threads.limit=65536
  resource.threads.scope=cell  alarm.on=resource  add_capacity.0.servers=0
--sweep PATH=FROM:TO:STEP runs one simulation per value on every core and prints
a table (for example restart rate against time to recover).

The same scenario and seed always give the same run.`,
		Example: `  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --plot replay.png
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --set fleet.cells=10 --set resource.threads.scope=cell
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --sweep recovery.restart_rate=200:800:100`,
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			if scenario == "" {
				return usageError("--scenario is required: name a scenario block of the model")
			}
			var ext string
			if plot != "" {
				var err error
				if ext, err = plotFormat(plot); err != nil {
					return err
				}
			}
			load := func() (*model.Model, *model.Scenario, error) {
				m, err := a.loadModel(args)
				if err != nil {
					return nil, nil, err
				}
				sc := m.Scenario(scenario)
				if sc == nil {
					var names []string
					for _, s := range m.Scenarios {
						names = append(names, s.ID)
					}
					if len(names) == 0 {
						return nil, nil, usageError("--scenario %s: the model declares no scenario", scenario)
					}
					msg := fmt.Sprintf("--scenario %s: no such scenario (declared: %s)", scenario, strings.Join(names, ", "))
					if n := model.Suggest(scenario, names); n != "" {
						msg += fmt.Sprintf(". Did you mean %q?", n)
					}
					return nil, nil, usageError("%s", msg)
				}
				for _, s := range sets {
					path, value, ok := strings.Cut(s, "=")
					if !ok || path == "" {
						return nil, nil, usageError("--set %q: want PATH=VALUE, for example recovery.restart_rate=900", s)
					}
					if err := m.SetScenario(sc, path, value); err != nil {
						return nil, nil, usageError("--set %s: %v", path, err)
					}
				}
				return m, sc, nil
			}
			m, sc, err := load()
			if err != nil {
				return err
			}
			if sweep != "" {
				return a.runSweep(load, sweep, format, out)
			}
			cfg, err := sim.FromModel(m, sc)
			if err != nil {
				return usageError("scenario %s: %v", scenario, err)
			}
			res := sim.Run(cfg)
			if res.Err != nil {
				return &exitError{code: exitInvalid, err: fmt.Errorf("scenario %s: %v", scenario, res.Err)}
			}
			var start = startOf(cfg)
			casc, err := simCascade(m, sc.Service, res)
			if err != nil {
				return err
			}
			o := a.newOutput(out)
			if format == "json" {
				b, err := res.JSON(casc.json)
				if err != nil {
					return err
				}
				o.Writer().Write(b)
			} else {
				if err := res.WriteText(o.Writer(), start); err != nil {
					return err
				}
				if err := casc.writeText(o.Writer(), start); err != nil {
					return err
				}
			}
			if plot != "" {
				if err := a.writeFile(plot, func(w io.Writer) error { return sim.Plot(w, ext, res, start) }); err != nil {
					return err
				}
			}
			return o.Close()
		},
	}
	addFormatFlags(c, &format, &out, "text", "text", "json")
	c.Flags().StringVar(&scenario, "scenario", "", "the scenario to replay (required)")
	c.Flags().StringArrayVar(&sets, "set", nil, "override a value of the scenario, its fleet or a resource: PATH=VALUE (repeatable)")
	c.Flags().StringVar(&plot, "plot", "", "chart healthy, failed and restarting servers and the error rate to this .svg or .png file")
	c.Flags().StringVar(&sweep, "sweep", "", "run one simulation per value: PATH=FROM:TO:STEP, in parallel on every core")
	return c
}

func startOf(cfg sim.Config) *time.Time {
	if !cfg.HasStart {
		return nil
	}
	t := cfg.Start
	return &t
}

// runSweep runs the scenario once per value of PATH. Each run gets its own
// freshly loaded model with the value applied through the same --set code,
// so any settable path can be swept; the runs share every core.
func (a *app) runSweep(load func() (*model.Model, *model.Scenario, error), spec, format, out string) error {
	path, rng, ok := strings.Cut(spec, "=")
	parts := strings.Split(rng, ":")
	if !ok || path == "" || len(parts) != 3 {
		return usageError("--sweep %q: want PATH=FROM:TO:STEP, for example recovery.restart_rate=200:800:100", spec)
	}
	var nums [3]float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return usageError("--sweep %q: %q is not a number", spec, p)
		}
		nums[i] = v
	}
	values, err := sim.SweepValues(nums[0], nums[1], nums[2])
	if err != nil {
		return usageError("--sweep %q: %v", spec, err)
	}
	if len(values) > 1000 {
		return usageError("--sweep %q: %d runs; narrow the range or take a larger step (at most 1000)", spec, len(values))
	}
	jobs := make([]func() *sim.Result, len(values))
	for i, v := range values {
		m, sc, err := load()
		if err != nil {
			return err
		}
		val := strconv.FormatFloat(v, 'f', -1, 64)
		if err := m.SetScenario(sc, path, val); err != nil {
			// Durations are swept in seconds.
			if err2 := m.SetScenario(sc, path, val+"s"); err2 != nil {
				return usageError("--sweep %s: %v", path, err)
			}
		}
		cfg, err := sim.FromModel(m, sc)
		if err != nil {
			return usageError("--sweep %s=%s: %v", path, val, err)
		}
		jobs[i] = func() *sim.Result { return sim.Run(cfg) }
	}
	results := sim.Sweep(jobs, 0)
	rows := make([]sim.SweepRow, len(values))
	for i, v := range values {
		rows[i] = sim.SweepRow{Value: v, Result: results[i]}
	}
	o := a.newOutput(out)
	if format == "json" {
		b, err := sim.SweepJSON(path, rows)
		if err != nil {
			return err
		}
		o.Writer().Write(b)
	} else if err := sim.WriteSweepTable(o.Writer(), path, rows); err != nil {
		return err
	}
	return o.Close()
}

// simCascade is the dependents' cascade of the simulated fleet failure,
// offset to when the fleet began failing (the contract's "cascade").
type simCascadeResult struct {
	json      json.RawMessage
	writeText func(w io.Writer, start *time.Time) error
}

func simCascade(m *model.Model, service string, res *sim.Result) (*simCascadeResult, error) {
	at, ok := res.OutageAt()
	if !ok {
		return &simCascadeResult{json: json.RawMessage("[]"), writeText: func(io.Writer, *time.Time) error { return nil }}, nil
	}
	g := graph.New(m)
	v, _ := g.Index(service)
	rep := cascade.Dependents(g, v, at)
	var buf bytes.Buffer
	if err := views.Cascade[1].New(views.Options{}).Render(&buf, rep); err != nil {
		return nil, err
	}
	var doc struct{ Timeline json.RawMessage }
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		return nil, err
	}
	return &simCascadeResult{json: doc.Timeline, writeText: func(w io.Writer, start *time.Time) error {
		fmt.Fprintf(w, "\nDependents, from when %s began failing:\n", service)
		return views.Cascade[0].New(views.Options{Start: start}).Render(w, rep)
	}}, nil
}
