package main

import (
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/output"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/spf13/cobra"
)

func newScalingCmd(a *app) *cobra.Command {
	var plot, service, resource string
	var sets []string
	var r *report.Flags[[]scaling.Row]
	c := &cobra.Command{
		Use:   "scaling PATHS... [--plot FILE.svg|FILE.png]",
		Short: "Tabulate the fleets' resource-scaling laws and chart one",
		Long: `Scaling prints, for every fleet resource, its use now against the limit, how
per-server use grows with the fleet (1, log N, N, N log N, N^2), the largest fleet
that stays within the limit, and the headroom in servers.

--plot draws per-server use against fleet size, with the limit, today's fleet and
the crossing point marked (SVG or PNG, from the extension). --service and
--resource pick the law when the model has several.`,
		Example: `  blast scaling examples/kinesis-2020
  blast scaling examples/kinesis-2020 --plot threads.png
  blast scaling examples/kinesis-2020 --set kinesis-frontend.fleet.cells=10 --set kinesis-frontend.resource.threads.scope=cell`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			chart, err := report.ChartFormat(plot)
			if err != nil {
				return err
			}
			o, m, err := openAndLoad(a, r, args, sets)
			if err != nil {
				return err
			}
			rows := scaling.Rows(m, m.EffectivePolicy().Headroom)
			if err := scaling.RowsError(rows); err != nil {
				return err
			}
			if chart == "" {
				return r.Emit(a.env(), o, views.Options{}, rows)
			}
			svc, res, err := scaling.Pick(m, service, resource)
			if err != nil {
				return usageError("--plot: %v (see --service and --resource)", err)
			}
			curve, err := scaling.NewCurve(svc, res)
			if err != nil {
				return err
			}
			co := a.outputs.New(plot, chart)
			if err := report.Render(a.env(), o, r.Views, r.Format, views.Options{}, rows); err != nil {
				return err
			}
			if err := report.Render(a.env(), co, views.ScalingPlot, chart, views.Options{}, curve); err != nil {
				return err
			}
			return output.Close(o, co) // both, or neither
		},
	}
	r = report.Add(c, views.Scaling, "text")
	c.Flags().StringVar(&plot, "plot", "", "draw per-server use against fleet size to this .svg or .png file")
	c.Flags().StringVar(&service, "service", "", "with --plot: the service whose resource to draw")
	_ = c.RegisterFlagCompletionFunc("service", complete.FromModel(complete.Services))
	c.Flags().StringVar(&resource, "resource", "", "with --plot: the resource to draw")
	complete.SetFlag(c, &sets, "override a fleet or resource value: SERVICE.fleet.ATTR=V or SERVICE.resource.NAME.ATTR=V (repeatable)")
	return c
}
