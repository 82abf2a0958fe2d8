package model

import (
	"fmt"
	"strings"

	"github.com/agext/levenshtein"
)

// Suggest returns the name a user most likely meant by given: the nearest by
// Levenshtein distance (V. I. Levenshtein, "Binary codes capable of
// correcting deletions, insertions, and reversals", 1966), at most 3 edits
// away with ties broken lexically, else the only name that starts with what
// was typed (a prefix of a long ID), else "". Every "did you mean" of blast
// (diagnostics, flags, --set paths) comes from here.
func Suggest(given string, names []string) string {
	best, bestD := "", 4
	// levenshtein's MaxCost early exit indexes out of range on some
	// inputs (v1.2.1), so bound the work by length instead.
	for _, n := range names {
		if n == given || len(n)-len(given) > 3 || len(given)-len(n) > 3 {
			continue
		}
		d := levenshtein.Distance(given, n, nil)
		if d < bestD || d == bestD && n < best {
			best, bestD = n, d
		}
	}
	if bestD <= 3 {
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
