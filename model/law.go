package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// A per_server law must give a finite number for every fleet size N from 1
// up: a use that is undefined, infinite or not a number at some size
// (1000 / (N - 5000) at 5000, pow(N, N) past 143) is a mistake in the
// model, as an invalid duration is, not a fact about the architecture. So
// it is invalid input wherever blast meets it: a diagnostic at per_server,
// exit 2, never a finding (which a policy could ignore) and never an error
// without a place. The loader checks the law at lawProbes; the analyses
// evaluate it elsewhere too (a bisection, every fleet size a simulation
// reaches) and report what they meet there as the same diagnostic
// (LawError, LawDiagnostics). docs/scaling.md says so.

// LawError is a per_server law that gives no finite number at N.
type LawError struct {
	Range  hcl.Range // the per_server expression
	N      float64
	Reason string // what went wrong at N, after "per_server at N = ..."
}

func (e *LawError) Error() string {
	return fmt.Sprintf("per_server at N = %s%s", formatNum(e.N), e.Reason)
}

// Diagnostic is the error as the diagnostic every command reports.
func (e *LawError) Diagnostic() *hcl.Diagnostic {
	rng := e.Range
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid per_server expression", Subject: &rng,
		Detail: fmt.Sprintf("%s. per_server must give a finite number for every fleet size; it uses N, local.NAME values and numeric functions.", strings.TrimRight(e.Error(), "."))}
}

// LawDiagnostics returns the diagnostics of the LawErrors in err's tree
// (wrapped, or joined with errors.Join), one per per_server expression.
func LawDiagnostics(err error) hcl.Diagnostics {
	var out hcl.Diagnostics
	seen := map[hcl.Range]bool{}
	var walk func(error)
	walk = func(err error) {
		var le *LawError
		switch x := err.(type) {
		case nil:
			return
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				walk(e)
			}
			return
		}
		if errors.As(err, &le) && !seen[le.Range] {
			seen[le.Range] = true
			out = append(out, le.Diagnostic())
		}
	}
	walk(err)
	return out
}

// lawProbes are the fleet sizes where the loader checks a law, scope size
// n first: where the scaling analysis evaluates every law (docs/scaling.md,
// max_servers): 1 to 1,024 and n+1 to n+1,024, scanned exactly, and a
// geometric grid of 16 points per octave from 2^10 to 2^50, which holds
// the window where growth classes are measured. Some 2,700 evaluations.
func lawProbes(n int, yield func(int) bool) {
	if !yield(max(n, 1)) {
		return
	}
	for x := 1; x <= 1024; x++ {
		if !yield(x) {
			return
		}
	}
	for x := n + 1; x <= n+1024; x++ {
		if x > 1024 && !yield(x) {
			return
		}
	}
	for k := 160; k <= 800; k++ {
		if !yield(int(math.Floor(math.Exp2(float64(k) / 16)))) {
			return
		}
	}
}

// probeLaw evaluates r's law at lawProbes of f's scope size and returns
// the first failure.
func (r *Resource) probeLaw(f *Fleet) error {
	var err error
	lawProbes(f.ScopeSize(r.Scope), func(n int) bool {
		_, err = r.Law(float64(n))
		return err == nil
	})
	return err
}

// lawDiag is the diagnostic of a failed probe.
func (r *Resource) lawDiag(err error) *hcl.Diagnostic {
	if err == nil {
		return nil
	}
	var le *LawError
	if errors.As(err, &le) {
		return le.Diagnostic()
	}
	rng := r.DeclRange
	if r.PerServer != nil {
		rng = r.PerServer.Range()
	}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid per_server expression", Subject: &rng, Detail: err.Error() + "."}
}

// checkLaw checks a resource's law for the loader, which meets the same
// law text at the same scope size many times in a large model (a
// generated fleet of services): each is evaluated once.
func (l *loader) checkLaw(r *Resource, f *Fleet) *hcl.Diagnostic {
	key := r.PerServerSrc + "\x00" + strconv.Itoa(f.ScopeSize(r.Scope))
	if r.PerServerSrc == "" {
		return r.checkLaw(f)
	}
	err, done := l.laws[key]
	if !done {
		err = r.probeLaw(f)
		if l.laws == nil {
			l.laws = map[string]error{}
		}
		l.laws[key] = err
	}
	if err == nil {
		return nil
	}
	var le *LawError
	if errors.As(err, &le) { // the memo's error points at the first resource
		c := *le
		c.Range = r.PerServer.Range()
		err = &c
	}
	return r.lawDiag(err)
}
