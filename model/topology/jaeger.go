package topology

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
)

type jaegerLink struct {
	Parent    *string `json:"parent"`
	Child     *string `json:"child"`
	CallCount *int64  `json:"callCount"`
}

type jaegerError struct {
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

// readJaeger reads Jaeger query's dependencies API responses
// (GET /api/dependencies?endTs=...&lookback=...): {"data": [{"parent",
// "child", "callCount"}], ...}, or a bare list of those links. Each link is
// parent calling child; repeated pairs, within a file or across files, add
// up their calls. A response whose "errors" is set (the query failed) is an
// error, with Jaeger's message.
//
// The document is decoded link by link with encoding/json's streaming
// Decoder, so memory holds the file and the distinct pairs, not a parsed
// copy of every link.
func readJaeger(t *Topology, s Source) {
	src, err := io.ReadAll(s.R)
	if err != nil {
		t.Error(At(s.Name, 0, 0), "Failed to read file", err.Error())
		return
	}
	lines := newLineIndex(src)
	dec := json.NewDecoder(bytes.NewReader(src))
	fail := func(err error) {
		off := dec.InputOffset()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		msg := err.Error()
		switch {
		case errors.As(err, &se):
			off = se.Offset
		case errors.As(err, &te):
			off = te.Offset
			msg = fmt.Sprintf("%s holds a %s where Jaeger writes a %s", te.Field, te.Value, te.Type)
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			off, msg = int64(len(src)), "the JSON document ends too early (truncated?)"
		}
		line, col := lines.at(off)
		t.Error(At(s.Name, line, col), "Invalid Jaeger dependencies JSON", msg+". Expected the response of Jaeger's /api/dependencies: {\"data\": [{\"parent\": ..., \"child\": ..., \"callCount\": ...}]}.")
	}
	readLinks := func() bool {
		if tok, err := dec.Token(); err != nil {
			fail(err)
			return false
		} else if tok != json.Delim('[') {
			if tok == nil { // "data": null, as Jaeger answers with no links
				return true
			}
			fail(fmt.Errorf("expected a list of dependency links, found %v", tok))
			return false
		}
		for dec.More() {
			off := dec.InputOffset()
			var l jaegerLink
			if err := dec.Decode(&l); err != nil {
				fail(err)
				return false
			}
			line, col := lines.at(off + leadingSpace(src[off:]))
			at := At(s.Name, line, col)
			switch {
			case l.Parent == nil || *l.Parent == "" || l.Child == nil || *l.Child == "":
				t.Error(at, "Invalid dependency link", "A link needs a non-empty \"parent\" and \"child\": the calling service and the called one.")
				continue
			case l.CallCount != nil && *l.CallCount < 0:
				t.Error(at, "Invalid dependency link", fmt.Sprintf("callCount is %d; a count of calls is never negative.", *l.CallCount))
				continue
			}
			n := int64(0)
			if l.CallCount != nil {
				n = *l.CallCount
			}
			from := t.AddService(*l.Parent, *l.Parent, at)
			to := t.AddService(*l.Child, *l.Child, at)
			t.AddEdge(from, to, model.ImpactOutage, n, s.Name, at)
		}
		if _, err := dec.Token(); err != nil {
			fail(err)
			return false
		}
		return true
	}
	tok, err := dec.Token()
	if err != nil {
		fail(err)
		return
	}
	switch tok {
	case json.Delim('['):
		// A bare list of links: put the token back by decoding afresh.
		dec = json.NewDecoder(bytes.NewReader(src))
		if !readLinks() {
			return
		}
	case json.Delim('{'):
		seen := false
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				fail(err)
				return
			}
			switch kt {
			case "data":
				seen = true
				if !readLinks() {
					return
				}
			case "errors":
				off := dec.InputOffset()
				var errs []jaegerError
				if err := dec.Decode(&errs); err != nil {
					fail(err)
					return
				}
				if len(errs) > 0 {
					line, col := lines.at(off)
					t.Error(At(s.Name, line, col), "Jaeger reported an error",
						fmt.Sprintf("The query failed: %s (code %d). Fix the query (endTs, lookback) and fetch the dependencies again.", errs[0].Msg, errs[0].Code))
					return
				}
			default:
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					fail(err)
					return
				}
			}
		}
		if _, err := dec.Token(); err != nil {
			fail(err)
			return
		}
		if !seen {
			t.Error(At(s.Name, 1, 1), "Invalid Jaeger dependencies JSON", "The object has no \"data\" list. Expected the response of Jaeger's /api/dependencies: {\"data\": [{\"parent\": ..., \"child\": ..., \"callCount\": ...}]}.")
			return
		}
	default:
		fail(fmt.Errorf("expected an object or a list, found %v", tok))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("more JSON follows the response")
		}
		fail(err)
	}
}

// leadingSpace counts the white space (and a separating comma) before the
// next JSON value: Decoder.InputOffset stops after the previous token.
func leadingSpace(b []byte) int64 {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t' || b[n] == '\n' || b[n] == '\r' || b[n] == ',') {
		n++
	}
	return int64(n)
}

// lineIndex maps byte offsets to lines and columns, in O(log lines).
type lineIndex struct {
	src   []byte
	start []int64 // byte offset of each line's start
}

func newLineIndex(src []byte) *lineIndex {
	li := &lineIndex{src: src, start: []int64{0}}
	for i, c := range src {
		if c == '\n' {
			li.start = append(li.start, int64(i+1))
		}
	}
	return li
}

func (li *lineIndex) at(off int64) (int, int) {
	// The end of the input (a truncated file) is the end of its last line.
	if n := int64(len(li.src)); off >= n && n > 0 && li.src[n-1] == '\n' {
		off = n - 1
	}
	lo, hi := 0, len(li.start)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li.start[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, int(off-li.start[lo]) + 1
}

// offset is the byte offset of a line and column, within the source.
func (li *lineIndex) offset(p hcl.Pos) int {
	if p.Line < 1 || p.Line > len(li.start) {
		return 0
	}
	off := li.start[p.Line-1] + int64(max(p.Column, 1)-1)
	return int(min(off, int64(len(li.src))))
}
