package graphtest

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"time"

	"github.com/blast-tool/blast/model"
)

// Estate is a named shape of generated estate.
type Estate struct {
	Name string
	New  func(n int, seed int64) *model.Model
}

// Estates are the two estate shapes the scale benchmarks stand on: Tiered,
// and Layered with 0.25% back edges (the scale issue's; a giant hard cycle).
var Estates = []Estate{
	{"tiered", Tiered},
	{"layered", func(n int, seed int64) *model.Model { return Layered(n, 0.0025, seed) }},
}

// Tiered returns an estate of n services shaped as real ones are, fully
// determined by seed, with about 4 dependencies per service:
//
//   - platform: a few services (8 + n/5000: DNS, identity, config,
//     secrets, ...) that almost every service needs outright, themselves
//     a small chain;
//   - data (8%): databases, caches and queues on the platform;
//   - domain (62%): services in domains of 5 to 60 members; inside a
//     domain, call chains (each member calls the next one or two), about
//     1% of them closing a small hard cycle back up the chain; besides,
//     the domain's data stores and calls into other domains;
//   - edge (25%): customer-facing APIs calling several domain services;
//   - observers (2%) and tooling (3%): monitoring and status services
//     that watch random others, tooling that calls domain services softly.
//
// Calls across domains and from the edge pick their target by popularity
// (Zipf, exponent 1.1 over a random ranking), and each service's number of
// such calls is heavy-tailed (Pareto, exponent 1.7), so in- and
// out-degrees both have long tails. About 5% of services hold a redundancy
// group of two alternatives; 3% of edges carry a buffer. Impacts mix
// outage, degraded and none by tier, as an estate's owners would declare
// them.
func Tiered(n int, seed int64) *model.Model {
	if n <= 0 {
		return Build()
	}
	r := rand.New(rand.NewSource(seed))
	width := len(fmt.Sprint(n))
	nPlat := min(n, 8+n/5000)
	rest := n - nPlat
	nData := rest * 8 / 100
	nEdge := rest * 25 / 100
	nObs := rest * 2 / 100
	nTool := rest * 3 / 100
	nDom := rest - nData - nEdge - nObs - nTool

	svcs := make([]*model.Service, 0, n)
	add := func(prefix string, i int, role model.Role, crit model.Criticality) int {
		id := fmt.Sprintf("%s-%0*d", prefix, width, i)
		svcs = append(svcs, &model.Service{ID: id, Title: id, Role: role, Criticality: crit})
		return len(svcs) - 1
	}
	platRoles := []model.Role{model.RoleNetwork, model.RoleAuth, model.RoleControlPlane, model.RoleStorage}
	plat := make([]int, nPlat)
	for i := range plat {
		plat[i] = add("platform", i, platRoles[i%len(platRoles)], model.Critical)
	}
	crit := func(pCrit, pHigh float64) model.Criticality {
		return draw(r, []float64{pCrit, pCrit + pHigh, 0.5 + pCrit/2 + pHigh/2}, model.Criticalities)
	}
	data := make([]int, nData)
	for i := range data {
		data[i] = add("data", i, model.RoleStorage, crit(0.2, 0.5))
	}
	// Domains: sizes 5..60, heavy on the small side.
	var domains [][]int
	for i := 0; i < nDom; {
		size := min(nDom-i, 5+int(55*math.Pow(r.Float64(), 2)))
		d := make([]int, size)
		for j := range d {
			d[j] = add(fmt.Sprintf("svc-%04d", len(domains)), j, model.RoleService, crit(0.08, 0.3))
		}
		domains = append(domains, d)
		i += size
	}
	edge := make([]int, nEdge)
	for i := range edge {
		edge[i] = add("edge", i, model.RoleService, crit(0.25, 0.4))
	}
	obs := make([]int, nObs)
	for i := range obs {
		role := model.RoleMonitoring
		if i%3 == 2 {
			role = model.RoleStatus
		}
		obs[i] = add("observe", i, role, crit(0.5, 0.3))
	}
	tool := make([]int, nTool)
	for i := range tool {
		tool[i] = add("tool", i, model.RoleTooling, model.Low)
	}

	// Domains form areas of about 40 (a product area, or the shared core:
	// area 0), ranked inside their area. A domain calls into the domains
	// of its area ranked below it, and sometimes into the core; an edge
	// service serves one area. So calls across domains form no cycle, and
	// what a service needs stays within its area, the core and the lower
	// tiers: it does not grow with the estate. domAll lists domain
	// services by area and rank; below[k] is how many sit in domains of
	// global rank below k. Popularity: every domain service gets a Zipf
	// weight over a random ranking; cumulative weights make a draw a
	// binary search.
	const areaSize, zipf = 40, 0.6
	nd := len(domains)
	order := make([]int, nd) // global rank -> domain
	rankOf := r.Perm(nd)
	for di, k := range rankOf {
		order[k] = di
	}
	area := func(k int) (lo, hi int) { lo = k / areaSize * areaSize; return lo, min(nd, lo+areaSize) }
	var domAll []int
	below := make([]int, nd+1)
	for k, di := range order {
		below[k] = len(domAll)
		domAll = append(domAll, domains[di]...)
	}
	below[nd] = len(domAll)
	cum := make([]float64, len(domAll))
	rank := r.Perm(len(domAll))
	total := 0.0
	for i := range domAll {
		total += 1 / math.Pow(float64(rank[i]+1), zipf)
		cum[i] = total
	}
	// popular draws by popularity a service of the domains ranked lo to
	// hi-1, or -1 when there are none.
	popular := func(lo, hi int) int {
		a, b := below[max(lo, 0)], below[min(hi, nd)]
		if a >= b {
			return -1
		}
		base := 0.0
		if a > 0 {
			base = cum[a-1]
		}
		x := base + r.Float64()*(cum[b-1]-base)
		return domAll[min(b-1, a+sort.SearchFloat64s(cum[a:b], x))]
	}
	heavy := func(mean float64) int {
		// Pareto with exponent 1.7 and the given mean.
		const a = 1.7
		xm := mean * (a - 1) / a
		return int(xm / math.Pow(1-r.Float64(), 1/a))
	}

	has := make([]map[int]bool, n)
	groups := 0
	dep := func(from, to int, impact model.Impact, grp string) *model.Dependency {
		if from == to || has[from][to] {
			return nil
		}
		if has[from] == nil {
			has[from] = map[int]bool{}
		}
		has[from][to] = true
		d := &model.Dependency{From: svcs[from].ID, To: svcs[to].ID, Impact: impact, Tested: true, Group: grp}
		if r.Float64() < 0.3 {
			d.After = time.Duration(1+r.Intn(30)) * time.Minute
		}
		if grp == "" && r.Float64() < 0.03 {
			of := model.OnFullBlock
			if r.Intn(3) == 0 {
				of = model.OnFullDrop
			}
			d.Buffer = &model.Buffer{FillsIn: time.Duration(5+r.Intn(240)) * time.Minute, OnFull: of}
			if d.Impact == model.ImpactOutage {
				d.Impact = model.ImpactNone
			}
		}
		if grp != "" && r.Intn(3) == 0 {
			d.Tested = false
		}
		svcs[from].DependsOn = append(svcs[from].DependsOn, d)
		return d
	}
	impact := func(pOut, pDeg float64) model.Impact {
		return draw(r, []float64{pOut, pOut + pDeg}, []model.Impact{model.ImpactOutage, model.ImpactDegraded, model.ImpactNone})
	}
	// pair adds a redundancy group of two alternatives drawn by pick.
	pair := func(from int, pick func() int) {
		a, b := pick(), pick()
		if a == b || a < 0 || b < 0 {
			return
		}
		name := fmt.Sprintf("g%d", groups)
		groups++
		dep(from, a, model.ImpactOutage, name)
		dep(from, b, model.ImpactOutage, name)
	}
	platform := func(from, k int) {
		for j := 0; j < k; j++ {
			// The first platform services (DNS, identity) are needed most.
			p := plat[min(len(plat)-1, int(float64(len(plat))*math.Pow(r.Float64(), 3)))]
			dep(from, p, impact(0.9, 0.1), "")
		}
	}
	for i, p := range plat {
		if i > 0 {
			dep(p, plat[i-1], model.ImpactOutage, "")
		}
	}
	pickData := func() int { return data[r.Intn(len(data))] }
	for _, v := range data {
		platform(v, 1+r.Intn(2))
	}
	for di, d := range domains {
		store := -1
		if len(data) > 0 {
			store = pickData()
		}
		for j, v := range d {
			platform(v, 1)
			if r.Float64() < 0.3 {
				platform(v, 1)
			}
			if j+1 < len(d) && r.Float64() < 0.9 {
				dep(v, d[j+1], impact(0.8, 0.15), "")
			}
			if j+2 < len(d) && r.Float64() < 0.3 {
				dep(v, d[j+2], impact(0.5, 0.35), "")
			}
			if j > 0 && r.Float64() < 0.01 {
				// A small hard cycle: a call back up the chain.
				dep(v, d[max(0, j-1-r.Intn(3))], model.ImpactOutage, "")
			}
			if store >= 0 && r.Float64() < 0.6 {
				dep(v, store, impact(0.8, 0.15), "")
			}
			if len(data) > 1 && r.Float64() < 0.05 {
				pair(v, pickData)
			}
			for k := heavy(2); k > 0; k-- {
				k := rankOf[di]
				lo, _ := area(k)
				if r.Float64() < 0.1 {
					lo, k = 0, min(k, areaSize) // into the core
				}
				if to := popular(lo, k); to >= 0 {
					dep(v, to, impact(0.7, 0.25), "")
				}
			}
		}
	}
	for _, v := range edge {
		platform(v, 1)
		lo, hi := area(r.Intn(max(nd, 1)))
		for k := 2 + heavy(2.5); k > 0; k-- {
			if to := popular(lo, hi); to >= 0 {
				dep(v, to, impact(0.6, 0.3), "")
			}
		}
		if r.Float64() < 0.05 {
			pair(v, func() int { return popular(lo, hi) })
		}
	}
	for _, v := range obs {
		platform(v, 1)
		if len(data) > 0 {
			dep(v, pickData(), impact(0.7, 0.3), "")
		}
		for j := 0; j < 3; j++ {
			svcs[v].Monitors = append(svcs[v].Monitors, svcs[r.Intn(n)].ID)
		}
	}
	for _, v := range tool {
		platform(v, 1)
		for k := 1 + heavy(1); k > 0; k-- {
			if to := popular(0, nd); to >= 0 {
				dep(v, to, impact(0.1, 0.6), "")
			}
		}
	}
	return Build(svcs...)
}

// draw is the first of choices whose bound (ascending; one fewer than the
// choices) a uniform draw from r falls below, else the last choice.
func draw[T any](r *rand.Rand, bounds []float64, choices []T) T {
	x := r.Float64()
	for i, b := range bounds {
		if x < b {
			return choices[i]
		}
	}
	return choices[len(bounds)]
}

// HCL writes m in blast's native syntax, canonically formatted (as blast
// fmt would), so that whole-process benchmarks and comparisons can read a
// generated estate from a file. It writes services, dependencies and
// monitors: what the generators produce.
func HCL(m *model.Model) []byte {
	var b []byte
	for i, s := range m.Services {
		if i > 0 {
			b = append(b, '\n')
		}
		b = fmt.Appendf(b, "service %q {\n", s.ID)
		if s.Title != s.ID {
			b = fmt.Appendf(b, "  title       = %q\n", s.Title)
		}
		b = fmt.Appendf(b, "  role        = %q\n  criticality = %q\n", s.Role, s.Criticality)
		if len(s.Monitors) > 0 {
			b = append(b, "  monitors    = ["...)
			for j, id := range s.Monitors {
				if j > 0 {
					b = append(b, ", "...)
				}
				b = fmt.Appendf(b, "%q", id)
			}
			b = append(b, "]\n"...)
		}
		for _, d := range s.DependsOn {
			b = fmt.Appendf(b, "\n  depends_on %q {\n    impact = %q\n", d.To, d.Impact)
			if d.After > 0 {
				b = fmt.Appendf(b, "    after  = %q\n", model.FormatDuration(d.After))
			}
			if d.Group != "" {
				b = fmt.Appendf(b, "    group  = %q\n", d.Group)
			}
			if !d.Tested {
				b = append(b, "    tested = false\n"...)
			}
			if f := d.Buffer; f != nil {
				b = fmt.Appendf(b, "\n    buffer {\n      fills_in = %q\n      on_full  = %q\n    }\n", model.FormatDuration(f.FillsIn), f.OnFull)
			}
			b = append(b, "  }\n"...)
		}
		b = append(b, "}\n"...)
	}
	return b
}

// Chain returns n services in one chain of hard dependencies (each needs
// the next) with an extra hard dependency further down the chain from
// about one service in four: the worst shape for what grows with the
// pairs of a service and what takes it out (n^2/2 of them) and with
// cascade paths (the last service's failure has paths of 1 to n names).
func Chain(n int, seed int64) *model.Model {
	r := rand.New(rand.NewSource(seed))
	width := len(fmt.Sprint(n))
	svcs := make([]*model.Service, n)
	for i := range svcs {
		id := fmt.Sprintf("chain-%0*d", width, i)
		svcs[i] = &model.Service{ID: id, Title: id, Role: model.RoleService, Criticality: model.High}
	}
	for i := 0; i+1 < n; i++ {
		svcs[i].DependsOn = append(svcs[i].DependsOn, Dep(svcs[i+1].ID, model.ImpactOutage, 0))
		if j := i + 2 + r.Intn(50); j < n && r.Intn(4) == 0 {
			svcs[i].DependsOn = append(svcs[i].DependsOn, Dep(svcs[j].ID, model.ImpactOutage, time.Minute))
		}
	}
	return Build(svcs...)
}
