package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/model"
	"github.com/spf13/cobra"
)

func newCheckCmd(a *app) *cobra.Command {
	var formats, outs []string
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
most one format goes to standard output.`,
		Example: `  blast check infra/
  blast check infra/ --base-ref origin/main --format github --format sarif -o - -o blast.sarif
  blast check infra/ --base ../main/infra --format markdown -o comment.md`,
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if base != "" && baseRef != "" {
				return usageError("--base and --base-ref are alternatives: give one")
			}
			if requireBase && base == "" && baseRef == "" {
				return usageError("--require-base needs a base: give --base PATH or --base-ref REV")
			}
			if len(formats) == 0 {
				formats = []string{"text"}
			}
			for _, f := range formats {
				if _, err := views.Report.New(f, views.Options{}); err != nil {
					return usageError("%v", err)
				}
			}
			if len(outs) > len(formats) {
				return usageError("%d --output values for %d --format values: pair each output with a format", len(outs), len(formats))
			}
			// Every output is checked and opened before any work, so that
			// none is written when one cannot be (a directory, a path
			// given twice, a directory that takes no file).
			outputs := make([]*output, len(formats))
			toStdout := 0
			for i := range formats {
				path := ""
				if i < len(outs) {
					path = outs[i]
				}
				outputs[i] = a.newOutput(path)
				if outputs[i].stdout() {
					toStdout++
				}
			}
			if toStdout > 1 {
				return usageError("%d formats would go to standard output: give an --output for each but one", toStdout)
			}
			if err := openOutputs(outputs...); err != nil {
				return err
			}
			head, err := a.loadModel(args)
			if err != nil {
				return err
			}
			pol := head.EffectivePolicy()
			sev, err := check.FailOn(failOn, pol)
			if err != nil {
				return usageError("%v", err)
			}
			var calls *analyze.Observed
			if obs.source != "" {
				if calls, err = obs.read(a); err != nil {
					return err
				}
			}
			headRes, err := analyze.AnalyzeObserved(head, calls)
			if err != nil {
				return tooLarge(err)
			}
			var baseSrc check.Base
			switch {
			case base != "":
				baseSrc = check.Directory(base)
			case baseRef != "":
				baseSrc = check.GitRevision(baseRef)
			}
			var baseModel *model.Model
			var baseErr error
			if baseSrc != nil {
				if baseModel, baseErr = check.LoadBase(baseSrc, args); baseErr != nil {
					if requireBase {
						return usageError("--require-base: no base to compare with: %v", baseErr)
					}
					fmt.Fprintf(a.stderr, "Warning: no base to compare with: %v.\n         Falling back to a full check: every finding counts, not only new ones.\n", baseErr)
				}
			}
			var baseRes *analyze.Result
			if baseModel != nil {
				if baseRes, err = analyze.Analyze(baseModel); err != nil {
					return tooLarge(err)
				}
			}
			out, err := check.Evaluate(headRes, baseRes, pol, sev, time.Now())
			if err != nil {
				return err
			}
			if baseModel != nil {
				out.Relocate(baseModel, head)
			}
			if baseSrc != nil {
				out.BaseName = baseSrc.String()
			}
			if baseErr != nil {
				out.BaseError = baseErr.Error()
			}
			doc := views.ForCheck(headRes, &out)
			wd, _ := os.Getwd()
			for i, name := range formats {
				o := outputs[i]
				opts := views.Options{Color: o.Color(), ToolVersion: versionString(), BaseDir: wd}
				f, _ := views.Report.New(name, opts)
				if err := f.Render(o.Writer(), doc); err != nil {
					return err
				}
				if summary := a.getenv("GITHUB_STEP_SUMMARY"); name == "github" && summary != "" {
					if err := appendStepSummary(summary, doc, opts); err != nil {
						fmt.Fprintf(a.stderr, "Warning: cannot write the step summary: %v\n", err)
					}
				}
			}
			// Only once every report is complete does any replace its file.
			if err := closeOutputs(outputs...); err != nil {
				return err
			}
			if out.Failed {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	c.Flags().StringArrayVarP(&formats, "format", "f", nil, "output format: "+strings.Join(views.Report.Names(), ", ")+" (repeatable; default text)")
	c.Flags().StringArrayVarP(&outs, "output", "o", nil, "write the i-th format to this file (repeatable; - for standard output)")
	c.Flags().StringVar(&base, "base", "", "the base version's file or directory: fail only on what the change introduces")
	c.Flags().StringVar(&baseRef, "base-ref", "", "a git revision holding the base version of the same PATHS")
	c.Flags().BoolVar(&requireBase, "require-base", false, "exit 2 when the base cannot be read, instead of falling back to a full check")
	obs.add(c)
	c.Flags().StringVar(&failOn, "fail-on", "", "lowest failing severity: error, warning or info (default: policy.fail_on, else error)")
	_ = c.RegisterFlagCompletionFunc("format", fixed(views.Report.Names()...))
	_ = c.RegisterFlagCompletionFunc("fail-on", fixed("error", "warning", "info"))
	return c
}

// appendStepSummary appends the markdown report to the file GitHub names in
// $GITHUB_STEP_SUMMARY, which it shows on the run's summary page.
func appendStepSummary(path string, doc *views.Document, opts views.Options) error {
	var buf bytes.Buffer
	md, _ := views.Report.New("markdown", opts)
	if err := md.Render(&buf, doc); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(buf.Bytes())
	return errors.Join(werr, f.Close())
}
