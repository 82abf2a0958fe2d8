package scaling

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze/internal/words"

	"github.com/blast-tool/blast/model"
)

// kinesis is the mission case: the Kinesis front end before the 2020-11-25
// capacity addition (see docs/scaling.md).
func kinesis() (*model.Service, *model.Resource) {
	r := &model.Resource{
		Name: "threads", Limit: 32768, Scope: model.ScopeFleet, Unit: "threads",
		PerServerSrc: "1000 + 7 * (N - 1)",
		Law:          func(n float64) (float64, error) { return 1000 + 7*(n-1), nil },
	}
	s := &model.Service{
		ID: "kinesis-frontend", Role: model.RoleService, Criticality: model.Critical,
		Fleet: &model.Fleet{Servers: 4300, Cells: 1, RestartRate: 350,
			ColdStart: 2 * time.Hour, RTO: 4 * time.Hour},
		Resources: []*model.Resource{r},
	}
	return s, r
}

func law(f func(n float64) float64) Law {
	return func(n float64) (float64, error) { return f(n), nil }
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		law  Law
		want string
	}{
		{"constant", law(func(n float64) float64 { return 512 }), "1"},
		{"decreasing", law(func(n float64) float64 { return 100 + 1e6/n }), "1"},
		{"negative", law(func(n float64) float64 { return 100 - n }), "1"},
		{"vanishing", law(func(n float64) float64 { return 1 / n }), "1"},
		{"log", law(func(n float64) float64 { return math.Log2(n) }), "log N"},
		{"log with offset", law(func(n float64) float64 { return 200 + 3*math.Log(n) }), "log N"},
		{"floor log", law(func(n float64) float64 { return math.Floor(math.Log2(n)) }), "log N"},
		{"log squared", law(func(n float64) float64 { return math.Pow(math.Log(n), 2) }), "log^2 N"},
		{"linear", law(func(n float64) float64 { return n }), "N"},
		{"kinesis", law(func(n float64) float64 { return 1000 + 7*(n-1) }), "N"},
		{"offset", law(func(n float64) float64 { return 300 + 8*(n-1) }), "N"},
		{"ceil(N/10)", law(func(n float64) float64 { return math.Ceil(n / 10) }), "N"},
		{"max(64, N)", law(func(n float64) float64 { return math.Max(64, n) }), "N"},
		{"large floor", law(func(n float64) float64 { return math.Max(1e6, n) }), "N"},
		{"large offset", law(func(n float64) float64 { return 1e6 + n }), "N"},
		{"piecewise", law(func(n float64) float64 {
			if n < 1000 {
				return 50
			}
			return 2 * n
		}), "N"},
		{"step", law(func(n float64) float64 { return 64 * math.Ceil(n/1024) }), "N"},
		{"N log N", law(func(n float64) float64 { return n * math.Log2(n) }), "N log N"},
		{"N log N offset", law(func(n float64) float64 { return 100 + 2*n*math.Log(n+1) }), "N log N"},
		{"N^2", law(func(n float64) float64 { return n * n }), "N^2"},
		{"N(N-1)/2", law(func(n float64) float64 { return n * (n - 1) / 2 }), "N^2"},
		{"N^2 log N", law(func(n float64) float64 { return n * n * math.Log(n) }), "N^2 log N"},
		{"N^3", law(func(n float64) float64 { return n * n * n }), "N^3"},
		{"sqrt", law(func(n float64) float64 { return math.Sqrt(n) }), "N^0.5"},
		{"N^1.5", law(func(n float64) float64 { return math.Pow(n, 1.5) }), "N^1.5"},
		{"exp overflow", law(func(n float64) float64 { return math.Exp(n) }), "exp"},
		{"slow exp", law(func(n float64) float64 { return math.Exp2(n / 1e12) }), "exp"},
		{"N^10", law(func(n float64) float64 { return math.Pow(n, 10) }), "exp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Classify(tt.law)
			if err != nil {
				t.Fatal(err)
			}
			if g.String() != tt.want {
				t.Errorf("Classify = %q, want %q", g, tt.want)
			}
		})
	}
}

func TestClassifyErrors(t *testing.T) {
	if _, err := Classify(nil); err == nil {
		t.Error("nil law: no error")
	}
	bad := func(n float64) (float64, error) { return 0, errors.New("boom") }
	if _, err := Classify(bad); err == nil {
		t.Error("failing law: no error")
	}
	nan := law(func(n float64) float64 { return math.NaN() })
	if _, err := Classify(nan); err == nil {
		t.Error("NaN law: no error")
	}
}

func TestAggregate(t *testing.T) {
	tests := []struct {
		g    Growth
		want string
	}{
		{Growth{}, "N"},
		{Growth{LogPower: 1}, "N log N"},
		{Growth{Exponent: 1}, "N^2"},
		{Growth{Exponent: 1, LogPower: 1}, "N^2 log N"},
		{Growth{Exponent: 2}, "N^3"},
		{Growth{Exp: true}, "exp"},
	}
	for _, tt := range tests {
		if got := tt.g.Aggregate().String(); got != tt.want {
			t.Errorf("%v.Aggregate() = %q, want %q", tt.g, got, tt.want)
		}
	}
	if !(Growth{Exponent: 1}).AtLeastLinear() || (Growth{LogPower: 1}).AtLeastLinear() {
		t.Error("AtLeastLinear")
	}
	if (Growth{}).Grows() || !(Growth{LogPower: 1}).Grows() {
		t.Error("Grows")
	}
	if (Growth{Exponent: 1}).Compare(Growth{LogPower: 2}) != 1 || (Growth{}).Compare(Growth{Exp: true}) != -1 {
		t.Error("Compare")
	}
}

// brute is the reference for MaxServers: a plain scan.
func brute(l Law, limit float64, upto int) int {
	for n := 1; n <= upto; n++ {
		if v, _ := l(float64(n)); v > limit {
			return n - 1
		}
	}
	return -1
}

func TestMaxServers(t *testing.T) {
	tests := []struct {
		name    string
		law     Law
		limit   float64
		want    int
		bounded bool
	}{
		{"kinesis", law(func(n float64) float64 { return 1000 + 7*(n-1) }), 32768, 4539, true},
		{"equal fits", law(func(n float64) float64 { return n }), 100, 100, true},
		{"first over", law(func(n float64) float64 { return 10 }), 5, 0, true},
		{"constant fits", law(func(n float64) float64 { return 10 }), 10, MaxSearch, false},
		{"log never", law(func(n float64) float64 { return math.Log2(n) }), 64, MaxSearch, false},
		{"cap fits", law(func(n float64) float64 { return n }), MaxSearch, MaxSearch, false},
		{"just past cap", law(func(n float64) float64 { return n }), MaxSearch - 1, MaxSearch - 1, true},
		{"N^2", law(func(n float64) float64 { return n * n }), 1e12, 1_000_000, true},
		{"N^2 minus", law(func(n float64) float64 { return n * n }), 1e12 - 1, 999_999, true},
		{"ceil(N/10)", law(func(n float64) float64 { return math.Ceil(n / 10) }), 500, 5000, true},
		{"max(64, N)", law(func(n float64) float64 { return math.Max(64, n) }), 63, 0, true},
		{"max(64, N) fits", law(func(n float64) float64 { return math.Max(64, n) }), 1000, 1000, true},
		{"N log N", law(func(n float64) float64 { return n * math.Log2(n) }), 1e6, 62746, true},
		{"big offset", law(func(n float64) float64 { return 1e6 + 3*n }), 1e6 + 3*123456789, 123456789, true},
		// Non-monotone: a bump at small N crosses before the law settles.
		{"bump small", law(func(n float64) float64 {
			if n >= 40 && n <= 42 {
				return 1000
			}
			return n
		}), 500, 39, true},
		// Non-monotone beyond the exact scan: a law that drops when the
		// design switches to pooling at 20,000 servers, then rises again.
		{"drop then rise", law(func(n float64) float64 {
			if n < 20000 {
				return n
			}
			return n / 4
		}), 25000, 100000, true},
		{"drop, first piece crosses", law(func(n float64) float64 {
			if n < 20000 {
				return n
			}
			return n / 4
		}), 15000, 15000, true},
		{"dip then rise", law(func(n float64) float64 {
			if n < 3000 {
				return 100 - n/100
			}
			return n - 2000
		}), 2500, 4500, true},
		// A spike left of the crossing inside its grid interval, which the
		// bisection steps over and the verification finds.
		{"spike", law(func(n float64) float64 {
			if n >= 497000 && n < 497500 { // grid interval (496051, 518013]
				return 1e9
			}
			return n / 10
		}), 50000, 496999, true},
		{"decreasing", law(func(n float64) float64 { return 1e6 / n }), 10, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &model.Resource{Name: "x", Limit: tt.limit, Law: tt.law}
			n, bounded, err := MaxServers(r, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.want || bounded != tt.bounded {
				t.Errorf("MaxServers = %d, %v; want %d, %v", n, bounded, tt.want, tt.bounded)
			}
			if tt.bounded && tt.want < 600000 {
				if b := brute(tt.law, tt.limit, 600000); b != tt.want {
					t.Errorf("brute force says %d", b)
				}
			}
		})
	}
}

func TestMaxServersErrors(t *testing.T) {
	if _, _, err := MaxServers(&model.Resource{Name: "x"}, nil); err == nil {
		t.Error("no law: no error")
	}
	r := &model.Resource{Name: "x", Limit: 1e9, Law: func(n float64) (float64, error) {
		if n > 5000 {
			return 0, errors.New("boom")
		}
		return n, nil
	}}
	if _, _, err := MaxServers(r, nil); err == nil {
		t.Error("failing law: no error")
	}
	r.Law = law(func(n float64) float64 { return math.NaN() })
	if _, _, err := MaxServers(r, nil); err == nil {
		t.Error("NaN law: no error")
	}
	r.Law, r.Limit = law(func(n float64) float64 { return n }), math.NaN()
	if _, _, err := MaxServers(r, nil); err == nil {
		t.Error("NaN limit: no error")
	}
}

func TestAnalyzeKinesis(t *testing.T) {
	svc, r := kinesis()
	res, err := Analyze(svc, r, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("UseNow", res.UseNow, 31093.0)
	check("Growth", res.Growth.String(), "N")
	check("AggregateGrowth", res.AggregateGrowth.String(), "N^2")
	check("FleetHotspot", res.FleetHotspot, true)
	check("MaxServers", res.MaxServers, 4539)
	check("HeadroomServers", res.HeadroomServers, 239)
	check("HeadroomFraction", words.Percent(res.HeadroomFraction), "5.6%")
	check("CrossAt", res.CrossAt, 4540)
	check("OverLimit", res.OverLimit, false)
	check("CrossesWithin", res.CrossesWithin, true)

	// The 500 servers of 2020-11-25.
	svc.Fleet.Servers = 4800
	res, err = Analyze(svc, r, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	check("after: OverLimit", res.OverLimit, true)
	check("after: UseNow", res.UseNow, 34593.0)
	check("after: HeadroomServers", res.HeadroomServers, -261)

	// A stricter policy: 5% headroom no longer reaches 240 servers.
	svc.Fleet.Servers = 4300
	res, _ = Analyze(svc, r, 0.05)
	check("5%: CrossesWithin", res.CrossesWithin, false)
}

func TestAnalyzeCell(t *testing.T) {
	svc, r := kinesis()
	r.Scope = model.ScopeCell
	svc.Fleet.Cells = 10 // 430 servers per cell
	res, err := Analyze(svc, r, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	if res.ScopeN != 430 || res.MaxScope != 4539 || res.MaxServers != 45390 {
		t.Errorf("ScopeN %d MaxScope %d MaxServers %d", res.ScopeN, res.MaxScope, res.MaxServers)
	}
	if res.FleetHotspot || res.Growth.String() != "N" {
		t.Errorf("cell scope: FleetHotspot %v growth %s", res.FleetHotspot, res.Growth)
	}
	if res.HeadroomServers != 45390-4300 || res.CrossAt != 45391 || res.CrossesWithin {
		t.Errorf("headroom %d cross %d within %v", res.HeadroomServers, res.CrossAt, res.CrossesWithin)
	}
	// Uneven cells: 4,301 servers in 10 cells puts 431 in the largest.
	svc.Fleet.Servers = 4301
	res, _ = Analyze(svc, r, 0.25)
	if res.ScopeN != 431 {
		t.Errorf("ScopeN = %d, want 431", res.ScopeN)
	}
}

func TestAnalyzeEdges(t *testing.T) {
	svc, r := kinesis()
	if _, err := Analyze(nil, r, 0.25); err == nil {
		t.Error("nil service")
	}
	svc.Fleet = nil
	if _, err := Analyze(svc, r, 0.25); err == nil {
		t.Error("no fleet")
	}
	svc, r = kinesis()
	r.Law = law(func(n float64) float64 { return 5 })
	res, err := Analyze(svc, r, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	if res.Bounded || res.CrossesWithin || res.OverLimit {
		t.Errorf("constant law: %+v", res)
	}
	// Non-monotone law crossing only at small N: judged from today's size.
	r.Law = law(func(n float64) float64 {
		if n < 10 {
			return 1e9
		}
		return n
	})
	res, _ = Analyze(svc, r, 0.25)
	if res.MaxServers != 0 || res.OverLimit || res.HeadroomServers != 32768-4300 {
		t.Errorf("non-monotone: max %d over %v headroom %d", res.MaxServers, res.OverLimit, res.HeadroomServers)
	}
}

func TestRecovery(t *testing.T) {
	svc, _ := kinesis()
	secs, ok := Recovery(svc.Fleet)
	if !ok || words.Seconds(secs) != "14h17m" {
		t.Errorf("Recovery = %v (%s), %v", secs, words.Seconds(secs), ok)
	}
	if _, ok := Recovery(&model.Fleet{Servers: 10}); ok {
		t.Error("no restart_rate: ok")
	}
	if _, ok := Recovery(nil); ok {
		t.Error("nil fleet: ok")
	}
}

func TestRows(t *testing.T) {
	k, _ := kinesis()
	bad := &model.Service{ID: "broken", Fleet: &model.Fleet{Servers: 10, Cells: 1},
		Resources: []*model.Resource{{Name: "mem", Limit: 10, Law: func(float64) (float64, error) { return 0, errors.New("division by zero") }}}}
	plain := &model.Service{ID: "lambda", Fleet: &model.Fleet{Servers: 900, Cells: 1, RTO: 30 * time.Minute}}
	silent := &model.Service{ID: "quiet", Fleet: &model.Fleet{Servers: 9, Cells: 1}}
	m := &model.Model{Services: []*model.Service{k, bad, plain, silent, {ID: "no-fleet"}}}
	m.Reindex()
	var got []string
	for _, r := range Rows(m, 0.25) {
		got = append(got, fmt.Sprintf("%s/%s err=%v", r.Service, r.Resource, r.Err != nil))
	}
	// A fleet without resources shows when it has a recovery or an RTO; a
	// law that fails keeps its row.
	want := []string{"broken/mem err=true", "kinesis-frontend/threads err=false", "lambda/ err=false"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("rows %v, want %v", got, want)
	}
}

func TestNewCurve(t *testing.T) {
	svc, r := kinesis()
	c, err := NewCurve(svc, r)
	if err != nil {
		t.Fatal(err)
	}
	// Today 4,300; the next crossing at 4,540; the span half again past it.
	if c.Service != "kinesis-frontend" || c.Cells != 1 || !c.HasCross || c.Cross != 4540 || c.Span != 6810 {
		t.Errorf("curve %+v", c)
	}
	if len(c.Points) != curveSamples+1 || c.Points[0] != (Point{1, 1000}) || c.Points[curveSamples].Fleet != 6810 {
		t.Errorf("points: %d, first %v, last %v", len(c.Points), c.Points[0], c.Points[len(c.Points)-1])
	}
	if want := 1000 + 7*float64(4540-1); c.UseAtCross != want {
		t.Errorf("use at the crossing %v, want %v", c.UseAtCross, want)
	}
	// Over the limit already: the first crossing is marked.
	svc.Fleet.Servers = 4800
	if c, _ = NewCurve(svc, r); c.Cross != 4540 || !c.Result.OverLimit {
		t.Errorf("over the limit: cross %d", c.Cross)
	}
	// Cells: use follows the largest cell.
	svc, r = kinesis()
	svc.Fleet.Cells, r.Scope = 10, model.ScopeCell
	c, _ = NewCurve(svc, r)
	last := c.Points[curveSamples]
	if want, _ := r.Law(math.Ceil(last.Fleet / 10)); c.Cells != 10 || last.Use != want {
		t.Errorf("cells: %d, last point %+v, want use %v", c.Cells, last, want)
	}
	// A law that never crosses has no crossing to mark.
	r.Law = law(func(n float64) float64 { return 100 })
	if c, _ = NewCurve(svc, r); c.HasCross || c.Span != 6450 {
		t.Errorf("never: has cross %v, span %v", c.HasCross, c.Span)
	}
	r.Law = law(func(n float64) float64 {
		if n > 500 {
			return math.Inf(1)
		}
		return n
	})
	if _, err := NewCurve(svc, r); err == nil || !strings.Contains(err.Error(), "not finite") {
		t.Errorf("infinite use: %v", err)
	}
	svc.Fleet = nil
	if _, err := NewCurve(svc, r); err == nil {
		t.Error("no fleet: no error")
	}
}

// Pick finds the one law to chart, or says why there is none to pick.
func TestPick(t *testing.T) {
	m, diags := model.LoadSources([]model.Source{{Filename: "x.hcl", Bytes: []byte(`
service "a" {
  fleet {
    servers = 10
  }
  resource "threads" {
    per_server = 8 * N
    limit      = 1000
  }
  resource "fds" {
    per_server = 2 * N
    limit      = 1000
  }
}
`)}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if _, r, err := Pick(m, "", "fds"); err != nil || r.Name != "fds" {
		t.Errorf("fds: %v, %v", r, err)
	}
	for _, tc := range []struct{ service, resource, want string }{
		{"", "", "several resources match (a/threads, a/fds)"},
		{"b", "", "service b: no such service"},
		{"a", "conns", "no resource matches"},
	} {
		if _, _, err := Pick(m, tc.service, tc.resource); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Pick(%q, %q): %v, want %q", tc.service, tc.resource, err, tc.want)
		}
	}
}
