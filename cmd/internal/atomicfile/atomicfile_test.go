package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/blast-tool/blast/cmd/internal/writebehind"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.hcl")
	if err := Write(p, []byte("new"), 0o640); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Fatalf("content %q", b)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Errorf("new file mode %v, want 0640", fi.Mode().Perm())
	}
	// An existing file keeps its mode.
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("again"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("rewritten file mode %v, want 0600 kept", fi.Mode().Perm())
	}
	// A symbolic link stays a link; its target gets the bytes.
	link := filepath.Join(dir, "link.hcl")
	if err := os.Symlink("f.hcl", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("via link"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("link replaced by a file")
	}
	if b, _ := os.ReadFile(p); string(b) != "via link" {
		t.Errorf("target content %q", b)
	}
	// No temporary file is left behind.
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("directory holds %d entries, want 2", len(ents))
	}
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A directory that cannot take the temporary file: the old file stays.
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	if err := Write(p, []byte("new"), 0o644); err == nil {
		t.Fatal("write into a read-only directory succeeded")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("old file changed to %q", b)
	}
}

func TestWriteRefusesNonRegular(t *testing.T) {
	if err := Write(t.TempDir(), []byte("x"), 0o644); err == nil {
		t.Error("writing over a directory succeeded")
	}
}

// limitFileSize sets RLIMIT_FSIZE for the rest of the test: a write past
// n bytes fails with EFBIG, as on a full disk, whoever the test runs as (a
// read-only directory does not stop root). Go ignores SIGXFSZ.
func limitFileSize(t *testing.T, n uint64) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	lim := old
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { _ = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old) })
}

// TestFullDisk checks the point of the package: when the disk fills up
// halfway through, the old file stays whole and no temporary file is left.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	old := strings.Repeat("old report\n", 100)
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	limitFileSize(t, 8<<10)
	f, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	var werr error
	for i := 0; i < 1000 && werr == nil; i++ {
		_, werr = f.Write([]byte(strings.Repeat("new", 100)))
	}
	if err := f.Commit(); err == nil || !errors.Is(err, syscall.EFBIG) {
		t.Fatalf("Commit on a full disk: %v (write: %v)", err, werr)
	}
	if b, _ := os.ReadFile(p); string(b) != old {
		t.Errorf("old file changed: %d bytes", len(b))
	}
	if err := Write(p, make([]byte, 64<<10), 0o644); !errors.Is(err, syscall.EFBIG) {
		t.Errorf("Write on a full disk: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want the old file only", len(ents))
	}
}

// TestStreams checks that the bytes go to the temporary file as they are
// written, holding no more than the write-behind buffers in memory, and
// reach the target only on Commit.
func TestStreams(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.svg")
	f, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	const size = 8 << 20
	chunk := []byte(strings.Repeat("x", 1<<10))
	for i := 0; i < size/len(chunk); i++ {
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if fi, err := os.Stat(f.tmp.Name()); err != nil || fi.Size() < size-writebehind.Buffers*writebehind.Size {
		t.Errorf("temporary file holds %v of %d bytes before Commit, want all but the buffers (%v)", fi.Size(), size, err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("target exists before Commit: %v", err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); fi.Size() != size {
		t.Errorf("target holds %d bytes", fi.Size())
	}
	if err := f.Commit(); err == nil {
		t.Error("second Commit succeeded")
	}
	f.Abort() // no effect once committed
	if _, err := os.Stat(p); err != nil {
		t.Error("Abort after Commit removed the file")
	}
}

func TestAbort(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.md")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half a rep"))
	f.Abort()
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("content %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d entries left", len(ents))
	}
	if _, err := Create(filepath.Join(dir, "missing", "x"), 0o644); err == nil {
		t.Error("Create in a missing directory succeeded")
	}
}

// TestCloseThenCommit checks the two steps of a command that writes several
// files: Close completes each (a full disk shows here), Commit renames.
func TestCloseThenCommit(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	fa, err := Create(a, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := Create(b, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	fa.Write([]byte("a"))
	fb.Write([]byte("b"))
	if err := fa.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := fa.Write([]byte("more")); err == nil {
		t.Error("write after Close succeeded")
	}
	if err := fb.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a); !os.IsNotExist(err) {
		t.Error("Close renamed the file")
	}
	if err := fa.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := fb.Commit(); err != nil {
		t.Fatal(err)
	}
	if x, _ := os.ReadFile(a); string(x) != "a" {
		t.Errorf("a holds %q", x)
	}
}

func TestSameFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.json")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.json", filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	for _, other := range []string{p, filepath.Join(dir, ".", "a.json"), filepath.Join(dir, "link.json"), filepath.Join(dir, "sub", "a.json")} {
		if !SameFile(p, other) {
			t.Errorf("%s and %s are one file", p, other)
		}
	}
	if SameFile(p, filepath.Join(dir, "b.json")) || SameFile(filepath.Join(dir, "new1"), filepath.Join(dir, "new2")) {
		t.Error("two files taken for one")
	}
}

// A character device or a named pipe is written as it is: there is no
// file to replace, and renaming over it would replace the device.
func TestWriteStream(t *testing.T) {
	if err := Write(os.DevNull, []byte("gone"), 0o644); err != nil {
		t.Errorf("Write(%s): %v", os.DevNull, err)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v, %v", os.DevNull, fi, err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	data := []byte(strings.Repeat("report\n", 100000))
	if err := Write(fifo, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != string(data) {
		t.Errorf("the pipe's reader got %d bytes, want %d", len(b), len(data))
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want the pipe only", len(ents))
	}

	// /dev/stdout on a pipe, or a process substitution's /dev/fd/63: a
	// link to a pipe that has no name of its own.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	link := "/dev/fd/" + strconv.Itoa(int(w.Fd()))
	if _, err := os.Stat(link); err != nil {
		t.Skip("no /dev/fd here:", err)
	}
	go func() {
		b, _ := io.ReadAll(r)
		got <- b
	}()
	err = Write(link, data, 0o644)
	w.Close()
	if err != nil {
		t.Fatalf("Write(%s): %v", link, err)
	}
	if b := <-got; string(b) != string(data) {
		t.Errorf("the pipe behind %s got %d bytes, want %d", link, len(b), len(data))
	}
}
