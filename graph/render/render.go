package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blast-tool/blast/graph/render/internal/third_party/graphviz"
)

// Formats that Render writes.
const (
	FormatDOT = "dot"
	FormatSVG = "svg"
	FormatPNG = "png"
)

// FormatFromPath picks the output format from a file name's extension.
func FormatFromPath(path string) (string, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	switch ext {
	case "dot", "gv":
		return FormatDOT, nil
	case "svg":
		return FormatSVG, nil
	case "png":
		return FormatPNG, nil
	case "":
		return "", fmt.Errorf("%s: no file extension: want .svg, .png or .dot", path)
	}
	return "", fmt.Errorf("%s: unsupported diagram format %q: want .svg, .png or .dot", path, ext)
}

// OutputFormat is the format of a diagram to write to path ("" for
// standard output): format when given, else told from path's extension,
// else DOT. PNG, being binary, needs a file.
func OutputFormat(format, path string) (string, error) {
	if format == "" && path == "" {
		return FormatDOT, nil
	}
	if format == "" {
		f, err := FormatFromPath(path)
		if err != nil {
			return "", fmt.Errorf("%v (or pass --format svg|png|dot)", err)
		}
		format = f
	}
	switch {
	case format != FormatDOT && format != FormatSVG && format != FormatPNG:
		return "", fmt.Errorf("unknown format %q: use one of svg, png, dot", format)
	case format == FormatPNG && path == "":
		return "", errors.New("PNG is binary: write it to a file with -o FILE.png")
	}
	return format, nil
}

// rasterOptions tunes raster output; the zero value is what Render uses.
type rasterOptions struct {
	// Scale is pixels per point for PNG (1 = 72 dpi); 0 means 2. It is
	// lowered automatically so that no side exceeds MaxPixels.
	Scale float64
	// MaxPixels bounds the PNG's longest side; 0 means 16384.
	MaxPixels int
}

// gvMu serialises Graphviz calls: go-graphviz runs one WebAssembly instance
// per process whose C state is not safe for concurrent use.
var gvMu sync.Mutex

// SetupError is a failure to start Graphviz (compiling and instantiating
// its WebAssembly build): a fault of the machine or of blast, not of the
// model, met only by what lays a diagram out.
type SetupError struct{ Err error }

func (e *SetupError) Error() string {
	return "cannot start Graphviz, which lays out SVG and PNG diagrams (a .dot file needs no layout): " + e.Err.Error()
}

func (e *SetupError) Unwrap() error { return e.Err }

// CacheDir is where Graphviz's compiled code is cached between runs: the
// user's cache directory (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache on
// Linux), never a directory other users share, or "" when there is none
// (the code is then compiled on every run that draws, about a second).
func CacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "blast", "graphviz")
}

// startGraphviz loads Graphviz once per process, on the first diagram
// that needs a layout. Graphviz is a vendored go-graphviz
// (internal/third_party/graphviz, see its README) whose package init no longer
// compiles the WebAssembly module: upstream did it when any blast
// command started, drawing or not.
func startGraphviz(ctx context.Context) error {
	if err := graphviz.Init(ctx, CacheDir()); err != nil {
		return &SetupError{err}
	}
	return nil
}

// Render lays out a DOT description (as produced by DOT) and writes it in
// the given format: "dot" copies it, "svg" is Graphviz's own SVG, and "png"
// is drawn in Go from Graphviz's JSON layout (see rasterize), because the
// WebAssembly build's PNG renderer fills edge curves.
func Render(ctx context.Context, dot []byte, format string, w io.Writer) error {
	switch format {
	case FormatDOT:
		_, err := w.Write(dot)
		return err
	case FormatSVG:
		return layout(ctx, dot, graphviz.SVG, w)
	case FormatPNG:
		var js bytes.Buffer
		if err := layout(ctx, dot, graphviz.Format("json"), &js); err != nil {
			return err
		}
		return rasterize(js.Bytes(), rasterOptions{}, w)
	}
	return fmt.Errorf("render: unsupported format %q: want svg, png or dot", format)
}

// layout runs Graphviz's dot engine over src and writes the given output format.
func layout(ctx context.Context, src []byte, f graphviz.Format, w io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	gvMu.Lock()
	defer gvMu.Unlock()
	if err := startGraphviz(ctx); err != nil {
		return err
	}
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("render: starting graphviz: %w", err)
	}
	// Close errors are ignored: gvFreeContext reports how many errors
	// Graphviz has seen so far (including an earlier call's syntax error),
	// not a failure to release this context.
	defer gv.Close()
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return fmt.Errorf("render: parsing DOT: %w", err)
	}
	defer g.Close()
	// Honour the layout attribute, as the dot command does: large drawings
	// ask for "nop" (positions given).
	switch l := g.GetStr("layout"); l {
	case "":
	case "dot", "nop", "nop2", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork":
		gv.SetLayout(graphviz.Layout(l))
	default:
		return fmt.Errorf("render: unknown layout engine %q", l)
	}
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, f, &buf); err != nil {
		return fmt.Errorf("render: graphviz layout: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}
