package model

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// CheckFastParse is checkFastParse, for the tests in package model_test
// (which may import graphtest, itself importing model).
func CheckFastParse(t *testing.T, src []byte, name string) bool {
	t.Helper()
	return checkFastParse(t, src, name, hcl.InitialPos)
}

// CheckParseNative checks that parsing src in pieces of about chunk bytes
// gives exactly hclsyntax.ParseConfig's whole-file file and diagnostics.
func CheckParseNative(t *testing.T, src []byte, name string, chunk int) {
	t.Helper()
	want, wantDiags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	got, gotDiags := parseNative(src, name, cutPoints(src, chunk))
	if d := firstDiff(reflect.ValueOf(got), reflect.ValueOf(want), "file"); d != "" || !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Errorf("%s in pieces of %d bytes: differs from a whole-file parse: %s (diagnostics %v, want %v)", name, chunk, d, gotDiags, wantDiags)
	}
}

// FastParse is fastParse from the start of a file.
func FastParse(src []byte, name string) (*hclsyntax.Body, bool) {
	return fastParse(src, name, hcl.InitialPos)
}

// CheckDecodings loads srcs with the service blocks decoded in turn and at
// once (several workers, chunks of one and of a few blocks, and
// LoadSources' own) and checks that every load gives the same model and
// diagnostics, in the same order.
func CheckDecodings(t *testing.T, name string, srcs []Source) {
	t.Helper()
	want, wantDiags := loadSources(srcs, decoding{workers: 1})
	for _, dec := range []decoding{{workers: 3, chunk: 1}, {workers: 2, chunk: 7}, defaultDecoding} {
		got, gotDiags := loadSources(srcs, dec)
		if d := decodingDiff(want, got, wantDiags, gotDiags); d != "" {
			t.Errorf("%s decoded by %+v: %s", name, dec, d)
		}
	}
}

// decodingDiff says how two loads of the same sources differ, or is "".
// Functions are never deeply equal, so the laws are compared by their
// values and the evaluation contexts (of the model and of diagnostics) by
// their variables.
func decodingDiff(want, got *Model, wantDiags, gotDiags hcl.Diagnostics) string {
	if len(want.Services) != len(got.Services) {
		return fmt.Sprintf("%d services, want %d", len(got.Services), len(want.Services))
	}
	for i, s := range want.Services {
		g := got.Services[i]
		if len(s.Resources) != len(g.Resources) {
			return fmt.Sprintf("service %s: %d resources, want %d", s.ID, len(g.Resources), len(s.Resources))
		}
		for j, r := range s.Resources {
			gr := g.Resources[j]
			if (r.Law == nil) != (gr.Law == nil) {
				return fmt.Sprintf("resource %s.%s: law %v, want %v", s.ID, r.Name, gr.Law != nil, r.Law != nil)
			}
			for _, n := range []float64{0, 1, 7, 1000, 1e6} {
				if r.Law == nil {
					break
				}
				wv, werr := r.Law(n)
				gv, gerr := gr.Law(n)
				if wv != gv || fmt.Sprint(werr) != fmt.Sprint(gerr) {
					return fmt.Sprintf("resource %s.%s: law(%g) = %v, %v, want %v, %v", s.ID, r.Name, n, gv, gerr, wv, werr)
				}
			}
		}
	}
	strip := func(m *Model) *Model {
		c := *m
		c.ev = nil
		c.Services = make([]*Service, len(m.Services))
		for i, s := range m.Services {
			cs := *s
			cs.Resources = make([]*Resource, len(s.Resources))
			for j, r := range s.Resources {
				cr := *r
				cr.Law = nil
				cs.Resources[j] = &cr
			}
			c.Services[i] = &cs
		}
		c.Reindex()
		return &c
	}
	if !reflect.DeepEqual(strip(want), strip(got)) {
		return "the models differ"
	}
	if !reflect.DeepEqual(plainDiags(wantDiags), plainDiags(gotDiags)) {
		return fmt.Sprintf("diagnostics\n%v\nwant\n%v", gotDiags, wantDiags)
	}
	return ""
}

// plainDiags is d with each evaluation context replaced by its variables.
func plainDiags(d hcl.Diagnostics) []any {
	out := make([]any, len(d))
	for i, x := range d {
		c := *x
		var vars any
		if c.EvalContext != nil {
			vars = c.EvalContext.Variables
		}
		c.EvalContext = nil
		out[i] = []any{c, vars}
	}
	return out
}
