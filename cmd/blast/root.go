package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/parallel"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// Exit codes are part of the contract.
const (
	exitOK       = 0
	exitFindings = 1 // check: findings at or above the failing severity
	exitInvalid  = 2 // invalid input or misuse
	// exitUnformatted: fmt --check found files that fmt would change.
	exitUnformatted = 3
	// exitInternal: blast itself failed (a panic, caught; a renderer that
	// cannot start), never the input.
	exitInternal = 70
)

// issuesURL is where crashes are reported.
const issuesURL = "https://github.com/blast-tool/blast/issues"

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error // nil when the message was already printed
}

func (e *exitError) Unwrap() error { return e.err }

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

// usageError is a misuse of the command line: exit 2.
func usageError(format string, args ...any) error {
	return &exitError{code: exitInvalid, err: fmt.Errorf(format, args...)}
}

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

	// outputs are the command's reports and charts (newOutput).
	outputs []*output
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
	}
	// --version and the version command say it in the same words.
	root.SetVersionTemplate("blast {{.Version}}\n")
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.PersistentFlags().BoolVar(&a.noColor, "no-color", false, "never colour the output (as the environment variable NO_COLOR does)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitInvalid, err: fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	root.AddCommand(
		newAnalyzeCmd(a),
		newValidateCmd(a),
		newCascadeCmd(a),
		newCutsetsCmd(a),
		newScalingCmd(a),
		newSimulateCmd(a),
		newGraphCmd(a),
		newCheckCmd(a),
		newFmtCmd(a),
		newImportCmd(a),
		newDriftCmd(a),
		newVersionCmd(a),
		newManCmd(a, root),
	)
	return root
}

// run executes the command line and returns the process exit code.
func run(args []string) int {
	a := &app{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	return a.run(args)
}

func (a *app) run(args []string) (code int) {
	defer func() {
		if v := recover(); v != nil {
			code = a.crashed(v)
		}
		a.abortOutputs()
	}()
	if err := a.setLimits(); err != nil {
		fmt.Fprintf(a.stderr, "Error: %v\n", err)
		return exitInvalid
	}
	root := newRootCmd(a)
	root.SetArgs(args)
	if a.testHook != nil {
		root.PersistentPreRun = func(*cobra.Command, []string) { a.testHook() }
	}
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	// A per_server law that an engine found not finite is the model's
	// fault, reported at the law like any invalid input.
	if d := model.LawDiagnostics(err); len(d) > 0 {
		_ = model.WriteDiagnostics(a.stderr, nil, a.files, d, a.colorFor(a.stderr))
		return exitInvalid
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(a.stderr, "Error: %v\n", ee.err)
		}
		return ee.code
	}
	// cobra's own errors (unknown command, bad args) are misuse.
	fmt.Fprintf(a.stderr, "Error: %v\n", err)
	return exitInvalid
}

// crashed reports a recovered panic as the contract's internal error:
// exit 70, "internal error" and the stack of the goroutine that panicked
// on stderr, and a request to report it. Whatever the input, a panic is a
// bug in blast: bad input gets a diagnostic and exit 2.
func (a *app) crashed(v any) int {
	stack := debug.Stack()
	if p, ok := v.(*parallel.Panic); ok {
		v, stack = p.Value, p.Stack
	}
	fmt.Fprintf(a.stderr, "Error: internal error: %v\n\nThis is a bug in blast %s, not a problem with the input. Please report it at %s\nwith the command line and, if you can, the files it read.\n\n%s", v, versionString(), issuesURL, stack)
	return exitInternal
}

// setLimits reads the bounds on input that the environment may change:
// BLAST_MAX_FILE_SIZE, a size such as 256MiB (docs/language.md, Limits).
func (a *app) setLimits() error {
	model.MaxFileSize = model.DefaultMaxFileSize
	v := a.getenv("BLAST_MAX_FILE_SIZE")
	if v == "" {
		return nil
	}
	n, err := model.ParseSize(v)
	if err != nil || n < 1 {
		return fmt.Errorf("BLAST_MAX_FILE_SIZE=%s: want a size such as 256MiB", v)
	}
	model.MaxFileSize = int64(n)
	return nil
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
