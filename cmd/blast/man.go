package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
			if err := a.writeManTree(root, hdr, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "man pages written to %s\n", args[0])
			return nil
		},
	}
}

// writeManTree writes the man page of c and of every command below it into
// dir, named as doc.GenManTree names them (blast-analyze.1), each through
// an output so that no page is ever half written.
func (a *app) writeManTree(c *cobra.Command, hdr *doc.GenManHeader, dir string) error {
	for _, sub := range c.Commands() {
		if !sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
			continue
		}
		if err := a.writeManTree(sub, hdr, dir); err != nil {
			return err
		}
	}
	name := strings.ReplaceAll(c.CommandPath(), " ", "-") + "." + hdr.Section
	page := *hdr // GenMan fills in defaults
	o := a.outputs.New(filepath.Join(dir, name), "man")
	if err := doc.GenMan(c, &page, o); err != nil {
		return err
	}
	return o.Close()
}
