package graphtest

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/blast-tool/blast/model"
)

// Svc returns a service (role service, criticality medium) with deps.
func Svc(id string, deps ...*model.Dependency) *model.Service {
	return &model.Service{ID: id, Title: id, Role: model.RoleService, Criticality: model.Medium, DependsOn: deps}
}

// Dep returns a tested dependency on `to` with the given impact and delay.
func Dep(to string, impact model.Impact, after time.Duration) *model.Dependency {
	return &model.Dependency{To: to, Impact: impact, After: after, Tested: true}
}

// Grouped returns d in redundancy group name.
func Grouped(d *model.Dependency, name string) *model.Dependency {
	d.Group = name
	return d
}

// Buffered returns d with a buffer that fills in fillsIn and then does onFull.
func Buffered(d *model.Dependency, fillsIn time.Duration, onFull model.OnFull) *model.Dependency {
	d.Buffer = &model.Buffer{FillsIn: fillsIn, OnFull: onFull}
	return d
}

// Build assembles services into a model: it sets each dependency's From and
// reindexes.
func Build(svcs ...*model.Service) *model.Model {
	m := &model.Model{Services: svcs}
	for _, s := range svcs {
		for _, d := range s.DependsOn {
			d.From = s.ID
		}
	}
	m.Reindex()
	return m
}

// Generate returns a realistic pseudo-random model of n services and about e
// dependencies, fully determined by seed. Services sit in layers, from
// infrastructure (storage, network, auth, control plane) at the bottom to
// customer-facing services on top; each depends mostly on lower layers,
// with an occasional edge upward that closes a cycle. About 10% of
// dependencies come as a redundancy group of two alternatives, 5% carry a
// buffer (mostly blocking), impacts are roughly 55% outage, 35% degraded,
// 10% none, and a few percent of services are monitoring or status
// observers that watch random others.
func Generate(n, e int, seed int64) *model.Model {
	return layered(n, e, seed, 0.06, false)
}

// Layered is Generate's layered shape with about 5 dependencies per
// service, every one declared impact "outage" with no buffer, and a
// fraction back of them (the scale issue uses 0.0025) going upward or
// sideways: they close one giant hard cycle through most of the model,
// the worst case for every analysis that works per cycle (each member is
// a single point of failure of every other).
func Layered(n int, back float64, seed int64) *model.Model {
	return layered(n, 5*n, seed, 0.05+back, true)
}

// layered is Generate with upward or sideways edges drawn when a uniform
// draw in [0.05, upBelow) comes up (a fraction upBelow-0.05 of the
// dependencies), every one an outage without buffer when hard. Generate's
// draws are fixed by its golden files: the random stream must not change
// for upBelow = 0.06, hard = false.
func layered(n, e int, seed int64, upBelow float64, hard bool) *model.Model {
	r := rand.New(rand.NewSource(seed))
	if n <= 0 {
		return Build()
	}
	const layers = 6
	// Layer sizes grow upward: 2%, 5%, 10%, 18%, 25%, 40%.
	frac := []float64{0.02, 0.05, 0.10, 0.18, 0.25, 0.40}
	layerOf := make([]int, n)
	start := make([]int, layers+1)
	acc := 0.0
	for l := 0; l < layers; l++ {
		start[l] = int(acc * float64(n))
		acc += frac[l]
	}
	start[layers] = n
	// Small models: give every layer a service while there are enough,
	// so that picking a dependency in a layer never draws from nothing.
	for l := 1; l < layers; l++ {
		if start[l] <= start[l-1] && start[l-1]+1 <= n-(layers-l) {
			start[l] = start[l-1] + 1
		}
	}
	for l := 0; l < layers; l++ {
		for i := start[l]; i < start[l+1]; i++ {
			layerOf[i] = l
		}
	}
	roles := [][]model.Role{
		{model.RoleStorage, model.RoleNetwork},
		{model.RoleAuth, model.RoleControlPlane, model.RoleStorage},
		{model.RoleService, model.RoleControlPlane},
		{model.RoleService},
		{model.RoleService, model.RoleTooling},
		{model.RoleService},
	}
	width := len(fmt.Sprint(n))
	svcs := make([]*model.Service, n)
	for i := range svcs {
		l := layerOf[i]
		role := roles[l][r.Intn(len(roles[l]))]
		if l >= 3 && r.Float64() < 0.03 {
			role = model.RoleMonitoring
			if r.Intn(3) == 0 {
				role = model.RoleStatus
			}
		}
		crit := model.Criticalities[r.Intn(len(model.Criticalities))]
		if l <= 1 && r.Intn(2) == 0 {
			crit = model.Critical
		}
		svcs[i] = &model.Service{
			ID:          fmt.Sprintf("%s-%0*d", role, width, i),
			Role:        role,
			Criticality: crit,
		}
		svcs[i].Title = svcs[i].ID
	}
	pick := func(lo, hi int) int {
		if hi <= lo { // an empty layer of a tiny model
			return min(lo, n-1)
		}
		return lo + r.Intn(hi-lo)
	}
	has := make([]map[int]bool, n)
	add := func(from, to int, grp string) *model.Dependency {
		if from == to || has[from][to] {
			return nil
		}
		if has[from] == nil {
			has[from] = map[int]bool{}
		}
		has[from][to] = true
		d := &model.Dependency{From: svcs[from].ID, To: svcs[to].ID, Tested: true, Group: grp}
		switch x := r.Float64(); {
		case x < 0.55:
			d.Impact = model.ImpactOutage
		case x < 0.90:
			d.Impact = model.ImpactDegraded
		default:
			d.Impact = model.ImpactNone
		}
		if r.Float64() < 0.3 {
			d.After = time.Duration(r.Intn(60)) * time.Minute
		}
		if r.Float64() < 0.05 {
			of := model.OnFullBlock
			switch r.Intn(4) {
			case 0:
				of = model.OnFullDrop
			case 1:
				of = model.OnFullFail
			}
			d.Buffer = &model.Buffer{FillsIn: time.Duration(1+r.Intn(240)) * time.Minute, OnFull: of}
		}
		if grp != "" && r.Intn(3) == 0 {
			d.Tested = false
		}
		if hard {
			d.Impact, d.Buffer = model.ImpactOutage, nil
		}
		svcs[from].DependsOn = append(svcs[from].DependsOn, d)
		return d
	}
	edges, groups := 0, 0
	for tries := 0; edges < e && tries < 4*e+100; tries++ {
		from := r.Intn(n)
		l := layerOf[from]
		if l == 0 {
			// Infrastructure depends on its own layer, sparsely.
			if r.Intn(8) != 0 {
				continue
			}
			if to := pick(start[0], start[1]); add(from, to, "") != nil {
				edges++
			}
			continue
		}
		lower := func() int {
			// Mostly the layer just below, sometimes deeper.
			tl := l - 1
			for tl > 0 && r.Intn(3) == 0 {
				tl--
			}
			return pick(start[tl], start[tl+1])
		}
		switch x := r.Float64(); {
		case x < 0.05 && e-edges >= 2:
			// Two alternatives in the same lower layer.
			a := lower()
			b := pick(start[layerOf[a]], start[layerOf[a]+1])
			name := fmt.Sprintf("g%d", groups)
			if add(from, a, name) != nil {
				edges++
				if add(from, b, name) != nil {
					edges++
				}
				groups++
			}
		case x < upBelow:
			// An edge upward or sideways: cycles. In a hard model it goes
			// from the two lowest layers, which most services reach, up to
			// the top layer, whose services reach most of the layers
			// below: a few of them close one cycle through most services.
			lo := start[l]
			if hard {
				from, lo = pick(start[0], start[2]), start[layers-1]
			}
			if to := pick(lo, n); add(from, to, "") != nil {
				edges++
			}
		default:
			if add(from, lower(), "") != nil {
				edges++
			}
		}
	}
	for _, s := range svcs {
		if s.Role.IsObserver() {
			for j := 0; j < 3; j++ {
				s.Monitors = append(s.Monitors, svcs[r.Intn(n)].ID)
			}
		}
	}
	return Build(svcs...)
}
