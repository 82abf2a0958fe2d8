package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blast-tool/blast/cmd/internal/atomicfile"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/topology"
	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	var out string
	var into []string
	c := &cobra.Command{
		Use:   "import FORMAT FILE... [-o FILE] [--into PATHS]",
		Short: "Turn a Backstage catalog, traces, Compose or Terraform into a blast model",
		Long: `Import reads what a team already has and writes it as a blast model, in the
layout blast fmt writes. FORMAT is one of:

` + topology.FormatList() + `
Every imported dependency has impact "outage" unless the source says otherwise,
and a note naming its source (and, for traces, its call count): review them.
Names become IDs with other characters replaced by "-"; two names that become
one ID are an error, never merged.

With --into PATHS, import writes only what the model in PATHS lacks: service
blocks for new services and extend blocks for new dependencies and tags of
declared ones. It never rewrites the model's files; -o must name another file.`,
		Example: `  blast import backstage catalog/*.yaml -o services.hcl
  curl -s "http://jaeger:16686/api/dependencies?endTs=$(date +%s000)&lookback=604800000" > deps.json
  blast import jaeger deps.json --into infra/ -o infra/observed.hcl
  terraform show -json > state.json && blast import terraform state.json`,
		Args: cobra.ArbitraryArgs,
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return topology.FormatNames(), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("no format: name one of %s, then the files to import", strings.Join(topology.FormatNames(), ", "))
			}
			f, err := topology.Lookup(args[0])
			if err != nil {
				return usageError("%v", err)
			}
			if len(args) < 2 {
				return usageError("no input: name the %s files to import", f.Name)
			}
			var m *model.Model
			if len(into) > 0 {
				files, _ := model.ConfigFiles(into...)
				if out != "" && out != "-" && slices.ContainsFunc(files, func(fn string) bool { return atomicfile.SameFile(fn, out) }) {
					return usageError("-o %s is a file of the model in %s: import --into never rewrites it; name a new file", out, strings.Join(into, ", "))
				}
				if m, err = a.loadModel(into); err != nil {
					return err
				}
			}
			t := topology.ImportFiles(f, args[1:])
			if err := a.checkDiags(nil, topology.Snippets(t.Diags, args[1:]), t.Diags); err != nil {
				return err
			}
			header := []string{"Written by: blast import " + strings.Join(args, " ")}
			if m != nil {
				if t = topology.Lacking(t, m); len(t.Services) == 0 {
					fmt.Fprintf(a.stderr, "Nothing to add: the model in %s already has every service, dependency and tag of this import.\n", strings.Join(into, ", "))
					return nil
				}
				header = append(header, "What the model in "+strings.Join(into, ", ")+" lacks of it: extend blocks add to services declared there.")
			}
			o := a.outputs.New(out, "hcl")
			if _, err := o.Write(t.HCL(header...)); err != nil {
				return err
			}
			if err := o.Close(); err != nil || o.Stdout() {
				return err
			}
			fmt.Fprintf(a.stderr, "Wrote %s to %s.\n", t.Summary(), out)
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "write the model to this file instead of standard output")
	c.Flags().StringSliceVar(&into, "into", nil, "write only what the model in these paths lacks (service and extend blocks)")
	return c
}
