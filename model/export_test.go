package model

import (
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
