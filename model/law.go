package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
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
// the first failure. Results are kept for the process (lawMemo): the same
// law over the same locals at the same size is met again by every service
// of a generated model, every run of a sweep (which reloads the model) and
// every execution of a fuzzer.
func (r *Resource) probeLaw(f *Fleet) error {
	n := f.ScopeSize(r.Scope)
	key := ""
	if r.lawKey != "" {
		key = r.lawKey + "\x00" + strconv.Itoa(n)
		if err, ok := lawMemo.get(key); ok {
			return relocated(err, r)
		}
	}
	var err error
	lawProbes(n, func(n int) bool {
		_, err = r.Law(float64(n))
		return err == nil
	})
	if key != "" {
		lawMemo.put(key, err)
	}
	return err
}

// relocated is err, a law's failure met at another resource with the same
// law, pointed at r's per_server.
func relocated(err error, r *Resource) error {
	var le *LawError
	if errors.As(err, &le) && r.PerServer != nil && le.Range != r.PerServer.Range() {
		c := *le
		c.Range = r.PerServer.Range()
		return &c
	}
	return err
}

// lawMemo holds probeLaw's results by lawKey and scope size, at most
// lawMemoSize of them (then it starts afresh: a bound, not a policy).
var lawMemo = &memo{m: map[string]error{}}

const lawMemoSize = 4096

type memo struct {
	mu sync.Mutex
	m  map[string]error
}

func (c *memo) get(k string) (error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	err, ok := c.m[k]
	return err, ok
}

func (c *memo) put(k string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= lawMemoSize {
		c.m = map[string]error{}
	}
	c.m[k] = err
}

// lawKey identifies what a law's values depend on: its text and the values
// of the locals it reads (the functions are fixed). "" when the text is
// unknown.
func lawKey(expr hcl.Expression, src string, ctx *hcl.EvalContext) string {
	if src == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(src)
	var locals cty.Value
	if ctx != nil {
		locals = ctx.Variables["local"]
	}
	var names []string
	for _, t := range expr.Variables() {
		if t.RootName() == "local" && len(t) >= 2 {
			if step, ok := t[1].(hcl.TraverseAttr); ok {
				names = append(names, step.Name)
			}
		}
	}
	sort.Strings(names)
	for _, n := range slices.Compact(names) {
		v := cty.DynamicVal
		if locals.IsKnown() && !locals.IsNull() && locals.Type().IsObjectType() && locals.Type().HasAttribute(n) {
			v = locals.GetAttr(n)
		}
		b.WriteString("\x00" + n + "=" + v.GoString())
	}
	return b.String()
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
