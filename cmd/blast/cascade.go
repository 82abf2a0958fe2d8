package main

import (
	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/blast-tool/blast/graph"
	"github.com/spf13/cobra"
)

func newCascadeCmd(a *app) *cobra.Command {
	var at string
	var fail []string
	var r *report.Flags[*cascade.Report]
	c := &cobra.Command{
		Use:   "cascade PATHS... --fail ID[,ID...]",
		Short: "Print when each service is degraded and out after a failure",
		Long: `Cascade fails the given services at t=0 and prints the earliest time each
dependent becomes degraded and out, with the path that caused it and the
mechanism (a delay, a buffer filling up, the last alternative of a redundancy
group lost). A service degraded first and out later appears twice.

--at gives the failure's clock time (RFC 3339); times then print as clock times.`,
		Example: `  blast cascade examples/kinesis-2020 --fail kinesis-frontend
  blast cascade examples/kinesis-2020 --fail kinesis-frontend --at 2020-11-25T05:15:00-08:00
  blast cascade infra/ --fail dns,auth --format json`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			if len(fail) == 0 {
				return usageError("--fail is required: name the service(s) that fail at t=0")
			}
			start, err := clock(at)
			if err != nil {
				return err
			}
			o, m, err := openAndLoad(a, r, args, nil)
			if err != nil {
				return err
			}
			g := graph.New(m)
			failed, err := g.Lookup(fail)
			if err != nil {
				return usageError("--fail %v", err)
			}
			res, err := cascade.Run(g, failed)
			if err != nil {
				return err
			}
			return r.Emit(a.env(), o, views.Options{Start: start}, res)
		},
	}
	r = report.Add(c, views.Cascade, "text")
	complete.ServicesFlag(c, &fail, "fail", "the service(s) failing at t=0 (comma-separated or repeated)")
	c.Flags().StringVar(&at, "at", "", "the failure's clock time (RFC 3339), to print clock times")
	return c
}

func newCutsetsCmd(a *app) *cobra.Command {
	var service string
	var order int
	var r *report.Flags[*cascade.CutSetsReport]
	c := &cobra.Command{
		Use:   "cutsets PATHS... --service ID [--max-order K]",
		Short: "List the minimal sets of services whose joint failure takes a service out",
		Long: `Cutsets lists the minimal cut sets of a service: the smallest sets of at most K
other services whose joint failure takes it out, smallest first, the way
fault-tree tools do for basic events. A set of one is a single point of failure;
redundancy groups are where larger sets appear.`,
		Example: `  blast cutsets examples/kinesis-2020 --service service-health-dashboard
  blast cutsets infra/ --service checkout --max-order 2 --format json`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			if service == "" {
				return usageError("--service is required: name the service whose cut sets to list")
			}
			if order < 1 || order > 6 {
				return usageError("--max-order %d: give a number from 1 to 6", order)
			}
			o, m, err := openAndLoad(a, r, args, nil)
			if err != nil {
				return err
			}
			g := graph.New(m)
			v, err := g.Lookup([]string{service})
			if err != nil {
				return usageError("--service %v", err)
			}
			sets, err := cascade.CutSets(g, v[0], order)
			if err != nil {
				return err
			}
			return r.Emit(a.env(), o, views.Options{}, sets)
		},
	}
	r = report.Add(c, views.CutSets, "text")
	c.Flags().StringVar(&service, "service", "", "the service whose cut sets to list (required)")
	_ = c.RegisterFlagCompletionFunc("service", complete.FromModel(complete.Services))
	c.Flags().IntVar(&order, "max-order", cascade.DefaultMaxOrder, "largest cut set to list")
	return c
}
