package model

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/rogpeppe/go-internal/txtar"
)

// checkFastParse compares fastParse with hclsyntax.ParseConfig on src: when
// the fast path accepts src, HCL must accept it without a diagnostic and
// build the same body, and parseConfig the same file. It reports whether
// the fast path accepted src.
func checkFastParse(t *testing.T, src []byte, name string, start hcl.Pos) bool {
	t.Helper()
	body, ok := fastParse(src, name, start)
	if !ok {
		return false
	}
	want, wantDiags := hclsyntax.ParseConfig(src, name, start)
	if len(wantDiags) > 0 {
		t.Errorf("%s: the fast path accepted a source hclsyntax rejects: %v", name, wantDiags)
		return true
	}
	if d := firstDiff(reflect.ValueOf(body), reflect.ValueOf(want.Body), "body"); d != "" {
		t.Errorf("%s: the fast path's body differs from hclsyntax's: %s", name, d)
		return true
	}
	got, gotDiags := parseConfig(src, name, start)
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Errorf("%s: parseConfig's file or diagnostics differ from hclsyntax's", name)
	}
	return true
}

// firstDiff names the first place where a and b differ, unexported fields
// included, or returns "" when they are deeply equal.
func firstDiff(a, b reflect.Value, path string) string {
	if a.IsValid() != b.IsValid() {
		return path + ": one side is missing"
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: type %s, want %s", path, a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v, want nil %v", path, a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return ""
		}
		return firstDiff(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := firstDiff(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v, want nil %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d, want %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := firstDiff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d entries (nil %v), want %d (nil %v)", path, a.Len(), a.IsNil(), b.Len(), b.IsNil())
		}
		for _, k := range a.MapKeys() {
			if d := firstDiff(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
		return ""
	}
	if a.CanInterface() && b.CanInterface() {
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %v, want %v", path, a.Interface(), b.Interface())
		}
		return ""
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		return fmt.Sprintf("%s: %v, want %v", path, a, b)
	}
	return ""
}

// repoSources are the native-syntax files of the repository: every .hcl
// file (examples, testdata) and every .hcl file inside a txtar archive (the
// CLI's scripts).
func repoSources(t testing.TB) map[string][]byte {
	srcs := map[string][]byte{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		switch {
		case strings.HasSuffix(path, ".hcl"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			srcs[path] = b
		case strings.HasSuffix(path, ".txtar"):
			a, err := txtar.ParseFile(path)
			if err != nil {
				return err
			}
			for _, f := range a.Files {
				if strings.HasSuffix(f.Name, ".hcl") {
					srcs[path+"/"+f.Name] = f.Data
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return srcs
}

// TestFastParseRepository checks the fast path against hclsyntax on every
// model in the repository, and that it takes most of them.
func TestFastParseRepository(t *testing.T) {
	srcs := repoSources(t)
	if len(srcs) < 50 {
		t.Fatalf("found %d sources: the test looks in the wrong place", len(srcs))
	}
	taken := 0
	for name, src := range srcs {
		if checkFastParse(t, src, name, hcl.InitialPos) {
			taken++
		}
	}
	t.Logf("fast path took %d of %d sources", taken, len(srcs))
	if taken < len(srcs)/2 {
		t.Errorf("the fast path took only %d of %d sources", taken, len(srcs))
	}
}

// TestFastParse checks the fast path on the constructs of its subset and
// at its edges, where it must either decline or agree with hclsyntax.
func TestFastParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		take bool // whether the fast path must take it (else it may decline)
	}{
		{"empty", "", true},
		{"blank lines", "\n\n  \n", true},
		{"empty block", "service \"a\" {}\n", true},
		{"block at EOF", "service \"a\" {\n}", true},
		{"labels", "a \"b\" c \"\" {\n}\n", true},
		{"nested", "service \"a\" {\n  depends_on \"b\" {\n    impact = \"outage\"\n\n    buffer {\n      fills_in = \"1h\"\n    }\n  }\n}\n", true},
		{"one-line block", "service \"a\" { title = \"x\" }\n", true},
		{"one-line nested", "a {\n  b { c = [1, 2] }\n}\n", true},
		{"literals", "a = 1\nb = 1.5e3\nc = true\nd = false\ne = null\nf = \"\"\ng = 0.25\nh = 1E-3\n", true},
		{"strings", "a = \"x y\"\nb = \"50% $5 $ %\"\nc = \"tab\there\"\n", true},
		{"escapes", "a = \"q\\\"u\\\\o\\nt\\r\\te\"\nb \"l\\\"abel\" {}\n", true},
		{"tuples", "a = []\nb = [1]\nc = [\"x\", \"y\",]\nd = [\n  1,\n  # c\n  2, // d\n  [3],\n]\n", true},
		{"objects", "a = {}\nb = { x = 1, y = \"z\" }\nc = {\n  x = 1\n  \"y\" : [2]\n\n  z = { w = null },\n}\n", true},
		{"traversals", "a = local.x\nb = x.y.z\nc = x[0]\nd = x[\"k\"].y\ne = N\n", true},
		{"calls", "a = max(1, 2)\nb = f()\nc = g(x.y, [1],)\nd = h(\n  1,\n  2\n)\n", true},
		{"comments", "# top\n// also\n/* block\n   comment */ service \"a\" { # x\n  a = 1 # y\n  /* z */ b = 2 // w\n}\n# end", true},
		{"comment first", "/* a */\nb = 1\n", true},
		{"CRLF", "service \"a\" {\r\n  a = 1 # c\r\n  b = [\r\n    1,\r\n  ]\r\n}\r\n", true},
		{"tabs", "a {\n\tb = 1\n\tc\t= \"x\"\n}\n", true},
		{"ident labels and dashes", "a b-c d_e {\n  f-g = h-i\n}\n", true},
		{"no trailing newline", "a = 1", true},

		{"operator", "a = 1 + 2\n", false},
		{"negative", "a = -1\n", false},
		{"conditional", "a = x ? 1 : 2\n", false},
		{"template", "a = \"${x}\"\n", false},
		{"escaped template", "a = \"$${x}\"\n", false},
		{"directive", "a = \"%{if x}y%{endif}\"\n", false},
		{"unicode escape", "a = \"\\u00e9\"\n", false},
		{"bad escape", "a = \"\\q\"\n", false},
		{"heredoc", "a = <<EOT\nx\nEOT\n", false},
		{"for", "a = [for x in y: x]\n", false},
		{"object for", "a = {for k, v in y: k => v}\n", false},
		{"splat", "a = x[*].y\n", false},
		{"attr splat", "a = x.*.y\n", false},
		{"index expr", "a = x[y]\n", false},
		{"relative traversal", "a = [1][0]\n", false},
		{"legacy index", "a = x.0\n", false},
		{"parens", "a = (1)\n", false},
		{"namespaced call", "a = x::f(1)\n", false},
		{"expanded call", "a = f(x...)\n", false},
		{"non-ASCII", "a = \"é\"\n", false},
		{"BOM", "\xef\xbb\xbfa = 1\n", false},
		{"invalid UTF-8", "a = \"\xff\"\n", false},
		{"lone CR", "a = 1\rb = 2\n", false},
		{"duplicate attribute", "a = 1\na = 2\n", false},
		{"missing newline", "a = 1 b = 2\n", false},
		{"comma after attribute", "a = 1,\n", false},
		{"unclosed block", "a {\n", false},
		{"unclosed string", "a = \"x\n", false},
		{"unclosed comment", "a = 1 /* x\n", false},
		{"bad number", "a = 1.2.3\n", false},
		{"number then dot", "a = 1.\n", false},
		{"block on one line with two", "a { b = 1, c = 2 }\n", false},
		{"one-line block with newline", "a { b = 1\n}\n", false},
		{"equals in block header", "a = {\n}\nb \"x\" = {}\n", false},
		{"missing value", "a =\n", false},
		{"quoted name", "\"a\" = 1\n", false},
		{"block then attr on same line", "a {} b = 1\n", false},
		{"NUL", "a = 1 # \x00\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			if took := checkFastParse(t, src, "t.hcl", hcl.InitialPos); took != tt.take {
				_, diags := hclsyntax.ParseConfig(src, "t.hcl", hcl.InitialPos)
				t.Errorf("fast path took it: %v, want %v (hclsyntax: %v)", took, tt.take, diags)
			}
			// A piece of a file starts at a later line and offset.
			checkFastParse(t, src, "t.hcl", hcl.Pos{Line: 7, Column: 1, Byte: 1234})
		})
	}
}

// FuzzFastParse checks that on any input the fast path either declines or
// builds exactly hclsyntax's body for a source hclsyntax accepts.
func FuzzFastParse(f *testing.F) {
	srcs := repoSources(f)
	for _, name := range slices.Sorted(maps.Keys(srcs)) {
		f.Add(srcs[name])
	}
	f.Add([]byte("a = { x = [1, \"y\"], z = f(a.b[0], \"\\\"\") }\n# c\r\nb \"c\" d { e = 1 }\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFastParse(t, src, "fuzz.hcl", hcl.InitialPos)
	})
}
