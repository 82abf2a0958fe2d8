package model

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// This file decodes what the load simulation and the retry-amplification
// rule read: a service's `load` and `capacity`, a dependency's `timeout`
// and `retry`.

var retrySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "attempts"}, {Name: "backoff"}, {Name: "jitter"}, {Name: "budget"}},
}

var capacitySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "per_server", Required: true}, {Name: "queue"}, {Name: "concurrency"}},
}

// rateExample is how a rate is written, for messages.
const rateExample = `"700/s" or "42000/min"`

// decodeLoad reads a service's `load`: a rate, or a number of requests per second.
func (l *loader) decodeLoad(s *Service, attrs attrSet) {
	v, a, ok := l.attrValue(attrs, "load")
	if !ok {
		return
	}
	if r, ok := l.quantity(v, a, ParseRate, "rate", rateExample); ok {
		s.Load, s.LoadRange = r, a.Expr.Range()
	}
}

// decodeTimeout reads a dependency's `timeout`, which must be longer than zero.
func (l *loader) decodeTimeout(d *Dependency, attrs attrSet) {
	t, a, ok := l.getDuration(attrs, "timeout")
	if !ok {
		return
	}
	if t <= 0 {
		l.errorf(a.Expr.Range(), "Invalid timeout", "timeout is how long one call waits before it gives up and must be longer than zero. Remove it to wait as long as an answer takes.")
		return
	}
	d.Timeout = t
	if d.AttrRanges == nil {
		d.AttrRanges = map[string]hcl.Range{}
	}
	setRange(d.AttrRanges, a)
}

func (l *loader) decodeRetry(b *hcl.Block) *Retry {
	r := &Retry{Attempts: 1, DeclRange: b.DefRange, AttrRanges: map[string]hcl.Range{}}
	attrs := l.blockAttrs(b, retrySchema, r.AttrRanges)
	if n, a, ok := l.getNumber(attrs, "attempts"); ok && l.valid(a, "Invalid attempts", attemptsError(n)) {
		r.Attempts = int(n)
	}
	if s, a, ok := l.getString(attrs, "backoff"); ok {
		if d, err := parseBackoff(s); l.valid(a, "Invalid backoff", err) {
			r.Backoff = d
		}
	}
	r.Jitter = l.getBool(attrs, "jitter", false)
	if f, a, ok := l.getNumber(attrs, "budget"); ok && l.valid(a, "Invalid budget", budgetError(f)) {
		r.Budget, r.HasBudget = f, true
	}
	return r
}

// attemptsError explains why n is not a valid retry.attempts, or is nil.
func attemptsError(n float64) error {
	if n >= 1 && n <= MaxAttempts && n == math.Trunc(n) {
		return nil
	}
	return errors.New("attempts is the total tries per call, the first included (1 = no retry): a whole number from 1 to 100, not " + formatNum(n) + ".")
}

// budgetError explains why f is not a valid retry.budget, or is nil.
func budgetError(f float64) error {
	if f >= 0 && f <= 1 {
		return nil
	}
	return errors.New("budget is a retry budget: retries at most this fraction of calls (0 to 1), not " + formatNum(f) + ".")
}

// parseBackoff reads retry.backoff, a duration that is not negative.
func parseBackoff(s string) (time.Duration, error) {
	if strings.HasPrefix(strings.TrimSpace(s), "-") {
		return 0, errors.New("backoff is the wait before the second try and must not be negative, not " + strconv.Quote(s) + ".")
	}
	d, err := ParseDuration(s)
	return d, invalidValue("backoff", err, `a duration such as "100ms" or "1s"`)
}

func (l *loader) decodeCapacity(b *hcl.Block) *Capacity {
	c := &Capacity{Concurrency: 1, DeclRange: b.DefRange, AttrRanges: map[string]hcl.Range{}}
	attrs := l.blockAttrs(b, capacitySchema, c.AttrRanges)
	if v, a, ok := l.attrValue(attrs, "per_server"); ok {
		if r, ok := l.quantity(v, a, ParseRate, "rate", `"100/s"`); ok {
			if r <= 0 {
				l.errorf(a.Expr.Range(), "Invalid rate", "per_server is the calls one server completes per second and must be greater than zero.")
			} else {
				c.PerServer = r
			}
		}
	}
	if n, _, ok := l.getCount(attrs, "queue", 0); ok {
		c.Queue, c.Bounded = n, true
	}
	if n, _, ok := l.getCount(attrs, "concurrency", 1); ok {
		c.Concurrency = n
	}
	return c
}

// checkCapacity requires the fleet that a capacity's per_server multiplies.
func (l *loader) checkCapacity(s *Service) {
	if s.Capacity != nil && s.Fleet == nil {
		l.errorf(s.Capacity.DeclRange, "Capacity without fleet", "The capacity of %q is per server, but the service has no fleet block. Add fleet { servers = ... }.", s.ID)
	}
}
