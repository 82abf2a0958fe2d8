package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// Bounds on what blast reads. blast runs in CI on files that anyone can
// edit, so a hostile or broken file must cost little: each bound is checked
// on the raw bytes, before HCL's parser (recursive, and about a hundred
// bytes of memory per token) sees them. docs/language.md documents them.
const (
	// DefaultMaxFileSize is MaxFileSize unless BLAST_MAX_FILE_SIZE says
	// otherwise: room for a hundred thousand services in one file.
	DefaultMaxFileSize = 64 << 20
	// MaxNesting bounds how deeply brackets, braces, parentheses, strings
	// and interpolations nest. Real models nest a handful of levels; HCL's
	// parser recurses once or more per level and overflows Go's stack, a
	// crash no recover catches, somewhere past ten thousand.
	MaxNesting = 100
	// MaxLocalsChain bounds a chain of local values that each use the
	// next: they are evaluated depth first, and a chain of a million
	// overflowed Go's stack.
	MaxLocalsChain = 1000
	// MaxLocals bounds the local values of a model: each costs a few
	// kilobytes and tens of microseconds to evaluate, and a model of
	// services needs a handful.
	MaxLocals = 100_000
	// itemShare: a top-level block or attribute of native syntax, and a
	// whole file of JSON syntax (parsed in one piece), may take at most
	// MaxFileSize / itemShare bytes. A file is parsed in pieces of top-level
	// blocks; this bounds the largest piece, whose syntax tree can take a
	// thousand times its size in memory.
	itemShare = 16
)

// MaxFileSize bounds the size of one configuration file, in bytes. The
// command line sets it once, before loading, from BLAST_MAX_FILE_SIZE.
var MaxFileSize int64 = DefaultMaxFileSize

// MaxItemSize is the most one top-level block (or a whole JSON file) may take.
func MaxItemSize() int64 { return MaxFileSize / itemShare }

// FormatBytes writes a byte count in the units ParseSize reads: "64MiB",
// "1.5KiB", "900B".
func FormatBytes(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size {
			if n%u.size == 0 {
				return strconv.FormatInt(n/u.size, 10) + u.name
			}
			return strconv.FormatFloat(float64(n)/float64(u.size), 'f', 1, 64) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// ordinal writes 1st, 2nd, 3rd, 4th, 1,001st.
func ordinal(n int) string {
	suffix := "th"
	switch n % 10 {
	case 1:
		suffix = "st"
	case 2:
		suffix = "nd"
	case 3:
		suffix = "rd"
	}
	if n%100 >= 11 && n%100 <= 13 {
		suffix = "th"
	}
	return commas(int64(n)) + suffix
}

// commas writes a count with thousands separators: "45,004,300".
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ReadFile reads one configuration file within the bounds: a regular file
// (never a FIFO, which would block, or a device such as /dev/zero, which
// never ends) of at most MaxFileSize bytes. Problems are diagnostics
// located at the file.
func ReadFile(fn string) ([]byte, *hcl.Diagnostic) {
	f, err := openFile(fn)
	if err != nil {
		return nil, fileDiag(fn, "Failed to read file", err.Error())
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileDiag(fn, "Failed to read file", err.Error())
	}
	if d := regularDiag(fn, st.Mode()); d != nil {
		return nil, d
	}
	if st.Size() > MaxFileSize {
		return nil, tooLargeDiag(fn, st.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fileDiag(fn, "Failed to read file", err.Error())
	}
	if int64(len(b)) > MaxFileSize { // it grew while we read
		return nil, tooLargeDiag(fn, int64(len(b)))
	}
	return b, nil
}

// OpenFile opens a file that blast reads as a stream (an import's input,
// observed calls) within the bounds of ReadFile: a regular file, opened
// without blocking, of at most MaxFileSize bytes.
func OpenFile(fn string) (*os.File, *hcl.Diagnostic) {
	f, err := openFile(fn)
	if err != nil {
		return nil, fileDiag(fn, "Failed to read file", err.Error())
	}
	st, err := f.Stat()
	d := regularDiag(fn, st.Mode())
	switch {
	case err != nil:
		d = fileDiag(fn, "Failed to read file", err.Error())
	case d == nil && st.Size() > MaxFileSize:
		d = tooLargeDiag(fn, st.Size())
	}
	if d != nil {
		f.Close()
		return nil, d
	}
	return f, nil
}

func tooLargeDiag(fn string, size int64) *hcl.Diagnostic {
	return fileDiag(fn, "File too large", fmt.Sprintf("%s holds %s; blast reads files of at most %s. Split the model into several files, or raise the limit with the environment variable BLAST_MAX_FILE_SIZE (for example BLAST_MAX_FILE_SIZE=256MiB).", fn, FormatBytes(size), FormatBytes(MaxFileSize)))
}

// regularDiag refuses anything but a regular file where a file is read.
func regularDiag(fn string, mode fs.FileMode) *hcl.Diagnostic {
	if mode.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case mode.IsDir():
		what = "a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	}
	return fileDiag(fn, "Not a regular file", fmt.Sprintf("%s is %s; blast reads regular files only (a named pipe can block forever, a device never end). Name a regular file, or for a model the directory that holds its files.", fn, what))
}

// checkSource checks the bounds a source must keep before it is parsed:
// its size, the size of its largest top-level item, its nesting depth and
// its tokens (MaxTokens), which it returns for the model's total.
func checkSource(src []byte, fn string) (tokens int, d *hcl.Diagnostic) {
	if int64(len(src)) > MaxFileSize {
		return 0, tooLargeDiag(fn, int64(len(src)))
	}
	if isJSON(fn) {
		if int64(len(src)) > MaxItemSize() {
			return 0, fileDiag(fn, "JSON file too large", fmt.Sprintf("%s holds %s; a file in HCL's JSON syntax is parsed in one piece, so it may hold at most %s (a sixteenth of the file size limit). Split it into several files, write native syntax (*.hcl), or raise BLAST_MAX_FILE_SIZE.", fn, FormatBytes(int64(len(src))), FormatBytes(MaxItemSize())))
		}
		tokens, d = scanJSON(src, fn)
		tokens *= jsonTokenWeight
		if d == nil && int64(tokens) > MaxTokens() {
			d = tooManyTokensDiag(fn, int64(tokens))
		}
		return tokens, d
	}
	_, tokens, d = scanNative(src, fn, 0)
	if d == nil && int64(tokens) > MaxTokens() {
		d = tooManyTokensDiag(fn, int64(tokens))
	}
	return tokens, d
}

// MaxTokens is the most tokens (words, numbers, strings and punctuation,
// not white space or comments) a model may hold in all its files: an
// eighth of MaxFileSize, 8.4 million by default, where a hundred thousand
// services take about seven. HCL's syntax tree takes some 300 bytes a
// token, whatever the file looks like, so this bounds a model's memory
// where the size of its files cannot: 64 MiB of "x {}" lines would hold
// twelve million blocks.
func MaxTokens() int64 { return MaxFileSize / 8 }

// jsonTokenWeight: a token of JSON syntax counts three times towards
// MaxTokens, as HCL's JSON parser keeps about three times as much per token.
const jsonTokenWeight = 3

func tooManyTokensDiag(fn string, tokens int64) *hcl.Diagnostic {
	return fileDiag(fn, "Model too large", fmt.Sprintf("The model holds %s tokens (words, numbers, strings and punctuation) with %s; blast reads models of at most %s tokens (an eighth of the file size limit) so that memory stays bounded, some 300 bytes a token. Raise the limit with BLAST_MAX_FILE_SIZE (for example BLAST_MAX_FILE_SIZE=256MiB).", commas(tokens), fn, commas(MaxTokens())))
}

// CheckNesting checks an expression given on the command line (--set
// PATH=EXPR) for MaxNesting before it is parsed; name is where it is
// said to come from.
func CheckNesting(expr, name string) error {
	if _, _, d := scanNative([]byte(expr), name, 0); d != nil {
		return fmt.Errorf("%s at column %d: %s", d.Summary, d.Subject.Start.Column, strings.TrimSuffix(d.Detail, "."))
	}
	return nil
}

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

// The symbolic links a model may follow stay inside what the user named:
// the directory given (or, for a file given by name, its directory), or the
// git work tree around it. A link out of it (zz.hcl -> /etc/passwd, added
// by a pull request) is refused before it is read, so that no other file's
// contents reach a diagnostic in a CI log.

// boundary is the tree a link found in dir may point into: the work tree
// holding dir (the nearest ancestor with a .git entry), else dir itself.
func boundary(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return abs
		}
		d = up
	}
}

// within reports whether path lies in root (both absolute and resolved).
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// followLink resolves a symbolic link found in dir, refusing one that
// leaves boundary(dir) or does not resolve.
func followLink(link, dir string, bounds map[string]string) (string, *hcl.Diagnostic) {
	real, err := filepath.EvalSymlinks(link)
	if err != nil {
		return "", fileDiag(link, "Broken symbolic link", fmt.Sprintf("%s is a symbolic link that does not resolve: %v.", link, err))
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", fileDiag(link, "Failed to read file", err.Error())
	}
	root, ok := bounds[dir]
	if !ok {
		root = boundary(dir)
		bounds[dir] = root
	}
	if !within(root, real) {
		return "", fileDiag(link, "Symbolic link leaves the model", fmt.Sprintf("%s is a symbolic link to %s, outside %s; blast does not follow links out of the directory or repository it reads, so that a change cannot make it print other files. Copy the file into the repository, or pass the file it points to.", link, real, root))
	}
	return real, nil
}

// textProblem finds the first character of s that no diagram or report can
// carry: a control character other than tab, newline and carriage return
// (SVG and JUnit are XML, which forbids them, and a NUL ends a C string in
// Graphviz), or one of the non-characters U+FFFE and U+FFFF. It returns
// the character and its position, counted in characters from 1.
func textProblem(s string) (r rune, at int, bad bool) {
	for _, c := range s {
		at++
		if c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if c < 0x20 || c >= 0x7f && c < 0xa0 || c == 0xfffe || c == 0xffff {
			return c, at, true
		}
	}
	return 0, 0, false
}

// textDiag is the diagnostic of a string holding a character textProblem
// refuses, or nil; what names the string ("title", "resource name").
func textDiag(what, s string, rng hcl.Range) *hcl.Diagnostic {
	r, at, bad := textProblem(s)
	if !bad {
		return nil
	}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid character",
		Detail:  fmt.Sprintf("The %s holds the control character U+%04X (character %d). Diagrams, SVG and XML reports cannot carry it: remove it.", what, r, at),
		Subject: &rng}
}
