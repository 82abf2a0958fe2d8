package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	c := &cobra.Command{
		Use:   "check PATHS... [--base PATH | --base-ref REV]",
		Short: "Pre-merge architecture review: fail on new findings (exit 1)",
		Long: `Check analyzes PATHS under the model's policy block and exits 1 when a finding
at or above the failing severity remains (--fail-on, else policy.fail_on, else
error); 0 otherwise; 2 when the input is invalid.

With --base (the base version's file or directory) or --base-ref (the same
paths at a git revision), check compares the two models: it fails only on the
findings the change introduces, and reports those it fixes and every service
whose blast radius or single points of failure grew.

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
			if len(formats)-len(outs) > 1 {
				return usageError("%d formats would go to standard output: give an --output for each but one", len(formats)-len(outs))
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
			headRes, err := analyze.Analyze(head)
			if err != nil {
				return err
			}
			var baseModel *model.Model
			switch {
			case base != "":
				baseModel, err = a.loadBase(func() (*model.Model, error) {
					m, diags := model.Load(base)
					if diags.HasErrors() {
						return nil, fmt.Errorf("the base version in %s does not load (%d errors)", base, len(diags.Errs()))
					}
					return m, nil
				})
			case baseRef != "":
				baseModel, err = a.loadBase(func() (*model.Model, error) { return loadAtRevision(baseRef, args) })
			}
			if err != nil {
				return err
			}
			var baseRes *analyze.Result
			if baseModel != nil {
				if baseRes, err = analyze.Analyze(baseModel); err != nil {
					return err
				}
			}
			out, err := check.Evaluate(headRes, baseRes, pol, sev, time.Now())
			if err != nil {
				return err
			}
			if baseModel != nil {
				relocate(out.New, baseModel, head)
			}
			doc := views.ForCheck(headRes, &out)
			wd, _ := os.Getwd()
			for i, name := range formats {
				path := ""
				if i < len(outs) {
					path = outs[i]
				}
				o := a.newOutput(path)
				opts := views.Options{Color: o.Color(), ToolVersion: versionString(), BaseDir: wd}
				f, _ := views.Report.New(name, opts)
				if err := f.Render(o.Writer(), doc); err != nil {
					return err
				}
				if err := o.Close(); err != nil {
					return err
				}
				if summary := a.getenv("GITHUB_STEP_SUMMARY"); name == "github" && summary != "" {
					if err := appendStepSummary(summary, doc, opts); err != nil {
						fmt.Fprintf(a.stderr, "Warning: cannot write the step summary: %v\n", err)
					}
				}
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
	c.Flags().StringVar(&failOn, "fail-on", "", "lowest failing severity: error, warning or info (default: policy.fail_on, else error)")
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return views.Report.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	_ = c.RegisterFlagCompletionFunc("fail-on", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"error", "warning", "info"}, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// loadBase loads the base model; when it cannot, check says so and falls
// back to a full check of the head (a nil model), as a reviewer would want
// rather than no check at all.
func (a *app) loadBase(load func() (*model.Model, error)) (*model.Model, error) {
	m, err := load()
	if err != nil {
		fmt.Fprintf(a.stderr, "Warning: no base to compare with: %v.\n         Falling back to a full check: every finding counts, not only new ones.\n", err)
		return nil, nil
	}
	return m, nil
}

// loadAtRevision reads PATHS as they were at git revision rev, with the same
// filenames as in the work tree so that findings line up.
func loadAtRevision(rev string, paths []string) (*model.Model, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("git is not installed")
	}
	if err := exec.Command("git", "rev-parse", "--is-inside-work-tree").Run(); err != nil {
		return nil, fmt.Errorf("not inside a git work tree")
	}
	if err := exec.Command("git", "rev-parse", "--verify", "--quiet", rev+"^{commit}").Run(); err != nil {
		return nil, fmt.Errorf("git revision %q is unknown here (a shallow clone? fetch it with 'git fetch --depth=1 origin %s')", rev, rev)
	}
	var srcs []model.Source
	for _, p := range paths {
		st, err := os.Stat(p)
		var files []string
		if err == nil && st.IsDir() {
			lsOut, err := exec.Command("git", "ls-tree", "--name-only", rev, "--", filepath.ToSlash(filepath.Clean(p))+"/").Output()
			if err != nil {
				return nil, fmt.Errorf("git ls-tree %s %s: %v", rev, p, err)
			}
			for _, f := range strings.Split(strings.TrimSpace(string(lsOut)), "\n") {
				if strings.HasSuffix(f, ".hcl") || strings.HasSuffix(f, ".hcl.json") {
					files = append(files, f)
				}
			}
		} else {
			files = []string{p}
		}
		for _, f := range files {
			b, err := exec.Command("git", "show", rev+":./"+filepath.ToSlash(f)).Output()
			if err != nil {
				continue // added by the change: absent from the base
			}
			srcs = append(srcs, model.Source{Filename: f, Bytes: b})
		}
	}
	m, diags := model.LoadSources(srcs)
	if diags.HasErrors() {
		return nil, fmt.Errorf("the base version at %s does not load (%d errors)", rev, len(diags.Errs()))
	}
	return m, nil
}

// relocate points each new finding at what the change added: the first
// dependency on its evidence path that the base did not have, or a fleet
// size that changed. A reviewer then sees the finding on the added lines.
func relocate(fs []analyze.Finding, base, head *model.Model) {
	had := map[[2]string]bool{}
	for _, s := range base.Services {
		for _, d := range s.DependsOn {
			had[[2]string{s.ID, d.To}] = true
		}
	}
	added := map[[2]string]*model.Dependency{}
	for _, s := range head.Services {
		for _, d := range s.DependsOn {
			if !had[[2]string{s.ID, d.To}] {
				added[[2]string{s.ID, d.To}] = d
			}
		}
	}
	for i := range fs {
		f := &fs[i]
		if r := addedOnPath(f.Path, added, head); r != nil {
			f.Range = r
			continue
		}
		for _, id := range f.Subjects {
			hs, bs := head.Service(id), base.Service(id)
			if hs == nil || bs == nil || hs.Fleet == nil || bs.Fleet == nil {
				continue
			}
			if hs.Fleet.Servers != bs.Fleet.Servers {
				if r, ok := hs.Fleet.AttrRanges["servers"]; ok {
					f.Range = analyze.RangeOf(r)
				}
				break
			}
		}
	}
}

// addedOnPath finds an added dependency along a finding's path (in either
// direction: dependency chains and failure chains both occur), else along
// any chain from the finding's first subject.
func addedOnPath(path []string, added map[[2]string]*model.Dependency, head *model.Model) *analyze.Range {
	for i := 0; i+1 < len(path); i++ {
		for _, k := range [][2]string{{path[i], path[i+1]}, {path[i+1], path[i]}} {
			if d := added[k]; d != nil {
				return analyze.RangeOf(d.DeclRange)
			}
		}
	}
	// The path may go around the added edge (a redundancy group's other
	// member): look for an added dependency reachable from its start.
	if len(path) == 0 {
		return nil
	}
	seen := map[string]bool{path[0]: true}
	queue := []string{path[0]}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		s := head.Service(id)
		if s == nil {
			continue
		}
		for _, d := range s.DependsOn {
			if a := added[[2]string{id, d.To}]; a != nil {
				return analyze.RangeOf(a.DeclRange)
			}
			if !seen[d.To] {
				seen[d.To] = true
				queue = append(queue, d.To)
			}
		}
	}
	return nil
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
