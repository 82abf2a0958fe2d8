package model

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestLiteralValue(t *testing.T) {
	tests := []struct {
		src     string
		literal bool
	}{
		{`1`, true}, {`1.5`, true}, {`1e300`, true}, {`true`, true}, {`null`, true},
		{`"x"`, true}, {`""`, true}, {`"é 🚀"`, true}, {`"a\nb"`, true}, {`"$${x}"`, true},
		{`["a", 1, true]`, true}, {`[]`, true}, {`[["a"], []]`, true},
		{"<<EOT\nx\nEOT\n", true},
		{`"a${1}"`, false}, {`"${local.x}"`, false}, {`local.x`, false}, {`-1`, false},
		{`1 + 2`, false}, {`["a", local.x]`, false}, {`{a = 1}`, false}, {`max(1, 2)`, false},
		{`"%{if true}x%{endif}"`, false},
	}
	for _, tt := range tests {
		expr, d := hclsyntax.ParseExpression([]byte(tt.src), "x.hcl", hcl.InitialPos)
		if d.HasErrors() {
			t.Fatalf("%s: %s", tt.src, d.Error())
		}
		got, ok := literalValue(expr)
		if ok != tt.literal {
			t.Errorf("literalValue(%s) ok = %v, want %v", tt.src, ok, tt.literal)
			continue
		}
		if !ok {
			continue
		}
		want, d := expr.Value(nil)
		if d.HasErrors() || !got.RawEquals(want) {
			t.Errorf("literalValue(%s) = %#v, want %#v (%v)", tt.src, got, want, d)
		}
	}
}

func TestFastDuration(t *testing.T) {
	tests := []struct {
		in   string
		fast bool
	}{
		{"5m", true}, {"90s", true}, {"1h30m", true}, {"2d", true}, {"1d12h", true}, {"0s", true},
		{"100us", true}, {"3µs", true}, {"3μs", true}, {"007ms", true}, {"36500d", true},
		{"36501d", false}, {"876000h1ns", false}, {"999999999999999d", false}, {"9999999999999999999ns", false},
		{"1.5h", false}, {".5h", false}, {"0", false}, {"", false}, {"-5m", false}, {"+5m", false},
		{"5", false}, {"m", false}, {"5x", false}, {"5m3", false}, {"5 m", false}, {"1..2s", false},
		{strings.Repeat("1", 70) + "s", false},
	}
	for _, tt := range tests {
		got, ok := fastDuration(tt.in)
		if ok != tt.fast {
			t.Errorf("fastDuration(%q) ok = %v, want %v", tt.in, ok, tt.fast)
		}
		want, err := parseDurationExact(tt.in)
		if ok && (err != nil || got != want) {
			t.Errorf("fastDuration(%q) = %v, exact = %v, %v", tt.in, got, want, err)
		}
		if pd, perr := ParseDuration(tt.in); pd != want || (perr == nil) != (err == nil) || perr != nil && perr.Error() != err.Error() {
			t.Errorf("ParseDuration(%q) = %v, %v; exact = %v, %v", tt.in, pd, perr, want, err)
		}
	}
}

func TestValidID(t *testing.T) {
	for _, id := range []string{"a", "A", "0", "svc-00001", "a.b_c-d", "", "-a", "_a", ".a", "a b", "a\n", "\na", "é", "aé", "a/b", "a$", "Z9"} {
		if got, want := validID(id), IDPattern.MatchString(id); got != want {
			t.Errorf("validID(%q) = %v, IDPattern says %v", id, got, want)
		}
	}
}

func TestBodyContent(t *testing.T) {
	bodies := []string{
		"",
		"title = \"x\"\nrole = \"service\"\n",
		"tags = []\ntitle = \"x\"\ncriticality = \"high\"\nrole = \"service\"\nmonitors = [\"a\"]\n",
		"servers = 3\n",
		"depends_on \"a\" {}\ndepends_on \"b\" {}\nfleet {}\nresource \"r\" {}\n",
		"titel = \"x\"\n",
		"depends_on {}\n",
		"depends_on \"a\" \"b\" {}\n",
		"fleet \"x\" {}\n",
		"unknown {}\n",
		"fleet = 1\n",
		"tags {}\n",
	}
	schemas := []*hcl.BodySchema{serviceSchema, fleetSchema, resourceSchema, rootSchema}
	for _, src := range bodies {
		for si, schema := range schemas {
			f, d := hclsyntax.ParseConfig([]byte(src), "b.hcl", hcl.InitialPos)
			if d.HasErrors() {
				t.Fatalf("%q: %s", src, d.Error())
			}
			attrs, blocks, gotD, ok := bodyContent(f.Body, schema, nil)
			want, wantD := f.Body.Content(schema)
			sortDiags(gotD) // Content reports unexpected attributes in map order
			sortDiags(wantD)
			if ok != (want != nil) || !reflect.DeepEqual(attrs, attrSetOf(want.Attributes)) || !reflect.DeepEqual(blocks, want.Blocks) || !reflect.DeepEqual(gotD, wantD) {
				t.Errorf("bodyContent(%q, schema %d) = %v %v %v, want %v %v", src, si, attrs, blocks, gotD, want, wantD)
			}
			for name, a := range want.Attributes {
				if got := attrs.get(name); got == nil || *got != *a {
					t.Errorf("bodyContent(%q, schema %d): attribute %s = %v, want %v", src, si, name, got, a)
				}
			}
		}
	}
}
