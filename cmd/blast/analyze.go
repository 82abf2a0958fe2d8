package main

import (
	"os"
	"path/filepath"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/blast-tool/blast/model"
	"github.com/spf13/cobra"
)

func newAnalyzeCmd(a *app) *cobra.Command {
	var sets []string
	var r *report.Flags[*views.Document]
	c := &cobra.Command{
		Use:   "analyze PATHS...",
		Short: "Report blast radius, single points of failure, shared fate, cycles and scaling hotspots",
		Long: `Analyze reads the model in PATHS (files or directories of *.hcl and *.hcl.json)
and reports every finding, a table of the services with the largest blast radius
and a table of the fleets' scaling laws. It exits 0 whatever it finds; use
'blast check' to fail a pipeline.

--format html writes one self-contained page to open in a browser: the diagram
with pan, zoom and search; click a service for its blast radius and cascade.

--set answers "what if": --set kinesis-frontend.fleet.servers=4800 analyzes the
model as if the fleet had 4,800 servers.`,
		Example: `  blast analyze examples/kinesis-2020
  blast analyze infra/ --format json -o findings.json
  blast analyze examples/kinesis-2020 --format html -o report.html
  blast analyze examples/kinesis-2020 --set kinesis-frontend.fleet.servers=4800`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			o, m, err := openAndLoad(a, r, args, sets)
			if err != nil {
				return err
			}
			res, err := analyze.Analyze(m)
			if err != nil {
				return err
			}
			rows := scaling.Rows(m, m.EffectivePolicy().Headroom)
			if err := scaling.RowsError(rows); err != nil {
				return err
			}
			doc := views.ForAnalyze(res, rows)
			if wd, _ := os.Getwd(); r.Format == "html" {
				// Links to file:line resolve from the page's directory.
				page := views.ForHTML(doc, m, views.HTMLOptions{Paths: args, ReportDir: filepath.Dir(r.Path)})
				if err := report.Render(a.env(), o, views.HTML, "html", views.Options{BaseDir: wd}, page); err != nil {
					return err
				}
				return o.Close()
			}
			return r.Emit(a.env(), o, views.Options{}, doc)
		},
	}
	// The HTML page is a view of the model too: rendered above.
	r = report.Add(c, append(views.Report.Only("text", "json", "markdown"), views.Format[*views.Document]{Name: "html"}), "text")
	complete.SetFlag(c, &sets, "override a fleet or resource value: SERVICE.fleet.ATTR=V or SERVICE.resource.NAME.ATTR=V (repeatable)")
	return c
}

func newValidateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "validate PATHS...",
		Short:             "Parse and check the model only",
		Long:              "Validate parses PATHS and reports every problem with its file, line and column\non standard error. When the model is valid it prints one line counting its\nservices and scenarios and exits 0; otherwise it exits 2.",
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			m, err := a.loadModel(args)
			if err != nil {
				return err
			}
			c.Printf("%s, %s: valid\n", model.Count(len(m.Services), "service", "services"), model.Count(len(m.Scenarios), "scenario", "scenarios"))
			return nil
		},
	}
}
