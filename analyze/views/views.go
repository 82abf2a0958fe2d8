package views

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// FormatVersion is the "format_version" of every JSON document of blast's
// own (the contract): a change that consumers must notice raises it.
const FormatVersion = "1"

// A View renders one command's result in one format. Every command's result
// type has its set of views (Formats), so each format sees the same value
// and cannot drift from the others.
type View[T any] interface {
	Render(w io.Writer, result T) error
}

// ViewFunc adapts a function to a View.
type ViewFunc[T any] func(w io.Writer, result T) error

// Render implements View.
func (f ViewFunc[T]) Render(w io.Writer, result T) error { return f(w, result) }

// Format is one named view of a result type, built for given options.
type Format[T any] struct {
	Name string
	New  func(Options) View[T]
}

// plain is the format name of a view that takes no options: write.
func plain[T any](name string, write func(io.Writer, T) error) Format[T] {
	return Format[T]{name, func(Options) View[T] { return ViewFunc[T](write) }}
}

// Formats are the views of one result type, in the order help text lists them.
type Formats[T any] []Format[T]

// Names lists the format names, for flag help and completion.
func (fs Formats[T]) Names() []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// Has reports whether name is one of the formats.
func (fs Formats[T]) Has(name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}

// Only returns the formats among names, in their order.
func (fs Formats[T]) Only(names ...string) Formats[T] {
	var out Formats[T]
	for _, f := range fs {
		for _, n := range names {
			if f.Name == n {
				out = append(out, f)
			}
		}
	}
	return out
}

// New returns the view named name, configured with o.
func (fs Formats[T]) New(name string, o Options) (View[T], error) {
	for _, f := range fs {
		if f.Name == name {
			return f.New(o), nil
		}
	}
	return nil, fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(fs.Names(), ", "))
}

// Options are presentation settings chosen by the CLI.
type Options struct {
	// Color enables ANSI colours in text views (the CLI decides: a
	// terminal and no NO_COLOR).
	Color bool
	// ToolVersion is the blast version written into SARIF, JUnit and
	// Markdown footers.
	ToolVersion string
	// TopServices is how many services the text and markdown tables show;
	// 0 means 10, a negative value hides the table.
	TopServices int
	// BaseDir is the working directory that SARIF artifact URIs and GitHub
	// annotation paths are made relative to; "" keeps filenames as given.
	BaseDir string
	// Start is the clock time of t=0 (blast cascade --at): timelines then
	// print clock times instead of offsets. nil prints offsets.
	Start *time.Time
}

func (o Options) topN() int {
	switch {
	case o.TopServices == 0:
		return 10
	case o.TopServices < 0:
		return 0
	}
	return o.TopServices
}
