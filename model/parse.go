package model

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/blast-tool/blast/model/parallel"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
)

// parseChunkSize is the target size of the pieces a large native-syntax
// file is parsed in. HCL's lexer materialises every token of its input
// (96 bytes each, about one per 3.5 bytes of source) before parsing, so a
// 100k-service file would hold a token slice of several hundred MB, grown
// by repeated copying and rescanned by every GC cycle. Pieces of this size
// keep that working set small and let the pieces be parsed in parallel.
const parseChunkSize = 256 << 10

// parseFile parses one file as hclparse.Parser would, in pieces cut at
// cuts (cutPoints(src, parseChunkSize), which checkSourceCuts finds) when
// it is a large native-syntax file.
func parseFile(src []byte, filename string, cuts []int) (*hcl.File, hcl.Diagnostics) {
	if isJSON(filename) {
		return json.Parse(src, filename)
	}
	return parseNative(src, filename, cuts)
}

// parseNative parses HCL native syntax. A source with cuts is cut there,
// before top-level items (cutPoints), the pieces are parsed
// concurrently with parseConfig at their true start positions,
// and their top-level blocks are joined into one body. The result is the
// one hclsyntax.ParseConfig gives for the whole source (TestParseNative
// checks this with reflect.DeepEqual): a piece that parses without any
// diagnostic ends in the lexer's and parser's top-level state (an
// unterminated string, heredoc, comment, bracket or block is an error), so
// the next piece starts where a whole-file parse would be. Whenever a piece
// has a diagnostic or a top-level attribute (whose duplicates only a
// whole-file parse detects), a source of at most wholeParseMax bytes is
// parsed again in one go, so that diagnostics are exactly HCL's; a larger
// one keeps its pieces' diagnostics, because one parse of a large file can
// take gigabytes (HCL holds every token), which a broken file must not cost.
func parseNative(src []byte, filename string, cuts []int) (*hcl.File, hcl.Diagnostics) {
	f, diags, exact := parsePieces(src, filename, cuts)
	if exact || f != nil && len(src) > wholeParseMax {
		return f, diags
	}
	return parseConfig(src, filename, hcl.InitialPos)
}

// parseConfig is hclsyntax.ParseConfig, by fastParse when src is in its
// subset.
func parseConfig(src []byte, filename string, start hcl.Pos) (*hcl.File, hcl.Diagnostics) {
	body, ok := fastParse(src, filename, start)
	if !ok {
		return hclsyntax.ParseConfig(src, filename, start)
	}
	// hclsyntax's navigation (File.Nav) is unexported: take the one of an
	// empty file and give its body the parsed one's contents.
	f, _ := hclsyntax.ParseConfig(nil, filename, start)
	*f.Body.(*hclsyntax.Body) = *body
	f.Bytes = src
	return f, nil
}

// wholeParseMax is the largest source parseNative parses again in one go.
const wholeParseMax = 2 * parseChunkSize

// parsePieces parses src cut at cuts and joins the pieces. exact reports
// that every piece parsed cleanly without top-level attributes, so that f
// is exactly a whole-file parse; otherwise f holds the pieces joined, their
// top-level attributes included, and diags their diagnostics. f is nil when
// there are no cuts.
func parsePieces(src []byte, filename string, cuts []int) (f *hcl.File, diags hcl.Diagnostics, exact bool) {
	if len(cuts) == 0 {
		return nil, nil, false
	}
	bounds := append(append([]int{0}, cuts...), len(src))
	n := len(bounds) - 1
	starts := make([]hcl.Pos, n)
	starts[0] = hcl.InitialPos
	for i := 1; i < n; i++ {
		// A cut follows a newline, so it is at column 1; every "\n" byte
		// (alone or in "\r\n") is one line for HCL's position tracking.
		starts[i] = hcl.Pos{Line: starts[i-1].Line + bytes.Count(src[bounds[i-1]:bounds[i]], []byte{'\n'}), Column: 1, Byte: bounds[i]}
	}

	files := make([]*hcl.File, n)
	pieceDiags := make([]hcl.Diagnostics, n)
	ok := make([]bool, n)
	parallel.For(n, 0, func(i int) {
		f, d := parseConfig(src[bounds[i]:bounds[i+1]], filename, starts[i])
		body, isSyntax := f.Body.(*hclsyntax.Body)
		files[i], pieceDiags[i], ok[i] = f, d, len(d) == 0 && isSyntax && len(body.Attributes) == 0
	})
	exact = true
	for i, good := range ok {
		exact = exact && good
		diags = append(diags, pieceDiags[i]...)
	}

	// Join into the first piece's body, which its File.Nav (used for the
	// "in service ..." context of diagnostics) already points at.
	first := files[0].Body.(*hclsyntax.Body)
	last := files[n-1].Body.(*hclsyntax.Body)
	total := 0
	for _, f := range files {
		total += len(f.Body.(*hclsyntax.Body).Blocks)
	}
	blocks := make(hclsyntax.Blocks, 0, total)
	for _, f := range files {
		body := f.Body.(*hclsyntax.Body)
		blocks = append(blocks, body.Blocks...)
		if body != first {
			for name, a := range body.Attributes {
				if _, dup := first.Attributes[name]; !dup {
					first.Attributes[name] = a
				}
			}
		}
	}
	first.Blocks = blocks
	first.SrcRange = hcl.Range{Filename: filename, Start: first.SrcRange.Start, End: last.SrcRange.End}
	first.EndRange = last.EndRange
	files[0].Bytes = src
	return files[0], diags, exact
}

// cutPoints returns the offsets, at least chunk bytes apart, where src is
// cut: each is the start of a line at the top level (outside any block,
// bracket, string, heredoc or comment, as scanNative tracks them) that
// begins with an ASCII letter, a comment or is blank, and none is within
// chunk bytes of the end.
func cutPoints(src []byte, chunk int) []int {
	if chunk <= 0 || len(src) < 2*chunk {
		return nil
	}
	cuts, _, _ := scanNative(src, "", chunk)
	return cuts
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// compactFile returns f without its syntax tree, once the model is
// decoded: the source bytes (for snippets) and a navigation that answers
// ContextString ("in service \"api\"") as hclsyntax's does, from the
// top-level blocks' ranges and headers. A 100,000-service file's tree
// holds about 1.4 GB that nothing reads after decoding. Files in HCL's
// JSON syntax keep theirs: their navigation walks the tree, and such
// files are seldom large.
func compactFile(f *hcl.File) *hcl.File {
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return f
	}
	nav := make(blockIndex, len(body.Blocks))
	for i, b := range body.Blocks {
		r := b.Range()
		nav[i] = blockHeader{start: r.Start.Byte, end: r.End.Byte, typ: b.Type, labels: b.Labels}
	}
	return &hcl.File{Body: hcl.EmptyBody(), Bytes: f.Bytes, Nav: nav}
}

// blockIndex is the top-level blocks of a file, in order: what
// hclsyntax's navigation reads of a file's tree.
type blockIndex []blockHeader

type blockHeader struct {
	start, end int // byte range: type keyword to closing brace
	typ        string
	labels     []string
}

// ContextString names the top-level block holding offset, as hclsyntax's
// navigation does (`service "api"`); the blocks are in source order and
// do not overlap, so a binary search finds the one a scan would.
func (x blockIndex) ContextString(offset int) string {
	i := sort.Search(len(x), func(i int) bool { return x[i].end > offset })
	if i == len(x) || offset < x[i].start {
		return ""
	}
	s := x[i].typ
	for _, l := range x[i].labels {
		s += fmt.Sprintf(" %q", l)
	}
	return s
}
