package views

import (
	"net/url"
	"path/filepath"
	"strings"
)

// relPath makes filename relative to base when both are known and the file
// lies under base, and always uses forward slashes: SARIF and GitHub resolve
// artifact paths against the repository root, never the runner's disk.
func relPath(filename, base string) string {
	if base != "" && filepath.IsAbs(filename) {
		if r, err := filepath.Rel(base, filename); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			filename = r
		}
	}
	return strings.ReplaceAll(filepath.ToSlash(filename), `\`, "/")
}

// uriOf is a relative path as a SARIF artifact URI reference (RFC 3986):
// forward slashes, with spaces and other reserved characters percent-encoded.
func uriOf(filename, base string) string {
	p := relPath(filename, base)
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}
