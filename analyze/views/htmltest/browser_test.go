package htmltest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromiumNames are the executables tried on PATH, after $BLAST_CHROMIUM.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}

// findChromium returns the browser to drive, or skips the test saying what
// is missing; under CI (CI=true), where .ci/run installs Chromium, a
// missing browser fails the test instead of skipping it.
func findChromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("BLAST_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("browser tests need Chromium: none of %s is on PATH and BLAST_CHROMIUM is unset (apt-get install chromium)", strings.Join(chromiumNames, ", "))
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// One headless Chromium for the whole test binary, with the flags this
// machine needs (no sandbox as root, no GPU, no background networking or
// updates: the network is closed) and a fresh profile.
var browser struct {
	once    sync.Once
	ctx     context.Context
	cancel  func()
	profile string
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
		os.RemoveAll(browser.profile)
	}
	os.Exit(code)
}

// newTab opens a tab of the shared browser, closed when the test ends.
func newTab(t testing.TB) context.Context {
	t.Helper()
	path := findChromium(t)
	browser.once.Do(func() {
		browser.profile, browser.err = os.MkdirTemp("", "blast-chromium-")
		if browser.err != nil {
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.UserDataDir(browser.profile),
			chromedp.WindowSize(1400, 1000),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		browser.ctx, browser.cancel = ctx, func() { cancelCtx(); cancelAlloc() }
		browser.err = chromedp.Do(ctx) // starts the browser, with no timeout
	})
	if browser.err != nil {
		t.Fatalf("starting %s: %v", path, browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

// report is a page written the way `blast analyze PATHS --format html -o
// FILE` writes it, with the figures the tests compare it with.
type report struct {
	file  string
	model *model.Model
	graph *graph.Graph
	doc   *views.Document
	json  analyzeJSON
}

// analyzeJSON is the part of `blast analyze --format json` the tests read.
type analyzeJSON struct {
	Services []struct {
		ID          string `json:"id"`
		BlastRadius struct {
			Outage   int `json:"outage"`
			Degraded int `json:"degraded"`
		} `json:"blast_radius"`
		SPOFs []string `json:"single_points_of_failure"`
	} `json:"services"`
	Findings []struct {
		Rule     string   `json:"rule"`
		Severity string   `json:"severity"`
		Subjects []string `json:"subjects"`
	} `json:"findings"`
}

// writeReport analyses the model at paths (relative to the repository
// root, the working directory of the test) and writes its page to dir.
func writeReport(t testing.TB, dir string, o views.HTMLOptions, paths ...string) *report {
	t.Helper()
	m, diags := model.Load(paths...)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return writeModel(t, dir, m, o, paths...)
}

func writeModel(t testing.TB, dir string, m *model.Model, o views.HTMLOptions, paths ...string) *report {
	t.Helper()
	res, err := analyze.Analyze(m)
	if err != nil {
		t.Fatal(err)
	}
	doc := views.ForAnalyze(res, scaling.Rows(m, m.EffectivePolicy().Headroom))
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	o.Paths, o.ReportDir = paths, dir
	var page bytes.Buffer
	v, _ := views.HTML.New("html", views.Options{ToolVersion: "test", BaseDir: wd})
	if err := v.Render(&page, views.ForHTML(doc, m, o)); err != nil {
		t.Fatal(err)
	}
	r := &report{file: filepath.Join(dir, "report.html"), model: m, graph: graph.New(m), doc: doc}
	if err := os.WriteFile(r.file, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	jv, _ := views.Report.New("json", views.Options{})
	if err := jv.Render(&js, doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js.Bytes(), &r.json); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *report) url() string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(r.file)}).String()
}

// open loads the page and waits until its script is ready.
func (r *report) open(t testing.TB, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(r.url()))
	do(t, ctx, chromedp.WaitReady(chromedp.CSS(`html[data-ready="true"]`)))
}

// show goes to a state of the page by its hash, as a link or the back
// button does, and waits until the page shows it.
func show(t testing.TB, ctx context.Context, hash string) {
	t.Helper()
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`location.hash = `+strconv.Quote(hash)),
		chromedp.WaitReady(chromedp.CSS(`body[data-route=`+strconv.Quote(hash)+`]`)))
}

// do runs actions with a bound on how long they may take.
func do(t testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// marked lists, sorted, the services drawn with a highlight class.
func marked(t testing.TB, ctx context.Context, class string) []string {
	t.Helper()
	got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#diagram g.node.`+class+`'), e => e.dataset.name)`)
	sort.Strings(got)
	return got
}

// blastRadius is the analysis' answer for id: the services a failure of
// id alone takes out (those that list id among their single points of
// failure, in the JSON) and how many it degrades.
func (r *report) blastRadius(t testing.TB, id string) (out []string, degraded int) {
	t.Helper()
	out = []string{}
	counted := -1
	for _, s := range r.json.Services {
		if slices.Contains(s.SPOFs, id) {
			out = append(out, s.ID)
		}
		if s.ID == id {
			counted, degraded = s.BlastRadius.Outage, s.BlastRadius.Degraded
		}
	}
	if counted != len(out) {
		t.Fatalf("%s: the JSON counts %d outages but %d services list it as a single point of failure", id, counted, len(out))
	}
	sort.Strings(out)
	return out, degraded
}

// cascadeOutput is `blast cascade --fail id`, as its JSON and text views print it.
type cascadeOutput struct {
	Timeline []struct {
		Service      string   `json:"service"`
		State        string   `json:"state"`
		AfterSeconds float64  `json:"after_seconds"`
		Path         []string `json:"path"`
		Mechanism    string   `json:"mechanism"`
	} `json:"timeline"`
	// Closing are the text view's lines after the table: "still up" lines
	// and the summary.
	Closing []string
}

func (r *report) cascade(t testing.TB, id string) cascadeOutput {
	t.Helper()
	v, ok := r.graph.Index(id)
	if !ok {
		t.Fatalf("no service %s", id)
	}
	rep, err := cascade.Run(r.graph, []int{v})
	if err != nil {
		t.Fatal(err)
	}
	var js, text bytes.Buffer
	jv, _ := views.Cascade.New("json", views.Options{})
	tv, _ := views.Cascade.New("text", views.Options{})
	if err := errors.Join(jv.Render(&js, rep), tv.Render(&text, rep)); err != nil {
		t.Fatal(err)
	}
	var out cascadeOutput
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	_, tail, _ := strings.Cut(text.String(), "\n\n")
	out.Closing = strings.Split(strings.TrimSpace(tail), "\n")
	return out
}

func TestKinesisReport(t *testing.T) {
	t.Chdir("../../..")
	ctx := newTab(t)
	r := writeReport(t, t.TempDir(), views.HTMLOptions{}, "examples/kinesis-2020")
	r.open(t, ctx)
	const id, title = "kinesis-frontend", "Kinesis front-end fleet"

	t.Run("search", func(t *testing.T) {
		do(t, ctx, chromedp.Click(chromedp.CSS("#search")), chromedp.SendKeys(chromedp.CSS("#search"), "kinesis front"))
		got := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results li strong'), e => e.textContent)`)
		if len(got) == 0 || got[0] != id {
			t.Fatalf("searching the title %q offers %v, want %s first", "kinesis front", got, id)
		}
		do(t, ctx, chromedp.KeyEvent(kb.Enter))
		if h := eval[string](t, ctx, `location.hash`); h != "#s/"+id {
			t.Errorf("after Enter the page shows %q, want #s/%s", h, id)
		}
		if h := eval[string](t, ctx, `document.querySelector('#panel h2').textContent`); h != title {
			t.Errorf("panel heading %q, want %q", h, title)
		}
		// By ID, the exact match comes first.
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#search').value = ''`), chromedp.SendKeys(chromedp.CSS("#search"), "cognito"))
		got = eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results li strong'), e => e.textContent)`)
		if len(got) == 0 || got[0] != "cognito" {
			t.Errorf("searching cognito offers %v", got)
		}
		do(t, ctx, chromedp.KeyEvent(kb.Escape), chromedp.Evaluate[chromedp.Void](`document.querySelector('#search').value = ''`), chromedp.Blur(chromedp.CSS("#search")))
	})

	t.Run("click shows the blast radius", func(t *testing.T) {
		show(t, ctx, "")
		node := fmt.Sprintf(`#diagram g.node[data-i="%d"]`, index(t, r, id))
		do(t, ctx, chromedp.Click(chromedp.CSS(node)))
		if h := eval[string](t, ctx, `location.hash`); h != "#s/"+id {
			t.Fatalf("clicking %s shows %q", id, h)
		}
		wantOut, wantDeg := r.blastRadius(t, id)
		if got := marked(t, ctx, "st-failed"); !slices.Equal(got, []string{id}) {
			t.Errorf("failed: %v, want [%s]", got, id)
		}
		out, deg := marked(t, ctx, "st-out"), marked(t, ctx, "st-deg")
		if !slices.Equal(out, wantOut) {
			t.Errorf("highlighted as out: %v\nthe analysis: %v", out, wantOut)
		}
		if len(deg) != wantDeg {
			t.Errorf("highlighted as degraded: %d (%v), the analysis counts %d", len(deg), deg, wantDeg)
		}
		// The same sets as the end of blast cascade's timeline.
		final := map[string]string{}
		for _, e := range r.cascade(t, id).Timeline {
			if e.Service != id {
				final[e.Service] = max(final[e.Service], e.State) // "outage" > "degraded"
			}
		}
		for _, s := range out {
			if final[s] != "outage" {
				t.Errorf("%s highlighted as out; blast cascade: %q", s, final[s])
			}
		}
		for _, s := range deg {
			if final[s] != "degraded" {
				t.Errorf("%s highlighted as degraded; blast cascade: %q", s, final[s])
			}
		}
		if len(final) != len(out)+len(deg) {
			t.Errorf("blast cascade impairs %d services, the page highlights %d", len(final), len(out)+len(deg))
		}
		if got := eval[string](t, ctx, `document.querySelector('#radius-out').textContent`); got != fmt.Sprint(len(wantOut)) {
			t.Errorf("panel says %s out, want %d", got, len(wantOut))
		}
		// The lists of the panel: the single points of failure of the JSON.
		spofs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#panel .spofs a'), e => e.textContent)`)
		for _, s := range r.json.Services {
			if s.ID == id && !slices.Equal(spofs, s.SPOFs) {
				t.Errorf("panel lists single points of failure %v, the JSON %v", spofs, s.SPOFs)
			}
		}
		if takes := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#panel .takes-out a'), e => e.textContent)`); !slices.Equal(takes, wantOut) {
			t.Errorf("panel says it takes out %v, want %v", takes, wantOut)
		}
	})

	t.Run("fail shows the timeline of blast cascade", func(t *testing.T) {
		do(t, ctx, chromedp.Click(chromedp.CSS("#fail")))
		rows := eval[[][]string](t, ctx, `Array.from(document.querySelectorAll('#panel table.timeline tbody tr'), tr => Array.from(tr.cells, c => c.textContent))`)
		want := r.cascade(t, id)
		if len(rows) != len(want.Timeline) {
			t.Fatalf("timeline has %d rows, blast cascade %d", len(rows), len(want.Timeline))
		}
		for i, e := range want.Timeline {
			w := []string{"+" + model.FormatDuration(time.Duration(e.AfterSeconds*float64(time.Second))), e.Service, e.State, e.Mechanism, strings.Join(e.Path, " -> ")}
			if !slices.Equal(rows[i], w) {
				t.Errorf("row %d:\n page  %q\n blast %q", i, rows[i], w)
			}
		}
		closing := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#panel .still, #panel .cascade-summary'), e => e.textContent)`)
		if !slices.Equal(closing, want.Closing) {
			t.Errorf("after the timeline:\n page  %q\n blast %q", closing, want.Closing)
		}
		// Focusing (or hovering) a row lights its path.
		do(t, ctx, chromedp.MouseEvent(chromedp.MouseMoved, 1, 1), chromedp.Focus(chromedp.CSS(`#panel table.timeline tbody tr[data-svc="cognito"]`)))
		if got := marked(t, ctx, "on-path"); !slices.Equal(got, []string{"cognito", id}) {
			t.Errorf("cognito's row lights %v", got)
		}
	})

	// docs/html-report.png is this screenshot: kinesis-frontend failed.
	t.Run("screenshot", func(t *testing.T) {
		do(t, ctx, chromedp.Focus(chromedp.CSS("#search")), chromedp.KeyEvent(kb.Escape), chromedp.Blur(chromedp.CSS("#search")))
		show(t, ctx, "#fail/"+id)
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0); document.querySelector('#panel').scrollTop = 0`))
		shot := screenshot(t, ctx, "report-fail.png")
		// The diagram's outage fill is on screen: the highlight is drawn.
		if n := pixels(t, shot, 0xf4, 0xa3, 0xa3); n < 500 {
			t.Errorf("%d pixels of the outage fill on the screenshot; the highlight is not drawn", n)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		do(t, ctx, chromedp.KeyEvent(kb.Escape))
		if h := eval[string](t, ctx, `location.hash`); h != "" {
			t.Errorf("Escape leaves %q", h)
		}
		if got := marked(t, ctx, "st-out"); len(got) != 0 {
			t.Errorf("Escape leaves %v highlighted", got)
		}
		node := fmt.Sprintf(`#diagram g.node[data-i="%d"]`, index(t, r, "cognito"))
		do(t, ctx, chromedp.Focus(chromedp.CSS(node)), chromedp.KeyEvent(kb.Enter))
		if h := eval[string](t, ctx, `location.hash`); h != "#s/cognito" {
			t.Errorf("Enter on the focused cognito shows %q", h)
		}
		if got := eval[string](t, ctx, `document.activeElement.getAttribute('aria-label')`); !strings.Contains(got, "cognito") {
			t.Errorf("focus on %q", got)
		}
		do(t, ctx, chromedp.KeyEvent(kb.Escape))
	})

	t.Run("findings filter", func(t *testing.T) {
		shown := func() []string {
			return eval[[]string](t, ctx, `Array.from(document.querySelectorAll('li.finding:not([hidden])'), e => e.dataset.sev + ' ' + e.dataset.rule)`)
		}
		if n := len(shown()); n != len(r.json.Findings) {
			t.Fatalf("%d findings shown, the JSON has %d", n, len(r.json.Findings))
		}
		want := map[string]int{}
		for _, f := range r.json.Findings {
			want[f.Severity]++
			want[f.Rule]++
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="sev"][value="error"]`)))
		got := shown()
		if len(got) != len(r.json.Findings)-want["error"] {
			t.Errorf("without errors %d shown, want %d", len(got), len(r.json.Findings)-want["error"])
		}
		for _, g := range got {
			if strings.HasPrefix(g, "error ") {
				t.Errorf("shown without errors: %s", g)
			}
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="sev"][value="error"]`)))
		const rule = "single-point-of-failure"
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`(s => { s.value = '`+rule+`'; s.dispatchEvent(new Event('change')); })(document.querySelector('#rule-filter'))`))
		got = shown()
		if len(got) != want[rule] || want[rule] == 0 {
			t.Errorf("rule %s: %d shown, the JSON has %d", rule, len(got), want[rule])
		}
		for _, g := range got {
			if !strings.HasSuffix(g, " "+rule) {
				t.Errorf("shown for %s: %s", rule, g)
			}
		}
		if c := eval[string](t, ctx, `document.querySelector('#findings-count').textContent`); c != fmt.Sprintf("%d of %d shown", want[rule], len(r.json.Findings)) {
			t.Errorf("count says %q", c)
		}
		// A finding links to its services on the diagram ...
		do(t, ctx, chromedp.Click(chromedp.CSS(`li.finding:not([hidden]) a.show`)))
		subjects := eval[[]string](t, ctx, `document.querySelector('li.finding.current').dataset.subjects.split(' ')`)
		sort.Strings(subjects)
		if got := marked(t, ctx, "st-subject"); !slices.Equal(got, subjects) {
			t.Errorf("the finding's services %v, marked %v", subjects, got)
		}
		// ... and to its file, from the page's directory.
		href := eval[string](t, ctx, `document.querySelector('li.finding.current a.loc').getAttribute('href')`)
		if _, err := os.Stat(filepath.Join(filepath.Dir(r.file), filepath.FromSlash(href))); err != nil {
			t.Errorf("the finding's file link %q does not resolve from the page: %v", href, err)
		}
		do(t, ctx, chromedp.KeyEvent(kb.Escape))
	})

	t.Run("blast radius table sorts", func(t *testing.T) {
		col := func() []string {
			return eval[[]string](t, ctx, `Array.from(document.querySelectorAll('table.radius tbody tr'), tr => tr.cells[4].textContent)`)
		}
		if n := len(col()); n != len(r.json.Services) {
			t.Fatalf("%d rows, %d services", n, len(r.json.Services))
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`table.radius th:nth-child(5) button`)))
		asc := col()
		if !slices.IsSortedFunc(asc, func(a, b string) int { return atoi(a) - atoi(b) }) {
			t.Errorf("outage ascending: %v", asc)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`table.radius th:nth-child(5) button`)))
		desc := col()
		if !slices.IsSortedFunc(desc, func(a, b string) int { return atoi(b) - atoi(a) }) {
			t.Errorf("outage descending: %v", desc)
		}
	})

	t.Run("dark and print", func(t *testing.T) {
		emulate := func(p emulation.SetEmulatedMediaParams) {
			t.Helper()
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p); err != nil {
				t.Fatal(err)
			}
		}
		emulate(emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		show(t, ctx, "#fail/kinesis-frontend")
		if bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(15, 17, 21)" {
			t.Errorf("dark mode background %s", bg)
		}
		screenshot(t, ctx, "report-dark.png")
		emulate(emulation.SetEmulatedMediaParams{Media: "print"})
		if d := eval[string](t, ctx, `getComputedStyle(document.querySelector('.search')).display`); d != "none" {
			t.Errorf("print shows the search box (display %s)", d)
		}
		pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf.Data, []byte("%PDF")) {
			t.Errorf("printing gives no PDF")
		}
		save(t, "report-print.pdf", pdf.Data)
		emulate(emulation.SetEmulatedMediaParams{})
	})
}

// TestBounds: a page that leaves failures out says so; a service whose
// timeline is left out still shows its blast radius, and one past the
// bounds answers with its counts and the command to run.
func TestBounds(t *testing.T) {
	t.Chdir("../../..")
	ctx := newTab(t)
	r := writeReport(t, t.TempDir(), views.HTMLOptions{MaxCascades: 5, MaxRows: 20}, "examples/kinesis-2020")
	r.open(t, ctx)
	note := eval[string](t, ctx, `document.querySelector('#bounds').textContent`)
	for _, want := range []string{"blast radius of 5 of 20 services", "timelines of 2 of the 5 services", "at most 20 timeline rows"} {
		if !strings.Contains(note, want) {
			t.Errorf("bounds note %q lacks %q", note, want)
		}
	}
	for _, tc := range []struct {
		id             string
		radius, failOK bool
		note           string
	}{
		{"dynamodb", true, true, ""}, // the largest blast radius: all of it
		{"kinesis-frontend", true, false, "Its cascade timeline is not on this page"},
		{"lambda", false, false, "Its blast radius is not on this page"},
	} {
		show(t, ctx, "#s/"+tc.id)
		out, _ := r.blastRadius(t, tc.id)
		if !tc.radius {
			out = nil
		}
		if got := marked(t, ctx, "st-out"); !slices.Equal(got, out) {
			t.Errorf("%s: %v highlighted as out, want %v", tc.id, got, out)
		}
		if got := !eval[bool](t, ctx, `document.querySelector('#fail').disabled`); got != tc.failOK {
			t.Errorf("%s: fail enabled %v, want %v", tc.id, got, tc.failOK)
		}
		panel := eval[string](t, ctx, `document.querySelector('#panel').textContent`)
		if tc.note != "" && (!strings.Contains(panel, tc.note) || !strings.Contains(panel, "blast cascade examples/kinesis-2020 --fail "+tc.id)) {
			t.Errorf("%s: panel %q lacks %q and the command", tc.id, panel, tc.note)
		}
	}
}

// TestLargeModel: the page of a generated 2,000-service model answers a
// click with the blast radius of the analysis and, on demand, all the rows
// of blast cascade, however long.
func TestLargeModel(t *testing.T) {
	ctx := newTab(t)
	r := writeModel(t, t.TempDir(), graphtest.Generate(2000, 6000, 1), views.HTMLOptions{}, "generated")
	r.open(t, ctx)
	id := eval[string](t, ctx, `document.querySelector('table.radius tbody tr').dataset.id`) // the largest blast radius
	do(t, ctx, chromedp.Click(chromedp.CSS(`table.radius tbody tr a`)))
	out, deg := r.blastRadius(t, id)
	if got := marked(t, ctx, "st-out"); !slices.Equal(got, out) {
		t.Errorf("%s: %d highlighted as out, the analysis %d", id, len(got), len(out))
	}
	if got := len(marked(t, ctx, "st-deg")); got != deg {
		t.Errorf("%s: %d highlighted as degraded, the analysis %d", id, got, deg)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#fail")))
	want := r.cascade(t, id)
	if n := eval[int](t, ctx, `document.querySelectorAll('#panel table.timeline tbody tr').length`); len(want.Timeline) > 300 && n != 300 {
		t.Errorf("%d rows drawn at once, want the first 300 of %d", n, len(want.Timeline))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#panel p.more button")))
	rows := eval[[][]string](t, ctx, `Array.from(document.querySelectorAll('#panel table.timeline tbody tr'), tr => Array.from(tr.cells, c => c.textContent))`)
	if len(rows) != len(want.Timeline) {
		t.Fatalf("timeline has %d rows, blast cascade %d", len(rows), len(want.Timeline))
	}
	for i, e := range want.Timeline {
		if rows[i][1] != e.Service || rows[i][2] != e.State || rows[i][3] != e.Mechanism || rows[i][4] != strings.Join(e.Path, " -> ") {
			t.Fatalf("row %d:\n page  %q\n blast %+v", i, rows[i], e)
		}
	}
}

func index(t testing.TB, r *report, id string) int {
	t.Helper()
	i, ok := r.graph.Index(id)
	if !ok {
		t.Fatalf("no service %s", id)
	}
	return i
}

func first[A, B any](a A, _ B) A { return a }

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// screenshot captures the viewport as PNG into the test's artifacts (go
// test -artifacts -outputdir DIR keeps them).
func screenshot(t testing.TB, ctx context.Context, name string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, name, b)
	return b
}

func save(t testing.TB, name string, b []byte) {
	t.Helper()
	dir := t.TempDir()
	if tt, ok := t.(*testing.T); ok {
		dir = tt.ArtifactDir()
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// pixels counts the pixels of a PNG within a small distance of a colour.
func pixels(t testing.TB, b []byte, r, g, bl uint8) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -6 && d < 6 }
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, r) && near(pg, g) && near(pb, bl) {
				n++
			}
		}
	}
	return n
}

// BenchmarkLoad measures the page of a generated 2,000-service model in
// Chromium: its size, the time from navigation to the script's
// "blast-ready" mark (the page is interactive: diagram indexed, pan and
// zoom on, state routed) by the Performance API, and the time to fail the
// service with the largest blast radius (highlight and timeline drawn).
// Times are medians over the iterations.
func BenchmarkLoad(b *testing.B) {
	for _, sz := range []struct{ n, e int }{{0, 0}, {2000, 6000}, {2000, 10000}} {
		name := fmt.Sprintf("n=%d/e=%d", sz.n, sz.e)
		if sz.n == 0 {
			name = "kinesis-2020"
		}
		b.Run(name, func(b *testing.B) {
			ctx := newTab(b)
			var r *report
			if sz.n == 0 {
				b.Chdir("../../..")
				r = writeReport(b, b.TempDir(), views.HTMLOptions{}, "examples/kinesis-2020")
			} else {
				r = writeModel(b, b.TempDir(), graphtest.Generate(sz.n, sz.e, 1), views.HTMLOptions{}, "generated")
			}
			st, err := os.Stat(r.file)
			if err != nil {
				b.Fatal(err)
			}
			var ready, fail []float64
			for b.Loop() {
				r.open(b, ctx)
				ready = append(ready, eval[float64](b, ctx, `performance.getEntriesByName('blast-ready')[0].startTime`))
				fail = append(fail, eval[float64](b, ctx, `(() => {
					const t = performance.now();
					document.querySelector('table.radius tbody tr a').click(); // the largest blast radius
					document.querySelector('#fail').click();
					document.body.getBoundingClientRect(); // layout included
					return performance.now() - t;
				})()`))
			}
			b.ReportMetric(float64(st.Size())/1e6, "MB")
			b.ReportMetric(float64(eval[int](b, ctx, `JSON.parse(document.querySelector('#blast-data').textContent).failures.filter(f => f && f.c).length`)), "timelines")
			b.ReportMetric(median(ready), "ms-to-ready")
			b.ReportMetric(median(fail), "ms-to-fail")
		})
	}
}

func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}
