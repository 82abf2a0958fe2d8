package analyze

import (
	"bytes"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

// The registry is the one source of a rule's ID and documentation: each
// rule is documented on its Analyzer and lives in the file named after it.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range Rules() {
		if !regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`).MatchString(a.Name) || seen[a.Name] {
			t.Errorf("rule ID %q: not kebab-case or not unique", a.Name)
		}
		seen[a.Name] = true
		if a.Description() == "" || a.Help == "" || strings.Contains(a.Help, "\n") || a.Run == nil {
			t.Errorf("%s: a title and a description in Doc, a one-line Help and Run are required", a.Name)
		}
		if title := a.Title(); !strings.HasSuffix(title, ".") || strings.Count(title, ". ") > 0 {
			t.Errorf("%s: title %q: want one sentence", a.Name, title)
		}
		if a.Identity != nil {
			subjects := []string{"a", "b", "c"}
			id := a.Identity(subjects)
			rest := slices.DeleteFunc(slices.Clone(subjects), func(s string) bool { return !slices.Contains(id, s) })
			if len(id) == 0 || !slices.Equal(id, rest) {
				t.Errorf("%s: Identity(%q) = %q, want some of the subjects, in their order", a.Name, subjects, id)
			}
		}
		file := strings.ReplaceAll(a.Name, "-", "_") + ".go"
		if _, err := os.Stat(file); err != nil {
			t.Errorf("%s: not in %s", a.Name, file)
		}
	}
}

// model validates `policy { ignore "RULE" }` against model.RuleIDs; model
// sits below analyze and cannot read the registry, so this holds it to it.
func TestRuleIDsMatchRegistry(t *testing.T) {
	var ids []string
	for _, a := range Rules() {
		ids = append(ids, a.Name)
	}
	slices.Sort(ids)
	if !slices.Equal(model.RuleIDs, ids) {
		t.Errorf("model.RuleIDs = %q\nwant the registry's IDs, sorted: %q (edit model/rules.go)", model.RuleIDs, ids)
	}
}

// docs/rules.md documents every rule: a row of its table linking to the
// rule's `## rule-id` section, in the registry's order. The SARIF and
// JUnit help URIs point there.
func TestRulesDocumented(t *testing.T) {
	b, err := os.ReadFile("../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	var sections, rows []string
	for _, m := range regexp.MustCompile(`(?m)^## ([a-z-]+)$`).FindAllStringSubmatch(doc, -1) {
		sections = append(sections, m[1])
	}
	for _, m := range regexp.MustCompile("(?m)^\\| \\[`([a-z-]+)`\\]\\(#([a-z-]+)\\) \\|").FindAllStringSubmatch(doc, -1) {
		if m[1] != m[2] {
			t.Errorf("docs/rules.md: row %s links to #%s", m[1], m[2])
		}
		rows = append(rows, m[1])
	}
	var ids []string
	for _, a := range Rules() {
		ids = append(ids, a.Name)
	}
	if !slices.Equal(sections, ids) || !slices.Equal(rows, ids) {
		t.Errorf("docs/rules.md: sections %q and table rows %q, want one of each per rule, in the registry's order %q", sections, rows, ids)
	}
}

// A pass sees the results of what its analyzer requires, typed by fact.Of;
// reading a fact it does not require is a programming error, caught at
// once with the names of both.
func TestFactOf(t *testing.T) {
	probe := &Analyzer{Name: "probe", Requires: []*Analyzer{fateFact.Analyzer}, Run: func(p *Pass) (any, error) {
		if f := fateFact.Of(p); f == nil || len(f.Victims) != p.Graph.Len() {
			t.Errorf("fate = %+v", f)
		}
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), "probe reads impact without requiring it") {
				t.Errorf("recover() = %v", r)
			}
		}()
		impactFact.Of(p)
		return nil, nil
	}}
	if _, err := runAll(graphtest.Build(graphtest.Svc("a", graphtest.Dep("b", model.ImpactOutage, 0)), graphtest.Svc("b")), probe); err != nil {
		t.Fatal(err)
	}
}

// The driver runs an analyzer after what it requires, in waves of
// analyzers that run beside each other; a requirement cycle is an error,
// and what ran already is not run again.
func TestSchedule(t *testing.T) {
	a := &Analyzer{Name: "a"}
	b := &Analyzer{Name: "b", Requires: []*Analyzer{a}}
	c := &Analyzer{Name: "c"}
	d := &Analyzer{Name: "d", Requires: []*Analyzer{b, c}}
	e := &Analyzer{Name: "e", Requires: []*Analyzer{a}}
	// show writes waves as "a c | b e | d".
	show := func(waves [][]*Analyzer) string {
		var names []string
		for i, w := range waves {
			if i > 0 {
				names = append(names, "|")
			}
			for _, x := range w {
				names = append(names, x.Name)
			}
		}
		return strings.Join(names, " ")
	}
	waves, err := schedule([]*Analyzer{d, e}, nil)
	if want := "a c | b e | d"; err != nil || show(waves) != want {
		t.Errorf("schedule(d, e) = %q, %v; want %q", show(waves), err, want)
	}
	waves, err = schedule([]*Analyzer{d}, map[*Analyzer]any{a: nil, b: nil})
	if want := "c | d"; err != nil || show(waves) != want {
		t.Errorf("schedule(d) after a and b = %q, %v; want %q", show(waves), err, want)
	}
	x := &Analyzer{Name: "x"}
	y := &Analyzer{Name: "y", Requires: []*Analyzer{x}}
	x.Requires = []*Analyzer{y}
	if _, err := schedule([]*Analyzer{y}, nil); err == nil || !strings.Contains(err.Error(), "requires itself") {
		t.Errorf("schedule of a cycle: err = %v", err)
	}
}

// The rules run beside each other, each on scratch of its own: the result
// is the same on one core as on several.
func TestAnalyzeOnAnyCores(t *testing.T) {
	m := graphtest.Generate(400, 2000, 5)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one := analyzeJSON(t, m)
	runtime.GOMAXPROCS(4)
	if many := analyzeJSON(t, m); !bytes.Equal(one, many) {
		t.Error("Analyze on 4 cores differs from Analyze on 1")
	}
}
