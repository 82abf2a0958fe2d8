package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/cmd/internal/output"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// usageError is a misuse of the command line: exit 2.
var usageError = exitcode.Usage

// version is set by -ldflags "-X main.version=..."; else the module version.
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// app holds what every command shares: the streams and the environment.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string

	// outputs are the command's reports and charts.
	outputs *output.Set
	// files are the sources of the model loaded, for diagnostics that
	// engines meet after loading (a per_server law not finite at some N).
	files map[string]*hcl.File
	// noColor is --no-color: no colour anywhere, as NO_COLOR asks.
	noColor bool

	// testHook, when set, runs once the command line is parsed: tests
	// make it panic to check that a crash is reported as one.
	testHook func()
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "blast",
		Short: "Find the hidden couplings that turn a small change into a large outage",
		Long: `blast reads services, their dependencies and their resource-scaling laws from HCL
and finds what turns a small change into a large outage: blast radius, single points
of failure, shared fate, monitoring that depends on what it watches, dependency cycles,
O(N^2) scaling hotspots, time-to-failure cascades and fleet simulations.

Start with:  blast analyze infra.hcl`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
		// Colour is known once the flags are: --no-color.
		PersistentPreRun: func(*cobra.Command, []string) {
			a.outputs = output.NewSet(a.stdout, a.colorFor(a.stdout))
			if a.testHook != nil {
				a.testHook()
			}
		},
	}
	// --version and the version command say it in the same words.
	root.SetVersionTemplate("blast {{.Version}}\n")
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.PersistentFlags().BoolVar(&a.noColor, "no-color", false, "never colour the output (as the environment variable NO_COLOR does)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%w\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	root.AddCommand(newAnalyzeCmd(a), newValidateCmd(a), newCascadeCmd(a), newCutsetsCmd(a), newScalingCmd(a),
		newSimulateCmd(a), newGraphCmd(a), newCheckCmd(a), newFmtCmd(a), newImportCmd(a), newDriftCmd(a),
		newVersionCmd(a), newManCmd(a, root))
	return root
}

// run executes the command line and returns the process exit code.
func run(args []string) int {
	a := &app{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	return a.run(args)
}

func (a *app) run(args []string) int {
	a.outputs = output.NewSet(a.stdout, false)
	return exitcode.Run(a.stderr, versionString(), func() error {
		defer func() { a.outputs.Abort() }()
		if err := model.ReadLimits(a.getenv); err != nil {
			return usageError("%v", err)
		}
		root := newRootCmd(a)
		root.SetArgs(args)
		c, err := root.ExecuteC()
		// A per_server law that an engine found not finite is the
		// model's fault, reported at the law like any invalid input.
		if d := model.LawDiagnostics(err); len(d) > 0 {
			err = a.checkDiags(nil, a.files, d)
		}
		if inv := (*invalidInput)(nil); errors.As(err, &inv) {
			return report.Invalid(a.env(), a.outputs, c.Name(), inv.m, inv.diags)
		}
		return err
	})
}

// env is what rendering takes from the app.
func (a *app) env() report.Env {
	return report.Env{Version: versionString(), Getenv: a.getenv, Stderr: a.stderr}
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print blast's version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintf(a.stdout, "blast %s\n", versionString())
			return nil
		},
	}
}
