package model

import (
	"cmp"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// This file holds the loader's fast paths: each gives exactly the result of
// the general code it short-cuts (fast_test.go compares them) for the
// common, valid case, and defers to the general code otherwise, where the
// diagnostics are built.

// literalValue is the value of a native-syntax expression made only of
// literals (a number, a bool, a quoted string without interpolation, or a
// tuple of those), which is most attribute values in a model. Such an
// expression has no variables and cannot fail, so evaluating it needs
// neither the variable check nor an EvalContext.
func literalValue(expr hcl.Expression) (cty.Value, bool) {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return e.Val, true
	case *hclsyntax.TemplateExpr:
		switch len(e.Parts) {
		case 0:
			return cty.StringVal(""), true
		case 1:
			if lit, ok := e.Parts[0].(*hclsyntax.LiteralValueExpr); ok && isPlainString(lit.Val) {
				return cty.StringVal(lit.Val.AsString()), true
			}
		}
		return cty.NilVal, false
	case *hclsyntax.TupleConsExpr:
		if len(e.Exprs) == 0 {
			return cty.EmptyTupleVal, true
		}
		vals := make([]cty.Value, len(e.Exprs))
		for i, x := range e.Exprs {
			v, ok := literalValue(x)
			if !ok {
				return cty.NilVal, false
			}
			vals[i] = v
		}
		return cty.TupleVal(vals), true
	}
	return cty.NilVal, false
}

// isPlainString reports whether v is a known, non-null, unmarked string.
func isPlainString(v cty.Value) bool {
	return v.Type() == cty.String && v.IsKnown() && !v.IsNull() && !v.IsMarked()
}

// fastDuration parses the common durations ("5m", "1h30m", "2d": whole
// numbers of known units, at most MaxDuration) in int64 arithmetic. It
// returns false for anything else, which ParseDuration's exact big.Rat path
// handles and explains.
func fastDuration(s string) (time.Duration, bool) {
	if s == "" || s[0] == '+' || s[0] == '-' || len(s) > maxValueLen {
		return 0, false
	}
	var total int64
	for s != "" {
		i := 0
		var n int64
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if i >= 15 { // n < 1e15 keeps n*unit checks overflow-free below
				return 0, false
			}
			n = n*10 + int64(s[i]-'0')
			i++
		}
		if i == 0 || i < len(s) && s[i] == '.' {
			return 0, false
		}
		s = s[i:]
		j := 0
		for j < len(s) && !(s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
			j++
		}
		unit, ok := durationUnits[s[:j]]
		if !ok {
			return 0, false
		}
		s = s[j:]
		if n > int64(MaxDuration)/unit {
			return 0, false
		}
		total += n * unit
		if total > int64(MaxDuration) {
			return 0, false
		}
	}
	return time.Duration(total), true
}

// validID reports whether id matches IDPattern, without the regexp engine.
func validID(id string) bool {
	if id == "" || !isAlnum(id[0]) {
		return false
	}
	for i := 1; i < len(id); i++ {
		if c := id[i]; !isAlnum(c) && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool { return c >= '0' && c <= '9' || isASCIILetter(c) }

// attrSet is a block's attributes as the decoders read them: a slice
// searched by name, in place of the map per block that hcl.BodyContent
// holds (those maps were a third of what a load allocated). A block has a
// handful of attributes, so the search is shorter than a hash.
type attrSet []hcl.Attribute

// get is the attribute called name, or nil when it is absent.
func (s attrSet) get(name string) *hcl.Attribute {
	for i := range s {
		if s[i].Name == name {
			return &s[i]
		}
	}
	return nil
}

// attrSetOf is the attrSet of Content's attributes, in source order (nil
// when there are none, as bodyContent's).
func attrSetOf(attrs hcl.Attributes) attrSet {
	if len(attrs) == 0 {
		return nil
	}
	s := make(attrSet, 0, len(attrs))
	for _, a := range attrs {
		s = append(s, *a)
	}
	slices.SortFunc(s, func(a, b hcl.Attribute) int { return cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte) })
	return s
}

// arena holds the attributes and blocks bodyContent hands out, so that
// decoding a service allocates them once, not once per block: they are
// overwritten after a reset, and the decoders keep none of them (they copy
// what the model holds: names, ranges, expressions). Within a service,
// everything handed out stays as it was.
type arena struct {
	attrs  []hcl.Attribute
	blocks []hcl.Block
	ptrs   []*hcl.Block
}

// reset starts the arena over: what it handed out before is reused.
func (a *arena) reset() {
	if a != nil {
		a.attrs, a.blocks, a.ptrs = a.attrs[:0], a.blocks[:0], a.ptrs[:0]
	}
}

// grow returns s with room for n more elements, at the end of a new
// array if it has not (the earlier elements stay where they were).
func grow[T any](s []T, n int) []T {
	if cap(s)-len(s) < n {
		return make([]T, len(s), max(2*cap(s), len(s)+n, 64))
	}
	return s
}

// bodyContent is body.Content(schema), its attributes as an attrSet; ok is
// false when Content gives no content. For a native-syntax body that
// Content would accept without a diagnostic (every item in the schema,
// labels right, required attributes present) it builds the same content
// directly, in ar when ar is not nil, skipping the "remaining body" and the
// maps Content allocates to find unexpected items; otherwise Content
// builds the diagnostics.
// body must come straight from the parser (not a PartialContent remainder).
func bodyContent(body hcl.Body, schema *hcl.BodySchema, ar *arena) (attrs attrSet, blocks hcl.Blocks, diags hcl.Diagnostics, ok bool) {
	sb, native := body.(*hclsyntax.Body)
	if !native {
		return generalContent(body, schema)
	}
	for name := range sb.Attributes {
		if !schemaHasAttr(schema, name) {
			return generalContent(sb, schema)
		}
	}
	for _, a := range schema.Attributes {
		if _, ok := sb.Attributes[a.Name]; a.Required && !ok {
			return generalContent(sb, schema)
		}
	}
	for _, b := range sb.Blocks {
		hs := schemaBlock(schema, b.Type)
		if hs == nil || len(hs.LabelNames) != len(b.Labels) {
			return generalContent(sb, schema)
		}
	}
	if ar == nil {
		ar = &arena{}
	}
	if len(sb.Attributes) > 0 {
		ar.attrs = grow(ar.attrs, len(sb.Attributes))
		n := len(ar.attrs)
		for _, a := range sb.Attributes {
			ar.attrs = append(ar.attrs, hcl.Attribute{Name: a.Name, Expr: a.Expr, Range: a.SrcRange, NameRange: a.NameRange})
		}
		attrs = attrSet(ar.attrs[n:len(ar.attrs):len(ar.attrs)])
		slices.SortFunc(attrs, func(a, b hcl.Attribute) int { return cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte) })
	}
	if len(sb.Blocks) > 0 {
		ar.blocks, ar.ptrs = grow(ar.blocks, len(sb.Blocks)), grow(ar.ptrs, len(sb.Blocks))
		np := len(ar.ptrs)
		for _, b := range sb.Blocks {
			ar.blocks = append(ar.blocks, hcl.Block{Type: b.Type, Labels: b.Labels, Body: b.Body, DefRange: b.DefRange(), TypeRange: b.TypeRange, LabelRanges: b.LabelRanges})
			ar.ptrs = append(ar.ptrs, &ar.blocks[len(ar.blocks)-1])
		}
		blocks = ar.ptrs[np:len(ar.ptrs):len(ar.ptrs)]
	}
	return attrs, blocks, nil, true
}

// generalContent is bodyContent by body.Content, which explains what is wrong.
func generalContent(body hcl.Body, schema *hcl.BodySchema) (attrSet, hcl.Blocks, hcl.Diagnostics, bool) {
	c, diags := body.Content(schema)
	if c == nil {
		return nil, nil, diags, false
	}
	return attrSetOf(c.Attributes), c.Blocks, diags, true
}

func schemaHasAttr(s *hcl.BodySchema, name string) bool {
	for _, a := range s.Attributes {
		if a.Name == name {
			return true
		}
	}
	return false
}

func schemaBlock(s *hcl.BodySchema, typ string) *hcl.BlockHeaderSchema {
	for i := range s.Blocks {
		if s.Blocks[i].Type == typ {
			return &s.Blocks[i]
		}
	}
	return nil
}
