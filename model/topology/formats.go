package topology

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
)

// Source is one input file (or fetched document) of an import.
type Source struct {
	Name string // as the user gave it; diagnostics and notes name it
	R    io.Reader
}

// Format is one importer. Import reads every source into one Topology and
// finishes it; its Diags say what went wrong or was left out.
type Format struct {
	Name    string
	Summary string
	// Observed formats report calls seen in traces (notes give counts, and
	// drift can compare them with a model); the others declare dependencies.
	Observed bool
	Import   func(srcs []Source) *Topology
}

// Formats lists the importers, by name.
var Formats = []*Format{
	{Name: "backstage", Summary: "Backstage catalog entity files (YAML, several documents per file)", Import: importBackstage},
	{Name: "compose", Summary: "Docker Compose files: services, depends_on and links", Import: importCompose},
	{Name: "jaeger", Summary: "Jaeger's dependencies API response (/api/dependencies)", Observed: true, Import: perFile("jaeger", true, readJaeger)},
	{Name: "otel", Summary: "OpenTelemetry servicegraph metrics in the Prometheus text format", Observed: true, Import: perFile("otel", true, readOTel)},
	{Name: "terraform", Summary: "terraform show -json output: resources and their depends_on", Import: perFile("terraform", false, readTerraform)},
}

// perFile is the Import of a format whose files are read one by one into
// one Topology: observed calls add up, declarations merge.
func perFile(format string, observed bool, read func(*Topology, Source)) func([]Source) *Topology {
	return func(srcs []Source) *Topology {
		t := New(format)
		t.Observed = observed
		for _, s := range srcs {
			read(t, s)
		}
		return t.Finish()
	}
}

// FormatList is the formats, one per line with its summary, as import's
// help lists them.
func FormatList() string {
	var b strings.Builder
	for _, f := range Formats {
		fmt.Fprintf(&b, "  %-10s %s\n", f.Name, f.Summary)
	}
	return b.String()
}

// FormatNames lists the formats' names.
func FormatNames() []string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	return names
}

// Lookup returns the named format, or an error that lists the formats and
// suggests the nearest name.
func Lookup(name string) (*Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	hint := ""
	if s := model.Suggest(name, FormatNames()); s != "" {
		hint = fmt.Sprintf(" Did you mean %q?", s)
	}
	return nil, fmt.Errorf("unknown format %q: use one of %s.%s", name, strings.Join(FormatNames(), ", "), hint)
}

// ImportFiles reads the files at paths in format f. An unreadable or empty
// file, or an input in which the format finds no service, is an error.
func ImportFiles(f *Format, paths []string) *Topology {
	var srcs []Source
	var diags hcl.Diagnostics
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[filepath.Clean(p)] {
			diags = append(diags, errorAt(At(p, 0, 0), "Duplicate file", "This file was given more than once; each file is read once."))
			continue
		}
		seen[filepath.Clean(p)] = true
		fh, d := model.OpenFile(p)
		if d != nil {
			diags = append(diags, d)
			continue
		}
		defer fh.Close()
		srcs = append(srcs, Source{Name: p, R: fh})
	}
	if diags.HasErrors() {
		return &Topology{Format: f.Name, Diags: diags}
	}
	return Import(f, srcs)
}

// Import reads srcs in format f: ImportFiles for sources already open.
func Import(f *Format, srcs []Source) *Topology {
	var diags hcl.Diagnostics
	for i, s := range srcs {
		br := bufio.NewReaderSize(s.R, 64<<10)
		if empty(br) {
			diags = append(diags, errorAt(At(s.Name, 0, 0), "Empty file",
				fmt.Sprintf("%s holds nothing to import. Name a file of %s.", s.Name, f.Summary)))
		}
		srcs[i].R = br
	}
	if diags.HasErrors() {
		return &Topology{Format: f.Name, Diags: diags}
	}
	t := f.Import(srcs)
	if !t.Diags.HasErrors() && len(t.Services) == 0 {
		names := make([]string, len(srcs))
		for i, s := range srcs {
			names[i] = s.Name
		}
		t.Error(At(srcs[0].Name, 0, 0), "Nothing to import",
			fmt.Sprintf("No service was found in %s. Is it %s?", strings.Join(names, ", "), f.Summary))
	}
	return t
}

// empty reports whether br holds only white space, looking at most at its
// buffer's worth (a file that starts with 64 KiB of blanks is not empty).
func empty(br *bufio.Reader) bool {
	for n := 512; ; n *= 2 {
		b, err := br.Peek(n)
		if len(bytes.TrimSpace(b)) > 0 {
			return false
		}
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return false // too large to be empty, or a read error the importer reports
		}
	}
}

// Snippets returns the files that diags point into, small enough to show
// in source snippets (model.WriteDiagnostics), and sets the byte offsets of
// the diagnostics' ranges, which importers locate by line and column only.
func Snippets(diags hcl.Diagnostics, paths []string) map[string]*hcl.File {
	files := map[string]*hcl.File{}
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Size() <= 1<<20 {
			if b, err := os.ReadFile(p); err == nil {
				files[p] = &hcl.File{Bytes: b}
			}
		}
	}
	for _, d := range diags {
		if d.Subject == nil || files[d.Subject.Filename] == nil {
			continue
		}
		li := newLineIndex(files[d.Subject.Filename].Bytes)
		d.Subject.Start.Byte = li.offset(d.Subject.Start)
		d.Subject.End.Byte = li.offset(d.Subject.End)
	}
	return files
}
