package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/pmezard/go-difflib/difflib"
)

// Format returns src in canonical layout, as `terraform fmt` would write it
// (hclwrite.Format: indentation, spacing, aligned equals signs), plus one
// blank line around every top-level block, no runs of blank lines between
// top-level items, and exactly one trailing newline. Files with syntax
// errors are refused: formatting a broken file could move the error. JSON
// files (.json) are returned unchanged. Sources beyond the bounds of
// checkSource (size, nesting) are refused before any parser sees them.
func Format(filename string, src []byte) ([]byte, hcl.Diagnostics) {
	if isJSON(filename) {
		return src, nil
	}
	if _, d := checkSource(src, filename); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if _, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos); diags.HasErrors() {
		return nil, diags
	}
	out := hclwrite.Format(src)
	f, diags := hclsyntax.ParseConfig(out, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return out, nil
	}
	type item struct {
		start, end int // 1-based lines
		block      bool
	}
	var items []item
	for _, a := range body.Attributes {
		items = append(items, item{a.SrcRange.Start.Line, a.SrcRange.End.Line, false})
	}
	for _, b := range body.Blocks {
		r := b.Range()
		items = append(items, item{r.Start.Line, r.End.Line, true})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].start < items[j].start })

	lines := strings.Split(string(out), "\n")
	blank := func(i int) bool { return strings.TrimSpace(lines[i]) == "" }
	var res []string
	// gap appends lines [from, to) (0-based) with blank runs collapsed;
	// sep forces a blank line first, trim drops blank lines at the edges.
	gap := func(from, to int, sep, trimStart, trimEnd bool) {
		var g []string
		prevBlank := trimStart
		for i := from; i < to && i < len(lines); i++ {
			if blank(i) {
				if !prevBlank {
					g = append(g, "")
				}
				prevBlank = true
				continue
			}
			g = append(g, lines[i])
			prevBlank = false
		}
		if trimEnd {
			for len(g) > 0 && g[len(g)-1] == "" {
				g = g[:len(g)-1]
			}
		}
		if sep && (len(g) == 0 || g[0] != "") {
			g = append([]string{""}, g...)
		}
		res = append(res, g...)
	}
	prevEnd := 0 // 0-based index just past the previous item
	for k, it := range items {
		sep := k > 0 && (it.block || items[k-1].block)
		gap(prevEnd, it.start-1, sep, k == 0, false)
		res = append(res, lines[it.start-1:it.end]...)
		prevEnd = it.end
	}
	gap(prevEnd, len(lines), len(items) > 0 && hasText(lines[prevEnd:]), len(items) == 0, true)
	s := strings.Join(res, "\n")
	if strings.TrimSpace(s) == "" {
		return []byte{}, nil
	}
	return []byte(s + "\n"), nil
}

// hasText reports whether any line is not blank (trailing comments).
func hasText(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			return true
		}
	}
	return false
}

// FormatFile reads a file for `blast fmt` and formats it: src as read and
// out as Format writes it. A path that does not name a configuration file
// is refused unread, since its diagnostics would quote whatever it holds
// (/etc/passwd); src is then nil.
func FormatFile(fn string) (src, out []byte, diags hcl.Diagnostics) {
	if !IsConfigFile(fn) {
		return nil, nil, hcl.Diagnostics{fileDiag(fn, "Not a configuration file", fmt.Sprintf("%s is not named *.hcl: fmt rewrites native-syntax blast files only.", fn))}
	}
	src, d := ReadFile(fn)
	if d != nil {
		return nil, nil, hcl.Diagnostics{d}
	}
	out, diags = Format(fn, src)
	return src, out, diags
}

// Diff is the unified diff from src to out with three lines of context,
// as `blast fmt --diff` prints it (github.com/pmezard/go-difflib): from
// FILE to "FILE (formatted)".
func Diff(fn string, src, out []byte) (string, error) {
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{A: diffLines(src), B: diffLines(out), FromFile: fn, ToFile: fn + " (formatted)", Context: 3})
}

// diffLines splits text into lines that keep their newline, as a unified
// diff prints them; a last line without one gets it, so hunks stay
// line-aligned.
func diffLines(b []byte) []string {
	ls := strings.SplitAfter(string(b), "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	} else {
		ls[len(ls)-1] += "\n"
	}
	return ls
}
