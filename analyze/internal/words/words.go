package scaling

import (
	"math"
	"strconv"
	"strings"
)

// FormatInt writes n with thousands separators ("32,768"), as messages do:
// limits and fleet sizes are read by people, not parsed.
func FormatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// FormatNum writes a figure with thousands separators: whole numbers as
// such, others with up to two decimals ("0.25", "1,234.5").
func FormatNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	case math.Abs(v) >= 1e15:
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	r := math.Round(v*100) / 100
	if r == math.Trunc(r) {
		return FormatInt(int(r))
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.Atoi(whole)
	ws := FormatInt(w)
	if w == 0 && strings.HasPrefix(whole, "-") {
		ws = "-0"
	}
	return ws + "." + frac
}

// FormatPercent writes a fraction as a percentage with one decimal ("5.6%").
func FormatPercent(f float64) string {
	return strconv.FormatFloat(math.Round(f*1000)/10, 'f', 1, 64) + "%"
}

// FormatDuration writes seconds as hours and minutes, rounded to the minute
// ("14h17m", "2h", "45m"); under a minute, in seconds ("30s").
func FormatDuration(secs float64) string {
	if math.IsNaN(secs) || math.IsInf(secs, 0) {
		return "∞"
	}
	if secs < 59.5 {
		return strconv.Itoa(int(math.Round(secs))) + "s"
	}
	m := int(math.Round(secs / 60))
	h, m := m/60, m%60
	switch {
	case h == 0:
		return strconv.Itoa(m) + "m"
	case m == 0:
		return strconv.Itoa(h) + "h"
	}
	return strconv.Itoa(h) + "h" + strconv.Itoa(m) + "m"
}

// Singular turns a plural unit into the adjective form of "the
// 32,768-thread limit": "threads" → "thread", "bytes" → "byte". Units of
// several words are returned unchanged; LimitPhrase handles them.
func Singular(unit string) string {
	switch {
	case strings.ContainsAny(unit, " \t"):
		return unit
	case strings.HasSuffix(unit, "ies") && len(unit) > 3:
		return unit[:len(unit)-3] + "y"
	case strings.HasSuffix(unit, "ss"):
		return unit
	case strings.HasSuffix(unit, "s") && len(unit) > 1:
		return unit[:len(unit)-1]
	}
	return unit
}

// LimitPhrase names a limit in messages: "the 32,768-thread limit", or "the
// limit of 1,024 open files" when the unit is several words.
func LimitPhrase(limit float64, unit string) string {
	if strings.ContainsAny(unit, " \t") || unit == "" {
		if unit == "" {
			return "the limit of " + FormatNum(limit)
		}
		return "the limit of " + FormatNum(limit) + " " + unit
	}
	return "the " + FormatNum(limit) + "-" + Singular(unit) + " limit"
}

// Plural returns "1 server" or "4,300 servers".
func Plural(n int, word string) string {
	if n == 1 || n == -1 {
		return FormatInt(n) + " " + word
	}
	return FormatInt(n) + " " + word + "s"
}
