package main

import (
	"errors"
	"strings"

	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/model"
	"github.com/spf13/cobra"
)

func newScalingCmd(a *app) *cobra.Command {
	var format, out, plot, service, resource string
	var sets []string
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
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			o := a.newOutput(out)
			view, err := views.Scaling.New(format, views.Options{Color: o.Color()})
			if err != nil {
				return usageError("%v", err)
			}
			var chart views.View[*scaling.Curve]
			if plot != "" {
				ext, err := plotFormat(plot)
				if err != nil {
					return err
				}
				chart, _ = views.ScalingPlot.New(ext, views.Options{})
			}
			m, err := a.loadModel(args)
			if err != nil {
				return err
			}
			if err := applySets(m, sets); err != nil {
				return err
			}
			rows := scaling.Rows(m, m.EffectivePolicy().Headroom)
			if err := rowErrors(rows); err != nil {
				return err
			}
			if err := view.Render(o.Writer(), rows); err != nil {
				return err
			}
			if chart != nil {
				svc, res, err := pickResource(m, service, resource)
				if err != nil {
					return err
				}
				curve, err := scaling.NewCurve(svc, res)
				if err != nil {
					return err
				}
				co := a.newOutput(plot)
				if err := chart.Render(co.Writer(), curve); err != nil {
					return err
				}
				return closeOutputs(o, co) // both, or neither
			}
			return o.Close()
		},
	}
	addFormatFlags(c, &format, &out, "text", views.Scaling.Names()...)
	c.Flags().StringVar(&plot, "plot", "", "draw per-server use against fleet size to this .svg or .png file")
	c.Flags().StringVar(&service, "service", "", "with --plot: the service whose resource to draw")
	c.Flags().StringVar(&resource, "resource", "", "with --plot: the resource to draw")
	c.Flags().StringArrayVar(&sets, "set", nil, "override a fleet or resource value: SERVICE.fleet.ATTR=V or SERVICE.resource.NAME.ATTR=V (repeatable)")
	_ = c.RegisterFlagCompletionFunc("set", fromModel(setPaths))
	_ = c.RegisterFlagCompletionFunc("service", fromModel(serviceIDs))
	return c
}

// rowErrors joins the errors of the rows: a law that could not be
// evaluated is invalid input, reported at its per_server (model.LawError),
// not a cell of the table.
func rowErrors(rows []scaling.Row) error {
	var errs []error
	for _, r := range rows {
		errs = append(errs, r.Err)
	}
	return errors.Join(errs...)
}

// pickResource finds the law to chart: the named one, or the only one.
func pickResource(m *model.Model, service, resource string) (*model.Service, *model.Resource, error) {
	var svcs []*model.Service
	var found []*model.Resource
	var names []string
	for _, s := range m.Services {
		for _, r := range s.Resources {
			if (service == "" || s.ID == service) && (resource == "" || r.Name == resource) {
				svcs, found, names = append(svcs, s), append(found, r), append(names, s.ID+"/"+r.Name)
			}
		}
	}
	switch {
	case len(found) == 1:
		return svcs[0], found[0], nil
	case len(found) > 1:
		return nil, nil, usageError("several resources to plot (%s): pick one with --service and --resource", strings.Join(names, ", "))
	case service != "" && m.Service(service) == nil:
		return nil, nil, unknownService(m, "--service", service)
	}
	return nil, nil, usageError("no resource to plot: declare a resource block in a service with a fleet, or check --service/--resource")
}
