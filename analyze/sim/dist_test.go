package sim

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestLearnDist(t *testing.T) {
	for _, tc := range []struct {
		name  string
		adds  []Addition
		disc  float64
		probe map[float64]float64 // x -> CDF
	}{
		{"trapezoid", []Addition{{Over: 63 * time.Minute, Servers: 500}}, 3600,
			map[float64]float64{0: 0, 3600: 3600.0 / 7560 * 1, 3780 + 3600: 1, 3690: (3690 - 1800) / 3780.0}},
		{"instant add", []Addition{{At: time.Hour, Servers: 10}}, 3600,
			map[float64]float64{3600: 0, 5400: 0.5, 7200: 1}},
		{"no discovery delay", []Addition{{Over: time.Hour, Servers: 10}}, 0,
			map[float64]float64{1800: 0.5, 3600: 1}},
		{"two blocks", []Addition{{Servers: 10}, {At: 2 * time.Hour, Servers: 30}}, 0,
			map[float64]float64{0: 0.25, 3600: 0.25, 7200: 1}},
	} {
		d := newLearnDist(tc.adds, tc.disc)
		for x, want := range tc.probe {
			if got := d.CDF(x); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: CDF(%v) = %v, want %v", tc.name, x, got, want)
			}
		}
		for _, u := range []float64{0.01, 0.3, 0.5, 0.9, 0.999} {
			q := d.Quantile(u)
			if d.CDF(q) < u-1e-9 || d.CDF(q-0.01) > u+1e-9 {
				t.Errorf("%s: Quantile(%v) = %v is not the inverse (CDF %v)", tc.name, u, q, d.CDF(q))
			}
		}
	}
}

// TestOrderStats: sampled U_(k) of m uniforms has mean k/(m+1), and the
// joint draw keeps U_(k1) <= U_(k2).
func TestOrderStats(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ m, k1, k2 int }{{500, 240, 240}, {500, 100, 240}, {10, 1, 10}, {3, 0, 2}} {
		const n = 4000
		var s1, s2 float64
		for i := 0; i < n; i++ {
			u1, u2 := orderStats(r, tc.m, tc.k1, tc.k2)
			if u1 > u2 || u1 < 0 || u2 > 1 {
				t.Fatalf("%v: u1 %v u2 %v", tc, u1, u2)
			}
			s1, s2 = s1+u1, s2+u2
		}
		m1, m2 := float64(tc.k1)/float64(tc.m+1), float64(tc.k2)/float64(tc.m+1)
		if math.Abs(s1/n-m1) > 0.01 || math.Abs(s2/n-m2) > 0.01 {
			t.Errorf("%v: means %v %v, want %v %v", tc, s1/n, s2/n, m1, m2)
		}
	}
	// Gamma with shape < 1 (boost path) keeps its mean.
	var s float64
	for i := 0; i < 20000; i++ {
		s += gamma(r, 0.5)
	}
	if math.Abs(s/20000-0.5) > 0.03 {
		t.Errorf("Gamma(0.5) mean %v", s/20000)
	}
}

func TestQueueOrder(t *testing.T) {
	var q queue
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		q.push(event{at: time.Duration(r.IntN(20)), seq: uint64(i)})
	}
	prev := event{at: -1}
	for len(q) > 0 {
		e := q.pop()
		if e.at < prev.at || (e.at == prev.at && e.seq < prev.seq) {
			t.Fatalf("heap order broken: %v after %v", e, prev)
		}
		prev = e
	}
}
