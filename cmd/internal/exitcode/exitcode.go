// Package exitcode is how a blast command ends: the contract's exit codes,
// an error that carries one, and Run, which turns a command's error, or a
// panic, into the code and what stderr says about it.
package exitcode

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/render"
	"github.com/blast-tool/blast/model/parallel"
)

// Exit codes are part of the contract.
const (
	OK       = 0
	Findings = 1 // check: findings at or above the failing severity
	Invalid  = 2 // invalid input or misuse
	// Unformatted: fmt --check found files that fmt would change.
	Unformatted = 3
	// Internal: blast itself failed (a panic, caught), never the input.
	Internal = 70
)

// IssuesURL is where crashes are reported.
const IssuesURL = "https://github.com/blast-tool/blast/issues"

// Error carries an exit code out of a command.
type Error struct {
	Code int
	Err  error // nil when the message was already printed
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

// Usage is a misuse of the command line, or input that cannot be used:
// exit 2 with the message.
func Usage(format string, args ...any) error {
	return &Error{Code: Invalid, Err: fmt.Errorf(format, args...)}
}

// Silent is an exit with code whose reason was already printed.
func Silent(code int) error { return &Error{Code: code} }

// Run runs a command and returns the process's exit code: OK when it
// returns nil; an *Error's code, its message printed as "Error: ..." (an
// error classify knows is one); for
// any other error (cobra's misuse: an unknown flag or command), Invalid
// and the message. A panic, in the command or carried from a worker
// goroutine by model/parallel, is a bug in blast whatever the input (bad
// input gets a diagnostic and exit 2): Internal, with "internal error",
// the stack of the goroutine that panicked and where to report it.
func Run(stderr io.Writer, version string, command func() error) (code int) {
	defer func() {
		if v := recover(); v != nil {
			code = crashed(stderr, version, v)
		}
	}()
	err := classify(command())
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Err != nil {
			fmt.Fprintf(stderr, "Error: %v\n", e.Err)
		}
		return e.Code
	}
	fmt.Fprintf(stderr, "Error: %v\n", err)
	return Invalid
}

func crashed(stderr io.Writer, version string, v any) int {
	stack := debug.Stack()
	if p, ok := v.(*parallel.Panic); ok {
		v, stack = p.Value, p.Stack
	}
	fmt.Fprintf(stderr, "Error: internal error: %v\n\nThis is a bug in blast %s, not a problem with the input. Please report it at %s\nwith the command line and, if you can, the files it read.\n\n%s", v, version, IssuesURL, stack)
	return Internal
}

// classify gives the errors that blast's packages return for known
// reasons their exit codes: a model too large to answer in memory (graph's
// and cascade's budgets) is exit 2 with what was exceeded (docs/scale.md);
// a renderer that cannot start is blast's fault, exit 70. Other errors pass.
func classify(err error) error {
	var tc *graph.TooCoupledError
	var tm *graph.TooManyCutSetsError
	var tl *cascade.TooLongError
	var setup *render.SetupError
	switch {
	case errors.As(err, &tc):
		return &Error{Code: Invalid, Err: fmt.Errorf(
			"this model is too coupled for blast's memory budget: the failures of its first %d services alone take out %d services in all, "+
				"and blast keeps each pair of a service and a failure that takes it out, up to %d pairs (about %d GiB). "+
				"Its report would list every pair (each service's single points of failure). See docs/scale.md",
			tc.Sources, tc.Pairs, tc.Budget, tc.Budget*graph.PairBytes>>30)}
	case errors.As(err, &tm):
		return &Error{Code: Invalid, Err: fmt.Errorf("%v (see docs/scale.md)", tm)}
	case errors.As(err, &tl):
		return &Error{Code: Invalid, Err: tl}
	case errors.As(err, &setup):
		return &Error{Code: Internal, Err: setup}
	}
	return err
}
