package views

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/blast-tool/blast/model/modeltest"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
)

var goldenExt = map[string]string{
	"text": "txt", "json": "json", "markdown": "md", "sarif": "sarif", "junit": "xml", "github": "github.txt",
}

func render(t testing.TB, format string, fx fixture) []byte {
	t.Helper()
	f, err := Report.New(format, fx.Options)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Render(&buf, fx.Document); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	ds, err := docs()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(ds))
	for n := range ds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, format := range Report.Names() {
			t.Run(name+"/"+format, func(t *testing.T) {
				modeltest.Golden(t, "testdata/"+name+"."+goldenExt[format], render(t, format, ds[name]))
			})
		}
		t.Run(name+"/text-color", func(t *testing.T) {
			fx := ds[name]
			fx.Color = true
			got := render(t, "text", fx)
			if !bytes.Contains(got, []byte("\x1b[")) {
				t.Error("colour output has no ANSI sequences")
			}
			modeltest.Golden(t, "testdata/"+name+".color.txt", got)
		})
	}
}

func TestNoColorWithoutOption(t *testing.T) {
	ds, err := docs()
	if err != nil {
		t.Fatal(err)
	}
	for name, d := range ds {
		for _, format := range Report.Names() {
			if bytes.Contains(render(t, format, d), []byte("\x1b")) {
				t.Errorf("%s/%s: escape sequence without Color", name, format)
			}
		}
	}
}

func TestDeterministicAndPure(t *testing.T) {
	for _, format := range Report.Names() {
		ds1, _ := docs()
		ds2, _ := docs()
		for name := range ds1 {
			before := headFindings()
			a := render(t, format, ds1[name])
			b := render(t, format, ds2[name])
			if !bytes.Equal(a, b) {
				t.Errorf("%s/%s: output differs between runs", name, format)
			}
			if ds1[name].Check == nil && name == "analyze" && !reflect.DeepEqual(ds1[name].Findings, before) {
				t.Errorf("%s/%s: writer mutated the document's findings", name, format)
			}
		}
	}
}

func TestReportFormats(t *testing.T) {
	want := []string{"text", "json", "markdown", "sarif", "junit", "github"}
	if !reflect.DeepEqual(Report.Names(), want) {
		t.Errorf("Report.Names() = %v, want %v", Report.Names(), want)
	}
	for _, n := range want {
		if _, err := Report.New(n, Options{}); err != nil || !Report.Has(n) {
			t.Errorf("Report.New(%q): %v", n, err)
		}
	}
	if _, err := Report.New("yaml", Options{}); err == nil || !strings.Contains(err.Error(), "text, json") {
		t.Errorf("Lookup(yaml) error = %v", err)
	}
}

func TestJSONContract(t *testing.T) {
	ds, _ := docs()
	out := render(t, "json", ds["analyze"])
	if !bytes.HasSuffix(out, []byte("}\n")) || !bytes.HasPrefix(out, []byte("{\n  \"format_version\": \"1\",\n  \"services\": [\n    {\n      \"id\"")) {
		t.Errorf("not 2-space indented with a trailing newline:\n%s", out)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["check"]; ok {
		t.Error("analyze output has a check object")
	}
	var services []map[string]any
	if err := json.Unmarshal(doc["services"], &services); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range services {
		ids = append(ids, s["id"].(string))
		for _, k := range []string{"role", "criticality", "blast_radius", "single_points_of_failure"} {
			if _, ok := s[k]; !ok {
				t.Errorf("service %v lacks %q", s["id"], k)
			}
		}
		if _, ok := s["single_points_of_failure"].([]any); !ok {
			t.Errorf("service %v: single_points_of_failure = %#v, want a list", s["id"], s["single_points_of_failure"])
		}
		br := s["blast_radius"].(map[string]any)
		if _, ok := br["outage"]; !ok {
			t.Errorf("blast_radius lacks outage")
		}
	}
	if !sort.StringsAreSorted(ids) || len(ids) != len(headServices()) {
		t.Errorf("services not sorted by ID or missing: %v", ids)
	}
	var findings []analyze.Finding
	if err := json.Unmarshal(doc["findings"], &findings); err != nil {
		t.Fatal(err)
	}
	if !sort.SliceIsSorted(findings, func(i, j int) bool { return analyze.Less(findings[i], findings[j]) }) {
		t.Error("findings not in contract order")
	}
	var raw []map[string]any
	_ = json.Unmarshal(doc["findings"], &raw)
	for _, f := range raw {
		if d, ok := f["data"].(map[string]any); !ok || d == nil {
			t.Errorf("finding %v: data = %#v, want an object", f["rule"], f["data"])
		}
		if _, ok := f["severity"].(string); !ok {
			t.Errorf("severity not a string")
		}
	}
}

func TestJSONCheck(t *testing.T) {
	ds, _ := docs()
	var doc struct {
		Findings []analyze.Finding `json:"findings"`
		Check    map[string]json.RawMessage
	}
	if err := json.Unmarshal(render(t, "json", ds["check-base"]), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"failed", "fail_on", "new", "fixed", "ignored", "stale_ignores", "expired_ignores", "radius_changes"} {
		v, ok := doc.Check[k]
		if !ok || string(v) == "null" {
			t.Errorf("check.%s = %s", k, v)
		}
	}
	if string(doc.Check["failed"]) != "true" || string(doc.Check["fail_on"]) != `"error"` {
		t.Errorf("failed/fail_on = %s/%s", doc.Check["failed"], doc.Check["fail_on"])
	}
	var fixed []analyze.Finding
	_ = json.Unmarshal(doc.Check["fixed"], &fixed)
	if len(fixed) != 1 || fixed[0].Rule != "circular-dependency" {
		t.Errorf("fixed = %+v", fixed)
	}
	for _, f := range doc.Findings {
		if f.Rule == "untested-failsafe" {
			t.Error("ignored finding listed in findings")
		}
	}
}

func TestSARIF(t *testing.T) {
	ds, _ := docs()
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct{ Text string }
						FullDescription  struct{ Text string }
						Help             struct{ Text string }
						HelpURI          string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
					}
				}
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", ds["analyze"]), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0.json") {
		t.Errorf("version %q schema %q", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "blast" {
		t.Fatalf("runs = %+v", log.Runs)
	}
	run := log.Runs[0]
	// The rule descriptors are the registry's rules, in its order, with
	// its documentation (then any rule outside it that has findings).
	rules := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		rules[r.ID] = i
		if r.HelpURI != "https://github.com/blast-tool/blast/blob/main/docs/rules.md#"+r.ID {
			t.Errorf("rule %s: helpUri %q", r.ID, r.HelpURI)
		}
	}
	registry := analyze.Rules()
	if len(run.Tool.Driver.Rules) < len(registry) {
		t.Fatalf("%d rule descriptors for %d registered rules", len(run.Tool.Driver.Rules), len(registry))
	}
	for i, a := range registry {
		r := run.Tool.Driver.Rules[i]
		if r.ID != a.Name || r.ShortDescription.Text != a.Title() || r.FullDescription.Text != a.Description() || r.Help.Text != a.Help {
			t.Errorf("descriptor %d = %+v, want the registry's %s", i, r, a.Name)
		}
		if a.Title() == "" || a.Description() == "" || a.Help == "" {
			t.Errorf("rule %s incompletely documented", a.Name)
		}
	}
	if len(run.Results) != len(headFindings()) {
		t.Errorf("%d results, want %d", len(run.Results), len(headFindings()))
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	for _, r := range run.Results {
		i, ok := rules[r.RuleID]
		if !ok || r.RuleIndex == nil || *r.RuleIndex != i {
			t.Errorf("result %s: rule not in driver or wrong index", r.RuleID)
		}
		if !levels[r.Level] || r.Message.Text == "" || r.PartialFingerprints[FingerprintKey] == "" {
			t.Errorf("result %s: level %q message %q fingerprints %v", r.RuleID, r.Level, r.Message.Text, r.PartialFingerprints)
		}
		for _, l := range r.Locations {
			g := l.PhysicalLocation.Region
			if g.StartLine < 1 || g.StartColumn < 1 || g.EndLine < g.StartLine || g.EndColumn < 1 {
				t.Errorf("result %s: bad region %+v", r.RuleID, g)
			}
			u := l.PhysicalLocation.ArtifactLocation.URI
			if u == "" || strings.Contains(u, `\`) || strings.HasPrefix(u, "/") {
				t.Errorf("result %s: artifact URI %q not relative with forward slashes", r.RuleID, u)
			}
		}
	}
}

func TestFingerprintIgnoresLocation(t *testing.T) {
	a := headFindings()[2]
	b := a
	r := *a.Range
	r.Start.Line, r.End.Line = 400, 401
	b.Range = &r
	b.Message = "reworded"
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("fingerprint changed when the finding moved")
	}
	c := a
	c.Subjects = []string{"cloudwatch", "dynamodb"}
	if Fingerprint(a) == Fingerprint(c) {
		t.Error("fingerprint equal for different subjects")
	}
	d := a
	d.Rule = "shared-fate"
	if Fingerprint(a) == Fingerprint(d) {
		t.Error("fingerprint equal for different rules")
	}
}

func TestSARIFRegionClamp(t *testing.T) {
	tests := []struct {
		in   analyze.Range
		want [4]int
	}{
		{analyze.Range{Start: analyze.Pos{Line: 3, Column: 2}, End: analyze.Pos{Line: 3, Column: 9}}, [4]int{3, 2, 3, 9}},
		{analyze.Range{Start: analyze.Pos{Line: 0, Column: 0}, End: analyze.Pos{Line: 0, Column: 0}}, [4]int{1, 1, 1, 1}},
		{analyze.Range{Start: analyze.Pos{Line: 5, Column: 7}, End: analyze.Pos{Line: 5, Column: 3}}, [4]int{5, 7, 5, 7}},
		{analyze.Range{Start: analyze.Pos{Line: 5, Column: 7}, End: analyze.Pos{Line: 2, Column: 3}}, [4]int{5, 7, 5, 7}},
	}
	for _, tc := range tests {
		r := sarifRegion(&tc.in)
		got := [4]int{*r.StartLine, *r.StartColumn, *r.EndLine, *r.EndColumn}
		if got != tc.want {
			t.Errorf("sarifRegion(%+v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestURI(t *testing.T) {
	tests := []struct{ file, base, want string }{
		{"infra.hcl", "", "infra.hcl"},
		{`services\auth.hcl`, "", "services/auth.hcl"},
		{"/work/repo/svc/a b.hcl", "/work/repo", "svc/a%20b.hcl"},
		{"/elsewhere/x.hcl", "/work/repo", "file:///elsewhere/x.hcl"},
		{"c:x.hcl", "", "./c:x.hcl"},
	}
	for _, tc := range tests {
		if got := uriOf(tc.file, tc.base); got != tc.want {
			t.Errorf("uriOf(%q, %q) = %q, want %q", tc.file, tc.base, got, tc.want)
		}
	}
}

func TestJUnit(t *testing.T) {
	ds, _ := docs()
	tests := []struct {
		doc                      string
		failures, skipped, tests int
	}{
		// analyze: the 4 errors fail; 8 findings of 8 rules + 6 rules without findings
		{"analyze", 4, 0, 8 + 6},
		// full check: 4 errors fail; untested-failsafe is ignored (skipped)
		{"check-full", 4, 1, 7 + 1 + 6},
		// with base: only the new error and the 2 worsened ones fail
		{"check-base", 3, 1, 7 + 1 + 6},
		{"check-pass", 0, 0, 8 + 6},
	}
	for _, tc := range tests {
		var s junitSuites
		if err := xml.Unmarshal(render(t, "junit", ds[tc.doc]), &s); err != nil {
			t.Fatalf("%s: invalid XML: %v", tc.doc, err)
		}
		if s.Failures != tc.failures || s.Skipped != tc.skipped || s.Tests != tc.tests {
			t.Errorf("%s: failures/skipped/tests = %d/%d/%d, want %d/%d/%d", tc.doc, s.Failures, s.Skipped, s.Tests, tc.failures, tc.skipped, tc.tests)
		}
		if len(s.Suites) != len(analyze.Rules()) {
			t.Errorf("%s: %d suites, want one per rule", tc.doc, len(s.Suites))
		}
		sum := 0
		for _, su := range s.Suites {
			sum += su.Tests
			if su.Tests != len(su.Cases) {
				t.Errorf("%s/%s: tests attr %d, %d cases", tc.doc, su.Name, su.Tests, len(su.Cases))
			}
		}
		if sum != s.Tests {
			t.Errorf("%s: suite totals %d != %d", tc.doc, sum, s.Tests)
		}
	}
}

func TestGitHubEscape(t *testing.T) {
	tests := []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% sure", "100%25 sure", "100%25 sure"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"dir,x/f.hcl: y", "dir,x/f.hcl: y", "dir%2Cx/f.hcl%3A y"},
		{"%0A", "%250A", "%250A"},
	}
	for _, tc := range tests {
		if got := ghData(tc.in); got != tc.data {
			t.Errorf("ghData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := ghProperty(tc.in); got != tc.prop {
			t.Errorf("ghProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestGitHubCommands(t *testing.T) {
	ds, _ := docs()
	lines := strings.Split(strings.TrimSuffix(string(render(t, "github", ds["analyze"])), "\n"), "\n")
	if len(lines) != len(headFindings()) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(headFindings()), strings.Join(lines, "\n"))
	}
	rank := map[string]int{"::error": 0, "::warning": 1, "::notice": 2}
	last := 0
	for _, l := range lines {
		cmd := l[:strings.IndexAny(l, " :")+0]
		if i := strings.Index(l[2:], " "); i >= 0 {
			cmd = l[:i+2]
		}
		r, ok := rank[cmd]
		if !ok || r < last {
			t.Errorf("bad or out-of-order command %q", l)
		}
		last = r
		if strings.Count(l, "::") != 2 || strings.Contains(l, "\n") {
			t.Errorf("malformed command %q", l)
		}
	}
	base := string(render(t, "github", ds["check-base"]))
	if strings.Contains(base, "monitoring-self-dependence") {
		t.Error("check with base annotates unchanged findings")
	}
	if !strings.Contains(base, "title=limit-headroom") || !strings.Contains(base, "::notice title=blast check failed::") {
		t.Errorf("check with base lacks new finding or verdict:\n%s", base)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	ds, _ := docs()
	for _, format := range Report.Names() {
		f, _ := Report.New(format, Options{})
		if err := f.Render(failWriter{}, ds["analyze"].Document); err == nil {
			t.Errorf("%s: write error not returned", format)
		}
	}
	bad := &Document{Findings: []analyze.Finding{{Rule: "x", Data: map[string]any{"f": func() {}}}}}
	for _, format := range []string{"json", "sarif"} {
		f, _ := Report.New(format, Options{})
		var buf bytes.Buffer
		if err := f.Render(&buf, bad); err == nil {
			t.Errorf("%s: unencodable data accepted", format)
		}
	}
}

func TestTopServices(t *testing.T) {
	got := topServices(headServices(), 3)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if want := []string{"dynamodb", "kinesis-frontend", "cognito"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("top 3 = %v, want %v", ids, want)
	}
	// The few rows of a table are kept as they come, a long list sorted:
	// both are the head of the services in blast-radius order, with ties
	// on every figure.
	r := rand.New(rand.NewPCG(1, 2))
	var ss []analyze.ServiceSummary
	for i := range 500 {
		spofs := make([]string, r.IntN(3))
		ss = append(ss, analyze.ServiceSummary{ID: fmt.Sprintf("s%03d", i),
			BlastRadius:           analyze.BlastRadius{Outage: r.IntN(4), Degraded: r.IntN(4)},
			SinglePointsOfFailure: analyze.NewServiceList(spofs...)})
	}
	all := slices.Clone(ss)
	sort.SliceStable(all, func(i, j int) bool { // the order as the docs state it
		a, b := all[i], all[j]
		if a.BlastRadius.Outage != b.BlastRadius.Outage {
			return a.BlastRadius.Outage > b.BlastRadius.Outage
		}
		if a.BlastRadius.Degraded != b.BlastRadius.Degraded {
			return a.BlastRadius.Degraded > b.BlastRadius.Degraded
		}
		if na, nb := a.SinglePointsOfFailure.Len(), b.SinglePointsOfFailure.Len(); na != nb {
			return na > nb
		}
		return a.ID < b.ID
	})
	for _, n := range []int{0, 1, 10, 64, 65, 499, 500, 501} {
		if got, want := topServices(ss, n), all[:min(n, len(all))]; !reflect.DeepEqual(got, want) {
			t.Errorf("top %d differs from the head of the sorted services", n)
		}
	}
}

func TestSummaryLine(t *testing.T) {
	if got, want := summaryLine(headFindings(), 21), "4 errors, 3 warnings, 1 info in 21 services"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got, want := summaryLine(nil, 1), "0 errors, 0 warnings, 0 info in 1 service"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func BenchmarkFormats(b *testing.B) {
	d := bigDocument(500, 2000)
	for _, format := range Report.Names() {
		b.Run(format, func(b *testing.B) {
			f, _ := Report.New(format, Options{})
			var n int
			for b.Loop() {
				var buf bytes.Buffer
				if err := f.Render(&buf, d); err != nil {
					b.Fatal(err)
				}
				n = buf.Len()
			}
			b.ReportMetric(float64(len(d.Findings))*float64(b.N)/b.Elapsed().Seconds(), "findings/s")
			b.ReportMetric(float64(n), "bytes/report")
		})
	}
}

// TestJSONWriter checks the streaming JSON writer against encoding/json on
// the whole document: every golden fixture (analyze and check), and
// services lists with strings that need escaping.
func TestJSONWriter(t *testing.T) {
	odd := []string{"plain", "with \"quote\"", "back\\slash", "tab\tnew\nline", "ünïcödé", "<html>&", "\u2028sep", "\x01ctl", ""}
	var ss []analyze.ServiceSummary
	for i, id := range odd {
		ss = append(ss, analyze.ServiceSummary{ID: id, Role: "service", Criticality: odd[(i+3)%len(odd)],
			BlastRadius: analyze.BlastRadius{Outage: i * 7, Degraded: -i}, SinglePointsOfFailure: analyze.NewServiceList(odd[:i]...)})
	}
	fs := []analyze.Finding{{Rule: "shared-fate", Message: "a -> b <&>", Subjects: []string{"a"}},
		{Rule: "x\"y", Severity: analyze.Error, Message: "ünï \u2028 \x01", Subjects: []string{}, Path: []string{"a", "b\\c"},
			Range: &analyze.Range{Filename: "d/é.hcl", Start: analyze.Pos{Line: 3, Column: 1}, End: analyze.Pos{Line: 4, Column: 22}},
			Data: map[string]any{"n": 3, "f": 0.000001, "big": 1e21, "t": true, "s": "<s>", "none": []string(nil), "empty": []string{},
				"ids": []string{"a", "b"}, "list": analyze.NewServiceList("z", "y"), "nested": map[string]any{"b": []int{1, 2}, "a": nil}, "i64": int64(-4)}},
		{Rule: "r", Severity: analyze.Warning, Subjects: []string{"s"}, Data: map[string]any{}}}
	docs := []*Document{
		{Command: CommandAnalyze, Findings: fs},
		{Command: CommandAnalyze, Services: ss[:1], Findings: fs},
		{Command: CommandAnalyze, Services: ss, Findings: fs},
		{Command: CommandAnalyze, Services: ss},
	}
	fixtures, err := docsFixtures()
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, fixtures...)
	for i, d := range docs {
		var got bytes.Buffer
		if err := (jsonFormat{}).Render(&got, d); err != nil {
			t.Fatal(err)
		}
		ref := jsonReport{FormatVersion: FormatVersion, Services: sortedServices(d.Services), Findings: sortedFindings(d.Findings)}
		if d.Check != nil {
			ref.Check = newJSONCheck(d.Check)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(ref); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("document %d: the writer differs from encoding/json:\n got: %s\nwant: %s", i, got.String(), want.String())
		}
	}
}

// A finding's SARIF fingerprint follows its identity: a single point of
// failure keeps its fingerprint when it takes out one more critical
// service (code scanning tracks one alert, made worse), and another cause
// is another alert; for other rules every subject counts.
func TestFingerprintIdentity(t *testing.T) {
	spof := func(subjects ...string) analyze.Finding {
		return analyze.Finding{Rule: "single-point-of-failure", Subjects: subjects, Message: strings.Join(subjects, " ")}
	}
	if Fingerprint(spof("db", "api")) != Fingerprint(spof("db", "api", "checkout")) {
		t.Error("a single point of failure that takes out one more service changed its fingerprint")
	}
	if Fingerprint(spof("db", "api")) == Fingerprint(spof("cache", "api")) {
		t.Error("two causes share a fingerprint")
	}
	other := func(subjects ...string) analyze.Finding {
		return analyze.Finding{Rule: "monitoring-self-dependence", Subjects: subjects}
	}
	if Fingerprint(other("cw", "a")) == Fingerprint(other("cw", "b")) {
		t.Error("monitoring-self-dependence findings about different services share a fingerprint")
	}
}

// docsFixtures returns the golden tests' documents, by name.
func docsFixtures() ([]*Document, error) {
	m, err := docs()
	if err != nil {
		return nil, err
	}
	var out []*Document
	for _, name := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[name].Document)
	}
	return out, nil
}

// On a large estate the text and Markdown reports stay readable: tables
// and lists are bounded whatever the size of the change, and say how
// much they leave to the JSON.
func TestReportsBounded(t *testing.T) {
	const n = 3000
	var ss []analyze.ServiceSummary
	var ids []string
	for i := range n {
		ids = append(ids, fmt.Sprintf("svc-%05d", i))
	}
	for i, id := range ids {
		ss = append(ss, analyze.ServiceSummary{ID: id, Role: "service", Criticality: "high",
			BlastRadius: analyze.BlastRadius{Outage: i}, SinglePointsOfFailure: analyze.NewServiceList(ids[:i]...)})
	}
	out := &check.Outcome{FailOn: analyze.Error, HasBase: true, NewServices: ids}
	for i, id := range ids {
		out.RadiusChanges = append(out.RadiusChanges, check.RadiusChange{Service: id,
			Before: analyze.BlastRadius{Outage: 1}, After: analyze.BlastRadius{Outage: 1 + i%97}, SPOFsBefore: 1, SPOFsAfter: 1 + i, AddedSPOFs: ids[:i]})
	}
	d := &Document{Command: CommandCheck, Services: ss, Check: out}
	for _, format := range []string{"text", "markdown"} {
		f, _ := Report.New(format, Options{})
		var b bytes.Buffer
		if err := f.Render(&b, d); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		longest := 0
		for _, l := range lines {
			longest = max(longest, len(l))
		}
		if len(lines) > 120 || longest > 2000 {
			t.Errorf("%s: %d lines, the longest %d bytes, for %d radius changes", format, len(lines), longest, n)
		}
		if !strings.Contains(b.String(), "2,980 more") {
			t.Errorf("%s does not say how many changes it leaves out:\n%s", format, b.String())
		}
	}
}
