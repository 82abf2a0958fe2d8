package scaling

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Law is per-server use as a function of the scope size N (model.Resource.Law).
type Law func(n float64) (float64, error)

// Growth is an asymptotic order of growth N^Exponent · (log N)^LogPower, or
// exponential. The zero value is the constant class "1".
type Growth struct {
	// Exponent is the polynomial degree; whole for the classes the contract
	// names, fractional (rounded to 0.01) when no N^k (log N)^j fits.
	Exponent float64
	// LogPower is the power of the log N factor (0, 1 or 2).
	LogPower int
	// Exp marks growth faster than any polynomial the classifier accepts
	// (exponential, or a degree above MaxDegree).
	Exp bool
}

// MaxDegree is the largest polynomial degree Classify names; anything steeper
// is reported as "exp" because no real per-server law should get near it.
const MaxDegree = 8

// Contract class names (docs/scaling.md lists every string Classify can return).
const (
	ClassConstant = "1"
	ClassLog      = "log N"
	ClassLinear   = "N"
	ClassNLogN    = "N log N"
	ClassSquare   = "N^2"
	ClassExp      = "exp"
)

// String formats the class as the contract writes it: "1", "log N", "N",
// "N log N", "N^2"; beyond those "N^2 log N", "N^3", "N^0.5", "log^2 N", "exp".
func (g Growth) String() string {
	if g.Exp {
		return ClassExp
	}
	var poly string
	switch {
	case g.Exponent == 0:
	case g.Exponent == 1:
		poly = "N"
	default:
		poly = "N^" + strconv.FormatFloat(g.Exponent, 'f', -1, 64)
	}
	var lg string
	switch g.LogPower {
	case 0:
	case 1:
		lg = "log N"
	default:
		lg = "log^" + strconv.Itoa(g.LogPower) + " N"
	}
	switch {
	case poly == "" && lg == "":
		return ClassConstant
	case poly == "":
		return lg
	case lg == "":
		return poly
	}
	return poly + " " + lg
}

// Aggregate is the fleet's total when each of N servers uses g: N · g.
func (g Growth) Aggregate() Growth {
	if g.Exp {
		return g
	}
	g.Exponent++
	return g
}

// Grows reports whether use grows without bound (anything but "1").
func (g Growth) Grows() bool { return g.Exp || g.Exponent > 0 || g.LogPower > 0 }

// AtLeastLinear reports whether per-server use grows like N or faster, which
// makes the aggregate at least quadratic: the Kinesis pattern.
func (g Growth) AtLeastLinear() bool { return g.Exp || g.Exponent >= 1 }

// Compare orders growth classes: -1 if g grows slower than h, 0 same, +1 faster.
func (g Growth) Compare(h Growth) int {
	switch {
	case g.Exp && h.Exp:
		return 0
	case g.Exp:
		return 1
	case h.Exp:
		return -1
	case g.Exponent != h.Exponent:
		if g.Exponent < h.Exponent {
			return -1
		}
		return 1
	case g.LogPower != h.LogPower:
		if g.LogPower < h.LogPower {
			return -1
		}
		return 1
	}
	return 0
}

// The classifier samples N = 2^(lo + i/perOctave) for N in [2^lo, 2^hi].
// The window lies far above every constant a real law contains (thread
// pools, floors such as max(64, N), offsets like 300 + 8*(N-1), thresholds
// of piecewise laws up to ~10^8), because a log factor changes the ratio
// f(N)/N^k only by log(2^hi)/log(2^lo) = 5/3 across the whole window: an
// offset that is still 10% of the value would blur it. N stays below 2^53 so
// integer arithmetic in the law is exact in float64.
const (
	sampleLo        = 30
	sampleHi        = 50
	samplePerOctave = 4
)

// Classify finds the order of growth of law by evaluating it over a geometric
// range of large N and testing candidate classes, the empirical method of
// Goldsmith, Aiken and Wilkerson ("Measuring empirical computational
// complexity", FSE 2007), made exact for the classes blast names:
//
//  1. The log-log slope s of f over the window (least squares of ln f on
//     ln N) estimates the polynomial degree; a slope that keeps rising
//     across the window (or overflow to +Inf) means exponential growth.
//  2. For each candidate g = N^k (log N)^j near s, the ratio f/g is tested
//     for convergence, in the spirit of Kalmár's ratio test for orders of
//     growth (f ∈ Θ(g) iff f/g tends to a positive constant): the least
//     squares slope of ln(f/g) against ln ln N is the power of log N the
//     ratio still grows with; it is ≈0 for the right class and ≈±1 (or
//     ±ln N for a wrong degree) otherwise. The candidate with the smallest
//     residual drift wins if the drift is under 1/2.
//  3. If no candidate fits (√N, N^1.5), the fractional degree s is reported.
//
// Sub-polynomial laws (slope under 1/4) are told apart by their increments
// instead (see classifyLog). Laws that are non-positive or decreasing at
// large N are bounded: "1".
func Classify(law Law) (Growth, error) {
	if law == nil {
		return Growth{}, errors.New("no per_server law")
	}
	n := (sampleHi-sampleLo)*samplePerOctave + 1
	lnN := make([]float64, 0, n)
	lnF := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		x := math.Round(math.Exp2(sampleLo + float64(i)/samplePerOctave))
		v, err := law(x)
		if err != nil {
			return Growth{}, fmt.Errorf("per_server at N = %.0f: %w", x, err)
		}
		if math.IsNaN(v) {
			return Growth{}, fmt.Errorf("per_server at N = %.0f is not a number", x)
		}
		if math.IsInf(v, 1) {
			// Overflow of float64 within 2^50: faster than any polynomial
			// of degree below ~20.
			return Growth{Exp: true}, nil
		}
		if v <= 0 {
			// Use must be positive to take logs; drop the non-positive
			// prefix of laws that start negative (N - 2^40).
			lnN, lnF = lnN[:0], lnF[:0]
			continue
		}
		lnN = append(lnN, math.Log(x))
		lnF = append(lnF, math.Log(v))
	}
	if len(lnN) < n/2 {
		// Non-positive over most of the window: bounded above.
		return Growth{}, nil
	}
	s := slope(lnN, lnF)
	h := len(lnN) / 2
	sLow, sHigh := slope(lnN[:h+1], lnF[:h+1]), slope(lnN[h:], lnF[h:])
	if sHigh > MaxDegree+0.5 || (sHigh > 1 && sHigh-sLow > 0.5 && sHigh > 1.5*sLow) {
		return Growth{Exp: true}, nil
	}
	if s < 0.25 && sHigh < 0.25 {
		// Flat, decreasing or logarithmic: ratios cannot tell 200 + 3 ln N
		// from a constant within any window, increments can.
		return classifyLog(lnN, lnF), nil
	}
	lnln := make([]float64, len(lnN))
	for i, x := range lnN {
		lnln[i] = math.Log(x)
	}
	best, bestDrift := Growth{}, math.Inf(1)
	r := make([]float64, len(lnN))
	for k := math.Max(0, math.Floor(s)-1); k <= math.Floor(s)+1; k++ {
		for j := 0; j <= 2; j++ {
			for i := range r {
				r[i] = lnF[i] - k*lnN[i] - float64(j)*lnln[i]
			}
			d := math.Abs(slope(lnln, r))
			if d < bestDrift {
				best, bestDrift = Growth{Exponent: k, LogPower: j}, d
			}
		}
	}
	if bestDrift < 0.5 {
		return best, nil
	}
	return Growth{Exponent: math.Round(s*100) / 100}, nil
}

// slope is the least-squares slope of y on x.
func slope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(x))
	var sxy, sxx float64
	for i := range x {
		dx := x[i] - mx
		sxy += dx * (y[i] - my)
		sxx += dx * dx
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}

// logSpan is the distance, in samples, over which classifyLog takes
// increments: four octaves, so step functions such as 4*ceil(log2(N)/2)
// never show a zero increment.
const logSpan = 4 * samplePerOctave

// classifyLog classifies a law whose log-log slope is ~0 from its
// increments over four octaves, d(N) = f(16N) - f(N), which cancel additive
// constants exactly: d ≈ 0 (or negative) for a bounded law, d constant for
// c·log N, d ∝ log N for log^2 N. The power of log N in d is the
// least-squares slope of ln d against ln ln N, rounded; a negative power
// (log log N, or a law converging to a constant) counts as bounded.
func classifyLog(lnN, lnF []float64) Growth {
	var x, y []float64
	var top float64
	for _, v := range lnF {
		top = math.Max(top, math.Exp(v))
	}
	for i := 0; i+logSpan < len(lnF); i++ {
		d := math.Exp(lnF[i+logSpan]) - math.Exp(lnF[i])
		if d <= 1e-9*top {
			// No growth across four octaves at this N: bounded here.
			x, y = x[:0], y[:0]
			continue
		}
		x = append(x, math.Log(lnN[i]))
		y = append(y, math.Log(d))
	}
	if len(x) < (len(lnF)-logSpan)/2 {
		return Growth{}
	}
	p := math.Round(slope(x, y)) + 1
	if p < 1 {
		return Growth{}
	}
	return Growth{LogPower: int(min(p, 2))}
}
