package model

import (
	"fmt"
	"strings"

	"github.com/agext/levenshtein"
)

// Suggest returns the name a user most likely meant by given: the nearest by
// Levenshtein distance (V. I. Levenshtein, "Binary codes capable of
// correcting deletions, insertions, and reversals", 1966), at most two edits
// away (three for words of nine letters or more) and fewer edits than
// letters typed, so "stroe" suggests "store" but "nope" does not suggest
// "glue", with ties broken lexically, else the only name that starts with what
// was typed (a prefix of a long ID), else "". Every "did you mean" of blast
// (diagnostics, flags, --set paths) comes from here.
func Suggest(given string, names []string) string {
	bound := min(3, max(2, len(given)/3))
	best, bestD := "", bound+1
	// levenshtein's MaxCost early exit indexes out of range on some
	// inputs (v1.2.1), so bound the work by length instead.
	for _, n := range names {
		if n == given || len(n)-len(given) > bound || len(given)-len(n) > bound {
			continue
		}
		d := levenshtein.Distance(given, n, nil)
		if d >= len(given) {
			continue // nothing of what was typed survives
		}
		if d < bestD || d == bestD && n < best {
			best, bestD = n, d
		}
	}
	if bestD <= bound {
		return best
	}
	if given == "" {
		return ""
	}
	hit := ""
	for _, n := range names {
		if strings.HasPrefix(n, given) {
			if hit != "" {
				return ""
			}
			hit = n
		}
	}
	return hit
}

// didYouMean is Suggest as the tail of a diagnostic's detail, or "".
func didYouMean(given string, names []string) string {
	if s := Suggest(given, names); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}
