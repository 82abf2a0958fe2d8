package topology

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
)

// TestImport imports each fixture (written from the formats' public
// documentation) and compares the HCL, and the diagnostics, with golden
// files. Every successful import must be canonical and a valid model.
func TestImport(t *testing.T) {
	cases := []struct {
		format string
		files  []string
		golden string
		fails  bool
		notes  *strings.Replacer // not nil: golden is another case's, with these notes
	}{
		{"backstage", []string{"catalog-info.yaml", "more.yaml"}, "catalog", false, nil},
		{"backstage", []string{"truncated.yaml"}, "truncated", true, nil},
		{"backstage", []string{"collision.yaml"}, "collision", true, nil},
		{"backstage", []string{"catalog-info.yaml", "duplicate.yaml"}, "duplicate", true, nil},
		{"backstage", []string{"more.yaml", "more.yaml"}, "twice", true, nil},
		{"jaeger", []string{"dependencies.json"}, "dependencies", false, nil},
		// Two Jaeger files import as one: dependencies.json's model with the
		// calls of bare.json added (40 frontend -> orders, 3 orders ->
		// payments) and both files named in the notes.
		{"jaeger", []string{"dependencies.json", "bare.json"}, "dependencies", false, strings.NewReplacer(
			"dependencies.json: 1210 calls", "dependencies.json, testdata/jaeger/bare.json: 1250 calls",
			"dependencies.json: 96 calls", "dependencies.json, testdata/jaeger/bare.json: 99 calls")},
		{"jaeger", []string{"invalid.json"}, "invalid", true, nil},
		{"jaeger", []string{"failed.json"}, "failed", true, nil},
		{"jaeger", []string{"collision.json"}, "collision", true, nil},
		{"otel", []string{"metrics.txt"}, "metrics", false, nil},
		{"otel", []string{"prefixed.txt"}, "prefixed", false, nil},
		{"otel", []string{"bad.txt"}, "bad", true, nil},
		{"compose", []string{"docker-compose.yml", "docker-compose.override.yml"}, "compose", false, nil},
		{"compose", []string{"truncated.yml"}, "truncated", true, nil},
		{"compose", []string{"undefined.yml"}, "undefined", true, nil},
		{"terraform", []string{"state.json"}, "state", false, nil},
		{"terraform", []string{"plan.json"}, "plan", false, nil},
		{"terraform", []string{"truncated.json"}, "truncated", true, nil},
		{"terraform", []string{"version.json"}, "version", true, nil},
	}
	for _, c := range cases {
		name := c.format + "/" + c.golden
		if c.notes != nil {
			name += "+" + strings.Join(c.files[1:], "+")
		}
		t.Run(name, func(t *testing.T) {
			f, err := Lookup(c.format)
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, fn := range c.files {
				paths = append(paths, filepath.Join("testdata", c.format, fn))
			}
			top := ImportFiles(f, paths)
			if got := top.Diags.HasErrors(); got != c.fails {
				t.Fatalf("errors = %v, want %v:\n%s", got, c.fails, diagText(top.Diags))
			}
			golden := filepath.Join("testdata", c.format, c.golden)
			if len(top.Diags) > 0 || c.fails {
				compareGolden(t, golden+".diags", []byte(diagText(top.Diags)), c.notes)
			}
			if c.fails {
				return
			}
			out := top.HCL()
			compareGolden(t, golden+".hcl", out, c.notes)
			checkModel(t, out)
		})
	}
}

// compareGolden compares got with the golden file path, which -update
// rewrites; with edit, got is path's content with edit's replacements,
// and path (another case's golden) is only read.
func compareGolden(t *testing.T, path string, got []byte, edit *strings.Replacer) {
	t.Helper()
	if edit == nil {
		modeltest.Golden(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if w := edit.Replace(string(want)); string(got) != w {
		t.Errorf("got:\n%s\nwant %s with its replacements:\n%s", got, path, w)
	}
}

// checkModel requires src to be canonical (blast fmt --check accepts it)
// and a valid model.
func checkModel(t *testing.T, src []byte) *model.Model {
	t.Helper()
	formatted, diags := model.Format("import.hcl", src)
	if diags.HasErrors() {
		t.Fatalf("output does not parse: %s", diagText(diags))
	}
	if !bytes.Equal(formatted, src) {
		t.Errorf("output is not canonical; blast fmt would write:\n%s", formatted)
	}
	m, diags := model.LoadSources([]model.Source{{Filename: "import.hcl", Bytes: src}})
	if diags.HasErrors() {
		t.Fatalf("output is not a valid model: %s\n%s", diagText(diags), src)
	}
	return m
}

func diagText(d hcl.Diagnostics) string {
	var b bytes.Buffer
	_ = model.WriteDiagnostics(&b, nil, map[string]*hcl.File{}, d, false)
	return b.String()
}

func TestDeterministic(t *testing.T) {
	f, _ := Lookup("backstage")
	paths := []string{"testdata/backstage/catalog-info.yaml", "testdata/backstage/more.yaml"}
	first := ImportFiles(f, paths).HCL()
	for i := 0; i < 5; i++ {
		if got := ImportFiles(f, paths).HCL(); !bytes.Equal(got, first) {
			t.Fatalf("run %d differs:\n%s\n---\n%s", i, got, first)
		}
	}
}

func TestMakeID(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"orders", "orders"},
		{"cart service", "cart-service"},
		{"aws_instance.web[0]", "aws_instance.web-0-"},
		{`module.net.aws_subnet.private["a"]`, "module.net.aws_subnet.private--a--"},
		{"_internal", "internal"},
		{"--x", "x"},
		{"zahlungsdienst-ü", "zahlungsdienst--"},
		{"日本", ""},
		{"", ""},
	} {
		if got := MakeID(c.in); got != c.want {
			t.Errorf("MakeID(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := MakeID(c.in); got != "" && !model.IDPattern.MatchString(got) {
			t.Errorf("MakeID(%q) = %q is not a valid ID", c.in, got)
		}
	}
}

func TestConfigAddress(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"aws_instance.web", "aws_instance.web"},
		{"aws_instance.web[0]", "aws_instance.web"},
		{`module.app["x"].aws_instance.web[12]`, "module.app.aws_instance.web"},
		{`aws_s3_bucket.b["a]b.c\"d"]`, "aws_s3_bucket.b"},
	} {
		if got := configAddress(c.in); got != c.want {
			t.Errorf("configAddress(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		format, src, want string
	}{
		{"jaeger", "", "Empty file"},
		{"jaeger", "  \n\t\n", "Empty file"},
		{"otel", "", "Empty file"},
		{"backstage", "\n", "Empty file"},
		{"jaeger", `{"data": []}`, "Nothing to import"},
		{"jaeger", `{"data": [{"parent": "a", "child": "b", "callCount": "7"}]}`, "callCount holds a string"},
		{"jaeger", `{"data": [{"parent": "a", "callCount": 7}]}`, `needs a non-empty "parent" and "child"`},
		{"jaeger", `{"data": [{"parent": "a", "child": "b", "callCount": -1}]}`, "never negative"},
		{"jaeger", `{"data": [{"parent": "a", "child": "b"}]} {}`, "more JSON follows"},
		{"jaeger", `{"services": []}`, `no "data" list`},
		{"jaeger", `{"data": [{"parent": "a", "child": "b", "callCount": 1}`, "truncated"},
		{"otel", "# TYPE x counter\nx{a=\"b\"} one\n", "expected float as value"},
		{"otel", "process_uptime 12\n", "Nothing to import"},
		{"backstage", "kind: Component\n", "needs a kind and a metadata.name"},
		{"backstage", "- a\n- b\n", "is a mapping"},
		{"backstage", "kind: Component\nmetadata: {name: a}\nspec: {dependsOn: resource:b}\n", "is a list of entity refs"},
		{"backstage", "kind: Component\nmetadata: {name: a}\nspec: {dependsOn: [\"x:y:z\"]}\n", "is not an entity ref"},
		{"terraform", `{"values": {}}`, "has no format_version"},
		{"terraform", `{"format_version": "1.2", "planned_values": {}}`, "no prior_state"},
		{"compose", "services: {}\n", "Nothing to import"},
	} {
		f, err := Lookup(c.format)
		if err != nil {
			t.Fatal(err)
		}
		top := Import(f, []Source{{Name: "in", R: strings.NewReader(c.src)}})
		got := diagText(top.Diags)
		if !top.Diags.HasErrors() || !strings.Contains(got, c.want) {
			t.Errorf("%s %q: want an error containing %q, got:\n%s", c.format, c.src, c.want, got)
		}
	}
}

func TestLookup(t *testing.T) {
	if _, err := Lookup("jager"); err == nil || !strings.Contains(err.Error(), `Did you mean "jaeger"?`) {
		t.Errorf("Lookup(jager) = %v", err)
	}
}

// TestLacking: --into writes only what the model lacks, as service blocks
// and extend blocks that load together with the model.
func TestLacking(t *testing.T) {
	f, _ := Lookup("jaeger")
	top := ImportFiles(f, []string{"testdata/jaeger/dependencies.json"})
	m, diags := model.Load("testdata/jaeger/infra.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	out := Lacking(top, m).HCL()
	modeltest.Golden(t, "testdata/jaeger/lacking.hcl", out)
	if f, _ := model.Format("x.hcl", out); !bytes.Equal(f, out) {
		t.Errorf("not canonical:\n%s", f)
	}
	infra, _ := os.ReadFile("testdata/jaeger/infra.hcl")
	both, diags := model.LoadSources([]model.Source{{Filename: "infra.hcl", Bytes: infra}, {Filename: "lacking.hcl", Bytes: out}})
	if diags.HasErrors() {
		t.Fatalf("model and what it lacks do not load together: %s", diagText(diags))
	}
	if again := Lacking(top, both); len(again.Services) != 0 {
		t.Errorf("after adding what it lacked, the model still lacks:\n%s", again.HCL())
	}
	// What the user declared stays: orders -> postgres is degraded in infra.hcl.
	if d := both.Service("orders").DependsOn[0]; d.To != "postgres" || d.Impact != model.ImpactDegraded {
		t.Errorf("orders -> postgres changed: %+v", d)
	}
}
