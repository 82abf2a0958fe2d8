package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/render"
	"github.com/spf13/cobra"
)

func newGraphCmd(a *app) *cobra.Command {
	var format, out, at, rankdir, monitors string
	var fail, focus []string
	var depth int
	var cluster, noLegend bool
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
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if format == "" {
				if out == "" {
					format = "dot"
				} else {
					f, err := render.FormatFromPath(out)
					if err != nil {
						return usageError("%v (or pass --format svg|png|dot)", err)
					}
					format = f
				}
			}
			if err := checkFormat(format, "svg", "png", "dot"); err != nil {
				return err
			}
			if !slices.Contains(render.MonitorsModes, monitors) {
				return usageError("--monitors %q: want %s", monitors, strings.Join(render.MonitorsModes, ", "))
			}
			if c.Flags().Changed("depth") && len(focus) == 0 {
				return usageError("--depth counts hops from the --focus services: give --focus ID too, for example --focus %s --depth %d", "payments", depth)
			}
			if format == "png" && out == "" {
				return usageError("PNG is binary: write it to a file with -o FILE.png")
			}
			m, err := a.loadModel(args)
			if err != nil {
				return err
			}
			g := graph.New(m)
			opts := render.Options{Focus: focus, Depth: depth, ClusterByTag: cluster, Legend: !noLegend, RankDir: strings.ToUpper(rankdir), Monitors: monitors}
			if at != "" {
				t, err := parseClock(at)
				if err != nil {
					return err
				}
				opts.Start = &t
			}
			for _, id := range focus {
				if _, ok := g.Index(id); !ok {
					return unknownService(m, "--focus", id)
				}
			}
			if len(fail) > 0 {
				failed, err := indices(m, g, "--fail", fail)
				if err != nil {
					return err
				}
				tl := g.Cascade(failed)
				opts.Fail = render.FailureMarks(g, tl)
				for _, sv := range cascade.HangingOn(g, tl) {
					opts.Fail[sv.Service] = render.UpOnlyVia(sv.Through, len(sv.Untested) > 0)
				}
			}
			dot, err := render.DOT(g, opts)
			if err != nil {
				return err
			}
			o := a.newOutput(out)
			if format == "dot" {
				o.Writer().Write(dot)
			} else if err := render.Render(context.Background(), dot, format, o.Writer()); err != nil {
				if se := (*render.SetupError)(nil); errors.As(err, &se) {
					return &exitError{code: exitInternal, err: se}
				}
				return err
			}
			return o.Close()
		},
	}
	addFormatFlags(c, &format, &out, "", "svg", "png", "dot")
	c.Flags().StringSliceVar(&fail, "fail", nil, "colour the blast radius of these failed services (comma-separated)")
	c.Flags().StringVar(&at, "at", "", "with --fail: the failure's clock time (RFC 3339), to label clock times")
	c.Flags().StringSliceVar(&focus, "focus", nil, "draw only the neighbourhood of these services")
	c.Flags().IntVar(&depth, "depth", render.DefaultDepth, "with --focus: hops of dependencies and dependents to show")
	c.Flags().BoolVar(&cluster, "cluster", false, "box services by their first tag")
	c.Flags().BoolVar(&noLegend, "no-legend", false, "leave out the legend")
	c.Flags().StringVar(&rankdir, "rankdir", "LR", "layout direction: LR or TB")
	c.Flags().StringVar(&monitors, "monitors", render.MonitorsBundle, "monitors relations: bundle (a list beside each observer), show (every relation as a light edge) or hide")
	_ = c.RegisterFlagCompletionFunc("monitors", fixed(render.MonitorsModes...))
	_ = c.RegisterFlagCompletionFunc("rankdir", fixed("LR", "TB"))
	_ = c.RegisterFlagCompletionFunc("fail", fromModel(serviceIDs))
	_ = c.RegisterFlagCompletionFunc("focus", fromModel(serviceIDs))
	return c
}

// parseClock parses --at: RFC 3339, with or without seconds.
func parseClock(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageError("--at %q: want an RFC 3339 time such as 2020-11-25T05:15:00-08:00", s)
}
