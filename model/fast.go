package model

import (
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

// bodyContent is body.Content(schema). For a native-syntax body that Content
// would accept without a diagnostic (every item in the schema, labels
// right, required attributes present) it builds the same BodyContent
// directly, skipping the "remaining body" and the maps Content allocates
// to find unexpected items; otherwise Content builds the diagnostics.
// body must come straight from the parser (not a PartialContent remainder).
func bodyContent(body hcl.Body, schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return body.Content(schema)
	}
	// One pass over the attributes both checks them against the schema and
	// builds the content's; the nodes of a body come in one allocation.
	c := &hcl.BodyContent{Attributes: make(hcl.Attributes, len(sb.Attributes)), MissingItemRange: sb.MissingItemRange()}
	attrs := make([]hcl.Attribute, len(sb.Attributes))
	i := 0
	for name, a := range sb.Attributes {
		if !schemaHasAttr(schema, name) {
			return sb.Content(schema)
		}
		attrs[i] = *a.AsHCLAttribute()
		c.Attributes[name] = &attrs[i]
		i++
	}
	for _, a := range schema.Attributes {
		if _, ok := sb.Attributes[a.Name]; a.Required && !ok {
			return sb.Content(schema)
		}
	}
	for _, b := range sb.Blocks {
		hs := schemaBlock(schema, b.Type)
		if hs == nil || len(hs.LabelNames) != len(b.Labels) {
			return sb.Content(schema)
		}
	}
	if len(sb.Blocks) > 0 {
		blocks := make([]hcl.Block, len(sb.Blocks))
		c.Blocks = make(hcl.Blocks, len(sb.Blocks))
		for i, b := range sb.Blocks {
			blocks[i] = *b.AsHCLBlock()
			c.Blocks[i] = &blocks[i]
		}
	}
	return c, nil
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
