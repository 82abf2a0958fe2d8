package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/model"
	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

func newSimulateCmd(a *app) *cobra.Command {
	var format, out, scenario, plot, sweep string
	var sets []string
	c := &cobra.Command{
		Use:   "simulate PATHS... --scenario ID",
		Short: "Replay a change to a fleet, or a disturbance under load, over time, with what-ifs",
		Long: `Simulate replays a scenario minute by minute: servers added, peers discovered,
per-server resource use by the declared law, limits crossed, silent cache
failures, errors, alarms, rollback and a rate-limited restart with health checks
that remove servers starved by cache building. The dependents' cascade follows
from when the fleet began failing.

A scenario with disturbance blocks replays load instead: requests from outside
flow down the dependencies, each service queues what its capacity cannot take,
callers time out and retry, and a disturbance to the service's capacity can
start a retry storm that outlasts it (metastable).

--set PATH=VALUE changes any value of the scenario, its fleet or a resource:
  recovery.restart_rate=900  fleet.cells=10  resource.threads.limit=65536
  resource.threads.scope=cell  alarm.on=resource  add_capacity.0.servers=0
and, for load, any service's load and retries and the service's capacity:
  api.load=400/s  api.depends_on.orders.retry.attempts=1  capacity.queue=20
  disturbance.0.capacity=0.9
--sweep PATH=FROM:TO:STEP runs one simulation per value on every core and prints
a table (for example restart rate against time to recover, or load against
whether the service recovers: the tipping point).

The same scenario and seed always give the same run.`,
		Example: `  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --plot replay.png
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --set fleet.cells=10 --set resource.threads.scope=cell
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --sweep recovery.restart_rate=200:800:100
  blast simulate examples/retry-storm --scenario retry-storm --plot storm.png
  blast simulate examples/retry-storm --scenario retry-storm --set api.depends_on.orders.retry.attempts=1
  blast simulate examples/retry-storm --scenario retry-storm --sweep mobile-app.load=100:400:50`,
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			view, err := views.Simulation.New(format, views.Options{})
			if err != nil {
				return usageError("%v", err)
			}
			if scenario == "" {
				return usageError("--scenario is required: name a scenario block of the model")
			}
			var chart views.View[*sim.Replay]
			var sweepChart views.View[*sim.SweepResult]
			if plot != "" {
				ext, err := plotFormat(plot)
				if err != nil {
					return err
				}
				chart, _ = views.SimulationPlot.New(ext, views.Options{})
				sweepChart, _ = views.SweepPlot.New(ext, views.Options{})
			}
			load := func() (*model.Model, *model.Scenario, error) { return a.loadScenario(args, scenario, sets) }
			m, sc, err := load()
			if err != nil {
				return err
			}
			o := a.newOutput(out)
			if sweep != "" {
				path, values, err := sim.ParseSweep(sweep)
				if err != nil {
					return usageError("--sweep %q: %v", sweep, err)
				}
				progress, done := a.progress(len(values), "simulating")
				res, err := sim.SweepScenario(load, path, values, progress)
				done()
				if err != nil {
					return usageError("--sweep %w", err)
				}
				view, _ := views.Sweep.New(format, views.Options{})
				if err := view.Render(o.Writer(), res); err != nil || sweepChart == nil {
					return o.closeAfter(err)
				}
				co := a.newOutput(plot)
				if err := sweepChart.Render(co.Writer(), res); err != nil {
					return err
				}
				return closeOutputs(o, co) // both, or neither
			}
			rep, err := sim.Simulate(m, sc)
			if err != nil {
				return usageError("scenario %s: %w", scenario, err)
			}
			if err := view.Render(o.Writer(), rep); err != nil {
				return err
			}
			if chart == nil {
				return o.Close()
			}
			co := a.newOutput(plot)
			if err := chart.Render(co.Writer(), rep); err != nil {
				return err
			}
			return closeOutputs(o, co) // both, or neither
		},
	}
	addFormatFlags(c, &format, &out, "text", views.Simulation.Names()...)
	c.Flags().StringVar(&scenario, "scenario", "", "the scenario to replay (required)")
	c.Flags().StringArrayVar(&sets, "set", nil, "override a value of the scenario, its fleet, a resource, or a service's load and retries: PATH=VALUE (repeatable)")
	c.Flags().StringVar(&plot, "plot", "", "chart the run to this .svg or .png file: servers and error rate, or offered load against goodput; with --sweep, the outcome against the swept value")
	c.Flags().StringVar(&sweep, "sweep", "", fmt.Sprintf("run one simulation per value: PATH=FROM:TO:STEP, at most %d runs, in parallel on every core", sim.MaxSweepRuns))
	_ = c.RegisterFlagCompletionFunc("scenario", fromModel(scenarioIDs))
	_ = c.RegisterFlagCompletionFunc("set", fromModel(setPaths))
	_ = c.RegisterFlagCompletionFunc("sweep", fromModel(setPaths))
	return c
}

// loadScenario loads PATHS, finds the scenario, applies the --set values
// and checks the result as the loader checks a scenario.
func (a *app) loadScenario(paths []string, id string, sets []string) (*model.Model, *model.Scenario, error) {
	m, err := a.loadModel(paths)
	if err != nil {
		return nil, nil, err
	}
	sc, err := m.FindScenario(id)
	if err != nil {
		return nil, nil, usageError("--scenario %s: %v", id, err)
	}
	for _, s := range sets {
		path, value, ok := strings.Cut(s, "=")
		if !ok || path == "" {
			return nil, nil, usageError("--set %q: want PATH=VALUE, for example recovery.restart_rate=900", s)
		}
		if err := m.SetScenario(sc, path, value); err != nil {
			return nil, nil, usageError("--set %v", err)
		}
	}
	_, err = a.checkDiags(m, m.CheckScenario(sc))
	return m, sc, err
}

// progress is a progress bar of n steps on stderr when it is a terminal:
// add counts one step (safe for concurrent use), done clears the bar.
// Piped or redirected, there is no bar: add is nil and done does nothing.
func (a *app) progress(n int, what string) (add func(), done func()) {
	f, ok := a.stderr.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(a.stderr), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionSetWidth(30))
	return func() { _ = bar.Add(1) }, func() { _ = bar.Finish() }
}
