package main

import (
	"context"
	"slices"
	"strings"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/render"
	"github.com/spf13/cobra"
)

func newGraphCmd(a *app) *cobra.Command {
	var format, out, at string
	var fail []string
	opts := render.Options{}
	var noLegend bool
	c := &cobra.Command{
		Use:   "graph PATHS... -o FILE.svg|FILE.png|FILE.dot",
		Short: "Draw the dependency diagram (SVG, PNG or DOT)",
		Long: `Graph draws the model's dependency diagram. The format comes from the output
file's extension, or from --format (DOT goes to standard output without -o).

Shapes and colours show roles, border weight shows criticality, edge style shows
impact (outage solid, degraded dashed, buffered dotted with its fill time),
redundancy groups meet at a junction, untested alternatives are orange and hard
dependency cycles red. A legend explains every mark used. --monitors bundle
(the default) lists what each observer watches in a note beside it; show draws
every monitors relation as a light edge; hide leaves them out.

--fail ID colours the blast radius of a failure and labels each impaired
service with its failure time (--at prints clock times). --focus ID draws only
the neighbourhood of ID, --depth hops each way.`,
		Example: `  blast graph examples/kinesis-2020 -o kinesis.svg
  blast graph examples/kinesis-2020 --fail kinesis-frontend --at 2020-11-25T05:15:00-08:00 -o docs/kinesis-2020.png
  blast graph infra/ --focus payments --depth 1 -o payments.svg`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			format, err := render.OutputFormat(format, out)
			if err != nil {
				return usageError("%v", err)
			}
			switch {
			case !slices.Contains(render.MonitorsModes, opts.Monitors):
				return usageError("--monitors %q: want %s", opts.Monitors, strings.Join(render.MonitorsModes, ", "))
			case c.Flags().Changed("depth") && len(opts.Focus) == 0:
				return usageError("--depth counts hops from the --focus services: give --focus ID too, for example --focus payments --depth %d", opts.Depth)
			}
			if opts.Start, err = clock(at); err != nil {
				return err
			}
			m, err := a.loadModel(args)
			if err != nil {
				return err
			}
			g := graph.New(m)
			if _, err := g.Lookup(opts.Focus); err != nil {
				return usageError("--focus %v", err)
			}
			if len(fail) > 0 {
				failed, err := g.Lookup(fail)
				if err != nil {
					return usageError("--fail %v", err)
				}
				tl := g.Cascade(failed)
				opts.Fail = render.FailureMarks(g, tl)
				for _, sv := range cascade.HangingOn(g, tl) {
					opts.Fail[sv.Service] = render.UpOnlyVia(sv.Through, len(sv.Untested) > 0)
				}
			}
			opts.Legend, opts.RankDir = !noLegend, strings.ToUpper(opts.RankDir)
			dot, err := render.DOT(g, opts)
			if err != nil {
				return err
			}
			o := a.outputs.New(out, format)
			if format == "dot" {
				_, err = o.Write(dot)
			} else {
				err = render.Render(context.Background(), dot, format, o)
			}
			if err != nil {
				return err
			}
			return o.Close()
		},
	}
	c.Flags().StringVarP(&format, "format", "f", "", "output format: svg, png, dot")
	c.Flags().StringVarP(&out, "output", "o", "", "write the diagram to this file instead of standard output")
	_ = c.RegisterFlagCompletionFunc("format", complete.Fixed("svg", "png", "dot"))
	complete.ServicesFlag(c, &fail, "fail", "colour the blast radius of these failed services (comma-separated)")
	c.Flags().StringVar(&at, "at", "", "with --fail: the failure's clock time (RFC 3339), to label clock times")
	complete.ServicesFlag(c, &opts.Focus, "focus", "draw only the neighbourhood of these services")
	c.Flags().IntVar(&opts.Depth, "depth", render.DefaultDepth, "with --focus: hops of dependencies and dependents to show")
	c.Flags().BoolVar(&opts.ClusterByTag, "cluster", false, "box services by their first tag")
	c.Flags().BoolVar(&noLegend, "no-legend", false, "leave out the legend")
	c.Flags().StringVar(&opts.RankDir, "rankdir", "LR", "layout direction: LR or TB")
	_ = c.RegisterFlagCompletionFunc("rankdir", complete.Fixed("LR", "TB"))
	c.Flags().StringVar(&opts.Monitors, "monitors", render.MonitorsBundle, "monitors relations: bundle (a list beside each observer), show (every relation as a light edge) or hide")
	_ = c.RegisterFlagCompletionFunc("monitors", complete.Fixed(render.MonitorsModes...))
	return c
}
