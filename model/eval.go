package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evaluator evaluates expressions against the model's locals and functions.
type evaluator struct {
	ctx    *hcl.EvalContext
	locals map[string]cty.Value
	names  []string // sorted local names, for suggestions
}

func newEvaluator(locals map[string]cty.Value) *evaluator {
	ev := &evaluator{locals: locals}
	for n := range locals {
		ev.names = append(ev.names, n)
	}
	sort.Strings(ev.names)
	ev.ctx = &hcl.EvalContext{
		Variables: map[string]cty.Value{"local": cty.ObjectVal(locals)},
		Functions: functions(),
	}
	return ev
}

// checkVars reports every variable of expr that is not a declared local
// (or N, when allowN), on the exact traversal range. Checking before
// evaluating gives a better message than HCL's "Unsupported attribute".
func (ev *evaluator) checkVars(expr hcl.Expression, allowN bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, t := range expr.Variables() {
		rng := t.SourceRange()
		switch root := t.RootName(); root {
		case "local":
			if len(t) < 2 {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid reference",
					Detail: "The \"local\" object cannot be used on its own: write local.NAME.", Subject: &rng})
				continue
			}
			var name string
			switch step := t[1].(type) {
			case hcl.TraverseAttr:
				name = step.Name
			case hcl.TraverseIndex:
				if step.Key.Type() == cty.String && step.Key.IsKnown() && !step.Key.IsNull() {
					name = step.Key.AsString()
				}
			}
			if _, ok := ev.locals[name]; !ok {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown local value",
					Detail: fmt.Sprintf("No local value named %q is declared in a locals block.%s", name, didYouMean(name, ev.names)), Subject: &rng})
			}
		case "N":
			if !allowN {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "N is not available here",
					Detail: "N, the scope size, is only defined inside a resource's per_server expression.", Subject: &rng})
			}
		default:
			detail := fmt.Sprintf("There is no variable named %q. Only local.NAME values can be used here.", root)
			if allowN {
				detail = fmt.Sprintf("There is no variable named %q. per_server can use N (the number of servers in the scope) and local.NAME values.", root)
				if levenshtein.Distance(strings.ToUpper(root), "N", nil) <= 1 {
					detail += ` Did you mean "N"?`
				}
			} else if len(ev.names) > 0 {
				detail += didYouMean(root, ev.names)
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown variable", Detail: detail, Subject: &rng})
		}
	}
	return diags
}

// eval checks and evaluates expr; N must be bound in ctx when allowN.
func (ev *evaluator) eval(expr hcl.Expression, ctx *hcl.EvalContext, allowN bool) (cty.Value, hcl.Diagnostics) {
	if v, ok := literalValue(expr); ok {
		return v, nil
	}
	if d := ev.checkVars(expr, allowN); d.HasErrors() {
		return cty.DynamicVal, d
	}
	if ctx == nil {
		ctx = ev.ctx
	}
	v, d := expr.Value(ctx)
	for _, x := range d {
		if x.Subject == nil {
			r := expr.Range()
			x.Subject = &r
		}
	}
	return v, d
}

// localDef is one local value's declaration.
type localDef struct {
	attr *hcl.Attribute
	deps []string // locals it references, in source order
}

// evalLocals evaluates every local in dependency order (a depth-first
// topological sort, Cormen et al., Introduction to Algorithms, 22.4) and
// reports each cycle once with its chain.
func (l *loader) evalLocals(blocks []*hcl.Block) *evaluator {
	defs := map[string]*localDef{}
	tooMany := false
	for _, b := range blocks {
		attrs, d := b.Body.JustAttributes()
		l.add(d...)
		names := make([]string, 0, len(attrs))
		for n := range attrs {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			return attrs[names[i]].Range.Start.Byte < attrs[names[j]].Range.Start.Byte
		})
		for _, n := range names {
			a := attrs[n]
			if len(defs) == MaxLocals {
				if !tooMany {
					tooMany = true
					l.errorf(a.NameRange, "Too many local values", "local.%s is beyond the %s local values blast evaluates in one model. Use fewer: a value used once belongs where it is used.", n, commas(MaxLocals))
				}
				break
			}
			if first, dup := defs[n]; dup {
				l.errorf(a.NameRange, "Duplicate local value", "A local value %q was already declared at %s. Each local name is declared once across all files.", n, posString(first.attr.NameRange))
				continue
			}
			def := &localDef{attr: a}
			for _, t := range a.Expr.Variables() {
				if t.RootName() == "local" && len(t) >= 2 {
					if step, ok := t[1].(hcl.TraverseAttr); ok {
						def.deps = append(def.deps, step.Name)
					}
				}
			}
			defs[n] = def
		}
	}
	names := make([]string, 0, len(defs))
	for n := range defs {
		names = append(names, n)
	}
	sort.Strings(names)

	// Placeholder values let checkVars know every declared name up front.
	values := make(map[string]cty.Value, len(defs))
	for _, n := range names {
		values[n] = cty.DynamicVal
	}
	ev := newEvaluator(values)

	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	inCycle := map[string]bool{}
	var visit func(n string)
	tooDeep := false
	visit = func(n string) {
		color[n] = grey
		if len(stack) >= MaxLocalsChain { // bounds the recursion, and values nested chain by chain
			color[n] = black
			if !tooDeep {
				tooDeep = true
				l.errorf(defs[n].attr.NameRange, "Chain of local values too long", "local.%s is the %s local value in a chain, from local.%s, in which each uses the next; blast evaluates chains of at most %s. Shorten the chain.", n, ordinal(len(stack)+1), stack[0], commas(MaxLocalsChain))
			}
			return
		}
		stack = append(stack, n)
		def := defs[n]
		for _, dep := range def.deps {
			if _, ok := defs[dep]; !ok {
				continue // reported by checkVars on evaluation
			}
			switch color[dep] {
			case white:
				visit(dep)
			case grey:
				i := len(stack) - 1
				for stack[i] != dep {
					i--
				}
				chain := append(append([]string(nil), stack[i:]...), dep)
				for _, c := range chain {
					inCycle[c] = true
				}
				for k := range chain {
					chain[k] = "local." + chain[k]
				}
				l.errorf(defs[dep].attr.NameRange, "Cycle in local values", "%s: a local value cannot depend on itself, directly or indirectly. Break the cycle.", strings.Join(chain, " -> "))
			}
		}
		stack = stack[:len(stack)-1]
		color[n] = black
		if inCycle[n] {
			return // stays unknown, so dependents are skipped quietly
		}
		deps := map[string]cty.Value{}
		for _, dep := range def.deps {
			if v, ok := values[dep]; ok {
				deps[dep] = v
			}
		}
		ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"local": cty.ObjectVal(deps)}, Functions: ev.ctx.Functions}
		v, d := ev.eval(def.attr.Expr, ctx, false)
		l.add(d...)
		if d.HasErrors() {
			v = cty.DynamicVal
		}
		values[n] = v
	}
	for _, n := range names {
		if color[n] == white {
			visit(n)
		}
	}
	for _, n := range names {
		l.m.Locals[n] = values[n]
	}
	return newEvaluator(values)
}
