package sim

import "math"

// erlangC is the probability that a call waits in an M/M/c queue with c
// servers and offered load a = lambda / mu (Erlang's C formula), through
// the Erlang B recursion B(k) = a B(k-1) / (k + a B(k-1)), which stays
// finite for thousands of servers (Kleinrock, "Queueing Systems, Vol. 1",
// 1975, sec. 3.5). It is 1 at or above saturation (a >= c).
func erlangC(c int, a float64) float64 {
	if c < 1 || a >= float64(c) {
		return 1
	}
	if a <= 0 {
		return 0
	}
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
		if b < 1e-300 && float64(k) > a {
			return 0 // past k = a, b only shrinks: B(c, a) and C(c, a) are 0 in float64
		}
	}
	rho := a / float64(c)
	return b / (1 - rho*(1-b))
}

// mmcWait is the mean wait in queue of an M/M/c queue: C(c, a) / (c mu -
// lambda), with lambda the arrival rate and mu one server's service rate;
// +Inf at or above saturation.
func mmcWait(lambda, mu float64, c int) float64 {
	if lambda >= mu*float64(c) {
		return math.Inf(1)
	}
	return erlangC(c, lambda/mu) / (mu*float64(c) - lambda)
}
