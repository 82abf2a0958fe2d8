package check

import (
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
)

// Gate is one run of `blast check`: the head model and what to compare it
// with.
type Gate struct {
	Head  *model.Model
	Paths []string // the head's paths, as given: a base holds the same
	// Observed adds the drift rules' findings; nil for none.
	Observed *analyze.Observed
	// Base is the version to compare with; nil for a full check.
	Base Base
	// RequireBase makes a base that cannot be read an error instead of a
	// full check.
	RequireBase bool
	FailOn      analyze.Severity
	Now         time.Time
}

// NoBaseError is a base that could not be read when the gate requires
// one.
type NoBaseError struct{ Err error }

func (e *NoBaseError) Error() string { return "no base to compare with: " + e.Err.Error() }
func (e *NoBaseError) Unwrap() error { return e.Err }

// Run analyses the head, and the base when there is one, and evaluates
// the head's policy: the head's analysis and the outcome, whose findings
// the change introduced point at the lines it added (Relocate). A base
// that cannot be read makes a full check, every finding counting, with
// Outcome.BaseError saying why; with RequireBase it is a *NoBaseError.
func (g Gate) Run() (*analyze.Result, *Outcome, error) {
	head, err := analyze.AnalyzeObserved(g.Head, g.Observed)
	if err != nil {
		return nil, nil, err
	}
	var base *model.Model
	var baseErr error
	if g.Base != nil {
		if base, baseErr = LoadBase(g.Base, g.Paths); baseErr != nil && g.RequireBase {
			return nil, nil, &NoBaseError{baseErr}
		}
	}
	var baseRes *analyze.Result
	if base != nil {
		if baseRes, err = analyze.Analyze(base); err != nil {
			return nil, nil, err
		}
	}
	out, err := Evaluate(head, baseRes, g.Head.EffectivePolicy(), g.FailOn, g.Now)
	if err != nil {
		return nil, nil, err
	}
	if base != nil {
		out.Relocate(base, g.Head)
	}
	if g.Base != nil {
		out.BaseName = g.Base.String()
	}
	if baseErr != nil {
		out.BaseError = baseErr.Error()
	}
	return head, &out, nil
}
