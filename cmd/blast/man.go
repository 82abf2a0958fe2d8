package main

import (
	"fmt"
	"os"

	"github.com/blast-tool/blast/cmd/internal/manpage"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newManCmd generates man pages from the command tree, so they never drift
// from --help.
func newManCmd(a *app, root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  "Write man pages for every command into DIR",
		Args:   cobra.ExactArgs(1),
		Hidden: false,
		RunE: func(c *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return usageError("%v", err)
			}
			root.DisableAutoGenTag = true // deterministic pages
			hdr := &doc.GenManHeader{Title: "BLAST", Section: "1", Source: "blast " + versionString(), Manual: "blast manual"}
			if err := manpage.WriteTree(a.outputs, root, hdr, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "man pages written to %s\n", args[0])
			return nil
		},
	}
}
