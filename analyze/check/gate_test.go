package check

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

// A gate compares the head with its base; a base that cannot be read is a
// full check that says why, or with RequireBase an error.
func TestGate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "infra.hcl"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base := write("base", "service \"api\" {\n  criticality = \"critical\"\n}\n\nservice \"db\" {}\n")
	headPath := write("head", "service \"api\" {\n  criticality = \"critical\"\n\n  depends_on \"db\" {}\n}\n\nservice \"db\" {}\n")
	head, diags := model.Load(headPath)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	res, out, err := Gate{Head: head, Paths: []string{headPath}, Base: Directory(base), Now: now}.Run()
	if err != nil {
		t.Fatal(err)
	}
	if !out.HasBase || out.BaseName != base || out.BaseError != "" || len(res.Findings) == 0 {
		t.Fatalf("outcome %+v", out)
	}
	// The new single point of failure is at the dependency the change added.
	for _, f := range out.New {
		if f.Rule == "single-point-of-failure" && (f.Range == nil || f.Range.Start.Line != 4) {
			t.Errorf("new finding at %v, want line 4, the added depends_on", f.Range)
		}
	}

	missing := Directory(filepath.Join(dir, "nowhere"))
	_, out, err = Gate{Head: head, Paths: []string{headPath}, Base: missing, Now: now}.Run()
	if err != nil || out.HasBase || out.BaseError == "" || !out.Failed {
		t.Errorf("unreadable base: %v, %+v; want a full check that says why", err, out)
	}
	var nb *NoBaseError
	if _, _, err = (Gate{Head: head, Paths: []string{headPath}, Base: missing, RequireBase: true, Now: now}).Run(); !errors.As(err, &nb) || !strings.Contains(err.Error(), "no base to compare with") {
		t.Errorf("required base: %v, want a NoBaseError", err)
	}
	if _, out, err = (Gate{Head: head, Paths: []string{headPath}, Now: now}).Run(); err != nil || out.HasBase || out.BaseName != "" || out.BaseError != "" {
		t.Errorf("no base: %v, %+v", err, out)
	}
}
