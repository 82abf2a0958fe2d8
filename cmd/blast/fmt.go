package main

import (
	"bytes"
	"fmt"

	"github.com/blast-tool/blast/cmd/internal/atomicfile"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

func newFmtCmd(a *app) *cobra.Command {
	var check, diff, list bool
	c := &cobra.Command{
		Use:   "fmt PATHS...",
		Short: "Rewrite HCL files in canonical layout (like terraform fmt)",
		Long: `Fmt rewrites *.hcl files in PATHS in canonical layout: aligned equals signs,
two-space indentation, one blank line between top-level blocks.

--check changes nothing and exits 3 when a file would change (for CI);
--diff changes nothing and prints what would change as a unified diff. A file
with syntax errors is never rewritten: its diagnostics are printed and fmt
exits 2. JSON files are left alone.`,
		Example: `  blast fmt examples/kinesis-2020
  blast fmt --check --diff infra/`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			files, diags := model.ConfigFiles(args...)
			if diags.HasErrors() {
				return a.checkDiags(nil, nil, diags)
			}
			invalid, unformatted := false, 0
			for _, fn := range files {
				src, out, diags := model.FormatFile(fn)
				if diags.HasErrors() {
					_ = model.WriteDiagnostics(a.stderr, nil, map[string]*hcl.File{fn: {Bytes: src}}, diags, a.colorFor(a.stderr))
					invalid = true
					continue
				}
				if bytes.Equal(src, out) {
					continue
				}
				unformatted++
				if list || check {
					fmt.Fprintln(a.stdout, fn)
				}
				if diff {
					ud, err := model.Diff(fn, src, out)
					if err != nil {
						return err
					}
					fmt.Fprint(a.stdout, ud)
				}
				if !check && !diff {
					if err := atomicfile.Write(fn, out, 0o644); err != nil {
						return usageError("cannot write %s: %v", fn, err)
					}
				}
			}
			switch {
			case invalid:
				return exitcode.Silent(exitcode.Invalid)
			case check && unformatted > 0:
				return exitcode.Silent(exitcode.Unformatted)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&check, "check", false, "change nothing; exit 3 if any file is not formatted")
	c.Flags().BoolVar(&diff, "diff", false, "change nothing; print the changes as a unified diff")
	c.Flags().BoolVarP(&list, "list", "l", false, "print the names of files that change")
	return c
}
