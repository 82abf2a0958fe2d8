package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// frame kinds of the native-syntax scanner.
const (
	frParen   = '('
	frBrack   = '['
	frBrace   = '{'
	frInterp  = '$' // ${ ... } or %{ ... } inside a template
	frQuote   = '"'
	frHeredoc = 'h'
)

type frame struct {
	kind   byte
	marker []byte // heredoc: the closing marker
}

// scanNative walks HCL native syntax just far enough to know how deeply
// every byte is nested: brackets, braces, parentheses, quoted strings,
// heredocs and the interpolations inside them, skipping comments and
// escapes as hclsyntax's scanner does. It reports the first place nesting
// exceeds MaxNesting or a top-level item outgrows MaxItemSize, and, when
// chunk > 0, the cut points of parseNative: line starts at the top level,
// at least chunk bytes apart and none within chunk bytes of the end, whose
// line begins a block (a letter), a comment or is blank, so that blank
// lines and comments between blocks never make one huge piece.
//
// The scanner only needs to be right for well-formed input: on malformed
// input the parser reports the error; a cut in a wrong place makes a piece
// fail, and the pieces' diagnostics are then located errors all the same.
func scanNative(src []byte, fn string, chunk int) (cuts []int, tokens int, problem *hcl.Diagnostic) {
	return scanNativeIn(src, fn, chunk, nil)
}

// templateFrame starts scanNativeIn inside a template that runs to the end
// (a heredoc whose marker, an invalid UTF-8 byte, never comes).
var templateFrame = frame{kind: frHeredoc, marker: []byte{0xff}}

// scanNativeIn is scanNative starting inside the frames given.
func scanNativeIn(src []byte, fn string, chunk int, within []frame) (cuts []int, tokens int, problem *hcl.Diagnostic) {
	stack := slices.Clone(within)
	inWord := false // the last byte of code was part of a word or number
	line, lineStart := 1, 0
	itemStart, itemLine, itemLineStart := -1, 0, 0
	maxItem := MaxItemSize()
	wantCuts := chunk > 0 && len(src) >= 2*chunk
	prevCut := 0
	pos := func(i, line, lineStart int) hcl.Pos {
		return hcl.Pos{Line: line, Column: utf8.RuneCount(src[lineStart:i]) + 1, Byte: i}
	}
	push := func(i int, f frame) bool {
		if len(stack) >= MaxNesting {
			p := pos(i, line, lineStart)
			end := p
			end.Column, end.Byte = p.Column+1, p.Byte+1
			problem = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Nesting too deep",
				Detail:  fmt.Sprintf("Brackets, braces, parentheses and strings nest more than %d levels deep here; blast refuses deeper nesting so that parsing stays bounded. Flatten the expression, for example with local values for its parts.", MaxNesting),
				Subject: &hcl.Range{Filename: fn, Start: p, End: end}}
			return false
		}
		stack = append(stack, f)
		return true
	}
	// template handles a '$' or '%' at i inside a string or heredoc: "${"
	// and "%{" open an interpolation or directive, "$${" and "%%{" are
	// literal. It returns the offset of the last byte it took.
	template := func(i int) int {
		c := src[i]
		switch {
		case i+2 < len(src) && src[i+1] == c && src[i+2] == '{':
			return i + 2
		case i+1 < len(src) && src[i+1] == '{':
			push(i, frame{kind: frInterp})
			return i + 1
		}
		return i
	}
	newline := func(i int) { // src[i] == '\n'
		line, lineStart = line+1, i+1
		if len(stack) > 0 {
			return
		}
		itemStart = -1
		p := i + 1
		if wantCuts && p >= prevCut+chunk && p < len(src)-chunk {
			if c := src[p]; isASCIILetter(c) || c == '\n' || c == '\r' || c == '#' || c == '/' {
				cuts = append(cuts, p)
				prevCut = p
			}
		}
	}
	for i := 0; i < len(src) && problem == nil; i++ {
		if itemStart >= 0 && int64(i-itemStart) > maxItem {
			p := pos(itemStart, itemLine, itemLineStart)
			problem = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Block too large",
				Detail:  fmt.Sprintf("This top-level block spans more than %s; blast parses a file block by block and bounds each block to a sixteenth of the file size limit (BLAST_MAX_FILE_SIZE, %s) so that memory stays small. Split it, or raise BLAST_MAX_FILE_SIZE.", FormatBytes(maxItem), FormatBytes(MaxFileSize)),
				Subject: &hcl.Range{Filename: fn, Start: p, End: p}}
			break
		}
		c := src[i]
		var top byte
		if len(stack) > 0 {
			top = stack[len(stack)-1].kind
		}
		if top == frQuote || top == frHeredoc {
			inWord = false
		}
		switch top {
		case frQuote:
			switch {
			case c == '\\':
				if i+1 < len(src) && src[i+1] != '\n' {
					i++
				}
			case c == '"':
				stack = stack[:len(stack)-1]
			case c == '\n': // an unterminated string ends at the line
				stack = stack[:len(stack)-1]
				newline(i)
			case c == '$' || c == '%':
				i = template(i)
			}
			continue
		case frHeredoc:
			switch {
			case c == '\n':
				line, lineStart = line+1, i+1
				if end, ok := heredocEnd(src, i+1, stack[len(stack)-1].marker); ok {
					stack = stack[:len(stack)-1]
					i = end - 1
				}
			case c == '$' || c == '%':
				i = template(i)
			}
			continue
		}
		// Code: the top level, or inside brackets or an interpolation.
		word := isAlnum(c) || c == '_' || c >= utf8.RuneSelf
		wasWord := inWord
		inWord = word
		switch c {
		case ' ', '\t', '\r':
			continue
		case '\n':
			newline(i)
			continue
		case '#':
			i = lineEnd(src, i) - 1
			continue
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				i = lineEnd(src, i) - 1
				continue
			}
			if i+1 < len(src) && src[i+1] == '*' {
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 {
					return cuts, tokens, problem // unterminated: the parser says so
				}
				for j := i + 2; j < i+2+end; j++ {
					if src[j] == '\n' {
						line, lineStart = line+1, j+1
					}
				}
				i += end + 3
				continue
			}
		}
		if !word || !wasWord {
			tokens++ // a word, a number, a string or a punctuation mark
		}
		if itemStart < 0 && len(stack) == 0 {
			itemStart, itemLine, itemLineStart = i, line, lineStart
		}
		switch c {
		case '(', '[', '{':
			push(i, frame{kind: c})
		case ')', ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case '"':
			push(i, frame{kind: frQuote})
		case '<':
			if marker, body, ok := heredocStart(src, i); ok {
				if push(i, frame{kind: frHeredoc, marker: marker}) {
					line, lineStart = line+1, body
					if end, ok := heredocEnd(src, body, marker); ok {
						stack = stack[:len(stack)-1]
						i = end - 1
					} else {
						i = body - 1
					}
				}
			}
		}
	}
	return cuts, tokens, problem
}

// lineEnd is the offset of the newline that ends the line holding i, or len(src).
func lineEnd(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(src)
}

// heredocStart recognises `<<MARKER` or `<<-MARKER` followed by a newline
// at src[i], returning the marker and the offset of the body's first line.
func heredocStart(src []byte, i int) (marker []byte, body int, ok bool) {
	if i+1 >= len(src) || src[i+1] != '<' {
		return nil, 0, false
	}
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	k := j
	for k < len(src) && (isAlnum(src[k]) || src[k] == '_' || src[k] == '-') {
		k++
	}
	if k == j || !isASCIILetter(src[j]) && src[j] != '_' {
		return nil, 0, false
	}
	switch {
	case k < len(src) && src[k] == '\n':
		return src[j:k], k + 1, true
	case k+1 < len(src) && src[k] == '\r' && src[k+1] == '\n':
		return src[j:k], k + 2, true
	}
	return nil, 0, false
}

// heredocEnd reports whether the line starting at i closes a heredoc with
// marker (optionally indented), returning the offset just past the marker.
func heredocEnd(src []byte, i int, marker []byte) (int, bool) {
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if !bytes.HasPrefix(src[j:], marker) {
		return 0, false
	}
	k := j + len(marker)
	if k == len(src) || src[k] == '\n' || src[k] == '\r' {
		return k, true
	}
	return 0, false
}

// scanJSON checks the nesting depth of a JSON document and counts its
// tokens, roughly: strings, punctuation and runs of other characters.
func scanJSON(src []byte, fn string) (tokens int, d *hcl.Diagnostic) {
	depth, line, lineStart := 0, 1, 0
	inWord := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		word := c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"' && c != '[' && c != ']' && c != '{' && c != '}' && c != ',' && c != ':'
		if word && !inWord || !word && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			tokens++
		}
		inWord = word
		switch c {
		case '\n':
			line, lineStart = line+1, i+1
		case '"':
			start := i
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			// HCL evaluates a JSON string as a template: "${((...))}" nests
			// as native syntax does.
			if i < len(src) && src[i] == '"' && bytes.IndexByte(src[start:i], '{') >= 0 {
				var text string
				if json.Unmarshal(src[start:i+1], &text) == nil {
					frames := append(make([]frame, depth), templateFrame)
					if _, _, d := scanNativeIn([]byte(text), fn, 0, frames); d != nil {
						p := hcl.Pos{Line: line, Column: utf8.RuneCount(src[lineStart:start]) + 1, Byte: start}
						d.Subject = &hcl.Range{Filename: fn, Start: p, End: p}
						d.Detail = "This string is a template whose " + strings.ToLower(d.Detail[:1]) + d.Detail[1:]
						return tokens, d
					}
				}
			}
			if i < len(src) && src[i] == '\n' {
				line, lineStart = line+1, i+1
			}
		case '[', '{':
			if depth++; depth > MaxNesting {
				p := hcl.Pos{Line: line, Column: utf8.RuneCount(src[lineStart:i]) + 1, Byte: i}
				end := hcl.Pos{Line: p.Line, Column: p.Column + 1, Byte: i + 1}
				return tokens, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Nesting too deep",
					Detail:  fmt.Sprintf("Arrays and objects nest more than %d levels deep here; blast refuses deeper nesting so that parsing stays bounded.", MaxNesting),
					Subject: &hcl.Range{Filename: fn, Start: p, End: end}}
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return tokens, nil
}
