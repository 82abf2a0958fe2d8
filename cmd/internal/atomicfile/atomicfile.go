// Package atomicfile writes files so that a reader, a crash or a full disk
// never sees a partial one: the bytes stream into a temporary file in the
// same directory, which is synced and then renamed over the target
// (rename(2) is atomic within a file system). Either the old file stays
// whole or the new one is complete.
package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/blast-tool/blast/cmd/internal/writebehind"
)

// File is a file being replaced. Writes go to a temporary file next to the
// target; Commit renames it over the target, Abort removes it. A write
// error sticks: later writes do nothing and Commit reports it.
type File struct {
	target string
	perm   fs.FileMode
	tmp    *os.File
	w      *writebehind.Writer
	err    error
	closed bool // the temporary file is complete (Close)
	done   bool // committed or aborted
	// direct: the target is a character device or a named pipe (-o
	// /dev/null, -o /dev/stderr, a process substitution), written as it
	// is, with nothing to rename: it holds no bytes a partial write
	// could lose, and renaming over it would replace the device.
	direct bool
}

// Create starts replacing the file at path, checking up front what can be:
// path is not a directory or another non-regular file (a character device
// or a named pipe is written directly instead), and its directory takes a
// new file. An existing file keeps its permission bits; a new one
// gets perm. When path is a symbolic link, the file it points to is
// replaced and the link is kept, as os.WriteFile would leave it.
func Create(path string, perm fs.FileMode) (*File, error) {
	// A stream is opened through path itself: /dev/stdout and a process
	// substitution's /dev/fd/63 are links to a pipe that has no name to
	// resolve, which the kernel opens all the same.
	if fi, err := os.Stat(path); err == nil && stream(fi.Mode()) {
		out, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &File{target: path, tmp: out, w: writebehind.New(out), direct: true}, nil
	}
	target, err := Target(path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(target); err == nil {
		if !fi.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "write", Path: path, Err: errors.New("not a regular file")}
		}
		perm = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &File{target: target, perm: perm, tmp: tmp, w: writebehind.New(tmp)}, nil
}

// stream reports whether a file of this mode is written as it is: a
// character device or a named pipe.
func stream(m fs.FileMode) bool {
	return m&fs.ModeNamedPipe != 0 || m&fs.ModeDevice != 0 && m&fs.ModeCharDevice != 0
}

// Target is the file a write to path replaces: path itself, or the file
// its symbolic link points to.
func Target(path string) (string, error) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return filepath.EvalSymlinks(path)
	}
	return path, nil
}

// SameFile reports whether two paths name one file to write: the same
// absolute path once symbolic links are followed (the file need not exist).
func SameFile(a, b string) bool {
	canonical := func(p string) string {
		if t, err := Target(p); err == nil {
			p = t
		}
		if dir, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
			p = filepath.Join(dir, filepath.Base(p))
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		return p
	}
	return canonical(a) == canonical(b)
}

// Write writes p to the temporary file.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.done || f.closed {
		return 0, fs.ErrClosed
	}
	n, err := f.w.Write(p)
	f.err = err
	return n, err
}

// Close finishes the temporary file: flushed, given its mode, synced and
// closed, so that what is left to Commit is the rename. A command writing
// several files closes them all before it commits any. On error the
// temporary file is removed.
func (f *File) Close() error {
	if f.closed || f.done {
		return f.err
	}
	f.closed = true
	err := f.err
	if err == nil {
		err = f.w.Flush()
	}
	f.w.Stop()
	if err == nil && !f.direct {
		err = f.tmp.Chmod(f.perm)
	}
	if err == nil && !f.direct {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.err, f.done = err, true
		if !f.direct {
			_ = os.Remove(f.tmp.Name())
		}
	}
	return err
}

// Commit closes the file if need be and renames it over the target. On any
// error the temporary file is removed and the target left as it was.
func (f *File) Commit() error {
	if f.done {
		if f.err != nil {
			return f.err
		}
		return fs.ErrClosed
	}
	if err := f.Close(); err != nil {
		return err
	}
	f.done = true
	if f.direct {
		return nil
	}
	if err := os.Rename(f.tmp.Name(), f.target); err != nil {
		_ = os.Remove(f.tmp.Name())
		return err
	}
	return nil
}

// Abort removes the temporary file; the target stays as it was. It does
// nothing once the file is committed or aborted.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	if !f.closed {
		f.w.Stop()
		_ = f.tmp.Close()
	}
	if !f.direct {
		_ = os.Remove(f.tmp.Name())
	}
}

// Write replaces the file at path with data, as Create, Write and Commit.
func Write(path string, data []byte, perm fs.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}
