package scaling

import (
	"errors"
	"fmt"
	"math"

	"github.com/blast-tool/blast/model"
)

// MaxSearch caps the search for a crossing: a law that stays within its limit
// up to a billion servers per scope is treated as never crossing.
const MaxSearch = 1_000_000_000

// Search tuning. Every N up to exactScan past the start is evaluated, so
// small-N wiggles of non-monotone laws are found exactly; beyond that the law
// is probed on a geometric grid of ratio 2^(1/gridPerOctave) and assumed
// monotone between neighbouring probes (piecewise monotone with pieces longer
// than a grid step), which the verification sample then checks.
const (
	exactScan     = 1024
	gridPerOctave = 16
	verifyPoints  = 64
)

// MaxServers returns the largest scope size N (the fleet, or one cell for
// scope "cell") whose per-server use stays within the limit, use(N) <= limit:
// the first N >= 1 where use exceeds the limit, minus one (0 when even one
// server exceeds it). bounded is false when use stays within the limit up to
// MaxSearch; n is then MaxSearch. f may be nil; when given, today's scope size
// is probed exactly too.
func MaxServers(r *model.Resource, f *model.Fleet) (n int, bounded bool, err error) {
	if r == nil || r.Law == nil {
		return 0, false, errors.New("resource has no per_server law")
	}
	hint := 0
	if f != nil {
		hint = f.ScopeSize(r.Scope)
	}
	c, found, err := FirstCrossing(r.Law, r.Limit, 1, hint)
	if err != nil {
		return 0, false, err
	}
	if !found {
		return MaxSearch, false, nil
	}
	return c - 1, true, nil
}

// FirstCrossing returns the smallest integer N in [from, MaxSearch] with
// law(N) > limit (found is false if there is none). It is exact for laws that
// are monotone on every interval between consecutive probes, and for any law
// on [from, from+1023]. extra names one more N to probe exactly (0 for none).
//
// Method: an exhaustive scan of the first exactScan values, then exponential
// probing on a fine geometric grid (Bentley and Yao, "An almost optimal
// algorithm for unbounded searching", IPL 1976, with a ratio of 2^(1/16)
// instead of 2), a bisection inside the first grid interval whose right end
// exceeds the limit, and a verification pass: verifyPoints evenly spaced
// samples left of the bisection's answer must all fit; a sample that does
// not becomes the new right end and the bisection repeats.
func FirstCrossing(law Law, limit float64, from, extra int) (n int, found bool, err error) {
	if law == nil {
		return 0, false, errors.New("no per_server law")
	}
	if math.IsNaN(limit) {
		return 0, false, errors.New("limit is not a number")
	}
	from = max(from, 1)
	if from > MaxSearch {
		return 0, false, nil
	}
	over := func(x int) (bool, error) {
		v, err := law(float64(x))
		if err != nil {
			return false, fmt.Errorf("per_server at N = %d: %w", x, err)
		}
		if math.IsNaN(v) {
			return false, fmt.Errorf("per_server at N = %d is not a number", x)
		}
		return v > limit, nil
	}
	end := min(from+exactScan-1, MaxSearch)
	for x := from; x <= end; x++ {
		o, err := over(x)
		if err != nil {
			return 0, false, err
		}
		if o {
			return x, true, nil
		}
	}
	lo := end // the largest probe known to fit
	for lo < MaxSearch {
		hi := min(max(lo+1, int(math.Floor(float64(lo)*math.Exp2(1.0/gridPerOctave)))), MaxSearch)
		if extra > lo && extra < hi {
			hi = extra
		}
		o, err := over(hi)
		if err != nil {
			return 0, false, err
		}
		if !o {
			lo = hi
			continue
		}
		return refine(over, lo, hi)
	}
	return 0, false, nil
}

// refine finds the first crossing in (lo, hi] given over(lo) false and
// over(hi) true: bisection, then verification of the answer's left side.
func refine(over func(int) (bool, error), lo, hi int) (int, bool, error) {
	for {
		a, b := lo, hi // invariant: !over(a), over(b)
		for b-a > 1 {
			m := a + (b-a)/2
			o, err := over(m)
			if err != nil {
				return 0, false, err
			}
			if o {
				b = m
			} else {
				a = m
			}
		}
		// Verify that no sample in (lo, b) exceeds the limit.
		earlier := 0
		span := b - 1 - lo
		step := max(1, span/verifyPoints)
		for x := lo + step; x < b; x += step {
			o, err := over(x)
			if err != nil {
				return 0, false, err
			}
			if o {
				earlier = x
				break
			}
		}
		if earlier == 0 {
			return b, true, nil
		}
		hi = earlier
	}
}
