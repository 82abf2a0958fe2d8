// Package output is where a command's reports and charts go: standard
// output, or files replaced all or none (through cmd/internal/atomicfile),
// and what a terminal gets besides (colour, a progress bar).
package output

import (
	"bytes"
	"errors"
	"io"
	"os"

	"github.com/blast-tool/blast/cmd/internal/atomicfile"
	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/cmd/internal/writebehind"
	"github.com/mattn/go-isatty"
)

// Set is a command's outputs. One that the command never closes (it
// failed, or panicked) is aborted by Abort: its temporary file removed,
// the file it would have replaced left as it was.
type Set struct {
	stdout io.Writer
	color  bool // standard output takes colour
	outs   []*Output
}

// NewSet returns the outputs of a command writing to stdout, where colour
// is allowed when color is.
func NewSet(stdout io.Writer, color bool) *Set { return &Set{stdout: stdout, color: color} }

// Output is where one report goes: -o FILE, or standard output for "" and
// "-". A file's bytes stream into a temporary file next to it, renamed over
// it by Close once the report is complete, so that a failing command or a
// full disk leaves the old file whole. Standard output is buffered and
// written as the report goes, behind it (cmd/internal/writebehind).
type Output struct {
	// Format is the report's format, for reports that can be written
	// again in another way (invalid input, Set.Each).
	Format string
	path   string
	set    *Set
	file   *atomicfile.File    // once opened
	out    *writebehind.Writer // standard output, once written to
	err    error               // sticky: opening failed
	done   bool
}

// New returns the output for path, in format. A path that another output
// of the set already names is refused when the output is opened.
func (s *Set) New(path, format string) *Output {
	o := &Output{path: path, set: s, Format: format}
	if !o.Stdout() {
		for _, other := range s.outs {
			if !other.Stdout() && atomicfile.SameFile(other.path, path) {
				o.err = exitcode.Usage("%s is given as two outputs: name a file once", path)
			}
		}
	}
	s.outs = append(s.outs, o)
	return o
}

// Pair makes the outputs of a command that writes one result in several
// formats: the i-th path takes the i-th format, the formats without a path
// go to standard output (at most one may), and def stands for no format.
// Every output is opened before any work, so that none is written when
// one cannot be (a directory, a path given twice, a directory that takes
// no file).
func (s *Set) Pair(formats, paths []string, def string) ([]*Output, error) {
	if len(formats) == 0 {
		formats = []string{def}
	}
	if len(paths) > len(formats) {
		return nil, exitcode.Usage("%d --output values for %d --format values: pair each output with a format", len(paths), len(formats))
	}
	outs := make([]*Output, len(formats))
	toStdout := 0
	for i, f := range formats {
		path := ""
		if i < len(paths) {
			path = paths[i]
		}
		if outs[i] = s.New(path, f); outs[i].Stdout() {
			toStdout++
		}
	}
	if toStdout > 1 {
		return nil, exitcode.Usage("%d formats would go to standard output: give an --output for each but one", toStdout)
	}
	return outs, Open(outs...)
}

// Pending lists the outputs not yet closed, in the order they were made.
func (s *Set) Pending() []*Output {
	var out []*Output
	for _, o := range s.outs {
		if !o.done {
			out = append(out, o)
		}
	}
	return out
}

// Abort drops what the command did not close.
func (s *Set) Abort() {
	for _, o := range s.outs {
		switch {
		case o.done:
		case o.file != nil:
			o.file.Abort()
		case o.out != nil:
			o.out.Stop() // what is buffered is dropped, as the file's is
		}
	}
	s.outs = nil
}

// Stdout reports whether the output is standard output.
func (o *Output) Stdout() bool { return o.path == "" || o.path == "-" }

// Color reports whether the report may use colour: on standard output,
// when the set allows it.
func (o *Output) Color() bool { return o.Stdout() && o.set.color }

// open creates a file output's temporary file: the checks that the path
// is a writable place for a file happen here, before anything is written.
func (o *Output) open() error {
	if o.err != nil || o.Stdout() || o.file != nil {
		return o.err
	}
	f, err := atomicfile.Create(o.path, 0o644)
	if err != nil {
		o.err = o.failed(err)
		return o.err
	}
	o.file = f
	return nil
}

// Open opens every output before any is written, so that a command with
// several outputs (check -o a -o b) writes none when one cannot be.
func Open(outs ...*Output) error {
	for _, o := range outs {
		if err := o.open(); err != nil {
			return err
		}
	}
	return nil
}

func (o *Output) Write(p []byte) (int, error) {
	if o.Stdout() {
		if o.out == nil {
			o.out = writebehind.New(o.set.stdout)
		}
		return o.out.Write(p)
	}
	if err := o.open(); err != nil {
		return 0, err
	}
	n, err := o.file.Write(p)
	if err != nil {
		err = o.failed(err)
	}
	return n, err
}

// failed is the error of an output that cannot be written: exit 2.
func (o *Output) failed(err error) error {
	return exitcode.Usage("cannot write %s: %w", o.path, err)
}

// Close finishes the report: standard output is flushed, a file renamed
// into place.
func (o *Output) Close() error { return Close(o) }

// Close finishes the reports of a command that writes several (a report
// and its chart, check's formats): every file is completed and synced
// before any is renamed into place, so that a full disk or another failure
// leaves all the old files, not some old and some new.
func Close(outs ...*Output) error {
	for _, o := range outs {
		if o.done {
			continue
		}
		if err := o.open(); err != nil {
			return err
		}
		if o.file != nil {
			if err := o.file.Close(); err != nil {
				return o.failed(err)
			}
		}
	}
	for _, o := range outs {
		if o.done {
			continue
		}
		o.done = true
		if o.Stdout() {
			if o.out != nil {
				err := o.out.Flush()
				o.out.Stop()
				if err != nil {
					return err
				}
			}
			continue
		}
		if err := o.file.Commit(); err != nil {
			return o.failed(err)
		}
	}
	return nil
}

// Append renders into the file at path after what it holds, creating it:
// a log that others write to as well (GitHub's $GITHUB_STEP_SUMMARY), so
// not replaced. The report is rendered in full before the file is opened.
func Append(path string, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(buf.Bytes())
	return errors.Join(werr, f.Close())
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}
