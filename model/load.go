package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/blast-tool/blast/model/parallel"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Source is one configuration file held in memory (a git revision, a test).
type Source struct {
	Filename string
	Bytes    []byte
}

// IDPattern is the contract's syntax of service and scenario IDs.
var IDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// IsConfigFile reports whether a file name is one a directory contributes
// to a model: native syntax (*.hcl) or HCL's JSON syntax (*.hcl.json).
func IsConfigFile(name string) bool {
	return strings.HasSuffix(name, ".hcl") || strings.HasSuffix(name, ".hcl.json")
}

// ConfigFiles expands paths into the files of one model, as the contract
// says: a file stands for itself, a directory contributes its configuration
// files (IsConfigFile) directly in it, in lexical order. Paths that cannot be
// read, directories without any configuration file, anything but a regular
// file where a file is read (a FIFO, a device) and symbolic links that leave
// the directory or repository they are in (see followLink) are diagnostics.
func ConfigFiles(paths ...string) ([]string, hcl.Diagnostics) {
	var files []string
	var diags hcl.Diagnostics
	bounds := map[string]string{} // directory -> where its links may point
	for _, p := range paths {
		st, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			diags = append(diags, missingPath(p))
			continue
		}
		if err != nil {
			diags = append(diags, fileDiag(p, "Failed to read configuration", err.Error()))
			continue
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			var d *hcl.Diagnostic
			if st, d = followLink(p, filepath.Dir(p), bounds); d != nil {
				diags = append(diags, d)
				continue
			}
		}
		if !st.IsDir() {
			if d := regularDiag(p, st.Mode()); d != nil {
				diags = append(diags, d)
				continue
			}
			files = append(files, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			diags = append(diags, fileDiag(p, "Failed to read directory", err.Error()))
			continue
		}
		n := len(files)
		for _, e := range ents { // os.ReadDir sorts by name
			if !IsConfigFile(e.Name()) || e.IsDir() {
				continue
			}
			fn := filepath.Join(p, e.Name())
			mode := e.Type()
			if mode&fs.ModeSymlink != 0 {
				st, d := followLink(fn, p, bounds)
				if d != nil {
					diags = append(diags, d)
					continue
				}
				if mode = st.Mode(); mode.IsDir() {
					continue // a directory named like a file, as above
				}
			}
			if d := regularDiag(fn, mode); d != nil {
				diags = append(diags, d)
				continue
			}
			files = append(files, fn)
		}
		if len(files) == n {
			diags = append(diags, fileDiag(p, "No configuration files", fmt.Sprintf("The directory %s holds no *.hcl or *.hcl.json file. Pass a directory of blast files, or the files themselves.", p)))
		}
	}
	return files, diags
}

// Load reads every path (a file, or a directory contributing its *.hcl and
// *.hcl.json files in lexical order) into one model. It collects every
// diagnostic; the model is usable in part even when diags.HasErrors().
func Load(paths ...string) (*Model, hcl.Diagnostics) {
	files, diags := ConfigFiles(paths...)
	var srcs []Source
	for _, fn := range files {
		b, d := ReadFile(fn)
		if d != nil {
			diags = append(diags, d)
			continue
		}
		srcs = append(srcs, Source{Filename: fn, Bytes: b})
	}
	m, more := LoadSources(srcs)
	diags = append(diags, more...)
	sortDiags(diags)
	return m, diags
}

// missingPath is the diagnostic of a path that names nothing, with the
// nearest name in its directory.
func missingPath(p string) *hcl.Diagnostic {
	dir, base := filepath.Split(p)
	var names []string
	if ents, err := os.ReadDir(filepath.Clean(dir + ".")); err == nil && len(ents) <= 10000 {
		for _, e := range ents {
			names = append(names, e.Name())
		}
	}
	hint := ""
	if s := Suggest(base, names); s != "" {
		hint = fmt.Sprintf(" Did you mean %s?", dir+s)
	}
	return fileDiag(p, "No such file or directory", fmt.Sprintf("%s does not exist.%s Name .hcl or .hcl.json files, or directories that hold them.", p, hint))
}

// fileDiag is a diagnostic about a whole file, located at its start so that
// every error carries a position.
func fileDiag(fn, summary, detail string) *hcl.Diagnostic {
	p := hcl.Pos{Line: 1, Column: 1}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail,
		Subject: &hcl.Range{Filename: fn, Start: p, End: p}}
}

// isJSON reports whether a file uses HCL's JSON syntax.
func isJSON(fn string) bool { return strings.HasSuffix(fn, ".json") }

// LoadSources parses and validates in-memory files as one model.
func LoadSources(srcs []Source) (*Model, hcl.Diagnostics) {
	return loadSources(srcs, defaultDecoding)
}

// decoding says how the service blocks are decoded: on at most workers
// goroutines (GOMAXPROCS when 0; 1 decodes them in turn on the caller's),
// chunk blocks to a job.
type decoding struct{ workers, chunk int }

// defaultDecoding is LoadSources': a job is enough blocks to outweigh
// handing it out, and a model of fewer is decoded in turn.
var defaultDecoding = decoding{chunk: 64}

func loadSources(srcs []Source, dec decoding) (*Model, hcl.Diagnostics) {
	l := &loader{m: &Model{Files: map[string]*hcl.File{}, Locals: map[string]cty.Value{}}, decoding: dec}
	var files []*hcl.File
	var tokens int64 // in all files, for MaxTokens
	for _, s := range srcs {
		if _, dup := l.m.Files[s.Filename]; dup {
			l.diags = append(l.diags, fileDiag(s.Filename, "Duplicate file", "This file was given more than once; each file is read once."))
			continue
		}
		if !IsConfigFile(s.Filename) {
			if l.m.foreign == nil {
				l.m.foreign = map[string]bool{}
			}
			l.m.foreign[s.Filename] = true
		}
		n, cuts, d := checkSourceCuts(s.Bytes, s.Filename)
		if tokens += int64(n); d == nil && tokens > MaxTokens() {
			d = tooManyTokensDiag(s.Filename, tokens)
		}
		if d != nil {
			l.diags = append(l.diags, d)
			l.m.Files[s.Filename] = &hcl.File{Bytes: s.Bytes} // for the snippet
			continue
		}
		f, pd := parseFile(s.Bytes, s.Filename, cuts)
		l.diags = append(l.diags, encodingOnly(pd)...)
		if f == nil {
			continue
		}
		l.m.Files[s.Filename] = f
		files = append(files, f)
	}
	l.load(files)
	for fn, f := range l.m.Files {
		l.m.Files[fn] = compactFile(f)
	}
	l.m.ev = l.ev
	l.m.Reindex()
	sortDiags(l.diags)
	return l.m, l.diags
}

var rootSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "locals"},
	{Type: "service", LabelNames: []string{"id"}},
	{Type: "scenario", LabelNames: []string{"id"}},
	{Type: "policy"},
	{Type: "extend", LabelNames: []string{"id"}},
}}

// loader carries the state of one load: the model, its diagnostics and the
// evaluation context built from the locals.
type loader struct {
	m     *Model
	diags hcl.Diagnostics
	ev    *evaluator

	// ids and hints serve "did you mean" for unknown service references:
	// the ID list is built once and each unknown name is matched once, so
	// a deleted service referenced from everywhere costs one scan, not one
	// per reference.
	ids   []string
	hints map[string]string

	decoding decoding
	arena    arena // bodyContent's, reset for each service
}

// decodeEach decodes every block, in order, and returns each one's value
// and diagnostics. With more than one worker and chunk (dec), the chunks are
// decoded at once, each by a loader of its own that shares l's model and
// evaluator (only read while decoding: decode must not write to either,
// nor to anything else they share), so that the values and diagnostics are
// exactly those of decoding one block after the other.
func decodeEach[T any](l *loader, blocks []*hcl.Block, dec decoding, decode func(*loader, *hcl.Block) T) ([]T, []hcl.Diagnostics) {
	vals := make([]T, len(blocks))
	diags := make([]hcl.Diagnostics, len(blocks))
	chunk := max(dec.chunk, 1)
	run := func(job int) {
		sub := &loader{m: l.m, ev: l.ev}
		for i := job * chunk; i < min((job+1)*chunk, len(blocks)); i++ {
			n := len(sub.diags)
			vals[i] = decode(sub, blocks[i])
			diags[i] = sub.diags[n:len(sub.diags):len(sub.diags)]
		}
	}
	jobs := (len(blocks) + chunk - 1) / chunk
	if dec.workers == 1 || jobs < 2 {
		for j := 0; j < jobs; j++ {
			run(j)
		}
	} else {
		parallel.For(jobs, dec.workers, run)
	}
	return vals, diags
}

func (l *loader) add(d ...*hcl.Diagnostic) { l.diags = append(l.diags, d...) }

func (l *loader) errorf(rng hcl.Range, summary, detail string, args ...any) {
	l.add(errorDiag(rng, summary, detail, args...))
}

// errorDiag is an error on rng: summary, and detail formatted with args.
func errorDiag(rng hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: &rng}
}

func (l *loader) warnf(rng hcl.Range, summary, detail string, args ...any) {
	r := rng
	l.add(&hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: &r})
}

func (l *loader) load(files []*hcl.File) {
	var localsBlocks, services, extends, scenarios, policies []*hcl.Block
	for _, f := range files {
		content, d := f.Body.Content(rootSchema)
		l.add(d...)
		if content == nil {
			continue
		}
		for _, b := range content.Blocks {
			switch b.Type {
			case "locals":
				localsBlocks = append(localsBlocks, b)
			case "service":
				services = append(services, b)
			case "extend":
				extends = append(extends, b)
			case "scenario":
				scenarios = append(scenarios, b)
			case "policy":
				policies = append(policies, b)
			}
		}
	}
	l.ev = l.evalLocals(localsBlocks)

	// Services are the bulk of a model: they are decoded at once.
	seen, decoded := declareOnce(l, "service", services, l.decoding, (*loader).decodeService, func(s *Service) (string, hcl.Range) { return s.ID, s.LabelRange })
	l.m.Services = append(l.m.Services, decoded...)
	for _, b := range extends {
		l.extend(b, seen)
	}
	l.m.Reindex()
	for _, s := range l.m.Services {
		l.checkReferences(s)
	}

	_, decodedSc := declareOnce(l, "scenario", scenarios, decoding{workers: 1}, (*loader).decodeScenario, func(sc *Scenario) (string, hcl.Range) { return sc.ID, sc.LabelRange })
	l.m.Scenarios = append(l.m.Scenarios, decodedSc...)

	for i, b := range policies {
		if i > 0 {
			l.errorf(b.DefRange, "Duplicate policy block", "A policy block was already declared at %s. A model has at most one policy: merge the two.", posString(policies[0].DefRange))
			continue
		}
		l.m.Policy = l.decodePolicy(b)
	}
}

// posString renders a range's start as file:line, for "first declared at".
func posString(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

// checkReferences validates what needs every service declared: depends_on
// targets and monitors.
func (l *loader) checkReferences(s *Service) {
	for _, d := range s.DependsOn {
		switch {
		case d.To == s.ID:
			l.errorf(d.LabelRange, "Self-dependency", "Service %q depends on itself. Remove this depends_on block.", s.ID)
		case l.m.Service(d.To) == nil:
			l.errorf(d.LabelRange, "Unknown service", "No service %q is declared in any file.%s Declare it, or fix the name.", d.To, l.hint(d.To))
		}
	}
	for i, id := range s.Monitors {
		if l.m.Service(id) == nil {
			rng := s.MonitorsRange
			if i < len(s.MonitorRanges) {
				rng = s.MonitorRanges[i]
			}
			l.errorf(rng, "Unknown service", "monitors names %q, but no such service is declared.%s", id, l.hint(id))
		}
	}
}

func (l *loader) serviceIDs() []string {
	if l.ids == nil || len(l.ids) != len(l.m.Services) {
		l.ids = make([]string, len(l.m.Services))
		for i, s := range l.m.Services {
			l.ids[i] = s.ID
		}
	}
	return l.ids
}

// hint is didYouMean over the declared service IDs, computed once per name.
func (l *loader) hint(name string) string {
	if h, ok := l.hints[name]; ok {
		return h
	}
	if l.hints == nil {
		l.hints = map[string]string{}
	}
	h := didYouMean(name, l.serviceIDs())
	l.hints[name] = h
	return h
}

// checkID validates a block label against IDPattern.
func (l *loader) checkID(kind, id string, rng hcl.Range) bool {
	if validID(id) || IDPattern.MatchString(id) {
		return true
	}
	l.errorf(rng, "Invalid "+kind+" ID", "%q is not a valid ID. IDs start with a letter or digit and contain only letters, digits, \"_\", \".\" and \"-\".", id)
	return false
}

// encodingOnly keeps only the encoding errors of a file that has any: the
// scanner's follow-on errors (unterminated strings, ...) are noise then.
func encodingOnly(d hcl.Diagnostics) hcl.Diagnostics {
	var enc hcl.Diagnostics
	for _, x := range d {
		if x.Summary == "Invalid character encoding" {
			enc = append(enc, x)
		}
	}
	if len(enc) == 0 {
		return d
	}
	return enc
}

// declareOnce decodes blocks of a kind whose IDs are unique across all
// files (decode returns nil for a block it reported), as dec says (see
// decodeEach), and reports every later declaration of an ID at its label.
func declareOnce[T comparable](l *loader, kind string, blocks []*hcl.Block, dec decoding, decode func(*loader, *hcl.Block) T, label func(T) (string, hcl.Range)) (map[string]T, []T) {
	var none T
	seen := map[string]T{}
	var all []T
	vals, diags := decodeEach(l, blocks, dec, decode)
	for i, v := range vals {
		l.add(diags[i]...)
		if v == none {
			continue
		}
		id, at := label(v)
		if first, dup := seen[id]; dup {
			_, firstAt := label(first)
			l.errorf(at, "Duplicate "+kind, "A %s %q was already declared at %s. IDs must be unique across all files: rename one of them.", kind, id, posString(firstAt))
			continue
		}
		seen[id] = v
		all = append(all, v)
	}
	return seen, all
}
