// Package words writes figures and lists in the English of blast's messages
// and reports: thousands separators, plurals, "a, b and c", durations read by
// people. Rules and views share it so that every output says a figure alike.
package words

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/blast-tool/blast/model"
)

// Int writes n with thousands separators ("32,768"), as messages do:
// limits and fleet sizes are read by people, not parsed.
func Int(n int) string {
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

// Num writes a figure with thousands separators: whole numbers as
// such, others with up to two decimals ("0.25", "1,234.5").
func Num(v float64) string {
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
		return Int(int(r))
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.Atoi(whole)
	ws := Int(w)
	if w == 0 && strings.HasPrefix(whole, "-") {
		ws = "-0"
	}
	return ws + "." + frac
}

// Percent writes a fraction as a percentage with one decimal ("5.6%").
func Percent(f float64) string {
	return strconv.FormatFloat(math.Round(f*1000)/10, 'f', 1, 64) + "%"
}

// Seconds writes a duration given in seconds as people read recovery times:
// rounded to the minute ("14h17m", "2h", "45m"), under a minute in seconds
// ("30s"), "∞" when it never ends.
func Seconds(secs float64) string {
	if math.IsNaN(secs) || math.IsInf(secs, 0) || secs > model.MaxDuration.Seconds() {
		return "∞"
	}
	d := time.Duration(math.Round(secs)) * time.Second
	if secs >= 59.5 {
		d = d.Round(time.Minute)
	}
	return model.FormatDuration(d)
}

// Singular turns a plural unit into the adjective form of "the
// 32,768-thread limit": "threads" → "thread", "bytes" → "byte". Units of
// several words are returned unchanged; Limit handles them.
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

// Limit names a limit in messages: "the 32,768-thread limit", or "the
// limit of 1,024 open files" when the unit is several words.
func Limit(limit float64, unit string) string {
	if strings.ContainsAny(unit, " \t") || unit == "" {
		if unit == "" {
			return "the limit of " + Num(limit)
		}
		return "the limit of " + Num(limit) + " " + unit
	}
	return "the " + Num(limit) + "-" + Singular(unit) + " limit"
}

// Count returns "1 server" or "4,300 servers".
func Count(n int, word string) string { return model.Count(n, word, word+"s") }

// AndFirst joins the first max of n names (name(i) is the i-th) as And
// does and counts the rest, looking up only those it lists: "a, b and 3
// more".
func AndFirst(n, max int, name func(i int) string) string { return And(first(n, max, name)) }

// OrFirst is AndFirst with Or: "a, b or 3 more".
func OrFirst(n, max int, name func(i int) string) string { return Or(first(n, max, name)) }

// first is the first max of n names and, when there are more, their count.
func first(n, max int, name func(i int) string) []string {
	shown := make([]string, min(n, max), min(n, max)+1)
	for i := range shown {
		shown[i] = name(i)
	}
	if n > max {
		shown = append(shown, Int(n-max)+" more")
	}
	return shown
}

// A puts the indefinite article before a word or a service's name, as it
// is read aloud: "an order-queue outage", "a user-db outage", "an S3
// outage", "an 8-hour window". A vowel letter takes "an", except a "u" read
// as "you" (unit, user, usage) and "one"; a name in capitals is read letter
// by letter (an RDS, a CDN); a number takes "an" when it is read from
// "eight", "eleven" or "eighteen" (8, 80, 11, 18,000).
func A(word string) string { return article(word) + " " + word }

func article(word string) string {
	if word == "" {
		return "a"
	}
	lower := strings.ToLower(word)
	c := word[0]
	switch {
	case c >= '0' && c <= '9':
		digits := len(word) - len(strings.TrimLeft(word, "0123456789,"))
		digits -= strings.Count(word[:digits], ",")
		if c == '8' || (digits%3 == 2 && (strings.HasPrefix(word, "11") || strings.HasPrefix(word, "18"))) {
			return "an"
		}
		return "a"
	case c >= 'A' && c <= 'Z' && initialism(word):
		if strings.IndexByte("AEFHILMNORSX", c) >= 0 {
			return "an"
		}
		return "a"
	case strings.HasPrefix(lower, "one") || strings.HasPrefix(lower, "once"):
		return "a"
	case lower[0] == 'u':
		for _, you := range []string{"uni", "use", "usi", "usu", "uti", "ura", "ure", "uri", "uro", "uk"} {
			if strings.HasPrefix(lower, you) {
				return "a"
			}
		}
		return "an"
	case strings.IndexByte("aeio", lower[0]) >= 0:
		return "an"
	}
	return "a"
}

// initialism reports whether a word is read letter by letter: its first
// letters up to a digit or a separator are all capitals, at most five.
func initialism(word string) bool {
	n := 0
	for n < len(word) && word[n] >= 'A' && word[n] <= 'Z' {
		n++
	}
	if n < len(word) && word[n] >= 'a' && word[n] <= 'z' {
		return false // a capitalised word: Order, Elastic
	}
	return n <= 5
}

// And joins names as "a, b and c".
func And(names []string) string { return join(names, " and ") }

// Or joins names as "a, b or c".
func Or(names []string) string { return join(names, " or ") }

func join(names []string, last string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	// A builder of the final size: shared-fate lists thousands of names,
	// and += is quadratic.
	size := len(last) + 2*(len(names)-2)
	for _, n := range names {
		size += len(n)
	}
	var b strings.Builder
	b.Grow(size)
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n)
	}
	b.WriteString(last)
	b.WriteString(names[len(names)-1])
	return b.String()
}
