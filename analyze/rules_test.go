package analyze

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/topology"
)

// TestRules runs each rule over its fixtures, in the manner of
// golang.org/x/tools/go/analysis/analysistest: testdata/rules/RULE-ID/
// holds HCL models, one per file, and a comment
//
//	# want [SEVERITY] "MESSAGE-REGEXP" [path "A -> B"] ...
//
// on the line where a finding's range must start says that the rule
// reports a finding there whose message matches the regular expression
// (and, when given, whose severity and dependency path are those). Every
// finding must be wanted and every want found; a file without wants is a
// model the rule must stay quiet on.
func TestRules(t *testing.T) {
	for _, a := range Rules() {
		files, _ := filepath.Glob(filepath.Join("testdata", "rules", a.Name, "*.hcl"))
		if len(files) < 2 {
			t.Errorf("%s: %d fixtures in testdata/rules/%s, want what it reports and what it does not", a.Name, len(files), a.Name)
		}
		for _, file := range files {
			t.Run(a.Name+"/"+filepath.Base(file), func(t *testing.T) { checkFixture(t, a, file) })
		}
	}
}

// want is one expected finding.
type want struct {
	line     int
	severity string // empty: any
	message  *regexp.Regexp
	path     string // empty: any
}

func (w want) String() string {
	s := fmt.Sprintf("line %d: %s %q", w.line, w.severity, w.message)
	if w.path != "" {
		s += " path " + strconv.Quote(w.path)
	}
	return s
}

func (w want) matches(f Finding) bool {
	return f.Range.Start.Line == w.line && w.message.MatchString(f.Message) &&
		(w.severity == "" || w.severity == f.Severity.String()) &&
		(w.path == "" || w.path == strings.Join(f.Path, " -> "))
}

// checkFixture loads one fixture, runs rule a over it and matches its
// findings with the file's wants.
func checkFixture(t *testing.T, a *Analyzer, file string) {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, diags := model.LoadSources([]model.Source{{Filename: file, Bytes: src}})
	if diags.HasErrors() {
		t.Fatalf("fixture does not load: %s", diags.Error())
	}
	wants := parseWants(t, file, string(src))
	// A drift rule's fixture has its observed calls beside it, in
	// NAME.observed.json (Jaeger's dependencies).
	var obs *Observed
	if calls := strings.TrimSuffix(file, ".hcl") + ".observed.json"; fileExists(calls) {
		top := topology.ReadObserved(context.Background(), calls, "jaeger", 0)
		if top.Diags.HasErrors() {
			t.Fatalf("observations do not load: %s", top.Diags.Error())
		}
		obs = &Observed{Calls: top, MinCalls: 1}
	}
	d, err := runObserved(m, obs, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range d.findings {
		if f.Range == nil {
			t.Errorf("finding without a range: %s", f.Message)
			continue
		}
		found := false
		for i, w := range wants {
			if w.matches(f) {
				wants = append(wants[:i], wants[i+1:]...)
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s:%d: unexpected finding: %s %s (path %s)", file, f.Range.Start.Line, f.Severity, f.Message, strings.Join(f.Path, " -> "))
		}
	}
	for _, w := range wants {
		t.Errorf("%s: no finding matches the want at %s", file, w)
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

var (
	wantComment = regexp.MustCompile(`#\s*want\s+(.*)$`)
	// wantToken is a severity, the word path, or a string: "..." (where
	// \" is a quote and every other backslash stays, for the regexp) or
	// `...` (raw).
	wantToken = regexp.MustCompile("^\\s*(?:(error|warning|info|path)\\b|\"((?:[^\"\\\\]|\\\\.)*)\"|`([^`]*)`)")
)

// parseWants reads the `# want` comments of a fixture: per line, one or
// more expectations, each an optional severity, a string (a regular
// expression for the message), and optionally `path` and a string.
func parseWants(t *testing.T, file, src string) []want {
	var wants []want
	for i, line := range strings.Split(src, "\n") {
		m := wantComment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		next := func() (word, str string, isStr bool) {
			tok := wantToken.FindStringSubmatch(rest)
			if tok == nil {
				t.Fatalf("%s:%d: want: cannot read %q", file, i+1, rest)
			}
			rest = strings.TrimSpace(rest[len(tok[0]):])
			if tok[1] != "" {
				return tok[1], "", false
			}
			return "", strings.ReplaceAll(tok[2], `\"`, `"`) + tok[3], true
		}
		str := func() string {
			if _, s, ok := next(); ok {
				return s
			}
			t.Fatalf("%s:%d: want: expected a string", file, i+1)
			return ""
		}
		for rest != "" {
			w := want{line: i + 1}
			word, msg, isStr := next()
			if !isStr {
				if word == "path" {
					t.Fatalf("%s:%d: want: path before the message", file, i+1)
				}
				w.severity, msg = word, str()
			}
			re, err := regexp.Compile(msg)
			if err != nil {
				t.Fatalf("%s:%d: want: %v", file, i+1, err)
			}
			w.message = re
			if strings.HasPrefix(rest, "path") {
				next()
				w.path = str()
			}
			wants = append(wants, w)
		}
	}
	return wants
}

// The per-service summary of the JSON contract: blast radius counts others,
// single points of failure list every cause, not only the nearest.
func TestSummaries(t *testing.T) {
	svc := func(id string, crit model.Criticality, deps ...*model.Dependency) *model.Service {
		s := graphtest.Svc(id, deps...)
		s.Criticality = crit
		return s
	}
	hard := func(to string) *model.Dependency { return graphtest.Dep(to, model.ImpactOutage, 0) }
	m := graphtest.Build(
		svc("api", model.Critical, hard("queue"), graphtest.Dep("cache", model.ImpactDegraded, 0)),
		svc("queue", model.Medium, hard("db")),
		svc("cache", model.Medium, hard("db")),
		svc("db", model.Critical),
	)
	res, err := Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ServiceSummary{}
	for _, s := range res.Services {
		got[s.ID] = s
	}
	if s := got["db"]; s.BlastRadius != (BlastRadius{Outage: 3, Degraded: 0}) || s.SinglePointsOfFailure.Len() != 0 {
		t.Errorf("db: %+v", s)
	}
	if s := got["api"]; !reflect.DeepEqual(s.SinglePointsOfFailure.IDs(), []string{"db", "queue"}) || s.BlastRadius != (BlastRadius{}) {
		t.Errorf("api: %+v", s)
	}
	if s := got["cache"]; s.BlastRadius != (BlastRadius{Outage: 0, Degraded: 1}) {
		t.Errorf("cache: %+v", s)
	}
}

// Worse says what made a finding worse, in its rule's words where it has
// them, and nothing when it is no worse.
func TestWorse(t *testing.T) {
	spof := func(sev Severity, subjects ...string) Finding {
		return Finding{Rule: "single-point-of-failure", Severity: sev, Subjects: subjects}
	}
	other := func(sev Severity, subjects ...string) Finding {
		return Finding{Rule: "shared-fate", Severity: sev, Subjects: subjects}
	}
	for _, tc := range []struct {
		base, head Finding
		want       string
	}{
		{spof(Error, "db", "api"), spof(Error, "db", "api"), ""},
		{spof(Error, "db", "api", "web"), spof(Error, "db", "api"), ""},
		{spof(Error, "db", "api"), spof(Error, "db", "api", "checkout", "web"), "db is now also a single point of failure of checkout and web"},
		{spof(Error, "db", "api"), spof(Error, "db", "web"), "db is now also a single point of failure of web (no longer of api)"},
		{other(Warning, "x"), other(Error, "x"), "was a warning, now an error"},
		{other(Info, "x"), other(Warning, "x"), "was an info, now a warning"},
		{other(Error, "x"), other(Warning, "x"), ""},
		// A rule outside the registry, with no words of its own.
		{Finding{Rule: "example-rule", Severity: Info, Subjects: []string{"a"}},
			Finding{Rule: "example-rule", Severity: Warning, Subjects: []string{"a", "b"}},
			"now also about b; was an info, now a warning"},
	} {
		if got := Worse(tc.base, tc.head); got != tc.want {
			t.Errorf("Worse(%v, %v) = %q, want %q", tc.base.Subjects, tc.head.Subjects, got, tc.want)
		}
	}
}
