package model

import (
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// fastParse parses src, HCL native syntax whose first byte is at start, when
// it is in the subset model files are mostly made of, and builds exactly the
// body hclsyntax.ParseConfig builds (TestFastParse and FuzzFastParse compare
// them with reflect.DeepEqual): blocks with quoted or identifier labels,
// one-line blocks of one attribute, and attributes whose values are
// numbers, true/false/null, quoted strings without templates (the escapes
// \n \r \t \" \\ included), tuples and objects of values, and scope
// traversals (a.b, a[0], a["k"]) and function calls of values; comments
// and blank lines anywhere. The input must be printable ASCII, tabs and
// newlines. On anything else (a non-ASCII byte, an operator, a template,
// a heredoc, a for expression, a splat, any syntax error, a duplicate
// attribute) it returns false, and hclsyntax parses the source and says
// what is wrong, so that diagnostics are always HCL's own.
//
// It mirrors hclsyntax's recursive descent (parser.go) and its peeker: a
// line comment ending in a newline is a newline where newlines count, and
// every range is that of the tokens hclsyntax's scanner would make. Being
// restricted to ASCII, a column is a byte count (HCL counts grapheme
// clusters, and "\r\n" ends a line as "\n" does); it also runs without
// materialising tokens, which is where hclsyntax spends most of its time
// and memory on a large model.
func fastParse(src []byte, filename string, start hcl.Pos) (body *hclsyntax.Body, ok bool) {
	p := &fastParser{src: src, filename: filename, base: start, strs: map[string]string{}}
	p.nl = append(p.nl, true)
	defer func() {
		if r := recover(); r != nil {
			if _, bail := r.(fastBail); !bail {
				panic(r)
			}
			body, ok = nil, false
		}
	}()
	return p.parseBody(fEOF), true
}

// fastBail is the panic value by which fastParse gives up: the subset's
// parser unwinds from any depth in one step, and declining is the cold path.
type fastBail struct{}

func bail() { panic(fastBail{}) }

type fastKind uint8

const (
	fBad fastKind = iota // anything outside the subset
	fEOF
	fNewline // "\n", "\r\n", or a line comment with its newline
	fIdent
	fNumber
	fString // a whole quoted string, quotes included
	fOBrace
	fCBrace
	fOBrack
	fCBrack
	fOParen
	fCParen
	fComma
	fEqual
	fColon
	fDot
)

// fastState is a position of the scanner: the offset of the next byte and
// the line it is on (counted from 0) with the offset where that line starts.
type fastState struct{ i, line, lineStart int }

// fastToken is a token: its kind, its bytes, and the line it starts on
// (which a newline token ends, and no other token spans).
type fastToken struct {
	kind            fastKind
	escaped         bool // an fString holding escapes
	start, end      int  // byte offsets in src
	line, lineStart int
}

// after is the scanner's state after t.
func (t *fastToken) after() fastState {
	if t.kind == fNewline {
		return fastState{t.end, t.line + 1, t.end}
	}
	return fastState{t.end, t.line, t.lineStart}
}

// rng is t's range, as hclsyntax's scanner gives it.
func (p *fastParser) rng(t *fastToken) hcl.Range {
	a := t.after()
	return hcl.Range{Filename: p.filename, Start: p.pos(t.start, t.line, t.lineStart), End: p.pos(t.end, a.line, a.lineStart)}
}

type fastParser struct {
	src      []byte
	filename string
	base     hcl.Pos
	st       fastState
	nl       []bool    // hclsyntax's peeker's IncludeNewlinesStack
	prev     fastToken // the last token read
	peeked   bool
	peekNL   bool
	next     fastToken
	strs     map[string]string // names and values seen, to share their strings

	// Nodes are allocated from slabs, a few hundred at a time: a model's
	// tree is built and dropped as a whole, and this halves the parser's
	// allocations (and the garbage collector's work on them).
	attrs  []hclsyntax.Attribute
	blocks []hclsyntax.Block
	bodies []hclsyntax.Body
	tmpls  []hclsyntax.TemplateExpr
	lits   []hclsyntax.LiteralValueExpr
	exprs  []hclsyntax.Expression
	rngs   []hcl.Range
	labels []string
	// blockStack holds the blocks of the bodies being parsed, innermost last.
	blockStack  []*hclsyntax.Block
	exprsBlocks []*hclsyntax.Block // slab of Body.Blocks
}

// slabSize is how many nodes of a type one allocation makes.
const slabSize = 256

// alloc returns a new zero T from the slab s.
func alloc[T any](s *[]T) *T {
	if len(*s) == 0 {
		*s = make([]T, slabSize)
	}
	v := &(*s)[0]
	*s = (*s)[1:]
	return v
}

// carve returns a new slice of n zero Ts from the slab s, with no room to
// grow into its neighbours.
func carve[T any](s *[]T, n int) []T {
	if len(*s) < n {
		*s = make([]T, max(n, slabSize))
	}
	v := (*s)[:n:n]
	*s = (*s)[n:]
	return v
}

// pos is the position of offset off, on the line and line start given.
func (p *fastParser) pos(off, line, lineStart int) hcl.Pos {
	col := off - lineStart + 1
	if line == 0 {
		col += p.base.Column - 1
	}
	return hcl.Pos{Line: p.base.Line + line, Column: col, Byte: p.base.Byte + off}
}

func (p *fastParser) includeNewlines() bool { return p.nl[len(p.nl)-1] }
func (p *fastParser) push(include bool)     { p.nl = append(p.nl, include) }
func (p *fastParser) pop()                  { p.nl = p.nl[:len(p.nl)-1] }

// peek is the next token as hclsyntax's peeker returns it in the current
// newline mode.
func (p *fastParser) peek() *fastToken {
	nl := p.includeNewlines()
	if !p.peeked || p.peekNL != nl {
		p.next = p.scan(p.st, nl)
		p.peeked, p.peekNL = true, nl
	}
	return &p.next
}

// read consumes the next token, which becomes p.prev.
func (p *fastParser) read() fastToken {
	t := *p.peek()
	p.st = t.after()
	p.prev = t
	p.peeked = false
	return t
}

// prevRange is the range of the last token read (the peeker's PrevRange).
func (p *fastParser) prevRange() hcl.Range { return p.rng(&p.prev) }

func (p *fastParser) expect(k fastKind) fastToken {
	if p.peek().kind != k {
		bail()
	}
	return p.read()
}

// scan reads the token at st, skipping spaces and the comments and newlines
// the peeker skips in the newline mode nl.
func (p *fastParser) scan(st fastState, nl bool) fastToken {
	src := p.src
	i, line, lineStart := st.i, st.line, st.lineStart
	tok := func(k fastKind, end int) fastToken {
		return fastToken{kind: k, start: i, end: end, line: line, lineStart: lineStart}
	}
	// newline ends a newline token or line comment at end, just past "\n".
	newline := func(end int) fastToken { return tok(fNewline, end) }
	for {
		if i >= len(src) {
			return tok(fEOF, i)
		}
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '\n' || c == '\r':
			end := i + 1
			if c == '\r' {
				if end == len(src) || src[end] != '\n' {
					return tok(fBad, i)
				}
				end++
			}
			if nl {
				return newline(end)
			}
			i, line, lineStart = end, line+1, end
			continue
		case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
			j := i + 1
			for j < len(src) && src[j] != '\n' {
				if !commentByte(src, j) {
					return tok(fBad, i)
				}
				j++
			}
			if j == len(src) { // no newline: the peeker skips it
				i = j
				continue
			}
			if nl {
				return newline(j + 1)
			}
			i, line, lineStart = j+1, line+1, j+1
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i + 2
			for {
				if j+1 >= len(src) {
					return tok(fBad, i) // unterminated
				}
				if src[j] == '*' && src[j+1] == '/' {
					break
				}
				if src[j] == '\n' {
					line, lineStart = line+1, j+1
				} else if !commentByte(src, j) {
					return tok(fBad, i)
				}
				j++
			}
			i = j + 2
			continue
		case c == '"':
			return p.scanString(tok, i)
		case c >= '0' && c <= '9':
			return tok(fNumber, numberEnd(src, i))
		case isASCIILetter(c) || c == '_':
			j := i + 1
			for j < len(src) && (isAlnum(src[j]) || src[j] == '_' || src[j] == '-') {
				j++
			}
			return tok(fIdent, j)
		}
		var next byte
		if i+1 < len(src) {
			next = src[i+1]
		}
		if c < utf8.RuneSelf {
			if p := punctuation[c]; p.kind != fBad && strings.IndexByte(p.notBefore, next) < 0 {
				return tok(p.kind, i+1)
			}
		}
		return tok(fBad, i)
	}
}

// punctuation is the kind of each one-byte token of the subset, and the
// bytes that, after it, make it part of an operator the fast path leaves
// to HCL ("==", "=>", "::", "...").
var punctuation = [utf8.RuneSelf]struct {
	kind      fastKind
	notBefore string
}{
	'{': {kind: fOBrace}, '}': {kind: fCBrace}, '[': {kind: fOBrack}, ']': {kind: fCBrack},
	'(': {kind: fOParen}, ')': {kind: fCParen}, ',': {kind: fComma},
	'=': {fEqual, "=>"}, ':': {fColon, ":"}, '.': {fDot, "."},
}

// commentByte reports whether src[j], inside a comment, is printable ASCII,
// a tab, or the "\r" of a "\r\n".
func commentByte(src []byte, j int) bool {
	c := src[j]
	return c >= ' ' && c < 0x7f || c == '\t' || c == '\r' && j+1 < len(src) && src[j+1] == '\n'
}

// numberEnd is the end of the number literal at src[i], a digit, as HCL's
// scanner takes it: the longest run of digits, dots and exponents
// ("e5", "E-3") that does not end in a dot.
func numberEnd(src []byte, i int) int {
	j := i + 1
	for j < len(src) {
		c := src[j]
		switch {
		case c >= '0' && c <= '9' || c == '.':
			j++
			continue
		case c == 'e' || c == 'E':
			k := j + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && src[k] >= '0' && src[k] <= '9' {
				j = k + 1
				continue
			}
		}
		break
	}
	for src[j-1] == '.' {
		j--
	}
	return j
}

// scanString scans the quoted string at src[i]: printable ASCII and tabs,
// no template sequence ("${", "%{"; a lone "$" or "%" is literal) and
// only the escapes \n \r \t \" \\.
func (p *fastParser) scanString(tok func(fastKind, int) fastToken, i int) fastToken {
	src := p.src
	escaped := false
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '"':
			t := tok(fString, j+1)
			t.escaped = escaped
			return t
		case c == '\\':
			if j+1 >= len(src) {
				return tok(fBad, i)
			}
			switch src[j+1] {
			case 'n', 'r', 't', '"', '\\':
			default:
				return tok(fBad, i)
			}
			escaped = true
			j++
		case c == '$' || c == '%':
			if j+1 < len(src) && src[j+1] == '{' {
				return tok(fBad, i)
			}
		case c < ' ' && c != '\t' || c >= 0x7f:
			return tok(fBad, i)
		}
	}
	return tok(fBad, i)
}

// stringValue is the value of the fString token t, without its quotes.
func (p *fastParser) stringValue(t *fastToken) string {
	raw := p.src[t.start+1 : t.end-1]
	if !t.escaped {
		return p.intern(raw)
	}
	b := make([]byte, 0, len(raw))
	for j := 0; j < len(raw); j++ {
		c := raw[j]
		if c == '\\' {
			j++
			switch raw[j] {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			default: // '"' or '\\'
				c = raw[j]
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// intern returns b as a string, shared with earlier equal ones: a model
// repeats its attribute names, block types and many values thousands of
// times.
func (p *fastParser) intern(b []byte) string {
	if s, ok := p.strs[string(b)]; ok {
		return s
	}
	if len(p.strs) >= 4096 {
		return string(b)
	}
	s := string(b)
	p.strs[s] = s
	return s
}

func shift(p hcl.Pos, n int) hcl.Pos {
	p.Column += n
	p.Byte += n
	return p
}

// parseBody is hclsyntax's (*parser).ParseBody, for a body ending in end.
func (p *fastParser) parseBody(end fastKind) *hclsyntax.Body {
	attrs := hclsyntax.Attributes{}
	base := len(p.blockStack)
	var startRange hcl.Range
	if end == fEOF {
		startRange = p.rng(p.peek()) // the peeker's PrevRange before any token
	} else {
		startRange = p.prevRange()
	}
	var endRange hcl.Range
	for {
		next := p.peek()
		if next.kind == end {
			endRange = p.rng(next)
			p.read()
			break
		}
		switch next.kind {
		case fNewline:
			p.read()
			continue
		case fIdent:
			block, attr := p.parseBodyItem()
			if block != nil {
				p.blockStack = append(p.blockStack, block)
				continue
			}
			if _, dup := attrs[attr.Name]; dup {
				bail() // "Attribute redefined"
			}
			attrs[attr.Name] = attr
		default:
			bail()
		}
	}
	blocks := hclsyntax.Blocks{} // never nil, as hclsyntax's
	if n := len(p.blockStack) - base; n > 0 {
		blocks = carve(&p.exprsBlocks, n)
		copy(blocks, p.blockStack[base:])
	}
	p.blockStack = p.blockStack[:base]
	body := alloc(&p.bodies)
	*body = hclsyntax.Body{
		Attributes: attrs,
		Blocks:     blocks,
		SrcRange:   hcl.RangeBetween(startRange, endRange),
		EndRange:   hcl.Range{Filename: endRange.Filename, Start: endRange.End, End: endRange.End},
	}
	return body
}

func (p *fastParser) parseBodyItem() (*hclsyntax.Block, *hclsyntax.Attribute) {
	ident := p.read()
	switch p.peek().kind {
	case fEqual:
		return nil, p.finishAttribute(ident, false)
	case fString, fOBrace, fIdent:
		return p.finishBlock(ident), nil
	}
	bail()
	return nil, nil
}

func (p *fastParser) name(t *fastToken) string { return p.intern(p.src[t.start:t.end]) }

func (p *fastParser) finishAttribute(ident fastToken, singleLine bool) *hclsyntax.Attribute {
	eq := p.read()
	expr := p.parseExpression()
	endRange := p.prevRange()
	if !singleLine {
		if k := p.peek().kind; k != fNewline && k != fEOF {
			bail() // "Missing newline after argument"
		}
		p.read()
	}
	nameRange := p.rng(&ident)
	a := alloc(&p.attrs)
	*a = hclsyntax.Attribute{
		Name:        p.name(&ident),
		Expr:        expr,
		SrcRange:    hcl.RangeBetween(nameRange, endRange),
		NameRange:   nameRange,
		EqualsRange: p.rng(&eq),
	}
	return a
}

func (p *fastParser) finishBlock(ident fastToken) *hclsyntax.Block {
	var labels []string
	var labelRanges []hcl.Range
	var oBrace fastToken
labels:
	for {
		t := p.peek()
		var label string
		switch t.kind {
		case fOBrace:
			oBrace = p.read()
			break labels
		case fString:
			label = p.stringValue(t)
		case fIdent:
			label = p.name(t)
		default:
			bail() // "Invalid block definition"
		}
		// Most blocks have one label: carve it, and append past it.
		if labels == nil {
			labels, labelRanges = carve(&p.labels, 1), carve(&p.rngs, 1)
			labels[0], labelRanges[0] = label, p.rng(t)
		} else {
			labels, labelRanges = append(labels, label), append(labelRanges, p.rng(t))
		}
		p.read()
	}
	var body *hclsyntax.Body
	switch p.peek().kind {
	case fNewline, fEOF, fCBrace:
		body = p.parseBody(fCBrace)
	default: // a one-line block of one attribute
		name := p.expect(fIdent)
		if p.peek().kind != fEqual {
			bail()
		}
		attr := p.finishAttribute(name, true)
		body = alloc(&p.bodies)
		*body = hclsyntax.Body{
			Attributes: hclsyntax.Attributes{attr.Name: attr},
			SrcRange:   attr.SrcRange,
			EndRange:   hcl.Range{Filename: attr.SrcRange.Filename, Start: attr.SrcRange.End, End: attr.SrcRange.End},
		}
		p.expect(fCBrace)
	}
	cBraceRange := p.prevRange()
	if k := p.peek().kind; k != fNewline && k != fEOF {
		bail() // "Missing newline after block definition"
	}
	p.read()
	b := alloc(&p.blocks)
	*b = hclsyntax.Block{
		Type:            p.name(&ident),
		Labels:          labels,
		Body:            body,
		TypeRange:       p.rng(&ident),
		LabelRanges:     labelRanges,
		OpenBraceRange:  p.rng(&oBrace),
		CloseBraceRange: cBraceRange,
	}
	return b
}

// parseExpression is hclsyntax's ParseExpression for the subset: a term and
// its traversals, with no operator or conditional after it (every
// operator is an fBad token).
func (p *fastParser) parseExpression() hclsyntax.Expression {
	expr := p.parseTerm()
	for {
		switch p.peek().kind {
		case fDot, fOBrack:
			trav, ok := expr.(*hclsyntax.ScopeTraversalExpr)
			if !ok {
				bail() // a RelativeTraversalExpr, or a splat
			}
			p.traverse(trav)
			continue
		case fBad:
			bail()
		}
		return expr
	}
}

// traverse adds the step at the next token, ".name" or "[key]" with a
// literal key, to t, as hclsyntax's parseExpressionTraversals and
// makeRelativeTraversal do.
func (p *fastParser) traverse(t *hclsyntax.ScopeTraversalExpr) {
	var step hcl.Traverser
	var rng hcl.Range
	if open := p.read(); open.kind == fDot {
		attr := p.expect(fIdent)
		rng = hcl.RangeBetween(p.rng(&open), p.rng(&attr))
		step = hcl.TraverseAttr{Name: p.name(&attr), SrcRange: rng}
	} else {
		p.push(false)
		key := p.parseExpression()
		close := p.expect(fCBrack)
		p.pop()
		rng = hcl.RangeBetween(p.rng(&open), p.rng(&close))
		var v cty.Value
		switch k := key.(type) {
		case *hclsyntax.LiteralValueExpr:
			v = k.Val
		case *hclsyntax.TemplateExpr:
			if !k.IsStringLiteral() {
				bail()
			}
			v, _ = k.Value(nil)
		default:
			bail() // an IndexExpr
		}
		step = hcl.TraverseIndex{Key: v, SrcRange: rng}
	}
	t.Traversal = append(t.Traversal, step)
	t.SrcRange = hcl.RangeBetween(t.SrcRange, rng)
}

func (p *fastParser) literal(v cty.Value, rng hcl.Range) *hclsyntax.LiteralValueExpr {
	e := alloc(&p.lits)
	*e = hclsyntax.LiteralValueExpr{Val: v, SrcRange: rng}
	return e
}

func (p *fastParser) parseTerm() hclsyntax.Expression {
	t := p.peek()
	switch t.kind {
	case fNumber:
		v, err := cty.ParseNumberVal(string(p.src[t.start:t.end]))
		if err != nil {
			bail() // "Invalid number literal"
		}
		tok := p.read()
		return p.literal(v, p.rng(&tok))
	case fIdent:
		tok := p.read()
		if p.peek().kind == fOParen {
			return p.finishCall(tok)
		}
		switch name := p.src[tok.start:tok.end]; string(name) {
		case "true":
			return &hclsyntax.LiteralValueExpr{Val: cty.True, SrcRange: p.rng(&tok)}
		case "false":
			return &hclsyntax.LiteralValueExpr{Val: cty.False, SrcRange: p.rng(&tok)}
		case "null":
			return &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: p.rng(&tok)}
		}
		r := p.rng(&tok)
		return &hclsyntax.ScopeTraversalExpr{
			Traversal: hcl.Traversal{hcl.TraverseRoot{Name: p.name(&tok), SrcRange: r}},
			SrcRange:  r,
		}
	case fString:
		s := p.stringValue(t)
		tok := p.read()
		r := p.rng(&tok)
		lit := r // "": HCL's empty part is at the end of the closing quote
		lit.Start = lit.End
		if tok.end-tok.start > 2 {
			lit.Start, lit.End = shift(r.Start, 1), shift(r.End, -1)
		}
		parts := carve(&p.exprs, 1)
		parts[0] = p.literal(cty.StringVal(s), lit)
		e := alloc(&p.tmpls)
		*e = hclsyntax.TemplateExpr{Parts: parts, SrcRange: r}
		return e
	case fOBrack:
		return p.parseTuple()
	case fOBrace:
		return p.parseObject()
	}
	bail()
	return nil
}

// isFor reports whether the next token, with newlines skipped, is the
// keyword of a for expression.
func (p *fastParser) isFor() bool {
	p.push(false)
	t := p.peek()
	p.pop()
	return t.kind == fIdent && string(p.src[t.start:t.end]) == "for"
}

func (p *fastParser) parseTuple() hclsyntax.Expression {
	open := p.read()
	p.push(false)
	if p.isFor() {
		bail()
	}
	exprs, close := p.parseList(fCBrack)
	p.pop()
	r := p.rng(&open)
	return &hclsyntax.TupleConsExpr{Exprs: exprs, SrcRange: hcl.RangeBetween(r, p.rng(&close)), OpenRange: r}
}

// parseList parses the expressions of a tuple or of a call's arguments:
// separated by commas, a trailing comma allowed, up to the closing token of
// kind end, which it returns with them.
func (p *fastParser) parseList(end fastKind) ([]hclsyntax.Expression, fastToken) {
	var exprs []hclsyntax.Expression
	for {
		if p.peek().kind == end {
			return exprs, p.read()
		}
		exprs = append(exprs, p.parseExpression())
		if p.peek().kind == end {
			return exprs, p.read()
		}
		p.expect(fComma)
	}
}

func (p *fastParser) parseObject() hclsyntax.Expression {
	open := p.read()
	if p.isFor() {
		bail()
	}
	p.push(true)
	var items []hclsyntax.ObjectConsItem
	var close fastToken
	for {
		next := p.peek()
		if next.kind == fNewline {
			p.read()
			continue
		}
		if next.kind == fCBrace {
			close = p.read()
			break
		}
		key := &hclsyntax.ObjectConsKeyExpr{Wrapped: p.parseExpression()}
		if k := p.peek().kind; k != fEqual && k != fColon {
			bail()
		}
		p.read()
		items = append(items, hclsyntax.ObjectConsItem{KeyExpr: key, ValueExpr: p.parseExpression()})
		next = p.peek()
		if next.kind == fCBrace {
			close = p.read()
			break
		}
		if next.kind != fComma && next.kind != fNewline {
			bail()
		}
		p.read()
	}
	p.pop()
	r := p.rng(&open)
	return &hclsyntax.ObjectConsExpr{Items: items, SrcRange: hcl.RangeBetween(r, p.rng(&close)), OpenRange: r}
}

// finishCall is hclsyntax's finishParsingFunctionCall for name(args...)
// without a namespace or a final "...".
func (p *fastParser) finishCall(name fastToken) hclsyntax.Expression {
	open := p.read()
	p.push(false)
	args, close := p.parseList(fCParen)
	p.pop()
	return &hclsyntax.FunctionCallExpr{
		Name:            p.name(&name),
		Args:            args,
		NameRange:       p.rng(&name),
		OpenParenRange:  p.rng(&open),
		CloseParenRange: p.rng(&close),
	}
}
