package sim

import (
	"math"
	"math/rand/v2"
)

// learnDist is the distribution of the time at which a server learns of one
// added peer: announce time A (uniform over its add_capacity span, blocks
// weighted by size) plus discovery delay D ~ U[0, discovery]. A+D of two
// uniforms is trapezoidal (the convolution of two boxes), so the CDF is
// piecewise quadratic and cheap to evaluate. Times are in seconds.
type learnDist struct {
	parts []trap
	lo    float64 // F(lo) = 0
	hi    float64 // F(hi) = 1
}

type trap struct {
	w    float64 // weight (fraction of added servers)
	s    float64 // span start
	a, b float64 // span length, discovery length
}

func newLearnDist(adds []Addition, discovery float64) learnDist {
	total := 0
	for _, a := range adds {
		total += a.Servers
	}
	d := learnDist{lo: math.Inf(1), hi: math.Inf(-1)}
	for _, a := range adds {
		if a.Servers == 0 {
			continue
		}
		t := trap{w: float64(a.Servers) / float64(total), s: a.At.Seconds(), a: a.Over.Seconds(), b: discovery}
		d.parts = append(d.parts, t)
		d.lo = math.Min(d.lo, t.s)
		d.hi = math.Max(d.hi, t.s+t.a+t.b)
	}
	return d
}

// cdf of U(0,a) + U(0,b) at x.
func (t trap) cdf(x float64) float64 {
	a, b := t.a, t.b
	switch {
	case x < 0:
		return 0
	case x >= a+b:
		return 1
	case a == 0:
		return x / b
	case b == 0:
		return x / a
	}
	lo, hi := math.Min(a, b), math.Max(a, b)
	switch {
	case x <= lo:
		return x * x / (2 * a * b)
	case x <= hi:
		return (x - lo/2) / hi
	}
	r := a + b - x
	return 1 - r*r/(2*a*b)
}

// CDF is the probability that one added peer is learned by time x.
func (d learnDist) CDF(x float64) float64 {
	p := 0.0
	for _, t := range d.parts {
		p += t.w * t.cdf(x-t.s)
	}
	return p
}

// Quantile is inf{x : CDF(x) >= u}, found by bisection (O(log(range/eps))),
// which also covers the degenerate spans and the multi-block mixture.
func (d learnDist) Quantile(u float64) float64 {
	if len(d.parts) == 0 {
		return math.Inf(1)
	}
	lo, hi := d.lo, d.hi
	if u <= 0 {
		return lo
	}
	for i := 0; i < 64 && hi-lo > 1e-3; i++ {
		mid := (lo + hi) / 2
		if d.CDF(mid) >= u {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// gamma draws from Gamma(shape, 1) by Marsaglia & Tsang, "A Simple Method for
// Generating Gamma Variables", ACM TOMS 26(3), 2000: O(1) expected per draw.
func gamma(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		// Boost: Gamma(a) = Gamma(a+1) * U^(1/a).
		return gamma(r, shape+1) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// beta draws from Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b)
// (Devroye, "Non-Uniform Random Variate Generation", 1986, §IX.4).
func beta(r *rand.Rand, a, b float64) float64 {
	x := gamma(r, a)
	y := gamma(r, b)
	if x+y == 0 {
		return 0.5
	}
	return x / (x + y)
}

// orderStats returns U_(k1) and U_(k2) (k1 <= k2 <= m) of m i.i.d. uniforms,
// jointly: U_(k1) ~ Beta(k1, m-k1+1), and given it, the remaining m-k1
// uniforms are uniform on (U_(k1), 1), so U_(k2) = U_(k1) + (1-U_(k1)) *
// Beta(k2-k1, m-k2+1) (David & Nagaraja, "Order Statistics", 3rd ed., 2003,
// §2.5). k = 0 means "already": it returns 0.
func orderStats(r *rand.Rand, m, k1, k2 int) (float64, float64) {
	u1 := 0.0
	if k1 > 0 {
		u1 = beta(r, float64(k1), float64(m-k1+1))
	}
	if k2 <= k1 {
		return u1, u1
	}
	return u1, u1 + (1-u1)*beta(r, float64(k2-k1), float64(m-k2+1))
}
