package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/blast-tool/blast/cmd/internal/atomicfile"
)

// output is where a report goes: -o FILE, or standard output for "" and
// "-". A file's bytes stream into a temporary file next to it, renamed over
// it by Close once the report is complete (cmd/internal/atomicfile), so
// that a failing command or a full disk leaves the old file whole.
// Standard output is buffered and written as the report goes.
type output struct {
	path string
	a    *app
	file *atomicfile.File // once opened
	out  *bufio.Writer    // standard output
	err  error            // sticky: opening failed
	done bool
}

// newOutput returns the output for path, registered with the app so that
// one the command never closes (it failed, or panicked) is aborted. A path
// that another output of the command already names is refused.
func (a *app) newOutput(path string) *output {
	o := &output{path: path, a: a}
	if o.stdout() {
		o.out = bufio.NewWriterSize(a.stdout, 64<<10)
	} else {
		for _, other := range a.outputs {
			if !other.stdout() && atomicfile.SameFile(other.path, path) {
				o.err = usageError("%s is given as two outputs: name a file once", path)
			}
		}
	}
	a.outputs = append(a.outputs, o)
	return o
}

func (o *output) stdout() bool { return o.path == "" || o.path == "-" }

// open creates a file output's temporary file: the checks that the path
// is a writable place for a file happen here, before anything is written.
func (o *output) open() error {
	if o.err != nil || o.stdout() || o.file != nil {
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

// openOutputs opens every output before any is written, so that a command
// with several outputs (check -o a -o b) writes none when one cannot be.
func openOutputs(outs ...*output) error {
	for _, o := range outs {
		if err := o.open(); err != nil {
			return err
		}
	}
	return nil
}

// Writer is where the report is rendered.
func (o *output) Writer() io.Writer { return o }

func (o *output) Write(p []byte) (int, error) {
	if o.stdout() {
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

// failed is the error of an output that cannot be written.
func (o *output) failed(err error) error {
	return &exitError{code: exitInvalid, err: fmt.Errorf("cannot write %s: %w", o.path, err)}
}

// Color reports whether the report may use colour.
func (o *output) Color() bool { return o.stdout() && o.a.colorFor(o.a.stdout) }

// Close finishes the report: standard output is flushed, a file renamed
// into place.
func (o *output) Close() error { return closeOutputs(o) }

// closeOutputs finishes the reports of a command that writes several (a
// report and its chart, check's formats): every file is completed and
// synced before any is renamed into place, so that a full disk or another
// failure leaves all the old files, not some old and some new.
func closeOutputs(outs ...*output) error {
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
		if o.stdout() {
			if err := o.out.Flush(); err != nil {
				return err
			}
			continue
		}
		if err := o.file.Commit(); err != nil {
			return o.failed(err)
		}
	}
	return nil
}

// abortOutputs drops what the command did not close: temporary files are
// removed, the files they would have replaced stay as they were.
func (a *app) abortOutputs() {
	for _, o := range a.outputs {
		if !o.done && o.file != nil {
			o.file.Abort()
		}
	}
	a.outputs = nil
}
