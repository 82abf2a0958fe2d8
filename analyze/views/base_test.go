package views

import (
	"strings"
	"testing"
)

// TestBaseSaid checks that every summary of a check says which happened:
// compared with the base, or a full check because the base asked for could
// not be read, and why.
func TestBaseSaid(t *testing.T) {
	ds, err := docs()
	if err != nil {
		t.Fatal(err)
	}
	compared, full := ds["check-base"], ds["check-full"]
	c, f := *compared.Check, *full.Check
	c.BaseName = "git revision origin/main"
	f.BaseName, f.BaseError = "git revision nope", `git revision "nope" is unknown in /repo`
	cd, fd := *compared.Document, *full.Document
	cd.Check, fd.Check = &c, &f
	compared.Document, full.Document = &cd, &fd
	tests := []struct {
		fx       fixture
		format   string
		want     []string
		dontWant string
	}{
		{compared, "text", []string{"\nCompared with the base (git revision origin/main): only what the change introduces or makes worse counts.\n"}, "Full check"},
		{compared, "markdown", []string{"ℹ️ Compared with the base (git revision origin/main)"}, "Full check"},
		{compared, "github", []string{"%0ACompared with the base (git revision origin/main)"}, "no base"},
		{compared, "json", []string{`"base": true`, `"base_name": "git revision origin/main"`}, "base_error"},
		{full, "text", []string{"\nFull check: the base (git revision nope) could not be read, so every finding counts: git revision \"nope\" is unknown in /repo.\n"}, "Compared with"},
		{full, "markdown", []string{"⚠️ Full check: the base (git revision nope) could not be read"}, "Compared with"},
		{full, "github", []string{"::warning title=blast check%3A no base::Full check: the base (git revision nope) could not be read"}, "Compared with"},
		{full, "json", []string{`"base": false`, `"base_name": "git revision nope"`, `"base_error": "git revision \"nope\" is unknown in /repo"`}, ""},
		{ds["check-pass"], "text", nil, "Compared with"}, // a base made in code names none
	}
	for _, tt := range tests {
		got := string(render(t, tt.format, tt.fx))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", tt.format, w, got)
			}
		}
		if tt.dontWant != "" && strings.Contains(got, tt.dontWant) {
			t.Errorf("%s: %q in\n%s", tt.format, tt.dontWant, got)
		}
	}
}
