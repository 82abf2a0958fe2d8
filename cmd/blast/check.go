package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/blast-tool/blast/analyze/check"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/spf13/cobra"
)

func newCheckCmd(a *app) *cobra.Command {
	var r *report.Multi[*views.Document]
	var base, baseRef, failOn string
	var requireBase bool
	var obs observedFlags
	c := &cobra.Command{
		Use:   "check PATHS... [--base PATH | --base-ref REV]",
		Short: "Pre-merge architecture review: fail on new findings (exit 1)",
		Long: `Check analyzes PATHS under the model's policy block and exits 1 when a finding
at or above the failing severity remains (--fail-on, else policy.fail_on, else
error); 0 otherwise; 2 when the input is invalid.

With --base (the base version's file or directory) or --base-ref (the same
paths at a git revision), check compares the two models: it fails only on the
findings the change introduces, and reports those it fixes and every service
whose blast radius or single points of failure grew. When the base cannot
be read (an unknown revision, a shallow clone, no repository), check warns
and falls back to a full check, in which every finding counts; with
--require-base it exits 2 instead. Every format says which happened.

--observed FILE|URL adds the findings of 'blast drift' (undeclared-dependency,
unobserved-dependency, undeclared-service) to the gate, ignorable in the
policy like any other.

--format may be repeated; the i-th --output receives the i-th format, and at
most one format goes to standard output. When the input is invalid, every
format but text says so too (SARIF: a failed invocation; github: an ::error
annotation per problem; JUnit: an errored test case each), and check exits 2.`,
		Example: `  blast check infra/
  blast check infra/ --base-ref origin/main --format github --format sarif -o - -o blast.sarif
  blast check infra/ --base ../main/infra --format markdown -o comment.md`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			gate := check.Gate{Paths: args, RequireBase: requireBase, Now: time.Now()}
			switch {
			case base != "" && baseRef != "":
				return usageError("--base and --base-ref are alternatives: give one")
			case base != "":
				gate.Base = check.Directory(base)
			case baseRef != "":
				gate.Base = check.GitRevision(baseRef)
			case requireBase:
				return usageError("--require-base needs a base: give --base PATH or --base-ref REV")
			}
			outputs, err := r.Open(a.outputs)
			if err != nil {
				return err
			}
			if gate.Head, err = a.loadModel(args); err != nil {
				return err
			}
			if gate.FailOn, err = check.FailOn(failOn, gate.Head.EffectivePolicy()); err != nil {
				return usageError("%v", err)
			}
			if gate.Observed, err = obs.read(a); err != nil {
				return err
			}
			head, out, err := gate.Run()
			var noBase *check.NoBaseError
			if errors.As(err, &noBase) {
				return usageError("--require-base: %v", err)
			} else if err != nil {
				return err
			}
			if out.BaseError != "" {
				fmt.Fprintf(a.stderr, "Warning: no base to compare with: %s.\n         Falling back to a full check: every finding counts, not only new ones.\n", out.BaseError)
			}
			if err := r.Emit(a.env(), outputs, views.ForCheck(head, out)); err != nil {
				return err
			}
			if out.Failed {
				return exitcode.Silent(exitcode.Findings)
			}
			return nil
		},
	}
	r = report.AddMulti(c, views.Report, "text")
	c.Flags().StringVar(&base, "base", "", "the base version's file or directory: fail only on what the change introduces")
	c.Flags().StringVar(&baseRef, "base-ref", "", "a git revision holding the base version of the same PATHS")
	c.Flags().BoolVar(&requireBase, "require-base", false, "exit 2 when the base cannot be read, instead of falling back to a full check")
	obs.add(c)
	c.Flags().StringVar(&failOn, "fail-on", "", "lowest failing severity: error, warning or info (default: policy.fail_on, else error)")
	_ = c.RegisterFlagCompletionFunc("fail-on", complete.Fixed("error", "warning", "info"))
	return c
}
