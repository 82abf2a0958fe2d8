package model

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Bounds on values: anything beyond them is a typo, not a real architecture,
// and rejecting it early keeps later arithmetic (float64, time.Duration) exact.
const (
	// MaxNumber bounds counts, sizes and other plain numbers.
	MaxNumber = 1e15
	// MaxDuration bounds durations: 100 years.
	MaxDuration = 100 * 365 * 24 * time.Hour
	// maxValueLen bounds the text of a value so that exact parsing stays cheap.
	maxValueLen = 64
)

// durationUnits maps each unit of ParseDuration to its length in nanoseconds.
var durationUnits = map[string]int64{
	"ns": 1,
	"us": int64(time.Microsecond),
	"µs": int64(time.Microsecond), // U+00B5
	"μs": int64(time.Microsecond), // U+03BC
	"ms": int64(time.Millisecond),
	"s":  int64(time.Second),
	"m":  int64(time.Minute),
	"h":  int64(time.Hour),
	"d":  int64(24 * time.Hour),
}

// ParseDuration parses Go duration syntax ("90s", "1h30m", "1.5h") extended
// with a day unit ("2d", "1d12h"), the unit operators think in for outages
// and retention. It computes exactly (big.Rat) so "1.1d" is not rounded, and
// rejects empty, negative and out-of-range (> 100 years) values.
func ParseDuration(s string) (time.Duration, error) {
	if d, ok := fastDuration(s); ok {
		return d, nil
	}
	return parseDurationExact(s)
}

// parseDurationExact is ParseDuration in big.Rat arithmetic, for every input.
func parseDurationExact(s string) (time.Duration, error) {
	orig := s
	if s == "" {
		return 0, errors.New("empty duration")
	}
	if len(s) > maxValueLen {
		return 0, fmt.Errorf("duration %q is too long", shorten(orig))
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("duration %q is negative", orig)
	}
	if s[0] == '+' {
		s = s[1:]
	}
	if s == "0" {
		return 0, nil
	}
	total := new(big.Rat)
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		num := s[:i]
		if num == "" || num == "." || strings.Count(num, ".") > 1 {
			return 0, fmt.Errorf("invalid duration %q: expected a number followed by a unit (ns, us, ms, s, m, h, d)", orig)
		}
		s = s[i:]
		j := 0
		for j < len(s) && !(s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
			j++
		}
		unit := s[:j]
		s = s[j:]
		if unit == "" {
			return 0, fmt.Errorf("invalid duration %q: missing unit after %q (use ns, us, ms, s, m, h or d)", orig, num)
		}
		ns, ok := durationUnits[unit]
		if !ok {
			return 0, fmt.Errorf("invalid duration %q: unknown unit %q (use ns, us, ms, s, m, h or d)", orig, unit)
		}
		r, ok := new(big.Rat).SetString(num)
		if !ok {
			return 0, fmt.Errorf("invalid duration %q", orig)
		}
		total.Add(total, r.Mul(r, new(big.Rat).SetInt64(ns)))
	}
	if total.Cmp(new(big.Rat).SetInt64(int64(MaxDuration))) > 0 {
		return 0, fmt.Errorf("duration %q is out of range (at most 100 years)", orig)
	}
	// Truncate towards zero, as time.ParseDuration does.
	q := new(big.Int).Quo(total.Num(), total.Denom())
	return time.Duration(q.Int64()), nil
}

// sizeUnits maps each size suffix to its multiplier: SI (powers of 1000)
// and IEC (powers of 1024), per IEC 80000-13.
var sizeUnits = map[string]float64{
	"":    1,
	"B":   1,
	"kB":  1e3,
	"KB":  1e3,
	"MB":  1e6,
	"GB":  1e9,
	"TB":  1e12,
	"PB":  1e15,
	"KiB": 1 << 10,
	"MiB": 1 << 20,
	"GiB": 1 << 30,
	"TiB": 1 << 40,
	"PiB": 1 << 50,
}

// ParseSize parses a size in bytes ("512B", "64KiB", "2GiB", "1GB",
// "1.5MiB") or a plain number of items ("10000"). SI and IEC units are both
// accepted; the result is in bytes or items.
func ParseSize(s string) (float64, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty size")
	}
	if len(s) > maxValueLen {
		return 0, fmt.Errorf("size %q is too long", shorten(orig))
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == '-' || s[i] == '+' || s[i] == 'e' && i > 0 && i+1 < len(s) && (s[i+1] >= '0' && s[i+1] <= '9' || s[i+1] == '-' || s[i+1] == '+')) {
		i++
	}
	num, unit := s[:i], strings.TrimSpace(s[i:])
	mult, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf("invalid size %q: unknown unit %q (use B, kB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB, or none for a count of items)", orig, unit)
	}
	v, err := parseNumber(num)
	if err != nil {
		return 0, fmt.Errorf("invalid size %q: %v", orig, err)
	}
	v *= mult
	if v > MaxNumber {
		return 0, fmt.Errorf("size %q is out of range (at most %g)", orig, float64(MaxNumber))
	}
	return v, nil
}

// rateUnits maps each time unit of a rate to its length in seconds.
var rateUnits = map[string]float64{
	"s": 1, "sec": 1, "second": 1,
	"m": 60, "min": 60, "minute": 60,
	"h": 3600, "hr": 3600, "hour": 3600,
	"d": 86400, "day": 86400,
}

// ParseRate parses a size or count per time unit ("34MiB/min", "1200/s",
// "300/h") and returns units (bytes or items) per second.
func ParseRate(s string) (float64, error) {
	orig := s
	s = strings.TrimSpace(s)
	slash := strings.LastIndexByte(s, '/')
	if slash < 0 {
		return 0, fmt.Errorf("invalid rate %q: expected AMOUNT/UNIT, such as \"34MiB/min\" or \"1200/s\"", orig)
	}
	per, ok := rateUnits[strings.TrimSpace(s[slash+1:])]
	if !ok {
		return 0, fmt.Errorf("invalid rate %q: unknown time unit %q (use s, min, h or d)", orig, strings.TrimSpace(s[slash+1:]))
	}
	amount, err := ParseSize(s[:slash])
	if err != nil {
		return 0, fmt.Errorf("invalid rate %q: %v", orig, err)
	}
	return amount / per, nil
}

// ParseTime parses a clock time: RFC 3339, with or without seconds
// ("2020-11-25T05:15-08:00"), as a scenario's start and --at take it.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t2, err2 := time.Parse("2006-01-02T15:04Z07:00", s); err2 == nil {
			return t2, nil
		}
	}
	return t, err
}

// ParseDate parses "YYYY-MM-DD" (the end of that day, UTC, so an ignore
// lapses after its last day) or an RFC 3339 timestamp.
func ParseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Nanosecond), nil
	}
	return time.Parse(time.RFC3339, s)
}

// parseNumber parses a finite, non-negative decimal number.
func parseNumber(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("missing number")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return v, nil
}

// checkCount reports why v is not a whole, non-negative, in-range count.
func checkCount(v float64) error {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return errors.New("not a finite number")
	case v < 0:
		return fmt.Errorf("%s is negative", formatNum(v))
	case v > MaxNumber:
		return fmt.Errorf("%s is out of range (at most %g)", formatNum(v), float64(MaxNumber))
	case v != math.Trunc(v):
		return fmt.Errorf("fractional count %s", formatNum(v))
	}
	return nil
}

// formatNum prints a number the way a user would write it.
func formatNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// shorten truncates long input for messages.
func shorten(s string) string {
	if len(s) > 32 {
		return s[:32] + "..."
	}
	return s
}

// FormatDuration writes a duration the way ParseDuration reads it and people
// read timelines: whole seconds, zero units dropped ("1h46m", "45s", "0s";
// time.Duration.String would say "1h46m0s"), hours kept past a day ("26h")
// as Go's notation does. Below a second it falls back to Go's own form
// ("250ms"). Callers that want minutes round first: d.Round(time.Minute).
func FormatDuration(d time.Duration) string {
	if d < 0 {
		if d == math.MinInt64 {
			d++
		}
		return "-" + FormatDuration(-d)
	}
	if d > 0 && d < time.Second {
		return d.String()
	}
	if d < math.MaxInt64-time.Second/2 {
		d = d.Round(time.Second)
	}
	h, m, s := d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second
	var b []byte
	if h > 0 {
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, 'h')
	}
	if m > 0 {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, 'm')
	}
	if s > 0 || len(b) == 0 {
		b = strconv.AppendInt(b, int64(s), 10)
		b = append(b, 's')
	}
	return string(b)
}
