package model

import (
	"errors"
	"math"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	"github.com/zclconf/go-cty/cty/gocty"
)

// functions returns the functions available in expressions: the numeric
// functions of Terraform's standard library under their Terraform names.
// log and pow are wrapped so that a domain error (log of a negative number,
// a root of a negative number) is an error, never a NaN.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"abs":      stdlib.AbsoluteFunc,
		"ceil":     stdlib.CeilFunc,
		"floor":    stdlib.FloorFunc,
		"log":      safeFloat2("log", func(a, b float64) float64 { return math.Log(a) / math.Log(b) }),
		"pow":      safeFloat2("pow", math.Pow),
		"sqrt":     safeFloat1("sqrt", math.Sqrt),
		"max":      stdlib.MaxFunc,
		"min":      stdlib.MinFunc,
		"signum":   stdlib.SignumFunc,
		"parseint": stdlib.ParseIntFunc,
	}
}

var errNotFinite = errors.New("result is not a finite number")

func finiteResult(name string, v float64) (cty.Value, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return cty.UnknownVal(cty.Number), errors.New(name + ": " + errNotFinite.Error())
	}
	return cty.NumberFloatVal(v), nil
}

func safeFloat1(name string, f func(float64) float64) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "num", Type: cty.Number}},
		Type:   function.StaticReturnType(cty.Number),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			var a float64
			if err := gocty.FromCtyValue(args[0], &a); err != nil {
				return cty.UnknownVal(cty.Number), err
			}
			return finiteResult(name, f(a))
		},
	})
}

func safeFloat2(name string, f func(a, b float64) float64) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "num", Type: cty.Number}, {Name: "other", Type: cty.Number}},
		Type:   function.StaticReturnType(cty.Number),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			var a, b float64
			if err := gocty.FromCtyValue(args[0], &a); err != nil {
				return cty.UnknownVal(cty.Number), err
			}
			if err := gocty.FromCtyValue(args[1], &b); err != nil {
				return cty.UnknownVal(cty.Number), err
			}
			return finiteResult(name, f(a, b))
		},
	})
}
