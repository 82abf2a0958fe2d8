package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/spf13/cobra"
)

func newAnalyzeCmd(a *app) *cobra.Command {
	var format, out string
	var sets []string
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
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json", "markdown", "html"); err != nil {
				return err
			}
			m, err := a.loadModel(args)
			if err != nil {
				return err
			}
			if err := applySets(m, sets); err != nil {
				return err
			}
			res, err := analyze.Analyze(m)
			if err != nil {
				return tooLarge(err)
			}
			rows := scaling.Rows(m, m.EffectivePolicy().Headroom)
			if err := rowErrors(rows); err != nil {
				return err
			}
			doc := views.ForAnalyze(res, rows)
			o := a.newOutput(out)
			if format == "html" {
				// Links to file:line resolve from the page's directory.
				wd, _ := os.Getwd()
				page := views.ForHTML(doc, m, views.HTMLOptions{Paths: args, ReportDir: filepath.Dir(out)})
				f, _ := views.HTML.New(format, views.Options{ToolVersion: versionString(), BaseDir: wd})
				return o.closeAfter(f.Render(o.Writer(), page))
			}
			f, err := views.Report.New(format, views.Options{Color: o.Color(), ToolVersion: versionString()})
			if err != nil {
				return usageError("%v", err)
			}
			if err := f.Render(o.Writer(), doc); err != nil {
				return err
			}
			return o.Close()
		},
	}
	addFormatFlags(c, &format, &out, "text", "text", "json", "markdown", "html")
	c.Flags().StringArrayVar(&sets, "set", nil, "override a fleet or resource value: SERVICE.fleet.ATTR=V or SERVICE.resource.NAME.ATTR=V (repeatable)")
	_ = c.RegisterFlagCompletionFunc("set", fromModel(setPaths))
	return c
}

func newValidateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:               "validate PATHS...",
		Short:             "Parse and check the model only",
		Long:              "Validate parses PATHS and reports every problem with its file, line and column\non standard error. When the model is valid it prints one line counting its\nservices and scenarios and exits 0; otherwise it exits 2.",
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			m, err := a.loadModel(args)
			if err != nil {
				return err
			}
			c.Printf("%s, %s: valid\n", count(len(m.Services), "service"), count(len(m.Scenarios), "scenario"))
			return nil
		},
	}
}

// count is "1 service", "2 services".
func count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
