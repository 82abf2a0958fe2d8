package model

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// attrValue evaluates an attribute. ok is false when it is absent, null,
// unknown (an earlier error) or failed to evaluate (reported).
func (l *loader) attrValue(attrs attrSet, name string) (cty.Value, *hcl.Attribute, bool) {
	a := attrs.get(name)
	if a == nil {
		return cty.NilVal, nil, false
	}
	v, d := l.ev.eval(a.Expr, nil, false)
	l.add(d...)
	if d.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
		return cty.NilVal, a, false
	}
	v, _ = v.Unmark()
	return v, a, true
}

// typeName is the article-and-noun of a cty type, for messages.
func typeName(t cty.Type) string {
	switch {
	case t == cty.String:
		return "a string"
	case t == cty.Number:
		return "a number"
	case t == cty.Bool:
		return "a bool"
	case t.IsListType() || t.IsTupleType():
		return "a list"
	}
	return t.FriendlyName()
}

// convertTo converts v to t, reporting a type error on the expression.
func (l *loader) convertTo(v cty.Value, t cty.Type, a *hcl.Attribute) (cty.Value, bool) {
	cv, d := convertValue(v, t, a.Name, a.Expr.Range())
	if d != nil {
		l.add(d)
		return cty.NilVal, false
	}
	return cv, true
}

// convertValue converts attribute name's value v to t, or explains why
// it is not a t.
func convertValue(v cty.Value, t cty.Type, name string, rng hcl.Range) (cty.Value, *hcl.Diagnostic) {
	cv, err := convert.Convert(v, t)
	if err != nil || cv.IsNull() || !cv.IsWhollyKnown() {
		msg := "wrong type"
		if err != nil {
			msg = err.Error()
		}
		return cty.NilVal, errorDiag(rng, "Incorrect attribute value type", "Inappropriate value for attribute %q: %s is required (%s).", name, typeName(t), msg)
	}
	return cv, nil
}

func (l *loader) getString(attrs attrSet, name string) (string, *hcl.Attribute, bool) {
	v, a, ok := l.attrValue(attrs, name)
	if !ok {
		return "", a, false
	}
	cv, ok := l.convertTo(v, cty.String, a)
	if !ok {
		return "", a, false
	}
	if d := valueText(name, cv.AsString(), a); d != nil {
		l.add(d)
		return "", a, false
	}
	return cv.AsString(), a, true
}

// valueText is textDiag of attribute a's value s, or nil; the message's
// words are only put together when there is something to say.
func valueText(name, s string, a *hcl.Attribute) *hcl.Diagnostic {
	if _, _, bad := textProblem(s); !bad {
		return nil
	}
	return textDiag("value of "+name, s, a.Expr.Range())
}

func (l *loader) getEnum(attrs attrSet, name string, allowed []string, def string) (string, *hcl.Attribute) {
	s, a, ok := l.getString(attrs, name)
	if !ok {
		return def, a
	}
	if err := checkEnum(name, s, allowed); err != nil {
		l.errorf(a.Expr.Range(), "Invalid value for "+name, "%s", err)
		return def, a
	}
	return s, a
}

// checkEnum explains an invalid enumerated value, listing the allowed ones.
func checkEnum(name, s string, allowed []string) error {
	for _, x := range allowed {
		if s == x {
			return nil
		}
	}
	q := make([]string, len(allowed))
	for i, x := range allowed {
		q[i] = fmt.Sprintf("%q", x)
	}
	return fmt.Errorf("%q is not a valid %s. Valid values: %s.%s", s, name, strings.Join(q, ", "), didYouMean(s, allowed))
}

func (l *loader) getBool(attrs attrSet, name string, def bool) bool {
	v, a, ok := l.attrValue(attrs, name)
	if !ok {
		return def
	}
	cv, ok := l.convertTo(v, cty.Bool, a)
	if !ok {
		return def
	}
	return cv.True()
}

// ctyNumber extracts a finite, in-range float64.
func ctyNumber(v cty.Value) (float64, error) {
	bf := v.AsBigFloat()
	if bf.IsInf() {
		return 0, fmt.Errorf("not a finite number")
	}
	f, _ := bf.Float64()
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > MaxNumber {
		return 0, fmt.Errorf("%s is out of range (at most %g in magnitude)", bf.Text('g', 6), float64(MaxNumber))
	}
	return f, nil
}

func (l *loader) getNumber(attrs attrSet, name string) (float64, *hcl.Attribute, bool) {
	v, a, ok := l.attrValue(attrs, name)
	if !ok {
		return 0, a, false
	}
	cv, ok := l.convertTo(v, cty.Number, a)
	if !ok {
		return 0, a, false
	}
	f, err := ctyNumber(cv)
	return f, a, l.valid(a, "Value out of range", invalidValue(name, err, ""))
}

// valid reports err, when there is one, as what is wrong with a's value,
// and says whether there was none.
func (l *loader) valid(a *hcl.Attribute, summary string, err error) bool {
	if err != nil {
		l.errorf(a.Expr.Range(), summary, "%s", err)
	}
	return err == nil
}

// writeDuration says how to write a duration, for invalidValue.
const writeDuration = `a duration such as "90s", "15m", "1h30m" or "2d"`

// invalidValue explains why attribute name's value is invalid (err) and,
// unless writeAs is "", how to write one; nil when err is.
func invalidValue(name string, err error, writeAs string) error {
	switch {
	case err == nil:
		return nil
	case writeAs == "":
		return fmt.Errorf("Invalid value for %q: %v.", name, err)
	}
	return fmt.Errorf("Invalid value for %q: %v. Write %s.", name, err, writeAs)
}

// getCount reads a whole, non-negative number no smaller than min.
func (l *loader) getCount(attrs attrSet, name string, min int) (int, *hcl.Attribute, bool) {
	f, a, ok := l.getNumber(attrs, name)
	if !ok {
		return 0, a, false
	}
	if err := countDiag(name, f, min); err != nil {
		l.add(withSubject(err, a.Expr.Range()))
		return 0, a, false
	}
	return int(f), a, true
}

// countDiag explains why f is not a valid count of at least min.
func countDiag(name string, f float64, min int) *hcl.Diagnostic {
	if err := checkCount(f); err != nil {
		summary := "Invalid count"
		switch {
		case f < 0:
			summary = "Negative count"
		case f > MaxNumber:
			summary = "Value out of range"
		case f != math.Trunc(f):
			summary = "Fractional count"
		}
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf("%s must be a whole number of at least %d: %s.", name, min, err)}
	}
	if f < float64(min) {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Value too small", Detail: fmt.Sprintf("%s must be at least %d, not %s.", name, min, formatNum(f))}
	}
	return nil
}

func withSubject(d *hcl.Diagnostic, r hcl.Range) *hcl.Diagnostic {
	d.Subject = &r
	return d
}

func (l *loader) getDuration(attrs attrSet, name string) (time.Duration, *hcl.Attribute, bool) {
	s, a, ok := l.getString(attrs, name)
	if !ok {
		return 0, a, false
	}
	d, err := ParseDuration(s)
	return d, a, l.valid(a, "Invalid duration", invalidValue(name, err, writeDuration))
}

// getStringList reads a list of strings with the range of each element
// when the expression is a literal list.
func (l *loader) getStringList(attrs attrSet, name string) ([]string, []hcl.Range, *hcl.Attribute) {
	v, a, ok := l.attrValue(attrs, name)
	if !ok {
		return nil, nil, a
	}
	cv, ok := l.convertTo(v, cty.List(cty.String), a)
	if !ok {
		return nil, nil, a
	}
	var out []string
	for it := cv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			l.errorf(a.Expr.Range(), "Invalid list element", "%s must not hold null elements.", name)
			continue
		}
		if d := valueText(name, e.AsString(), a); d != nil {
			l.add(d)
			continue
		}
		out = append(out, e.AsString())
	}
	var rngs []hcl.Range
	if exprs, d := hcl.ExprList(a.Expr); !d.HasErrors() && len(exprs) == len(out) {
		for _, e := range exprs {
			rngs = append(rngs, e.Range())
		}
	} else {
		for range out {
			rngs = append(rngs, a.Expr.Range())
		}
	}
	return out, rngs, a
}

// blockContent reads a block's body against schema and reports what is
// wrong with it; ok is false when there is no body to read.
func (l *loader) blockContent(b *hcl.Block, schema *hcl.BodySchema) (attrs attrSet, blocks hcl.Blocks, ok bool) {
	attrs, blocks, diags, ok := bodyContent(b.Body, schema, &l.arena)
	l.add(diags...)
	return attrs, blocks, ok
}

// blockAttrs is blockContent's attributes of a block with no nested
// blocks, recording each one's range in ranges; nil (every attribute
// absent) when the block has no body to read.
func (l *loader) blockAttrs(b *hcl.Block, schema *hcl.BodySchema, ranges map[string]hcl.Range) attrSet {
	attrs, _, _ := l.blockContent(b, schema)
	for i := range attrs {
		setRange(ranges, &attrs[i])
	}
	return attrs
}

// setRange records an attribute's range in m when it was given.
func setRange(m map[string]hcl.Range, a *hcl.Attribute) {
	if a != nil {
		m[a.Name] = a.Range
	}
}
