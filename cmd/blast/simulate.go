package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/analyze/views"
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
			view, err := views.Simulation.New(format, views.Options{})
			if err != nil {
				return usageError("%v", err)
			}
			if scenario == "" {
				return usageError("--scenario is required: name a scenario block of the model")
			}
			var chart views.View[*sim.Result]
			if plot != "" && sweep == "" {
				ext, err := plotFormat(plot)
				if err != nil {
					return err
				}
				chart, _ = views.SimulationPlot.New(ext, views.Options{})
			}
			load := func() (*model.Model, *model.Scenario, error) { return a.loadScenario(args, scenario, sets) }
			m, sc, err := load()
			if err != nil {
				return err
			}
			o := a.newOutput(out)
			if sweep != "" {
				res, err := runSweep(load, sweep)
				if err != nil {
					return err
				}
				view, _ := views.Sweep.New(format, views.Options{})
				return o.closeAfter(view.Render(o.Writer(), res))
			}
			rep, err := sim.Simulate(m, sc)
			if err != nil {
				return usageError("scenario %s: %v", scenario, err)
			}
			if err := view.Render(o.Writer(), rep); err != nil {
				return err
			}
			if chart != nil {
				if err := a.writeFile(plot, func(w io.Writer) error { return chart.Render(w, rep.Result) }); err != nil {
					return err
				}
			}
			return o.Close()
		},
	}
	addFormatFlags(c, &format, &out, "text", views.Simulation.Names()...)
	c.Flags().StringVar(&scenario, "scenario", "", "the scenario to replay (required)")
	c.Flags().StringArrayVar(&sets, "set", nil, "override a value of the scenario, its fleet or a resource: PATH=VALUE (repeatable)")
	c.Flags().StringVar(&plot, "plot", "", "chart healthy, failed and restarting servers and the error rate to this .svg or .png file")
	c.Flags().StringVar(&sweep, "sweep", "", "run one simulation per value: PATH=FROM:TO:STEP, in parallel on every core")
	return c
}

// loadScenario loads PATHS, finds the scenario, applies the --set values
// and checks the result as the loader checks a scenario.
func (a *app) loadScenario(paths []string, id string, sets []string) (*model.Model, *model.Scenario, error) {
	m, err := a.loadModel(paths)
	if err != nil {
		return nil, nil, err
	}
	sc := m.Scenario(id)
	if sc == nil {
		var names []string
		for _, s := range m.Scenarios {
			names = append(names, s.ID)
		}
		if len(names) == 0 {
			return nil, nil, usageError("--scenario %s: the model declares no scenario", id)
		}
		msg := fmt.Sprintf("--scenario %s: no such scenario (declared: %s)", id, strings.Join(names, ", "))
		if n := model.Suggest(id, names); n != "" {
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
			return nil, nil, usageError("%v", err) // it names the --set
		}
	}
	if _, err := a.checkDiags(m, m.CheckScenario(sc)); err != nil {
		return nil, nil, err
	}
	return m, sc, nil
}

// runSweep runs the scenario once per value of --sweep PATH=FROM:TO:STEP,
// each on a freshly loaded model with the value applied as --set applies
// it (durations in seconds), so any settable path can be swept.
func runSweep(load func() (*model.Model, *model.Scenario, error), spec string) (*sim.SweepResult, error) {
	path, span, ok := strings.Cut(spec, "=")
	parts := strings.Split(span, ":")
	if !ok || path == "" || len(parts) != 3 {
		return nil, usageError("--sweep %q: want PATH=FROM:TO:STEP, for example recovery.restart_rate=200:800:100", spec)
	}
	var nums [3]float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, usageError("--sweep %q: %q is not a number", spec, p)
		}
		nums[i] = v
	}
	values, err := sim.SweepValues(nums[0], nums[1], nums[2])
	if err != nil {
		return nil, usageError("--sweep %q: %v", spec, err)
	}
	return sim.Sweep(path, values, func(v float64) (sim.Config, error) {
		m, sc, err := load()
		if err != nil {
			return sim.Config{}, err
		}
		val := strconv.FormatFloat(v, 'f', -1, 64)
		if err := m.SetScenario(sc, path, val); err != nil && m.SetScenario(sc, path, val+"s") != nil {
			return sim.Config{}, usageError("--sweep %s: %v", path, err)
		}
		cfg, err := sim.FromModel(m, sc)
		if err != nil {
			return sim.Config{}, usageError("--sweep %s=%s: %v", path, val, err)
		}
		return cfg, nil
	}, 0)
}
