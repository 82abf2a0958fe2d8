package topology

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
)

// Topology is services and the dependencies between them, as one source
// declares or observes them. Build one with New, AddService and AddEdge,
// then call Finish; after that Services and Edges are sorted.
type Topology struct {
	// Format names the source: "backstage", "jaeger", ... It begins every
	// dependency's note.
	Format string
	// Observed is set for traces: every dependency's note gives its calls.
	Observed bool
	Services []*Service // by ID
	Edges    []*Edge    // by From, then To
	// Diags holds the importer's warnings (entities skipped, self-calls
	// dropped) and errors (collisions, bad input).
	Diags hcl.Diagnostics

	byKey  map[string]*Service
	byID   map[string]*Service
	edges  map[[2]string]*Edge
	selfs  map[string]*selfCall
	sorted bool
	// lacking marks what Lacking returns: Summary counts new services and
	// extend blocks.
	lacking bool
}

// Summary counts what t holds, as import reports what it wrote: "12
// services, 30 dependencies", or for what a model lacks (Lacking) "1 new
// service, 3 extend blocks and 3 dependencies".
func (t *Topology) Summary() string {
	deps := model.Count(len(t.Edges), "dependency", "dependencies")
	if !t.lacking {
		return model.Count(len(t.Services), "service", "services") + ", " + deps
	}
	extended := 0
	for _, s := range t.Services {
		if s.Extend {
			extended++
		}
	}
	return model.Count(len(t.Services)-extended, "new service", "new services") + ", " + model.Count(extended, "extend block", "extend blocks") + " and " + deps
}

// Service is one service, component or resource of the source.
type Service struct {
	ID string
	// Name is what the source calls it, before it was made a valid ID.
	Name  string
	Title string     // "" for the ID
	Role  model.Role // "" for the default role (service)
	Tags  []string
	// Notes are written as comments above the service's block.
	Notes []string
	// Extend marks a service that a model already declares: the writer
	// renders it as an `extend` block (tags and dependencies only).
	Extend bool

	key    string
	origin hcl.Range
}

// Edge is one dependency: From needs To.
type Edge struct {
	From, To string
	Impact   model.Impact
	// Calls is the number of observed calls; 0 for a declared dependency.
	Calls int64
	// Sources says where the dependency was declared or observed, each
	// once, in the order first seen: "catalog.yaml:12 (dependsOn)", "deps.json".
	Sources []string
	// Why explains an impact other than outage, for the note.
	Why string
}

// Note is the `note` of e's depends_on block: the format, the sources and,
// for observed calls, their count.
func (t *Topology) Note(e *Edge) string {
	var b strings.Builder
	b.WriteString(t.Format)
	if len(e.Sources) > 0 {
		b.WriteString(" ")
		b.WriteString(strings.Join(e.Sources, ", "))
	}
	if t.Observed || e.Calls > 0 {
		b.WriteString(": ")
		b.WriteString(calls(e.Calls))
	}
	if e.Why != "" {
		b.WriteString("; ")
		b.WriteString(e.Why)
	}
	return b.String()
}

// calls is "1 call", "1204 calls": plain digits, so that a note can be
// searched for the number a tracing UI shows.
func calls(n int64) string {
	if n == 1 {
		return "1 call"
	}
	return strconv.FormatInt(n, 10) + " calls"
}

type selfCall struct {
	calls  int64
	origin hcl.Range
}

// New starts an empty Topology of the given format.
func New(format string) *Topology {
	return &Topology{Format: format, byKey: map[string]*Service{}, byID: map[string]*Service{},
		edges: map[[2]string]*Edge{}, selfs: map[string]*selfCall{}}
}

// MakeID makes a source's name a valid blast ID, as the contract says: every
// character outside [A-Za-z0-9_.-] becomes "-", and what cannot start an ID
// (anything but a letter or digit) is dropped from the front. It returns ""
// when nothing is left.
func MakeID(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '.', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	id := strings.TrimLeftFunc(b.String(), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	return id
}

// AddService returns the service the source identifies by key (a kind,
// namespace and name; or just the name), adding it the first time with the
// ID made from name. origin is where the source first mentions it. It
// returns nil, and records an error, when name cannot be made an ID or its
// ID is already another service's: two names are never merged silently.
func (t *Topology) AddService(key, name string, origin hcl.Range) *Service {
	if s := t.byKey[key]; s != nil {
		return s
	}
	id := MakeID(name)
	if id == "" {
		t.Diags = append(t.Diags, errorAt(origin, "Invalid service name",
			fmt.Sprintf("%q cannot be made a blast ID: an ID needs at least one letter or digit. Rename it in the source.", name)))
		return nil
	}
	if other := t.byID[id]; other != nil {
		t.Diags = append(t.Diags, errorAt(origin, "Colliding service IDs",
			fmt.Sprintf("%s and %s (%s) both become the ID %q (characters other than letters, digits, \"_\", \".\" and \"-\" become \"-\"). blast does not merge them: rename one in the source.",
				describe(key, name), describe(other.key, other.Name), where(other.origin), id)))
		// Keep the key taken so that the collision is reported once.
		t.byKey[key] = nil
		return nil
	}
	s := &Service{ID: id, Name: name, key: key, origin: origin}
	if id != name {
		s.Notes = append(s.Notes, fmt.Sprintf("%q in the source", name))
	}
	t.byKey[key] = s
	t.byID[id] = s
	t.Services = append(t.Services, s)
	t.sorted = false
	return s
}

func describe(key, name string) string {
	if key == name {
		return strconv.Quote(name)
	}
	return key
}

// where renders a range as FILE:LINE, or FILE for formats without lines.
func where(r hcl.Range) string {
	if r.Start.Line > 0 {
		return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
	}
	return r.Filename
}

// Service returns the service with the given ID, or nil.
func (t *Topology) Service(id string) *Service { return t.byID[id] }

// AddEdge records that from needs to, declared or observed at source
// (which the note names) with calls observed calls (0 for a declaration).
// Repeats merge: calls add up, sources are listed once each, and the worse
// impact wins. A self-call is dropped with a warning in Finish. Either
// service may be nil (an earlier error); then nothing is recorded.
func (t *Topology) AddEdge(from, to *Service, impact model.Impact, calls int64, source string, origin hcl.Range) *Edge {
	if from == nil || to == nil {
		return nil
	}
	if from == to {
		sc := t.selfs[from.ID]
		if sc == nil {
			sc = &selfCall{origin: origin}
			t.selfs[from.ID] = sc
		}
		sc.calls += calls
		return nil
	}
	k := [2]string{from.ID, to.ID}
	e := t.edges[k]
	if e == nil {
		e = &Edge{From: from.ID, To: to.ID, Impact: impact}
		t.edges[k] = e
		t.Edges = append(t.Edges, e)
		t.sorted = false
	} else if impact > e.Impact {
		e.Impact = impact
	}
	e.Calls += calls
	if source != "" && !slices.Contains(e.Sources, source) {
		e.Sources = append(e.Sources, source)
	}
	return e
}

// Warn records a note about the input that does not stop the import.
func (t *Topology) Warn(origin hcl.Range, summary, detail string) {
	t.Diags = append(t.Diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: subject(origin)})
}

// Error records a problem with the input: nothing is written.
func (t *Topology) Error(origin hcl.Range, summary, detail string) {
	t.Diags = append(t.Diags, errorAt(origin, summary, detail))
}

// Finish sorts services and edges and reports the dropped self-calls.
func (t *Topology) Finish() *Topology {
	for _, id := range slices.Sorted(maps.Keys(t.selfs)) {
		sc := t.selfs[id]
		n := ""
		if sc.calls > 0 {
			n = " (" + calls(sc.calls) + ")"
		}
		t.Warn(sc.origin, "Self-call dropped", fmt.Sprintf("%s depends on itself%s. A service cannot depend on itself in blast, so this is left out.", id, n))
	}
	t.selfs = map[string]*selfCall{}
	t.sort()
	return t
}

func (t *Topology) sort() {
	if t.sorted {
		return
	}
	sort.Slice(t.Services, func(i, j int) bool { return t.Services[i].ID < t.Services[j].ID })
	sort.Slice(t.Edges, func(i, j int) bool {
		a, b := t.Edges[i], t.Edges[j]
		if a.From != b.From {
			return a.From < b.From
		}
		return a.To < b.To
	})
	for _, s := range t.Services {
		s.Tags = uniq(s.Tags)
	}
	t.sorted = true
}

// uniq drops repeated tags, keeping the first of each in order.
func uniq(ss []string) []string {
	if len(ss) < 2 {
		return ss
	}
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// EdgesFrom returns the sorted edges of service id (after Finish).
func (t *Topology) EdgesFrom(id string) []*Edge {
	i := sort.Search(len(t.Edges), func(i int) bool { return t.Edges[i].From >= id })
	j := i
	for j < len(t.Edges) && t.Edges[j].From == id {
		j++
	}
	return t.Edges[i:j]
}

func subject(r hcl.Range) *hcl.Range {
	if r.Filename == "" {
		return nil
	}
	// A whole-file problem points at the file's start, as model's do, so
	// that every diagnostic carries a position.
	if r.Start.Line == 0 {
		r.Start.Line = 1
	}
	if r.Start.Column == 0 {
		r.Start.Column = 1
	}
	if r.End.Line == 0 {
		r.End = r.Start
	}
	return &r
}

func errorAt(r hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: subject(r)}
}

// At is a position in a source file: line and column from 1, or 0 for
// formats without lines.
func At(file string, line, column int) hcl.Range {
	p := hcl.Pos{Line: line, Column: column}
	return hcl.Range{Filename: file, Start: p, End: p}
}

// Errors are the error diagnostics of reading t, without its notes (a
// self-call left out, say), which are not what drift is about.
func (t *Topology) Errors() hcl.Diagnostics {
	var errs hcl.Diagnostics
	for _, d := range t.Diags {
		if d.Severity == hcl.DiagError {
			errs = append(errs, d)
		}
	}
	return errs
}
