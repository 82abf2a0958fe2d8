package model

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Bounds on what blast reads. blast runs in CI on files that anyone can
// edit, so a hostile or broken file must cost little: each bound is checked
// on the raw bytes, before HCL's parser (recursive, and some 300 bytes of
// memory per token) sees them. docs/language.md documents them.
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
// ReadLimits sets the bounds on input that the environment may change:
// BLAST_MAX_FILE_SIZE, a size such as 256MiB (docs/language.md, Limits),
// else DefaultMaxFileSize. getenv is os.Getenv, or a test's.
func ReadLimits(getenv func(string) string) error {
	MaxFileSize = DefaultMaxFileSize
	v := getenv("BLAST_MAX_FILE_SIZE")
	if v == "" {
		return nil
	}
	n, err := ParseSize(v)
	if err != nil || n < 1 {
		return fmt.Errorf("BLAST_MAX_FILE_SIZE=%s: want a size such as 256MiB", v)
	}
	MaxFileSize = int64(n)
	return nil
}

// Count is "1 service", "4,300 services": n with thousands separators and
// the noun that agrees with it (many when n is not 1).
func Count(n int, one, many string) string {
	if n == 1 || n == -1 {
		return commas(int64(n)) + " " + one
	}
	return commas(int64(n)) + " " + many
}

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
	tokens, _, d = checkSourceCuts(src, fn)
	return tokens, d
}

// checkSourceCuts is checkSource, returning as well the cut points of a
// native-syntax source (cutPoints) from the same scan.
func checkSourceCuts(src []byte, fn string) (tokens int, cuts []int, d *hcl.Diagnostic) {
	if int64(len(src)) > MaxFileSize {
		return 0, nil, tooLargeDiag(fn, int64(len(src)))
	}
	if isJSON(fn) {
		if int64(len(src)) > MaxItemSize() {
			return 0, nil, fileDiag(fn, "JSON file too large", fmt.Sprintf("%s holds %s; a file in HCL's JSON syntax is parsed in one piece, so it may hold at most %s (a sixteenth of the file size limit). Split it into several files, write native syntax (*.hcl), or raise BLAST_MAX_FILE_SIZE.", fn, FormatBytes(int64(len(src))), FormatBytes(MaxItemSize())))
		}
		tokens, d = scanJSON(src, fn)
		tokens *= jsonTokenWeight
		if d == nil && int64(tokens) > MaxTokens() {
			d = tooManyTokensDiag(fn, int64(tokens))
		}
		return tokens, nil, d
	}
	cuts, tokens, d = scanNative(src, fn, parseChunkSize)
	if d == nil && int64(tokens) > MaxTokens() {
		d = tooManyTokensDiag(fn, int64(tokens))
	}
	return tokens, cuts, d
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
// leaves boundary(dir) or does not resolve, and returns what it points to.
func followLink(link, dir string, bounds map[string]string) (fs.FileInfo, *hcl.Diagnostic) {
	real, err := filepath.EvalSymlinks(link)
	if err != nil {
		return nil, fileDiag(link, "Broken symbolic link", fmt.Sprintf("%s is a symbolic link that does not resolve: %v.", link, err))
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, fileDiag(link, "Failed to read file", err.Error())
	}
	root, ok := bounds[dir]
	if !ok {
		root = boundary(dir)
		bounds[dir] = root
	}
	if !within(root, real) {
		return nil, fileDiag(link, "Symbolic link leaves the model", fmt.Sprintf("%s is a symbolic link to %s, outside %s; blast does not follow links out of the directory or repository it reads, so that a change cannot make it print other files. Copy the file into the repository, or pass the file it points to.", link, real, root))
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, fileDiag(link, "Failed to read file", err.Error())
	}
	return st, nil
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
	return errorDiag(rng, "Invalid character", "The %s holds the control character U+%04X (character %d). Diagrams, SVG and XML reports cannot carry it: remove it.", what, r, at)
}
