package main

import (
	"fmt"

	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/output"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/blast-tool/blast/model"
	"github.com/spf13/cobra"
)

func newSimulateCmd(a *app) *cobra.Command {
	var scenario, plot, sweep string
	var sets []string
	var r *report.Flags[*sim.Replay]
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
whether the service recovers: the tipping point); with --plot, a chart of it.
On a terminal, a progress bar counts the runs on standard error.

The same scenario and seed always give the same run.`,
		Example: `  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --plot replay.png
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --set fleet.cells=10 --set resource.threads.scope=cell
  blast simulate examples/kinesis-2020 --scenario capacity-addition-2020-11-25 --sweep recovery.restart_rate=200:800:100 --plot sweep.png
  blast simulate examples/retry-storm --scenario retry-storm --plot storm.png
  blast simulate examples/retry-storm --scenario retry-storm --set api.depends_on.orders.retry.attempts=1
  blast simulate examples/retry-storm --scenario retry-storm --sweep mobile-app.load=100:400:50`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			if scenario == "" {
				return usageError("--scenario is required: name a scenario block of the model")
			}
			chart, err := report.ChartFormat(plot)
			if err != nil {
				return err
			}
			o, err := r.Open(a.outputs)
			if err != nil {
				return err
			}
			load := func() (*model.Model, *model.Scenario, error) { return a.loadScenario(args, scenario, sets) }
			m, sc, err := load()
			if err != nil {
				return err
			}
			if sweep != "" {
				path, values, err := sim.ParseSweep(sweep)
				if err != nil {
					return usageError("--sweep %q: %v", sweep, err)
				}
				add, done := output.Progress(a.stderr, len(values), "simulating")
				res, err := sim.SweepScenario(load, path, values, add)
				done()
				if err != nil {
					return usageError("--sweep %w", err)
				}
				return report.WithChart(a.env(), a.outputs, o, views.Sweep, r.Format, views.SweepPlot, plot, chart, res)
			}
			rep, err := sim.Simulate(m, sc)
			if err != nil {
				return usageError("scenario %s: %w", scenario, err)
			}
			return report.WithChart(a.env(), a.outputs, o, views.Simulation, r.Format, views.SimulationPlot, plot, chart, rep)
		},
	}
	r = report.Add(c, views.Simulation, "text")
	c.Flags().StringVar(&scenario, "scenario", "", "the scenario to replay (required)")
	_ = c.RegisterFlagCompletionFunc("scenario", complete.FromModel(complete.Scenarios))
	complete.SetFlag(c, &sets, "override a value of the scenario, its fleet, a resource, or a service's load and retries: PATH=VALUE (repeatable)")
	c.Flags().StringVar(&plot, "plot", "", "chart the run to this .svg or .png file: servers and error rate, or offered load against goodput; with --sweep, the outcome against the swept value")
	c.Flags().StringVar(&sweep, "sweep", "", fmt.Sprintf("run one simulation per value: PATH=FROM:TO:STEP, at most %d runs, in parallel on every core", sim.MaxSweepRuns))
	_ = c.RegisterFlagCompletionFunc("sweep", complete.FromModel(complete.SetPaths))
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
	if err := m.SetAll(sc, sets); err != nil {
		return nil, nil, usageError("--set %v", err)
	}
	return m, sc, a.checkDiags(m, nil, m.CheckScenario(sc))
}
